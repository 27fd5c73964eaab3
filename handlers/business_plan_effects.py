"""The business plan carried out: the producer's ideas waiting for one, the plan sent (stored
with the move approved → plan_sent in the step's transaction), an officer reading it, and its
approval (plan_sent → plan_approved) with the budget support and the officer in charge.

Authorized again here: a plan is sent by the idea's owner only, while the idea waits for one
(sent again before it is approved, it replaces the one before; the audit log keeps that one);
it is approved by whoever the chain lets take APPROVE_PLAN in the idea's area. Moves go through
the review chain's own `record_move`, so that the state, when it changed and the audit log are
kept as for every other move, and notices through the one door (Notify).
"""

from __future__ import annotations

import asyncio

from flows.authorization import authorize
from flows.business_plan import (
    MAX_CAPACITY,
    MAX_OFFICER_NAME,
    send_move_target,
    states_taking_a_plan,
)
from flows.business_plan_effects import (
    DOCUMENT,
    PHOTO,
    ApprovePlan,
    BusinessPlanSent,
    Candidate,
    LoadPlan,
    LoadPlanIdeas,
    PlanIdea,
    PlanIdeasLoaded,
    PlanLoaded,
    PlanRefused,
    SendBusinessPlan,
)
from flows.lifecycle import APPROVE_PLAN, Move
from flows.money import format_vnd
from flows.notice import Notice, ToUser
from flows.phone import format_phone
from flows.review import view_button
from flows.review_effects import MoveResult, MovesApplied, ReviewRefused
from flows.review_rules import area_code_for, check_move
from handlers.effects import EffectContext, EffectRegistry
from handlers.review_effects import (
    area_of,
    may_view,
    record_move,
    refuse,
    tell,
    tell_next,
)
from storage.business_plans import BusinessPlanRepository, NewPlanFile, plan_json
from storage.document_store import DocumentStore
from storage.models import IdeaRecord
from storage.photo_store import PhotoStore
from storage.review import ReviewRepository

SEND_ACTION = "idea.send_plan"
APPROVE_ACTION = f"idea.{APPROVE_PLAN}"


def _values(idea: IdeaRecord, **more: str) -> dict[str, str]:
    return {
        "product": idea.product_name,
        "number": idea.registration_number,
        "idea": str(idea.id),
        **more,
    }


def _plan_idea(idea: IdeaRecord) -> PlanIdea:
    return PlanIdea(idea.id, idea.product_name, idea.registration_number, idea.state)


async def _refused(
    ctx: EffectContext, idea_id: int, action: str, reason: str, idea: IdeaRecord | None = None
) -> PlanRefused:
    await refuse(ctx, idea_id, action, reason, idea)
    return PlanRefused(reason, idea_id)


async def _check_sender(
    ctx: EffectContext, idea: IdeaRecord | None, idea_id: int, action: str
) -> PlanRefused | None:
    """None when the principal may send this idea's plan now; else why not (a stranger's
    attempt is audited)."""
    if idea is None:
        return await _refused(ctx, idea_id, action, "AUTH_NOT_YOURS")
    decision = authorize(ctx.principal, SEND_ACTION, owner=idea.user_id)
    if not decision:
        return await _refused(ctx, idea_id, action, decision.reason, idea)
    if idea.state in states_taking_a_plan(idea.admin_structure):
        return None
    plan = await BusinessPlanRepository(ctx.uow.session).get(idea.id)
    approved = plan is not None and plan.approved_at is not None
    return PlanRefused("PLAN_ALREADY_APPROVED" if approved else "PLAN_NOT_WAITING", idea.id)


async def candidates(ctx: EffectContext, idea: IdeaRecord, move: Move) -> tuple[Candidate, ...]:
    """Who may be named in charge: the approver, then the others holding the approving role
    in the idea's area; only those with a name to show."""
    plans = BusinessPlanRepository(ctx.uow.session)
    code = area_code_for(move.role, area_of(idea))
    found = [c for c in await plans.names([ctx.user.id]) if c.name]
    others = await plans.officers(move.role, code, idea.admin_structure)
    found += [o for o in others if o.name and o.user_id != ctx.user.id]
    return tuple(Candidate(o.user_id, o.name or "", o.user_id == ctx.user.id) for o in found)


