"""Back-pressure: how long a Telegram `/start` waits while one Zalo webhook POST carries
thousands of updates.

    .venv/bin/python bench/backpressure.py [--updates 2000 8000] [--chats many|one|both]

The real `Runtime` serves Telegram and Zalo webhooks in-process over the fake Bot API servers
(tests/bot/test_back_pressure.py, outgoing rate limits lifted), on SQLite in a temporary
directory (or `--database-url`). One POST to /webhook/zalo carries N updates (`many`: N
different people; `one`: one person sending N messages); 0.5 s after it is sent, a Telegram
`/start` is POSTed to /webhook/telegram, then another every 5 s while the Zalo batch is in
hand. Printed: the Zalo POST's status and time, each `/start`'s latency (POST -> its answer
reaching the fake Telegram), when every Zalo update had been answered, and how many of the N
were answered (each once).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.bot.test_back_pressure import two_channels  # noqa: E402


async def one_run(
    updates: int, chats: str, database_url: str | None, in_hand: int | None = None
) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        extra = {"database_url": database_url} if database_url else {}
        async with two_channels(Path(tmp) / "var", **extra) as bot:
            await bot.ready()
            if in_hand is not None and hasattr(bot.zalo_service.intake, "max_in_hand"):
                bot.zalo_service.intake.max_in_hand = in_hand
            text = "/start" if chats == "many" else "/help"
            per_update = await bot.zalo_messages_per(text, "calibrate")
            if chats == "many":
                body = [bot.zalo_update(f"z{i:07d}", text) for i in range(updates)]
            else:
                body = [bot.zalo_update("z0000001", text) for _ in range(updates)]
            wanted = collections.Counter({u["message"]["chat"]["id"]: 0 for u in body})
            for u in body:
                wanted[u["message"]["chat"]["id"]] += per_update
            started = time.monotonic()
            post_took: list[float] = []
            statuses: list[int] = []

            async def post() -> None:
                statuses.append(await bot.post_zalo(body))
                post_took.append(time.monotonic() - started)

            poster = asyncio.create_task(post())
            await asyncio.sleep(0.5)
            latencies: list[float] = []
            user = 9000
            while True:  # at least one /start, then one every 5 s while the batch is in hand
                user += 1
                latencies.append(await bot.telegram_start(user))
                if bot.zalo_answered(wanted) or time.monotonic() - started > 1200:
                    break
                await asyncio.sleep(5)
            await poster
            all_done = await bot.wait_zalo_answered(wanted, timeout=1200) - started
            counts = bot.zalo_counts()
            extra_msgs = sum(max(0, counts[c] - n) for c, n in wanted.items())
            return {
                "updates": updates,
                "in_hand": getattr(bot.zalo_service.intake, "max_in_hand", "unbounded"),
                "chats": chats,
                "post_status": statuses[0],
                "post_s": round(post_took[0], 2),
                "start_first_s": round(latencies[0], 2),
                "start_max_s": round(max(latencies), 2),
                "start_median_s": round(statistics.median(latencies), 2),
                "starts": len(latencies),
                "all_answered_s": round(all_done, 1),
                "zalo_messages_expected": sum(wanted.values()),
                "zalo_messages_extra": extra_msgs,
            }


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--updates", type=int, nargs="+", default=[2000, 8000])
    parser.add_argument("--chats", choices=["many", "one", "both"], default="both")
    parser.add_argument("--database-url")
    parser.add_argument("--in-hand", type=int, help="the Zalo intake's MAX_IN_HAND")
    args = parser.parse_args()
    kinds = ["many", "one"] if args.chats == "both" else [args.chats]
    for kind in kinds:
        for n in args.updates:
            result = await one_run(n, kind, args.database_url, args.in_hand)
            print(" ".join(f"{k}={v}" for k, v in result.items()), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
