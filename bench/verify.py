"""Whole stamp verifications, from a photo to the answer, through the real dispatcher.

A photo of a printed label (the QR code with its text, small in a larger JPEG) goes in as a
chat message; the answer comes out of the outbox. SQLite in a temporary data directory.
Prints verifications per second and p50/p99 latency, one chat after another and 16 chats at
once.

    .venv/bin/python bench/verify.py [--count 200]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app import App, build_app
from bot.cli.demo_data import load_demo_data
from bot.settings import Settings
from flows.messages import Inbound, PhotoAttachment, Reply
from stamps.payload import make_stamp_url
from stamps.serial import format_serial
from stamps.sheet import StampLabel, render_label_png
from storage.unit_of_work import UnitOfWork


class BenchChannel:
    """Takes photos from memory and records when each chat got its answer."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.answered: dict[str, float] = {}
        self.texts: dict[str, str] = {}

    @property
    def name(self) -> str:
        return "bench"

    async def send(self, chat_id: str, reply: Reply) -> None:
        self.answered.setdefault(chat_id, time.perf_counter())
        self.texts.setdefault(chat_id, reply.text)

    async def download(self, photo: PhotoAttachment, max_bytes: int) -> bytes:
        return self.files[photo.ref]


def photo_of_label(label: StampLabel) -> bytes:
    printed = render_label_png(label, dpi=200).convert("RGB")
    scene = Image.new("RGB", (1280, 960), (200, 190, 170))
    scene.paste(printed, (400, 300))
    buffer = io.BytesIO()
    scene.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


async def prepare(app: App, count: int, channel: BenchChannel) -> list[str]:
    await load_demo_data(app.database, app.photo_store, app.clock.now())
    async with UnitOfWork(app.database) as uow:
        _, serials = await uow.stamps.issue_batch(
            3, count, app.keyring.current.kid, app.clock.now()
        )
        await uow.commit()
    refs = []
    for serial in serials:
        url = make_stamp_url(app.public_url, app.keyring, serial)
        label = StampLabel(format_serial(serial), url, "Mật ong rừng Vũ Quang", "HTX Ân Phú", 4)
        ref = f"photo-{serial}"
        channel.files[ref] = photo_of_label(label)
        refs.append(ref)
    return refs


async def run(
    app: App, channel: BenchChannel, refs: list[str], parallel: int, tag: str
) -> dict[str, float]:
    started: dict[str, float] = {}
    queue = list(enumerate(refs))

    async def worker() -> None:
        while queue:
            i, ref = queue.pop()
            chat = f"{tag}-{i}"
            inbound = Inbound("bench", chat, chat, f"{tag}-m{i}", photos=(PhotoAttachment(ref),))
            started[chat] = time.perf_counter()
            await app.dispatcher.handle(inbound)

    t0 = time.perf_counter()
    cpu0 = time.process_time()
    await asyncio.gather(*(worker() for _ in range(parallel)))
    wall = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    latencies = sorted((channel.answered[c] - started[c]) * 1000 for c in started)
    genuine = sum(1 for c in started if channel.texts[c].startswith("✅"))
    return {
        "per_second": len(refs) / wall,
        "p50": statistics.median(latencies),
        "p99": latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
        "cpu_ms": 1000 * cpu / len(refs),
        "genuine": genuine,
        "count": len(refs),
    }


async def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), public_url="https://ocop.hatinh.gov.vn")
        app = await build_app(settings)
        channel = BenchChannel()
        app.add_channel(channel)
        refs = await prepare(app, 2 * count, channel)
        print("| run | verifications/s | p50 ms | p99 ms | CPU ms each | genuine |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for parallel, tag, part in ((1, "one", refs[:count]), (16, "many", refs[count:])):
            r = await run(app, channel, part, parallel, tag)
            print(
                f"| {parallel} chat{'s' if parallel > 1 else ''} at a time | {r['per_second']:.1f} "
                f"| {r['p50']:.1f} | {r['p99']:.1f} | {r['cpu_ms']:.1f} "
                f"| {int(r['genuine'])}/{int(r['count'])} |"
            )
        await app.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=200)
    asyncio.run(main(parser.parse_args().count))
