"""`ocop-bot reminders plan|status` and `ocop-bot prune`: what the reminders will say to whom
and when, how they went, and the nightly pruning run by hand.

`reminders plan --from DATE --to DATE` lists every reminder due in those days (Vietnam's time,
`--to` included): those the calendar and the database give now (handlers/reminder_planning.py
`project`, nothing written), and those already in the table that the plan does not give again
(announcements, reminders of ideas that have moved on). Each in the words its recipient will
read, in their language. `--json` prints one list with stable English keys.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.cli.with_app import with_app
from bot.settings import Settings
from flows.formatting import VN_TZ
from flows.reminder_types import Candidate
from flows.texts import t
from handlers.pruning import Pruning
from handlers.reminder_render import render_candidate
from storage.models import ReminderRecord, UserRecord
from storage.unit_of_work import UnitOfWork

MAX_DAYS = 400  # a programme year and a little: more is a typo, and slow
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


@dataclass(frozen=True)
class Recipient:
    address: str  # "telegram:12345"
    lang: str


@dataclass(frozen=True)
class Listed:
    candidate: Candidate
    status: str  # "planned", or the row's status when it is only in the table


def parse_date(text: str) -> dt.date | None:
    """2027-03-01 or 01/03/2027 (day first, as Vietnam writes it); None if neither."""
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=VN_TZ)


def window(first: str, last: str, lang: str) -> tuple[dt.datetime, dt.datetime] | str:
    """[start, end) in Vietnam's time for the days `first` to `last` included, or what is
    wrong with them, said for the person at the terminal."""
    start, end = parse_date(first), parse_date(last)
    for text, parsed in ((first, start), (last, end)):
        if parsed is None:
            return t("CLI_REMINDERS_BAD_DATE", lang, date=text)
    assert start is not None and end is not None
    if start > end:
        return t("CLI_REMINDERS_FROM_AFTER_TO", lang, first=first, last=last)
    if (end - start).days + 1 > MAX_DAYS:
        return t("CLI_REMINDERS_WINDOW_TOO_LONG", lang, days=MAX_DAYS)
    return local_midnight(start), local_midnight(end + dt.timedelta(days=1))


async def plan_rows(
    session: AsyncSession, projected: Sequence[Candidate], start: dt.datetime, end: dt.datetime
) -> list[Listed]:
    """The projection, and the table's rows in the window that it does not give."""
    keys = {_key(c.kind, c.user_id, c.subject, c.due_at) for c in projected}
    rows = await session.scalars(
        select(ReminderRecord)
        .where(ReminderRecord.due_at >= start, ReminderRecord.due_at < end)
        .order_by(ReminderRecord.due_at, ReminderRecord.id)
    )
    listed = [Listed(c, "planned") for c in projected]
    for r in rows:
        if _key(r.kind, r.user_id, r.subject, r.due_at) in keys:
            continue
        candidate = Candidate(
            kind=r.kind,
            user_id=r.user_id,
            subject=r.subject,
            due_at=r.due_at,
            deadline_at=r.deadline_at,
            legal=r.legal,
            params={str(k): str(v) for k, v in dict(r.params).items()},
        )
        listed.append(Listed(candidate, r.status))
    listed.sort(key=lambda x: (x.candidate.due_at, x.candidate.kind, x.candidate.user_id))
    return listed


def _key(kind: str, user_id: int, subject: str, due: dt.datetime) -> tuple[str, int, str, str]:
    # By the instant in UTC: SQLite gives back what PostgreSQL and the planner give as equal.
    return kind, user_id, subject, due.astimezone(dt.UTC).isoformat()


async def recipients(session: AsyncSession, user_ids: set[int]) -> dict[int, Recipient]:
    found: dict[int, Recipient] = {}
    ordered = sorted(user_ids)
    for first in range(0, len(ordered), 500):
        rows = await session.execute(
            select(
                UserRecord.id, UserRecord.channel, UserRecord.external_id, UserRecord.lang
            ).where(UserRecord.id.in_(ordered[first : first + 500]))
        )
        for user_id, channel, external, lang in rows:
            found[int(user_id)] = Recipient(f"{channel}:{external}", str(lang))
    return found


async def text_of(session: AsyncSession, candidate: Candidate, lang: str) -> str:
    """The words the sweep will send, with the figures as the database says them now."""
    return (await render_candidate(session, candidate, lang)).text


def one_line(text: str) -> str:
    return " / ".join(line.strip() for line in text.splitlines() if line.strip())


# --- the commands -------------------------------------------------------------------------


