"""The top of every conversation: commands, the menu, and which flow a message belongs to.

`respond` is pure: the saved conversation state and one event in; the new state, replies and
effects out. The dispatcher applies the effects and feeds their results back as events.

Which flows exist, their commands and menu entries come from the registry
(`flows/registered.py`); this module knows none of them by name. Open forms are a stack: a
flow that may interrupt (a stamp check) runs above the form in progress, which comes back with
its question when it ends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from flows import callback
from flows.authorization import RecordRefusal
from flows.documents import not_wanted_now
from flows.effects import Effect, SetLanguage
from flows.engine import Env, Form, Outcome, advance, prompt_for
from flows.formatting import format_datetime
from flows.messages import Option, Reply, StoredDocument, StoredPhoto, UserMessage
from flows.registered import REGISTRY
from flows.registry import Entry, Registry
from flows.text_match import fold, resolve_choice
from flows.texts import LANGS
from flows.verification import looks_checkable

FLOWS = REGISTRY.flows

# A form untouched this long asks "continue or start over?" before it takes the next answer.
# A restart of the bot is invisible: only the person's own pause counts.
RESUME_AFTER = dt.timedelta(hours=6)

STATE_VERSION = 2

MENU = "menu"
RESUME = "resume"


@dataclass(frozen=True)
class Conversation:
    # Open forms, the active one last; those beneath wait for it to end.
    stack: tuple[Form, ...] = ()
    # The active form is set aside (the person asked for the menu); choosing it again resumes.
    paused: bool = False
    resume_pending: bool = False
    # The message that met "continue or start over?": answered after "continue", not lost.
    held: Mapping[str, Any] | None = None

    @property
    def form(self) -> Form | None:
        return self.stack[-1] if self.stack else None

    def with_form(self, form: Form) -> Conversation:
        return replace(self, stack=(*self.stack[:-1], form))

    def push(self, form: Form) -> Conversation:
        return Conversation((*self.stack, form))

    def popped(self) -> Conversation:
        return Conversation(self.stack[:-1])

    def to_json(self) -> dict[str, Any]:
        return {
            "v": STATE_VERSION,
            "stack": [f.to_json() for f in self.stack],
            "paused": self.paused,
            "resume_pending": self.resume_pending,
            "held": dict(self.held) if self.held is not None else None,
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any] | None) -> Conversation:
        if not raw:
            return cls()
        if raw.get("v") == 1:  # one form and one parked form, before the stack
            forms = [raw.get("parked"), raw.get("form")]
            stack = tuple(Form.from_json(f) for f in forms if f)
            return cls(stack, bool(raw.get("paused")), False)
        if raw.get("v") != STATE_VERSION:
            return cls()
        stack = tuple(Form.from_json(f) for f in raw.get("stack", []))
        held = raw.get("held")
        return cls(stack, bool(raw.get("paused")), bool(raw.get("resume_pending")), held)


@dataclass(frozen=True)
class Response:
    conversation: Conversation
    replies: tuple[Reply, ...]
    effects: tuple[Effect, ...] = ()


# Commands of the conversation itself; a flow's own commands are in its registry entry.
COMMAND_ALIASES: dict[str, str] = {
    "start": "start",
    "menu": "start",
    "batdau": "start",
    "cancel": "cancel",
    "huy": "cancel",
    "lang": "lang",
    "language": "lang",
    "ngonngu": "lang",
}

# Greetings people type instead of /start.
GREETING_WORDS = frozenset({"hi", "hello", "xin chao", "chao", "alo", "menu", "bat dau", "start"})


class Talk:
    """One answer being worked out: the registry and the environment in one place."""

    def __init__(self, env: Env, registry: Registry) -> None:
        self.env = env
        self.registry = registry

    # --- the menu ---------------------------------------------------------------------

    def menu_options(self) -> tuple[Option, ...]:
        return tuple(
            Option(callback.encode(MENU, "", e.name), self.env.t(e.menu_key or ""))
            for e in self.registry.menu(self.env.principal)
        )

    def menu(self, key: str = "MENU_PROMPT") -> Reply:
        return Reply(self.env.t(key), options=self.menu_options())

    def then_menu(self, replies: tuple[Reply, ...]) -> tuple[Reply, ...]:
        """The replies, then the menu: in the last message when it has room (one message
        instead of two is quicker to read and to send)."""
        if replies:
            last = replies[-1]
            if last.options:
                # Its own options are what the person acts on next ("1. Phát hành tem"); a
                # menu after them would take their numbers. The menu is one /start away.
                return replies
            if not (last.photo or last.document or last.request_phone):
                text = f"{last.text}\n\n{self.env.t('MENU_PROMPT')}"
                return (*replies[:-1], Reply(text, options=self.menu_options()))
        return (*replies, self.menu())

    def prompt(self, form: Form) -> Reply:
        return prompt_for(self.registry.flows[form.flow], form, self.env)

    # --- forms ------------------------------------------------------------------------

    def entry_of(self, form: Form) -> Entry | None:
        return self.registry.for_flow(form.flow)

    def after_outcome(self, conv: Conversation, out: Outcome) -> Response:
        """The conversation once a form moved: still open, or ended (the one beneath comes
        back with its question, else the menu)."""
        if out.form is not None:
            if conv.form is not None and conv.form.flow == out.form.flow:
                return Response(conv.with_form(out.form), out.replies, out.effects)
            return Response(conv.push(out.form), out.replies, out.effects)
        rest = conv.popped() if conv.form is not None else conv
        beneath = rest.form
        if beneath is not None and not rest.paused:
            again = (Reply(self.env.t("BACK_TO_FORM")), self.prompt(beneath))
            return Response(rest, (*out.replies, *again), out.effects)
        return Response(rest, self.then_menu(out.replies), out.effects)

    def advance_form(self, conv: Conversation, event: object) -> Response:
        form = conv.form
        assert form is not None
        out = advance(self.registry.flows[form.flow], form, event, self.env)
        return self.after_outcome(conv, out)

    def begin(self, entry: Entry, conv: Conversation, msg: UserMessage) -> Response:
        if entry.flow is None:  # answered at once; an open form goes on after it
            if entry.act is not None:
                now = Outcome(None, entry.act(self.env), ())
            else:
                now = entry.begin(msg, self.env)
            if conv.form is not None and not conv.paused:
                return Response(conv, (*now.replies, self.prompt(conv.form)), now.effects)
            return Response(conv, self.then_menu(now.replies), now.effects)
        current = conv.form
        if current is not None and current.flow == entry.flow.name and entry.asks_resume:
            return self.ask_resume(replace(conv, paused=False), current)
        base = conv
        flow_name = entry.flow.name
        if any(f.flow == flow_name for f in conv.stack):
            # Starting a flow again starts it over: never two of one flow in the stack.
            base = Conversation(tuple(f for f in conv.stack if f.flow != flow_name))
            current = base.form
        if current is not None:
            current_entry = self.entry_of(current)
            # A form that may wait stays beneath and comes back; one that may not just ends.
            keeps = current_entry is not None and current_entry.pausable
            base = replace(base, paused=False) if keeps else base.popped()
        out = entry.begin(msg, self.env)
        if out.form is None:
            return Response(base, self.then_menu(out.replies), out.effects)
        return Response(base.push(out.form), out.replies, out.effects)

    # --- "continue or start over?" -----------------------------------------------------

    def resume_reply(self, form: Form) -> Reply:
        entry = self.entry_of(form)
        what = entry.describe(form, self.env) if entry and entry.describe else ""
        options = (
            Option(callback.encode(RESUME, form.flow, "continue"), self.env.t("RESUME_CONTINUE")),
            Option(callback.encode(RESUME, form.flow, "restart"), self.env.t("RESUME_RESTART")),
        )
        text = self.env.t("RESUME_ASK", what=what, date=format_datetime(form.updated))
        return Reply(text, options=options)

    def ask_resume(
        self, conv: Conversation, form: Form, held: UserMessage | None = None
    ) -> Response:
        kept = _held_json(held) if held is not None else None
        asked = replace(conv, resume_pending=True, paused=False, held=kept)
        return Response(asked, (self.resume_reply(form),))

    def should_ask_resume(self, form: Form) -> bool:
        entry = self.entry_of(form)
        if entry is None or not entry.asks_resume:
            return False
        return self.env.now - form.updated > RESUME_AFTER

    def answer_resume(self, conv: Conversation, form: Form, msg: UserMessage) -> Response:
        options = self.resume_reply(form).options
        chosen = _chosen(options, msg)
        if chosen is None:
            return Response(conv, (Reply(self.env.t("BAD_CHOICE")), self.resume_reply(form)))
        if chosen.id.endswith(":restart"):
            entry = self.entry_of(form)
            assert entry is not None
            fresh = Conversation(conv.stack[:-1])
            return self.begin(entry, fresh, UserMessage())
        touched = replace(form, updated_at=self.env.now.astimezone(dt.UTC).isoformat())
        going = replace(conv.with_form(touched), resume_pending=False, held=None)
        held = _message_of(conv.held)
        if held is not None:
            return self.advance_form(going, held)
        return Response(going, (self.prompt(touched),))

    # --- messages -----------------------------------------------------------------------

    def on_button(self, conv: Conversation, msg: UserMessage) -> Response | None:
        """A namespaced button; None when it is a form's own (the form takes it)."""
        assert msg.choice is not None
        data = callback.decode(msg.choice)
        if data is None:
            return None
        form = conv.form
        if data.namespace == MENU:
            entry = self.registry.get(data.action)
            if entry is None:
                return self.stale(conv)
            if not entry.visible(self.env.principal):  # a button crafted or left from before
                return self.refused(conv, entry)
            return self.begin(entry, replace(conv, resume_pending=False), UserMessage())
        if data.namespace == RESUME:
            if conv.resume_pending and form is not None and form.flow == data.record:
                return self.answer_resume(conv, form, msg)
            return self.stale(conv)
        if data.namespace in self.registry.flows:
            if form is not None and form.flow == data.namespace and not conv.paused:
                return None  # the engine tells a current button from an old one
            return self.stale(conv)
        entry = self.registry.get(data.namespace)
        if (
            entry is not None
            and entry.on_button is not None
            and not entry.visible(self.env.principal)
        ):
            return self.refused(conv, entry)
        handled = (
            entry.on_button(data.record, data.action, msg, self.env)
            if entry is not None and entry.on_button is not None
            else None
        )
        if handled is None:
            return self.stale(conv)
        return self.after_notice_button(conv, handled)

    def after_notice_button(self, conv: Conversation, out: Outcome) -> Response:
        """A notification's button answered over whatever form is open: the form waits."""
        if out.form is None:
            form = conv.form
            if form is not None and not conv.paused:
                return Response(conv, (*out.replies, self.prompt(form)), out.effects)
            return Response(conv, self.then_menu(out.replies), out.effects)
        return Response(replace(conv, paused=False).push(out.form), out.replies, out.effects)

    def refused(self, conv: Conversation, entry: Entry) -> Response:
        """An entry this person may not use: why, and the refusal written to the audit log."""
        reason = "AUTH_OLD_STRUCTURE" if self.env.principal.elsewhere else "AUTH_FOR_OFFICERS"
        effect = RecordRefusal(f"entry.{entry.name}", reason)
        reply = Reply(self.env.t(reason))
        form = conv.form
        if form is not None and not conv.paused:
            return Response(conv, (reply, self.prompt(form)), (effect,))
        return Response(conv, self.then_menu((reply,)), (effect,))

    def stale(self, conv: Conversation) -> Response:
        reply = Reply(self.env.t("BUTTON_STALE"))
        form = conv.form
        if form is not None and not conv.paused:
            return Response(conv, (reply, self.prompt(form)))
        return Response(conv, self.then_menu((reply,)))

    def respond_to_message(self, conv: Conversation, msg: UserMessage) -> Response:
        env = self.env
        conv = self.without_stale_forms(conv)
        form = conv.form
        in_form = form is not None and not conv.paused
        if msg.choice is not None:
            answered = self.on_button(conv, msg)
            if answered is not None:
                return answered
        command = _command_of(msg)
        if command is None and not in_form and msg.text and fold(msg.text) in GREETING_WORDS:
            command = "start"
        if command == "start":
            linked = self.registry.for_deep_link(msg.command_arg or "")
            if linked is not None and linked.visible(env.principal):
                # A link such as t.me/<bot>?start=<prefix>-<payload>: that entry, at once.
                return self.begin(linked, replace(conv, resume_pending=False), msg)
            hello: tuple[Reply, ...] = (Reply(env.t("GREETING")),)
            # Their officer's roles no longer count (none given under this structure): say so.
            if env.principal.elsewhere and not env.principal.is_officer:
                hello += (Reply(env.t("AUTH_OLD_STRUCTURE_NOTE")),)
            greeting = self.then_menu(hello)
            return Response(replace(conv, paused=form is not None, resume_pending=False), greeting)
        if command == "cancel":
            if form is None:
                return Response(conv, (self.menu(),))
            out = Outcome(None, (Reply(env.t(self.registry.flows[form.flow].cancel_key)),), ())
            return self.after_outcome(replace(conv, paused=False, resume_pending=False), out)
        if command == "lang":
            return self.language(conv, msg)
        if command is not None:
            entry = self.registry.for_command(command)
            if entry is None:
                return Response(conv, (self.menu("HINT_UNKNOWN"),))
            if not entry.visible(env.principal):
                return self.refused(conv, entry)
            return self.begin(entry, replace(conv, resume_pending=False), msg)

        if msg.unsupported:
            replies: tuple[Reply, ...] = (Reply(env.t("UNSUPPORTED_CONTENT")),)
            if in_form and form is not None:
                replies += (self.prompt(form),)
            return Response(conv, replies)
        if msg.documents and not takes_documents(conv, self.registry):
            return self.documents_not_now(conv, msg)

        if form is not None and conv.resume_pending:
            return self.answer_resume(conv, form, msg)
        if in_form and form is not None:
            if self.should_ask_resume(form):
                return self.ask_resume(conv, form, held=msg)
            return self.advance_form(conv, msg)
        return self.answer_menu(conv, msg)

    def documents_not_now(self, conv: Conversation, msg: UserMessage) -> Response:
        """Files nothing open asked for: said so, then the question that is waiting."""
        said = tuple(Reply(not_wanted_now(self.env, d)) for d in msg.documents)
        form = conv.form
        if form is not None and conv.resume_pending:
            return Response(conv, (*said, self.resume_reply(form)))
        if form is not None and not conv.paused:
            return Response(conv, (*said, self.prompt(form)))
        return Response(conv, self.then_menu(said))

    def without_stale_forms(self, conv: Conversation) -> Conversation:
        flows = self.registry.flows
        kept = tuple(
            f for f in conv.stack if f.flow in flows and flows[f.flow].version == f.version
        )
        if kept == conv.stack:
            return conv
        return Conversation(kept, paused=conv.paused and bool(kept))

    def answer_menu(self, conv: Conversation, msg: UserMessage) -> Response:
        # Outside a form a photo, a typed serial or a pasted stamp link is a stamp check.
        checker = self.registry.stamp_checker
        photo_sent = bool(msg.photos)
        typed_check = bool(msg.text) and looks_checkable(msg.text or "")
        if checker is not None and (photo_sent or typed_check):
            return self.begin(checker, conv, msg)
        chosen = _chosen(self.menu_options(), msg) if not msg.photos else None
        if chosen is None:
            return Response(conv, (self.menu("HINT_UNKNOWN"),))
        data = callback.decode(chosen.id)
        entry = self.registry.get(data.action) if data else None
        if entry is None:
            return Response(conv, (self.menu("HINT_UNKNOWN"),))
        return self.begin(entry, conv, UserMessage())

    def language(self, conv: Conversation, msg: UserMessage) -> Response:
        wanted = fold(msg.command_arg or "")
        if wanted.startswith(("en", "english", "tieng anh")):
            lang = "en"
        elif wanted.startswith(("vi", "tieng viet", "viet")):
            lang = "vi"
        else:
            lang = "en" if self.env.lang == "vi" else "vi"
        talk = Talk(replace(self.env, lang=lang), self.registry)
        replies: tuple[Reply, ...] = (Reply(talk.env.t("LANG_SET")),)
        form = conv.form
        if form is not None and not conv.paused:
            replies += (talk.prompt(form),)
        else:
            replies += (talk.menu(),)
        return Response(conv, replies, (SetLanguage(lang),))


