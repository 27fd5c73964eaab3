"""Crashes under load: many people, many SIGKILLs, on each channel; the counts table.

    .venv/bin/python bench/crash.py [--people 100 --kills 10 --seed 7]
        [--variants telegram-polling,telegram-webhook,zalo-webhook] [--postgresql]

The same run as tests/e2e/test_crash_kills.py (`run_load`), larger: producers registering
with three photos and a commune officer forwarding their ideas, the real `ocop-bot run` killed
with SIGKILL at seeded random moments and started again each time. `--postgresql` uses
OCOP_TEST_DATABASE_URL (its schema is dropped: a database of one's own only).

Columns: kills done; registrations confirmed to their producer (a number given), found once
with all photos in the export, lost, duplicated (ideas or audit rows more than once); officer
actions confirmed and found in the audit log; messages left unanswered; outbox rows never
delivered; replies that reached a producer twice (each right after a send the kill cut before
it was marked: the outbox sends at least once).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.e2e.support import is_postgresql  # noqa: E402
from tests.e2e.test_crash_kills import PG_URL, VARIANTS, Counts, run_load  # noqa: E402


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--postgresql", action="store_true")
    parser.add_argument("--gap", type=float, nargs=2, default=(3.0, 10.0), metavar=("MIN", "MAX"))
    args = parser.parse_args()
    if args.postgresql and not is_postgresql(PG_URL):
        parser.error("--postgresql needs OCOP_TEST_DATABASE_URL=postgresql+asyncpg://…")
    database = "PostgreSQL" if args.postgresql else "SQLite"
    results: list[Counts] = []
    for variant in args.variants.split(","):
        print(
            f"running {variant} on {database}: {args.people} people, {args.kills} kills, "
            f"seed {args.seed} ...",
            flush=True,
        )
        with tempfile.TemporaryDirectory(prefix="ocop-crash-") as tmp:
            counts = await run_load(
                variant,
                Path(tmp),
                people=args.people,
                kills=args.kills,
                seed=args.seed,
                postgresql=args.postgresql,
                gap=(args.gap[0], args.gap[1]),
                stagger=30.0,
            )
        print(counts.line(), flush=True)
        for note in counts.notes:
            print("   ", note, flush=True)
        results.append(counts)
    print(
        f"\n{args.people} people + 1 officer, {args.kills} SIGKILLs, seed {args.seed}, {database}\n"
    )
    print(Counts.HEAD)
    print(_rule())
    for counts in results:
        print(counts.row())
    bad = [
        c
        for c in results
        if c.lost
        or c.duplicated
        or c.unanswered
        or c.undelivered
        or c.twice_outside_window
        or c.audited != c.actions
        or c.found != c.confirmed
    ]
    return 1 if bad else 0


def _rule() -> str:
    return "|" + "|".join("---" for _ in range(Counts.HEAD.count("|") - 1)) + "|"


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
