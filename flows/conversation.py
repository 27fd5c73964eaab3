"""The top of every conversation: commands, the menu, and which flow a message belongs to.

`respond` is pure: the saved conversation state and one event in; the new state, replies and
effects out. The dispatcher applies the effects and feeds their results back as events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from flows.effects import (
    CheckStamp,
    Effect,
    IdeasLoaded,
    IdeaSubmitted,
    LoadMyIdeas,
    SetLanguage,
    StampChecked,
)
from flows.engine import Env, Flow, Form, advance, prompt_for, start
from flows.formatting import format_date, format_datetime
from flows.lifecycle import state as lifecycle_state
from flows.messages import Option, RejectedPhoto, Reply, StoredPhoto, UserMessage
from flows.registration import REGISTRATION
from flows.text_match import fold, resolve_choice
from flows.texts import LANGS
from flows.verification import VERIFICATION, answer, looks_checkable

FLOWS: dict[str, Flow] = {REGISTRATION.name: REGISTRATION, VERIFICATION.name: VERIFICATION}

# A form untouched this long, or older than the running process, asks before going on.
RESUME_AFTER = dt.timedelta(hours=6)

STATE_VERSION = 1


@dataclass(frozen=True)
class Conversation:
    form: Form | None = None
    paused: bool = False
    resume_pending: bool = False
    # A registration set aside while a short flow (a stamp check) runs; it comes back paused.
    parked: Form | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "v": STATE_VERSION,
            "form": self.form.to_json() if self.form else None,
            "paused": self.paused,
            "resume_pending": self.resume_pending,
            "parked": self.parked.to_json() if self.parked else None,
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any] | None) -> Conversation:
        if not raw or raw.get("v") != STATE_VERSION:
            return cls()
        form = Form.from_json(raw["form"]) if raw.get("form") else None
        parked = Form.from_json(raw["parked"]) if raw.get("parked") else None
        return cls(form, bool(raw.get("paused")), bool(raw.get("resume_pending")), parked)

    def after_form(self) -> Conversation:
        """The conversation once its current form has ended."""
        if self.parked is not None:
            return Conversation(self.parked, paused=True)
        return Conversation()


@dataclass(frozen=True)
class Response:
    conversation: Conversation
    replies: tuple[Reply, ...]
    effects: tuple[Effect, ...] = ()


COMMAND_ALIASES: dict[str, str] = {
    "start": "start",
    "menu": "start",
    "batdau": "start",
    "help": "help",
    "huongdan": "help",
    "trogiup": "help",
    "cancel": "cancel",
    "huy": "cancel",
    "lang": "lang",
    "language": "lang",
    "ngonngu": "lang",
    "register": "register",
    "dangky": "register",
    "myideas": "my_ideas",
    "ideas": "my_ideas",
    "ytuong": "my_ideas",
    "verify": "verify",
    "kiemtra": "verify",
}

# Greetings people type instead of /start.
GREETING_WORDS = frozenset({"hi", "hello", "xin chao", "chao", "alo", "menu", "bat dau", "start"})


def menu_options(env: Env) -> tuple[Option, ...]:
    return (
        Option("register", env.t("MENU_REGISTER")),
        Option("my_ideas", env.t("MENU_MY_IDEAS")),
        Option("verify", env.t("MENU_CHECK_STAMP")),
        Option("help", env.t("MENU_HELP")),
    )


def then_menu(replies: tuple[Reply, ...], env: Env) -> tuple[Reply, ...]:
    """The replies, then the menu: in the last message when it has room (one message instead
    of two is quicker to read and to send)."""
    if replies:
        last = replies[-1]
        if not last.options and not last.photo and not last.request_phone:
            merged = Reply(f"{last.text}\n\n{env.t('MENU_PROMPT')}", options=menu_options(env))
            return (*replies[:-1], merged)
    return (*replies, menu(env))


def menu(env: Env, key: str = "MENU_PROMPT") -> Reply:
    return Reply(env.t(key), options=menu_options(env))


def _resume_reply(form: Form, env: Env) -> Reply:
    options = (
        Option("resume", env.t("RESUME_CONTINUE")),
        Option("restart", env.t("RESUME_RESTART")),
    )
    return Reply(env.t("RESUME_ASK", date=format_datetime(form.updated)), options=options)


def _should_ask_resume(form: Form, env: Env) -> bool:
    if form.flow != REGISTRATION.name:
        return False  # a one-question flow just goes on
    if env.booted_at is not None and form.updated < env.booted_at:
        return True
    return env.now - form.updated > RESUME_AFTER


def _start_flow(conv: Conversation, flow: Flow, env: Env) -> Response:
    out = start(flow, env)
    parked = conv.parked
    if flow is VERIFICATION and conv.form is not None and conv.form.flow == REGISTRATION.name:
        parked = conv.form
    return Response(Conversation(out.form, parked=parked), out.replies, out.effects)


def _continue_form(form: Form, env: Env) -> Response:
    return Response(Conversation(form), (prompt_for(FLOWS[form.flow], form, env),))


def _my_ideas_text(event: IdeasLoaded, env: Env) -> str:
    if not event.ideas:
        return env.t("MY_IDEAS_EMPTY")
    lines = [env.t("MY_IDEAS_HEAD", count=len(event.ideas))]
    for i, idea in enumerate(event.ideas, start=1):
        lines.append(
            env.t(
                "MY_IDEAS_ROW",
                i=i,
                product=idea.product_name,
                number=idea.registration_number,
                date=format_date(dt.datetime.fromisoformat(idea.submitted_at)),
                state=lifecycle_state(idea.state).label(env.lang),
            )
        )
    return "\n".join(lines)


def _command_of(msg: UserMessage) -> str | None:
    if msg.command:
        return COMMAND_ALIASES.get(fold(msg.command).replace(" ", ""), "unknown")
    return None


def _language_command(conv: Conversation, msg: UserMessage, env: Env) -> Response:
    wanted = fold(msg.command_arg or "")
    if wanted.startswith(("en", "english", "tieng anh")):
        lang = "en"
    elif wanted.startswith(("vi", "tieng viet", "viet")):
        lang = "vi"
    else:
        lang = "en" if env.lang == "vi" else "vi"
    new_env = replace(env, lang=lang)
    replies: tuple[Reply, ...] = (Reply(new_env.t("LANG_SET")),)
    if conv.form and not conv.paused:
        replies += (prompt_for(FLOWS[conv.form.flow], conv.form, new_env),)
    else:
        replies += (menu(new_env),)
    return Response(conv, replies, (SetLanguage(lang),))


def _menu_action(action: str, conv: Conversation, env: Env) -> Response:
    if action == "register":
        if conv.form is not None:
            return Response(replace(conv, resume_pending=True), (_resume_reply(conv.form, env),))
        return _start_flow(conv, REGISTRATION, env)
    if action == "my_ideas":
        return Response(conv, (), (LoadMyIdeas(),))
    if action == "verify":
        return _start_flow(conv, VERIFICATION, env)
    if action == "help":
        return Response(conv, then_menu((Reply(env.t("HELP")),), env))
    return Response(conv, (menu(env, "HINT_UNKNOWN"),))


def respond(conv: Conversation, event: object, env: Env) -> Response:
    """Answer one event."""
    if isinstance(event, IdeasLoaded):
        return Response(conv, then_menu((Reply(_my_ideas_text(event, env)),), env))
    if isinstance(event, IdeaSubmitted):
        return _advance_form(conv, event, env)
    if isinstance(event, StampChecked):
        if conv.form is not None and conv.form.flow == VERIFICATION.name:
            return _advance_form(conv, event, env)
        return Response(conv, then_menu(answer(event, env), env))
    if not isinstance(event, UserMessage):
        return Response(conv, ())
    return _respond_to_message(conv, event, env)


def _respond_to_message(conv: Conversation, msg: UserMessage, env: Env) -> Response:
    form = conv.form
    if form is not None and (form.flow not in FLOWS or FLOWS[form.flow].version != form.version):
        conv, form = Conversation(), None
    command = _command_of(msg)
    in_form = form is not None and not conv.paused
    if command is None and not in_form and msg.text and fold(msg.text) in GREETING_WORDS:
        command = "start"
    if command == "start":
        greeting = then_menu((Reply(env.t("GREETING")),), env)
        return Response(replace(conv, paused=form is not None, resume_pending=False), greeting)
    if command == "help":
        if form is not None and not conv.paused:
            return Response(conv, (Reply(env.t("HELP")), prompt_for(FLOWS[form.flow], form, env)))
        return Response(conv, then_menu((Reply(env.t("HELP")),), env))
    if command == "cancel":
        if form is None:
            return Response(conv, (menu(env),))
        return Response(conv.after_form(), then_menu((Reply(env.t("CANCELLED")),), env))
    if command == "lang":
        return _language_command(conv, msg, env)
    if command == "verify" and msg.command_arg:
        return Response(conv, (), (CheckStamp(text=msg.command_arg),))
    if command in ("register", "my_ideas", "verify"):
        return _menu_action(command, replace(conv, resume_pending=False), env)
    if command == "unknown":
        return Response(conv, (menu(env, "HINT_UNKNOWN"),))

    if msg.unsupported:
        replies: tuple[Reply, ...] = (Reply(env.t("UNSUPPORTED_CONTENT")),)
        if form is not None and not conv.paused:
            replies += (prompt_for(FLOWS[form.flow], form, env),)
        return Response(conv, replies)

    if form is not None and conv.resume_pending:
        return _answer_resume(conv, form, msg, env)
    if form is not None and not conv.paused:
        if _should_ask_resume(form, env):
            return Response(replace(conv, resume_pending=True), (_resume_reply(form, env),))
        return _advance_form(conv, msg, env)
    return _answer_menu(conv, msg, env)


def _answer_resume(conv: Conversation, form: Form, msg: UserMessage, env: Env) -> Response:
    options = _resume_reply(form, env).options
    chosen = None
    if msg.choice is not None:
        chosen = next((o for o in options if o.id == msg.choice), None)
    elif msg.text is not None:
        chosen = resolve_choice(options, msg.text)
    if chosen is None:
        return Response(conv, (Reply(env.t("BAD_CHOICE")), _resume_reply(form, env)))
    if chosen.id == "restart":
        return _start_flow(Conversation(), FLOWS[form.flow], env)
    touched = replace(form, updated_at=env.now.astimezone(dt.UTC).isoformat())
    return _continue_form(touched, env)


def _answer_menu(conv: Conversation, msg: UserMessage, env: Env) -> Response:
    # Outside a form a photo, a typed serial or a pasted stamp link is a stamp check.
    for photo in msg.photos:
        if isinstance(photo, StoredPhoto):
            return Response(conv, (), (CheckStamp(photo=photo.sha256),))
        if isinstance(photo, RejectedPhoto):
            return Response(conv, then_menu((Reply(env.t(photo.reason)),), env))
    if msg.text and looks_checkable(msg.text):
        return Response(conv, (), (CheckStamp(text=msg.text),))
    options = menu_options(env)
    chosen = None
    if msg.choice is not None:
        chosen = next((o for o in options if o.id == msg.choice), None)
    elif msg.text is not None and not msg.photos:
        chosen = resolve_choice(options, msg.text)
    if chosen is None:
        return Response(conv, (menu(env, "HINT_UNKNOWN"),))
    return _menu_action(chosen.id, conv, env)


def _advance_form(conv: Conversation, event: object, env: Env) -> Response:
    assert conv.form is not None
    out = advance(FLOWS[conv.form.flow], conv.form, event, env)
    replies = out.replies
    if out.form is None:
        return Response(conv.after_form(), then_menu(replies, env), out.effects)
    return Response(replace(conv, form=out.form), replies, out.effects)


__all__ = ["LANGS", "Conversation", "Response", "menu", "respond"]
