"""Checking an OCOP stamp: a photo or a typed serial in, a plain answer out."""

from __future__ import annotations

import datetime as dt
import re

from flows.effects import CheckStamp, StampChecked, StampCheckResult
from flows.engine import Ctx, Env, Flow, Step, Transition, finish, stay
from flows.formatting import format_date, format_stars
from flows.messages import RejectedPhoto, Reply, StoredPhoto, UserMessage
from flows.texts import t

# A printed serial (two groups of four) or a pasted stamp link: worth a check without a menu.
SERIAL_SHAPE = re.compile(r"^[0-9A-Za-z]{4}[-\s.]?[0-9A-Za-z]{4}$")
LINK_SHAPE = re.compile(r"^https?://\S+/S/[0-9A-Za-z]+/?$", re.IGNORECASE)


def looks_checkable(text: str) -> bool:
    text = text.strip()
    return bool(LINK_SHAPE.match(text)) or (
        bool(SERIAL_SHAPE.match(text)) and any(c.isdigit() for c in text)
    )


def _date(iso: str | None) -> str:
    if not iso:
        return ""
    if len(iso) == 10:
        return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")
    return format_date(dt.datetime.fromisoformat(iso))


def result_text(result: StampCheckResult, lang: str) -> str:
    """The answer to one check, as the chat and the web page say it."""

    def tr(key: str, **values: object) -> str:
        return t(key, lang, **values)

    s = result.status
    if s in ("genuine", "expired"):
        lines = [
            tr(
                "STAMP_GENUINE" if s == "genuine" else "STAMP_EXPIRED",
                date=_date(result.valid_until),
            ),
            f"{result.product} — {format_stars(result.stars or 0)}",
            tr(
                "STAMP_PRODUCER",
                producer=result.producer,
                commune=result.commune,
                district=result.district,
            ),
            tr("STAMP_CERTIFICATE", certificate=result.certificate, date=_date(result.valid_until)),
            tr("STAMP_SERIAL", serial=result.serial),
        ]
        if s == "genuine":
            if result.checks <= 1:
                lines.append(tr("STAMP_FIRST_CHECK"))
            else:
                lines.append(
                    tr(
                        "STAMP_CHECKED_BEFORE",
                        count=result.checks,
                        date=_date(result.first_checked_at),
                    )
                )
        return "\n".join(lines)
    if s == "revoked":
        return tr("STAMP_REVOKED", serial=result.serial)
    if s == "unknown":
        return tr("STAMP_UNKNOWN", serial=result.serial or "")
    if s == "counterfeit":
        return tr("STAMP_COUNTERFEIT")
    if s == "not_ocop":
        return tr(result.other_kind or "QR_IS_TEXT", host=result.other_detail or "")
    return tr("STAMP_NO_CODE")


def answer(event: StampChecked, env: Env) -> tuple[Reply, ...]:
    replies = []
    for result in event.results:
        photo = result.photo if result.status == "genuine" else None
        replies.append(Reply(result_text(result, env.lang), photo=photo))
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
            return Transition(reprompt=False, effects=(CheckStamp(photo=photo.sha256),))
        if isinstance(photo, RejectedPhoto):
            return stay(Reply(ctx.t(photo.reason)), reprompt=True)
    if event.text:
        return Transition(reprompt=False, effects=(CheckStamp(text=event.text),))
    return stay(reprompt=True)


VERIFICATION = Flow(
    name="verification",
    version=1,
    steps=(Step("stamp", ask_stamp, on_stamp, ("END",), numbered=False),),
)
