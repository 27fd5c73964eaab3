"""Checking an OCOP stamp: a photo or a typed serial in, a plain answer out."""

from __future__ import annotations

import datetime as dt
import re

from flows.effects import CheckStamp, StampChecked, StampCheckResult
from flows.engine import Ctx, Env, Flow, Step, Transition, finish, stay
from flows.formatting import format_date, format_datetime, format_stars
from flows.messages import RejectedPhoto, Reply, StoredPhoto, UserMessage
from flows.registration import photo_refusal
from flows.sales_points import where_line
from flows.texts import t

# A printed serial is two groups of four (``0009-2X4K``), typed with a hyphen, a space, a dot
# or nothing between them. A serial is below 2**32, so its first character is always 0-3: a
# serial has a digit unless it is typed in the printed form (``O`` for ``0`` and so on).
# stamps.serial prints this many characters (a test keeps the two equal; flows stays pure).
SERIAL_CHARS = 8
_HALF = SERIAL_CHARS // 2
_GROUP = rf"[0-9A-Za-z]{{{_HALF}}}"
WHOLE_SERIAL = re.compile(rf"^({_GROUP})[ \t]*[-._]?[ \t]*({_GROUP})$")
PRINTED_SERIAL = re.compile(rf"(?<![0-9A-Za-z])({_GROUP})-({_GROUP})(?![0-9A-Za-z])")
LINK_SHAPE = re.compile(r"(?<!\S)https?://\S+/S/[0-9A-Za-z]+/?(?!\S)", re.IGNORECASE)
# Around a serial a person may write a few words ("tem số 0009-2X4K ạ"); a long message with
# an eight-character group in it is a question, not a serial.
MAX_CHECKABLE_CHARS = 40
_END_PUNCTUATION = " \t\n.,;:!?()\"'"

# A typed serial carries no MAC, so anyone may type serials one after another to find issued
# ones. Per person, in a sliding window: typed look-ups at most, and of them the ones that find
# no stamp (unknown or mistyped) at most. A photo of a signed stamp is never limited. A check
# refused by a limit is answered LIMITED and not logged (it does not push the window on).
LOOKUP_WINDOW_MINUTES = 60
TYPED_LOOKUPS_PER_WINDOW = 30
FAILED_LOOKUPS_PER_WINDOW = 10
LIMITED = "limited"
FAILED_STATUSES = ("unknown", "mistyped")
LIMIT_KEYS = {
    "STAMP_TYPED_LIMIT": TYPED_LOOKUPS_PER_WINDOW,
    "STAMP_FAILED_LIMIT": FAILED_LOOKUPS_PER_WINDOW,
}


def checkable_part(text: str) -> str | None:
    """The stamp link or the serial-shaped group in ``text`` (``"0009-2X4K"``), or None.

    Only this part is looked up: "Tem nay that khong?" holds no serial and is never taken for
    one. A serial-shaped group is returned even when its check character is wrong, so that
    the check can say "mistyped" rather than "not issued". The whole message may be a serial
    typed any way; inside a sentence only the printed form counts, with letters and digits
    (a year range such as "2024-2025" is no serial).
    """
    text = text.strip()
    link = LINK_SHAPE.search(text)
    if link is not None:
        return link.group(0)
    if len(text) > MAX_CHECKABLE_CHARS:
        return None
    bare = text.strip(_END_PUNCTUATION)
    whole = WHOLE_SERIAL.match(bare)
    if whole is not None and (any(c.isdigit() for c in bare) or "-" in bare):
        return "-".join(whole.groups()).upper()
    found = [
        m
        for m in PRINTED_SERIAL.finditer(text)
        if any(c.isdigit() for c in m.group(0)) and any(c.isalpha() for c in m.group(0))
    ]
    if len(found) != 1:
        return None  # none, or several: not one serial to check
    return "-".join(found[0].groups()).upper()


def looks_checkable(text: str) -> bool:
    """True when a message holds a stamp link or one serial-shaped group: worth a check."""
    return checkable_part(text) is not None


def _date(iso: str | None) -> str:
    if not iso:
        return ""
    if len(iso) == 10:
        return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")
    return format_date(dt.datetime.fromisoformat(iso))


