"""`ocop-bot forget USER`: a person's data removed on their request, the counts kept.

USER is `channel:id` as the platform gives it (`telegram:12345`, `zalo:...`) or the user's
number in the database. The command lists what will go and asks for confirmation (`--yes`
skips the question; `--dry-run` lists and stops). What goes and what stays:
storage/forget.py.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from bot.app import App
from bot.cli.with_app import run_work
from bot.settings import Settings
from flows.texts import t
from storage.forget import ForgetPlan, Forgetter

CONFIRM_WORDS = frozenset({"xoa", "xoá", "forget", "yes"})
# Each count of storage/forget.py ForgetPlan, as the operator reads it.
LABELS: dict[str, str] = {
    "conversations": "FORGET_CONVERSATIONS",
    "inbox": "FORGET_INBOX",
    "processed_updates": "FORGET_PROCESSED_UPDATES",
    "outbox": "FORGET_OUTBOX",
    "delivery_marks": "FORGET_DELIVERY_MARKS",
    "reminders": "FORGET_REMINDERS",
    "reminder_preferences": "FORGET_REMINDER_PREFERENCES",
    "web_logins": "FORGET_WEB_LOGINS",
    "ideas_anonymised": "FORGET_IDEAS_ANONYMISED",
    "ideas_public": "FORGET_IDEAS_PUBLIC",
    "photos_deleted": "FORGET_PHOTOS_DELETED",
    "documents_deleted": "FORGET_DOCUMENTS_DELETED",
    "stamp_checks": "FORGET_STAMP_CHECKS",
    "roles_revoked": "FORGET_ROLES_REVOKED",
    "audit_scrubbed": "FORGET_AUDIT_SCRUBBED",
}


def plan_lines(plan: ForgetPlan, lang: str) -> list[str]:
    lines = [t("CLI_FORGET_HEAD", lang, user=plan.user_id, channel=plan.channel)]
    for name, count in plan.counts().items():
        label = t(LABELS[name], lang)
        lines.append(t("CLI_FORGET_LINE", lang, label=label, count=count))
    lines.append(t("CLI_FORGET_KEEPS", lang))
    return lines


def confirmed(lang: str, stdin: TextIO, stdout: TextIO) -> bool:
    stdout.write(t("CLI_FORGET_CONFIRM", lang))
    stdout.flush()
    answer = stdin.readline()
    return answer.strip().lower() in CONFIRM_WORDS


async def forget_work(
    app: App,
    args: argparse.Namespace,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    lang = args.lang or app.settings.lang
    forgetter = Forgetter(app.database, app.photo_store, app.dispatcher.document_store)
    person = await forgetter.find(args.user)
    if person is None:
        print(t("CLI_FORGET_NO_USER", lang, who=args.user), file=sys.stderr)
        return 1
    check_hash = app.dispatcher.stamp_checker.user_hash(person.channel, person.external_id)
    now = app.clock.now()
    plan = await forgetter.plan(person, check_hash, now)
    print("\n".join(plan_lines(plan, lang)), file=stdout)
    if args.dry_run:
        print(t("CLI_FORGET_DRY_RUN", lang), file=stdout)
        return 0
    if not args.yes and not confirmed(lang, stdin, stdout):
        print(t("CLI_FORGET_CANCELLED", lang), file=stdout)
        return 1
    await forgetter.forget(person, check_hash, now)
    print(t("CLI_FORGET_DONE", lang, user=person.user_id), file=stdout)
    return 0


async def cmd_forget(args: argparse.Namespace, settings: Settings) -> int:
    return await run_work(settings, args)


def add_forget_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    forget = sub.add_parser(
        "forget", help="remove a person's personal data on request (the counts stay)"
    )
    forget.add_argument("user", help="channel:id (telegram:12345) or the user's number")
    forget.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    forget.add_argument("--dry-run", action="store_true", help="list what would go, change nothing")
    forget.add_argument("--lang", choices=["vi", "en"], default=None)
    forget.set_defaults(run=cmd_forget, work=forget_work, quiet=False)
