"""Peak memory of checking many large photos at once (issue 8, "What a security probe found").

Twelve PNGs of 6000 x 6600 RGBA pixels (about 180 KB each, just under OCOP_MAX_PHOTO_PIXELS)
arrive at once and are checked as the dispatcher checks them. Each way of checking runs in a
fresh process, and the table shows that process's resident memory before the photos and at
its peak (VmHWM), with what became of the photos:

- "before": the photo store of commit 8069764 (read with `git show`), each check on
  asyncio.to_thread as the dispatcher did (at most min(32, CPUs + 4) at once);
- "after": today's PhotoStore.check with the settings' defaults (its own threads and a memory
  budget shared by all checks).

The same is done with twelve JPEGs of the same size (the draft-mode path).

    .venv/bin/python bench/photo_memory.py [--count 12] [--before-rev 8069764]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
import types
from collections import Counter
from pathlib import Path
from typing import Any, Protocol

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WIDTH, HEIGHT = 6000, 6600


class _Checks(Protocol):
    def check_and_store(self, data: bytes) -> object: ...


def _make_photos(folder: Path, count: int) -> None:
    """Distinct large pictures that compress to little: a few shapes on a flat background."""
    for index in range(count):
        image = Image.new("RGBA", (WIDTH, HEIGHT), (240, 230 - index, 200, 255))
        draw = ImageDraw.Draw(image)
        for shape in range(8):
            left = 300 + 600 * shape + 10 * index
            draw.ellipse((left, 500, left + 500, 5500), fill=(20 * shape, 100, index * 9, 160))
        draw.rectangle((0, 6000, WIDTH, HEIGHT), fill=(0, 0, 0, 0))
        image.save(folder / f"photo-{index:02}.png", compress_level=9)
        image.convert("RGB").save(folder / f"photo-{index:02}.jpg", quality=85)


def _status(field: str) -> float:
    """A /proc/self/status figure in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def _old_store(rev: str, root: Path) -> _Checks:
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{rev}:storage/photo_store.py"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    module = types.ModuleType("photo_store_before")
    sys.modules[module.__name__] = module  # dataclasses and annotations look it up
    exec(compile(source, f"{rev}:storage/photo_store.py", "exec"), module.__dict__)
    store: _Checks = module.PhotoStore(root)
    return store


async def _run_before(store: _Checks, photos: list[bytes]) -> list[str]:
    async def one(data: bytes) -> str:
        try:
            await asyncio.to_thread(store.check_and_store, data)
        except Exception as error:
            return getattr(error, "reason", type(error).__name__)
        return "stored"

    return await asyncio.gather(*(one(data) for data in photos))


async def _run_after(photos: list[bytes], root: Path) -> tuple[list[str], float]:
    from bot.settings import Settings
    from storage.photo_store import PhotoRejectedError, PhotoStore

    settings = Settings(_env_file=None)
    store = PhotoStore(
        root, max_bytes=settings.max_photo_bytes, max_pixels=settings.max_photo_pixels
    )

    async def one(data: bytes) -> str:
        try:
            await store.check(data)
        except PhotoRejectedError as error:
            return error.reason
        return "stored"

    results = await asyncio.gather(*(one(data) for data in photos))
    store.close()
    return results, store.budget.peak / 2**20


def _child(way: str, kind: str, folder: Path, count: int, rev: str) -> dict[str, Any]:
    photos = [(folder / f"photo-{i:02}.{kind}").read_bytes() for i in range(count)]
    with tempfile.TemporaryDirectory() as stored:
        store = _old_store(rev, Path(stored)) if way == "before" else None
        baseline = _status("VmRSS")
        started = time.monotonic()
        claimed = None
        if store is not None:
            results = asyncio.run(_run_before(store, photos))
        else:
            results, claimed = asyncio.run(_run_after(photos, Path(stored)))
        seconds = time.monotonic() - started
        sizes = sorted(
            {Image.open(path).size for path in Path(stored).rglob("*.jpg")}  # header only
        )
    return {
        "baseline": baseline,
        "peak": _status("VmHWM"),
        "seconds": seconds,
        "results": dict(Counter(results)),
        "claimed": claimed,
        "sizes": [f"{w}x{h}" for w, h in sizes],
        "input_kb": round(sum(len(p) for p in photos) / count / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=12)
    parser.add_argument("--before-rev", default="8069764")
    parser.add_argument("--child", nargs=3, metavar=("WAY", "KIND", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        way, kind, folder = args.child
        print(json.dumps(_child(way, kind, Path(folder), args.count, args.before_rev)))
        return
    with tempfile.TemporaryDirectory() as folder:
        _make_photos(Path(folder), args.count)
        print(f"{args.count} photos of {WIDTH} x {HEIGHT} at once\n")
        print(
            "| photos | code | stored and refused | kept size | RSS before (MB) "
            "| peak RSS (MB) | budget claimed (MB) | seconds |"
        )
        print("|---|---|---|---|---:|---:|---:|---:|")
        for kind in ("png", "jpg"):
            for way in ("before", "after"):
                command = [sys.executable, __file__, "--count", str(args.count)]
                command += ["--before-rev", args.before_rev, "--child", way, kind, folder]
                done = subprocess.run(command, check=True, capture_output=True, text=True)
                row = json.loads(done.stdout)
                outcome = ", ".join(f"{n} {what}" for what, n in sorted(row["results"].items()))
                claimed = "-" if row["claimed"] is None else f"{row['claimed']:.0f}"
                print(
                    f"| {kind.upper()} ({row['input_kb']} KB) | {way} | {outcome} "
                    f"| {', '.join(row['sizes'])} | {row['baseline']:.0f} | {row['peak']:.0f} "
                    f"| {claimed} | {row['seconds']:.1f} |"
                )


if __name__ == "__main__":
    main()
