"""Delivery marks in the database: what a channel has shown or sent of a chat, read by
whichever process sends that chat next (a new holder of the channel after a crash, say)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select

from storage.database import Database
from storage.dialect_insert import insert_for
from storage.models import DeliveryMarkRecord
from storage.unit_of_work import UnitOfWork


class StoredDeliveryMarks:
    """Implements `handlers.ports.DeliveryMarks`; each call is its own short transaction."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def get(
        self, channel: str, chat_id: str, name: str, *, newer_than: dt.datetime | None = None
    ) -> int | None:
        query = select(DeliveryMarkRecord.value).where(
            DeliveryMarkRecord.channel == channel,
            DeliveryMarkRecord.chat_id == chat_id,
            DeliveryMarkRecord.name == name,
        )
        if newer_than is not None:
            query = query.where(DeliveryMarkRecord.updated_at > newer_than)
        async with UnitOfWork(self.database) as uow:
            value: int | None = await uow.session.scalar(query)
            return value

    async def chats_with(self, channel: str, name: str) -> set[str]:
        query = select(DeliveryMarkRecord.chat_id).where(
            DeliveryMarkRecord.channel == channel, DeliveryMarkRecord.name == name
        )
        async with UnitOfWork(self.database) as uow:
            return set(await uow.session.scalars(query))

    async def put(
        self, channel: str, chat_id: str, name: str, value: int, now: dt.datetime
    ) -> None:
        async with UnitOfWork(self.database) as uow:
            statement = insert_for(uow.session, DeliveryMarkRecord).values(
                channel=channel, chat_id=chat_id, name=name, value=value, updated_at=now
            )
            await uow.session.execute(
                statement.on_conflict_do_update(
                    index_elements=["channel", "chat_id", "name"],
                    set_={"value": value, "updated_at": now},
                )
            )
            await uow.commit()

    async def drop(self, channel: str, chat_id: str, name: str) -> None:
        async with UnitOfWork(self.database) as uow:
            await uow.session.execute(
                delete(DeliveryMarkRecord).where(
                    DeliveryMarkRecord.channel == channel,
                    DeliveryMarkRecord.chat_id == chat_id,
                    DeliveryMarkRecord.name == name,
                )
            )
            await uow.commit()
