"""Notices to other people: addressed to a user or to everyone holding a role in an area, put
into each recipient's language, and written to the outbox in the step's transaction."""

from __future__ import annotations

import logging

from flows.authorization import authorize
from flows.notice import Notify, ToRole, ToUser
from handlers.effects import EffectContext, EffectRegistry, RefusedEffect
from handlers.passive_notice import busy_on_numbered_channels, payload
from storage.outbox import NewMessage
from storage.users import Address

log = logging.getLogger(__name__)


async def recipients(ctx: EffectContext, effect: Notify) -> list[Address]:
    to = effect.to
    if isinstance(to, ToUser):
        found = await ctx.uow.users.addresses([to.user_id])
    elif isinstance(to, ToRole):
        found = await ctx.uow.users.holders(to.role, to.area, to.structure)
    else:
        raise TypeError(f"unknown recipient {to!r}")
    if effect.exclude_sender:
        found = [a for a in found if a.user_id != ctx.user.id]
    return [a for a in found if not a.blocked]


def register_notify(registry: EffectRegistry) -> None:
    async def notify(ctx: EffectContext, effect: Notify) -> None:
        decision = authorize(ctx.principal, effect.action)
        if not decision:
            raise RefusedEffect(decision.reason)
        found = await recipients(ctx, effect)
        if not found:
            log.info("notice %s to %s reached nobody", effect.notice.key, effect.to)
        busy = await busy_on_numbered_channels(ctx.uow, found)
        for address in found:
            reply = effect.notice.render(address.lang)
            passive = address.user_id in busy
            ctx.to_others.append(
                NewMessage(
                    address.channel,
                    address.chat_id,
                    payload(reply, address, effect.notice.key, passive=passive),
                    address.user_id,
                )
            )

    registry.register(Notify, notify)
