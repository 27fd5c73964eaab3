"""What a decoded QR text (or a typed message) is, before any stamp lookup. Pure functions.

Never opens a link: a URL is only ever parsed. A link to any host other than
``OCOP_PUBLIC_URL``'s is not an OCOP stamp, even when its path copies a real payload (a
copied code pointing at a look-alike site is exactly how a fake would be made).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

from stamps.payload import parse_stamp_url, payload_in_path
from stamps.serial import parse_serial

_EMV_PREFIX: Final = "000201"
_NAPAS_AID: Final = "A000000727"  # VietQR: Vietnam's NAPAS network in an EMVCo payment code


class QrKind(enum.StrEnum):
    STAMP = "stamp"  # our URL: verify ``payload`` next (it may still be forged or damaged)
    SERIAL = "serial"  # a printed short serial (typed): look up ``serial``
    COPIED_STAMP = "copied_stamp"  # another site's URL carrying a stamp-shaped payload
    BANK_PAYMENT = "bank_payment"  # VietQR or another EMVCo payment code
    OTHER_URL = "other_url"
    WIFI = "wifi"
    CONTACT = "contact"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class Classified:
    kind: QrKind
    description: str  # a key of the text catalogue, flows/texts/
    payload: str | None = None  # STAMP (and COPIED_STAMP: the copied payload, do not trust)
    serial: int | None = None  # SERIAL
    host: str | None = None  # COPIED_STAMP, OTHER_URL
    details: tuple[tuple[str, str], ...] = ()  # BANK_PAYMENT: ("merchant", ...), ("bank", ...)

    @property
    def is_ocop(self) -> bool:
        """Only these go on to a stamp lookup; everything else answers "not an OCOP stamp"."""
        return self.kind in (QrKind.STAMP, QrKind.SERIAL)


# The descriptions are keys of the bot's text catalogue (flows/texts/).


def _emv_fields(text: str) -> dict[str, str] | None:
    """EMVCo TLV: two-digit tag, two-digit length, value. None when it does not parse."""
    fields: dict[str, str] = {}
    i = 0
    while i < len(text):
        if i + 4 > len(text) or not text[i : i + 4].isdigit():
            return None
        tag, length = text[i : i + 2], int(text[i + 2 : i + 4])
        if i + 4 + length > len(text):
            return None
        fields[tag] = text[i + 4 : i + 4 + length]
        i += 4 + length
    return fields


def _bank_payment(text: str) -> Classified | None:
    if not text.startswith(_EMV_PREFIX):
        return None
    fields = _emv_fields(text) or {}
    details: list[tuple[str, str]] = []
    if fields.get("59"):
        details.append(("merchant", fields["59"]))
    if fields.get("54"):
        details.append(("amount", fields["54"]))
    if _NAPAS_AID in text:
        bank = _emv_fields(fields.get("38", "")) or {}
        beneficiary = _emv_fields(bank.get("01", "")) or {}
        if beneficiary.get("00"):
            details.append(("bank_bin", beneficiary["00"]))
        if beneficiary.get("01"):
            details.append(("account", beneficiary["01"]))
        return Classified(QrKind.BANK_PAYMENT, "QR_IS_BANK_PAYMENT", details=tuple(details))
    return Classified(QrKind.BANK_PAYMENT, "QR_IS_PAYMENT", details=tuple(details))


_URL_RE: Final = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.IGNORECASE)


def classify(text: str, base_url: str) -> Classified:
    """Classify a decoded QR text, or a message typed in chat, against our public base URL."""
    stripped = text.strip()
    payload = parse_stamp_url(stripped, base_url)
    if payload is not None:
        return Classified(QrKind.STAMP, "QR_IS_STAMP", payload=payload)
    serial = parse_serial(stripped) if len(stripped) <= 16 else None
    if serial is not None:
        return Classified(QrKind.SERIAL, "QR_IS_SERIAL", serial=serial)
    if _URL_RE.match(stripped) or stripped.lower().startswith("www."):
        parts = urlsplit(stripped if "://" in stripped else f"http://{stripped}")
        try:
            host = parts.hostname or ""
        except ValueError:
            host = ""
        copied = payload_in_path(parts.path)
        if copied is not None:
            return Classified(QrKind.COPIED_STAMP, "QR_IS_COPIED_STAMP", payload=copied, host=host)
        return Classified(QrKind.OTHER_URL, "QR_IS_OTHER_URL", host=host)
    payment = _bank_payment(stripped)
    if payment is not None:
        return payment
    upper = stripped.upper()
    if upper.startswith("WIFI:"):
        return Classified(QrKind.WIFI, "QR_IS_WIFI")
    if upper.startswith(("BEGIN:VCARD", "MECARD:")):
        return Classified(QrKind.CONTACT, "QR_IS_CONTACT")
    return Classified(QrKind.TEXT, "QR_IS_TEXT")
