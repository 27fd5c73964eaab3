"""The page a plain phone camera opens from a stamp's QR code: the same answer as the chat,
in Vietnamese (English switch), readable on a cheap phone, with no JavaScript."""

from __future__ import annotations

import asyncio
import html
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from aiohttp import web

from bot.web.server import APP_KEY
from flows.effects import StampCheckResult
from flows.texts import t
from flows.verification import result_text
from stamps.payload import stamp_url_prefix, verify_payload
from storage.unit_of_work import UnitOfWork

STYLE = """
body{font-family:sans-serif;margin:0;padding:16px;max-width:640px;line-height:1.5;
color:#222;background:#fafafa}
h1{font-size:1.2em;margin:0 0 12px}
.box{border-radius:8px;padding:12px 14px;background:#fff;border:2px solid #bbb}
.genuine{border-color:#2e7d32}.expired,.revoked{border-color:#ef6c00}
.counterfeit,.unknown,.not_ocop,.no_code{border-color:#c62828}
.box p{margin:0 0 6px}.box p:first-child{font-weight:bold;font-size:1.1em}
img{max-width:100%;border-radius:6px;margin-top:10px}
nav{margin:12px 0;font-size:.95em}footer{color:#666;font-size:.85em;margin-top:16px}
"""


def _lang(request: web.Request) -> str:
    return "en" if request.query.get("lang") == "en" else "vi"


def render_page(result: StampCheckResult, lang: str, path: str) -> str:
    text = result_text(result, lang)
    lines = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n"))
    photo = ""
    if result.photo and result.status == "genuine":
        photo = f'<img src="/photo/{result.photo}.jpg" alt="{html.escape(result.product or "")}">'
    other = "en" if lang == "vi" else "vi"
    switch = f'<a href="{html.escape(path)}?lang={other}">{t("WEB_SWITCH_LANG", lang)}</a>'
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{t('WEB_TITLE', lang)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{t('WEB_TITLE', lang)}</h1>"
        f'<div class="box {result.status}">{lines}{photo}</div>'
        f"<nav>{switch}</nav><footer>{t('WEB_FOOTER', lang)}</footer></body></html>"
    )


@dataclass
class VisitorBuckets:
    """A token bucket per remote address: how many checks a visitor may add to the counter.

    Per process and in memory: with several web processes each keeps its own buckets, so the
    real limit is this times the number of processes; a restart refills them. That is enough
    to keep one visitor from inflating a counter; the answer itself is never refused.
    The limit is generous because many phones share one address behind a carrier's NAT.
    """

    burst: float = 20.0  # checks counted at once
    per_second: float = 1 / 3  # refill: one counted check every 3 s
    max_visitors: int = 10_000  # the oldest are forgotten (memory stays bounded)
    clock: Callable[[], float] = time.monotonic
    _buckets: OrderedDict[str, tuple[float, float]] = field(default_factory=OrderedDict)

    def take(self, visitor: str) -> bool:
        """True, and one token less, when `visitor` may be counted now."""
        now = self.clock()
        tokens, last = self._buckets.pop(visitor, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.per_second)
        allowed = tokens >= 1
        self._buckets[visitor] = (tokens - 1 if allowed else tokens, now)
        while len(self._buckets) > self.max_visitors:
            self._buckets.popitem(last=False)
        return allowed


VISITORS_KEY = web.AppKey("ocop_stamp_visitors", VisitorBuckets)


async def stamp_page(request: web.Request) -> web.Response:
    app = request.app[APP_KEY]
    checker = app.dispatcher.stamp_checker
    payload = request.match_info["payload"].strip().upper()
    # Behind a reverse proxy `remote` is what aiohttp was told the client is (configure the
    # proxy's forwarded headers), else every visitor would share one bucket.
    remote = request.remote or ""
    visitor_hash = checker.user_hash("web", f"{remote}|{request.headers.get('User-Agent', '')}")
    # A HEAD (link previews, crawlers) is no one looking at the stamp; a payload that is no
    # valid stamp (junk, forgeries anyone can make in bulk) adds no row; a visitor over their
    # rate still gets the answer, uncounted.
    record = (
        request.method == "GET"
        and verify_payload(payload, checker.keyring).valid
        and request.app[VISITORS_KEY].take(remote)
    )
    url = stamp_url_prefix(app.public_url) + payload
    async with UnitOfWork(app.database) as uow:
        result = await checker.check_text(
            uow, url, False, "web", visitor_hash, app.clock.now(), record=record
        )
        await uow.commit()
    body = render_page(result, _lang(request), request.path)
    return web.Response(text=body, content_type="text/html", charset="utf-8")


async def product_photo(request: web.Request) -> web.StreamResponse:
    app = request.app[APP_KEY]
    sha = request.match_info["sha"]
    try:
        # In a thread: with a shared store, a photo stored by another process is fetched.
        path = await asyncio.to_thread(app.photo_store.path_of, sha)
    except ValueError:
        raise web.HTTPNotFound() from None
    async with UnitOfWork(app.database) as uow:
        public = await uow.products.has_photo(sha)
    if not public or not path.exists():
        raise web.HTTPNotFound()
    return web.FileResponse(path, headers={"Content-Type": "image/jpeg"})


def add_stamp_routes(web_app: web.Application) -> None:
    app = web_app[APP_KEY]
    base = urlsplit(app.public_url).path.rstrip("/")
    web_app[VISITORS_KEY] = VisitorBuckets()
    # The printed path is upper case; a phone or a person may lower it.
    web_app.router.add_get(base + "/S/{payload}", stamp_page)
    web_app.router.add_get(base + "/s/{payload}", stamp_page)
    web_app.router.add_get("/photo/{sha}.jpg", product_photo)
