"""The review chain's effects: an officer's inbox, one idea, moves along the chain, the
producer's answer to a question.

Every handler authorizes again here, where the effect is carried out (the flow checked before
it offered the action): a refusal is answered with why and written to the audit log
("auth.refused"). Every move is audited (the state before and after) and told: the producer in
plain words with what to do next, and the officers the idea now waits for.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flows.authorization import ALLOW, Area, Decision, authorize
from flows.business_plan import send_move_target, send_plan_button
from flows.idea_answers import IdeaAnswers
from flows.lifecycle import ANSWER, CHAINS, RETURN, Move
from flows.notice import Notice, Notify, ToRole, ToUser
from flows.phone_visibility import phone_for, shows_phone
from flows.principal import PRODUCER, Principal
from flows.review import (
    ANSWER_NOTICE,
    NOT_IN_BULK,
    OFFICER_NOTICE,
    PAGE_SIZE,
    PLAN_RETURN_NOTICES,
    PRODUCER_NOTICES,
    answer_button,
    view_button,
)
from flows.review_effects import (
    AnswerQuestion,
    ApplyMoves,
    IdeaDetail,
    IdeaLoaded,
    InboxLoaded,
    LoadIdea,
    LoadInbox,
    LoadQuestion,
    MoveRequest,
    MoveResult,
    MovesApplied,
    QuestionAnswered,
    QuestionLoaded,
    ReviewRefused,
)
from flows.review_rules import check_move, inbox_scopes, waiting_for
from handlers.effects import EffectContext, EffectRegistry
from storage.models import IdeaRecord
from storage.review import ReviewRepository, waiting_since

REFUSED = "auth.refused"


def _subject(idea_id: int) -> str:
    return f"idea:{idea_id}"


def area_of(idea: IdeaRecord) -> Area:
    return Area(idea.commune_code, idea.district_code or None)


def may_view(principal: Principal, idea: IdeaRecord | None, structure: str) -> Decision:
    """Its owner, or an officer of its area in the structure in force. Anyone else is told it
    is not theirs (whether it exists or not)."""
    if idea is None:
        return Decision(False, "AUTH_NOT_YOURS")
    if idea.user_id == principal.user_id:
        return ALLOW
    if idea.admin_structure != structure:
        return Decision(False, "AUTH_OUTSIDE_AREA")
    decision = authorize(principal, "idea.view", area_of(idea))
    if not decision and decision.reason == "AUTH_ROLE_NEEDED":
        return Decision(False, "AUTH_NOT_YOURS")
    return decision


async def refuse(
    ctx: EffectContext, idea_id: int, action: str, reason: str, idea: IdeaRecord | None = None
) -> ReviewRefused:
    await ctx.uow.audit.record(
        actor_user_id=ctx.user.id,
        action=REFUSED,
        subject=_subject(idea_id),
        area=idea.commune_code if idea is not None else None,
        before=None,
        after={"action": action, "reason": reason},
        now=ctx.now,
    )
    return ReviewRefused(idea_id, reason)


def _values(idea: IdeaRecord, text: str | None = None, **more: str) -> dict[str, str]:
    return {
        "product": idea.product_name,
        "number": idea.registration_number,
        "idea": str(idea.id),
        "text": text or "",
        **more,
    }


async def tell(
    registry: EffectRegistry, ctx: EffectContext, to: ToUser | ToRole, notice: Notice
) -> None:
    # Through the one door, so that a notice is authorized and addressed like any other.
    await registry.apply(ctx, Notify(to, notice))


async def tell_next(
    registry: EffectRegistry, ctx: EffectContext, idea: IdeaRecord, notice: Notice | None = None
) -> None:
    """The officers the idea waits for now, if it waits for officers (`notice`: what to
    tell them, when more than that it waits)."""
    waiting = waiting_for(idea.admin_structure, idea.state, area_of(idea))
    if waiting is None or waiting.role == PRODUCER:
        return
    notice = notice or Notice(OFFICER_NOTICE, _values(idea), buttons=(view_button(idea.id),))
    await tell(registry, ctx, ToRole(waiting.role, waiting.area, idea.admin_structure), notice)


async def record_move(
    ctx: EffectContext,
    idea: IdeaRecord,
    target: str,
    action: str,
    *,
    question: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> str:
    """Move the idea as every move of the chain is moved: its state, when it came into it,
    the question it now carries (a return), and the audit log (`before`, `after`: more to
    keep there). Returns the state it left."""
    source = idea.state
    await ReviewRepository(ctx.uow.session).move(
        idea,
        target,
        ctx.now,
        question=question,
        asked_by=ctx.user.id if question is not None else None,
    )
    await ctx.uow.audit.record(
        actor_user_id=ctx.user.id,
        action=action,
        subject=_subject(idea.id),
        area=idea.commune_code,
        before={"state": source, **(before or {})},
        after={"state": target, **(after or {})},
        now=ctx.now,
    )
    return source


def register_review_effects(registry: EffectRegistry) -> None:

    async def load_inbox(ctx: EffectContext, effect: LoadInbox) -> InboxLoaded:
        repo = ReviewRepository(ctx.uow.session)
        scopes = inbox_scopes(ctx.principal, effect.structure)
        items, total = await repo.inbox(scopes, effect.structure, effect.page, PAGE_SIZE)
        return InboxLoaded(items, effect.page, total)

    async def load_idea(ctx: EffectContext, effect: LoadIdea) -> IdeaLoaded | ReviewRefused:
        repo = ReviewRepository(ctx.uow.session)
        idea = await repo.get(effect.idea_id)
        decision = may_view(ctx.principal, idea, effect.structure)
        if not decision or idea is None:
            return await refuse(ctx, effect.idea_id, "idea.view", decision.reason, idea)
        answers = IdeaAnswers.from_json(idea.answers)
        area = area_of(idea)
        phone_shown = shows_phone(ctx.principal, area, idea.user_id)
        phone_text = phone_for(ctx.principal, area, idea.user_id, answers.phone)
        if not phone_shown:
            answers = replace(answers, phone="")
        detail = IdeaDetail(
            idea_id=idea.id,
            number=idea.registration_number,
            product=idea.product_name,
            state=idea.state,
            structure=idea.admin_structure,
            commune_code=idea.commune_code,
            district_code=area.district,
            owner_id=idea.user_id,
            answers=answers,
            photos=tuple(await repo.photos_of(idea.id)),
            phone_shown=phone_shown,
            question=idea.question,
            waiting_since=waiting_since(idea).isoformat(),
            phone_text=phone_text,
        )
        return IdeaLoaded(detail)

    async def apply_one(ctx: EffectContext, request: MoveRequest, structure: str) -> MoveResult:
        repo = ReviewRepository(ctx.uow.session)
        idea = await repo.get(request.idea_id, for_update=True)
        action = f"idea.{request.action}"
        if idea is None or idea.admin_structure != structure:
            reason = "AUTH_NOT_YOURS" if idea is None else "AUTH_OUTSIDE_AREA"
            await refuse(ctx, request.idea_id, action, reason, idea)
            return MoveResult(request.idea_id, "", "", request.expected_state, None, reason)
        number, product, source = idea.registration_number, idea.product_name, idea.state
        if source != request.expected_state:  # another officer moved it meanwhile
            return MoveResult(idea.id, number, product, source, None, "REVIEW_MOVE_GONE")
        checked = check_move(ctx.principal, structure, source, request.action, area_of(idea))
        if not isinstance(checked, Move):
            await refuse(ctx, idea.id, action, checked.reason, idea)
            return MoveResult(idea.id, number, product, source, None, checked.reason)
        if checked.needs_text and not request.text:
            return MoveResult(idea.id, number, product, source, None, "REVIEW_TEXT_NEEDED")
        if checked.action in NOT_IN_BULK:  # it takes figures only its own step asks for
            return MoveResult(idea.id, number, product, source, None, "REVIEW_PLAN_NEEDS_FIGURES")
        asking = checked.action == RETURN
        question = request.text if asking else None
        kept = {"text": request.text, "note": request.note}
        await record_move(ctx, idea, checked.target, action, question=question, after=kept)
        key = PRODUCER_NOTICES.get(checked.target)
        buttons = (view_button(idea.id), *((answer_button(idea.id),) if asking else ()))
        if asking and source in PLAN_RETURN_NOTICES:
            # A question on the plan: the answer is the plan sent again.
            key = PLAN_RETURN_NOTICES[source]
            buttons = (view_button(idea.id), send_plan_button(idea.id))
        elif send_move_target(idea.admin_structure, checked.target) is not None:
            buttons = (*buttons, send_plan_button(idea.id))
        if key is not None:
            notice = Notice(key, _values(idea, request.text), buttons=buttons)
            await tell(registry, ctx, ToUser(idea.user_id), notice)
        await tell_next(registry, ctx, idea)
        return MoveResult(idea.id, number, product, source, checked.target)

    async def apply_moves(ctx: EffectContext, effect: ApplyMoves) -> MovesApplied:
        results = [await apply_one(ctx, r, effect.structure) for r in effect.moves]
        return MovesApplied(tuple(results))

    async def question_of(
        ctx: EffectContext, idea_id: int, action: str
    ) -> tuple[IdeaRecord, Move] | ReviewRefused:
        """The producer's own idea with a question waiting, and the move their answer takes."""
        idea = await ReviewRepository(ctx.uow.session).get(idea_id, for_update=True)
        if idea is None:
            return await refuse(ctx, idea_id, action, "AUTH_NOT_YOURS")
        decision = authorize(ctx.principal, "idea.answer", owner=idea.user_id)
        if not decision:
            return await refuse(ctx, idea_id, action, decision.reason, idea)
        chain = CHAINS.get(idea.admin_structure)
        move = chain.move(idea.state, ANSWER, PRODUCER) if chain else None
        if move is None or idea.question is None:
            return ReviewRefused(idea_id, "REVIEW_NO_QUESTION")
        return idea, move

    async def load_question(
        ctx: EffectContext, effect: LoadQuestion
    ) -> QuestionLoaded | ReviewRefused:
        found = await question_of(ctx, effect.idea_id, "idea.view_question")
        if isinstance(found, ReviewRefused):
            return found
        idea, _ = found
        assert idea.question is not None
        return QuestionLoaded(idea.id, idea.registration_number, idea.product_name, idea.question)

    async def answer(
        ctx: EffectContext, effect: AnswerQuestion
    ) -> QuestionAnswered | ReviewRefused:
        found = await question_of(ctx, effect.idea_id, "idea.answer")
        if isinstance(found, ReviewRefused):
            return found
        idea, move = found
        for sha, width, height in effect.photos:
            await ctx.uow.ideas.ensure_photo(sha, width, height, ctx.now)
        repo = ReviewRepository(ctx.uow.session)
        await repo.add_photos(idea.id, [sha for sha, _, _ in effect.photos])
        asked, asked_by = idea.question, idea.asked_by_user_id
        await record_move(
            ctx,
            idea,
            move.target,
            "idea.answer",
            before={"question": asked},
            after={"answer": effect.text, "photos": [sha for sha, _, _ in effect.photos]},
        )
        values = _values(idea, effect.text, photos=str(len(effect.photos)))
        if asked_by is not None:
            notice = Notice(ANSWER_NOTICE, values, buttons=(view_button(idea.id),))
            await tell(registry, ctx, ToUser(asked_by), notice)
        else:
            await tell_next(registry, ctx, idea)
        return QuestionAnswered(idea.id, idea.registration_number, idea.product_name, idea.state)

    registry.register(LoadInbox, load_inbox)
    registry.register(LoadIdea, load_idea)
    registry.register(ApplyMoves, apply_moves)
    registry.register(LoadQuestion, load_question)
    registry.register(AnswerQuestion, answer)
