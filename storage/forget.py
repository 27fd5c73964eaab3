"""Forgetting a person on request (`ocop-bot forget USER`): their personal data goes, the
province's counts stay.

What a province keeps and what goes, and why:

- The person's user row stays as an empty shell (no name, no phone, its chat id replaced by
  `forgotten:<id>`, blocked so nothing is ever sent to it): every registration, score,
  announcement reply and reminder sent still counts in the figures and dashboards, and none
  of them names anyone. Writing to the bot again starts a new person.
- Their conversations, the messages they sent (inbox, and the processed marks of those
  updates), every message to their chat (outbox, delivery marks), their planned reminders,
  reminder preferences and web logins are deleted.
- Their registrations stay, numbered as they were (the register has no gaps), with the
  applicant's name and phone blanked in the row and in its answers. The photos and business
  plan files of a registration that never became a certified product are deleted (files and
  rows) unless something else uses the same picture. A registration that became a certified
  product is the province's public record: its product, producer name, stamps and dossier
  stay; the producer's phone is cleared when it is the person's.
- Their stamp checks keep their result and time, under a new random hash (the same for all of
  them, so the copy warning's count of distinct people does not change); the photos they sent
  are deleted.
- Officer's grants still held are revoked; the name on their invitation and on plans they
  follow is cleared; audit entries about them or their registrations have the person's name,
  phone and chat id taken out of their before/after values. One audit entry records the
  forgetting with the counts only.
- Backups made before keep the old data until they age out (docs: the operator's part).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import delete, or_, select, tuple_, update

from flows.phone import format_phone
from storage.database import Database
from storage.document_store import DocumentStore
from storage.models import (
    AuditRecord,
    BusinessPlanFileRecord,
    BusinessPlanRecord,
    ConversationRecord,
    DeliveryMarkRecord,
    EvaluationRecord,
    IdeaPhotoRecord,
    IdeaRecord,
    InboxRecord,
    OfficerInviteRecord,
    OutboxRecord,
    PhotoRecord,
    ProcessedUpdateRecord,
    ProducerRecord,
    ProductRecord,
    ReminderPreferenceRecord,
    ReminderRecord,
    StampCheckRecord,
    UserRecord,
    UserRoleRecord,
    WebLoginRecord,
)
from storage.photo_store import PhotoStore
from storage.pruning import _shas_in
from storage.unit_of_work import UnitOfWork

__all__ = ["FORGOTTEN", "ForgetPlan", "Forgetter", "Person"]

log = logging.getLogger(__name__)

FORGOTTEN = "user.forgotten"  # the audit action
_PERSONAL_ANSWERS = ("applicant_name", "phone")
_SCRUBBED = "—"
_MIN_CHAT_ID = 6
_MIN_SCRUB = 3  # shorter values (a one-letter name) would mangle unrelated audit text


@dataclass(frozen=True)
class Person:
    user_id: int
    channel: str
    external_id: str


@dataclass(frozen=True)
class ForgetPlan:
    """What forgetting the person removes or changes, counted (no personal data in it)."""

    user_id: int
    channel: str
    conversations: int
    inbox: int
    processed_updates: int
    outbox: int
    delivery_marks: int
    reminders: int
    reminder_preferences: int
    web_logins: int
    ideas_anonymised: int
    ideas_public: int  # of those, certified products kept as the province's record
    photos_deleted: int
    documents_deleted: int
    stamp_checks: int
    roles_revoked: int
    audit_scrubbed: int

    def counts(self) -> dict[str, int]:
        return {k: v for k, v in asdict(self).items() if isinstance(v, int) and k != "user_id"}


def _scrub(value: Any, words: tuple[str, ...]) -> Any:
    if isinstance(value, str):
        for word in words:
            if word in value:
                value = value.replace(word, _SCRUBBED)
        return value
    if isinstance(value, dict):
        return {k: _scrub(v, words) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, words) for v in value]
    return value


def _chat_of(key: str) -> str:
    return key.partition(":")[2]


class Forgetter:
    def __init__(
        self, database: Database, photos: PhotoStore, documents: DocumentStore | None = None
    ) -> None:
        self.database = database
        self.photos = photos
        self.documents = documents

    async def find(self, who: str) -> Person | None:
        """`who`: "telegram:12345" (channel and the platform's user id) or the user's id."""
        text = who.strip()
        async with UnitOfWork(self.database) as uow:
            if text.isdigit():
                row = await uow.session.get(UserRecord, int(text))
            else:
                channel, _, external = text.partition(":")
                row = await uow.session.scalar(
                    select(UserRecord).where(
                        UserRecord.channel == channel, UserRecord.external_id == external
                    )
                )
            if row is None:
                return None
            return Person(row.id, row.channel, row.external_id)

    async def plan(self, person: Person, check_hash: str | None, now: dt.datetime) -> ForgetPlan:
        """What `forget` would do, changing nothing."""
        plan, _, _ = await self._run(person, check_hash, now, apply=False)
        return plan

    async def forget(self, person: Person, check_hash: str | None, now: dt.datetime) -> ForgetPlan:
        """Do it, in one transaction; the files go after the commit (a file left by a crash
        in between is named by no row, so it shows to nobody)."""
        plan, photos, documents = await self._run(person, check_hash, now, apply=True)
        for sha in photos:
            try:
                self.photos.delete(sha)
            except OSError as exc:
                log.warning("forget: photo %s not deleted: %s", sha[:12], exc)
        if self.documents is not None:
            for sha in documents:
                try:
                    self.documents.delete(sha)
                except OSError as exc:
                    log.warning("forget: document %s not deleted: %s", sha[:12], exc)
        return plan

    async def _run(
        self, person: Person, check_hash: str | None, now: dt.datetime, *, apply: bool
    ) -> tuple[ForgetPlan, list[str], list[str]]:
        uid = person.user_id
        async with UnitOfWork(self.database) as uow:
            s = uow.session
            user = await s.get(UserRecord, uid, with_for_update=apply)
            if user is None:
                raise LookupError(f"no user {uid}")

            conversations = list(
                await s.execute(
                    select(ConversationRecord.key, ConversationRecord.state).where(
                        ConversationRecord.user_id == uid
                    )
                )
            )
            keys = {str(k) for k, _ in conversations} | {f"{user.channel}:{user.external_id}"}
            chats = {_chat_of(k) for k in keys}
            held_photos = _shas_in(state for _, state in conversations)

            inbox = list(
                await s.execute(
                    select(InboxRecord.id, InboxRecord.channel, InboxRecord.message_id).where(
                        InboxRecord.conversation_key.in_(sorted(keys))
                    )
                )
            )
            update_keys = sorted({(str(c), str(m)) for _, c, m in inbox})
            processed = 0
            if update_keys:
                processed = len(
                    list(
                        await s.scalars(
                            select(ProcessedUpdateRecord.message_id).where(
                                tuple_(
                                    ProcessedUpdateRecord.channel, ProcessedUpdateRecord.message_id
                                ).in_(update_keys)
                            )
                        )
                    )
                )
            to_them = or_(
                OutboxRecord.user_id == uid,
                (OutboxRecord.channel == user.channel) & OutboxRecord.chat_id.in_(sorted(chats)),
            )
            outbox_ids = list(await s.scalars(select(OutboxRecord.id).where(to_them)))
            marks = len(
                list(
                    await s.scalars(
                        select(DeliveryMarkRecord.name).where(
                            DeliveryMarkRecord.channel == user.channel,
                            DeliveryMarkRecord.chat_id.in_(sorted(chats)),
                        )
                    )
                )
            )
            planned = list(
                await s.scalars(
                    select(ReminderRecord.id).where(
                        ReminderRecord.user_id == uid, ReminderRecord.status == "planned"
                    )
                )
            )
            preferences = await s.get(ReminderPreferenceRecord, uid)
            logins = list(
                await s.scalars(select(WebLoginRecord.id).where(WebLoginRecord.user_id == uid))
            )

            ideas = list(await s.scalars(select(IdeaRecord).where(IdeaRecord.user_id == uid)))
            idea_ids = [i.id for i in ideas]
            public = set()
            if idea_ids:
                public = {
                    int(i)
                    for i in await s.scalars(
                        select(EvaluationRecord.idea_id).where(
                            EvaluationRecord.idea_id.in_(idea_ids),
                            EvaluationRecord.product_id.is_not(None),
                        )
                    )
                }
            private = [i for i in idea_ids if i not in public]
            idea_photo_shas: set[str] = set()
            plan_files: list[tuple[int, int, str, str]] = []
            if private:
                idea_photo_shas = {
                    str(sha)
                    for sha in await s.scalars(
                        select(IdeaPhotoRecord.photo_sha256).where(
                            IdeaPhotoRecord.idea_id.in_(private)
                        )
                    )
                }
                plan_files = [
                    (int(i), int(p), str(k), str(sha))
                    for i, p, k, sha in await s.execute(
                        select(
                            BusinessPlanFileRecord.idea_id,
                            BusinessPlanFileRecord.position,
                            BusinessPlanFileRecord.kind,
                            BusinessPlanFileRecord.sha256,
                        ).where(BusinessPlanFileRecord.idea_id.in_(private))
                    )
                ]

            checks: list[tuple[int, str | None]] = []
            if check_hash:
                checks = [
                    (int(i), None if p is None else str(p))
                    for i, p in await s.execute(
                        select(StampCheckRecord.id, StampCheckRecord.photo_sha256).where(
                            StampCheckRecord.user_hash == check_hash
                        )
                    )
                ]

            candidates = (
                idea_photo_shas
                | {sha for _, _, kind, sha in plan_files if kind == "photo"}
                | {p for _, p in checks if p}
                | held_photos
            )
            photos = sorted(
                await self._unused_elsewhere(uow, candidates, private, [i for i, _ in checks])
            )
            document_shas = {sha for _, _, kind, sha in plan_files if kind == "document"}
            documents = sorted(await self._documents_unused_elsewhere(uow, document_shas, private))

            roles = list(
                await s.scalars(
                    select(UserRoleRecord.id).where(
                        UserRoleRecord.user_id == uid, UserRoleRecord.revoked_at.is_(None)
                    )
                )
            )
            invites = list(
                await s.scalars(
                    select(OfficerInviteRecord.id).where(OfficerInviteRecord.used_by_user_id == uid)
                )
            )
            words = self._personal_words(user, ideas)
            subjects = [f"user:{uid}", *(f"idea:{i}" for i in idea_ids)]
            subjects += [f"invite:{i}" for i in invites]
            audit_rows = list(
                await s.scalars(
                    select(AuditRecord).where(
                        or_(AuditRecord.subject.in_(subjects), AuditRecord.actor_user_id == uid)
                    )
                )
            )
            scrubbed = [
                (row, _scrub(row.before, words), _scrub(row.after, words)) for row in audit_rows
            ]
            scrubbed = [(r, b, a) for r, b, a in scrubbed if (b, a) != (r.before, r.after)]

            plan = ForgetPlan(
                user_id=uid,
                channel=user.channel,
                conversations=len(conversations),
                inbox=len(inbox),
                processed_updates=processed,
                outbox=len(outbox_ids),
                delivery_marks=marks,
                reminders=len(planned),
                reminder_preferences=int(preferences is not None),
                web_logins=len(logins),
                ideas_anonymised=len(ideas),
                ideas_public=len(public),
                photos_deleted=len(photos),
                documents_deleted=len(documents),
                stamp_checks=len(checks),
                roles_revoked=len(roles),
                audit_scrubbed=len(scrubbed),
            )
            if not apply:
                return plan, photos, documents

            if update_keys:
                pairs = tuple_(ProcessedUpdateRecord.channel, ProcessedUpdateRecord.message_id)
                for start in range(0, len(update_keys), 400):
                    chunk = update_keys[start : start + 400]
                    await s.execute(delete(ProcessedUpdateRecord).where(pairs.in_(chunk)))
            await s.execute(
                delete(InboxRecord).where(InboxRecord.conversation_key.in_(sorted(keys)))
            )
            await s.execute(delete(ConversationRecord).where(ConversationRecord.user_id == uid))
            if planned:
                await s.execute(delete(ReminderRecord).where(ReminderRecord.id.in_(planned)))
            if outbox_ids:
                # Reminders already sent stay (the figures count them), without their message.
                await s.execute(
                    update(ReminderRecord)
                    .where(ReminderRecord.outbox_id.in_(outbox_ids))
                    .values(outbox_id=None)
                )
                await s.execute(delete(OutboxRecord).where(OutboxRecord.id.in_(outbox_ids)))
            await s.execute(
                delete(DeliveryMarkRecord).where(
                    DeliveryMarkRecord.channel == user.channel,
                    DeliveryMarkRecord.chat_id.in_(sorted(chats)),
                )
            )
            await s.execute(
                delete(ReminderPreferenceRecord).where(ReminderPreferenceRecord.user_id == uid)
            )
            await s.execute(delete(WebLoginRecord).where(WebLoginRecord.user_id == uid))

            phones = {i.phone for i in ideas if i.phone} | ({user.phone} if user.phone else set())
            for idea in ideas:
                idea.applicant_name = ""
                idea.phone = ""
                answers = dict(idea.answers or {})
                for field in _PERSONAL_ANSWERS:
                    if field in answers:
                        answers[field] = ""
                idea.answers = answers
            if public and phones:
                product_producers = select(ProductRecord.producer_id).where(
                    ProductRecord.id.in_(
                        select(EvaluationRecord.product_id).where(
                            EvaluationRecord.idea_id.in_(sorted(public))
                        )
                    )
                )
                await s.execute(
                    update(ProducerRecord)
                    .where(
                        ProducerRecord.id.in_(product_producers),
                        ProducerRecord.phone.in_(sorted(phones)),
                    )
                    .values(phone=None)
                )
            if private:
                await s.execute(delete(IdeaPhotoRecord).where(IdeaPhotoRecord.idea_id.in_(private)))
                await s.execute(
                    delete(BusinessPlanFileRecord).where(
                        BusinessPlanFileRecord.idea_id.in_(private)
                    )
                )
            if checks:
                # One new hash for all of them: they stay one (unknown) person in the counts.
                anonymous = secrets.token_hex(32)
                await s.execute(
                    update(StampCheckRecord)
                    .where(StampCheckRecord.user_hash == check_hash)
                    .values(user_hash=anonymous, photo_sha256=None)
                )
            if photos:
                await s.execute(delete(PhotoRecord).where(PhotoRecord.sha256.in_(photos)))
            if roles:
                await s.execute(
                    update(UserRoleRecord)
                    .where(UserRoleRecord.id.in_(roles))
                    .values(revoked_at=now)
                )
            if invites:
                await s.execute(
                    update(OfficerInviteRecord)
                    .where(OfficerInviteRecord.id.in_(invites))
                    .values(name=None)
                )
            await s.execute(
                update(BusinessPlanRecord)
                .where(BusinessPlanRecord.responsible_user_id == uid)
                .values(responsible_name=None)
            )
            for row, before, after in scrubbed:
                row.before, row.after = before, after
            user.display_name = None
            user.phone = None
            user.external_id = f"forgotten:{uid}"
            user.blocked = True
            await uow.audit.record(
                actor_user_id=None,
                action=FORGOTTEN,
                subject=f"user:{uid}",
                area=None,
                before=None,
                after=plan.counts(),
                now=now,
            )
            await uow.commit()
        return plan, photos, documents

    @staticmethod
    def _personal_words(user: UserRecord, ideas: Iterable[IdeaRecord]) -> tuple[str, ...]:
        # A chat id short enough to be some other number in a text is left alone.
        words: set[str] = {user.external_id} if len(user.external_id) >= _MIN_CHAT_ID else set()
        if user.display_name:
            words.add(user.display_name)
        for phone in [user.phone, *(i.phone for i in ideas)]:
            if phone:
                words |= {phone, format_phone(phone), "0" + phone[3:]}
        words |= {i.applicant_name for i in ideas if i.applicant_name}
        # Longest first, so that a name containing another is replaced whole.
        return tuple(sorted((w for w in words if len(w) >= _MIN_SCRUB), key=len, reverse=True))

    @staticmethod
    async def _unused_elsewhere(
        uow: UnitOfWork, shas: set[str], private: list[int], check_ids: list[int]
    ) -> set[str]:
        """Those of `shas` that nothing but the person's own records uses."""
        if not shas:
            return set()
        wanted = sorted(shas)
        used: set[str] = set()
        for stmt in (
            select(IdeaPhotoRecord.photo_sha256).where(
                IdeaPhotoRecord.photo_sha256.in_(wanted), IdeaPhotoRecord.idea_id.not_in(private)
            ),
            select(ProductRecord.photo_sha256).where(ProductRecord.photo_sha256.in_(wanted)),
            select(BusinessPlanFileRecord.sha256).where(
                BusinessPlanFileRecord.sha256.in_(wanted),
                BusinessPlanFileRecord.idea_id.not_in(private),
            ),
            select(StampCheckRecord.photo_sha256).where(
                StampCheckRecord.photo_sha256.in_(wanted), StampCheckRecord.id.not_in(check_ids)
            ),
        ):
            used.update(str(s) for s in await uow.session.scalars(stmt) if s is not None)
        return shas - used

    @staticmethod
    async def _documents_unused_elsewhere(
        uow: UnitOfWork, shas: set[str], private: list[int]
    ) -> set[str]:
        if not shas:
            return set()
        used = {
            str(s)
            for s in await uow.session.scalars(
                select(BusinessPlanFileRecord.sha256).where(
                    BusinessPlanFileRecord.sha256.in_(sorted(shas)),
                    BusinessPlanFileRecord.idea_id.not_in(private),
                )
            )
        }
        return shas - used


def describe(plan: ForgetPlan) -> str:
    """The counts as one JSON line (the dry run's and the audit entry's content)."""
    return json.dumps(plan.counts(), sort_keys=True)
