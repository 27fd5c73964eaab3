"""Checking a stamp: decode the photo, classify each code, verify its MAC, look up the serial.

Checks are logged (time, channel, an anonymous hash of the user, the result) for the copy
warning and for officers' reports. The copy warning counts distinct people, never checks:
the same person checking again, or an officer's `ocop-bot stamps verify`, does not count.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import hmac
import time
from dataclasses import dataclass

from flows.effects import CheckStamp, StampCheckResult
from flows.formatting import local
from flows.verification import (
    FAILED_LOOKUPS_PER_WINDOW,
    FAILED_STATUSES,
    LIMITED,
    LOOKUP_WINDOW_MINUTES,
    TYPED_LOOKUPS_PER_WINDOW,
    checkable_part,
)
from handlers import metrics
from stamps.classify import Classified, QrKind, classify
from stamps.decode import decode_qr
from stamps.keys import StampKeyring
from stamps.payload import verify_payload
from stamps.photo_advice import advice_key
from stamps.serial import format_serial, parse_serial
from storage.admin_units_source import load_default_admin_units
from storage.photo_store import PhotoStore
from storage.stamp_registry import UNCOUNTED_CHANNELS
from storage.unit_of_work import UnitOfWork

# A photo with more codes than this is answered for the first few only.
MAX_CODES = 4
# What a typed message that holds no serial is answered (and never logged: it is no check).
NOT_A_SERIAL = StampCheckResult("not_ocop", other_kind="STAMP_NOT_A_SERIAL")


@dataclass(frozen=True, slots=True)
class PhotoReading:
    """What a stamp photo gave: its distinct codes (at most MAX_CODES), and when there are
    none, what to do differently (a catalogue key, stamps/photo_advice.py)."""

    codes: tuple[str, ...]
    advice: str | None = None


class StampChecker:
    def __init__(
        self,
        keyring: StampKeyring,
        public_url: str,
        photo_store: PhotoStore,
        user_salt: bytes,
        time_limit: float = 2.0,
    ) -> None:
        self.keyring = keyring
        self.public_url = public_url
        self.photo_store = photo_store
        if len(user_salt) < 8:
            raise ValueError("the stamp checks' salt is missing or too short")
        self.user_salt = user_salt
        self.time_limit = time_limit
        self.units = load_default_admin_units()

    def user_hash(self, channel: str, user_id: str) -> str:
        """Who checked, as stamp_checks keeps it: HMAC-SHA256 keyed with the secret salt
        (bot/secret_files.py check_salt, never in the database). A plain hash of a chat id
        would be no protection: Telegram's ids are few enough to hash them all."""
        return hmac.new(self.user_salt, f"{channel}:{user_id}".encode(), hashlib.sha256).hexdigest()

    async def decode_original(self, data: bytes) -> PhotoReading:
        """The distinct codes in a photo as it arrived (not the stored re-encoded copy), or
        when none reads, the advice on taking it again.

        Runs in a thread, within `time_limit`: the dispatcher calls it before the group
        transaction opens, so that a slow photo never holds other chats' steps.
        """
        started = time.perf_counter()
        result = await asyncio.to_thread(decode_qr, data, time_limit=self.time_limit)
        metrics.PHOTO_DECODE_SECONDS.observe(time.perf_counter() - started)
        codes = tuple(dict.fromkeys(result.texts))[:MAX_CODES]
        return PhotoReading(codes, None if codes else advice_key(result.signs))

    async def check(
        self, uow: UnitOfWork, effect: CheckStamp, channel: str, user_hash: str, now: dt.datetime
    ) -> tuple[StampCheckResult, ...]:
        if effect.codes is not None:
            texts, typed, advice = list(effect.codes[:MAX_CODES]), False, effect.advice
        elif effect.photo is not None:
            data = await asyncio.to_thread(self.photo_store.read, effect.photo)
            reading = await self.decode_original(data)
            texts, typed, advice = list(reading.codes), False, reading.advice
        else:
            texts, typed, advice = [(effect.text or "").strip()], True, None
            limited = await self._typed_limit(uow, texts[0], user_hash, now)
            if limited is not None:
                metrics.STAMP_CHECKS.labels(LIMITED).inc()
                return (limited,)
        # The photo is logged with its check, so that pruning can delete it afterwards.
        photo = effect.photo
        if not texts:
            await uow.stamps.log_check(None, "no_code", channel, user_hash, now, photo=photo)
            metrics.STAMP_CHECKS.labels("no_code").inc()
            return (StampCheckResult("no_code", other_kind=advice),)
        return tuple(
            [
                await self.check_text(uow, text, typed, channel, user_hash, now, photo=photo)
                for text in texts
            ]
        )

    async def _typed_limit(
        self, uow: UnitOfWork, text: str, user_hash: str, now: dt.datetime
    ) -> StampCheckResult | None:
        """The answer when this person has typed as many serials as the window allows (a
        message that holds no serial is answered as usual: it looks nothing up)."""
        if checkable_part(text) is None and parse_serial(text) is None:
            return None
        window = dt.timedelta(minutes=LOOKUP_WINDOW_MINUTES)
        done = await uow.stamps.typed_checks_since(user_hash, now - window, FAILED_STATUSES)
        if done.count >= TYPED_LOOKUPS_PER_WINDOW and done.first_at is not None:
            key, since = "STAMP_TYPED_LIMIT", done.first_at
        elif done.failed >= FAILED_LOOKUPS_PER_WINDOW and done.first_failed_at is not None:
            key, since = "STAMP_FAILED_LIMIT", done.first_failed_at
        else:
            return None
        # When the oldest counted look-up leaves the window, one more may be typed.
        return StampCheckResult(LIMITED, other_kind=key, other_detail=(since + window).isoformat())

    async def check_text(
        self,
        uow: UnitOfWork,
        text: str,
        typed: bool,
        channel: str,
        user_hash: str,
        now: dt.datetime,
        *,
        record: bool = True,
        photo: str | None = None,
    ) -> StampCheckResult:
        """One code (decoded, or typed by a person) checked; logged unless `record` is False
        (the web page's HEAD requests, visitors over their rate, junk payloads)."""
        if typed:
            part = checkable_part(text)
            if part is None:
                # A letters-only serial typed without its hyphen is still a serial.
                if parse_serial(text) is None:
                    return NOT_A_SERIAL
                part = text
            text = part
        found = classify(text, self.public_url)
        serial = self._serial(found)
        if serial is not None:
            result = await self._lookup(uow, serial, channel, user_hash, now)
        elif found.kind is QrKind.STAMP:
            result = StampCheckResult("counterfeit")
        elif typed and found.kind is QrKind.TEXT:
            # Shaped like a serial, but its check character is wrong: a typing slip, most
            # likely, and certainly not proof that the province never issued it.
            result = StampCheckResult("mistyped", serial=text.upper())
        else:
            result = StampCheckResult(
                "not_ocop", other_kind=found.description, other_detail=found.host
            )
        if record:
            # Only serials that exist are counted: a forged one must not inflate a real counter.
            counted = serial if result.status in ("genuine", "expired", "revoked") else None
            await uow.stamps.log_check(counted, result.status, channel, user_hash, now, photo=photo)
            metrics.STAMP_CHECKS.labels(result.status).inc()
        return result

    def _serial(self, found: Classified) -> int | None:
        """The serial to look up: a typed serial, or a stamp's whose MAC is right."""
        if found.kind is QrKind.SERIAL:
            return found.serial
        if found.kind is QrKind.STAMP and found.payload is not None:
            verified = verify_payload(found.payload, self.keyring)
            return verified.serial if verified.valid else None
        return None

    async def _lookup(
        self, uow: UnitOfWork, serial: int, channel: str, user_hash: str, now: dt.datetime
    ) -> StampCheckResult:
        shown = format_serial(serial)
        stamp = await uow.stamps.find(serial)
        if stamp is None:
            return StampCheckResult("unknown", serial=shown)
        if stamp.revoked:
            return StampCheckResult("revoked", serial=shown)
        product = stamp.product
        commune = self.units.commune(product.commune_code)
        district = self.units.district(product.district_code)
        expired = product.withdrawn or product.valid_until < local(now).date()
        history = await uow.stamps.history(serial, user_hash)
        counted = channel not in UNCOUNTED_CHANNELS  # an officer's check is no consumer's
        first = history.first_at or (now if counted else None)
        return StampCheckResult(
            "expired" if expired else "genuine",
            serial=shown,
            product=product.name,
            producer=product.producer,
            commune=commune.name if commune else "",
            district=district.name if district else "",
            stars=product.stars,
            certificate=product.certificate,
            valid_until=product.valid_until.isoformat(),
            photo=product.photo_sha256,
            checks=history.others + (1 if counted else 0),
            first_checked_at=first.isoformat() if first else None,
            seen_before=history.seen_before and counted,
            withdrawn=product.withdrawn,
            product_id=product.id,
        )
