"""Signed payloads: round trip, tampering, key rotation, and the URL around them."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from stamps.keys import (
    KeyringError,
    StampKey,
    StampKeyring,
    generate_key,
    load_keyring,
    parse_keyring,
)
from stamps.payload import (
    MAC_BYTES,
    PAYLOAD_CHARS,
    VerifyStatus,
    make_payload,
    make_stamp_url,
    parse_stamp_url,
    public_url_problem,
    verify_payload,
)

BASE = "https://ocop.hatinh.gov.vn"
OLD = StampKey("K1", bytes(range(32)))
NEW = StampKey("K2", bytes(range(100, 132)))
# Every character a QR code in alphanumeric mode can hold, and lowercase too.
QR_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:abcdefghijklmnopqrstuvwxyz"


def test_mac_is_at_least_80_bits() -> None:
    assert MAC_BYTES * 8 >= 80


@pytest.mark.parametrize("serial", [0, 1, 99_999, 2**32 - 1])
def test_round_trip(serial: int) -> None:
    ring = StampKeyring((NEW, OLD))
    payload = make_payload(ring, serial)
    assert len(payload) == PAYLOAD_CHARS
    assert payload.isalnum() and payload == payload.upper()
    result = verify_payload(payload, ring)
    assert result.valid and result.serial == serial and result.kid == "K2"


def test_every_single_character_change_fails() -> None:
    ring = StampKeyring((NEW, OLD))
    payload = make_payload(ring, 4242)
    outcomes: set[VerifyStatus] = set()
    for i, original in enumerate(payload):
        for other in QR_CHARS:
            if other == original:
                continue
            changed = payload[:i] + other + payload[i + 1 :]
            result = verify_payload(changed, ring)
            assert not result.valid, (i, other)
            outcomes.add(result.status)
    # changing the key id to the other key's id is a wrong MAC, not a pass
    assert verify_payload("1K1" + payload[3:], ring).status is VerifyStatus.BAD_MAC
    assert {VerifyStatus.BAD_MAC, VerifyStatus.MALFORMED, VerifyStatus.UNKNOWN_KEY} <= outcomes


def test_truncated_or_extended_payload_is_malformed() -> None:
    ring = StampKeyring((NEW,))
    payload = make_payload(ring, 7)
    for changed in (payload[:-1], payload + "A", "", "2" + payload[1:], payload.lower()):
        assert verify_payload(changed, ring).status is VerifyStatus.MALFORMED


def test_unknown_key_id_fails() -> None:
    payload = make_payload(StampKeyring((NEW,)), 12)
    result = verify_payload(payload, StampKeyring((OLD,)))
    assert result.status is VerifyStatus.UNKNOWN_KEY
    assert result.kid == "K2" and result.serial == 12


def test_same_id_other_secret_is_bad_mac() -> None:
    payload = make_payload(StampKeyring((NEW,)), 12)
    impostor = StampKey("K2", bytes(32))
    assert verify_payload(payload, StampKeyring((impostor,))).status is VerifyStatus.BAD_MAC


def test_key_retired_from_issuing_still_verifies() -> None:
    issued_by_old = make_payload(StampKeyring((OLD,)), 77)
    rotated = StampKeyring((OLD,)).with_current(NEW)
    assert rotated.current == NEW and rotated.kids == ("K2", "K1")
    assert verify_payload(issued_by_old, rotated).valid
    assert make_payload(rotated, 78)[1:3] == "K2"


def test_keyring_setting_round_trip() -> None:
    ring = StampKeyring((NEW, OLD))
    setting = ring.to_setting()
    assert parse_keyring(setting) == ring
    spaced = " " + setting.lower().replace(",", " , ") + " ,"
    assert parse_keyring(spaced) == ring
    assert OLD.secret.hex() not in repr(ring)


@pytest.mark.parametrize(
    "setting",
    [
        "",
        "K1",
        "K1:",
        "TOOLONG:MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U",
        "K1:MFRGG",
        "K1:!!!!",
        "K1:MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U,K1:MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U",
    ],
)
def test_bad_keyring_settings(setting: str) -> None:
    with pytest.raises(KeyringError):
        parse_keyring(setting)


def test_generate_key() -> None:
    ring = StampKeyring((OLD,))
    keys = {generate_key(ring.kids).kid for _ in range(50)}
    assert "K1" not in keys
    key = generate_key()
    assert len(key.secret) == 32
    assert parse_keyring(key.to_setting()).current == key


def test_stamp_url_is_qr_alphanumeric_and_parses_back() -> None:
    ring = StampKeyring((NEW,))
    url = make_stamp_url(BASE, ring, 5)
    assert url.startswith("HTTPS://OCOP.HATINH.GOV.VN/S/")
    assert set(url) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
    payload = parse_stamp_url(url, BASE)
    assert payload is not None and verify_payload(payload, ring).serial == 5
    # scheme and host are case-insensitive; default port and trailing slash do not matter
    assert parse_stamp_url(url.lower(), BASE + "/") == payload
    assert parse_stamp_url(url.replace(".VN/", ".VN:443/"), BASE) == payload


@pytest.mark.parametrize(
    "text",
    [
        "HTTPS://OCOP.HATINH.GOV.VN.EVIL.COM/S/1K2AAAAAAZKF4XN2Q7PJLSMHBVUEA",
        "HTTPS://OCOP.HATINH.GOV.VN@EVIL.COM/S/1K2AAAAAAZKF4XN2Q7PJLSMHBVUEA",
        "HTTP://OCOP.HATINH.GOV.VN/S/1K2AAAAAAZKF4XN2Q7PJLSMHBVUEA",
        "HTTPS://OCOP.HATINH.GOV.VN:8443/S/1K2AAAAAAZKF4XN2Q7PJLSMHBVUEA",
        "HTTPS://OCOP.HATINH.GOV.VN/X/1K2AAAAAAZKF4XN2Q7PJLSMHBVUEA",
        "1K2AAAAAAZKF4XN2Q7PJLSMHBVUEA",
        "not a url",
    ],
)
def test_other_addresses_are_not_our_stamp_urls(text: str) -> None:
    assert parse_stamp_url(text, BASE) is None


def test_base_path_must_match_exactly() -> None:
    base = "https://example.vn/OCOP"
    url = make_stamp_url(base, StampKeyring((NEW,)), 1)
    assert url.startswith("HTTPS://EXAMPLE.VN/OCOP/S/")
    assert parse_stamp_url(url, base) is not None
    assert parse_stamp_url(url, "https://example.vn/ocop") is None
    assert parse_stamp_url(url, "https://example.vn") is None


def test_damaged_payload_on_our_address_is_still_ours() -> None:
    assert parse_stamp_url("HTTPS://OCOP.HATINH.GOV.VN/S/GARBAGE", BASE) == "GARBAGE"


@pytest.mark.parametrize("base", ["ftp://x.vn", "https://", "not a url", "https://x.vn/?q=1"])
def test_unusable_base_url(base: str) -> None:
    with pytest.raises(ValueError):
        make_stamp_url(base, StampKeyring((NEW,)), 1)


def test_load_keyring_prefers_setting_then_file_then_generates(tmp_path: Path) -> None:
    key_file = tmp_path / "data" / "stamp-keys"
    first = load_keyring(None, key_file)
    assert key_file.exists() and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert load_keyring("", key_file) == first  # kept across restarts
    assert load_keyring(StampKeyring((NEW,)).to_setting(), key_file).current == NEW
    key_file.write_text("garbage", encoding="ascii")
    with pytest.raises(KeyringError):
        load_keyring(None, key_file)


@pytest.mark.parametrize(
    ("base", "problem"),
    [
        ("http://127.0.0.1:8080", "private or local address"),
        ("https://127.0.0.1", "private or local address"),
        ("https://[::1]:8443", "private or local address"),
        ("https://10.1.2.3", "private or local address"),
        ("https://192.168.1.20/ocop", "private or local address"),
        ("https://172.16.0.9", "private or local address"),
        ("https://100.64.0.1", "private or local address"),
        ("https://localhost", "localhost"),
        ("https://bot.localhost", "localhost"),
        ("https://ocop-server", "local network name"),
        ("https://ocop.local", "local network name"),
        ("http://ocop.hatinh.gov.vn", "not https"),
        ("ocop.hatinh.gov.vn", "no host"),
    ],
)
def test_addresses_phones_cannot_open(base: str, problem: str) -> None:
    found = public_url_problem(base)
    assert found is not None and problem in found


@pytest.mark.parametrize(
    "base", ["https://ocop.hatinh.gov.vn", "HTTPS://OCOP.VN/TEM", "https://8.8.8.8"]
)
def test_public_https_addresses(base: str) -> None:
    assert public_url_problem(base) is None
