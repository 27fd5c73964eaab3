"""`ocop-bot demo-data` and `ocop-bot products list`: the certified products officers manage.

What they print is in one language, OCOP_LANG (Vietnamese unless set); `--json` keeps stable
English keys and codes for scripts.
"""

from __future__ import annotations

import argparse
import json

from bot.app import App
from bot.cli.demo_data import load_demo_data
from bot.cli.with_app import run_work
from bot.settings import Settings
from flows.texts import t
from storage.unit_of_work import UnitOfWork


async def cmd_demo_data(args: argparse.Namespace, settings: Settings) -> int:
    async def work(app: App, _: argparse.Namespace) -> int:
        added = await load_demo_data(app.database, app.photo_store, app.clock.now())
        print(t("CLI_DEMO_ADDED", app.settings.lang, count=added))
        return await cmd_products_list_for(app, as_json=False)

    args.work = work
    return await run_work(settings, args)


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
        print(t("CLI_NO_PRODUCTS", lang))
    for p in products:
        state = (
            "CLI_WITHDRAWN"
            if p.withdrawn
            else ("CLI_EXPIRED" if p.valid_until < today else "CLI_VALID")
        )
        stars = t("CLI_STARS", lang, stars=p.stars)
        print(f"{p.id:>4}  {p.name} — {'⭐' * p.stars} ({stars})")
        until = f"{p.valid_until:%d/%m/%Y}"
        line = t(
            "CLI_CERTIFICATE",
            lang,
            producer=p.producer,
            certificate=p.certificate,
            until=until,
            state=t(state, lang),
        )
        print(f"      {line}")
    return 0


async def cmd_products_list(args: argparse.Namespace, settings: Settings) -> int:
    async def work(app: App, a: argparse.Namespace) -> int:
        return await cmd_products_list_for(app, as_json=a.json)

    args.work = work
    return await run_work(settings, args)


async def cmd_products_withdraw(args: argparse.Namespace, settings: Settings) -> int:
    async def work(app: App, a: argparse.Namespace) -> int:
        async with UnitOfWork(app.database) as uow:
            found = await uow.products.set_withdrawn(a.product, not a.restore)
            await uow.commit()
        lang = app.settings.lang
        if not found:
            print(t("CLI_NO_PRODUCT", lang, product=a.product))
            return 1
        done = "CLI_PRODUCT_RESTORED" if a.restore else "CLI_PRODUCT_WITHDRAWN"
        print(t(done, lang, product=a.product))
        return 0

    args.work = work
    return await run_work(settings, args)


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
