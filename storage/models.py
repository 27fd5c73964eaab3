"""The database tables (SQLAlchemy 2, typed mappings). Migrations live in storage/migrations."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from flows.effects import STAMP_STATUSES
from flows.lifecycle import STATES
from flows.principal import ROLES

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes on every backend (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(dt.UTC)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dt.datetime: UTCDateTime, dict[str, Any]: JSON}


# Defined once, in flows: the idea lifecycle's states, stamp check outcomes and roles.
IDEA_STATES = tuple(s.id for s in STATES)


class UserRecord(Base):
    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("channel", "external_id", name="uq_users_channel_external"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str | None] = mapped_column(String(200))
    lang: Mapped[str] = mapped_column(String(5), default="vi")
    # Room for linking a person's Zalo and Telegram identities by phone later.
    phone: Mapped[str | None] = mapped_column(String(20))
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime]


class ConversationRecord(Base):
    __tablename__ = "conversations"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    state: Mapped[dict[str, Any]]
    updated_at: Mapped[dt.datetime]


class IdeaRecord(Base):
    __tablename__ = "ideas"
    __table_args__ = (
        CheckConstraint(
            "state IN (" + ",".join(f"'{s}'" for s in IDEA_STATES) + ")", name="state_known"
        ),
        CheckConstraint("price IS NULL OR price > 0", name="price_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    registration_number: Mapped[str] = mapped_column(String(40), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    state: Mapped[str] = mapped_column(String(16))
    applicant_name: Mapped[str] = mapped_column(String(200))
    applicant_type: Mapped[str] = mapped_column(String(16))
    phone: Mapped[str] = mapped_column(String(20))
    admin_structure: Mapped[str] = mapped_column(String(8))
    district_code: Mapped[str] = mapped_column(String(8))
    commune_code: Mapped[str] = mapped_column(String(8))
    product_name: Mapped[str] = mapped_column(String(200))
    product_group: Mapped[str] = mapped_column(String(32))
    group_ruleset: Mapped[str] = mapped_column(String(32))
    core_value: Mapped[str] = mapped_column(Text)
    target_market: Mapped[str] = mapped_column(String(32))
    volume: Mapped[str] = mapped_column(String(120))
    price: Mapped[int | None] = mapped_column(BigInteger)
    story: Mapped[str] = mapped_column(Text, default="")
    answers: Mapped[dict[str, Any]]
    created_at: Mapped[dt.datetime]
    submitted_at: Mapped[dt.datetime]
    # The review chain (migration 0006): when the idea came into its state (None: not moved
    # since it was submitted), and the question waiting for the producer's answer, with who
    # asked it (the answer goes back to them).
    state_changed_at: Mapped[dt.datetime | None]
    question: Mapped[str | None] = mapped_column(Text)
    asked_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class PhotoRecord(Base):
    __tablename__ = "photos"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime]


class IdeaPhotoRecord(Base):
    __tablename__ = "idea_photos"
    __table_args__ = (UniqueConstraint("idea_id", "photo_sha256", name="uq_idea_photos_pair"),)

    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    photo_sha256: Mapped[str] = mapped_column(ForeignKey("photos.sha256"))


class ProcessedUpdateRecord(Base):
    __tablename__ = "processed_updates"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    message_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    processed_at: Mapped[dt.datetime]


class OutboxRecord(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint("status IN ('pending','sent','failed')", name="status_known"),
        # A chat's latest message (a typed number answers the notice it shows last).
        Index("ix_outbox_chat", "channel", "chat_id", "id"),
        Index("ix_outbox_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    # The person it is for (None only for an apology written when the user could not be read).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    payload: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(8), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime]
    created_at: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    # The process that will send it and until when (migration 0011): another process takes
    # the row only after the lease, so that two processes never send it both.
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[dt.datetime | None]


class RegistrationCounterRecord(Base):
    __tablename__ = "registration_counters"

    district_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class ProducerRecord(Base):
    __tablename__ = "producers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    admin_structure: Mapped[str] = mapped_column(String(8))
    district_code: Mapped[str] = mapped_column(String(8))
    commune_code: Mapped[str] = mapped_column(String(8))
    phone: Mapped[str | None] = mapped_column(String(20))


class ProductRecord(Base):
    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint("stars BETWEEN 3 AND 5", name="certified_stars"),
        CheckConstraint("valid_until > decision_date", name="valid_after_decision"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id"), index=True)
    product_group: Mapped[str] = mapped_column(String(32))
    stars: Mapped[int] = mapped_column(Integer)
    certificate_number: Mapped[str] = mapped_column(String(60), unique=True)
    decision_date: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date] = mapped_column(Date)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    photo_sha256: Mapped[str | None] = mapped_column(ForeignKey("photos.sha256"))
    created_at: Mapped[dt.datetime]
    # The year of the province's list it was imported from (2019: the products under
    # management, migration 0010); None: certified by the bot or entered by command.
    imported_year: Mapped[int | None] = mapped_column(Integer)


class StampBatchRecord(Base):
    __tablename__ = "stamp_batches"
    __table_args__ = (CheckConstraint("count > 0", name="count_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    count: Mapped[int] = mapped_column(Integer)
    key_id: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]


class StampRecord(Base):
    __tablename__ = "stamps"

    serial: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    batch_id: Mapped[int] = mapped_column(ForeignKey("stamp_batches.id"), index=True)
    revoked_at: Mapped[dt.datetime | None]


class StampCheckRecord(Base):
    __tablename__ = "stamp_checks"
    __table_args__ = (
        Index("ix_stamp_checks_person", "user_hash", "checked_at"),
        CheckConstraint(
            "status IN (" + ",".join(f"'{s}'" for s in STAMP_STATUSES) + ")", name="status_known"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    serial: Mapped[int | None] = mapped_column(BigInteger, index=True)
    status: Mapped[str] = mapped_column(String(12))
    channel: Mapped[str] = mapped_column(String(16))
    user_hash: Mapped[str] = mapped_column(String(64))
    checked_at: Mapped[dt.datetime]
    # The photo the person sent for this check (migration 0011), until pruning deletes it
    # (storage/pruning.py): then None. A typed serial has none.
    photo_sha256: Mapped[str | None] = mapped_column(String(64), index=True)


class InboxRecord(Base):
    """An update recorded before the platform is told it arrived (offset confirmed, webhook
    answered 200); handled in order per conversation, also after a crash."""

    __tablename__ = "inbox"
    __table_args__ = (UniqueConstraint("channel", "message_id", name="uq_inbox_update"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    message_id: Mapped[str] = mapped_column(String(100))
    conversation_key: Mapped[str] = mapped_column(String(100), index=True)
    payload: Mapped[dict[str, Any]]
    received_at: Mapped[dt.datetime]
    # Set in the transaction of the step that handled it.
    handled_at: Mapped[dt.datetime | None] = mapped_column(index=True)


class UserRoleRecord(Base):
    """A role a person holds in an area (officers; producers need no row)."""

    __tablename__ = "user_roles"
    __table_args__ = (
        CheckConstraint("role IN (" + ",".join(f"'{r}'" for r in ROLES) + ")", name="role_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    admin_structure: Mapped[str] = mapped_column(String(8))
    area_code: Mapped[str | None] = mapped_column(String(8))
    granted_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]


class OfficerInviteRecord(Base):
    """A one-time code that enrols an officer; only its SHA-256 is kept, never the code."""

    __tablename__ = "officer_invites"
    __table_args__ = (
        CheckConstraint("role IN (" + ",".join(f"'{r}'" for r in ROLES) + ")", name="role_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    area_code: Mapped[str | None] = mapped_column(String(8))
    admin_structure: Mapped[str] = mapped_column(String(8))
    name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]
    used_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[dt.datetime | None]


class AuditRecord(Base):
    """Who did what to which record, when, with the record before and after."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # None: the command line (or the bot itself).
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(60))
    subject: Mapped[str] = mapped_column(String(80), index=True)  # "idea:12", "user:5"
    area_code: Mapped[str | None] = mapped_column(String(8))
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]
    at: Mapped[dt.datetime] = mapped_column(index=True)


