"""Delivery marks kept in memory: for a channel used without a database (its own tests, a
tool sending a few messages); `storage.delivery_marks` keeps them for running processes."""

from __future__ import annotations

import datetime as dt


class MemoryDeliveryMarks:
    """Implements `handlers.ports.DeliveryMarks` in this process only."""

    def __init__(self) -> None:
        self._marks: dict[tuple[str, str, str], tuple[int, dt.datetime]] = {}

    async def get(
        self, channel: str, chat_id: str, name: str, *, newer_than: dt.datetime | None = None
    ) -> int | None:
        mark = self._marks.get((channel, chat_id, name))
        if mark is None or (newer_than is not None and mark[1] <= newer_than):
            return None
        return mark[0]

    async def chats_with(self, channel: str, name: str) -> set[str]:
        return {chat for (c, chat, n) in self._marks if c == channel and n == name}

    async def put(
        self, channel: str, chat_id: str, name: str, value: int, now: dt.datetime
    ) -> None:
        self._marks[(channel, chat_id, name)] = (value, now)

    async def drop(self, channel: str, chat_id: str, name: str) -> None:
        self._marks.pop((channel, chat_id, name), None)
