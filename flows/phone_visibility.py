"""Who sees a producer's phone number, and what the others see instead.

A producer gives their number so that the officers who handle their registration can call
them: the officers of the producer's area (flows/authorization.py decides by area, through
the review actions) and the producer themselves. Everyone else who may read the registration
(the administrator, an officer of another commune) sees it masked, "09•••••678": enough to
tell two registrations apart on the phone with the producer, not enough to call them.
"""

from __future__ import annotations

import re

from flows.authorization import Area
from flows.phone import format_phone
from flows.principal import Principal
from flows.review_rules import may_see_phone

__all__ = ["MASK", "mask_phone", "phone_for", "shows_phone"]

MASK = "•"
_SHOWN_FIRST = 2  # "09": the kind of number (mobile, landline), never the subscriber
_SHOWN_LAST = 3


def mask_phone(e164: str) -> str:
    """ "+84912345678" -> "09•••••678"; "" for no number. Anything that is not a number we
    store is masked whole but for its last digits, so a stray value never shows in full."""
    if not e164:
        return ""
    national = "0" + e164[3:] if re.fullmatch(r"\+84[0-9]{9,10}", e164) else e164
    digits = re.sub(r"[^0-9]", "", national)
    if len(digits) <= _SHOWN_FIRST + _SHOWN_LAST:
        return MASK * len(digits)
    hidden = len(digits) - _SHOWN_FIRST - _SHOWN_LAST
    return digits[:_SHOWN_FIRST] + MASK * hidden + digits[-_SHOWN_LAST:]


def shows_phone(principal: Principal, area: Area, owner_id: int | None) -> bool:
    """The producer themselves, or an officer whose area covers the producer's."""
    if owner_id is not None and owner_id == principal.user_id:
        return True
    return may_see_phone(principal, area)


def phone_for(principal: Principal, area: Area, owner_id: int | None, e164: str) -> str:
    """The phone as this person may read it: "0912 345 678" or "09•••••678"."""
    if shows_phone(principal, area, owner_id):
        return format_phone(e164) if e164 else ""
    return mask_phone(e164)
