"""/reminders carried out: a person reads and sets their own preference (never another's: the
user is the one acting)."""

from __future__ import annotations

from flows.reminder_preference_effects import (
    LoadReminderPreference,
    ReminderPreferenceLoaded,
    ReminderPreferenceSaved,
    SaveReminderPreference,
)
from handlers.effects import EffectContext, EffectRegistry


def register_reminder_preference_effects(registry: EffectRegistry) -> None:
    async def load(ctx: EffectContext, _: LoadReminderPreference) -> ReminderPreferenceLoaded:
        return ReminderPreferenceLoaded(await ctx.uow.reminder_preferences.get(ctx.user.id))

    async def save(ctx: EffectContext, effect: SaveReminderPreference) -> ReminderPreferenceSaved:
        await ctx.uow.reminder_preferences.set(ctx.user.id, effect.preference, ctx.now)
        return ReminderPreferenceSaved(effect.preference)

    registry.register(LoadReminderPreference, load)
    registry.register(SaveReminderPreference, save)
