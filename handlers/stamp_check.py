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

from flows.effects import CheckStamp, StampCheckResult
from flows.formatting import local
from flows.verification import checkable_part
from stamps.classify import Classified, QrKind, classify
from stamps.decode import decode_qr
from stamps.keys import StampKeyring
from stamps.payload import verify_payload
from stamps.serial import format_serial, parse_serial
from storage.admin_units_source import load_default_admin_units
from storage.photo_store import PhotoStore
from storage.stamp_registry import UNCOUNTED_CHANNELS
from storage.unit_of_work import UnitOfWork

# A photo with more codes than this is answered for the first few only.
MAX_CODES = 4
# What a typed message that holds no serial is answered (and never logged: it is no check).
NOT_A_SERIAL = StampCheckResult("not_ocop", other_kind="STAMP_NOT_A_SERIAL")


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
        self.user_salt = user_salt
        self.time_limit = time_limit
        self.units = load_default_admin_units()

    def user_hash(self, channel: str, user_id: str) -> str:
        return hmac.new(self.user_salt, f"{channel}:{user_id}".encode(), hashlib.sha256).hexdigest()

    async def decode_original(self, data: bytes) -> tuple[str, ...]:
        """The distinct codes in a photo as it arrived (not the stored re-encoded copy).

        Runs in a thread, within `time_limit`: the dispatcher calls it before the group
        transaction opens, so that a slow photo never holds other chats' steps.
        """
        result = await asyncio.to_thread(decode_qr, data, time_limit=self.time_limit)
        return tuple(dict.fromkeys(result.texts))[:MAX_CODES]

    async def check(
        self, uow: UnitOfWork, effect: CheckStamp, channel: str, user_hash: str, now: dt.datetime
    ) -> tuple[StampCheckResult, ...]:
        if effect.codes is not None:
            texts, typed = list(effect.codes[:MAX_CODES]), False
        elif effect.photo is not None:
            data = await asyncio.to_thread(self.photo_store.read, effect.photo)
            texts, typed = list(await self.decode_original(data)), False
        else:
            texts, typed = [(effect.text or "").strip()], True
        # The photo is logged with its check, so that pruning can delete it afterwards.
        photo = effect.photo
        if not texts:
            await uow.stamps.log_check(None, "no_code", channel, user_hash, now, photo=photo)
            return (StampCheckResult("no_code"),)
        return tuple(
            [
                await self.check_text(uow, text, typed, channel, user_hash, now, photo=photo)
                for text in texts
            ]
        )

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