def _chosen(options: tuple[Option, ...], msg: UserMessage) -> Option | None:
    if msg.choice is not None:
        # A bare id (a keyboard from before namespaces) names the option's action.
        return next((o for o in options if msg.choice in (o.id, _action_of(o.id))), None)
    if msg.text is not None and not msg.photos:
        return resolve_choice(options, msg.text)
    return None


def _action_of(data: str) -> str | None:
    decoded = callback.decode(data)
    return decoded.action if decoded else None


def _command_of(msg: UserMessage) -> str | None:
    if not msg.command:
        return None
    folded = fold(msg.command).replace(" ", "")
    return COMMAND_ALIASES.get(folded, folded)


def _held_json(msg: UserMessage) -> dict[str, Any]:
    photos = [[p.sha256, p.width, p.height] for p in msg.photos if isinstance(p, StoredPhoto)]
    return {
        "text": msg.text,
        "choice": msg.choice,
        "contact_phone": msg.contact_phone,
        "photos": photos,
        "documents": [
            [d.sha256, d.file_name, d.mime_type, d.size]
            for d in msg.documents
            if isinstance(d, StoredDocument)
        ],
    }


def _message_of(held: Mapping[str, Any] | None) -> UserMessage | None:
    if not held:
        return None
    photos = tuple(StoredPhoto(str(s), int(w), int(h)) for s, w, h in held.get("photos", []))
    documents = tuple(
        StoredDocument(str(s), str(name), mime, int(size))
        for s, name, mime, size in held.get("documents", [])
    )
    return UserMessage(
        text=held.get("text"),
        choice=held.get("choice"),
        contact_phone=held.get("contact_phone"),
        photos=photos,
        documents=documents,
    )


