"""Officers record the trainings they held (the plan's target: every OCOP officer and producer
trained, seed §I.3 and §II.2): the day, the topic, how many producers and officers came; the
area is the officer's own. They may also list the last trainings recorded in their area.

Who: commune, district and province officers ("training.record" and "training.view" in
flows/authorization.py); the effect's handler checks again.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Final

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
from flows.formatting import local
from flows.messages import Option, Reply, UserMessage
from flows.officer_effects import ActionRefused
from flows.principal import COMMUNE, DISTRICT, PROVINCE, Principal, RoleGrant
from flows.registry import Entry
from flows.text_match import (
    fold,
    is_control_word,
    is_no,
    is_yes,
    resolve_choice,
    strip_diacritics,
)
from flows.training_effects import (
    LoadTrainings,
    NewTraining,
    RecordTraining,
    TrainingArea,
    TrainingRecorded,
    TrainingsFound,
    TrainingView,
)

RECORD: Final = "training.record"
VIEW: Final = "training.view"
TOPIC_MAX: Final = 200  # training_sessions.topic is String(200)
MAX_ATTENDEES: Final = 5000  # per group, per training: more is a typing slip
LIST_LIMIT: Final = 10
# The highest role first: an officer holding several records for the widest area.
_ROLES_WIDEST_FIRST: Final = (PROVINCE, DISTRICT, COMMUNE)


def may_record(principal: Principal) -> bool:
    return any(g.role in _ROLES_WIDEST_FIRST for g in principal.grants)


def training_grant(principal: Principal) -> RoleGrant | None:
    for role in _ROLES_WIDEST_FIRST:
        for grant in principal.grants:
            if grant.role == role:
                return grant
    return None


def training_area(env: Env, grant: RoleGrant) -> TrainingArea:
    """The officer's own area: a commune (with its district in 2020), a district, or none."""
    structure = env.units.structure
    if grant.role == PROVINCE or grant.area is None:
        return TrainingArea(structure)
    if grant.role == DISTRICT:
        return TrainingArea(structure, district_code=grant.area)
    commune = env.units.commune(grant.area)
    district = commune.district_code if commune is not None else None
    return TrainingArea(structure, district_code=district or None, commune_code=grant.area)


def _area_text(env: Env) -> str:
    grant = training_grant(env.principal)
    if grant is None:
        return env.units.province
    return area_name(env.units, grant.role, grant.area)


def place_text(env: Env, district: str | None, commune: str | None) -> str:
    if commune:
        return area_name(env.units, COMMUNE, commune)
    if district:
        return area_name(env.units, DISTRICT, district)
    return env.units.province


# --- forgiving answers ------------------------------------------------------------------

_TODAY_WORDS: Final = frozenset({"hom nay", "homnay", "today", "nay"})
_YESTERDAY_WORDS: Final = frozenset({"hom qua", "homqua", "yesterday", "qua"})
_DATE: Final = re.compile(
    r"^(?:ngay\s*)?(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{2}|\d{4}))?$"
)


def parse_day(text: str, today: dt.date) -> dt.date | None:
    """ "hôm nay", "hôm qua", "15/3" (this year), "15/03/2027", "15-3-27"; None when it is
    no real day."""
    typed = strip_diacritics(text)
    if fold(typed) in _TODAY_WORDS:
        return today
    if fold(typed) in _YESTERDAY_WORDS:
        return today - dt.timedelta(days=1)
    found = _DATE.match(typed)
    if found is None:
        return None
    day, month = int(found[1]), int(found[2])
    year = today.year if found[3] is None else int(found[3])
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_COUNT: Final = re.compile(r"^(\d{1,3}(?:[.,]\d{3})*|\d+)(?:\s*(?:nguoi|ng|chu the|can bo))?$")


def parse_count(text: str) -> int | None:
    """ "25", "25 người", "1.200"; "không" is 0. None for anything else."""
    typed = strip_diacritics(text)
    if typed in ("khong", "ko", "k", "none", "no"):
        return 0
    found = _COUNT.match(typed)
    if found is None:
        return None
    return int(re.sub(r"[.,]", "", found[1]))


# --- the questions ----------------------------------------------------------------------


def _today(ctx: Ctx) -> dt.date:
    return local(ctx.env.now).date()


def _ask_what(ctx: Ctx) -> Reply:
    options = (
        Option("record", ctx.t("TRAINING_RECORD")),
        Option("list", ctx.t("TRAINING_LIST")),
    )
    return Reply(ctx.t("TRAINING_WHAT", area=_area_text(ctx.env)), options=options)


