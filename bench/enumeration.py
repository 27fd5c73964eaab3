"""Enumerating issued stamps by typing serials: how fast without the per-person limit, and how
long 100,000 issued stamps would take to find with it.

    .venv/bin/python bench/enumeration.py [--stamps 100000] [--lookups 400]

A bot wired as in production (tests/harness.py: the real dispatcher, a fake channel, a fake
clock) on SQLite in a temporary directory, with `--stamps` real stamps issued. One person types
serials with the right check character (the algorithm is public) chosen at random, as an
attacker would, through the dispatcher:

1. without the limit (the constants lifted): look-ups a second, wall clock;
2. with the shipped limit: two hours of the fake clock, one serial typed a second; how many
   were looked up per hour, how many refused.

Then: serials are random in 2**32, so finding all N issued stamps means trying (nearly) the
whole space, and finding one takes 2**32 / N guesses on average.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import handlers.stamp_check as stamp_check  # noqa: E402
from flows.verification import (  # noqa: E402
    FAILED_LOOKUPS_PER_WINDOW,
    LOOKUP_WINDOW_MINUTES,
    TYPED_LOOKUPS_PER_WINDOW,
)
from stamps.serial import format_serial  # noqa: E402
from storage.database import Database, sqlite_url  # noqa: E402
from storage.stamp_registry import SERIAL_SPACE  # noqa: E402
from storage.unit_of_work import UnitOfWork  # noqa: E402
from tests.handlers.test_serial_limit import product_with_phone  # noqa: E402
from tests.harness import Bot, close_bots, make_bot  # noqa: E402


def _years(seconds: float) -> str:
    return f"{seconds / (365.25 * 86400):,.1f} years"


async def _issue(bot: Bot, count: int) -> set[int]:
    product = await product_with_phone(bot)
    async with UnitOfWork(bot.database) as uow:
        _, serials = await uow.stamps.issue_batch(
            product, count, bot.keyring.current.kid, bot.clock.now()
        )
        await uow.commit()
    return set(serials)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stamps", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=400)
    args = parser.parse_args()
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        database = Database(sqlite_url(Path(tmp) / "bot.sqlite3"))
        await database.upgrade()
        bot = make_bot(database, Path(tmp))
        started = time.perf_counter()
        issued = await _issue(bot, args.stamps)
        print(f"issued {len(issued):,} stamps in {time.perf_counter() - started:.1f} s")

        # 1. Without the limit.
        stamp_check.TYPED_LOOKUPS_PER_WINDOW = stamp_check.FAILED_LOOKUPS_PER_WINDOW = 10**9
        guesses = [format_serial(rng.randrange(SERIAL_SPACE)) for _ in range(args.lookups)]
        started = time.perf_counter()
        for guess in guesses:
            [reply] = await bot.say(guess, chat="attacker-1")
        rate = args.lookups / (time.perf_counter() - started)
        print(f"without the limit: {rate:.0f} typed look-ups a second, one person")

        # 2. With the limit, two hours of the fake clock, one serial a second.
        stamp_check.TYPED_LOOKUPS_PER_WINDOW = TYPED_LOOKUPS_PER_WINDOW
        stamp_check.FAILED_LOOKUPS_PER_WINDOW = FAILED_LOOKUPS_PER_WINDOW
        answered = refused = 0
        for _ in range(2 * 3600):
            guess = format_serial(rng.randrange(SERIAL_SPACE))
            [reply] = await bot.say(guess, chat="attacker-2")
            if reply.text.startswith("⏳"):
                refused += 1
            else:
                answered += 1
            bot.clock.advance(seconds=1)
        per_hour = answered / 2
        print(
            f"with the limit ({TYPED_LOOKUPS_PER_WINDOW} typed / {FAILED_LOOKUPS_PER_WINDOW} "
            f"failed per {LOOKUP_WINDOW_MINUTES} min): {per_hour:.0f} look-ups an hour "
            f"answered, {refused:,} refused in 2 h"
        )
        one = SERIAL_SPACE / len(issued)
        print(f"guesses to find one issued stamp: {one:,.0f} on average")
        print(
            f"find one:  without {one / rate / 60:,.1f} min;  with {one / per_hour / 24:,.0f} days"
        )
        whole_with = _years(SERIAL_SPACE / per_hour * 3600)
        print(
            f"find all {len(issued):,} (the whole space): without "
            f"{SERIAL_SPACE / rate / 86400:,.0f} days; with {whole_with}"
        )
        await close_bots()
        await database.dispose()


if __name__ == "__main__":
    asyncio.run(main())
