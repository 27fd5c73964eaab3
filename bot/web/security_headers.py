"""The headers every response of the bot's web server carries, whatever route made it.

The pages (the stamp page, the dashboard) are plain HTML with one inline `<style>` and no
JavaScript, images from this server only, forms posted back to it. The policy says exactly
that, so that text someone typed (a product's name, an answer) can never run as script even
if a page forgot to escape it, and no other site may frame a page (clickjacking the
dashboard's buttons). Styles stay `'unsafe-inline'` because each page carries its own sheet;
scripts, objects, fonts and connections are not allowed at all.

Hooked on `on_response_prepare`, not only around handlers: a 404 from the router, a 405, a
413 from `client_max_size` and an error a handler raised get the headers too. A header a
handler set itself is kept (the dashboard's `X-Frame-Options`). HSTS is the reverse proxy's
(deploy/): it alone knows whether the site is served over TLS.
"""

from __future__ import annotations

from typing import Final

from aiohttp import web

CONTENT_SECURITY_POLICY: Final = "; ".join(
    (
        "default-src 'none'",
        "img-src 'self'",
        "style-src 'unsafe-inline'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    )
)

HEADERS: Final[dict[str, str]] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # The dashboard's one-time login link carries its token in the query: never sent on.
    "Referrer-Policy": "no-referrer",
    # For browsers that predate frame-ancestors.
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


async def _add_headers(_: web.Request, response: web.StreamResponse) -> None:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)


def add_security_headers(web_app: web.Application) -> None:
    """Send `HEADERS` on every response of `web_app` (a `RouteSetup`)."""
    web_app.on_response_prepare.append(_add_headers)