def register_business_plan_effects(
    registry: EffectRegistry, photo_store: PhotoStore, documents: DocumentStore | None = None
) -> None:
    async def paths_of(ctx: EffectContext, idea_id: int) -> dict[str, str]:
        """Where each document of the plan can be sent from, under the name it was sent
        with (one the store does not have is shown by its name only)."""
        found: dict[str, str] = {}
        if documents is None:
            return found
        for f in await BusinessPlanRepository(ctx.uow.session).files_of(idea_id):
            if f.kind != DOCUMENT:
                continue
            try:
                path = await asyncio.to_thread(
                    documents.upload_path, f.sha256, f.file_name or f.sha256
                )
            except (FileNotFoundError, ValueError):
                continue
            found[f.sha256] = str(path)
        return found

    async def load_ideas(
        ctx: EffectContext, effect: LoadPlanIdeas
    ) -> PlanIdeasLoaded | PlanRefused:
        if effect.idea_id is not None:
            idea = await ReviewRepository(ctx.uow.session).get(effect.idea_id)
            refused = await _check_sender(ctx, idea, effect.idea_id, "idea.plan_form")
            if refused is not None:
                return refused
            assert idea is not None
            return PlanIdeasLoaded((_plan_idea(idea),))
        ideas = await BusinessPlanRepository(ctx.uow.session).ideas_of(ctx.user.id)
        waiting = [i for i in ideas if i.state in states_taking_a_plan(i.admin_structure)]
        return PlanIdeasLoaded(tuple(_plan_idea(i) for i in waiting))

    async def photo_size(sha: str) -> int:
        return (await asyncio.to_thread(lambda: photo_store.path_of(sha).stat())).st_size

    async def send(ctx: EffectContext, effect: SendBusinessPlan) -> BusinessPlanSent | PlanRefused:
        idea = await ReviewRepository(ctx.uow.session).get(effect.idea_id, for_update=True)
        refused = await _check_sender(ctx, idea, effect.idea_id, SEND_ACTION)
        if refused is not None:
            return refused
        assert idea is not None
        plans = BusinessPlanRepository(ctx.uow.session)
        before = await plans.get(idea.id)
        old = plan_json(before, await plans.files_of(idea.id)) if before else None
        files = []
        for page in effect.pages:
            if page.kind == PHOTO:
                await ctx.uow.ideas.ensure_photo(page.sha256, page.width, page.height, ctx.now)
                files.append(NewPlanFile(PHOTO, page.sha256, await photo_size(page.sha256)))
            else:
                name = (page.file_name or "")[:200] or None
                files.append(NewPlanFile(page.kind, page.sha256, page.size, name, page.mime_type))
        plan = await plans.save(
            idea.id,
            capital=effect.capital,
            revenue=effect.revenue,
            capacity=effect.capacity[:MAX_CAPACITY],
            files=files,
            now=ctx.now,
        )
        new = plan_json(plan, await plans.files_of(idea.id))
        # Sent again while waiting for approval, the plan stays in its state; its wait
        # starts again, since the officer now has a new plan to read.
        target = send_move_target(idea.admin_structure, idea.state) or idea.state
        await record_move(ctx, idea, target, SEND_ACTION, before={"plan": old}, after={"plan": new})
        values = _values(
            idea,
            pages=str(len(files)),
            capital=format_vnd(effect.capital),
            revenue=format_vnd(effect.revenue),
        )
        key = "PLAN_TOLD_OFFICER_AGAIN" if old is not None else "PLAN_TOLD_OFFICER"
        notice = Notice(key, values, buttons=(view_button(idea.id),))
        await tell_next(registry, ctx, idea, notice)
        return BusinessPlanSent(
            idea.id, idea.product_name, idea.registration_number, replaced=old is not None
        )

    async def load_plan(ctx: EffectContext, effect: LoadPlan) -> PlanLoaded | ReviewRefused:
        idea = await ReviewRepository(ctx.uow.session).get(effect.idea_id)
        decision = may_view(ctx.principal, idea, effect.structure)
        if not decision or idea is None:
            return await refuse(ctx, effect.idea_id, "idea.view_plan", decision.reason, idea)
        paths = await paths_of(ctx, idea.id)
        plan = await BusinessPlanRepository(ctx.uow.session).view(idea.id, paths)
        checked = check_move(
            ctx.principal, effect.structure, idea.state, APPROVE_PLAN, area_of(idea)
        )
        officers = await candidates(ctx, idea, checked) if isinstance(checked, Move) else ()
        return PlanLoaded(idea.id, plan, officers)

    async def approve_one(ctx: EffectContext, effect: ApprovePlan) -> MoveResult:
        idea = await ReviewRepository(ctx.uow.session).get(effect.idea_id, for_update=True)
        if idea is None or idea.admin_structure != effect.structure:
            reason = "AUTH_NOT_YOURS" if idea is None else "AUTH_OUTSIDE_AREA"
            await refuse(ctx, effect.idea_id, APPROVE_ACTION, reason, idea)
            return MoveResult(effect.idea_id, "", "", effect.expected_state, None, reason)
        number, product, source = idea.registration_number, idea.product_name, idea.state
        if source != effect.expected_state:  # another officer moved it meanwhile
            return MoveResult(idea.id, number, product, source, None, "REVIEW_MOVE_GONE")
        checked = check_move(ctx.principal, effect.structure, source, APPROVE_PLAN, area_of(idea))
        if not isinstance(checked, Move):
            await refuse(ctx, idea.id, APPROVE_ACTION, checked.reason, idea)
            return MoveResult(idea.id, number, product, source, None, checked.reason)
        plans = BusinessPlanRepository(ctx.uow.session)
        plan = await plans.get(idea.id)
        if plan is None:
            return MoveResult(idea.id, number, product, source, None, "PLAN_MISSING")
        responsible = effect.responsible_user_id
        if responsible is not None and responsible not in {
            c.user_id for c in await candidates(ctx, idea, checked)
        }:
            return MoveResult(idea.id, number, product, source, None, "PLAN_OFFICER_GONE")
        budget, name = max(0, effect.budget_support), effect.responsible_name[:MAX_OFFICER_NAME]
        await plans.approve(
            plan,
            budget_support=budget,
            responsible_user_id=responsible,
            responsible_name=name,
            approved_by=ctx.user.id,
            now=ctx.now,
        )
        kept = {"budget_support": budget, "responsible_user_id": responsible}
        await record_move(
            ctx, idea, checked.target, APPROVE_ACTION, after={**kept, "responsible_name": name}
        )
        # Officers' phones are not asked for: one is shown only when the person gave it.
        phone = None
        if responsible is not None:
            found = await plans.names([responsible])
            phone = found[0].phone if found else None
        officer = f"{name}, {format_phone(phone)}" if phone else name
        view = view_button(idea.id)
        key = "REVIEW_TOLD_PLAN_APPROVED" if budget else "REVIEW_TOLD_PLAN_APPROVED_NO_BUDGET"
        values = _values(idea, budget=format_vnd(budget), officer=officer)
        await tell(registry, ctx, ToUser(idea.user_id), Notice(key, values, buttons=(view,)))
        # The one named in charge follows the product from here; the others of the area see
        # it in their inbox.
        if responsible is not None:
            told = Notice("REVIEW_TOLD_PLAN_RESPONSIBLE", values, buttons=(view,))
            await tell(registry, ctx, ToUser(responsible), told)
        return MoveResult(idea.id, number, product, source, checked.target)

    async def approve(ctx: EffectContext, effect: ApprovePlan) -> MovesApplied:
        return MovesApplied((await approve_one(ctx, effect),))

    registry.register(LoadPlanIdeas, load_ideas)
    registry.register(SendBusinessPlan, send)
    registry.register(LoadPlan, load_plan)
    registry.register(ApprovePlan, approve)
