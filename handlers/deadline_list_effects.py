"""/deadlines' figures (flows/deadline_list.py): counted for the seats the asker holds.

A figure asked for a seat the principal does not hold (a crafted effect, a role revoked since)
is left out rather than refused: the list still shows its dates.
"""

from __future__ import annotations

from flows.deadline_list_effects import (
    DeadlineFiguresLoaded,
    FigureCount,
    LoadDeadlineFigures,
)
from flows.principal import RoleGrant
from handlers.effects import EffectContext, EffectRegistry
from storage.reminder_figures import figure_count


def register_deadline_list_effects(registry: EffectRegistry) -> None:
    async def load(ctx: EffectContext, effect: LoadDeadlineFigures) -> DeadlineFiguresLoaded:
        held = set(ctx.principal.grants)
        counts = []
        for asked in effect.asked:
            if RoleGrant(asked.role, asked.area) not in held:
                continue
            count = await figure_count(
                ctx.uow.session, asked.figure, asked.role, asked.area, asked.structure
            )
            if count is not None:
                counts.append(FigureCount(asked, count))
        return DeadlineFiguresLoaded(tuple(counts))

    registry.register(LoadDeadlineFigures, load)
