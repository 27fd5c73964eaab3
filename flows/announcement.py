"""`/announce` (`/thongbao`): a province or district officer sends a message to an audience —
the producers of a district, the producers of a product group, or the officers of a level —
about a training session, a fair or something else; previewed (exactly what recipients get,
and how many they are) before it goes.

A district officer addresses their own district only: its producers, its producers of a
group, its commune officers. A province officer picks any district, a group across the
province, all commune officers or all district officers. The effect's handler checks again.

Recipients get the message from the reminder sweep (`announcement_reply` puts it into their
language); a training or a fair offers "Tôi sẽ tham gia", recorded once per person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Final

from flows import callback
from flows.admin_units import example_name
from flows.announcement_effects import (
    ATTENDABLE,
    DISTRICT_PRODUCERS,
    FAIR,
    GROUP_PRODUCERS,
    OFFICERS,
    OTHER,
    TRAINING,
    AnnouncementSent,
    AttendanceRecorded,
    Audience,
    AudienceCounted,
    CountAudience,
    RecordAttendance,
    SendAnnouncement,
)
from flows.choices import PRODUCT_GROUPS, as_options, find_choice, label_of
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
    start,
    stay,
)
from flows.enrolment import area_name
from flows.formatting import VN_TZ
from flows.messages import Option, Reply, UserMessage
from flows.officer_effects import ActionRefused
from flows.principal import COMMUNE, DISTRICT, PROVINCE, Principal, RoleGrant
from flows.record_ids import record_id
from flows.registry import Entry
from flows.reminder_plan import out_of_quiet
from flows.text_match import is_control_word, is_no, is_yes, normalize, resolve_choice
from flows.texts import t

SEND: Final = "announcement.send"
REPLY: Final = "announcement.reply"
# Recipients read it on Zalo (2,000 characters a message) under a header of a few lines.
TEXT_MAX: Final = 1500
# The namespace of the recipients' buttons (an entry of its own: everyone may press them).
NAMESPACE: Final = "announcement"
# The conversation's menu namespace (flows/conversation.py): "menu::reminders" opens /reminders.
_MENU: Final = "menu"
REMINDERS_ENTRY: Final = "reminders"
# --- who may, and for whom ------------------------------------------------------------


def announcer_grant(principal: Principal) -> RoleGrant | None:
    """The role they announce under: the province's, else a district's (with its code)."""
    for grant in principal.grants:
        if grant.role == PROVINCE:
            return grant
    for grant in principal.grants:
        if grant.role == DISTRICT and grant.area:
            return grant
    return None


def may_announce(principal: Principal) -> bool:
    return announcer_grant(principal) is not None


def sender_area(env: Env, grant: RoleGrant) -> str:
    return area_name(env.units, grant.role, grant.area if grant.role == DISTRICT else None)


def sender_label(name: str, area: str) -> str:
    """How recipients see the sender: "Nguyễn Văn An (Huyện Vũ Quang)", or the area alone."""
    return f"{name} ({area})" if name else area


def _district_of(env: Env, code: str | None) -> str:
    if code is None:
        return env.units.province
    found = env.units.district(code)
    return found.name if found else code


def audience_options(env: Env) -> tuple[Option, ...]:
    grant = announcer_grant(env.principal)
    if grant is None:
        return ()
    if grant.role == DISTRICT:
        name = _district_of(env, grant.area)
        return (
            Option("district", env.t("ANNOUNCE_TO_DISTRICT_OWN", district=name)),
            Option("group", env.t("ANNOUNCE_TO_GROUP_IN", district=name)),
            Option("commune_officers", env.t("ANNOUNCE_TO_COMMUNE_OFFICERS_IN", district=name)),
        )
    districts = env.units.has_districts
    options = [Option("district", env.t("ANNOUNCE_TO_DISTRICT_ANY"))] if districts else []
    options += [
        Option("group", env.t("ANNOUNCE_TO_GROUP_ALL")),
        Option("commune_officers", env.t("ANNOUNCE_TO_COMMUNE_OFFICERS_ALL")),
    ]
    if districts:
        options.append(Option("district_officers", env.t("ANNOUNCE_TO_DISTRICT_OFFICERS")))
    return tuple(options)


def audience_of(env: Env, data: Mapping[str, Any]) -> Audience | None:
    """The audience the answers name; None while an answer it needs is missing."""
    grant = announcer_grant(env.principal)
    if grant is None:
        return None
    structure = env.units.structure
    own = grant.area if grant.role == DISTRICT else None
    chosen = data.get("audience")
    if chosen == "district":
        area = own or data.get("district")
        return Audience(DISTRICT_PRODUCERS, structure, area=str(area)) if area else None
    if chosen == "group":
        group = data.get("group")
        return Audience(GROUP_PRODUCERS, structure, area=own, group=str(group)) if group else None
    if chosen == "commune_officers":
        return Audience(OFFICERS, structure, area=own, level=COMMUNE)
    if chosen == "district_officers":
        return Audience(OFFICERS, structure, level=DISTRICT)
    return None


def audience_text(env: Env, audience: Audience) -> str:
    area = _district_of(env, audience.area)
    if audience.kind == DISTRICT_PRODUCERS:
        return env.t("ANNOUNCE_AUDIENCE_DISTRICT", district=area)
    if audience.kind == GROUP_PRODUCERS:
        group = label_of(PRODUCT_GROUPS, audience.group or "", env.lang)
        return env.t("ANNOUNCE_AUDIENCE_GROUP", group=group, area=area)
    if audience.level == DISTRICT:
        return env.t("ANNOUNCE_AUDIENCE_DISTRICT_OFFICERS", area=area)
    return env.t("ANNOUNCE_AUDIENCE_COMMUNE_OFFICERS", area=area)


# --- what recipients receive ------------------------------------------------------------

_HEADS: Final = {
    TRAINING: "ANNOUNCEMENT_HEAD_TRAINING",
    FAIR: "ANNOUNCEMENT_HEAD_FAIR",
    OTHER: "ANNOUNCEMENT_HEAD_OTHER",
}


def announcement_params(announcement_id: int, topic: str, text: str, sender: str) -> dict[str, str]:
    """The reminder row's params, from which the sweep renders `announcement_reply`."""
    return {
        "announcement_id": str(announcement_id),
        "topic": topic,
        "text": text,
        "sender": sender,
    }


