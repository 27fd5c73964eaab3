"""Structured logs: one JSON object a line, the conversation key when a line concerns one chat,
never a secret."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli.main import args_log_format, build_parser
from bot.log_format import apply_format
from bot.log_redaction import REDACTED, install_log_redaction, register_secret
from bot.settings import Settings
from handlers.log_context import conversation_key
from handlers.ports import ChannelUnavailable
from storage.database import Database
from tests.e2e.fake_telegram import FakeTelegram
from tests.e2e.support import free_port, telegram_bot
from tests.harness import make_bot

SECRET = "123456:AAE-very-secret-bot-token-for-tests"


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """A JSON handler on the root logger, as `ocop-bot run --log-format json` sets it."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    apply_format([handler], "json")
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield out
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def _entries(out: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_a_line_is_one_json_object_with_its_conversation(json_lines: io.StringIO) -> None:
    register_secret(SECRET)
    install_log_redaction()
    log = logging.getLogger("ops.test")
    log.info("before any chat")
    token = conversation_key.set("telegram:42")
    try:
        log.warning("calling https://api.telegram.org/bot%s/getMe", SECRET)
        try:
            raise RuntimeError(f"failed at /bot{SECRET}/sendMessage")
        except RuntimeError:
            log.exception("Bot API call failed")
    finally:
        conversation_key.reset(token)
    first, second, third = _entries(json_lines)
    assert set(first) == {"time", "level", "logger", "message"}
    assert first["logger"] == "ops.test" and first["level"] == "INFO"
    assert str(first["time"]).endswith("+00:00")
    assert second["conversation"] == "telegram:42" and second["level"] == "WARNING"
    assert second["message"] == f"calling https://api.telegram.org/bot{REDACTED}/getMe"
    assert "Traceback" in str(third["exception"]) and third["conversation"] == "telegram:42"
    assert SECRET not in json_lines.getvalue()


async def test_the_dispatcher_and_outbox_lines_name_the_chat(
    database: Database, tmp_path: Path, json_lines: io.StringIO
) -> None:
    bot = make_bot(database, tmp_path)
    bot.channel.failures.append(ChannelUnavailable("the platform is away"))
    await asyncio.gather(bot.say("/start", chat="c1"), bot.say("/start", chat="c2"))
    unavailable = [e for e in _entries(json_lines) if "unavailable" in str(e["message"])]
    assert len(unavailable) == 1
    # Whichever of the two chats met the failure, its own key is on the line.
    assert unavailable[0]["conversation"] in {"fake:c1", "fake:c2"}
    assert unavailable[0]["logger"] == "handlers.outbox"


def test_the_format_comes_from_the_flag_or_the_setting() -> None:
    parser = build_parser()
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    json_settings = Settings(log_format="json", _env_file=None)  # type: ignore[call-arg]
    assert args_log_format(parser.parse_args(["run"]), settings) == "text"
    assert args_log_format(parser.parse_args(["run", "--log-format", "json"]), settings) == "json"
    assert args_log_format(parser.parse_args(["run"]), json_settings) == "json"
    assert args_log_format(parser.parse_args(["db", "upgrade"]), json_settings) == "json"


@pytest.mark.e2e
async def test_run_writes_json_lines_without_the_token(tmp_path: Path) -> None:
    async with FakeTelegram() as tg:
        bot = telegram_bot(tg, tmp_path / "var")
        bot.channel_env = {**bot.channel_env, "OCOP_LOG_FORMAT": "json"}
        bot.port = free_port()
        try:
            await bot.start()
            tg.fail_next_sends(1, status=500)
            user = tg.user(777)
            tg.send_text(user, "/start")
            await tg.wait_sent(user.id, 1, timeout=20)
        finally:
            await bot.stop()
            await bot.kill()
    output = bot.log()
    entries = [json.loads(line) for line in output.splitlines() if line.strip()]
    assert entries and all({"time", "level", "logger", "message"} <= set(e) for e in entries)
    keyed = [e for e in entries if e.get("conversation") == "telegram:777"]
    assert keyed, output[-3000:]
    assert tg.token not in output
    assert tg.token not in (tmp_path / "var" / "ocop-bot.log").read_text(encoding="utf-8")
