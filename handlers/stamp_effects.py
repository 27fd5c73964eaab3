"""The stamp check's effect: decode (unless done before the transaction), verify, look up, log."""

from __future__ import annotations

from flows.effects import CheckStamp, StampChecked
from handlers.effects import EffectContext, EffectRegistry
from handlers.stamp_check import StampChecker


def register_stamp_effects(registry: EffectRegistry, checker: StampChecker) -> None:
    async def check(ctx: EffectContext, effect: CheckStamp) -> StampChecked:
        user_hash = checker.user_hash(ctx.user.channel, ctx.user.external_id)
        return StampChecked(
            await checker.check(ctx.uow, effect, ctx.user.channel, user_hash, ctx.now)
        )

    registry.register(CheckStamp, check)