class WebLoginRecord(Base):
    """A one-time login link to the web dashboard, or the session it opened (storage/
    web_logins.py); only the token's SHA-256 is kept."""

    __tablename__ = "web_logins"
    __table_args__ = (CheckConstraint("kind IN ('link','session')", name="kind_known"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]  # a link: when it was used; a session: logged out


class EvaluationRecord(Base):
    """Where an idea in evaluation stands after its councils' scores (no row: waiting for the
    first score); the certified product once certified."""

    __tablename__ = "evaluations"
    __table_args__ = (
        CheckConstraint(
            "stage IN ('province','below','certified','candidate')", name="stage_known"
        ),
    )

    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id"), primary_key=True)
    ruleset: Mapped[str] = mapped_column(String(8))
    ruleset_version: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(12))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    updated_at: Mapped[dt.datetime]


class ScoreRecord(Base):
    """One council's score of an idea, per part, under the rule set it was entered in."""

    __tablename__ = "scores"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id"), index=True)
    level: Mapped[str] = mapped_column(String(16))
    ruleset: Mapped[str] = mapped_column(String(8))
    ruleset_version: Mapped[int] = mapped_column(Integer)
    part_a: Mapped[int] = mapped_column(Integer)
    part_b: Mapped[int] = mapped_column(Integer)
    part_c: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    stars: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(12))
    by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    scored_at: Mapped[dt.datetime]


