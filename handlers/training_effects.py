"""Officers' trainings carried out: recording one (authorized again here, in the training's
area, and audited like every officer action) and listing the last ones of their area."""

from __future__ import annotations

from typing import Any, Final

from flows.authorization import Area, authorize
from flows.officer_effects import ActionRefused
from flows.training import RECORD, VIEW
from flows.training_effects import (
    LoadTrainings,
    NewTraining,
    RecordTraining,
    TrainingArea,
    TrainingRecorded,
    TrainingsFound,
)
from handlers.effects import EffectContext, EffectRegistry
from storage.training import TrainingRepository

REFUSED: Final = "auth.refused"
RECORDED: Final = "training.recorded"


def _area(area: TrainingArea) -> Area:
    return Area(commune=area.commune_code, district=area.district_code)


def _code(area: TrainingArea) -> str | None:
    return area.commune_code or area.district_code


def _training_json(training: NewTraining) -> dict[str, Any]:
    return {
        "held_on": training.held_on.isoformat(),
        "topic": training.topic,
        "producers": training.producers,
        "officers": training.officers,
        "structure": training.area.structure,
        "district": training.area.district_code,
        "commune": training.area.commune_code,
    }


async def _refuse(
    ctx: EffectContext, action: str, reason: str, area: TrainingArea
) -> ActionRefused:
    await ctx.uow.audit.record(
        actor_user_id=ctx.user.id,
        action=REFUSED,
        subject="training:new" if action == RECORD else "training:list",
        area=_code(area),
        before=None,
        after={"action": action, "reason": reason},
        now=ctx.now,
    )
    return ActionRefused(reason)


def register_training_effects(registry: EffectRegistry) -> None:
    async def record(
        ctx: EffectContext, effect: RecordTraining
    ) -> TrainingRecorded | ActionRefused:
        training = effect.training
        decision = authorize(ctx.principal, RECORD, _area(training.area))
        if not decision:
            return await _refuse(ctx, RECORD, decision.reason, training.area)
        training_id = await TrainingRepository(ctx.uow.session).add(training, ctx.user.id, ctx.now)
        await ctx.uow.audit.record(
            actor_user_id=ctx.user.id,
            action=RECORDED,
            subject=f"training:{training_id}",
            area=_code(training.area),
            before=None,
            after=_training_json(training),
            now=ctx.now,
        )
        return TrainingRecorded(training_id)

    async def load(ctx: EffectContext, effect: LoadTrainings) -> TrainingsFound | ActionRefused:
        decision = authorize(ctx.principal, VIEW, _area(effect.area))
        if not decision:
            return await _refuse(ctx, VIEW, decision.reason, effect.area)
        found = await TrainingRepository(ctx.uow.session).recent(effect.area, effect.limit)
        return TrainingsFound(tuple(found))

    registry.register(RecordTraining, record)
    registry.register(LoadTrainings, load)