def announcement_reply(params: Mapping[str, Any], lang: str) -> Reply:
    """The message a recipient gets, in their language (the officer's own text as written)."""
    topic = str(params.get("topic") or OTHER)
    lines = [
        t(_HEADS.get(topic, "ANNOUNCEMENT_HEAD_OTHER"), lang),
        t("ANNOUNCEMENT_FROM", lang, sender=str(params.get("sender") or "")),
        "",
        str(params.get("text") or ""),
    ]
    options: list[Option] = []
    if topic in ATTENDABLE:
        lines += ["", t("ANNOUNCEMENT_ATTEND_HINT", lang)]
        record = str(params.get("announcement_id") or "0")
        data = callback.encode(NAMESPACE, record, "attend")
        options.append(Option(data, t("ANNOUNCEMENT_ATTEND", lang)))
    pause = callback.encode(_MENU, "", REMINDERS_ENTRY)
    options.append(Option(pause, t("ANNOUNCEMENT_PAUSE", lang)))
    return Reply("\n".join(lines), options=tuple(options), lang=lang)


def clean_text(text: str) -> str:
    """The officer's text in NFC, each line tidied, paragraphs kept (at most one empty line
    between them)."""
    lines = [normalize(line) for line in text.splitlines()]
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return "\n".join(kept)


# --- the questions ----------------------------------------------------------------------


def _chosen(options: tuple[Option, ...], event: UserMessage) -> Option | None:
    chosen = next((o for o in options if o.id == event.choice), None)
    if chosen is None and event.text:
        chosen = resolve_choice(options, event.text)
    return chosen


def _count(ctx: Ctx, data: Mapping[str, Any]) -> Transition:
    """Every way to the preview counts the recipients first (the preview says how many)."""
    merged = {**ctx.data, **data}
    audience = audience_of(ctx.env, {k: v for k, v in merged.items() if v is not None})
    if audience is None:  # an answer is missing (the form was edited oddly): ask again
        return goto("audience", data={**data, "_editing": True})
    return Transition(data=data, effects=(CountAudience(audience),), reprompt=False)


def _onward(ctx: Ctx, data: Mapping[str, Any]) -> Transition:
    if ctx.data.get("_editing"):
        return _count(ctx, data)
    return goto("topic", data=data)


