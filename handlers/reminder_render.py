"""A reminder put into words for its recipient, with the figures read from the database now.

One place for the sweep (what is sent) and `ocop-bot reminders plan` (what will be sent), so
that the plan prints exactly the text that goes out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy.ext.asyncio import AsyncSession

from flows.announcement import announcement_reply
from flows.messages import Reply
from flows.reminder_plan import NO_AREA
from flows.reminder_texts import figures_needed, render_reminder
from flows.reminder_types import ANNOUNCEMENT, Candidate
from storage.reminder_figures import figures_for
from storage.reminders import DueReminder


async def render_due(
    session: AsyncSession, reminder: DueReminder, lang: str, late_days: int | None
) -> Reply:
    return await _render(
        session, reminder.kind, reminder.params, lang, late_days=late_days, legal=reminder.legal
    )


async def render_candidate(session: AsyncSession, candidate: Candidate, lang: str) -> Reply:
    late = late_days(candidate.deadline_at, candidate.due_at)
    return await _render(
        session, candidate.kind, candidate.params, lang, late_days=late, legal=candidate.legal
    )


def late_days(deadline_at: dt.datetime | None, moment: dt.datetime) -> int | None:
    """Whole days (at least 1) since the deadline at `moment`; None before it, or none."""
    if deadline_at is None or moment <= deadline_at:
        return None
    return max(1, (moment - deadline_at).days)


async def _render(
    session: AsyncSession,
    kind: str,
    params: Mapping[str, str],
    lang: str,
    *,
    late_days: int | None,
    legal: bool,
) -> Reply:
    if kind == ANNOUNCEMENT:
        return announcement_reply(params, lang)
    names = figures_needed(kind, params)
    figures: dict[str, int] = {}
    if names and "role" in params and "structure" in params:
        area = params.get("area")
        figures = await figures_for(
            session,
            names,
            params["role"],
            None if area in (None, "", NO_AREA) else area,
            params["structure"],
        )
    return render_reminder(kind, params, figures, lang, late_days=late_days, legal=legal)
