"""Refusals a flow decided before any effect could: written to the audit log like those the
handlers decide ("auth.refused", with what was asked and why), so that every refusal is."""

from __future__ import annotations

from typing import Final

from flows.authorization import RecordRefusal
from handlers.effects import EffectContext, EffectRegistry

REFUSED: Final = "auth.refused"


def register_refusal_effects(registry: EffectRegistry) -> None:
    async def record(ctx: EffectContext, effect: RecordRefusal) -> None:
        await ctx.uow.audit.record(
            actor_user_id=ctx.user.id,
            action=REFUSED,
            subject=effect.subject or f"user:{ctx.user.id}",
            area=effect.area,
            before=None,
            after={"action": effect.action, "reason": effect.reason},
            now=ctx.now,
        )

    registry.register(RecordRefusal, record)
