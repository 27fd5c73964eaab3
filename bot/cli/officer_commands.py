"""`ocop-bot officer invite|list|revoke` and `ocop-bot export audit`: officers from the command
line, every action in the audit log (actor: none, the command line).

`officer invite` prints what it made, the Telegram link when the bot's username is known
(OCOP_TELEGRAM_BOT_USERNAME), and the code alone on the last line, for scripts. What the
commands print is in OCOP_LANG (Vietnamese unless set); `--json` keeps stable English keys.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bot.app import App
from bot.cli.export import cell_text
from bot.cli.with_app import run_work
from bot.settings import Settings
from flows.engine import Env
from flows.enrolment import (
    DEEP_LINK,
    INVITABLE,
    ROLE_KEYS,
    area_name,
    check_area,
    invited_text,
    role_text,
)
from flows.formatting import format_datetime, local
from flows.officer_code import parse_code
from flows.officer_effects import OfficerInvited
from flows.principal import ADMIN, PROVINCE
from flows.texts import t
from storage.audit import AuditEntry
from storage.unit_of_work import UnitOfWork

_HEADERS = (
    "AUDIT_ID",
    "AUDIT_AT",
    "AUDIT_ACTOR",
    "AUDIT_ACTION",
    "AUDIT_SUBJECT",
    "AUDIT_AREA",
    "AUDIT_BEFORE",
    "AUDIT_AFTER",
)


def _env(app: App) -> Env:
    return Env(lang=app.settings.lang, now=app.clock.now(), units=app.units)


def _with(work: Callable[[App, argparse.Namespace], Awaitable[int]]) -> Any:
    async def command(args: argparse.Namespace, settings: Settings) -> int:
        args.work = work
        return await run_work(settings, args)

    return command


async def invite(app: App, args: argparse.Namespace) -> int:
    env = _env(app)
    if args.role in (PROVINCE, ADMIN) and args.area:
        role = env.t(ROLE_KEYS[args.role])
        print(env.t("OFFICER_AREA_NOT_NEEDED", role=role), file=sys.stderr)
        return 2
    checked = check_area(app.units, args.role, args.area)
    if checked.problem is not None:
        print(checked.problem_text(env), file=sys.stderr)
        return 2
    name = args.name.strip() if args.name and args.name.strip() else None
    structure = app.units.structure
    async with UnitOfWork(app.database) as uow:
        made = await uow.officers.create_invite(
            role=args.role, area=checked.area, structure=structure, name=name, now=env.now
        )
        await uow.audit.record(
            actor_user_id=None,
            action="officer.invited",
            subject=f"invite:{made.invite.id}",
            area=checked.area,
            before=None,
            after={"role": args.role, "area": checked.area, "structure": structure, "name": name},
            now=env.now,
        )
        await uow.commit()
    event = OfficerInvited(made.code, args.role, checked.area, made.invite.expires_at.isoformat())
    print(invited_text(env, event, name))
    username = (app.settings.telegram_bot_username or "").lstrip("@")
    if username:
        link = f"https://t.me/{username}?start={DEEP_LINK}-{made.code}"
        print(t("CLI_OFFICER_LINK", env.lang, link=link))
    print(made.code)
    return 0


async def listing(app: App, args: argparse.Namespace) -> int:
    env = _env(app)
    async with UnitOfWork(app.database) as uow:
        officers = await uow.officers.officers()
        invites = await uow.officers.pending_invites(env.now)
    if args.json:
        for o in officers:
            row = {
                "kind": "officer",
                "user_id": o.user_id,
                "name": o.name,
                "channel": o.channel,
                "external_id": o.external_id,
                "role": o.role,
                "area": o.area,
                "area_name": area_name(app.units, o.role, o.area),
                "structure": o.structure,
                "granted_at": o.granted_at.isoformat(),
            }
            print(json.dumps(row, ensure_ascii=False))
        for i in invites:
            row = {
                "kind": "invite",
                "invite_id": i.id,
                "name": i.name,
                "role": i.role,
                "area": i.area,
                "structure": i.structure,
                "expires_at": i.expires_at.isoformat(),
            }
            print(json.dumps(row, ensure_ascii=False))
        return 0
    lang = env.lang
    if not officers:
        print(t("CLI_OFFICER_NONE", lang))
    else:
        print(t("CLI_OFFICER_OFFICERS", lang))
    for o in officers:
        line = t(
            "CLI_OFFICER_OFFICER_ROW",
            lang,
            user=o.user_id,
            name=o.name or "—",
            role=role_text(env, o.role, o.area),
            channel=o.channel,
            external=o.external_id,
            since=format_datetime(o.granted_at),
        )
        print(line)
    if invites:
        print(t("CLI_OFFICER_INVITES", lang))
    for i in invites:
        named = f" ({i.name})" if i.name else ""
        role = role_text(env, i.role, i.area)
        expires = format_datetime(i.expires_at)
        print(
            t("CLI_OFFICER_INVITE_ROW", lang, invite=i.id, role=role, name=named, expires=expires)
        )
    return 0


async def revoke(app: App, args: argparse.Namespace) -> int:
    env = _env(app)
    async with UnitOfWork(app.database) as uow:
        if args.code is not None:
            withdrawn = await uow.officers.revoke_invite(args.code, env.now)
            if withdrawn is None:
                print(t("CLI_OFFICER_NO_INVITE", env.lang), file=sys.stderr)
                return 1
            await uow.audit.record(
                actor_user_id=None,
                action="officer.invite_revoked",
                subject=f"invite:{withdrawn.id}",
                area=withdrawn.area,
                before={"role": withdrawn.role, "area": withdrawn.area},
                after={"revoked": True},
                now=env.now,
            )
            await uow.commit()
            print(t("CLI_OFFICER_INVITE_REVOKED", env.lang, invite=withdrawn.id))
            return 0
        taken = await uow.officers.revoke_roles(args.user, env.now)
        if not taken:
            print(t("CLI_OFFICER_HOLDS_NONE", env.lang, user=args.user), file=sys.stderr)
            return 1
        await uow.audit.record(
            actor_user_id=None,
            action="officer.revoked",
            subject=f"user:{args.user}",
            area=None,
            before={"roles": [[o.role, o.area] for o in taken]},
            after={"roles": []},
            now=env.now,
        )
        await uow.commit()
    roles = "; ".join(role_text(env, o.role, o.area) for o in taken)
    print(t("CLI_OFFICER_REVOKED", env.lang, user=args.user, roles=roles))
    return 0


def _json(value: dict[str, Any] | None) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def audit_rows(entries: list[AuditEntry], lang: str) -> list[list[Any]]:
    actor = t("AUDIT_COMMAND_LINE", lang)
    return [
        [
            e.id,
            local(e.at).replace(tzinfo=None),
            e.actor_user_id if e.actor_user_id is not None else actor,
            e.action,
            e.subject,
            e.area or "",
            _json(e.before),
            _json(e.after),
        ]
        for e in entries
    ]


async def export_audit(app: App, args: argparse.Namespace) -> int:
    lang = args.lang or app.settings.lang
    async with UnitOfWork(app.database) as uow:
        entries = await uow.audit.all()
    rows = audit_rows(entries, lang)
    headers = [t(key, lang) for key in _HEADERS]
    out = Path(args.out)
    if args.format == "xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "Nhật ký" if lang != "en" else "Audit log"
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever was typed
                if c == 2:
                    cell.number_format = "dd/mm/yyyy hh:mm"
        book.save(out)
    else:
        with out.open("w", newline="", encoding="utf-8-sig") as fh:
            writer = csv.writer(fh)
            writer.writerow(headers)
            for entry, row in zip(entries, rows, strict=True):
                at = format_datetime(entry.at)
                writer.writerow([row[0], at, *(cell_text(v) for v in row[2:])])
    print(t("CLI_OFFICER_EXPORTED", lang, count=len(rows), out=out))
    return 0


def add_officer_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    exports: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """`officer …`, and `export audit` beside the other exports."""
    officer = sub.add_parser("officer", help="invite, list and revoke officers")
    officer_sub = officer.add_subparsers(dest="officer_command", required=True)

    made = officer_sub.add_parser("invite", help="make a one-time enrolment code (7 days)")
    made.add_argument("--role", required=True, choices=INVITABLE)
    made.add_argument("--area", help="the commune's or district's GSO code (or its name)")
    made.add_argument("--name", help="the invited person's name, for the list")
    made.set_defaults(run=_with(invite), quiet=False)

    listed = officer_sub.add_parser("list", help="officers and unused invitations")
    listed.add_argument("--json", action="store_true", help="one JSON object a line")
    listed.set_defaults(run=_with(listing), quiet=False)

    taken = officer_sub.add_parser("revoke", help="take back a person's roles, or a code")
    which = taken.add_mutually_exclusive_group(required=True)
    which.add_argument("--user", type=int, help="the user's number (officer list)")
    which.add_argument("--code", type=_code, help="an invitation code not used yet")
    taken.set_defaults(run=_with(revoke), quiet=False)

    audit = exports.add_parser("audit", help="the audit log: who did what")
    audit.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    audit.add_argument("--out", required=True)
    audit.add_argument(
        "--lang", choices=["vi", "en"], default=None, help="headers and names (OCOP_LANG)"
    )
    audit.set_defaults(run=_with(export_audit), quiet=False)


def _code(text: str) -> str:
    if parse_code(text) is None:
        raise argparse.ArgumentTypeError("not an invitation code (8 letters and digits)")
    return text