def _counted(event: AudienceCounted) -> Transition:
    data = {"_count": event.recipients, "_blocked": event.blocked, "_sender": event.sender_name}
    return goto("confirm", data=data)


def _refused(ctx: Ctx, event: object) -> Transition | None:
    if isinstance(event, ActionRefused):
        return finish(Reply(ctx.t(event.reason)))
    if isinstance(event, AudienceCounted):
        return _counted(event)
    return None


def _ask_audience(ctx: Ctx) -> Reply:
    return Reply(ctx.t("ANNOUNCE_ASK_AUDIENCE"), options=audience_options(ctx.env))


def on_audience(ctx: Ctx, event: object) -> Transition:
    common = _refused(ctx, event)
    if common is not None:
        return common
    if not isinstance(event, UserMessage):
        return stay()
    chosen = _chosen(audience_options(ctx.env), event)
    if chosen is None:
        return stay(Reply(ctx.t("BAD_CHOICE")), reprompt=True)
    grant = announcer_grant(ctx.env.principal)
    data: dict[str, Any] = {"audience": chosen.id}
    if chosen.id != "district":
        data["district"] = None
    if chosen.id != "group":
        data["group"] = None
    if chosen.id == "district" and grant is not None and grant.role == PROVINCE:
        return goto("district", data=data)
    if chosen.id == "group":
        return goto("group", data=data)
    return _onward(ctx, data)


def _district_options(env: Env) -> tuple[Option, ...]:
    return tuple(Option(d.code, d.name) for d in env.units.districts)


def _ask_district(ctx: Ctx) -> Reply:
    example = example_name(ctx.env.units.districts)
    text = ctx.t("ANNOUNCE_ASK_DISTRICT", example=example, nav=ctx.t("NAV_HINT"))
    return Reply(text, options=_district_options(ctx.env))


def on_district(ctx: Ctx, event: object) -> Transition:
    common = _refused(ctx, event)
    if common is not None:
        return common
    if not isinstance(event, UserMessage):
        return stay()
    options = _district_options(ctx.env)
    chosen = _chosen(options, event)
    typed = normalize(event.text or "")
    if chosen is None and typed:
        found = ctx.env.units.find_districts(typed)
        if len(found) > 1:
            names = ", ".join(d.name for d in found)
            which = ctx.t("ANNOUNCE_DISTRICT_WHICH", count=len(found), names=names)
            return stay(Reply(which), reprompt=True)
        if found:
            chosen = Option(found[0].code, found[0].name)
    if chosen is None:
        example = example_name(ctx.env.units.districts)
        unknown = ctx.t("ANNOUNCE_DISTRICT_UNKNOWN", typed=typed, example=example)
        return stay(Reply(unknown), reprompt=True)
    return _onward(ctx, {"district": chosen.id})


def _group_options(env: Env) -> tuple[Option, ...]:
    return as_options(PRODUCT_GROUPS, env.lang)


def _ask_group(ctx: Ctx) -> Reply:
    return Reply(
        ctx.t("ANNOUNCE_ASK_GROUP", nav=ctx.t("NAV_HINT")), options=_group_options(ctx.env)
    )


def on_group(ctx: Ctx, event: object) -> Transition:
    common = _refused(ctx, event)
    if common is not None:
        return common
    if not isinstance(event, UserMessage):
        return stay()
    chosen = _chosen(_group_options(ctx.env), event)
    group = chosen.id if chosen is not None else None
    if group is None and event.text:
        found = find_choice(PRODUCT_GROUPS, event.text, ctx.env.lang)
        group = found.id if found is not None else None
    if group is None:
        return stay(Reply(ctx.t("BAD_CHOICE")), reprompt=True)
    return _onward(ctx, {"group": group})


def _topic_options(env: Env) -> tuple[Option, ...]:
    return (
        Option(TRAINING, env.t("ANNOUNCE_TOPIC_TRAINING")),
        Option(FAIR, env.t("ANNOUNCE_TOPIC_FAIR")),
        Option(OTHER, env.t("ANNOUNCE_TOPIC_OTHER")),
    )


def _ask_topic(ctx: Ctx) -> Reply:
    return Reply(ctx.t("ANNOUNCE_ASK_TOPIC"), options=_topic_options(ctx.env))


