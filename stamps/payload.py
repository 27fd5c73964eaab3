"""The signed stamp payload and the stamp URL that carries it.

Payload, version 1, 27 characters, all in QR's alphanumeric alphabet::

    1  K2  AAAAAAZKF4XN2Q7PJLSMHBVUEA
    |  |   base32 (RFC 4648, no padding) of 15 bytes: serial (4, big-endian) + MAC (11)
    |  key id (two characters A-Z 0-9, see keys.py)
    version

MAC = the first 11 bytes (88 bits) of HMAC-SHA-256(key, "OCOP-STAMP\\0" + version + kid +
serial). Fifteen bytes are exactly 24 base32 characters, so there are no spare bits and each
stamp has one spelling only: any change to a character changes the bytes the MAC covers.

The URL is ``<BASE>/S/<PAYLOAD>``, where BASE is ``OCOP_PUBLIC_URL`` with scheme and host
uppercased (they are case-insensitive) and its path kept as given. With an uppercase (or
empty) base path the whole URL is QR alphanumeric text: a 30-character base gives a
60-character URL, QR version 4 at error correction Q. The web server must route
``<base path>/S/<payload>`` (the ``/S/`` is uppercase in every printed code).
"""

from __future__ import annotations

import base64
import binascii
import enum
import hashlib
import hmac
import ipaddress
import re
from dataclasses import dataclass
from typing import Final
from urllib.parse import SplitResult, urlsplit

from stamps.keys import KID_LENGTH, StampKeyring

VERSION: Final = "1"
SERIAL_BYTES: Final = 4
MAC_BYTES: Final = 11
BODY_CHARS: Final = 24  # base32 of SERIAL_BYTES + MAC_BYTES = 15 bytes, no padding
PAYLOAD_CHARS: Final = len(VERSION) + KID_LENGTH + BODY_CHARS
STAMP_PATH: Final = "/S/"
_DOMAIN: Final = b"OCOP-STAMP\x00"
_PAYLOAD_RE: Final = re.compile(rf"[0-9A-Z]{{{PAYLOAD_CHARS}}}")
_BODY_RE: Final = re.compile(rf"[A-Z2-7]{{{BODY_CHARS}}}")
_DEFAULT_PORTS: Final = {"http": 80, "https": 443}


class VerifyStatus(enum.StrEnum):
    VALID = "valid"
    BAD_MAC = "bad_mac"  # well-formed, known key, wrong MAC: a forgery or a damaged copy
    UNKNOWN_KEY = "unknown_key"  # key id not in the keyring (never issued, or removed)
    MALFORMED = "malformed"  # not a version-1 payload at all


@dataclass(frozen=True, slots=True)
class VerifyResult:
    status: VerifyStatus
    serial: int | None = None  # as claimed by the payload; trust it only when valid
    kid: str | None = None

    @property
    def valid(self) -> bool:
        return self.status is VerifyStatus.VALID


def _mac(secret: bytes, kid: str, serial_bytes: bytes) -> bytes:
    message = _DOMAIN + VERSION.encode("ascii") + kid.encode("ascii") + serial_bytes
    return hmac.new(secret, message, hashlib.sha256).digest()[:MAC_BYTES]


def make_payload(keyring: StampKeyring, serial: int) -> str:
    """The payload for ``serial`` signed with the keyring's current key."""
    if not 0 <= serial < 2 ** (8 * SERIAL_BYTES):
        raise ValueError(f"serial {serial} out of range")
    key = keyring.current
    serial_bytes = serial.to_bytes(SERIAL_BYTES, "big")
    body = base64.b32encode(serial_bytes + _mac(key.secret, key.kid, serial_bytes))
    return VERSION + key.kid + body.decode("ascii")