class SalesPointRecord(Base):
    """An OCOP showcase or shop (storage/sales_points.py); removed ones are kept, marked."""

    __tablename__ = "sales_points"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300))
    # Codes of this structure (GSO codes are reused between structures); no district in 2025.
    admin_structure: Mapped[str] = mapped_column(String(8))
    district_code: Mapped[str | None] = mapped_column(String(8))
    commune_code: Mapped[str] = mapped_column(String(8))
    phone: Mapped[str] = mapped_column(String(20))
    hours: Mapped[str] = mapped_column(String(200))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime]
    removed_at: Mapped[dt.datetime | None]


class SalesPointProductRecord(Base):
    """A certified product a sales point sells."""

    __tablename__ = "sales_point_products"

    sales_point_id: Mapped[int] = mapped_column(ForeignKey("sales_points.id"), primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), primary_key=True, index=True)


class BusinessPlanRecord(Base):
    """A producer's business plan (Biểu 03) for an approved idea, and the district's approval
    with the budget support and the officer who follows the product. Sent again, it replaces
    the one before (the audit log keeps that one)."""

    __tablename__ = "business_plans"
    __table_args__ = (
        CheckConstraint("capital >= 0", name="capital_not_negative"),
        CheckConstraint("revenue >= 0", name="revenue_not_negative"),
        CheckConstraint(
            "budget_support IS NULL OR budget_support >= 0", name="budget_not_negative"
        ),
    )

    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id"), primary_key=True)
    capital: Mapped[int] = mapped_column(BigInteger)  # VND
    revenue: Mapped[int] = mapped_column(BigInteger)  # VND a year, expected
    capacity: Mapped[str] = mapped_column(String(120))  # as typed, with its unit
    submitted_at: Mapped[dt.datetime]
    budget_support: Mapped[int | None] = mapped_column(BigInteger)  # VND, estimated
    responsible_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    responsible_name: Mapped[str | None] = mapped_column(String(200))
    approved_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[dt.datetime | None]