def _in_language(replies: tuple[Reply, ...], lang: str) -> tuple[Reply, ...]:
    """Every reply says whose language it speaks, so that a channel's own words (a button's
    label) follow the person, not the channel's default."""
    return tuple(r if r.lang is not None else replace(r, lang=lang) for r in replies)


def decodes_stamp_photos(conv: Conversation, registry: Registry = REGISTRY) -> bool:
    """Would a photo now be checked as a stamp? Then the dispatcher reads its codes from the
    original before the transaction opens (decoding takes up to 2 s)."""
    form = conv.form
    if form is None or conv.paused:
        return True
    if conv.resume_pending:
        return False
    entry = registry.for_flow(form.flow)
    return entry is not None and entry.checks_stamps


def takes_documents(conv: Conversation, registry: Registry = REGISTRY) -> bool:
    """Would a file sent now reach a step that takes files? Then the dispatcher downloads and
    stores it before the transaction opens; otherwise the conversation says it is not needed."""
    form = conv.form
    if form is None or conv.paused or conv.resume_pending:
        return False
    flow = registry.flows.get(form.flow)
    if flow is None or flow.version != form.version:
        return False
    return any(s.name == form.step and s.takes_documents for s in flow.steps)


def respond(conv: Conversation, event: object, env: Env, registry: Registry = REGISTRY) -> Response:
    """Answer one event: a message, or the result of an effect fed back."""
    talk = Talk(env, registry)
    if isinstance(event, UserMessage):
        response = talk.respond_to_message(conv, event)
    elif conv.form is not None:
        response = talk.advance_form(conv, event)
    else:
        response = Response(conv, ())
    lang = env.lang
    for effect in response.effects:
        if isinstance(effect, SetLanguage):
            lang = effect.lang
    return replace(response, replies=_in_language(response.replies, lang))


def menu(env: Env, key: str = "MENU_PROMPT", registry: Registry = REGISTRY) -> Reply:
    return Talk(env, registry).menu(key)


__all__ = ["FLOWS", "LANGS", "Conversation", "Response", "menu", "respond"]
