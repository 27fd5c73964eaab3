"""Replaying conversation transcripts through the pure engine.

A transcript is a text file: `>` lines are what the user sends, `<` lines what the bot answers
(each reply's lines, with `< ---` between two replies), `=` lines the effects the flow asked for,
`#` lines comments. Special inputs: `[press:ID]` a button, `[photo:NAME]` a stored photo,
`[rejected:KEY]` a photo the checks refused, `[contact:PHONE]` a shared contact, `[sticker]`
content the bot cannot read, `[wait:MINUTES]` time passing, `[restart]` the bot restarting.
`@lang en` switches the language; `@structure 2025` (before the first `>`) replays with that
structure of administrative units.
Set OCOP_REGENERATE_TRANSCRIPTS=1 to rewrite the expected lines from what the engine says now.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flows.admin_units import AdminUnits
from flows.authorization import RecordRefusal
from flows.conversation import Conversation, respond
from flows.effects import (
    CheckStamp,
    IdeasLoaded,
    IdeaSubmitted,
    IdeaSummary,
    LoadMyIdeas,
    SetLanguage,
    StampChecked,
    StampCheckResult,
    SubmitIdea,
)
from flows.engine import Env, Form, Limits
from flows.messages import RejectedPhoto, Reply, StoredPhoto, UserMessage
from flows.registration import REGISTRATION
from storage.ideas import numbering_unit, registration_number

START = dt.datetime(2026, 3, 2, 2, 30, tzinfo=dt.UTC)
SPECIAL = re.compile(r"^\[(\w+)(?::(.*))?\]$")


def render(reply: Reply) -> list[str]:
    lines = reply.text.split("\n")
    lines += [f"{i}. {o.label}" for i, o in enumerate(reply.options, start=1)]
    if reply.photo:
        lines.insert(0, f"[photo {reply.photo}]")
    if reply.request_phone:
        lines.append("[share phone button]")
    return lines


def message_of(line: str) -> UserMessage | str:
    match = SPECIAL.match(line)
    if match is None:
        if line.startswith("/"):
            command, _, arg = line[1:].partition(" ")
            return UserMessage(text=line, command=command.lower(), command_arg=arg or None)
        return UserMessage(text=line)
    kind, value = match.group(1), (match.group(2) or "")
    if kind == "press":
        return UserMessage(choice=value)
    if kind == "photo":
        return UserMessage(photos=(StoredPhoto(photo_sha(value), 800, 600),))
    if kind == "rejected":
        return UserMessage(photos=(RejectedPhoto(value),))
    if kind == "contact":
        return UserMessage(contact_phone=value)
    if kind == "sticker":
        return UserMessage(unsupported=True)
    return f"{kind}:{value}"


@dataclass
class Replayer:
    units: AdminUnits
    lang: str = "vi"
    now: dt.datetime = START
    conversation: Conversation = field(default_factory=Conversation)
    ideas: list[IdeaSummary] = field(default_factory=list)
    checks: int = 0
    limits: Limits = field(default_factory=Limits)
    submitted: list[SubmitIdea] = field(default_factory=list)

    def env(self) -> Env:
        return Env(
            lang=self.lang,
            now=self.now,
            units=self.units,
            limits=self.limits,
        )

    def turn(self, line: str) -> list[str]:
        """One `>` line in; the `<` and `=` lines out."""
        event = message_of(line)
        if isinstance(event, str):
            kind, _, value = event.partition(":")
            if kind == "wait":
                self.now += dt.timedelta(minutes=float(value))
            elif kind == "restart":
                # The bot's start time plays no part in a conversation (any process may
                # answer it): a restart is only the minute it took.
                self.now += dt.timedelta(minutes=1)
            else:
                raise ValueError(f"unknown special input {line!r}")
            return []
        self.now += dt.timedelta(seconds=20)
        out: list[str] = []
        pending: list[object] = [event]
        first = True
        while pending:
            response = respond(self.conversation, pending.pop(0), self.env())
            self.conversation = response.conversation
            for reply in response.replies:
                if not first:
                    out.append("< ---")
                first = False
                out += [f"< {x}".rstrip() for x in render(reply)]
            for effect in response.effects:
                out.append(f"= {describe(effect)}")
                feedback = self.apply(effect)
                if feedback is not None:
                    pending.append(feedback)
        return out

    def apply(self, effect: object) -> object | None:
        if isinstance(effect, SubmitIdea):
            self.submitted.append(effect)
            n = len(self.ideas) + 1
            number = registration_number(n, numbering_unit(effect.answers), 2026)
            product = effect.answers.product_name
            self.ideas.append(IdeaSummary(number, product, "submitted", self.now.isoformat()))
            return IdeaSubmitted(number, n)
        if isinstance(effect, LoadMyIdeas):
            return IdeasLoaded(tuple(self.ideas))
        if isinstance(effect, SetLanguage):
            self.lang = effect.lang
            return None
        if isinstance(effect, CheckStamp):
            return StampChecked((self.stamp_result(effect),))
        if isinstance(effect, RecordRefusal):  # written to the audit log; nothing comes back
            return None
        raise TypeError(effect)

    def stamp_result(self, effect: CheckStamp) -> StampCheckResult:
        """Scripted answers: a photo named `stamp-<status>`, or a typed serial."""
        status = "unknown"
        for name in ("genuine", "counterfeit", "revoked", "expired", "no_code", "phishing", "bank"):
            if effect.photo == hashlib.sha256(f"stamp-{name}".encode()).hexdigest():
                status = name
        if effect.text and effect.text.upper().replace(" ", "-") == "0009-2X4K":
            status = "genuine"
        self.checks += 1
        if status in ("phishing", "bank"):
            kind = "QR_IS_COPIED_STAMP" if status == "phishing" else "QR_IS_BANK_PAYMENT"
            return StampCheckResult("not_ocop", other_kind=kind, other_detail="ocop-check.example")
        if status in ("genuine", "expired"):
            return StampCheckResult(
                status,
                serial="0009-2X4K",
                product="Mật ong rừng Vũ Quang",
                producer="HTX Nuôi ong Ân Phú",
                commune="Xã Ân Phú",
                district="Huyện Vũ Quang",
                stars=4,
                certificate="DEMO-103/QĐ-UBND",
                valid_until="2028-06-15" if status == "genuine" else "2025-10-05",
                photo="ab" * 32,
                checks=self.checks,
                first_checked_at=START.isoformat(),
            )
        return StampCheckResult(status, serial=(effect.text or "").upper() or "7K3M-9QX2")


def describe(effect: object) -> str:
    if isinstance(effect, SubmitIdea):
        raw = effect.answers.to_json()
        raw.pop("photos")
        answers = ", ".join(f"{k}={raw[k]!r}" for k in sorted(raw))
        return f"SubmitIdea({answers}; photos={len(effect.photos)})"
    return repr(effect)


def replay(path: Path, units_of: Callable[[str], AdminUnits]) -> tuple[list[str], list[str]]:
    """The file's lines, and the lines the engine produces for the same inputs.

    `units_of(structure)` gives the administrative units ("2020" unless the file says)."""
    expected = path.read_text(encoding="utf-8").splitlines()
    replayer = Replayer(units_of("2020"))
    actual: list[str] = []
    for line in expected:
        if line.startswith("<") or line.startswith("="):
            continue
        actual.append(line)
        if line.startswith("> "):
            actual += replayer.turn(line[2:])
        elif line.startswith("@lang "):
            replayer.lang = line.split()[1]
        elif line.startswith("@structure "):
            replayer.units = units_of(line.split()[1])
    return expected, actual


# --- forms at a given step, for tests of single steps ---------------------------------------


def photo_sha(name: str) -> str:
    """The SHA-256 a `[photo:NAME]` line stands for."""
    return hashlib.sha256(name.encode()).hexdigest()


def complete_answers(units: AdminUnits) -> dict[str, object]:
    """Every answer of a registration, as the form's data holds them, for `units`."""
    if units.has_districts:
        place: dict[str, object] = {"district_code": "441", "commune_code": "18316"}
    else:
        place = {"commune_code": units.communes[0].code}
    return {
        "applicant_name": "Nguyễn Thị Hoa",
        "applicant_type": "htx",
        "phone": "+84912345678",
        **place,
        "admin_structure": units.structure,
        "product_name": "Mật ong rừng Vũ Quang",
        "product_group": "food",
        "core_value": "Mật ong nguyên chất từ hoa rừng",
        "target_market": "province",
        "volume": "2 tấn",
        "price": 150_000,
        "story": "",
        "photos": [photo_sha("honey-jar")],
    }


def form_at(step: str, data: dict[str, object], history: tuple[str, ...] = ()) -> Form:
    """A registration form waiting at `step` with `data`."""
    at = START.isoformat()
    return Form("registration", REGISTRATION.version, step, data, history, at, at)


def env_for(units: AdminUnits, lang: str = "vi", limits: Limits | None = None) -> Env:
    return Env(lang=lang, now=START, units=units, limits=limits or Limits())