class BusinessPlanFileRecord(Base):
    """A page of a business plan: a photo (in the photo store) or a document (in the document
    store), both by their SHA-256."""

    __tablename__ = "business_plan_files"
    __table_args__ = (CheckConstraint("kind IN ('photo','document')", name="kind_known"),)

    idea_id: Mapped[int] = mapped_column(ForeignKey("business_plans.idea_id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str | None] = mapped_column(String(200))
    mime_type: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)


class TrainingSessionRecord(Base):
    """A training an officer recorded: when, on what, where, and how many producers and officers
    attended (the plan's target: all of them trained)."""

    __tablename__ = "training_sessions"
    __table_args__ = (
        CheckConstraint("producers >= 0 AND officers >= 0", name="counts_not_negative"),
        CheckConstraint("producers + officers > 0", name="someone_attended"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    topic: Mapped[str] = mapped_column(String(200))
    admin_structure: Mapped[str] = mapped_column(String(8))
    # The district (2020) or commune (2025) it was held for; None: the whole province.
    district_code: Mapped[str | None] = mapped_column(String(8))
    commune_code: Mapped[str | None] = mapped_column(String(8))
    producers: Mapped[int] = mapped_column(Integer)
    officers: Mapped[int] = mapped_column(Integer)
    recorded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime]


class ChannelSenderRecord(Base):
    """Which process sends a channel's messages now (and so owns its rate limit), until when:
    renewed by the holder, taken over by another process once it has lapsed."""

    __tablename__ = "channel_senders"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    holder: Mapped[str] = mapped_column(String(64))
    until: Mapped[dt.datetime]


class DeliveryMarkRecord(Base):
    """What a channel has shown or sent of one chat, that the next send must know whichever
    process makes it (migration 0012): the Telegram phone keyboard left open, the pieces of
    a long Zalo reply already delivered."""

    __tablename__ = "delivery_marks"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime]


REMINDER_STATUSES = ("planned", "sent", "skipped", "dropped")


class ReminderRecord(Base):
    """A reminder due to one person (flows/reminder_types.py). The key (kind, user, subject,
    due time) is unique: planning the same reminders twice inserts nothing twice."""

    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("kind", "user_id", "subject", "due_at", name="uq_reminders_key"),
        CheckConstraint(
            "status IN (" + ",".join(f"'{s}'" for s in REMINDER_STATUSES) + ")",
            name="status_known",
        ),
        Index("ix_reminders_due", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    subject: Mapped[str] = mapped_column(String(120))
    due_at: Mapped[dt.datetime]
    # The deadline it is about: a reminder sent after it says so; long after, it is dropped.
    deadline_at: Mapped[dt.datetime | None]
    legal: Mapped[bool] = mapped_column(Boolean, default=False)
    params: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(10), default="planned")
    # Why it was skipped or dropped (muted, blocked, obsolete, superseded, long_past).
    outcome: Mapped[str | None] = mapped_column(String(40))
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime | None]
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"))


class ReminderPreferenceRecord(Base):
    """A person's own choice (/reminders): paused until a time, or stopped."""

    __tablename__ = "reminder_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    paused_until: Mapped[dt.datetime | None]
    stopped: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime]


class AnnouncementRecord(Base):
    """A message a province or district officer sent to an audience (/announce)."""

    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sender_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    audience: Mapped[str] = mapped_column(String(24))
    audience_area: Mapped[str | None] = mapped_column(String(8))
    audience_group: Mapped[str | None] = mapped_column(String(32))
    audience_level: Mapped[str | None] = mapped_column(String(16))
    topic: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    recipients: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime]


class AnnouncementReplyRecord(Base):
    """A recipient's answer to an announcement ("Tôi sẽ tham gia"), once per person."""

    __tablename__ = "announcement_replies"

    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    answer: Mapped[str] = mapped_column(String(16))
    at: Mapped[dt.datetime]


class SchedulerStateRecord(Base):
    """The scheduler's own marks, such as how far reminders have been planned."""

    __tablename__ = "scheduler_state"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[dt.datetime]
