"""The sweep: due reminders become outbox rows, each exactly once.

It claims due rows (FOR UPDATE SKIP LOCKED on PostgreSQL, so that two processes never take
one), checks each against the database as it is now, puts it into the recipient's words and
writes it to the outbox, marking it sent, in one transaction: a crash leaves it either planned
(taken again) or in the outbox (delivered by the outbox, which survives crashes). Nothing is
sent from here; the outbox's sender owns the channel's rate limit.

Checked before it goes:
- obsolete: the idea moved on, the form was finished, the certificate renewed or withdrawn;
- muted: the person paused or stopped their reminders (an officer's legal deadlines still go);
- blocked: the person blocked the bot (skipped and counted);
- long past: its deadline passed more than `drop_after` ago (dropped and logged);
- superseded: a later reminder of the same deadline is due as well (a process that was down
  sends the latest one, once, not the three it missed);
- late: its deadline has passed; it says so.
Quiet hours: nothing is written during them; what falls due waits for the morning.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from flows import reminder_types as kinds
from flows.messages import Reply
from flows.reminder_plan import ReminderSettings, out_of_quiet
from handlers import metrics, reminder_render
from handlers.passive_notice import conversation_key, open_forms, payload
from handlers.ports import Clock
from storage.database import Database
from storage.outbox import NewMessage
from storage.reminder_relevance import certificate_ends, idea_states
from storage.reminder_snapshot import has_registration_form
from storage.reminders import DueReminder
from storage.unit_of_work import UnitOfWork
from storage.users import Address

log = logging.getLogger(__name__)

REMINDER_NOTICE = "reminder"

# Puts one reminder into one person's words, with figures read now:
# (session, row, lang, days late or None) -> Reply (handlers/reminder_render.py).
Render = Callable[[AsyncSession, DueReminder, str, "int | None"], Awaitable[Reply]]


@dataclass
class SweepResult:
    sent: int = 0
    late: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    dropped: int = 0

    def add(self, other: SweepResult) -> None:
        self.sent += other.sent
        self.late += other.late
        self.skipped.update(other.skipped)
        self.dropped += other.dropped


class ReminderSweep:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        render: Render,
        *,
        settings: ReminderSettings,
        drop_after: dt.timedelta = dt.timedelta(days=3),
        batch: int = 500,
    ) -> None:
        self.database = database
        self.clock = clock
        self.render = render
        self.settings = settings
        self.drop_after = drop_after
        self.batch = batch
        self.totals = SweepResult()

    async def sweep(self) -> SweepResult:
        """Write every reminder due now to the outbox; what was done."""
        result = SweepResult()
        now = self.clock.now()
        if out_of_quiet(now, self.settings) != now:
            return result
        while True:
            one, claimed = await self._one_batch()
            result.add(one)
            if claimed < self.batch:
                break
        self.totals.add(result)
        if result.dropped or result.skipped:
            log.info(
                "reminders: %d sent (%d late), %d dropped, skipped %s",
                result.sent,
                result.late,
                result.dropped,
                dict(result.skipped),
            )
        return result

    async def _one_batch(self) -> tuple[SweepResult, int]:
        result = SweepResult()
        now = self.clock.now()
        async with UnitOfWork(self.database) as uow:
            due = await uow.reminders.claim_due(now, self.batch)
            if not due:
                return result, 0
            addresses = {a.user_id: a for a in await uow.users.addresses([r.user_id for r in due])}
            muted = await uow.reminder_preferences.muted_many([r.user_id for r in due], now)
            states = await uow.conversations.load_many(
                [conversation_key(a) for a in addresses.values()]
            )
            verdicts = await self._verdicts(uow, due, addresses, states, muted, now)
            forms = open_forms(addresses.values(), states)
            to_send: list[tuple[DueReminder, int | None]] = []
            for reminder in due:
                verdict = verdicts.get(reminder.id)
                if verdict == "long_past":
                    log.warning(
                        "reminder %s (%s %s) dropped: its deadline %s is long past",
                        reminder.id,
                        reminder.kind,
                        reminder.subject,
                        reminder.deadline_at,
                    )
                    await uow.reminders.set_aside([reminder.id], "dropped", verdict)
                    result.dropped += 1
                elif verdict is not None:
                    await uow.reminders.set_aside([reminder.id], "skipped", verdict)
                    result.skipped[verdict] += 1
                else:
                    to_send.append((reminder, reminder_render.late_days(reminder.deadline_at, now)))
            rows = []
            for reminder, late_days in to_send:
                address = addresses[reminder.user_id]
                reply = await self.render(uow.session, reminder, address.lang, late_days)
                rows.append(
                    NewMessage(
                        address.channel,
                        address.chat_id,
                        payload(reply, address, REMINDER_NOTICE, passive=address.user_id in forms),
                        address.user_id,
                    )
                )
            written = await uow.outbox.add_many(rows, now)
            for (reminder, late_days), message in zip(to_send, written, strict=True):
                await uow.reminders.mark_sent(
                    reminder.id, now, message.id, late=late_days is not None
                )
                result.sent += 1
                result.late += late_days is not None
            await uow.commit()
        for reminder, _ in to_send:
            metrics.REMINDER_LAG_SECONDS.observe(max(0.0, (now - reminder.due_at).total_seconds()))
        return result, len(due)

    async def _verdicts(
        self,
        uow: UnitOfWork,
        due: Sequence[DueReminder],
        addresses: Mapping[int, Address],
        states: Mapping[str, Mapping[str, Any]],
        muted: set[int],
        now: dt.datetime,
    ) -> dict[int, str]:
        """Why each reminder that must not go is set aside (absent: it goes)."""
        verdicts: dict[int, str] = {}
        ideas = await idea_states(uow.session, [i for r in due if (i := _idea_of(r)) is not None])
        products = await certificate_ends(
            uow.session, [p for r in due if (p := _product_of(r)) is not None]
        )
        registrations = await self._registration_marks(uow, due, addresses, states)
        latest: dict[tuple[int, str], DueReminder] = {}
        for reminder in due:
            if reminder.kind == kinds.DEADLINE:
                key = (reminder.user_id, reminder.subject)
                kept = latest.get(key)
                if kept is None or kept.due_at < reminder.due_at:
                    if kept is not None:
                        verdicts[kept.id] = "superseded"
                    latest[key] = reminder
                else:
                    verdicts[reminder.id] = "superseded"
        for reminder in due:
            if reminder.id in verdicts:
                continue
            address = addresses.get(reminder.user_id)
            if address is None:
                verdicts[reminder.id] = "no_address"
            elif address.blocked:
                verdicts[reminder.id] = "blocked"
            elif reminder.deadline_at is not None and now - reminder.deadline_at > self.drop_after:
                verdicts[reminder.id] = "long_past"
            elif not _still_so(reminder, ideas, products, registrations):
                verdicts[reminder.id] = "obsolete"
            elif reminder.user_id in muted and not reminder.legal:
                verdicts[reminder.id] = "muted"
        return verdicts

    async def _registration_marks(
        self,
        uow: UnitOfWork,
        due: Sequence[DueReminder],
        addresses: Mapping[int, Address],
        states: Mapping[str, Mapping[str, Any]],
    ) -> dict[int, str | None]:
        """For registration reminders: the open registration form's last answer time, or
        None when no registration form is open any more."""
        wanted = [r for r in due if r.kind == kinds.REGISTRATION and r.user_id in addresses]
        if not wanted:
            return {}
        keys = {r.user_id: conversation_key(addresses[r.user_id]) for r in wanted}
        updated = await uow.conversations.updated_many(list(keys.values()))
        marks: dict[int, str | None] = {}
        for user_id, key in keys.items():
            moment = updated.get(key)
            is_open = has_registration_form(states.get(key))
            marks[user_id] = moment.isoformat() if is_open and moment is not None else None
        return marks


def _idea_of(reminder: DueReminder) -> int | None:
    if reminder.subject.startswith("idea:"):
        return int(reminder.subject.split(":")[1])
    return None


def _product_of(reminder: DueReminder) -> int | None:
    if reminder.subject.startswith("product:"):
        return int(reminder.subject.split(":")[1])
    return None


def _still_so(
    reminder: DueReminder,
    ideas: Mapping[int, tuple[str, dt.datetime]],
    products: Mapping[int, dt.date | None],
    registrations: Mapping[int, str | None],
) -> bool:
    """Is what the reminder is about still as it was when it was planned?"""
    parts = reminder.subject.split(":", 3)
    if parts[0] == "idea" and len(parts) == 4:
        now_state = ideas.get(int(parts[1]))
        return now_state is not None and (
            now_state[0] == parts[2] and now_state[1].isoformat() == parts[3]
        )
    if parts[0] == "product" and len(parts) >= 3:
        until = products.get(int(parts[1]))
        return until is not None and until.isoformat() == parts[2].split(":")[0]
    if reminder.kind == kinds.REGISTRATION:
        mark = registrations.get(reminder.user_id)
        return mark is not None and reminder.subject == f"registration:{mark}"
    return True
