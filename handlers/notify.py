"""Notices to other people: addressed to a user or to everyone holding a role in an area, put
into each recipient's language, and written to the outbox in the step's transaction."""

from __future__ import annotations

import logging

from flows.authorization import authorize
from flows.notice import Notify, ToRole, ToUser, notice_payload
from handlers.effects import EffectContext, EffectRegistry, RefusedEffect
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
        for address in found:
            reply = effect.notice.render(address.lang)
            ctx.to_others.append(
                NewMessage(
                    address.channel,
                    address.chat_id,
                    notice_payload(reply, effect.notice.key),
                    address.user_id,
                )
            )

    registry.register(Notify, notify)
