"""Where Telegram updates enter, whether by polling or by webhook (see bot/intake.py).

Parses the raw updates and stops a pressed button's spinner at once; recording and the queue
on the update's chat are the shared `Intake`'s.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from bot.intake import Handle, Intake
from bot.per_chat import PerChatTasks
from bot.telegram.channel import TelegramChannel
from bot.telegram.parse import callback_query_id, parse_update
from flows.messages import Inbound
from handlers.inbox import Inbox

log = logging.getLogger(__name__)


class TelegramIntake(Intake):
    def __init__(
        self,
        channel: TelegramChannel,
        handle: Handle,
        inbox: Inbox | None = None,
        tasks: PerChatTasks | None = None,
    ) -> None:
        super().__init__(handle, inbox, tasks)
        self.channel = channel

    def parse(self, payloads: Iterable[Mapping[str, Any]]) -> list[Inbound]:
        """The updates worth handling; a button's spinner is stopped here, at once."""
        inbounds = []
        for payload in payloads:
            self.received += 1
            try:
                inbound = parse_update(payload, bot_username=self.channel.username)
            except Exception:
                log.exception("telegram update %s could not be parsed", payload.get("update_id"))
                continue
            callback_id = callback_query_id(payload)
            if callback_id is not None:
                self.side_task(self.channel.answer_callback(callback_id))
            if inbound is not None:
                inbounds.append(inbound)
        return inbounds