def on_topic(ctx: Ctx, event: object) -> Transition:
    common = _refused(ctx, event)
    if common is not None:
        return common
    if not isinstance(event, UserMessage):
        return stay()
    chosen = _chosen(_topic_options(ctx.env), event)
    if chosen is None:
        return stay(Reply(ctx.t("BAD_CHOICE")), reprompt=True)
    if ctx.data.get("_editing"):
        return _count(ctx, {"topic": chosen.id})
    return goto("text", data={"topic": chosen.id})


def _ask_text(ctx: Ctx) -> Reply:
    return Reply(ctx.t("ANNOUNCE_ASK_TEXT", max=TEXT_MAX))


def on_text(ctx: Ctx, event: object) -> Transition:
    common = _refused(ctx, event)
    if common is not None:
        return common
    if not isinstance(event, UserMessage):
        return stay()
    text = clean_text(event.text or "")
    if not text or is_control_word(text):
        return stay(Reply(ctx.t("ANNOUNCE_TEXT_NEEDED")), reprompt=True)
    if len(text) > TEXT_MAX:
        too_long = ctx.t("ANNOUNCE_TEXT_TOO_LONG", max=TEXT_MAX, length=len(text))
        return stay(Reply(too_long), reprompt=True)
    return _count(ctx, {"text": text})


# --- the preview ------------------------------------------------------------------------

_EDITS: Final = {
    "edit_audience": "audience",
    "edit_topic": "topic",
    "edit_text": "text",
}


def _confirm_options(ctx: Ctx) -> tuple[Option, ...]:
    return (
        Option("send", ctx.t("ANNOUNCE_SEND")),
        Option("edit_audience", ctx.t("ANNOUNCE_EDIT_AUDIENCE")),
        Option("edit_topic", ctx.t("ANNOUNCE_EDIT_TOPIC")),
        Option("edit_text", ctx.t("ANNOUNCE_EDIT_TEXT")),
        Option("discard", ctx.t("ANNOUNCE_DISCARD")),
    )


def preview_message(ctx: Ctx) -> str:
    """The recipients' message as the sender reads it, its buttons written out."""
    grant = announcer_grant(ctx.env.principal)
    area = sender_area(ctx.env, grant) if grant is not None else ctx.env.units.province
    sender = sender_label(str(ctx.data.get("_sender") or ""), area)
    params = announcement_params(0, str(ctx.data.get("topic")), str(ctx.data.get("text")), sender)
    reply = announcement_reply(params, ctx.env.lang)
    buttons = [ctx.t("ANNOUNCE_PREVIEW_BUTTON", label=o.label) for o in reply.options]
    return "\n".join((reply.text, *buttons))


def _ask_confirm(ctx: Ctx) -> Reply:
    audience = audience_of(ctx.env, ctx.data)
    blocked = int(ctx.data.get("_blocked") or 0)
    text = ctx.t(
        "ANNOUNCE_PREVIEW",
        audience=audience_text(ctx.env, audience) if audience is not None else "",
        count=int(ctx.data.get("_count") or 0),
        blocked=ctx.t("ANNOUNCE_PREVIEW_BLOCKED", blocked=blocked) if blocked else "",
        message=preview_message(ctx),
    )
    return Reply(text, options=_confirm_options(ctx))


def _sent_text(ctx: Ctx, event: AnnouncementSent) -> str:
    if event.due_at > ctx.env.now + dt.timedelta(minutes=1):
        due = event.due_at.astimezone(VN_TZ)
        return ctx.t(
            "ANNOUNCE_SENT_MORNING",
            count=event.recipients,
            time=f"{due:%H:%M}",
            date=f"{due:%d/%m/%Y}",
        )
    return ctx.t("ANNOUNCE_SENT", count=event.recipients)


