"""A burst of stamp photos never stalls other chats: photos are decoded before the group
transaction opens, so a text in another chat is answered while the decoding goes on."""

from __future__ import annotations

import asyncio
import io
import random
import time
from pathlib import Path

import pytest
from PIL import Image

from storage.database import Database
from tests.harness import make_bot

BURST = 50


def _noise_photo(seed: int) -> bytes:
    """A photo with no code in it: the decoder tries everything within its time limit."""
    rng = random.Random(seed)
    image = Image.frombytes("L", (480, 360), rng.randbytes(480 * 360)).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


@pytest.mark.slow
async def test_a_text_is_answered_while_fifty_stamp_photos_are_being_decoded(
    database: Database, tmp_path: Path
) -> None:
    bot = make_bot(database, tmp_path)
    await bot.say("/start", chat="texter")  # warm: the user and the conversation exist
    photos = [_noise_photo(i) for i in range(BURST)]
    burst = [asyncio.create_task(bot.photo(p, chat=f"shopper-{i}")) for i, p in enumerate(photos)]
    burst_started = time.perf_counter()
    await asyncio.sleep(0.3)  # the burst is under way
    started = time.perf_counter()
    replies = await bot.say("/help", chat="texter")
    latency = time.perf_counter() - started
    answered = sum(task.done() for task in burst)
    await asyncio.gather(*burst)
    burst_time = time.perf_counter() - burst_started
    assert replies and replies[0].text.startswith("Hướng dẫn")
    # The text did not queue behind the decoding: most photos were still unanswered.
    assert answered < BURST // 2, f"text answered after {answered} photos ({latency:.2f} s)"
    # A step waits for one group commit at most, not for the burst (which takes seconds).
    assert latency < burst_time / 4, f"text: {latency:.2f} s; the burst: {burst_time:.2f} s"
    no_code = [r for r in bot.channel.sent if r.chat_id.startswith("shopper-")]
    assert len(no_code) >= BURST  # every shopper got an answer
