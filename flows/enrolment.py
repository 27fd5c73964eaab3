"""Officers' enrolment: a one-time code makes a person a commune, district or province officer
(or an administrator), in whichever chat they send it; an administrator invites and revokes
from the chat too.

- `/officer CODE` (also `/canbo`, and `/start officer-CODE` from a Telegram link) enrols at
  once; `/officer` alone asks for the code. A code that is not even shaped like one is answered
  here, without counting as an attempt; any other goes to the effect (handlers/officer_effects.py),
  which counts the failures and refuses for a while after `MAX_FAILED_CODES`.
- `/invite district 441 [name]` and `/revoke [user id]` for administrators: with everything on
  the command line they act at once, else a short form asks for what is missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Final

from flows.admin_units import AdminUnits
from flows.engine import (
    Ctx,
    Env,
    Flow,
    Outcome,
    Step,
    Transition,
    finish,
    goto,
    new_form,
    prompt_for,
    start,
    stay,
)
from flows.formatting import format_datetime
from flows.messages import Option, Reply, UserMessage
from flows.officer_code import INVITE_VALID_FOR, parse_code
from flows.officer_effects import (
    EXPIRED,
    LIMITED,
    OLD_STRUCTURE,
    REVOKED,
    USED,
    WRONG,
    ActionRefused,
    InviteOfficer,
    InviteRedeemed,
    InviteRefused,
    ListOfficers,
    OfficerInvited,
    OfficerRevoked,
    OfficersListed,
    RedeemInvite,
    RevokeOfficer,
)
from flows.principal import ADMIN, COMMUNE, DISTRICT, PROVINCE, Principal
from flows.record_ids import record_id
from flows.registry import Entry
from flows.text_match import fold, is_skip, resolve_choice

# Wrong codes one person may send in `FAILED_CODES_WINDOW` before codes are refused unread
# (counted from the audit log, so a restart does not reset it).
MAX_FAILED_CODES: Final = 5
FAILED_CODES_WINDOW: Final = dt.timedelta(hours=1)

DEEP_LINK: Final = "officer"  # t.me/<bot>?start=officer-<CODE>

INVITABLE: Final = (COMMUNE, DISTRICT, PROVINCE, ADMIN)
ROLE_KEYS: Final = {
    COMMUNE: "ROLE_COMMUNE",
    DISTRICT: "ROLE_DISTRICT",
    PROVINCE: "ROLE_PROVINCE",
    ADMIN: "ROLE_ADMIN",
}
# How a role may be typed after /invite (folded): English, Vietnamese, with or without "cap".
ROLE_WORDS: Final = {
    "commune": COMMUNE,
    "xa": COMMUNE,
    "capxa": COMMUNE,
    "district": DISTRICT,
    "huyen": DISTRICT,
    "caphuyen": DISTRICT,
    "province": PROVINCE,
    "tinh": PROVINCE,
    "captinh": PROVINCE,
    "admin": ADMIN,
    "quantri": ADMIN,
    "quantrivien": ADMIN,
}
_AREA_ROLES: Final = (COMMUNE, DISTRICT)


def is_admin(principal: Principal) -> bool:
    return principal.has_role(ADMIN)


def parse_role(text: str) -> str | None:
    return ROLE_WORDS.get(fold(text).replace(" ", ""))


# --- areas --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaCheck:
    """The area an officer of `role` is bound to (None: province-wide), or why not: a text key
    with its values."""

    area: str | None
    problem: str | None = None
    values: tuple[tuple[str, str], ...] = ()

    def problem_text(self, env: Env) -> str:
        assert self.problem is not None
        return env.t(self.problem, **dict(self.values))


def check_area(units: AdminUnits, role: str, typed: str | None) -> AreaCheck:
    """Where an officer of `role` works, from a code or a name as typed, in the structure in
    force (`units`). Province and admin roles have no area."""
    if role not in INVITABLE:
        return AreaCheck(None, "OFFICER_ROLE_UNKNOWN")
    if role not in _AREA_ROLES:
        return AreaCheck(None)
    structure = (("structure", units.structure),)
    if role == DISTRICT and not units.has_districts:
        return AreaCheck(None, "OFFICER_NO_DISTRICTS", structure)
    if not typed or not typed.strip():
        return AreaCheck(None, "OFFICER_AREA_NEEDED")
    typed = typed.strip()
    if role == DISTRICT:
        if units.district(typed) is not None:
            return AreaCheck(typed)
        found: list[tuple[str, str]] = [(d.code, d.name) for d in units.find_districts(typed)]
    else:
        if units.commune(typed) is not None:
            return AreaCheck(typed)
        found = [(c.code, c.name) for c in units.find_communes(typed)]
    if len(found) == 1:
        return AreaCheck(found[0][0])
    if not found:
        return AreaCheck(None, "OFFICER_AREA_UNKNOWN", (("area", typed), *structure))
    names = ", ".join(f"{name} ({code})" for code, name in found[:6])
    return AreaCheck(None, "OFFICER_AREA_AMBIGUOUS", (("area", typed), ("names", names)))


def area_name(units: AdminUnits, role: str, area: str | None) -> str:
    """ "Huyện Vũ Quang", "Xã Ân Phú (Huyện Vũ Quang)", or the province for a province-wide
    role; the bare code when the units in force do not know it."""
    if area is None:
        return units.province
    if role == DISTRICT:
        district = units.district(area)
        return district.name if district else area
    commune = units.commune(area)
    if commune is None:
        return area
    district = units.district(commune.district_code) if commune.district_code else None
    return f"{commune.name} ({district.name})" if district else commune.name


def role_text(env: Env, role: str, area: str | None) -> str:
    label = env.t(ROLE_KEYS.get(role, "ROLE_COMMUNE"))
    return env.t("ROLE_IN_AREA", role=label, area=area_name(env.units, role, area))


# --- enrolment ----------------------------------------------------------------------------


REFUSAL_KEYS: Final = {
    WRONG: "OFFICER_REFUSED_WRONG",
    USED: "OFFICER_REFUSED_USED",
    EXPIRED: "OFFICER_REFUSED_EXPIRED",
    REVOKED: "OFFICER_REFUSED_REVOKED",
    OLD_STRUCTURE: "OFFICER_REFUSED_OLD_STRUCTURE",
    LIMITED: "OFFICER_REFUSED_LIMITED",
}


def _refusal(env: Env, reason: str) -> Reply:
    key = REFUSAL_KEYS.get(reason, "OFFICER_REFUSED_WRONG")
    if reason == LIMITED:
        minutes = int(FAILED_CODES_WINDOW.total_seconds() // 60)
        return Reply(env.t(key, limit=MAX_FAILED_CODES, minutes=minutes))
    return Reply(env.t(key, days=INVITE_VALID_FOR.days))


def enrolled_text(env: Env, event: InviteRedeemed) -> str:
    role = role_text(env, event.role, event.area)
    lines = [env.t("OFFICER_ALREADY" if event.already else "OFFICER_ENROLLED", role=role)]
    lines.append(env.t("OFFICER_NEXT"))
    if event.role == ADMIN:
        lines.append(env.t("OFFICER_NEXT_ADMIN"))
    return "\n".join(lines)


def _ask_code(ctx: Ctx) -> Reply:
    return Reply(ctx.t("OFFICER_ASK_CODE"))


def on_code(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, InviteRedeemed):
        return finish(Reply(enrolled_text(ctx.env, event)))
    if isinstance(event, InviteRefused):
        return finish(_refusal(ctx.env, event.reason))
    if isinstance(event, UserMessage):
        code = parse_code(event.text or "")
        if code is None:
            return stay(Reply(ctx.t("OFFICER_NOT_A_CODE")), reprompt=True)
        effect = RedeemInvite(code, ctx.env.units.structure)
        return Transition(reprompt=False, effects=(effect,))
    return stay()


ENROLMENT = Flow(
    name="enrolment",
    version=1,
    steps=(Step("code", _ask_code, on_code, ("END",), numbered=False, can_go_back=False),),
)


def code_given(msg: UserMessage) -> str | None:
    """The code after /officer, or after "officer-" in a /start deep link."""
    arg = (msg.command_arg or "").strip()
    if msg.command is not None and fold(msg.command) == "start":
        prefix = f"{DEEP_LINK}-"
        arg = arg[len(prefix) :] if arg.lower().startswith(prefix) else ""
    return arg or None


def begin_enrolment(msg: UserMessage, env: Env) -> Outcome:
    typed = code_given(msg)
    if typed is None:
        return start(ENROLMENT, env)
    form = new_form(ENROLMENT, env)
    code = parse_code(typed)
    if code is None:
        return Outcome(
            form, (Reply(env.t("OFFICER_NOT_A_CODE")), prompt_for(ENROLMENT, form, env)), ()
        )
    return Outcome(form, (), (RedeemInvite(code, env.units.structure),))


# --- my roles -----------------------------------------------------------------------------


def my_roles(env: Env) -> tuple[Reply, ...]:
    grants = env.principal.grants
    if not grants:
        return (Reply(env.t("MY_ROLES_NONE")),)
    lines = [env.t("MY_ROLES_HEAD")]
    lines += [env.t("MY_ROLES_ROW", role=role_text(env, g.role, g.area)) for g in grants]
    if is_admin(env.principal):
        lines.append(env.t("OFFICER_NEXT_ADMIN"))
    return (Reply("\n".join(lines)),)


# --- inviting -----------------------------------------------------------------------------


def _refused(env: Env, event: ActionRefused) -> Transition:
    return finish(Reply(env.t(event.reason)))


def _ask_role(ctx: Ctx) -> Reply:
    options = tuple(Option(r, ctx.t(ROLE_KEYS[r])) for r in INVITABLE)
    return Reply(ctx.t("INVITE_ASK_ROLE"), options=options)


def on_role(ctx: Ctx, event: object) -> Transition:
    if not isinstance(event, UserMessage):
        return stay()
    role = event.choice if event.choice in INVITABLE else parse_role(event.text or "")
    if role is None and event.text:
        chosen = resolve_choice(_ask_role(ctx).options, event.text)
        role = chosen.id if chosen else None
    if role is None:
        return stay(Reply(ctx.t("BAD_CHOICE")), reprompt=True)
    return goto("area" if role in _AREA_ROLES else "name", data={"role": role})


def _ask_area(ctx: Ctx) -> Reply:
    key = (
        "INVITE_ASK_AREA_DISTRICT"
        if ctx.data.get("role") == DISTRICT
        else "INVITE_ASK_AREA_COMMUNE"
    )
    return Reply(ctx.t(key))


def on_area(ctx: Ctx, event: object) -> Transition:
    if not isinstance(event, UserMessage):
        return stay()
    checked = check_area(ctx.env.units, str(ctx.data.get("role")), event.text)
    if checked.problem is not None:
        return stay(Reply(checked.problem_text(ctx.env)), reprompt=True)
    return goto("name", data={"area": checked.area})


def _ask_name(ctx: Ctx) -> Reply:
    return Reply(ctx.t("INVITE_ASK_NAME"), options=(Option("skip", ctx.t("INVITE_SKIP_NAME")),))


def _invite(ctx: Ctx, name: str | None) -> Transition:
    role = str(ctx.data.get("role"))
    area = ctx.data.get("area")
    effect = InviteOfficer(role, str(area) if area else None, ctx.env.units.structure, name)
    return Transition(data={"name": name}, reprompt=False, effects=(effect,))


def invited_text(env: Env, event: OfficerInvited, name: str | None) -> str:
    expires = format_datetime(dt.datetime.fromisoformat(event.expires_at))
    named = env.t("INVITE_FOR_NAME", name=name) if name else ""
    who = role_text(env, event.role, event.area)
    return env.t("INVITE_MADE", who=who, name=named, code=event.code, expires=expires)


def on_name(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, OfficerInvited):
        name = ctx.data.get("name")
        return finish(Reply(invited_text(ctx.env, event, str(name) if name else None)))
    if isinstance(event, ActionRefused):
        return _refused(ctx.env, event)
    if not isinstance(event, UserMessage):
        return stay()
    text = (event.text or "").strip()
    if event.choice == "skip" or (text and is_skip(text)):
        return _invite(ctx, None)
    if not text:
        return stay(reprompt=True)
    return _invite(ctx, text[:200])


INVITE = Flow(
    name="officer_invite",
    version=1,
    steps=(
        Step("role", _ask_role, on_role, ("area", "name"), numbered=False),
        Step("area", _ask_area, on_area, ("name",), numbered=False),
        Step("name", _ask_name, on_name, ("END",), numbered=False),
    ),
)


def begin_invite(msg: UserMessage, env: Env) -> Outcome:
    """`/invite district 441 Nguyễn Văn A`: at once; what is missing or wrong is asked."""
    words = (msg.command_arg or "").split()
    if not words:
        return start(INVITE, env)
    form = new_form(INVITE, env)
    role = parse_role(words[0])
    if role is None:
        return Outcome(
            form, (Reply(env.t("OFFICER_ROLE_UNKNOWN")), prompt_for(INVITE, form, env)), ()
        )
    rest = words[1:]
    area: str | None = None
    if role in _AREA_ROLES:
        checked = check_area(env.units, role, rest[0] if rest else None)
        if checked.problem is not None:
            at_area = replace(form, step="area", data={"role": role}, history=("role",))
            if checked.problem == "OFFICER_NO_DISTRICTS":
                return Outcome(None, (Reply(checked.problem_text(env)),), ())
            if not rest:
                return Outcome(at_area, (prompt_for(INVITE, at_area, env),), ())
            problem = Reply(checked.problem_text(env))
            return Outcome(at_area, (problem, prompt_for(INVITE, at_area, env)), ())
        area, rest = checked.area, rest[1:]
    name = " ".join(rest)[:200] or None
    waiting = replace(
        form, step="name", data={"role": role, "area": area, "name": name}, history=("role",)
    )
    data = {k: v for k, v in waiting.data.items() if v is not None}
    waiting = replace(waiting, data=data)
    return Outcome(waiting, (), (InviteOfficer(role, area, env.units.structure, name),))


# --- revoking -----------------------------------------------------------------------------


def _ask_who(ctx: Ctx) -> Reply:
    rows = ctx.data.get("officers")
    if rows is None:
        return Reply(ctx.t("REVOKE_ASK_WHO"))
    if not rows:
        return Reply(ctx.t("REVOKE_LIST_EMPTY") + "\n" + ctx.t("REVOKE_ASK_WHO"))
    lines = [ctx.t("REVOKE_LIST_HEAD")]
    for user_id, name, role, area in rows:
        who = role_text(ctx.env, str(role), area)
        lines.append(ctx.t("REVOKE_LIST_ROW", user=user_id, name=name, role=who))
    lines.append(ctx.t("REVOKE_ASK_WHO"))
    return Reply("\n".join(lines))


def revoked_text(env: Env, event: OfficerRevoked) -> str:
    if not event.roles:
        return env.t("REVOKE_NOTHING", user=event.user_id)
    roles = "; ".join(role_text(env, role, area) for role, area in event.roles)
    return env.t("REVOKE_DONE", user=event.user_id, roles=roles)


def on_who(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, OfficersListed):
        rows = [[o.user_id, o.name, o.role, o.area] for o in event.officers]
        return stay(reprompt=True, data={"officers": rows})
    if isinstance(event, OfficerRevoked):
        return finish(Reply(revoked_text(ctx.env, event)))
    if isinstance(event, ActionRefused):
        return _refused(ctx.env, event)
    if not isinstance(event, UserMessage):
        return stay()
    text = (event.text or "").strip()
    officer_id = record_id(text)
    if officer_id is None:
        return stay(Reply(ctx.t("REVOKE_NOT_A_NUMBER")), reprompt=True)
    return Transition(reprompt=False, effects=(RevokeOfficer(officer_id),))


REVOKE = Flow(
    name="officer_revoke",
    version=1,
    steps=(Step("who", _ask_who, on_who, ("END",), numbered=False, can_go_back=False),),
)


def begin_revoke(msg: UserMessage, env: Env) -> Outcome:
    """`/revoke 12` at once; `/revoke` alone lists the officers and asks whom."""
    form = new_form(REVOKE, env)
    arg = (msg.command_arg or "").strip()
    officer_id = record_id(arg)
    if officer_id is not None:
        return Outcome(form, (), (RevokeOfficer(officer_id),))
    return Outcome(form, (), (ListOfficers(),))


def is_officer(principal: Principal) -> bool:
    return principal.is_officer


# Joined into the registry by flows/registered.py.
ENTRIES: Final = (
    Entry(
        "officer",
        ENROLMENT,
        commands=("officer", "canbo"),
        deep_link=DEEP_LINK,
        pausable=False,
        begin_with=begin_enrolment,
    ),
    Entry(
        "my_roles",
        commands=("roles", "vaitro"),
        menu_key="MENU_MY_ROLES",
        order=60,
        visible=is_officer,
        act=my_roles,
    ),
    Entry(
        "invite",
        INVITE,
        commands=("invite", "moi"),
        menu_key="MENU_INVITE_OFFICER",
        order=70,
        visible=is_admin,
        pausable=False,
        begin_with=begin_invite,
    ),
    Entry(
        "revoke",
        REVOKE,
        commands=("revoke", "thuhoi"),
        menu_key="MENU_REVOKE_OFFICER",
        order=71,
        visible=is_admin,
        pausable=False,
        begin_with=begin_revoke,
    ),
)
