"""Classifying decoded texts: our stamps, typed serials, copies, bank codes, other things."""

from __future__ import annotations

from flows.texts import TEXTS
from stamps.classify import QrKind, classify
from stamps.keys import StampKey, StampKeyring
from stamps.payload import make_stamp_url
from stamps.serial import format_serial

BASE = "https://ocop.hatinh.gov.vn"
RING = StampKeyring((StampKey("K1", bytes(range(32))),))


def tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


# A VietQR transfer code (EMVCo TLV with the NAPAS AID), shaped as banking apps print them.
VIETQR = "".join(
    [
        tlv("00", "01"),
        tlv("01", "12"),
        tlv(
            "38",
            tlv("00", "A000000727")
            + tlv("01", tlv("00", "970422") + tlv("01", "0123456789"))
            + tlv("02", "QRIBFTTA"),
        ),
        tlv("53", "704"),
        tlv("54", "50000"),
        tlv("58", "VN"),
        tlv("59", "NGUYEN VAN"),
        tlv("63", "ABCD"),
    ]
)


def test_our_stamp_url() -> None:
    url = make_stamp_url(BASE, RING, 9)
    result = classify(url, BASE)
    assert result.kind is QrKind.STAMP and result.is_ocop
    assert url.endswith("/S/" + (result.payload or "?"))


def test_typed_serial() -> None:
    result = classify(" " + format_serial(1234).lower() + " ", BASE)
    assert result.kind is QrKind.SERIAL and result.serial == 1234 and result.is_ocop


def test_real_payload_on_another_host_is_a_copy() -> None:
    url = make_stamp_url(BASE, RING, 9)
    fake = url.replace("OCOP.HATINH.GOV.VN", "OCOP-HATINH.VN")
    result = classify(fake, BASE)
    assert result.kind is QrKind.COPIED_STAMP and not result.is_ocop
    assert result.host == "ocop-hatinh.vn"
    userinfo = url.replace("OCOP.HATINH.GOV.VN", "OCOP.HATINH.GOV.VN@EVIL.EXAMPLE")
    assert classify(userinfo, BASE).host == "evil.example"


def test_vietqr_is_a_bank_payment() -> None:
    result = classify(VIETQR, BASE)
    assert result.kind is QrKind.BANK_PAYMENT and result.description == "QR_IS_BANK_PAYMENT"
    details = dict(result.details)
    assert details["bank_bin"] == "970422" and details["account"] == "0123456789"
    assert details["merchant"] == "NGUYEN VAN" and details["amount"] == "50000"


def test_other_emv_payment() -> None:
    result = classify("000201010211" + "5802VN6304ABCD", BASE)
    assert result.kind is QrKind.BANK_PAYMENT and result.description == "QR_IS_PAYMENT"


def test_other_things() -> None:
    assert classify("https://shopee.vn/mat-ong", BASE).kind is QrKind.OTHER_URL
    assert classify("https://shopee.vn/mat-ong", BASE).host == "shopee.vn"
    assert classify("www.example.com/x", BASE).kind is QrKind.OTHER_URL
    assert classify("WIFI:S:quan;T:WPA;P:123;;", BASE).kind is QrKind.WIFI
    assert classify("BEGIN:VCARD\nFN:An\nEND:VCARD", BASE).kind is QrKind.CONTACT
    assert classify("Mật ong rừng Vũ Quang", BASE).kind is QrKind.TEXT


def test_every_description_has_vietnamese_and_english() -> None:
    for text in [VIETQR, "x", "https://a.vn", "WIFI:S:a;;", "MECARD:N:a;;"]:
        key = classify(text, BASE).description
        vi, en = TEXTS[key]
        assert vi and en
