"""A burst of stamp photos and a text in another chat (issue 8, "Slow work outside the
transaction"): how long the text waits while the photos are decoded, against how long one group
commit takes with nothing else going on.

The bot is wired as in production (tests/harness.py: the real dispatcher, outbox, photo store
and stamp checker) on SQLite in a temporary directory, with an in-memory channel. Each photo
holds no code, so the decoder tries everything within its time limit: the hard case.

    .venv/bin/python bench/stamp_burst.py [--photos 50] [--rounds 20]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storage.database import Database, sqlite_url  # noqa: E402
from tests.harness import close_bots, make_bot  # noqa: E402


def noise_photo(seed: int, size: tuple[int, int]) -> bytes:
    rng = random.Random(seed)
    image = Image.frombytes("L", size, rng.randbytes(size[0] * size[1])).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


async def main(photos: int, rounds: int, size: tuple[int, int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        database = Database(sqlite_url(Path(tmp) / "bench.sqlite3"))
        await database.upgrade()
        bot = make_bot(database, Path(tmp))
        await bot.say("/start", chat="texter")
        alone = []
        for _ in range(rounds):
            started = time.perf_counter()
            await bot.say("/help", chat="texter")
            alone.append(time.perf_counter() - started)
        burst_photos = [noise_photo(i, size) for i in range(photos)]
        burst_started = time.perf_counter()
        tasks = [
            asyncio.create_task(bot.photo(p, chat=f"shopper-{i}"))
            for i, p in enumerate(burst_photos)
        ]
        during = []
        answered_then = []
        await asyncio.sleep(0.2)
        while not all(t.done() for t in tasks):
            started = time.perf_counter()
            await bot.say("/help", chat="texter")
            during.append(time.perf_counter() - started)
            answered_then.append(sum(t.done() for t in tasks))
            await asyncio.sleep(0.1)
        await asyncio.gather(*tasks)
        burst = time.perf_counter() - burst_started
        await close_bots()
        await database.dispose()
    print(f"photos: {photos} of {size[0]}x{size[1]} with no code; burst took {burst:.2f} s")
    print("| text reply | median ms | max ms | samples |")
    print("| --- | ---: | ---: | ---: |")
    print(
        f"| alone (one group commit) | {statistics.median(alone) * 1000:.1f} | "
        f"{max(alone) * 1000:.1f} | {len(alone)} |"
    )
    if during:
        print(
            f"| during the burst | {statistics.median(during) * 1000:.1f} | "
            f"{max(during) * 1000:.1f} | {len(during)} |"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--size", default="480x360")
    args = parser.parse_args()
    width, height = (int(x) for x in args.size.split("x"))
    asyncio.run(main(args.photos, args.rounds, (width, height)))