def _list_text(env: Env, trainings: tuple[TrainingView, ...]) -> str:
    if not trainings:
        return env.t("TRAINING_LIST_EMPTY", area=_area_text(env))
    lines = [env.t("TRAINING_LIST_HEAD", area=_area_text(env), count=len(trainings))]
    lines += [
        env.t(
            "TRAINING_LIST_ROW",
            n=n,
            date=f"{tr.held_on:%d/%m/%Y}",
            topic=tr.topic,
            producers=tr.producers,
            officers=tr.officers,
            place=place_text(env, tr.district_code, tr.commune_code),
        )
        for n, tr in enumerate(trainings, start=1)
    ]
    return "\n".join(lines)


def _load(ctx: Ctx) -> Transition:
    grant = training_grant(ctx.env.principal)
    if grant is None:
        return finish(Reply(ctx.t("TRAINING_FOR_OFFICERS")))
    effect = LoadTrainings(training_area(ctx.env, grant), LIST_LIMIT)
    return Transition(reprompt=False, effects=(effect,))


def on_what(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, TrainingsFound):
        return finish(Reply(_list_text(ctx.env, event.trainings)))
    if isinstance(event, ActionRefused):
        return finish(Reply(ctx.t(event.reason)))
    if not isinstance(event, UserMessage):
        return stay()
    options = _ask_what(ctx).options
    chosen = next((o for o in options if o.id == event.choice), None)
    if chosen is None and event.text:
        chosen = resolve_choice(options, event.text)
    if chosen is None:
        return stay(Reply(ctx.t("BAD_CHOICE")), reprompt=True)
    if chosen.id == "list":
        return _load(ctx)
    return goto("held_on")


def _ask_held_on(ctx: Ctx) -> Reply:
    return Reply(ctx.t("TRAINING_ASK_DATE", today=f"{_today(ctx):%d/%m/%Y}"))


def on_held_on(ctx: Ctx, event: object) -> Transition:
    if not isinstance(event, UserMessage):
        return stay()
    today = _today(ctx)
    day = parse_day(event.text or "", today)
    if day is None:
        return stay(Reply(ctx.t("TRAINING_DATE_BAD")), reprompt=True)
    if day > today:
        return stay(Reply(ctx.t("TRAINING_DATE_FUTURE")), reprompt=True)
    return goto(ctx.after("held_on"), data={"held_on": day.isoformat()})


def _ask_topic(ctx: Ctx) -> Reply:
    return Reply(ctx.t("TRAINING_ASK_TOPIC", max=TOPIC_MAX))


def on_topic(ctx: Ctx, event: object) -> Transition:
    if not isinstance(event, UserMessage):
        return stay()
    topic = " ".join((event.text or "").split())
    if not topic or is_control_word(topic):
        return stay(Reply(ctx.t("TRAINING_TOPIC_NEEDED")), reprompt=True)
    if len(topic) > TOPIC_MAX:
        too_long = ctx.t("TRAINING_TOPIC_TOO_LONG", max=TOPIC_MAX, length=len(topic))
        return stay(Reply(too_long), reprompt=True)
    return goto(ctx.after("topic"), data={"topic": topic})


def _count_answer(ctx: Ctx, event: object, key: str, other: str) -> Transition:
    if not isinstance(event, UserMessage):
        return stay()
    count = parse_count(event.text or "")
    if count is None:
        return stay(Reply(ctx.t("TRAINING_COUNT_BAD")), reprompt=True)
    if count > MAX_ATTENDEES:
        return stay(Reply(ctx.t("TRAINING_COUNT_TOO_MANY", max=MAX_ATTENDEES)), reprompt=True)
    if count == 0 and other in ctx.data and int(ctx.data[other]) == 0:
        return stay(Reply(ctx.t("TRAINING_NOBODY")), reprompt=True)
    return goto(ctx.after(key), data={key: count})


def _ask_producers(ctx: Ctx) -> Reply:
    return Reply(ctx.t("TRAINING_ASK_PRODUCERS"))


def on_producers(ctx: Ctx, event: object) -> Transition:
    return _count_answer(ctx, event, "producers", "officers")


def _ask_officers(ctx: Ctx) -> Reply:
    return Reply(ctx.t("TRAINING_ASK_OFFICERS"))


def on_officers(ctx: Ctx, event: object) -> Transition:
    return _count_answer(ctx, event, "officers", "producers")


# --- the summary ------------------------------------------------------------------------

_EDITS: Final = {
    "edit_date": "held_on",
    "edit_topic": "topic",
    "edit_producers": "producers",
    "edit_officers": "officers",
}


