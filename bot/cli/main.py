"""The `ocop-bot` command line."""

from __future__ import annotations

import argparse
import asyncio
import io
import logging
import os
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from bot.app import App
from bot.cli.backup_command import add_backup_commands
from bot.cli.catalog_commands import add_catalog_commands
from bot.cli.forget_command import add_forget_command
from bot.cli.import_products import add_import_commands
from bot.cli.officer_commands import add_officer_commands
from bot.cli.reminder_commands import add_reminder_commands
from bot.cli.report_commands import add_report_commands
from bot.cli.stamp_commands import add_stamp_commands
from bot.cli.with_app import with_app
from bot.instance_lock import InstanceLockedError
from bot.log_format import LogFormat, apply_format
from bot.log_redaction import install_log_redaction
from bot.runtime import add_run_command
from bot.settings import Settings
from flows.reminder_calendar import CalendarError
from flows.texts import t
from storage.database import Database, SchemaNotCurrentError, owner_only

Command = Callable[[argparse.Namespace, Settings], Coroutine[Any, Any, int]]

# Said by the command line itself, in OCOP_LANG: (Vietnamese, English).


def _setup_logging(settings: Settings, quiet: bool, log_format: LogFormat = "text") -> None:
    # Owner-only, as the secrets are: the log and the database hold names and phone numbers.
    settings.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    log_file = settings.data_dir / "ocop-bot.log"
    os.close(os.open(log_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    owner_only(log_file)
    handlers: list[logging.Handler] = [logging.FileHandler(log_file, encoding="utf-8")]
    if not quiet:
        handlers.append(logging.StreamHandler(sys.stderr))
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=handlers,
        force=True,
    )
    if quiet:
        # A chat in the terminal shows errors only, so the conversation stays readable and in
        # the person's language (a photo that could not be read is a warning, and the bot's
        # own reply says so); everything is in the log file.
        stderr = logging.StreamHandler(sys.stderr)
        stderr.setLevel(logging.ERROR)
        logging.getLogger().addHandler(stderr)
    # --log-format json: one JSON object a line, with the conversation key (bot/log_format.py).
    apply_format(logging.getLogger().handlers, log_format)
    # Phone numbers and token-shaped strings out of every line, before a channel registers its
    # own token (bot/log_redaction.py).
    install_log_redaction()


async def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console.chat import chat

    if isinstance(sys.stdin, io.TextIOWrapper):
        sys.stdin.reconfigure(errors="replace")  # a stray byte is a typo, not a crash

    async def work(app: App) -> int:
        await chat(app, args.user, args.lang, sys.stdin, sys.stdout)
        return 0

    # The console serves people as `run` does: one such process per SQLite database.
    return await with_app(settings, work, exclusive=True)


async def cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    database = Database(settings.resolved_database_url())
    try:
        await database.upgrade()
    finally:
        await database.dispose()

    async def work(app: App) -> int:
        url = app.database.engine.url.render_as_string()  # the password hidden
        print(t("CLI_DATABASE_UP_TO_DATE", settings.lang, url=url))
        return 0

    return await with_app(settings, work)


async def cmd_export_ideas(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.export import idea_rows, write_csv, write_xlsx

    lang = args.lang or settings.lang

    async def work(app: App) -> int:
        rows = await idea_rows(app.database, app.units, app.photo_store, lang)
        out = Path(args.out)
        (write_xlsx if args.format == "xlsx" else write_csv)(rows, out, lang)
        print(t("CLI_IDEAS_EXPORTED", lang, count=len(rows), out=out))
        return 0

    return await with_app(settings, work)


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
    ideas.add_argument(
        "--lang", choices=["vi", "en"], default=None, help="headers and names (OCOP_LANG)"
    )
    ideas.set_defaults(run=cmd_export_ideas, quiet=False)

    add_run_command(sub)
    add_catalog_commands(sub)
    add_stamp_commands(sub)
    add_officer_commands(sub, export_sub)
    add_report_commands(sub, export_sub)
    add_import_commands(sub)
    add_reminder_commands(sub)
    add_backup_commands(sub)
    add_forget_command(sub)
    return parser


def args_log_format(args: argparse.Namespace, settings: Settings) -> LogFormat:
    """`--log-format` of `run`, else OCOP_LOG_FORMAT."""
    chosen: LogFormat | None = getattr(args, "log_format", None)
    return chosen or settings.log_format


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = Settings()
    _setup_logging(settings, quiet=args.quiet, log_format=args_log_format(args, settings))
    run: Command = args.run
    try:
        return asyncio.run(run(args, settings))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `ocop-bot products list | head`: the reader left early, which is not our error; the
        # redirect keeps Python's flush at exit from failing on the closed pipe again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except InstanceLockedError as exc:
        print(
            t("CLI_DATABASE_IN_USE", settings.lang, database=exc.database, holder=exc.holder),
            file=sys.stderr,
        )
        return 1
    except SchemaNotCurrentError as exc:
        key = "CLI_DATABASE_BEHIND" if exc.known else "CLI_DATABASE_AHEAD"
        print(t(key, settings.lang, current=exc.current or "—", head=exc.head), file=sys.stderr)
        return 3
    except CalendarError as exc:
        # OCOP_CALENDAR names a file with a mistake: which entry and field, before anything runs.
        print(t("CLI_REMINDERS_BAD_CALENDAR", settings.lang, error=exc), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
