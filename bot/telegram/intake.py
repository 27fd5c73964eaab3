"""Where Telegram updates enter, whether by polling or by webhook.

Parses the raw update, stops a pressed button's spinner at once, and queues the dispatch on
the update's chat so that one chat's updates are handled in order.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any

from bot.per_chat import PerChatTasks
from bot.telegram.channel import TelegramChannel
from bot.telegram.parse import callback_query_id, parse_update
from handlers.dispatcher import Dispatcher

log = logging.getLogger(__name__)


class TelegramIntake:
    def __init__(
        self, channel: TelegramChannel, dispatcher: Dispatcher, tasks: PerChatTasks
    ) -> None:
        self.channel = channel
        self.dispatcher = dispatcher
        self.tasks = tasks
        self.received = 0
        self._side_tasks: set[asyncio.Task[None]] = set()

    def accept(self, payload: Mapping[str, Any]) -> None:
        """Take one update; returns at once, the work runs in the background."""
        self.received += 1
        try:
            inbound = parse_update(payload, bot_username=self.channel.username)
        except Exception:
            log.exception("telegram update %s could not be parsed", payload.get("update_id"))
            return
        callback_id = callback_query_id(payload)
        if callback_id is not None:
            task = asyncio.create_task(self.channel.answer_callback(callback_id))
            self._side_tasks.add(task)
            task.add_done_callback(self._side_tasks.discard)
        if inbound is None:
            return

        async def work() -> None:
            await self.dispatcher.handle(inbound)

        self.tasks.submit(inbound.conversation_key, work)

    async def close(self) -> None:
        await asyncio.gather(*self._side_tasks, return_exceptions=True)
