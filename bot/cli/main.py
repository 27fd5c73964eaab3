"""The `ocop-bot` command line."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any

from bot.app import App, build_app
from bot.cli.catalog_commands import add_catalog_commands
from bot.cli.stamp_commands import add_stamp_commands
from bot.runtime import add_run_command
from bot.settings import Settings

Command = Callable[[argparse.Namespace, Settings], Coroutine[Any, Any, int]]


def _setup_logging(settings: Settings, quiet: bool) -> None:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    handlers: list[logging.Handler] = [logging.FileHandler(settings.data_dir / "ocop-bot.log")]
    if not quiet:
        handlers.append(logging.StreamHandler(sys.stderr))
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=handlers,
        force=True,
    )
    if quiet:
        # A chat in the terminal shows warnings only, so the conversation stays readable.
        stderr = logging.StreamHandler(sys.stderr)
        stderr.setLevel(logging.WARNING)
        logging.getLogger().addHandler(stderr)


async def _with_app(settings: Settings, work: Callable[[App], Awaitable[int]]) -> int:
    app = await build_app(settings)
    try:
        return await work(app)
    finally:
        await app.close()


async def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console.chat import chat

    async def work(app: App) -> int:
        await chat(app, args.user, args.lang, sys.stdin, sys.stdout)
        return 0

    return await _with_app(settings, work)


async def cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    async def work(app: App) -> int:
        print(f"database up to date: {app.database.engine.url.render_as_string()}")
        return 0

    return await _with_app(settings, work)


async def cmd_export_ideas(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.export import idea_rows, write_csv, write_xlsx

    async def work(app: App) -> int:
        rows = await idea_rows(app.database, app.units, app.photo_store)
        out = Path(args.out)
        (write_xlsx if args.format == "xlsx" else write_csv)(rows, out)
        print(f"{len(rows)} ideas written to {out}")
        return 0

    return await _with_app(settings, work)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ocop-bot", description="Hà Tĩnh OCOP chatbot")
    sub = parser.add_subparsers(dest="command", required=True)

    chat = sub.add_parser("chat", help="talk to the bot in this terminal")
    chat.add_argument("--user", default="me", help="who you are (the same id is the same person)")
    chat.add_argument("--lang", choices=["vi", "en"], default=None)
    chat.set_defaults(run=cmd_chat, quiet=True)

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    upgrade = db_sub.add_parser("upgrade", help="apply migrations")
    upgrade.set_defaults(run=cmd_db_upgrade, quiet=False)

    export = sub.add_parser("export", help="export data for officers")
    export_sub = export.add_subparsers(dest="export_command", required=True)
    ideas = export_sub.add_parser("ideas", help="every idea with its answers and photos")
    ideas.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    ideas.add_argument("--out", required=True)
    ideas.set_defaults(run=cmd_export_ideas, quiet=False)

    add_run_command(sub)
    add_catalog_commands(sub)
    add_stamp_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = Settings()
    _setup_logging(settings, quiet=args.quiet)
    run: Command = args.run
    try:
        return asyncio.run(run(args, settings))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
