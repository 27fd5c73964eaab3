"""The composition root: builds the database, the dispatcher and the outbox from settings."""

from __future__ import annotations

import datetime as dt
import importlib.util
import logging
from dataclasses import dataclass, field

from bot.file_clock import FileClock
from bot.instance_lock import InstanceLock, hold_instance_lock
from bot.reminders_setup import Reminders, build_reminders
from bot.secret_files import check_salt
from bot.settings import Settings
from flows.admin_units import AdminUnits
from flows.reminder_calendar import province_day_month
from handlers.dispatcher import Dispatcher
from handlers.locks import ConversationLocks
from handlers.outbox import OutboxSender
from handlers.ports import Channel, Clock, SystemClock
from handlers.rate_limit import RateLimiter, configured_limits
from handlers.stamp_check import StampChecker
from stamps.keys import StampKeyring, load_keyring
from storage.admin_units_source import load_admin_units
from storage.blob_store import BlobStore, S3BlobStore, S3Location
from storage.calendar_source import load_calendar
from storage.database import Database
from storage.document_store import DocumentStore
from storage.photo_store import PhotoStore

log = logging.getLogger(__name__)


@dataclass
class App:
    settings: Settings
    database: Database
    dispatcher: Dispatcher
    outbox: OutboxSender
    photo_store: PhotoStore
    units: AdminUnits
    clock: Clock
    keyring: StampKeyring
    public_url: str
    channels: dict[str, Channel] = field(default_factory=dict)
    instance_lock: InstanceLock | None = None
    reminders: Reminders | None = None

    def add_channel(self, channel: Channel) -> None:
        # The dispatcher and the outbox share this dict, so they see the channel at once.
        self.channels[channel.name] = channel

    async def close(self) -> None:
        await self.dispatcher.drain_deliveries()
        await self.outbox.close()  # replies delivered but not yet marked sent; its claims
        await self.database.dispose()
        self.photo_store.close()
        if self.instance_lock is not None:
            self.instance_lock.release()


def shared_photo_store(settings: Settings) -> BlobStore | None:
    """The object store named by OCOP_PHOTO_STORE (s3://bucket/prefix), or None: photos in the
    data directory only."""
    if not settings.photo_store:
        return None
    if importlib.util.find_spec("boto3") is None:
        raise SystemExit(
            "OCOP_PHOTO_STORE names an object store, which needs boto3: pip install 'ocop-bot[s3]'"
        )
    secret = settings.s3_secret_key.get_secret_value() if settings.s3_secret_key else None
    return S3BlobStore(
        S3Location.parse(settings.photo_store),
        endpoint_url=settings.s3_endpoint_url,
        region=settings.s3_region,
        access_key=settings.s3_access_key,
        secret_key=secret,
        suffix=".jpg",
    )


async def build_app(
    settings: Settings,
    clock: Clock | None = None,
    *,
    migrate: bool = True,
    exclusive: bool = False,
) -> App:
    """`exclusive`: the process serves chats (`run`, `chat`), one at a time per SQLite database
    (bot/instance_lock.py); InstanceLockedError when another one does."""
    settings.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)  # names, phones, keys
    database = Database(settings.resolved_database_url())
    instance_lock = hold_instance_lock(database) if exclusive else None
    if migrate and database.is_sqlite:
        # One process serves a SQLite file (the instance lock), so nothing races: a newcomer's
        # embedded database is simply brought up to date.
        await database.upgrade()
    elif migrate:
        try:
            await database.check_current()  # shared: `ocop-bot db upgrade` is a deploy step
        except BaseException:
            await database.dispose()
            if instance_lock is not None:
                instance_lock.release()
            raise
    if clock is None:
        clock = FileClock(settings.clock_file) if settings.clock_file else SystemClock()
    channels: dict[str, Channel] = {}
    locks = ConversationLocks()
    photo_store = PhotoStore(
        settings.photo_dir,
        max_bytes=settings.max_photo_bytes,
        max_pixels=settings.max_photo_pixels,
        max_side=settings.photo_max_side,
        memory_budget=settings.photo_memory_budget_mb * 2**20,
        workers=settings.photo_workers,
        queue_seconds=settings.photo_queue_seconds,
        shared=shared_photo_store(settings),
    )
    units = load_admin_units(settings.admin_structure)
    limits = configured_limits(
        settings.telegram_per_second, settings.zalo_per_second, settings.chat_per_second
    )
    outbox = OutboxSender(
        database,
        channels,
        clock,
        locks,
        RateLimiter(limits),
        claim_lease=dt.timedelta(seconds=settings.outbox_claim_seconds),
        channel_lease=dt.timedelta(seconds=settings.outbox_channel_lease_seconds),
        # Under the instance lock, what the table says another process holds is a dead one's.
        sole=instance_lock is not None,
    )
    keys = settings.stamp_keys.get_secret_value() if settings.stamp_keys else None
    keyring = load_keyring(keys, settings.data_dir / "stamp_keys")
    public_url = settings.public_base_url()
    salt = check_salt(settings.check_salt, settings.data_dir)
    checker = StampChecker(keyring, public_url, photo_store, salt)
    calendar = load_calendar(settings.calendar)
    # OCOP_PROVINCE_DEADLINE, when set, moves the inbox's line; else the calendar says it.
    province_deadline = settings.province_deadline_day_month()
    if settings.province_deadline is None:
        province_deadline = province_day_month(calendar) or province_deadline
    dispatcher = Dispatcher(
        database=database,
        channels=channels,
        photo_store=photo_store,
        units=units,
        clock=clock,
        outbox=outbox,
        locks=locks,
        stamp_checker=checker,
        default_lang=settings.lang,
        ruleset=settings.ruleset,
        document_store=DocumentStore(settings.document_dir, settings.max_document_bytes),
        province_deadline=province_deadline,
        calendar=calendar,
        reminder_settings=settings.reminder_settings(),
        ordered_across_processes=not database.is_sqlite,
    )
    return App(
        settings,
        database,
        dispatcher,
        outbox,
        photo_store,
        units,
        clock,
        keyring,
        public_url,
        channels,
        instance_lock,
        build_reminders(settings, database, clock, calendar, photo_store),
    )