def verify_payload(payload: str, keyring: StampKeyring) -> VerifyResult:
    """Check a payload exactly as printed (uppercase). Never raises."""
    if not _PAYLOAD_RE.fullmatch(payload) or not payload.startswith(VERSION):
        return VerifyResult(VerifyStatus.MALFORMED)
    kid = payload[len(VERSION) : len(VERSION) + KID_LENGTH]
    body = payload[len(VERSION) + KID_LENGTH :]
    if not _BODY_RE.fullmatch(body):
        return VerifyResult(VerifyStatus.MALFORMED)
    try:
        raw = base64.b32decode(body)
    except (binascii.Error, ValueError):
        return VerifyResult(VerifyStatus.MALFORMED)
    serial_bytes, mac = raw[:SERIAL_BYTES], raw[SERIAL_BYTES:]
    serial = int.from_bytes(serial_bytes, "big")
    key = keyring.get(kid)
    if key is None:
        return VerifyResult(VerifyStatus.UNKNOWN_KEY, serial, kid)
    if not hmac.compare_digest(mac, _mac(key.secret, kid, serial_bytes)):
        return VerifyResult(VerifyStatus.BAD_MAC, serial, kid)
    return VerifyResult(VerifyStatus.VALID, serial, kid)


def looks_like_payload(text: str) -> bool:
    """Shaped like a payload (any key, unchecked): used to spot copies on other sites."""
    return bool(_PAYLOAD_RE.fullmatch(text.upper()))


@dataclass(frozen=True, slots=True)
class _Origin:
    scheme: str
    host: str
    port: int | None
    path: str  # without trailing slash


def _origin(parts: SplitResult) -> _Origin | None:
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        return None
    host = parts.hostname
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    return _Origin(scheme, host.lower(), port or _DEFAULT_PORTS[scheme], parts.path.rstrip("/"))


def stamp_url_prefix(base_url: str) -> str:
    """``HTTPS://HOST[:PORT]/base/path/S/``: the part of every stamp URL before the payload."""
    parts = urlsplit(base_url.strip())
    origin = _origin(parts)
    if origin is None or parts.query or parts.fragment or parts.username:
        raise ValueError(f"not a usable public base URL: {base_url!r}")
    netloc = parts.netloc.upper()
    return f"{parts.scheme.upper()}://{netloc}{origin.path}{STAMP_PATH}"


def make_stamp_url(base_url: str, keyring: StampKeyring, serial: int) -> str:
    return stamp_url_prefix(base_url) + make_payload(keyring, serial)


def parse_stamp_url(text: str, base_url: str) -> str | None:
    """The payload (uppercased) if ``text`` is a stamp URL under ``base_url``, else None.

    Scheme and host compare case-insensitively (default ports too); the base path must match
    exactly. The payload is returned even when malformed, so that a damaged or forged code
    on our own address reports as not genuine rather than as "some other link".
    """
    base = _origin(urlsplit(base_url.strip()))
    parts = urlsplit(text.strip())
    seen = _origin(parts)
    if base is None or seen is None or parts.username is not None:
        return None
    if (seen.scheme, seen.host, seen.port) != (base.scheme, base.host, base.port):
        return None
    prefix = base.path + STAMP_PATH
    path = parts.path
    if not (path.startswith(prefix) or path.startswith(base.path + STAMP_PATH.lower())):
        return None
    return path[len(prefix) :].rstrip("/").upper()


def payload_in_path(path: str) -> str | None:
    """A payload-shaped last path segment after ``/S/`` (any host), for spotting copies."""
    match = re.search(r"/S/([0-9A-Za-z]+)/?$", path, flags=re.IGNORECASE)
    if match and looks_like_payload(match.group(1)):
        return match.group(1).upper()
    return None


def public_url_problem(base_url: str) -> str | None:
    """Why phones could not open stamps printed for ``base_url``, or None when it is a public
    https address. Printed stamps last for years: a link to this machine is a wasted print."""
    parts = urlsplit(base_url.strip())
    try:
        host = (parts.hostname or "").rstrip(".").lower()
    except ValueError:
        host = ""
    if not host:
        return "it has no host"
    if host == "localhost" or host.endswith(".localhost"):
        return "it is this machine (localhost)"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if "." not in host or host.endswith((".local", ".internal", ".lan", ".home.arpa")):
            return "its host is a local network name"
    else:
        if not address.is_global:
            return "its host is a private or local address"
    if parts.scheme.lower() != "https":
        return "it is not https"
    return None