async def cmd_plan(args: argparse.Namespace, settings: Settings) -> int:
    lang = settings.lang
    span = window(args.first, args.last, lang)
    if isinstance(span, str):
        print(span, file=sys.stderr)
        return 2
    start, end = span

    async def work(app: App) -> int:
        assert app.reminders is not None
        projected = await app.reminders.planning.project(
            start.astimezone(dt.UTC), end.astimezone(dt.UTC)
        )
        async with UnitOfWork(app.database) as uow:
            listed = await plan_rows(uow.session, projected, start, end)
            people = await recipients(uow.session, {x.candidate.user_id for x in listed})
            out = []
            for item in listed:
                c = item.candidate
                who = people.get(c.user_id, Recipient(f"user:{c.user_id}", lang))
                out.append(
                    {
                        "kind": c.kind,
                        "recipient": who.address,
                        "due": c.due_at.astimezone(VN_TZ).isoformat(),
                        "text": await text_of(uow.session, c, who.lang),
                        "subject": c.subject,
                        "legal": c.legal,
                        "status": item.status,
                    }
                )
        if args.json:
            print(json.dumps(out, ensure_ascii=False, indent=2))
            return 0
        _print_table(out, args.first, args.last, lang)
        return 0

    return await with_app(settings, work)


def _print_table(rows: list[dict[str, Any]], first: str, last: str, lang: str) -> None:
    if not rows:
        print(t("CLI_REMINDERS_NONE", lang, first=first, last=last))
        return
    kind_width = max(len(r["kind"]) for r in rows)
    who_width = max(len(r["recipient"]) for r in rows)
    for r in rows:
        mark = "" if r["status"] == "planned" else f"[{r['status']}] "
        print(
            f"{r['due']}  {r['kind']:<{kind_width}}  {r['recipient']:<{who_width}}  "
            f"{mark}{one_line(r['text'])}"
        )
    print(t("CLI_REMINDERS_COUNT", lang, count=len(rows), first=first, last=last))


async def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    lang = settings.lang

    async def work(app: App) -> int:
        async with UnitOfWork(app.database) as uow:
            counts = await uow.reminders.counts()
            next_due = await uow.reminders.next_due()
        rows = sorted(counts.items())
        if args.json:
            listed = [
                {"kind": k, "status": s, "outcome": o or None, "count": n} for (k, s, o), n in rows
            ]
            print(json.dumps(listed, ensure_ascii=False, indent=2))
            return 0
        if not rows:
            print(t("CLI_REMINDERS_STATUS_EMPTY", lang))
            return 0
        kind_width = max(len(k) for (k, _, _), _ in rows)
        for (kind, status, outcome), n in rows:
            what = status + (f" ({outcome})" if outcome else "")
            print(f"{kind:<{kind_width}}  {what:<24} {n:>7}")
        blocked = sum(n for (_, _, o), n in rows if o == "blocked")
        total = sum(n for _, n in rows)
        print(t("CLI_REMINDERS_STATUS_TOTAL", lang, total=total, blocked=blocked))
        if next_due is not None:
            due = next_due.astimezone(VN_TZ).isoformat()
            print(t("CLI_REMINDERS_STATUS_NEXT", lang, due=due))
        return 0

    return await with_app(settings, work)


async def cmd_prune(args: argparse.Namespace, settings: Settings) -> int:
    lang = settings.lang
    age = dt.timedelta(days=settings.prune_after_days)

    async def work(app: App) -> int:
        pruning = Pruning(app.database, app.clock, app.photo_store, age)
        result = await pruning.prune(dry_run=args.dry_run)
        key = "CLI_PRUNE_WOULD" if result.dry_run else "CLI_PRUNE_DONE"
        print(
            t(
                key,
                lang,
                days=settings.prune_after_days,
                before=result.before.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M"),
                updates=result.processed_updates + result.inbox,
                outbox=result.outbox,
                reminders=result.reminders,
                photos=result.stamp_photos,
                kept=result.stamp_photos_kept,
            )
        )
        return 0

    return await with_app(settings, work)


def add_reminder_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    reminders = sub.add_parser("reminders", help="the reminders planned, and how they went")
    reminders_sub = reminders.add_subparsers(dest="reminders_command", required=True)

    planned = reminders_sub.add_parser("plan", help="every reminder due between two days")
    planned.add_argument(
        "--from", dest="first", required=True, help="the first day, 2027-03-01 or 01/03/2027"
    )
    planned.add_argument("--to", dest="last", required=True, help="the last day, included")
    planned.add_argument("--json", action="store_true", help="one JSON list")
    planned.set_defaults(run=cmd_plan, quiet=False)

    status = reminders_sub.add_parser("status", help="how many, per kind and outcome")
    status.add_argument("--json", action="store_true", help="one JSON list")
    status.set_defaults(run=cmd_status, quiet=False)

    prune = sub.add_parser("prune", help="delete old processed rows and checked stamp photos")
    prune.add_argument("--dry-run", action="store_true", help="count only, delete nothing")
    prune.set_defaults(run=cmd_prune, quiet=False)
