"""Users by (channel, external id), created when missing: the ids the step goes on with are
the stored ones, whether a user was known, new, or created meanwhile by another step."""

from __future__ import annotations

import asyncio
import datetime as dt

from sqlalchemy import func, select

from storage.database import Database
from storage.models import UserRecord
from storage.unit_of_work import UnitOfWork

NOW = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


async def _stored(database: Database) -> dict[tuple[str, str], int]:
    async with database.sessions() as session:
        rows = await session.execute(
            select(UserRecord.channel, UserRecord.external_id, UserRecord.id)
        )
        return {(r.channel, r.external_id): r.id for r in rows}


async def test_known_and_new_users_come_back_with_their_stored_ids(database: Database) -> None:
    async with UnitOfWork(database) as uow:
        first = await uow.users.get_or_create_many([("zalo", "z1", "Hoa")], "vi", NOW)
        await uow.commit()
    wanted = [("zalo", "z1", None), ("telegram", "7", "Lan"), ("zalo", "z2", None)]
    async with UnitOfWork(database) as uow:
        users = await uow.users.get_or_create_many([*wanted, ("zalo", "z2", None)], "en", NOW)
        await uow.commit()
    stored = await _stored(database)
    assert {key: info.id for key, info in users.items()} == stored
    assert users[("zalo", "z1")].id == first[("zalo", "z1")].id
    assert users[("zalo", "z1")].lang == "vi" and users[("telegram", "7")].lang == "en"


async def test_a_user_created_meanwhile_by_another_step_is_read_not_doubled(
    database: Database,
) -> None:
    """On PostgreSQL the second insert waits for the first transaction and then finds the row
    there (its RETURNING gives nothing); on SQLite the two transactions take turns."""
    started = asyncio.Event()

    async def one(name: str, hold: bool) -> int:
        async with UnitOfWork(database) as uow:
            users = await uow.users.get_or_create_many([("zalo", "same", name)], "vi", NOW)
            if hold:
                started.set()
                await asyncio.sleep(0.3)  # the other step inserts now
            await uow.commit()
            return users[("zalo", "same")].id

    holder = asyncio.create_task(one("first", hold=True))
    await started.wait()
    second = await one("second", hold=False)
    assert await holder == second
    async with database.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(UserRecord)) == 1
