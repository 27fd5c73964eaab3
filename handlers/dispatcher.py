"""Dispatch: one update is one locked, transactional step.

    take the conversation's lock (before the first await: a chat's updates keep their order)
    check and store the photos
    in a transaction: skip if (channel, message id) was processed already (webhooks
        redeliver), advance the conversation, apply the effects, save the state, write the
        replies to the outbox; commit
    deliver the replies (rate-limited, retried), then release the lock

Under load, the steps of different chats that are ready at the same moment share one
transaction (group commit): the database work of a step is a handful of statements for the
whole group instead of a handful per update. A group that fails is retried one step at a
time, so one bad update only costs its own user an apology.
"""

from __future__ import annotations

import asyncio
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
from storage.outbox import PendingMessage
from storage.photo_store import PhotoStore
from storage.unit_of_work import UnitOfWork
from storage.users import UserInfo

log = logging.getLogger(__name__)

MAX_INTERNAL_STEPS = 8
# Steps that share one transaction at most (a burst of updates from many chats).
MAX_GROUP = 200


@dataclass
class DispatchStats:
    handled: int = 0
    duplicates: int = 0
    errors: int = 0
    groups: int = 0


@dataclass
class _Job:
    inbound: Inbound
    event: UserMessage
    # The replies written for this update, or None for an update handled before.
    done: asyncio.Future[list[PendingMessage] | None]


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
        self.default_lang = default_lang if default_lang in LANGS else DEFAULT_LANG
        self.booted_at = clock.now()
        self.stats = DispatchStats()
        self._queue: list[_Job] = []
        self._worker: asyncio.Task[None] | None = None

    async def handle(self, inbound: Inbound) -> None:
        """Handle one inbound message; never raises for the user's sake."""
        channel = self.channels[inbound.channel]
        async with self.locks.hold(inbound.conversation_key):
            if inbound.photos and await self._seen(inbound):
                self.stats.duplicates += 1  # known already: do not download its photos again
                return
            try:
                event = await self._event_of(inbound, channel)
            except Exception:
                log.exception("photos of %s failed", inbound.conversation_key)
                written: list[PendingMessage] | None = await self._apologise(inbound)
            else:
                written = await self._submit(inbound, event)
            if written is None:
                self.stats.duplicates += 1
                return
            await self.outbox.deliver_new(inbound.channel, inbound.chat_id, written)

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

    async def _submit(self, inbound: Inbound, event: UserMessage) -> list[PendingMessage] | None:
        job = _Job(inbound, event, asyncio.get_running_loop().create_future())
        self._queue.append(job)
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._work(), name="dispatch")
        return await job.done

    async def _work(self) -> None:
        """Run the queued steps, a group at a time, until none is left."""
        while self._queue:
            jobs, self._queue = self._queue[:MAX_GROUP], self._queue[MAX_GROUP:]
            try:
                results = await self._steps(jobs)
            except Exception:
                if len(jobs) > 1:
                    log.warning("a group of %d steps failed; retrying one by one", len(jobs))
                results = [await self._alone(job) for job in jobs]
            self.stats.groups += 1
            for job, result in zip(jobs, results, strict=True):
                if not job.done.done():
                    job.done.set_result(result)

    async def _alone(self, job: _Job) -> list[PendingMessage] | None:
        try:
            return (await self._steps([job]))[0]
        except Exception:
            self.stats.errors += 1
            log.exception(
                "update %s in %s failed", job.inbound.message_id, job.inbound.conversation_key
            )
            return await self._apologise(job.inbound)

    async def _steps(self, jobs: list[_Job]) -> list[list[PendingMessage] | None]:
        """The steps of different chats in one transaction; None for a duplicate."""
        now = self.clock.now()
        async with UnitOfWork(self.database) as uow:
            await uow.lock_many([j.inbound.conversation_key for j in jobs])
            ids = [(j.inbound.channel, j.inbound.message_id) for j in jobs]
            seen = await uow.processed.seen_many(ids)
            fresh: list[_Job] = []
            for job, key in zip(jobs, ids, strict=True):
                if key not in seen:
                    seen.add(key)  # the same update twice in one group counts once
                    fresh.append(job)
            users = await uow.users.get_or_create_many(
                [(j.inbound.channel, j.inbound.user_id, j.inbound.display_name) for j in fresh],
                self.default_lang,
                now,
            )
            states = await uow.conversations.load_many([j.inbound.conversation_key for j in fresh])
            saves = []
            rows = []
            counts = []
            for job in fresh:
                inbound = job.inbound
                user = users[(inbound.channel, inbound.user_id)]
                saved = states.get(inbound.conversation_key)
                conversation, replies = await self._advance(uow, job.event, saved, user, now)
                saves.append((inbound.conversation_key, user.id, conversation.to_json()))
                rows += [(inbound.channel, inbound.chat_id, r.to_json()) for r in replies]
                counts.append(len(replies))
            await uow.processed.mark_many([ids[jobs.index(j)] for j in fresh], now)
            await uow.conversations.save_many(saves, now)
            written = await uow.outbox.add_many(rows, now)
            await uow.commit()
        self.stats.handled += len(fresh)
        results: dict[int, list[PendingMessage]] = {}
        start = 0
        for job, count in zip(fresh, counts, strict=True):
            results[id(job)] = written[start : start + count]
            start += count
        return [results.get(id(job)) for job in jobs]

    async def _advance(
        self,
        uow: UnitOfWork,
        event: UserMessage,
        saved: dict[str, object] | None,
        user: UserInfo,
        now: dt.datetime,
    ) -> tuple[Conversation, list[Reply]]:
        """Advance one conversation, applying effects and feeding their results back."""
        env = Env(lang=user.lang, now=now, units=self.units, booted_at=self.booted_at)
        response = respond(Conversation.from_json(saved), event, env)
        conversation = response.conversation
        replies = list(response.replies)
        pending: list[Effect] = list(response.effects)
        for _ in range(MAX_INTERNAL_STEPS):
            if not pending:
                return conversation, replies
            effect = pending.pop(0)
            feedback = await self._apply(effect, uow, user, now)
            if isinstance(effect, SetLanguage):
                env = replace(env, lang=effect.lang)
            if feedback is not None:
                response = respond(conversation, feedback, env)
                conversation = response.conversation
                replies.extend(response.replies)
                pending.extend(response.effects)
        raise RuntimeError("too many internal steps")

    async def _apply(
        self, effect: Effect, uow: UnitOfWork, user: UserInfo, now: dt.datetime
    ) -> object | None:
        if isinstance(effect, SubmitIdea):
            photos = []
            for sha in effect.photos:
                width, height = await asyncio.to_thread(self.photo_store.size_of, sha)
                photos.append(NewPhoto(sha, width, height))
            idea = await uow.ideas.submit(user.id, dict(effect.answers), photos, now)
            return IdeaSubmitted(idea.registration_number, idea.id)
        if isinstance(effect, LoadMyIdeas):
            return IdeasLoaded(await uow.ideas.summaries_for(user.id))
        if isinstance(effect, CheckStamp):
            checker = self.stamp_checker
            user_hash = checker.user_hash(user.channel, user.external_id)
            return StampChecked(await checker.check(uow, effect, user.channel, user_hash, now))
        if isinstance(effect, SetLanguage):
            await uow.users.set_language(user.id, effect.lang)
            user.lang = effect.lang
            return None
        raise TypeError(f"unknown effect {effect!r}")

    async def _apologise(self, inbound: Inbound) -> list[PendingMessage] | None:
        """Queue an apology in a fresh transaction; send it directly if even that fails."""
        sorry = Reply(t("ERROR_SORRY", self.default_lang))
        try:
            async with UnitOfWork(self.database) as uow:
                written = await uow.outbox.add_many(
                    [(inbound.channel, inbound.chat_id, sorry.to_json())], self.clock.now()
                )
                await uow.commit()
            return written
        except Exception:
            log.exception("could not queue the apology; sending it directly")
        try:
            await self.channels[inbound.channel].send(inbound.chat_id, sorry)
        except Exception:
            log.exception("could not tell %s about the error", inbound.conversation_key)
        return []
