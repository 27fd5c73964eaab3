"""Files sent as files on Telegram, over real HTTP against the local fake Bot API: the update
parsed, the file fetched by getFile, checked, stored, and the flow's answer sent back."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import cast

import pytest

from bot.telegram.channel import TelegramChannel
from bot.telegram.parse import parse_update
from flows.messages import DocumentAttachment, StoredDocument
from handlers.inbound_documents import process_document
from handlers.ports import PhotoTooLarge
from storage.database import Database
from storage.document_store import DocumentStore
from tests.documents import DOCX, PDF, REGISTRY
from tests.e2e.fake_telegram import DEFAULT_TOKEN, FakeTelegram
from tests.fakes import FakeChannel
from tests.harness import make_bot


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as tg:
        yield tg


@pytest.fixture
async def channel(fake: FakeTelegram) -> AsyncIterator[TelegramChannel]:
    ch = TelegramChannel(DEFAULT_TOKEN, fake.base_url)
    yield ch
    await ch.close()


async def _parsed(fake: FakeTelegram, channel: TelegramChannel) -> list[DocumentAttachment]:
    updates = await channel.get_updates(None, timeout=0)
    inbounds = [parse_update(u) for u in updates]
    return [d for i in inbounds if i is not None for d in i.documents]


async def test_a_file_is_fetched_by_getfile_and_stored(
    fake: FakeTelegram, channel: TelegramChannel, tmp_path: Path
) -> None:
    user = fake.user(5100000201)
    fake.send_document(user, PDF, "Phương án.pdf", "application/pdf", caption="Của HTX")
    (document,) = await _parsed(fake, channel)
    assert await channel.download_document(document, 10**6) == PDF
    store = DocumentStore(tmp_path)
    result = await process_document(channel, document, store, wanted=True)
    sha = hashlib.sha256(PDF).hexdigest()
    assert result == StoredDocument(sha, "Phương án.pdf", "application/pdf", len(PDF))
    assert store.read(sha) == PDF


async def test_over_the_bot_apis_20_mb_it_is_refused_without_a_download(
    fake: FakeTelegram, channel: TelegramChannel, tmp_path: Path
) -> None:
    user = fake.user(5100000202)
    fake.send_document(user, PDF, "scan.pdf", "application/pdf", announced_size=21 * 2**20)
    (document,) = await _parsed(fake, channel)
    store = DocumentStore(tmp_path, max_bytes=50 * 2**20)  # a setting above Telegram's limit
    with pytest.raises(PhotoTooLarge):
        await channel.download_document(document, store.max_bytes)
    unannounced = DocumentAttachment(ref=document.ref, file_name="scan.pdf")
    with pytest.raises(PhotoTooLarge):  # getFile: "file is too big"
        await channel.download_document(unannounced, store.max_bytes)
    result = await process_document(channel, unannounced, store, wanted=True)
    assert not isinstance(result, StoredDocument) and result.reason == "DOCUMENT_TOO_LARGE"


async def test_through_the_dispatcher_and_back(
    fake: FakeTelegram, channel: TelegramChannel, database: Database, tmp_path: Path
) -> None:
    # make_bot serves any channel beside its fake; its signature names only the fakes.
    bot = make_bot(database, tmp_path, registry=REGISTRY, others=(cast(FakeChannel, channel),))
    user = fake.user(5100000203)

    async def step() -> list[str]:
        for update in await channel.get_updates(None, timeout=0):
            inbound = parse_update(update)
            assert inbound is not None
            await bot.dispatcher.handle(inbound)
        await channel.get_updates(max(fake.injected) + 1, timeout=0)  # confirm them
        return [m.text or "" for m in await fake.settle(user.id, quiet=0.1)]

    fake.send_text(user, "/tep")
    await step()
    fake.send_document(user, DOCX, "ke hoach.docx", None)
    assert "chưa cần tệp" in (await step())[0]
    fake.send_text(user, "HTX Ân Phú")
    await step()
    fake.send_document(user, DOCX, "ke hoach.docx", None)
    kept = await step()
    assert kept[0].startswith(f"kept ke hoach.docx {hashlib.sha256(DOCX).hexdigest()}")
    assert [m for m, _ in fake.calls].count("getFile") == 1  # the unwanted one was not fetched
