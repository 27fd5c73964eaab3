"""Stamp signing keys: a keyring of several keys, the first one current for signing.

Settings format (``OCOP_STAMP_KEYS``)::

    KID:SECRET,KID:SECRET,...

- ``KID`` is exactly two characters from A-Z and 0-9 (case-insensitive; stored uppercase).
  It is printed inside every stamp, so a key can be rotated out while the stamps it signed
  keep verifying.
- ``SECRET`` is the key in base32 (RFC 4648, case-insensitive, padding optional), at least
  16 bytes (26 base32 characters); ``generate_key`` makes 32 bytes.
- The FIRST key signs new stamps; every key listed verifies. To rotate: put a new key first
  and keep the old ones after it. Remove a key only to invalidate every stamp it signed.

Example: ``K2:MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPIYTEMZUGU3DOOBZ,K1:...``

With the setting empty, ``load_keyring`` keeps a generated keyring in a file of the data
directory (same format, readable by its owner only), so stamps survive a restart.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

KID_LENGTH: Final = 2
MIN_SECRET_BYTES: Final = 16
NEW_SECRET_BYTES: Final = 32
_KID_RE: Final = re.compile(r"[A-Z0-9]{2}")
_KID_ALPHABET: Final = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class KeyringError(ValueError):
    """The keyring setting is malformed; the message says where (never the secret)."""


@dataclass(frozen=True, slots=True)
class StampKey:
    kid: str
    secret: bytes

    def __post_init__(self) -> None:
        if not _KID_RE.fullmatch(self.kid):
            raise KeyringError(f"key id {self.kid!r} must be two characters A-Z or 0-9")
        if len(self.secret) < MIN_SECRET_BYTES:
            raise KeyringError(f"key {self.kid}: secret shorter than {MIN_SECRET_BYTES} bytes")

    def __repr__(self) -> str:  # keep secrets out of logs and tracebacks
        return f"StampKey(kid={self.kid!r}, secret=<{len(self.secret)} bytes>)"

    def to_setting(self) -> str:
        return f"{self.kid}:{base64.b32encode(self.secret).decode('ascii').rstrip('=')}"


@dataclass(frozen=True, slots=True)
class StampKeyring:
    """Keys by id; ``current`` signs, all of them verify."""

    keys: tuple[StampKey, ...]

    def __post_init__(self) -> None:
        if not self.keys:
            raise KeyringError("the keyring has no key")
        kids = [k.kid for k in self.keys]
        duplicates = sorted({k for k in kids if kids.count(k) > 1})
        if duplicates:
            raise KeyringError(f"duplicate key id(s): {', '.join(duplicates)}")

    @property
    def current(self) -> StampKey:
        return self.keys[0]

    def get(self, kid: str) -> StampKey | None:
        for key in self.keys:
            if key.kid == kid:
                return key
        return None

    @property
    def kids(self) -> tuple[str, ...]:
        return tuple(k.kid for k in self.keys)

    def with_current(self, key: StampKey) -> StampKeyring:
        """A keyring where ``key`` signs and every existing key still verifies."""
        return StampKeyring((key, *(k for k in self.keys if k.kid != key.kid)))

    def to_setting(self) -> str:
        return ",".join(k.to_setting() for k in self.keys)


def _decode_secret(kid: str, text: str) -> bytes:
    cleaned = re.sub(r"\s+", "", text).upper().rstrip("=")
    padded = cleaned + "=" * (-len(cleaned) % 8)
    try:
        return base64.b32decode(padded)
    except (binascii.Error, ValueError):
        raise KeyringError(f"key {kid}: secret is not valid base32") from None


def parse_keyring(setting: str) -> StampKeyring:
    """Parse ``KID:SECRET,KID:SECRET`` (first = current). Raises KeyringError."""
    keys: list[StampKey] = []
    for position, item in enumerate(setting.split(","), start=1):
        item = item.strip()
        if not item:
            continue
        kid, sep, secret = item.partition(":")
        kid = kid.strip().upper()
        if not sep:
            raise KeyringError(f"entry {position} has no ':' between key id and secret")
        keys.append(StampKey(kid, _decode_secret(kid, secret)))
    return StampKeyring(tuple(keys))


def generate_key(taken: Iterable[str] = ()) -> StampKey:
    """A new random key whose id is not in ``taken`` (e.g. ``keyring.kids``)."""
    used = set(taken)
    while True:
        kid = "".join(secrets.choice(_KID_ALPHABET) for _ in range(KID_LENGTH))
        if kid not in used:
            return StampKey(kid, secrets.token_bytes(NEW_SECRET_BYTES))


def load_keyring(setting: str | None, key_file: Path) -> StampKeyring:
    """The keyring from the setting; else from ``key_file``; else a new key saved there.

    Raises KeyringError for a malformed setting or file (never silently replaces a key:
    that would make every stamp already printed look forged).
    """
    if setting and setting.strip():
        return parse_keyring(setting)
    if key_file.exists():
        if key_file.stat().st_mode & 0o077:  # copied in by hand, or made by an older version
            key_file.chmod(0o600)
        return parse_keyring(key_file.read_text(encoding="ascii"))
    ring = StampKeyring((generate_key(),))
    key_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = key_file.with_name(key_file.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(ring.to_setting() + "\n")
    # Exclusive link: if another process created the file meanwhile, use its key instead.
    try:
        os.link(temporary, key_file)
    except FileExistsError:
        return parse_keyring(key_file.read_text(encoding="ascii"))
    finally:
        temporary.unlink(missing_ok=True)
    return ring