def _confirm_options(ctx: Ctx) -> tuple[Option, ...]:
    return (
        Option("save", ctx.t("TRAINING_SAVE")),
        Option("edit_date", ctx.t("TRAINING_EDIT_DATE")),
        Option("edit_topic", ctx.t("TRAINING_EDIT_TOPIC")),
        Option("edit_producers", ctx.t("TRAINING_EDIT_PRODUCERS")),
        Option("edit_officers", ctx.t("TRAINING_EDIT_OFFICERS")),
        Option("discard", ctx.t("TRAINING_DISCARD")),
    )


def _data_day(data: Any) -> dt.date:
    return dt.date.fromisoformat(str(data["held_on"]))


def _ask_confirm(ctx: Ctx) -> Reply:
    text = ctx.t(
        "TRAINING_SUMMARY",
        date=f"{_data_day(ctx.data):%d/%m/%Y}",
        topic=ctx.data.get("topic", ""),
        area=_area_text(ctx.env),
        producers=ctx.data.get("producers", 0),
        officers=ctx.data.get("officers", 0),
    )
    return Reply(text, options=_confirm_options(ctx))


def _new_training(ctx: Ctx, grant: RoleGrant) -> NewTraining:
    return NewTraining(
        held_on=_data_day(ctx.data),
        topic=str(ctx.data["topic"]),
        producers=int(ctx.data["producers"]),
        officers=int(ctx.data["officers"]),
        area=training_area(ctx.env, grant),
    )


def on_confirm(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, TrainingRecorded):
        total = int(ctx.data.get("producers", 0)) + int(ctx.data.get("officers", 0))
        return finish(Reply(ctx.t("TRAINING_SAVED", id=event.id, total=total)))
    if isinstance(event, ActionRefused):
        return finish(Reply(ctx.t(event.reason)))
    if not isinstance(event, UserMessage):
        return stay()
    options = _confirm_options(ctx)
    chosen = next((o for o in options if o.id == event.choice), None)
    text = (event.text or "").strip()
    if chosen is None and text:
        chosen = resolve_choice(options, text)
        if chosen is None and is_yes(text):
            chosen = options[0]
        elif chosen is None and is_no(text):
            chosen = options[-1]
    if chosen is None:
        return stay(Reply(ctx.t("BAD_CHOICE")), reprompt=True)
    if chosen.id == "discard":
        return finish(Reply(ctx.t("TRAINING_DISCARDED")))
    if chosen.id in _EDITS:
        return goto(_EDITS[chosen.id], data={"_editing": True})
    grant = training_grant(ctx.env.principal)
    if grant is None:  # the role was revoked while they typed
        return finish(Reply(ctx.t("TRAINING_FOR_OFFICERS")))
    return Transition(reprompt=False, effects=(RecordTraining(_new_training(ctx, grant)),))


TRAINING = Flow(
    name="training",
    version=1,
    steps=(
        Step("what", _ask_what, on_what, ("held_on", "END"), numbered=False, can_go_back=False),
        Step("held_on", _ask_held_on, on_held_on, ("topic", "confirm")),
        Step("topic", _ask_topic, on_topic, ("producers", "confirm")),
        Step("producers", _ask_producers, on_producers, ("officers", "confirm")),
        Step("officers", _ask_officers, on_officers, ("confirm",)),
        Step(
            "confirm",
            _ask_confirm,
            on_confirm,
            ("held_on", "topic", "producers", "officers", "END"),
            numbered=False,
        ),
    ),
    summary_step="confirm",
    cancel_key="TRAINING_DISCARDED",
)


_LIST_WORDS: Final = frozenset({"ds", "danh sach", "xem", "list"})


def begin_training(msg: UserMessage, env: Env) -> Outcome:
    """`/taphuan` asks what to do; `/taphuan ds` lists the area's last trainings at once."""
    if not may_record(env.principal):
        return Outcome(None, (Reply(env.t("TRAINING_FOR_OFFICERS")),), ())
    arg = " ".join(fold(msg.command_arg or "").split())
    grant = training_grant(env.principal)
    if arg in _LIST_WORDS and grant is not None:
        effect = LoadTrainings(training_area(env, grant), LIST_LIMIT)
        return Outcome(new_form(TRAINING, env), (), (effect,))
    return start(TRAINING, env)


ENTRIES: Final = (
    Entry(
        "training",
        TRAINING,
        commands=("taphuan", "training"),
        menu_key="MENU_TRAINING",
        order=67,
        visible=may_record,
        pausable=False,
        begin_with=begin_training,
    ),
)