def on_confirm(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, AnnouncementSent):
        return finish(Reply(_sent_text(ctx, event)))
    if isinstance(event, ActionRefused):
        return finish(Reply(ctx.t(event.reason)))
    if isinstance(event, AudienceCounted):
        return stay(data=_counted(event).data, reprompt=True)
    if not isinstance(event, UserMessage):
        return stay()
    options = _confirm_options(ctx)
    chosen = _chosen(options, event)
    text = (event.text or "").strip()
    if chosen is None and text:
        if is_yes(text):
            chosen = options[0]
        elif is_no(text):
            chosen = options[-1]
    if chosen is None:
        return stay(Reply(ctx.t("BAD_CHOICE")), reprompt=True)
    if chosen.id == "discard":
        return finish(Reply(ctx.t("ANNOUNCE_DISCARDED")))
    if chosen.id in _EDITS:
        return goto(_EDITS[chosen.id], data={"_editing": True})
    grant = announcer_grant(ctx.env.principal)
    audience = audience_of(ctx.env, ctx.data)
    if grant is None or audience is None:  # the role was revoked while they typed
        return finish(Reply(ctx.t("ANNOUNCE_FOR_OFFICERS")))
    if not int(ctx.data.get("_count") or 0):
        return stay(Reply(ctx.t("ANNOUNCE_NOBODY")), reprompt=True)
    effect = SendAnnouncement(
        audience=audience,
        topic=str(ctx.data["topic"]),
        text=str(ctx.data["text"]),
        sender_area=sender_area(ctx.env, grant),
        # No message at night (OCOP_QUIET_HOURS): it waits for the morning.
        due_at=out_of_quiet(ctx.env.now, ctx.env.reminder_settings),
    )
    return Transition(reprompt=False, effects=(effect,))


_COUNTED_EXITS: Final = ("confirm", "END")

ANNOUNCEMENT = Flow(
    # Not "announcement": that namespace is the recipients' buttons' (an entry of its own).
    name="announce",
    version=1,
    steps=(
        Step(
            "audience",
            _ask_audience,
            on_audience,
            ("district", "group", "topic", "audience", *_COUNTED_EXITS),
        ),
        Step("district", _ask_district, on_district, ("topic", "audience", *_COUNTED_EXITS), False),
        Step("group", _ask_group, on_group, ("topic", "audience", *_COUNTED_EXITS), False),
        Step("topic", _ask_topic, on_topic, ("text", "audience", *_COUNTED_EXITS)),
        Step("text", _ask_text, on_text, ("audience", *_COUNTED_EXITS)),
        Step(
            "confirm",
            _ask_confirm,
            on_confirm,
            ("audience", "topic", "text", "END"),
            numbered=False,
        ),
    ),
    summary_step="confirm",
    cancel_key="ANNOUNCE_DISCARDED",
)


def begin_announce(_: UserMessage, env: Env) -> Outcome:
    if not may_announce(env.principal):
        return Outcome(None, (Reply(env.t("ANNOUNCE_FOR_OFFICERS")),), ())
    return start(ANNOUNCEMENT, env)


# --- a recipient answers ----------------------------------------------------------------


def _ask_recording(ctx: Ctx) -> Reply:
    return Reply(ctx.t("ANNOUNCEMENT_RECORDING"))


def on_recording(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, AttendanceRecorded):
        return finish(
            Reply(ctx.t("ANNOUNCEMENT_THANKS" if event.first else "ANNOUNCEMENT_ALREADY"))
        )
    if isinstance(event, ActionRefused):
        return finish(Reply(ctx.t(event.reason)))
    if isinstance(event, UserMessage):  # the answer was not recorded yet: try again
        return Transition(effects=(RecordAttendance(int(ctx.data["announcement_id"])),))
    return stay()


ANNOUNCEMENT_REPLY = Flow(
    name="announcement_reply",
    version=1,
    steps=(Step("recording", _ask_recording, on_recording, ("END",), False, can_go_back=False),),
)


def on_reply_button(record: str, action: str, _: UserMessage, env: Env) -> Outcome | None:
    announcement_id = record_id(record)
    if action != "attend" or announcement_id is None:
        return None
    form = new_form(ANNOUNCEMENT_REPLY, env, {"announcement_id": announcement_id})
    return Outcome(form, (), (RecordAttendance(announcement_id),))


ENTRIES: Final = (
    Entry(
        "announce",
        ANNOUNCEMENT,
        commands=("announce", "thongbao"),
        menu_key="MENU_ANNOUNCE",
        order=68,
        visible=may_announce,
        pausable=False,
        begin_with=begin_announce,
    ),
    Entry(NAMESPACE, ANNOUNCEMENT_REPLY, pausable=False, on_button=on_reply_button),
)
