"""The figures reminders and /deadlines say, counted in the database: ideas waiting for an
officer's selection or any move, products waiting for the district's or the province's
council, each in the seat's own area and structure."""

from __future__ import annotations

import datetime as dt

from flows.formatting import VN_TZ
from storage.database import Database
from storage.models import EvaluationRecord, IdeaRecord, UserRecord
from storage.reminder_figures import (
    evaluating_count,
    figures_for,
    selection_count,
    waiting_count,
)
from storage.unit_of_work import UnitOfWork

VU_QUANG, AN_PHU, DUC_THO, DUC_THO_TOWN = "441", "18316", "440", "18229"
COMMUNE_2025 = "18073"
AT = dt.datetime(2027, 3, 1, 9, tzinfo=VN_TZ)


async def add_user(uow: UnitOfWork, external: str) -> int:
    user = UserRecord(channel="fake", external_id=external, lang="vi", blocked=False, created_at=AT)
    uow.session.add(user)
    await uow.session.flush()
    return user.id


async def add_idea(
    uow: UnitOfWork,
    user: int,
    n: int,
    state: str,
    district: str = VU_QUANG,
    commune: str = AN_PHU,
    structure: str = "2020",
    stage: str | None = None,
) -> int:
    idea = IdeaRecord(
        registration_number=f"{n:03d}/PĐK-42-{district or 'x'}-2027",
        user_id=user,
        state=state,
        applicant_name="Hộ Nguyễn Văn A",
        applicant_type="household",
        phone="0912345678",
        admin_structure=structure,
        district_code=district,
        commune_code=commune,
        product_name=f"Sản phẩm {n}",
        product_group="food",
        group_ruleset="1048/QĐ-TTg",
        core_value="Ngon",
        target_market="province",
        volume="100 kg",
        price=150000,
        story="",
        answers={},
        created_at=AT,
        submitted_at=AT,
    )
    uow.session.add(idea)
    await uow.session.flush()
    if stage is not None:
        uow.session.add(
            EvaluationRecord(
                idea_id=idea.id, ruleset="1048", ruleset_version=1, stage=stage, updated_at=AT
            )
        )
        await uow.session.flush()
    return idea.id


async def seed_ideas(uow: UnitOfWork) -> None:
    """2020, Vũ Quang: 2 submitted at Ân Phú, 2 forwarded (and 1 in Đức Thọ), a plan sent,
    3 in evaluation (2 unscored, 1 passed to the province, 1 below); 2025: 1 submitted, 1 in
    evaluation."""
    user = await add_user(uow, "producer")
    n = iter(range(1, 100))
    for state in ("submitted", "submitted", "forwarded", "forwarded", "plan_sent", "returned"):
        await add_idea(uow, user, next(n), state)
    await add_idea(uow, user, next(n), "forwarded", DUC_THO, DUC_THO_TOWN)
    await add_idea(uow, user, next(n), "evaluating")
    await add_idea(uow, user, next(n), "evaluating")
    await add_idea(uow, user, next(n), "evaluating", stage="province")
    await add_idea(uow, user, next(n), "evaluating", stage="below")
    await add_idea(uow, user, next(n), "evaluating", DUC_THO, DUC_THO_TOWN, stage="province")
    await add_idea(uow, user, next(n), "submitted", "", COMMUNE_2025, "2025")
    await add_idea(uow, user, next(n), "evaluating", "", COMMUNE_2025, "2025")


async def test_figures_count_in_the_seat_s_area_and_structure(database: Database) -> None:
    async with UnitOfWork(database) as uow:
        await seed_ideas(uow)
        await uow.commit()
    async with UnitOfWork(database) as uow:
        s = uow.session
        assert await selection_count(s, "commune", AN_PHU, "2020") == 2
        assert await selection_count(s, "district", VU_QUANG, "2020") == 2
        assert await selection_count(s, "district", DUC_THO, "2020") == 1
        assert await selection_count(s, "commune", COMMUNE_2025, "2025") == 1
        assert await selection_count(s, "province", None, "2020") == 0
        # Waiting for the district: the forwarded and the plan to approve.
        assert await waiting_count(s, "district", VU_QUANG, "2020") == 3
        assert await waiting_count(s, "commune", AN_PHU, "2020") == 2
        assert await evaluating_count(s, "district", "district", VU_QUANG, "2020") == 2
        assert await evaluating_count(s, "province", "province", None, "2020") == 2
        # No district council in 2025: the province scores what nobody scored yet.
        assert await evaluating_count(s, "district", "commune", COMMUNE_2025, "2025") == 0
        assert await evaluating_count(s, "province", "province", None, "2025") == 1
        found = await figures_for(
            s, ["selection", "district_council", "stars", "selection"], "district", VU_QUANG, "2020"
        )
        assert found == {"selection": 2, "district_council": 2}
