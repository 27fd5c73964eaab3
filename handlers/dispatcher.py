"""Dispatch: one update is one locked, transactional step.

skip if (channel, message id) was processed already        # webhooks redeliver
lock the conversation, then in one transaction:
    advance the conversation, apply effects, save state, write replies to the outbox
commit, then deliver the outbox (rate-limited, retried)
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace

from flows.admin_units import AdminUnits
from flows.conversation import Conversation, respond
from flows.effects import (
    CheckStamp,
    Effect,
    IdeasLoaded,
    IdeaSubmitted,
    LoadMyIdeas,
    SetLanguage,
    StampChecked,
    SubmitIdea,
)
from flows.engine import Env
from flows.messages import Inbound, Reply, UserMessage
from flows.text_match import normalize
from flows.texts import DEFAULT_LANG, LANGS, t
from handlers.inbound_photos import process_photos
from handlers.locks import ConversationLocks
from handlers.outbox import OutboxSender
from handlers.ports import Channel, Clock
from handlers.stamp_check import StampChecker
from storage.database import Database
from storage.ideas import NewPhoto
from storage.models import UserRecord
from storage.photo_store import PhotoStore
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

MAX_INTERNAL_STEPS = 8


@dataclass
class DispatchStats:
    handled: int = 0
    duplicates: int = 0
    errors: int = 0


class Dispatcher:
    def __init__(
        self,
        *,
        database: Database,
        channels: Mapping[str, Channel],
        photo_store: PhotoStore,
        units: AdminUnits,
        clock: Clock,
        outbox: OutboxSender,
        locks: ConversationLocks,
        stamp_checker: StampChecker,
        default_lang: str = DEFAULT_LANG,
    ) -> None:
        self.database = database
        self.channels = channels
        self.photo_store = photo_store
        self.units = units
        self.clock = clock
        self.outbox = outbox
        self.locks = locks
        self.stamp_checker = stamp_checker
        self.default_lang = default_lang
        self.booted_at = clock.now()
        self.stats = DispatchStats()

    async def handle(self, inbound: Inbound) -> None:
        """Handle one inbound message; never raises for the user's sake."""
        channel = self.channels[inbound.channel]
        key = inbound.conversation_key
        # The lock is taken before the first await, so one chat's updates keep their order.
        async with self.locks.hold(key):
            if await self._seen(inbound):
                self.stats.duplicates += 1
                return
            try:
                event = await self._event_of(inbound, channel)
                handled = await self._step(inbound, event)
            except Exception:
                self.stats.errors += 1
                log.exception("update %s in %s failed", inbound.message_id, key)
                await self._apologise(inbound)
                handled = True
            if not handled:
                self.stats.duplicates += 1
            else:
                self.stats.handled += 1
            await self.outbox.deliver_chat_locked(inbound.channel, inbound.chat_id)

    async def _seen(self, inbound: Inbound) -> bool:
        async with UnitOfWork(self.database) as uow:
            return await uow.processed.seen(inbound.channel, inbound.message_id)

    async def _event_of(self, inbound: Inbound, channel: Channel) -> UserMessage:
        photos = await process_photos(channel, inbound.photos, self.photo_store)
        return UserMessage(
            text=normalize(inbound.text) if inbound.text is not None else None,
            command=inbound.command,
            command_arg=normalize(inbound.command_arg) if inbound.command_arg else None,
            choice=inbound.choice,
            photos=photos,
            contact_phone=inbound.contact_phone,
            unsupported=inbound.unsupported,
        )

    def _initial_lang(self, inbound: Inbound) -> str:
        return self.default_lang if self.default_lang in LANGS else DEFAULT_LANG

    async def _step(self, inbound: Inbound, event: UserMessage) -> bool:
        now = self.clock.now()
        key = inbound.conversation_key
        async with UnitOfWork(self.database) as uow:
            await uow.lock(key)
            if await uow.processed.seen(inbound.channel, inbound.message_id):
                return False
            await uow.processed.mark(inbound.channel, inbound.message_id, now)
            user = await uow.users.get_or_create(
                inbound.channel,
                inbound.user_id,
                inbound.display_name,
                self._initial_lang(inbound),
                now,
            )
            conversation = Conversation.from_json(await uow.conversations.load(key))
            env = Env(lang=user.lang, now=now, units=self.units, booted_at=self.booted_at)
            response = respond(conversation, event, env)
            replies = list(response.replies)
            pending: list[Effect] = list(response.effects)
            conversation = response.conversation
            for _ in range(MAX_INTERNAL_STEPS):
                if not pending:
                    break
                effect = pending.pop(0)
                feedback = await self._apply(effect, uow, user, now)
                if isinstance(effect, SetLanguage):
                    env = replace(env, lang=effect.lang)
                if feedback is not None:
                    response = respond(conversation, feedback, env)
                    conversation = response.conversation
                    replies.extend(response.replies)
                    pending.extend(response.effects)
            else:
                raise RuntimeError(f"too many internal steps in {key}")
            await uow.conversations.save(key, user.id, conversation.to_json(), now)
            for reply in replies:
                await uow.outbox.add(inbound.channel, inbound.chat_id, reply.to_json(), now)
            await uow.commit()
        return True

    async def _apply(
        self, effect: Effect, uow: UnitOfWork, user: UserRecord, now: dt.datetime
    ) -> object | None:
        if isinstance(effect, SubmitIdea):
            photos = []
            for sha in effect.photos:
                width, height = await self._photo_size(sha)
                photos.append(NewPhoto(sha, width, height))
            idea = await uow.ideas.submit(user.id, dict(effect.answers), photos, now)
            return IdeaSubmitted(idea.registration_number, idea.id)
        if isinstance(effect, LoadMyIdeas):
            return IdeasLoaded(await uow.ideas.summaries_for(user.id))
        if isinstance(effect, CheckStamp):
            user_hash = self.stamp_checker.user_hash(user.channel, user.external_id)
            checker = self.stamp_checker
            return StampChecked(await checker.check(uow, effect, user.channel, user_hash, now))
        if isinstance(effect, SetLanguage):
            await uow.users.set_language(user.id, effect.lang)
            user.lang = effect.lang
            return None
        raise TypeError(f"unknown effect {effect!r}")

    async def _photo_size(self, sha: str) -> tuple[int, int]:
        return self.photo_store.size_of(sha)

    async def _apologise(self, inbound: Inbound) -> None:
        lang = self.default_lang
        try:
            async with UnitOfWork(self.database) as uow:
                sorry = Reply(t("ERROR_SORRY", lang))
                await uow.outbox.add(
                    inbound.channel, inbound.chat_id, sorry.to_json(), self.clock.now()
                )
                await uow.commit()
        except Exception:
            log.exception("could not queue the apology; sending it directly")
            try:
                await self.channels[inbound.channel].send(
                    inbound.chat_id, Reply(t("ERROR_SORRY", lang))
                )
            except Exception:
                log.exception("could not tell %s about the error", inbound.conversation_key)
