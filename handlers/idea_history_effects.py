"""An idea's history: read from the audit log for its owner or an officer of its area.

Authorized again here (the same rule as opening the idea: handlers/review_effects.py
`may_view`); a refusal is answered with why and written to the audit log ("auth.refused").
The owner's view leaves out the officers' names and notes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from flows.authorization import authorize
from flows.idea_history_effects import HistoryEvent, HistoryLoaded, HistoryRefused, LoadHistory
from flows.record_ids import record_id
from handlers.effects import EffectContext, EffectRegistry
from handlers.review_effects import REFUSED, area_of, may_view
from storage.audit import AuditEntry
from storage.models import IdeaRecord
from storage.review import ReviewRepository

ACTION = "idea.history"


async def _find(ctx: EffectContext, typed: str) -> IdeaRecord | None:
    idea_id = record_id(typed)
    if idea_id is not None:
        return await ReviewRepository(ctx.uow.session).get(idea_id)
    # A registration number as typed, letters in either case ("001/pđk-42-441-2026"): numbers
    # are stored in capitals, and Python's upper() knows "đ" where SQLite's does not.
    query = select(IdeaRecord).where(IdeaRecord.registration_number == typed.strip().upper())
    return (await ctx.uow.session.scalars(query)).first()


def _event(entry: AuditEntry, actor: str | None, for_officer: bool) -> HistoryEvent:
    before: dict[str, Any] = entry.before or {}
    after: dict[str, Any] = entry.after or {}
    text = after.get("text") or after.get("answer") or None
    return HistoryEvent(
        at=entry.at.isoformat(),
        action=entry.action,
        source=before.get("state") if isinstance(before.get("state"), str) else None,
        target=after.get("state") if isinstance(after.get("state"), str) else None,
        actor=actor if for_officer else None,
        text=str(text) if text else None,
        note=str(after["note"]) if for_officer and after.get("note") else None,
        photos=len(after.get("photos") or ()),
        points=int(after["total"]) if isinstance(after.get("total"), int) else None,
        stars=int(after["stars"]) if isinstance(after.get("stars"), int) else None,
    )


def register_idea_history_effects(registry: EffectRegistry) -> None:
    async def load(ctx: EffectContext, effect: LoadHistory) -> HistoryLoaded | HistoryRefused:
        idea = await _find(ctx, effect.idea)
        decision = may_view(ctx.principal, idea, effect.structure)
        if not decision or idea is None:
            await ctx.uow.audit.record(
                actor_user_id=ctx.user.id,
                action=REFUSED,
                subject=f"idea:{idea.id if idea else effect.idea}"[:80],
                area=idea.commune_code if idea is not None else None,
                before=None,
                after={"action": ACTION, "reason": decision.reason},
                now=ctx.now,
            )
            return HistoryRefused(decision.reason)
        for_officer = idea.admin_structure == effect.structure and bool(
            authorize(ctx.principal, "idea.view", area_of(idea))
        )
        entries = [
            e
            for e in await ctx.uow.audit.for_subject(f"idea:{idea.id}")
            if e.action.startswith("idea.")
        ]
        names = await ctx.uow.users.names_many(
            list({e.actor_user_id for e in entries if e.actor_user_id is not None})
        )
        submitted = HistoryEvent(
            at=idea.submitted_at.isoformat(),
            action="idea.submit",
            target="submitted",
            actor=idea.applicant_name if for_officer else None,
        )
        events = [submitted]
        for e in entries:
            actor = names.get(e.actor_user_id) if e.actor_user_id is not None else None
            if e.action == "idea.answer" and e.actor_user_id == idea.user_id:
                actor = idea.applicant_name
            events.append(_event(e, actor, for_officer))
        return HistoryLoaded(
            idea.id,
            idea.registration_number,
            idea.product_name,
            idea.admin_structure,
            tuple(events),
            for_officer,
        )

    registry.register(LoadHistory, load)
