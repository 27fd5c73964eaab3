"""Stamp payloads forged, truncated, extended, altered, or re-signed with a key the province
never had, for a serial that was really issued: the chat (the link typed or photographed)
and the stamp page answer "not genuine", all alike, and reveal nothing else (no product, no
producer, no serial, no key id, nothing telling which check failed)."""

from __future__ import annotations

import secrets
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer

from bot.app import build_app
from bot.settings import Settings
from bot.web.server import build_web_app
from bot.web.stamp_page import add_stamp_routes
from flows.texts import t
from stamps.keys import StampKey, StampKeyring
from stamps.payload import make_payload, stamp_url_prefix
from stamps.serial import format_serial
from storage.database import Database
from storage.unit_of_work import UnitOfWork
from tests.handlers.test_stamp_checks import certified_product, issue, photo_of
from tests.harness import PUBLIC_URL, make_bot

REVEALING = ("Mật ong", "HTX", "Ân Phú", "Vũ Quang", "⭐", "QĐ-UBND")


def forgeries(keyring: StampKeyring, serial: int) -> dict[str, str]:
    real = make_payload(keyring, serial)
    kid = keyring.current.kid
    stranger = "ZZ" if kid != "ZZ" else "ZY"
    other_secret = StampKeyring((StampKey(kid, secrets.token_bytes(32)),))
    unknown_key = StampKeyring((StampKey(stranger, secrets.token_bytes(32)),))
    flipped = real[:-1] + ("B" if real[-1] != "B" else "C")
    return {
        "same key id, wrong secret": make_payload(other_secret, serial),
        "re-signed with an unknown key": make_payload(unknown_key, serial),
        "real body under another key id": real[0] + stranger + real[3:],
        "one character changed": flipped,
        "serial changed, MAC kept": make_payload(keyring, serial + 1)[:10] + real[10:],
        "truncated by one": real[:-1],
        "truncated to the key id": real[:3],
        "extended": real + "A",
        "other version": "2" + real[1:],
    }


def _assert_reveals_nothing(text: str, what: str, serial: int) -> None:
    for word in (*REVEALING, format_serial(serial), "MAC", "key", "khóa"):
        assert word not in text, (what, word)


async def test_forged_stamps_in_the_chat_are_not_genuine_and_alike(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    product = await certified_product(bot)
    _, serials = await issue(bot, product, 2)
    counterfeit = t("STAMP_COUNTERFEIT", "vi")
    prefix = stamp_url_prefix(PUBLIC_URL)
    answers: set[str] = set()
    for what, payload in forgeries(bot.keyring, serials[0]).items():
        typed = await bot.say(prefix + payload)
        shot = await bot.photo(photo_of(prefix + payload))
        for replies in (typed, shot):
            text = "\n".join(r.text for r in replies)
            assert counterfeit in text, (what, text)
            _assert_reveals_nothing(text, what, serials[0])
            assert all(r.photo is None for r in replies)
            answers.add(replies[0].text.split("\n\n")[0])  # the menu may follow
    assert answers == {counterfeit}
    genuine = await bot.say(prefix + make_payload(bot.keyring, serials[1]))
    assert genuine[0].text.startswith("✅")  # the same way in answers a real one


async def test_forged_stamps_on_the_page_are_not_genuine_and_alike(
    database: Database, tmp_path: Path
) -> None:
    settings = Settings(
        data_dir=tmp_path / "data",
        database_url=database.url,
        public_url=PUBLIC_URL,
        _env_file=None,  # type: ignore[call-arg]
    )
    app = await build_app(settings)
    bot = make_bot(database, tmp_path)
    product = await certified_product(bot)
    async with TestClient(TestServer(build_web_app(app, [add_stamp_routes]))) as client:
        async with UnitOfWork(app.database) as uow:
            _, serials = await uow.stamps.issue_batch(
                product, 1, app.keyring.current.kid, app.clock.now()
            )
            await uow.commit()
        bodies: set[str] = set()
        for what, payload in forgeries(app.keyring, serials[0]).items():
            for path in (f"/S/{payload}", f"/s/{payload.lower()}"):
                response = await client.get(path)
                assert response.status == 200, what
                page = await response.text()
                assert t("STAMP_COUNTERFEIT", "vi") in page, what
                assert '<div class="box counterfeit">' in page
                _assert_reveals_nothing(page, what, serials[0])
                assert "<img" not in page
                bodies.add(page.replace(path, ""))  # the language link names the path
        assert len(bodies) == 1
        real = await client.get(f"/S/{make_payload(app.keyring, serials[0])}")
        assert "Mật ong rừng Vũ Quang" in await real.text()
    await app.close()
