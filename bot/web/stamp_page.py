"""The page a plain phone camera opens from a stamp's QR code: the same answer as the chat,
in Vietnamese (English switch), readable on a cheap phone, with no JavaScript."""

from __future__ import annotations

import hashlib
import html
from urllib.parse import urlsplit

from aiohttp import web

from bot.web.server import APP_KEY
from flows.effects import StampCheckResult
from flows.texts import t
from flows.verification import result_text
from stamps.payload import stamp_url_prefix
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


async def stamp_page(request: web.Request) -> web.Response:
    app = request.app[APP_KEY]
    checker = app.dispatcher.stamp_checker
    payload = request.match_info["payload"].strip().upper()
    visitor = f"{request.remote}|{request.headers.get('User-Agent', '')}"
    visitor_hash = hashlib.sha256(checker.user_salt + visitor.encode()).hexdigest()
    url = stamp_url_prefix(app.public_url) + payload
    async with UnitOfWork(app.database) as uow:
        result = await checker.check_text(uow, url, False, "web", visitor_hash, app.clock.now())
        await uow.commit()
    body = render_page(result, _lang(request), request.path)
    return web.Response(text=body, content_type="text/html", charset="utf-8")


async def product_photo(request: web.Request) -> web.StreamResponse:
    app = request.app[APP_KEY]
    sha = request.match_info["sha"]
    try:
        path = app.photo_store.path_of(sha)
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
    # The printed path is upper case; a phone or a person may lower it.
    web_app.router.add_get(base + "/S/{payload}", stamp_page)
    web_app.router.add_get(base + "/s/{payload}", stamp_page)
    web_app.router.add_get("/photo/{sha}.jpg", product_photo)
