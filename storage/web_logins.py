"""Officers' logins to the web dashboard, without passwords: the bot sends a one-time link
(valid `LINK_VALID_FOR`, used once), which opens a session (valid `SESSION_VALID_FOR`).

Only the SHA-256 of a link's or a session's token is kept, so a copy of the database logs no
one in. Who may see what is decided on every request from the roles the person holds then:
a revoked officer's session shows nothing more.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Final

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import WebLoginRecord

LINK_VALID_FOR: Final = dt.timedelta(minutes=15)
SESSION_VALID_FOR: Final = dt.timedelta(hours=8)
LINK = "link"
SESSION = "session"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class WebLoginRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _new(self, user_id: int, kind: str, valid_for: dt.timedelta, now: dt.datetime) -> str:
        token = secrets.token_urlsafe(32)
        self.session.add(
            WebLoginRecord(
                token_hash=token_hash(token),
                user_id=user_id,
                kind=kind,
                created_at=now,
                expires_at=now + valid_for,
            )
        )
        await self.session.flush()
        return token

    async def create_link(self, user_id: int, now: dt.datetime) -> str:
        """A one-time login token for `user_id`, to put in a link."""
        return await self._new(user_id, LINK, LINK_VALID_FOR, now)

    async def redeem_link(self, token: str, now: dt.datetime) -> tuple[int, str] | None:
        """The user and a new session token, once; None for a wrong, used or expired link."""
        found = await self.session.execute(
            update(WebLoginRecord)
            .where(
                WebLoginRecord.token_hash == token_hash(token),
                WebLoginRecord.kind == LINK,
                WebLoginRecord.used_at.is_(None),
                WebLoginRecord.expires_at > now,
            )
            .values(used_at=now)
            .returning(WebLoginRecord.user_id)
        )
        user_id = found.scalar_one_or_none()
        if user_id is None:
            return None
        return int(user_id), await self._new(int(user_id), SESSION, SESSION_VALID_FOR, now)

    async def session_user(self, token: str, now: dt.datetime) -> int | None:
        """Whose session this is, while it lasts."""
        found = await self.session.scalar(
            select(WebLoginRecord.user_id).where(
                WebLoginRecord.token_hash == token_hash(token),
                WebLoginRecord.kind == SESSION,
                WebLoginRecord.used_at.is_(None),
                WebLoginRecord.expires_at > now,
            )
        )
        return int(found) if found is not None else None

    async def end_session(self, token: str, now: dt.datetime) -> None:
        await self.session.execute(
            update(WebLoginRecord)
            .where(WebLoginRecord.token_hash == token_hash(token), WebLoginRecord.kind == SESSION)
            .values(used_at=now)
        )
