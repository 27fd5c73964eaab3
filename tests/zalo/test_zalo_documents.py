"""Documents on Zalo: the Bot API sends no files, so the officer gets a sealed download link
on our web server, valid for DOCUMENT_TTL; it serves the same bytes, and an altered, renamed,
expired or photo token gets 404. Without OCOP_PUBLIC_URL the file is only named."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.zalo.channel import ZaloChannel
from bot.zalo.client import ZaloClient
from bot.zalo.media import DOCUMENT_TTL, ZaloMediaPublisher, add_zalo_media_routes
from bot.zalo.render import compose_text
from flows.messages import Reply
from tests.e2e.fake_zalo import FakeZalo

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40
SHA = "ab" * 32


class Photos:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, sha256: str) -> Path:
        return self.root / f"{sha256}.jpg"


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def documents(tmp_path: Path) -> Path:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "tem-lo-7.pdf").write_bytes(PDF)
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / f"{SHA}.jpg").write_bytes(b"\xff\xd8jpeg")
    (tmp_path / "secret.txt").write_text("not for download")
    return folder


def _link(text: str) -> str:
    found = re.search(r"https?://\S+", text)
    assert found is not None, text
    return found.group(0)


async def test_the_officer_downloads_the_sheet_from_the_link_zalo_was_sent(
    documents: Path,
) -> None:
    clock = Clock()
    photos = Photos(documents.parent / "photos")
    app = web.Application()
    async with FakeZalo() as zalo:
        serving = ZaloMediaPublisher.for_bot_token(
            "http://x", zalo.token, photos, clock=clock, documents=documents
        )
        add_zalo_media_routes(app, serving)
        async with TestServer(app) as ours:
            base = str(ours.make_url("")).rstrip("/")
            minting = ZaloMediaPublisher.for_bot_token(
                base, zalo.token, photos, clock=clock, documents=documents
            )
            channel = ZaloChannel(ZaloClient(zalo.token, zalo.base_url), minting)
            sheet = str(documents / "tem-lo-7.pdf")
            await channel.send("u1", Reply("✅ Đã phát hành 10 tem", document=sheet, lang="vi"))
            await channel.aclose()
            [sent] = zalo.sent_to("u1")
            assert sent.method == "sendMessage"
            assert f"trong {int(DOCUMENT_TTL // 3600)} giờ" in sent.text
            link = _link(sent.text)
            assert re.fullmatch(re.escape(base) + r"/media/zalo/doc/[\w-]+/tem-lo-7\.pdf", link)
            async with httpx.AsyncClient() as http:
                got = await http.get(link)
                assert got.status_code == 200 and got.content == PDF
                assert got.headers["Content-Type"] == "application/pdf"
                assert "attachment" in got.headers["Content-Disposition"]

                token = link.split("/")[-2]
                flipped = token[:10] + ("A" if token[10] != "A" else "B") + token[11:]
                photo_token = minting.publish(SHA).rsplit("/", 1)[-1].removesuffix(".jpg")
                for bad in (
                    link.replace(token, flipped),  # altered
                    link.replace("tem-lo-7.pdf", "tem-lo-8.pdf"),  # another name
                    link.replace(token, photo_token),  # a photo's token
                    link.replace(token, token + "A"),
                ):
                    assert (await http.get(bad)).status_code == 404, bad
                clock.now += DOCUMENT_TTL + 1  # expired
                assert (await http.get(link)).status_code == 404


def test_only_files_of_the_documents_directory_get_a_link(documents: Path) -> None:
    publisher = ZaloMediaPublisher(
        "https://bot.example", b"k" * 32, Photos(documents), documents=documents
    )
    assert publisher.publish_document(str(documents / "tem-lo-7.pdf")) is not None
    assert publisher.publish_document(str(documents.parent / "secret.txt")) is None
    assert publisher.publish_document(str(documents / ".." / "secret.txt")) is None
    assert publisher.publish_document(str(documents / "missing.pdf")) is None
    without = ZaloMediaPublisher("https://bot.example", b"k" * 32, Photos(documents))
    assert without.publish_document(str(documents / "tem-lo-7.pdf")) is None


def test_without_a_public_url_the_file_is_named_and_the_office_can_send_it() -> None:
    text = compose_text(Reply("✅ Đã phát hành", document="/var/documents/tem-lo-7.pdf"))
    assert "tem-lo-7.pdf" in text and "văn phòng điều phối" in text and "http" not in text
