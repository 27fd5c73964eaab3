"""`ocop-bot demo-data` and `ocop-bot products list`: the certified products officers manage.

What they print is in one language, OCOP_LANG (Vietnamese unless set); `--json` keeps stable
English keys and codes for scripts.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Awaitable, Callable

from bot.app import App, build_app
from bot.cli.demo_data import load_demo_data
from bot.settings import Settings
from storage.unit_of_work import UnitOfWork

# (Vietnamese, English)
_TEXTS: dict[str, tuple[str, str]] = {
    "stars": ("{stars} sao", "{stars} stars"),
    "certificate": (
        "{producer}; giấy chứng nhận {certificate}, hiệu lực đến {until} ({state})",
        "{producer}; certificate {certificate}, valid until {until} ({state})",
    ),
    "valid": ("còn hiệu lực", "valid"),
    "expired": ("hết hiệu lực", "expired"),
    "withdrawn": ("đã thu hồi", "withdrawn"),
    "none": ("Chưa có sản phẩm OCOP nào.", "No OCOP products yet."),
    "demo_added": ("Đã thêm {count} sản phẩm mẫu.", "{count} demo products added."),
    "no_product": ("Không có sản phẩm số {product}.", "There is no product {product}."),
    "product_withdrawn": (
        "Đã thu hồi giấy chứng nhận của sản phẩm {product}.",
        "Product {product}'s certificate withdrawn.",
    ),
    "product_restored": (
        "Đã khôi phục giấy chứng nhận của sản phẩm {product}.",
        "Product {product}'s certificate restored.",
    ),
}


def _say(key: str, lang: str, **values: object) -> str:
    vi, en = _TEXTS[key]
    return (en if lang == "en" else vi).format(**values)


async def _run(settings: Settings, args: argparse.Namespace) -> int:
    app = await build_app(settings)
    try:
        work: Callable[[App, argparse.Namespace], Awaitable[int]] = args.work
        return await work(app, args)
    finally:
        await app.close()


async def cmd_demo_data(args: argparse.Namespace, settings: Settings) -> int:
    async def work(app: App, _: argparse.Namespace) -> int:
        added = await load_demo_data(app.database, app.photo_store, app.clock.now())
        print(_say("demo_added", app.settings.lang, count=added))
        return await cmd_products_list_for(app, as_json=False)

    args.work = work
    return await _run(settings, args)


async def cmd_products_list_for(app: App, *, as_json: bool) -> int:
    async with UnitOfWork(app.database) as uow:
        products = await uow.products.all()
    if as_json:
        for p in products:
            print(
                json.dumps(
                    {
                        "id": p.id,
                        "name": p.name,
                        "producer": p.producer,
                        "stars": p.stars,
                        "certificate": p.certificate,
                        "valid_until": p.valid_until.isoformat(),
                        "withdrawn": p.withdrawn,
                    },
                    ensure_ascii=False,
                )
            )
        return 0
    lang = app.settings.lang
    today = app.clock.now().date()
    if not products:
        print(_say("none", lang))
    for p in products:
        state = "withdrawn" if p.withdrawn else ("expired" if p.valid_until < today else "valid")
        stars = _say("stars", lang, stars=p.stars)
        print(f"{p.id:>4}  {p.name} — {'⭐' * p.stars} ({stars})")
        until = f"{p.valid_until:%d/%m/%Y}"
        line = _say(
            "certificate",
            lang,
            producer=p.producer,
            certificate=p.certificate,
            until=until,
            state=_say(state, lang),
        )
        print(f"      {line}")
    return 0


async def cmd_products_list(args: argparse.Namespace, settings: Settings) -> int:
    async def work(app: App, a: argparse.Namespace) -> int:
        return await cmd_products_list_for(app, as_json=a.json)

    args.work = work
    return await _run(settings, args)


async def cmd_products_withdraw(args: argparse.Namespace, settings: Settings) -> int:
    async def work(app: App, a: argparse.Namespace) -> int:
        async with UnitOfWork(app.database) as uow:
            found = await uow.products.set_withdrawn(a.product, not a.restore)
            await uow.commit()
        lang = app.settings.lang
        if not found:
            print(_say("no_product", lang, product=a.product))
            return 1
        done = "product_restored" if a.restore else "product_withdrawn"
        print(_say(done, lang, product=a.product))
        return 0

    args.work = work
    return await _run(settings, args)


def add_catalog_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = sub.add_parser("demo-data", help="load demo producers and certified products")
    demo.set_defaults(run=cmd_demo_data, quiet=False)

    products = sub.add_parser("products", help="certified OCOP products")
    products_sub = products.add_subparsers(dest="products_command", required=True)
    listing = products_sub.add_parser("list", help="every product with its certificate")
    listing.add_argument("--json", action="store_true", help="one JSON object a line")
    listing.set_defaults(run=cmd_products_list, quiet=False)
    withdraw = products_sub.add_parser(
        "withdraw", help="mark a product's certificate withdrawn (its stamps then say so)"
    )
    withdraw.add_argument("product", type=int)
    withdraw.add_argument("--restore", action="store_true", help="undo a withdrawal")
    withdraw.set_defaults(run=cmd_products_withdraw, quiet=False)
