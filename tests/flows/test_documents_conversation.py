"""Files in the pure conversation: only a step that declares `takes_documents` sees them; a
file that meets "continue or start over?" is kept and handed on after "continue"."""

from __future__ import annotations

import dataclasses
import datetime as dt

from flows.conversation import Conversation, respond, takes_documents
from flows.engine import Env
from flows.messages import RejectedDocument, StoredDocument, UserMessage
from flows.registry import Registry
from storage.admin_units_source import load_default_admin_units
from tests.documents import PLAN_FILE, REGISTRY

START = dt.datetime(2026, 3, 2, 2, 30, tzinfo=dt.UTC)
FILE = StoredDocument("ab" * 32, "phuong an.pdf", "application/pdf", 1234)
RESUMING = Registry(tuple(dataclasses.replace(e, asks_resume=True) for e in REGISTRY.entries))


def _env(now: dt.datetime = START) -> Env:
    return Env(lang="vi", now=now, units=load_default_admin_units())


def _at_file_step(registry: Registry) -> Conversation:
    conv = respond(Conversation(), UserMessage(command="tep"), _env(), registry).conversation
    assert not takes_documents(conv, registry)
    conv = respond(conv, UserMessage(text="HTX Ân Phú"), _env(), registry).conversation
    assert takes_documents(conv, registry)
    return conv


def test_a_file_left_waiting_by_continue_or_start_over_is_handed_on() -> None:
    conv = _at_file_step(RESUMING)
    later = _env(START + dt.timedelta(hours=7))
    asked = respond(conv, UserMessage(documents=(FILE,)), later, RESUMING)
    assert asked.conversation.resume_pending and not takes_documents(asked.conversation, RESUMING)
    # Another file meanwhile: not wanted now, and the question again.
    other = UserMessage(documents=(RejectedDocument("DOCUMENT_NOT_NOW", "khac.pdf"),))
    again = respond(asked.conversation, other, later, RESUMING)
    assert "«khac.pdf»" in again.replies[0].text
    assert again.replies[-1].options == asked.replies[-1].options
    # Saved and loaded as the dispatcher does, then "1" (continue): the held file arrives.
    saved = Conversation.from_json(again.conversation.to_json())
    went_on = respond(saved, UserMessage(text="1"), later, RESUMING)
    assert went_on.replies[0].text.startswith(f"kept phuong an.pdf {FILE.sha256}")


def test_an_older_version_of_the_form_takes_no_file() -> None:
    conv = _at_file_step(REGISTRY)
    form = conv.form
    assert form is not None and form.flow == PLAN_FILE.name
    older = conv.with_form(dataclasses.replace(form, version=PLAN_FILE.version - 1))
    assert not takes_documents(older, REGISTRY)
    assert not takes_documents(dataclasses.replace(conv, paused=True), REGISTRY)
