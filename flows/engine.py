"""The flow engine: a flow is a table of named steps with pure step functions.

`advance` takes the saved form state and one event and returns the new state, the replies to
send and the effects for the caller to apply. Nothing here does I/O or reads a clock: `now` and
everything else from the outside arrive in `Env`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from flows import callback
from flows.admin_units import AdminUnits
from flows.deadlines import DEFAULT_DAY_MONTH
from flows.effects import Effect
from flows.messages import Option, Reply, UserMessage
from flows.principal import ANONYMOUS, Principal
from flows.reminder_calendar import Calendar
from flows.reminder_plan import ReminderSettings
from flows.text_match import is_back, is_cancel
from flows.texts import t


@dataclass(frozen=True)
class Limits:
    """Limits that a step enforces or states, from the settings that set them (so that what
    a message says is what is enforced)."""

    max_photo_bytes: int = 20 * 1024 * 1024
    max_photo_pixels: int = 40_000_000
    max_document_bytes: int = 20 * 1024 * 1024  # OCOP_DOCUMENT_MAX_MB


@dataclass(frozen=True)
class Env:
    """What a step may know of the world."""

    lang: str
    now: dt.datetime
    units: AdminUnits
    limits: Limits = Limits()
    principal: Principal = ANONYMOUS
    ruleset: str = "1048"  # the OCOP rule set in force (flows/rulesets.py; OCOP_RULESET)
    # The province's yearly deadline for ideas sent to it, (day, month) (flows/deadlines.py;
    # OCOP_PROVINCE_DEADLINE).
    province_deadline: tuple[int, int] = DEFAULT_DAY_MONTH
    # The province's calendar of deadlines (data/calendar/; OCOP_CALENDAR) and when reminders
    # fall due (flows/reminder_plan.py); None: no calendar (/deadlines says so).
    calendar: Calendar | None = None
    reminder_settings: ReminderSettings = field(default_factory=ReminderSettings)

    def t(self, key: str, **values: Any) -> str:
        return t(key, self.lang, **values)


@dataclass(frozen=True)
class Form:
    """A flow in progress, saved as JSON between messages."""

    flow: str
    version: int
    step: str
    data: Mapping[str, Any]
    history: tuple[str, ...]
    started_at: str
    updated_at: str

    def to_json(self) -> dict[str, Any]:
        return {
            "flow": self.flow,
            "version": self.version,
            "step": self.step,
            "data": dict(self.data),
            "history": list(self.history),
            "started_at": self.started_at,
            "updated_at": self.updated_at,
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Form:
        return cls(
            flow=str(raw["flow"]),
            version=int(raw["version"]),
            step=str(raw["step"]),
            data=dict(raw.get("data", {})),
            history=tuple(str(s) for s in raw.get("history", [])),
            started_at=str(raw["started_at"]),
            updated_at=str(raw["updated_at"]),
        )

    @property
    def started(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.started_at)

    @property
    def updated(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.updated_at)


@dataclass(frozen=True)
class Ctx:
    """What a step function sees: the form's answers, the world, and its own flow."""

    env: Env
    data: Mapping[str, Any]
    step: str
    flow: Flow

    def t(self, key: str, **values: Any) -> str:
        return self.env.t(key, **values)

    def after(self, step: str) -> str:
        """The step that follows `step`: the next in order, or the summary when editing."""
        if self.data.get("_editing") and self.flow.summary_step:
            return self.flow.summary_step
        return self.flow.next_in_order(step)


@dataclass(frozen=True)
class Transition:
    """What a step decided. `goto=None` stays on the step."""

    goto: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)
    say: tuple[Reply, ...] = ()
    effects: tuple[Effect, ...] = ()
    reprompt: bool = True
    end: bool = False


def stay(*say: Reply, reprompt: bool = False, data: Mapping[str, Any] | None = None) -> Transition:
    return Transition(goto=None, say=say, reprompt=reprompt, data=data or {})


def goto(step: str, *say: Reply, data: Mapping[str, Any] | None = None) -> Transition:
    return Transition(goto=step, say=say, data=data or {})


def finish(*say: Reply, effects: tuple[Effect, ...] = ()) -> Transition:
    return Transition(end=True, say=say, effects=effects)


Prompt = Callable[[Ctx], Reply]
Handler = Callable[[Ctx, object], Transition]


@dataclass(frozen=True)
class Step:
    name: str
    prompt: Prompt
    on: Handler
    exits: tuple[str, ...] = ()
    numbered: bool = True  # counts in "Bước n/N"
    can_go_back: bool = True
    # Takes files sent as files (`UserMessage.documents`); a file sent to any other step is
    # answered by the conversation and never reaches the step (flows/documents.py).
    takes_documents: bool = False