def _real_stamp_lines(result: StampCheckResult, lang: str) -> list[str]:
    def tr(key: str, **values: object) -> str:
        return t(key, lang, **values)

    if result.status == "genuine":
        head = tr("STAMP_GENUINE")
    elif result.withdrawn:
        head = tr("STAMP_WITHDRAWN")
    else:
        head = tr("STAMP_EXPIRED", date=_date(result.valid_until))
    if result.withdrawn:
        certificate = tr("STAMP_CERTIFICATE_WITHDRAWN", certificate=result.certificate)
    else:
        certificate = tr(
            "STAMP_CERTIFICATE", certificate=result.certificate, date=_date(result.valid_until)
        )
    lines = [
        head,
        f"{result.product} — {format_stars(result.stars or 0)}",
        tr(
            "STAMP_PRODUCER",
            producer=result.producer,
            commune=result.commune,
            district=result.district,
        ),
        certificate,
        tr("STAMP_SERIAL", serial=result.serial),
    ]
    if result.status == "genuine":
        lines.append(_history_line(result, lang))
    return lines


def _history_line(result: StampCheckResult, lang: str) -> str:
    """The copy warning counts people, not checks: the same person checking again, or an
    officer's check from the command line, never makes a stamp look copied."""
    if result.checks == 0:  # an officer's check, which counts nobody
        return t("STAMP_NO_CONSUMER_CHECK", lang)
    if result.checks == 1:
        if result.seen_before:
            return t("STAMP_ONLY_YOU", lang, date=_date(result.first_checked_at))
        return t("STAMP_FIRST_CHECK", lang)
    return t(
        "STAMP_CHECKED_BEFORE",
        lang,
        count=result.checks,
        date=_date(result.first_checked_at),
    )


def result_text(result: StampCheckResult, lang: str) -> str:
    """The answer to one check, as the chat and the web page say it."""

    def tr(key: str, **values: object) -> str:
        return t(key, lang, **values)

    s = result.status
    if s in ("genuine", "expired"):
        return "\n".join(_real_stamp_lines(result, lang))
    if s == "revoked":
        return tr("STAMP_REVOKED", serial=result.serial)
    if s == "unknown":
        return tr("STAMP_UNKNOWN", serial=result.serial or "")
    if s == "mistyped":
        return tr("STAMP_MISTYPED", serial=result.serial or "", chars=SERIAL_CHARS)
    if s == "counterfeit":
        return tr("STAMP_COUNTERFEIT")
    if s == LIMITED and result.other_kind in LIMIT_KEYS:
        again = dt.datetime.fromisoformat(result.other_detail or "")
        return tr(
            result.other_kind,
            limit=LIMIT_KEYS[result.other_kind],
            minutes=LOOKUP_WINDOW_MINUTES,
            time=format_datetime(again),
        )
    if s == "not_ocop":
        # A kind's text may name the host (QR_IS_OTHER_URL) or the serial's length
        # (STAMP_NOT_A_SERIAL); format() leaves out what a text does not name.
        kind = result.other_kind or "QR_IS_TEXT"
        return tr(kind, host=result.other_detail or "", chars=SERIAL_CHARS)
    # No code read: the advice the photo called for (stamps/photo_advice.py).
    return tr(result.other_kind or "STAMP_NO_CODE")


def answer(event: StampChecked, env: Env) -> tuple[Reply, ...]:
    replies = []
    for result in event.results:
        photo = result.photo if result.status == "genuine" else None
        text = result_text(result, env.lang)
        if result.status == "genuine" and result.product_id is not None:
            text += "\n" + where_line(env, result.product_id)  # typed, it works on every channel
        replies.append(Reply(text, photo=photo))
    return tuple(replies)


def ask_stamp(ctx: Ctx) -> Reply:
    return Reply(ctx.t("ASK_STAMP"))


def on_stamp(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, StampChecked):
        return finish(*answer(event, ctx.env))
    if not isinstance(event, UserMessage):
        return stay()
    for photo in event.photos:
        if isinstance(photo, StoredPhoto):
            check = CheckStamp(photo=photo.sha256, codes=photo.codes, advice=photo.advice)
            return Transition(reprompt=False, effects=(check,))
        if isinstance(photo, RejectedPhoto):
            return stay(Reply(photo_refusal(ctx.env, photo.reason)), reprompt=True)
    if event.text and looks_checkable(event.text):
        return Transition(reprompt=False, effects=(CheckStamp(text=event.text),))
    if event.text:
        return stay(Reply(ctx.t("STAMP_NOT_A_SERIAL", chars=SERIAL_CHARS)), reprompt=True)
    return stay(reprompt=True)


VERIFICATION = Flow(
    name="verification",
    version=1,
    steps=(Step("stamp", ask_stamp, on_stamp, ("END",), numbered=False),),
    # Nothing is lost when a stamp check stops: not the registration's "not sent" warning.
    cancel_key="STAMP_CHECK_STOPPED",
)
