"""What the log tests look for: every line `ocop-bot run` wrote (stderr and its log file), with
no token and no phone number in any spelling."""

from __future__ import annotations

import re

from tests.e2e.support import BotProcess

# The phone register_idea gives, in every spelling a log line could carry it.
PHONES = ("0912 345 678", "0912345678", "+84912345678", "84912345678", "912345678")


def everything_logged(bot: BotProcess) -> str:
    log_file = bot.data_dir / "ocop-bot.log"
    return bot.log() + "\n" + log_file.read_text(encoding="utf-8", errors="replace")


def assert_clean(logged: str, token: str) -> None:
    assert logged.count("\n") > 20, "DEBUG logging wrote next to nothing: the test saw nothing"
    assert token not in logged
    bot_key = token.partition(":")[2]
    assert bot_key not in logged
    digits_only = re.sub(r"[ .\-]", "", logged)
    for phone in PHONES:
        assert phone not in logged, phone
    assert "912345678" not in digits_only
