"""A person's language, kept with them so that every later message speaks it."""

from __future__ import annotations

from flows.effects import SetLanguage
from handlers.effects import EffectContext, EffectRegistry


def register_language_effects(registry: EffectRegistry) -> None:
    async def set_language(ctx: EffectContext, effect: SetLanguage) -> None:
        await ctx.uow.users.set_language(ctx.user.id, effect.lang)
        ctx.user.lang = effect.lang

    registry.register(SetLanguage, set_language)
