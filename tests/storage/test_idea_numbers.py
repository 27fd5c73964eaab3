"""Registration numbers on a real database: per district and year in the 2020 structure, per
commune and year in 2025's (no districts); the stored answers keep their structure."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from flows.idea_answers import IdeaAnswers
from storage.database import Database
from storage.models import IdeaRecord
from storage.unit_of_work import UnitOfWork

NOW = dt.datetime(2026, 3, 2, 2, 30, tzinfo=dt.UTC)


def _answers(**place: object) -> IdeaAnswers:
    return IdeaAnswers.from_json(
        {
            "applicant_name": "Nguyễn Thị Hoa",
            "applicant_type": "htx",
            "phone": "+84912345678",
            "product_name": "Mật ong rừng",
            "product_group": "food",
            "core_value": "Nguyên chất",
            "target_market": "province",
            "volume": "2 tấn",
            "price": 120_000,
            "price_unit": "chai",
            "price_high": 150_000,
            **place,
        }
    )


async def _submit(database: Database, answers: IdeaAnswers, who: str) -> str:
    async with UnitOfWork(database) as uow:
        user = await uow.users.get_or_create("console", who, None, "vi", NOW)
        idea = await uow.ideas.submit(user.id, answers, [], NOW)
        await uow.commit()
        return idea.registration_number


async def test_numbers_per_district_in_2020_and_per_commune_in_2025(database: Database) -> None:
    in_2020 = _answers(district_code="441", commune_code="18316")
    assert await _submit(database, in_2020, "a") == "001/PĐK-42-441-2026"
    assert await _submit(database, in_2020, "b") == "002/PĐK-42-441-2026"
    commune = _answers(commune_code="18316", admin_structure="2025")
    assert await _submit(database, commune, "c") == "001/PĐK-42-18316-2026"
    assert await _submit(database, commune, "d") == "002/PĐK-42-18316-2026"
    other = _answers(commune_code="18100", admin_structure="2025")
    assert await _submit(database, other, "e") == "001/PĐK-42-18100-2026"
    async with database.session() as session:
        rows = {r.registration_number: r for r in await session.scalars(select(IdeaRecord))}
    row = rows["001/PĐK-42-18316-2026"]
    assert (row.admin_structure, row.district_code, row.commune_code) == ("2025", "", "18316")
    assert IdeaAnswers.from_json(row.answers) == commune
    assert row.answers["price_unit"] == "chai" and row.answers["price_high"] == 150_000
    assert rows["001/PĐK-42-441-2026"].admin_structure == "2020"
