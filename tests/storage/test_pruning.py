"""The deletes of pruning on a real database, in batches smaller than the rows to delete."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from storage.database import Database
from storage.models import (
    ConversationRecord,
    InboxRecord,
    OutboxRecord,
    PhotoRecord,
    ProcessedUpdateRecord,
    ReminderRecord,
    StampCheckRecord,
    UserRecord,
)
from storage.photo_store import PhotoStore
from storage.pruning import Pruner
from storage.unit_of_work import UnitOfWork

NOW = dt.datetime(2027, 3, 1, 3, 0, tzinfo=dt.UTC)
CUTOFF = NOW - dt.timedelta(days=30)
OLD = NOW - dt.timedelta(days=40)
RECENT = NOW - dt.timedelta(days=2)


async def _user(uow: UnitOfWork, external: str) -> int:
    user = UserRecord(channel="telegram", external_id=external, created_at=OLD)
    uow.session.add(user)
    await uow.session.flush()
    return user.id


def _outbox(chat: str, status: str, at: dt.datetime, user_id: int | None = None) -> OutboxRecord:
    return OutboxRecord(
        channel="telegram",
        chat_id=chat,
        user_id=user_id,
        payload={"text": f"{chat} {status} {at.isoformat()}"},
        status=status,
        attempts=1,
        next_attempt_at=at,
        created_at=at,
        sent_at=at if status == "sent" else None,
    )


async def _texts(database: Database) -> list[str]:
    async with UnitOfWork(database) as uow:
        rows = await uow.session.scalars(select(OutboxRecord.payload).order_by(OutboxRecord.id))
        return [str(p["text"]) for p in rows]


async def test_old_outbox_rows_go_but_pending_and_each_chats_latest_stay(
    database: Database,
) -> None:
    async with UnitOfWork(database) as uow:
        user = await _user(uow, "1")
        rows = [_outbox("a", "sent", OLD, user) for _ in range(5)]
        rows += [_outbox("a", "failed", OLD), _outbox("a", "pending", OLD)]
        rows += [_outbox("a", "sent", RECENT)]
        rows += [_outbox("b", "sent", OLD), _outbox("b", "sent", OLD)]  # b's latest is old
        uow.session.add_all(rows)
        await uow.session.flush()
        # A reminder of the last month still points to a message that goes.
        uow.session.add(_reminder(user, "sent", RECENT, outbox_id=rows[0].id))
        await uow.commit()

    pruner = Pruner(database, batch=2)
    assert await pruner.outbox(CUTOFF, dry_run=True) == 7
    assert len(await _texts(database)) == 10
    assert await pruner.outbox(CUTOFF) == 7
    left = await _texts(database)
    assert left == [
        f"a pending {OLD.isoformat()}",
        f"a sent {RECENT.isoformat()}",
        f"b sent {OLD.isoformat()}",  # the chat's latest row, whatever its age
    ]
    async with UnitOfWork(database) as uow:
        reminder = await uow.session.scalar(select(ReminderRecord))
        assert reminder is not None and reminder.outbox_id is None and reminder.status == "sent"
    assert await pruner.outbox(CUTOFF) == 0


def _reminder(
    user_id: int, status: str, due: dt.datetime, *, outbox_id: int | None = None, n: int = 0
) -> ReminderRecord:
    return ReminderRecord(
        kind="deadline",
        user_id=user_id,
        subject=f"deadline:ideas_to_province:2027-03-31:district:436:{n}",
        due_at=due,
        legal=True,
        params={},
        status=status,
        late=False,
        created_at=due,
        sent_at=due if status == "sent" else None,
        outbox_id=outbox_id,
    )


async def test_done_reminders_older_than_the_age_go_planned_ones_stay(
    database: Database,
) -> None:
    async with UnitOfWork(database) as uow:
        user = await _user(uow, "1")
        message = _outbox("a", "sent", OLD, user)
        uow.session.add(message)
        await uow.session.flush()
        uow.session.add_all(
            [
                _reminder(user, "sent", OLD, outbox_id=message.id, n=1),
                _reminder(user, "skipped", OLD, n=2),
                _reminder(user, "dropped", OLD, n=3),
                _reminder(user, "planned", OLD, n=4),  # never sent yet: the sweep's
                _reminder(user, "sent", RECENT, n=5),
            ]
        )
        await uow.commit()
    pruner = Pruner(database, batch=2)
    assert await pruner.reminders(CUTOFF) == 3
    async with UnitOfWork(database) as uow:
        left = await uow.session.execute(
            select(ReminderRecord.status, ReminderRecord.due_at).order_by(ReminderRecord.id)
        )
        assert [(s, d) for s, d in left] == [("planned", OLD), ("sent", RECENT)]


async def test_processed_updates_and_handled_inbox_rows(database: Database) -> None:
    async with UnitOfWork(database) as uow:
        for i in range(5):
            uow.session.add(
                ProcessedUpdateRecord(channel="telegram", message_id=f"o{i}", processed_at=OLD)
            )
        uow.session.add(ProcessedUpdateRecord(channel="zalo", message_id="r", processed_at=RECENT))
        uow.session.add_all(
            [
                _inbox("old", OLD, handled=True),
                _inbox("unhandled", OLD, handled=False),  # never handled yet: kept
                _inbox("recent", RECENT, handled=True),
            ]
        )
        await uow.commit()
    pruner = Pruner(database, batch=2)
    assert await pruner.processed_updates(CUTOFF, dry_run=True) == 5
    assert await pruner.processed_updates(CUTOFF) == 5
    assert await pruner.inbox(CUTOFF) == 1
    async with UnitOfWork(database) as uow:
        kept = await uow.session.scalars(select(ProcessedUpdateRecord.message_id))
        assert list(kept) == ["r"]
        inbox = await uow.session.scalars(select(InboxRecord.message_id).order_by(InboxRecord.id))
        assert list(inbox) == ["unhandled", "recent"]


def _inbox(message_id: str, at: dt.datetime, *, handled: bool) -> InboxRecord:
    return InboxRecord(
        channel="telegram",
        message_id=message_id,
        conversation_key=f"telegram:{message_id}",
        payload={},
        received_at=at,
        handled_at=at if handled else None,
    )


def _photo(store: PhotoStore, name: str) -> str:
    """A file in the store under a made-up SHA-256 (pruning never reads it)."""
    sha = hashlib.sha256(name.encode()).hexdigest()
    path = store.path_of(sha)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"jpeg " + name.encode())
    return sha


def _check(sha: str | None, at: dt.datetime = RECENT) -> StampCheckRecord:
    return StampCheckRecord(
        serial=None,
        status="no_code",
        channel="telegram",
        user_hash="h",
        checked_at=at,
        photo_sha256=sha,
    )


async def test_stamp_photos_go_after_their_check_unless_something_uses_them(
    database: Database, tmp_path: Path
) -> None:
    store = PhotoStore(tmp_path / "photos")
    checked = [_photo(store, f"stamp {i}") for i in range(3)]
    in_form = _photo(store, "also sent in an open registration form")
    unrelated = _photo(store, "a registration photo nobody checked")
    async with UnitOfWork(database) as uow:
        user = await _user(uow, "1")
        uow.session.add(PhotoRecord(sha256=checked[2], width=8, height=8, created_at=RECENT))
        uow.session.add_all([_check(s) for s in checked] + [_check(checked[0]), _check(None)])
        uow.session.add(_check(in_form))
        state: dict[str, Any] = {"form": {"data": {"photos": [[in_form, 8, 8], [unrelated, 8, 8]]}}}
        uow.session.add(
            ConversationRecord(key="telegram:1", user_id=user, state=state, updated_at=RECENT)
        )
        await uow.commit()

    pruner = Pruner(database, batch=2)
    dry = await pruner.stamp_photos(store, dry_run=True)
    assert (dry.deleted, dry.kept) == (3, 1)
    assert all(store.path_of(s).exists() for s in checked)

    done = await pruner.stamp_photos(store)
    assert (done.deleted, done.kept) == (3, 1)
    assert not any(store.path_of(s).exists() for s in checked)
    assert store.path_of(in_form).exists() and store.path_of(unrelated).exists()
    async with UnitOfWork(database) as uow:
        assert await uow.session.scalar(select(func.count()).select_from(PhotoRecord)) == 0
        named = await uow.session.scalars(
            select(StampCheckRecord.photo_sha256).where(StampCheckRecord.photo_sha256.is_not(None))
        )
        assert list(named) == [in_form]  # looked at again once the form is given up
        total = await uow.session.scalar(select(func.count()).select_from(StampCheckRecord))
        assert total == 6  # the checks themselves stay, for the reports

    # The form is given up: nothing holds the photo any more.
    async with UnitOfWork(database) as uow:
        conversation = await uow.session.get(ConversationRecord, "telegram:1")
        assert conversation is not None
        conversation.state = {}
        await uow.commit()
    again = await pruner.stamp_photos(store)
    assert (again.deleted, again.kept) == (1, 0)
    assert not store.path_of(in_form).exists() and store.path_of(unrelated).exists()