@dataclass(frozen=True)
class Flow:
    name: str
    version: int
    steps: tuple[Step, ...]
    summary_step: str | None = None
    ends: bool = True  # may the flow finish (declared so definitions can be checked)
    # What stopping this flow says (a form loses its answers; a stamp check loses nothing).
    cancel_key: str = "CANCELLED"

    def step(self, name: str) -> Step:
        for s in self.steps:
            if s.name == name:
                return s
        raise KeyError(f"{self.name} has no step {name!r}")

    @property
    def first(self) -> str:
        return self.steps[0].name

    def next_in_order(self, name: str) -> str:
        names = [s.name for s in self.steps]
        i = names.index(name)
        return names[i + 1] if i + 1 < len(names) else names[i]

    def number_of(self, name: str) -> tuple[int, int] | None:
        numbered = [s.name for s in self.steps if s.numbered]
        if name not in numbered:
            return None
        return numbered.index(name) + 1, len(numbered)

    def mermaid(self) -> str:
        lines = ["stateDiagram-v2", f"    [*] --> {self.first}"]
        for s in self.steps:
            for exit_ in s.exits:
                target = "[*]" if exit_ == "END" else exit_
                lines.append(f"    {s.name} --> {target}")
        return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Outcome:
    form: Form | None
    replies: tuple[Reply, ...]
    effects: tuple[Effect, ...]


def _iso(now: dt.datetime) -> str:
    return now.astimezone(dt.UTC).isoformat()


def prompt_for(flow: Flow, form: Form, env: Env) -> Reply:
    step = flow.step(form.step)
    reply = step.prompt(Ctx(env, form.data, form.step, flow))
    number = flow.number_of(form.step)
    text = reply.text
    if number is not None:
        text = env.t("STEP_PREFIX", n=number[0], total=number[1]) + " " + text
        text += "\n" + env.t("NAV_HINT")
    # A button names its flow and step, so a press from an older keyboard is recognised.
    options = tuple(
        o
        if callback.is_namespaced(o.id)
        else Option(callback.encode(flow.name, step.name, o.id), o.label)
        for o in reply.options
    )
    return replace(reply, text=text, options=options)


def _own_choice(flow: Flow, form: Form, event: object) -> object | None:
    """The event with a pressed button's data reduced to the step's own option id; None when
    the button belongs to another step or flow (an old keyboard)."""
    if not isinstance(event, UserMessage) or event.choice is None:
        return event
    data = callback.decode(event.choice)
    if data is None:
        return event  # a bare id: a keyboard from before namespaces, or a test
    if data.namespace != flow.name or data.record != form.step:
        return None
    return replace(event, choice=data.action)


def new_form(flow: Flow, env: Env, data: Mapping[str, Any] | None = None) -> Form:
    now = _iso(env.now)
    return Form(flow.name, flow.version, flow.first, dict(data or {}), (), now, now)


def start(flow: Flow, env: Env, data: Mapping[str, Any] | None = None) -> Outcome:
    form = new_form(flow, env, data)
    return Outcome(form, (prompt_for(flow, form, env),), ())


def advance(flow: Flow, form: Form, event: object, env: Env) -> Outcome:
    """Feed one event to the form's current step."""
    now = _iso(env.now)
    attached = isinstance(event, UserMessage) and bool(event.photos or event.documents)
    if isinstance(event, UserMessage) and event.text is not None and not attached:
        if is_cancel(event.text) or event.command == "cancel":
            return Outcome(None, (Reply(env.t(flow.cancel_key)),), ())
        if is_back(event.text) and flow.step(form.step).can_go_back:
            if not form.history:
                return Outcome(None, (Reply(env.t(flow.cancel_key)),), ())
            previous = form.history[-1]
            back = replace(form, step=previous, history=form.history[:-1], updated_at=now)
            return Outcome(back, (prompt_for(flow, back, env),), ())

    step = flow.step(form.step)
    own = _own_choice(flow, form, event)
    if own is None:
        stale = replace(form, updated_at=now)
        return Outcome(stale, (Reply(env.t("BUTTON_STALE")), prompt_for(flow, stale, env)), ())
    tr = step.on(Ctx(env, form.data, form.step, flow), own)
    data = {**form.data, **tr.data}
    data = {k: v for k, v in data.items() if v is not None}
    if tr.end:
        return Outcome(None, tr.say, tr.effects)
    if tr.goto is None:
        same = replace(form, data=data, updated_at=now)
        replies = tr.say + ((prompt_for(flow, same, env),) if tr.reprompt else ())
        return Outcome(same, replies, tr.effects)
    if tr.goto not in step.exits:
        raise ValueError(f"{flow.name}.{step.name} may not go to {tr.goto!r}")
    history = form.history
    if tr.goto != form.step:
        history = (*history, form.step)
    if tr.goto == flow.summary_step:
        data.pop("_editing", None)
    moved = replace(form, step=tr.goto, data=data, history=history, updated_at=now)
    return Outcome(moved, (*tr.say, prompt_for(flow, moved, env)), tr.effects)


def options_of(pairs: list[tuple[str, str]]) -> tuple[Option, ...]:
    return tuple(Option(i, label) for i, label in pairs)
