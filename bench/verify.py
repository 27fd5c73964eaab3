"""Whole stamp verifications, from a photo to the answer, through the real dispatcher.

A photo of a printed label (the QR code with its text, small in a larger JPEG) goes in as a
chat message; the answer comes out of the outbox. SQLite in a temporary data directory.
Prints verifications per second and p50/p99 latency, one chat after another and 16 chats at
once. With --profile, also where the CPU time of a verification goes: the photo store's check
and re-encoding, the decoding, the event loop's thread (dispatcher, database session, flow,
logging) and the rest (the database driver's thread, thread hand-offs), in ms per
verification, each measured with time.thread_time on its own thread.

    .venv/bin/python bench/verify.py [--count 200] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import handlers.stamp_check
from bot.app import App, build_app
from bot.cli.demo_data import load_demo_data
from bot.settings import Settings
from flows.messages import Inbound, PhotoAttachment, Reply
from stamps.payload import make_stamp_url
from stamps.serial import format_serial
from stamps.sheet import StampLabel, render_label_png
from storage.photo_store import PhotoStore
from storage.unit_of_work import UnitOfWork

T = TypeVar("T")


class CpuSplit:
    """CPU seconds spent inside the photo check and inside the decoding, on whatever thread
    runs them (time.thread_time around each call), by wrapping the two functions."""

    def __init__(self) -> None:
        self.spent = {"check": 0.0, "decode": 0.0}
        self._lock = threading.Lock()

    def timed(self, part: str, function: Callable[..., T]) -> Callable[..., T]:
        def measured(*args: Any, **kwargs: Any) -> T:
            started = time.thread_time()
            try:
                return function(*args, **kwargs)
            finally:
                with self._lock:
                    self.spent[part] += time.thread_time() - started

        return measured

    def install(self) -> None:
        PhotoStore.check_and_store = self.timed("check", PhotoStore.check_and_store)  # type: ignore[method-assign]
        handlers.stamp_check.decode_qr = self.timed("decode", handlers.stamp_check.decode_qr)  # type: ignore[attr-defined]

    def reset(self) -> None:
        with self._lock:
            self.spent = dict.fromkeys(self.spent, 0.0)


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
    app: App,
    channel: BenchChannel,
    refs: list[str],
    parallel: int,
    tag: str,
    split: CpuSplit | None = None,
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

    if split is not None:
        split.reset()
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    loop0 = time.thread_time()  # this thread runs the event loop
    await asyncio.gather(*(worker() for _ in range(parallel)))
    wall = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    loop_cpu = time.thread_time() - loop0
    latencies = sorted((channel.answered[c] - started[c]) * 1000 for c in started)
    genuine = sum(1 for c in started if channel.texts[c].startswith("✅"))
    parts: dict[str, float] = {}
    if split is not None:
        each = 1000 / len(refs)
        parts = {
            "check_ms": split.spent["check"] * each,
            "decode_ms": split.spent["decode"] * each,
            "loop_ms": loop_cpu * each,
            "rest_ms": (cpu - split.spent["check"] - split.spent["decode"] - loop_cpu) * each,
        }
    return {
        **parts,
        "per_second": len(refs) / wall,
        "p50": statistics.median(latencies),
        "p99": latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
        "cpu_ms": 1000 * cpu / len(refs),
        "genuine": genuine,
        "count": len(refs),
    }


async def main(count: int, profile: bool = False) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), public_url="https://ocop.hatinh.gov.vn")
        app = await build_app(settings)
        channel = BenchChannel()
        app.add_channel(channel)
        refs = await prepare(app, 2 * count, channel)
        split = CpuSplit() if profile else None
        if split is not None:
            split.install()
        print("| run | verifications/s | p50 ms | p99 ms | CPU ms each | genuine |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        rows = []
        for parallel, tag, part in ((1, "one", refs[:count]), (16, "many", refs[count:])):
            r = await run(app, channel, part, parallel, tag, split)
            name = f"{parallel} chat{'s' if parallel > 1 else ''} at a time"
            rows.append((name, r))
            print(
                f"| {name} | {r['per_second']:.1f} "
                f"| {r['p50']:.1f} | {r['p99']:.1f} | {r['cpu_ms']:.1f} "
                f"| {int(r['genuine'])}/{int(r['count'])} |"
            )
        if split is not None:
            print()
            print(
                "| CPU ms per verification | photo check and re-encode | decode "
                "| event loop (dispatcher, database session, flow) | rest (driver thread, "
                "hand-offs) | total |"
            )
            print("| --- | ---: | ---: | ---: | ---: | ---: |")
            for name, r in rows:
                print(
                    f"| {name} | {r['check_ms']:.1f} | {r['decode_ms']:.1f} | {r['loop_ms']:.1f} "
                    f"| {r['rest_ms']:.1f} | {r['cpu_ms']:.1f} |"
                )
        await app.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument(
        "--profile", action="store_true", help="also print where each verification's CPU goes"
    )
    args = parser.parse_args()
    asyncio.run(main(args.count, args.profile))
