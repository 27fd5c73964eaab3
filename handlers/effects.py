"""Effects by registry: each feature registers the handler of its own effects, and the
dispatcher applies whatever a flow asks through this one door.

A handler gets the step's unit of work, who is acting (the principal, checked again here where
the effect is carried out) and the time; it returns the event to feed back to the flow, or None.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flows.principal import Principal
from storage.outbox import NewMessage
from storage.unit_of_work import UnitOfWork
from storage.users import UserInfo

E = TypeVar("E")


@dataclass
class EffectContext:
    uow: UnitOfWork
    principal: Principal
    user: UserInfo
    now: dt.datetime
    # Messages to other people, written to the outbox with the step; delivered after commit.
    to_others: list[NewMessage] = field(default_factory=list)


Handler = Callable[[EffectContext, Any], Awaitable[object | None]]


class RefusedEffect(Exception):
    """The principal may not do what the effect asks (the flow should not have asked)."""


class EffectRegistry:
    def __init__(self) -> None:
        self._handlers: dict[type[Any], Handler] = {}

    def register(
        self, kind: type[E], handler: Callable[[EffectContext, E], Awaitable[object | None]]
    ) -> None:
        if kind in self._handlers:
            raise ValueError(f"{kind.__name__} has a handler already")
        self._handlers[kind] = handler

    def handles(self, kind: type[Any]) -> bool:
        return kind in self._handlers

    async def apply(self, ctx: EffectContext, effect: object) -> object | None:
        handler = self._handlers.get(type(effect))
        if handler is None:
            raise TypeError(f"no handler registered for {type(effect).__name__}")
        return await handler(ctx, effect)
