"""Dispatch: one update is one locked, transactional step.

    take the conversation's lock (before the first await: a chat's updates keep their order)
    for an update with files: skip it if handled before, and read the conversation (one
        short transaction) to know whether its photo is a stamp to decode and its files wanted
    check and store the photos (a stamp photo decoded from its original meanwhile), and the
        files a step takes (handlers/inbound_documents.py)
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
import contextvars
import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from flows.admin_units import AdminUnits
from flows.conversation import Conversation, decodes_stamp_photos, respond, takes_documents
from flows.deadlines import DEFAULT_DAY_MONTH
from flows.effects import Effect
from flows.engine import Env, Limits
from flows.messages import (
    DocumentResult,
    Inbound,
    PhotoResult,
    RejectedPhoto,
    Reply,
    StoredPhoto,
    UserMessage,
)
from flows.notice import NOTICE_MARK, choice_from_notice
from flows.principal import Principal
from flows.registered import REGISTRY
from flows.registry import Registry
from flows.reminder_calendar import Calendar
from flows.reminder_plan import ReminderSettings
from flows.text_match import normalize, typed_number
from flows.texts import DEFAULT_LANG, LANGS, t
from handlers import metrics
from handlers.default_effects import default_effects
from handlers.effects import EffectContext, EffectRegistry
from handlers.inbound_documents import process_documents
from handlers.inbound_photos import check_photo, download_photo, process_photos
from handlers.locks import ConversationLocks
from handlers.log_context import conversation_key
from handlers.outbox import OutboxSender
from handlers.ports import NUMBERED_CHANNELS, Channel, Clock
from handlers.stamp_check import StampChecker
from storage.calendar_source import load_calendar
from storage.database import Database
from storage.document_store import DocumentStore
from storage.outbox import NewMessage, PendingMessage
from storage.photo_store import PhotoRejectedError, PhotoStore
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

MAX_INTERNAL_STEPS = 8
# Steps that share one transaction at most (a burst of updates from many chats).
MAX_GROUP = 200
# Stamp photos decoded at once: decoding is CPU work in threads, and more threads than cores
# only slow every other chat's step down.
MAX_DECODES = 2
# On a shared database: how long a chat's update waits for the same chat's earlier update
# that another process holds, and how often it looks.
ORDER_WAIT = dt.timedelta(seconds=10)
ORDER_POLL = 0.05


@dataclass
class DispatchStats:
    handled: int = 0
    duplicates: int = 0
    errors: int = 0
    groups: int = 0


@dataclass(frozen=True)
class Written:
    """What a step wrote to the outbox: its own chat's replies, and the chats of other people
    it sent messages to (delivered after commit, each in its own chat's order)."""

    own: list[PendingMessage]
    others: frozenset[tuple[str, str]] = frozenset()


@dataclass
class _Read:
    inbound: Inbound
    # None for an update handled before, else the saved state (None: no conversation yet).
    done: asyncio.Future[tuple[bool, dict[str, Any] | None]]


@dataclass
class _Job:
    inbound: Inbound
    event: UserMessage
    # What the step wrote, or None for an update handled before.
    done: asyncio.Future[Written | None]


def _fair_group(queue: list[_Job], size: int) -> tuple[list[_Job], list[_Job]]:
    """The next group and what is left: the channels take turns, each in arrival order, so a
    `/start` on Telegram joins the next group however many Zalo steps wait (a chat has one
    step queued at a time, so no chat's order changes)."""
    if len(queue) <= size:
        return queue, []
    by_channel: dict[str, list[_Job]] = {}
    for job in queue:
        by_channel.setdefault(job.inbound.channel, []).append(job)
    if len(by_channel) == 1:
        return queue[:size], queue[size:]
    lanes = [iter(jobs) for jobs in by_channel.values()]
    group: list[_Job] = []
    while len(group) < size:
        for lane in list(lanes):
            nxt = next(lane, None)
            if nxt is None:
                lanes.remove(lane)
            else:
                group.append(nxt)
                if len(group) == size:
                    break
    taken = {id(job) for job in group}
    return group, [job for job in queue if id(job) not in taken]


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
        effects: EffectRegistry | None = None,
        registry: Registry = REGISTRY,
        limits: Limits | None = None,
        ruleset: str = "1048",
        province_deadline: tuple[int, int] = DEFAULT_DAY_MONTH,
        calendar: Calendar | None = None,
        reminder_settings: ReminderSettings | None = None,
        document_store: DocumentStore | None = None,
        ordered_across_processes: bool = False,
        order_wait: dt.timedelta = ORDER_WAIT,
    ) -> None:
        self.database = database
        # A shared database (several processes may hold one chat's updates): see _earlier_first.
        self.ordered_across_processes = ordered_across_processes
        self.order_wait = order_wait
        self.channels = channels
        self.photo_store = photo_store
        # Unset: beside the photos (both live in the data directory).
        self.document_store = document_store or DocumentStore(photo_store.root.parent / "documents")
        self.units = units
        self.clock = clock
        self.outbox = outbox
        self.locks = locks
        self.stamp_checker = stamp_checker
        self.default_lang = default_lang if default_lang in LANGS else DEFAULT_LANG
        self.stats = DispatchStats()
        self.effects = effects or default_effects(photo_store, stamp_checker, self.document_store)
        self.registry = registry
        self.limits = limits or Limits(
            photo_store.max_bytes, photo_store.max_pixels, self.document_store.max_bytes
        )
        self.ruleset = ruleset
        self.province_deadline = province_deadline
        # Unset: the shipped Hà Tĩnh calendar (/deadlines reads it).
        self.calendar = calendar if calendar is not None else load_calendar()
        self.reminder_settings = reminder_settings or ReminderSettings()
        self._decoding = asyncio.Semaphore(MAX_DECODES)
        self._deliveries: set[asyncio.Task[None]] = set()
        self._queue: list[_Job] = []
        self._worker: asyncio.Task[None] | None = None
        self._reads: list[_Read] = []
        self._reader: asyncio.Task[None] | None = None

    async def handle(self, inbound: Inbound) -> None:
        """Handle one inbound message; never raises for the user's sake."""
        # The chat's own task: every line logged while handling it names the conversation.
        conversation_key.set(inbound.conversation_key)
        metrics.UPDATES_RECEIVED.labels(inbound.channel).inc()
        others: set[tuple[str, str]] = set()
        async with self.locks.hold(inbound.conversation_key):
            for update in await self._earlier_first(inbound):
                written = await self._handle_held(update, self.channels[update.channel])
                if written is not None:
                    others |= written.others
        for other_channel, chat in others:
            if other_channel in self.channels:
                self._deliver_later(other_channel, chat)

    async def _handle_held(self, inbound: Inbound, channel: Channel) -> Written | None:
        """One update, under its chat's lock: its replies delivered; what it wrote."""
        saved: Conversation | None = None
        if inbound.photos or inbound.documents:
            saved = await self._unseen_conversation(inbound)
            if saved is None:
                self.stats.duplicates += 1  # known already: do not download its files again
                return None
        try:
            event = await self._event_of(inbound, channel, saved)
        except Exception:
            metrics.ERRORS.labels("photos").inc()
            log.exception("photos of %s failed", inbound.conversation_key)
            written: Written | None = await self._apologise(inbound)
        else:
            written = await self._submit(inbound, event)
        if written is None:
            self.stats.duplicates += 1
            return None
        await self.outbox.deliver_new(inbound.channel, inbound.chat_id, written.own)
        return written

    async def _earlier_first(self, inbound: Inbound) -> list[Inbound]:
        """The updates to handle now, in order: this one, after any update of the same chat
        recorded before it and still unhandled.

        With one process per database (SQLite) the chat's queue already keeps the order. On a
        shared database another process may hold the chat's earlier update (the proxy sent
        the two messages to different processes): wait for it to be handled there, up to
        `order_wait`; an update still unhandled after that is taken over, handled here first
        (its process is dead or stuck; the step's dedupe keeps it from being handled twice).
        """
        if not self.ordered_across_processes:
            return [inbound]
        deadline = asyncio.get_running_loop().time() + self.order_wait.total_seconds()
        while True:
            async with UnitOfWork(self.database) as uow:
                earlier = await uow.inbox.unhandled_before(
                    inbound.channel, inbound.message_id, inbound.conversation_key
                )
            if not earlier:
                return [inbound]
            if asyncio.get_running_loop().time() >= deadline:
                break
            await asyncio.sleep(ORDER_POLL)
        taken: list[Inbound] = []
        for row in earlier:
            try:
                taken.append(Inbound.from_json(row.payload))
            except (KeyError, TypeError, ValueError):
                log.exception("inbox row %s could not be read; not waited for", row.id)
        log.warning(
            "%d earlier update(s) of %s unhandled after %s: handled here first",
            len(taken),
            inbound.conversation_key,
            self.order_wait,
        )
        metrics.ERRORS.labels("order_takeover").inc()
        return [*taken, inbound]

    def _deliver_later(self, channel: str, chat_id: str) -> None:
        """Another person's chat: delivered under that chat's lock, in its table order."""
        task = asyncio.create_task(self.outbox.deliver_chat(channel, chat_id))
        self._deliveries.add(task)
        task.add_done_callback(self._deliveries.discard)

    async def drain_deliveries(self) -> None:
        """Wait for messages to other people still being delivered (tests, shutdown)."""
        while self._deliveries:
            await asyncio.gather(*list(self._deliveries), return_exceptions=True)

    async def _unseen_conversation(self, inbound: Inbound) -> Conversation | None:
        """None for an update handled before; else its conversation as saved, which decides
        whether its photo is decoded as a stamp and its files are taken.

        Read outside the step's transaction, under the chat's lock (nothing in this process
        moves the conversation meanwhile; at worst the step decodes again itself). The reads
        of chats waiting at the same moment share one short transaction, as their steps do:
        on SQLite every transaction waits its turn, and one per photo would hold the steps.
        """
        read = _Read(inbound, asyncio.get_running_loop().create_future())
        self._reads.append(read)
        if self._reader is None or self._reader.done():
            self._reader = asyncio.create_task(
                self._read_work(), name="dispatch-reads", context=contextvars.Context()
            )
        seen, state = await read.done
        return None if seen else Conversation.from_json(state)

    async def _read_work(self) -> None:
        """Answer the queued reads, a group at a time, until none is left."""
        while self._reads:
            reads, self._reads = self._reads[:MAX_GROUP], self._reads[MAX_GROUP:]
            ids = [(r.inbound.channel, r.inbound.message_id) for r in reads]
            try:
                async with UnitOfWork(self.database) as uow:
                    seen = await uow.processed.seen_many(ids)
                    keys = list(
                        {
                            r.inbound.conversation_key
                            for r, i in zip(reads, ids, strict=True)
                            if i not in seen
                        }
                    )
                    states = await uow.conversations.load_many(keys)
            except Exception as exc:  # each chat's update meets it, as its own read would
                for read in reads:
                    if not read.done.done():
                        read.done.set_exception(exc)
                continue
            for read, key in zip(reads, ids, strict=True):
                if not read.done.done():
                    read.done.set_result((key in seen, states.get(read.inbound.conversation_key)))

    async def _event_of(
        self, inbound: Inbound, channel: Channel, saved: Conversation | None
    ) -> UserMessage:
        """`saved`: the conversation, read when the update has photos or files."""
        decodes = saved is not None and decodes_stamp_photos(saved, self.registry)
        wants_documents = saved is not None and takes_documents(saved, self.registry)
        photos = await self._with_codes(inbound, channel, decodes)
        documents = await self._documents_of(inbound, channel, wants_documents)
        return UserMessage(
            text=normalize(inbound.text) if inbound.text is not None else None,
            command=inbound.command,
            command_arg=normalize(inbound.command_arg) if inbound.command_arg else None,
            choice=inbound.choice,
            photos=photos,
            contact_phone=inbound.contact_phone,
            location=inbound.location,
            unsupported=inbound.unsupported,
            documents=documents,
        )

    async def _documents_of(
        self, inbound: Inbound, channel: Channel, wanted: bool
    ) -> tuple[DocumentResult, ...]:
        """Checked and stored when a step takes files now; else refused without a download."""
        if not inbound.documents:
            return ()
        return await process_documents(
            channel, inbound.documents, self.document_store, wanted=wanted
        )

    async def _with_codes(
        self, inbound: Inbound, channel: Channel, decodes: bool
    ) -> tuple[PhotoResult, ...]:
        """The photos checked and stored, in order. When the conversation would check a photo
        as a stamp (`decodes`), the first one the store accepts is also decoded now, from its
        original bytes, before any transaction opens (it takes up to 2 s): on the decoder's
        threads while the store checks and stores it on its own. Its codes count only once the
        store has accepted and stored it; a photo the store's header checks refuse (type,
        pixels, memory) is not decoded at all."""
        store = self.photo_store
        if not decodes:
            return await process_photos(channel, inbound.photos, store)
        results: list[PhotoResult] = []
        decoded = False
        for photo in inbound.photos:
            data = await download_photo(channel, photo, store)
            if isinstance(data, RejectedPhoto):
                results.append(data)
                continue
            if decoded or not await self._header_passes(data):
                results.append(await check_photo(data, store))
                continue
            checking = asyncio.ensure_future(check_photo(data, store))
            try:
                async with self._decoding:
                    reading = await self.stamp_checker.decode_original(data)
            finally:
                first = await checking  # never left running, even if the decoding fails
            if isinstance(first, StoredPhoto):
                results.append(replace(first, codes=reading.codes, advice=reading.advice))
                decoded = True
            else:  # its pixels failed the store's check: what was read in it is dropped
                results.append(first)
        return tuple(results)

    async def _header_passes(self, data: bytes) -> bool:
        """Whether the photo passes the store's checks read from its header alone (type,
        pixel count, memory), the gate before it is decoded alongside the store's check."""
        try:
            await asyncio.to_thread(self.photo_store.plan, data)
        except PhotoRejectedError:
            return False
        return True

    async def _submit(self, inbound: Inbound, event: UserMessage) -> Written | None:
        job = _Job(inbound, event, asyncio.get_running_loop().create_future())
        self._queue.append(job)
        if self._worker is None or self._worker.done():
            # A context of its own: the group worker serves many chats, not the one starting it.
            self._worker = asyncio.create_task(
                self._work(), name="dispatch", context=contextvars.Context()
            )
        return await job.done

    async def _work(self) -> None:
        """Run the queued steps, a group at a time, until none is left."""
        while self._queue:
            jobs, self._queue = _fair_group(self._queue, MAX_GROUP)
            conversation_key.set(None)  # a failing group's line names the step that raised
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

    async def _alone(self, job: _Job) -> Written | None:
        token = conversation_key.set(job.inbound.conversation_key)
        try:
            return (await self._steps([job]))[0]
        except Exception:
            self.stats.errors += 1
            metrics.ERRORS.labels("step").inc()
            log.exception(
                "update %s in %s failed", job.inbound.message_id, job.inbound.conversation_key
            )
            return await self._apologise(job.inbound)
        finally:
            conversation_key.reset(token)

    async def _steps(self, jobs: list[_Job]) -> list[Written | None]:
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
            # Only the roles of the structure in force act; those of another are kept aside
            # so that the person can be told why they no longer count.
            roles = await uow.users.roles_many(
                list({u.id for u in users.values()}), self.units.structure
            )
            states = await uow.conversations.load_many([j.inbound.conversation_key for j in fresh])
            saves = []
            rows: list[NewMessage] = []
            own_rows: list[tuple[tuple[str, str], int, int]] = []  # chat, first row, count
            counts = []
            others: list[frozenset[tuple[str, str]]] = []
            for job in fresh:
                inbound = job.inbound
                conversation_key.set(inbound.conversation_key)  # the worker's own context
                user = users[(inbound.channel, inbound.user_id)]
                held = roles.get(user.id)
                principal = Principal(
                    user.id,
                    user.channel,
                    user.external_id,
                    held.current if held else (),
                    held.elsewhere if held else (),
                )
                saved = states.get(inbound.conversation_key)
                ctx = EffectContext(uow, principal, user, now)
                event = job.event
                if inbound.channel in NUMBERED_CHANNELS and typed_number(event.text or ""):
                    last = await uow.outbox.latest_payload(inbound.channel, inbound.chat_id)
                    event = choice_from_notice(last, event)
                conversation, replies = await self._advance(ctx, event, saved)
                saves.append((inbound.conversation_key, user.id, conversation.to_json()))
                mine = [
                    NewMessage(inbound.channel, inbound.chat_id, r.to_json(), user.id)
                    for r in replies
                ]
                if conversation.form is None and replies and replies[-1].options:
                    # No form asks a question: a number typed next chooses among these, as
                    # after a notice ("1. Phát hành tem" under a certification).
                    mine[-1].payload[NOTICE_MARK] = "standing"
                own_rows.append(((inbound.channel, inbound.chat_id), len(rows), len(mine)))
                rows += mine
                counts.append(len(replies))
                rows += ctx.to_others
                counts.append(len(ctx.to_others))
                others.append(frozenset((m.channel, m.chat_id) for m in ctx.to_others))
            handled = [ids[jobs.index(j)] for j in fresh]
            await uow.processed.mark_many(handled, now)
            await uow.inbox.mark_handled_many(handled, now)
            await uow.conversations.save_many(saves, now)
            await self._claim_own(uow, rows, own_rows)
            written = await uow.outbox.add_many(rows, now)
            await uow.commit()
        self.stats.handled += len(fresh)
        results: dict[int, Written] = {}
        start = 0
        for i, job in enumerate(fresh):
            own, theirs = counts[2 * i], counts[2 * i + 1]
            results[id(job)] = Written(written[start : start + own], others[i])
            start += own + theirs
        return [results.get(id(job)) for job in jobs]

    async def _claim_own(
        self,
        uow: UnitOfWork,
        rows: list[NewMessage],
        own_rows: list[tuple[tuple[str, str], int, int]],
    ) -> None:
        """Write a person's replies already claimed by this process, to be sent in hand after
        the commit, when the outbox may (it sends their channel, nothing older of their chat
        waits); else they are written free and the chat is served from the table."""
        free = await self.outbox.free_chats(uow, {chat for chat, _, n in own_rows if n})
        if not free:
            return
        holder, until = self.outbox.step_claim()
        for chat, start, n in own_rows:
            if chat in free:
                for i in range(start, start + n):
                    rows[i] = replace(rows[i], claimed_by=holder, claimed_until=until)

    async def _advance(
        self, ctx: EffectContext, event: UserMessage, saved: dict[str, object] | None
    ) -> tuple[Conversation, list[Reply]]:
        """Advance one conversation, applying effects and feeding their results back."""
        env = Env(
            lang=ctx.user.lang,
            now=ctx.now,
            units=self.units,
            limits=self.limits,
            principal=ctx.principal,
            ruleset=self.ruleset,
            province_deadline=self.province_deadline,
            calendar=self.calendar,
            reminder_settings=self.reminder_settings,
        )
        response = respond(Conversation.from_json(saved), event, env, self.registry)
        conversation = response.conversation
        replies = list(response.replies)
        pending: list[Effect] = list(response.effects)
        for _ in range(MAX_INTERNAL_STEPS):
            if not pending:
                return conversation, replies
            effect = pending.pop(0)
            feedback = await self.effects.apply(ctx, effect)
            # An effect may have changed the person (their language, their roles): later
            # replies follow.
            env = replace(env, lang=ctx.user.lang, principal=ctx.principal)
            if feedback is not None:
                response = respond(conversation, feedback, env, self.registry)
                conversation = response.conversation
                replies.extend(response.replies)
                pending.extend(response.effects)
        raise RuntimeError("too many internal steps")

    async def _apologise(self, inbound: Inbound) -> Written | None:
        """Queue an apology in a fresh transaction; send it directly if even that fails."""
        sorry = Reply(t("ERROR_SORRY", self.default_lang))
        try:
            async with UnitOfWork(self.database) as uow:
                now = self.clock.now()
                written = await uow.outbox.add_many(
                    [NewMessage(inbound.channel, inbound.chat_id, sorry.to_json())], now
                )
                # Answered (with "please send it again"): not to be run again after a restart.
                await uow.inbox.mark_handled_many([(inbound.channel, inbound.message_id)], now)
                await uow.commit()
            return Written(written)
        except Exception:
            log.exception("could not queue the apology; sending it directly")
        try:
            await self.channels[inbound.channel].send(inbound.chat_id, sorry)
        except Exception:
            log.exception("could not tell %s about the error", inbound.conversation_key)
        return Written([])
