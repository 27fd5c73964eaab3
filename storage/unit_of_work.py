"""A unit of work: one transaction, rolled back unless committed."""

from __future__ import annotations

import hashlib
from types import TracebackType

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from storage.announcements import AnnouncementRepository
from storage.audit import AuditRepository
from storage.conversations import ConversationRepository
from storage.database import Database
from storage.ideas import IdeaRepository
from storage.inbox import InboxRepository
from storage.officers import OfficerRepository
from storage.outbox import OutboxRepository
from storage.processed_updates import ProcessedUpdateRepository
from storage.products import ProductRepository
from storage.reminder_preferences import ReminderPreferenceRepository
from storage.reminders import ReminderRepository
from storage.sales_points import SalesPointRepository
from storage.scheduler_state import SchedulerStateRepository
from storage.stamp_registry import StampRegistry
from storage.users import UserRepository


class UnitOfWork:
    session: AsyncSession
    users: UserRepository
    conversations: ConversationRepository
    ideas: IdeaRepository
    inbox: InboxRepository
    outbox: OutboxRepository
    processed: ProcessedUpdateRepository
    products: ProductRepository
    stamps: StampRegistry
    officers: OfficerRepository
    audit: AuditRepository
    sales_points: SalesPointRepository
    reminders: ReminderRepository
    reminder_preferences: ReminderPreferenceRepository
    announcements: AnnouncementRepository
    scheduler_state: SchedulerStateRepository

    def __init__(self, database: Database) -> None:
        self.database = database
        self._committed = False

    async def __aenter__(self) -> UnitOfWork:
        if self.database.sqlite_queue is not None:
            await self.database.sqlite_queue.acquire()
        self.session = self.database.session()
        self.users = UserRepository(self.session)
        self.conversations = ConversationRepository(self.session)
        self.ideas = IdeaRepository(self.session)
        self.inbox = InboxRepository(self.session)
        self.outbox = OutboxRepository(self.session)
        self.processed = ProcessedUpdateRepository(self.session)
        self.products = ProductRepository(self.session)
        self.stamps = StampRegistry(self.session)
        self.officers = OfficerRepository(self.session)
        self.audit = AuditRepository(self.session)
        self.sales_points = SalesPointRepository(self.session)
        self.reminders = ReminderRepository(self.session)
        self.reminder_preferences = ReminderPreferenceRepository(self.session)
        self.announcements = AnnouncementRepository(self.session)
        self.scheduler_state = SchedulerStateRepository(self.session)
        self._committed = False
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if not self._committed:
                await self.session.rollback()
        finally:
            await self.session.close()
            if self.database.sqlite_queue is not None:
                self.database.sqlite_queue.release()

    async def lock_many(self, keys: list[str]) -> None:
        """Serialise work on these conversations across processes (PostgreSQL only; SQLite
        lets one writer in at a time anyway). Taken in a fixed order, so that two groups
        never wait on each other."""
        if self.database.dialect == "postgresql" and keys:
            digests = sorted({_digest(k) for k in keys})
            await self.session.execute(
                text("SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(:ks AS bigint[])) AS k"),
                {"ks": digests},
            )

    async def commit(self) -> None:
        await self.session.commit()
        self._committed = True


def _digest(key: str) -> int:
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
