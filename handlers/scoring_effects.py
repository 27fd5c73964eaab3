"""Scoring, certification and stamps from the chat, carried out.

Every handler authorizes again here (the flow checked before it offered the action): a refusal
is answered with why and written to the audit log ("auth.refused"). Every score and
certification is audited with the evaluation before and after, and told: the producer in plain
words, the province officers when a district's score sends a product on to them.
Certification creates the product record that stamps are issued for, or renews it (the same
product name of the same producer).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

from flows.authorization import Area, authorize
from flows.formatting import local
from flows.notice import Notice, Notify, ToRole, ToUser
from flows.principal import DISTRICT, PROVINCE
from flows.review import view_button
from flows.rulesets import (
    BELOW,
    CANDIDATE,
    CERTIFY,
    PARTS,
    TO_PROVINCE,
    RuleSet,
    outcome,
    ruleset,
    stars_for,
    weakest,
)
from flows.scoring import LIST_SIZE, MAX_CHAT_BATCH, certify_action, score_action, score_button
from flows.scoring_effects import (
    CertifiedLoaded,
    CertifiedProduct,
    IssueStamps,
    LoadCertified,
    LoadScoring,
    RecordScore,
    ScoreItem,
    ScoreRecorded,
    ScoreRefused,
    ScoringLoaded,
    StampsIssued,
    StampsRefused,
)
from flows.texts import t
from handlers.effects import EffectContext, EffectRegistry
from handlers.stamp_check import StampChecker
from handlers.stamp_issue import NO_PRODUCT, IssuedBatch, issue_batch, write_sheet
from stamps.payload import public_url_problem
from storage.models import EvaluationRecord, IdeaRecord
from storage.products import CertificateTaken
from storage.scores import ScoreRepository, ScoreScope, waiting_level

REFUSED = "auth.refused"
STAGES = {TO_PROVINCE: "province", BELOW: "below", CERTIFY: "certified", CANDIDATE: "candidate"}
DOCUMENTS = "documents"  # beside the photos in the data directory: the stamp sheets


def documents_dir(checker: StampChecker) -> Path:
    return checker.photo_store.root.parent / DOCUMENTS


def _area(idea: IdeaRecord) -> Area:
    return Area(idea.commune_code, idea.district_code or None)


def _stage(evaluation: EvaluationRecord | None) -> dict[str, Any] | None:
    if evaluation is None:
        return None
    return {"stage": evaluation.stage, "ruleset": evaluation.ruleset}


def _scope(ctx: EffectContext, has_districts: bool) -> ScoreScope:
    grants = ctx.principal.grants
    return ScoreScope(
        districts=tuple(g.area for g in grants if g.role == DISTRICT),
        province=any(g.role == PROVINCE for g in grants),
        has_districts=has_districts,
    )


def register_scoring_effects(registry: EffectRegistry, checker: StampChecker) -> None:
    documents = documents_dir(checker)

    async def refuse(
        ctx: EffectContext, subject: str, action: str, reason: str, area: str | None = None
    ) -> None:
        await ctx.uow.audit.record(
            actor_user_id=ctx.user.id,
            action=REFUSED,
            subject=subject,
            area=area,
            before=None,
            after={"action": action, "reason": reason},
            now=ctx.now,
        )

    async def tell(ctx: EffectContext, to: ToUser | ToRole, notice: Notice) -> None:
        await registry.apply(ctx, Notify(to, notice))

    async def load(ctx: EffectContext, effect: LoadScoring) -> ScoringLoaded:
        repo = ScoreRepository(ctx.uow.session)
        scope = _scope(ctx, effect.has_districts)
        found, total = await repo.waiting(scope, effect.structure, LIST_SIZE, effect.idea_id)
        items = []
        for w in found:
            # The flow offers only what the principal may score; so does this list.
            if not authorize(ctx.principal, score_action(w.level), _area(w.idea)):
                continue
            earlier = None
            if w.level == PROVINCE and w.evaluation is not None:
                district = await repo.last_score(w.idea.id, DISTRICT)
                if district is not None:
                    earlier = (district.part_a, district.part_b, district.part_c)
            items.append(
                ScoreItem(
                    idea_id=w.idea.id,
                    number=w.idea.registration_number,
                    product=w.idea.product_name,
                    commune_code=w.idea.commune_code,
                    district_code=w.idea.district_code or None,
                    level=w.level,
                    ruleset=w.evaluation.ruleset if w.evaluation else effect.ruleset,
                    earlier=earlier,
                )
            )
        return ScoringLoaded(tuple(items), total)

    async def record(ctx: EffectContext, effect: RecordScore) -> ScoreRecorded | ScoreRefused:
        subject = f"idea:{effect.idea_id}"
        action = score_action(effect.level)
        repo = ScoreRepository(ctx.uow.session)
        idea, evaluation = await repo.for_update(effect.idea_id)
        if idea is None or idea.admin_structure != effect.structure:
            await refuse(ctx, subject, action, "AUTH_NOT_YOURS")
            return ScoreRefused(effect.idea_id, "AUTH_NOT_YOURS")
        decision = authorize(ctx.principal, action, _area(idea))
        if not decision:
            await refuse(ctx, subject, action, decision.reason, idea.commune_code)
            return ScoreRefused(idea.id, decision.reason)
        waiting = (
            waiting_level(evaluation, effect.has_districts) if idea.state == "evaluating" else None
        )
        rules = ruleset(evaluation.ruleset if evaluation else effect.ruleset)
        if waiting != effect.level or rules.id != effect.ruleset:
            return ScoreRefused(idea.id, "SCORE_REFUSED_GONE")
        scores = dict(zip(PARTS, effect.scores, strict=True))
        if rules.problems(scores):
            return ScoreRefused(idea.id, "SCORE_REFUSED_BAD_POINTS")
        total = sum(effect.scores)
        stars = stars_for(total)
        found = outcome(rules, effect.level, stars, effect.has_districts)
        product_id: int | None = None
        renewed = False
        decided: dt.date | None = None
        if found == CERTIFY:
            certifying = certify_action(effect.level)
            decision = authorize(ctx.principal, certifying, _area(idea))
            if not decision:
                await refuse(ctx, subject, certifying, decision.reason, idea.commune_code)
                return ScoreRefused(idea.id, decision.reason)
            if not effect.certificate or not effect.decision_date:
                return ScoreRefused(idea.id, "SCORE_CERTIFICATE_NEEDED")
            decided = dt.date.fromisoformat(effect.decision_date)
            producer = await ctx.uow.products.add_producer(
                idea.applicant_name,
                idea.applicant_type,
                idea.district_code,
                idea.commune_code,
                idea.phone or None,
                idea.admin_structure,
            )
            try:
                product_id, renewed = await ctx.uow.products.certify(
                    name=idea.product_name,
                    producer_id=producer,
                    group=idea.product_group,
                    stars=stars,
                    certificate=effect.certificate,
                    decision_date=decided,
                    now=ctx.now,
                    photo_sha256=await repo.first_photo(idea.id),
                )
            except CertificateTaken:
                return ScoreRefused(idea.id, "SCORE_REFUSED_CERTIFICATE_TAKEN")
        before = _stage(evaluation)
        await repo.add(
            idea_id=idea.id,
            level=effect.level,
            ruleset=rules.id,
            version=rules.version,
            parts=effect.scores,
            stars=stars,
            outcome=found,
            by_user_id=ctx.user.id,
            now=ctx.now,
        )
        evaluation = await repo.set_stage(
            evaluation,
            idea_id=idea.id,
            ruleset=rules.id,
            version=rules.version,
            stage=STAGES[found],
            now=ctx.now,
            product_id=product_id,
        )
        after: dict[str, Any] = {
            **(_stage(evaluation) or {}),
            "level": effect.level,
            "scores": dict(scores),
            "total": total,
            "stars": stars,
        }
        product = await ctx.uow.products.get(product_id) if product_id is not None else None
        if product is not None:
            after.update(
                product_id=product.id,
                certificate=product.certificate,
                decision_date=product.decision_date.isoformat(),
                valid_until=product.valid_until.isoformat(),
                renewed=renewed,
            )
        action_done = certify_action(effect.level) if found == CERTIFY else action
        await ctx.uow.audit.record(
            actor_user_id=ctx.user.id,
            action=action_done,
            subject=subject,
            area=idea.commune_code,
            before=before,
            after=after,
            now=ctx.now,
        )
        await tell_about(ctx, idea, rules, effect.level, found, scores, total, stars, product_id)
        return ScoreRecorded(
            idea.id,
            idea.product_name,
            found,
            total,
            stars,
            product_id,
            product.valid_until.isoformat() if product else None,
            renewed,
        )

    async def tell_about(
        ctx: EffectContext,
        idea: IdeaRecord,
        rules: RuleSet,
        level: str,
        found: str,
        scores: dict[str, int],
        total: int,
        stars: int,
        product_id: int | None,
    ) -> None:
        values = {
            "product": idea.product_name,
            "number": idea.registration_number,
            "total": str(total),
            "stars": str(stars),
            "threshold": str(rules.threshold),
        }
        owner = ToUser(idea.user_id)
        view = view_button(idea.id)
        if found == BELOW:
            addresses = await ctx.uow.users.addresses([idea.user_id])
            language = addresses[0].lang if addresses else "vi"
            parts = weakest(rules, scores)
            named = ", ".join(f"{p} ({t(rules.part(p).key, language)})" for p in parts)
            level_key = "SCORE_LEVEL_PROVINCE" if level == PROVINCE else "SCORE_LEVEL_DISTRICT"
            level_name = t(level_key, language).lower()
            notice = Notice(
                "SCORE_TOLD_BELOW",
                {**values, "weakest": named, "level": level_name},
                buttons=(view,),
            )
            await tell(ctx, owner, notice)
        elif found == TO_PROVINCE:
            await tell(ctx, owner, Notice("SCORE_TOLD_TO_PROVINCE", values, buttons=(view,)))
            notice = Notice(
                "SCORE_TOLD_PROVINCE_OFFICERS", values, buttons=(view, score_button(idea.id))
            )
            await tell(ctx, ToRole(PROVINCE), notice)
        elif found == CANDIDATE:
            await tell(ctx, owner, Notice("SCORE_TOLD_CANDIDATE", values, buttons=(view,)))
        elif product_id is not None:
            product = await ctx.uow.products.get(product_id)
            assert product is not None
            certified = {
                **values,
                "certificate": product.certificate,
                "decision_date": product.decision_date.strftime("%d/%m/%Y"),
                "valid_until": product.valid_until.strftime("%d/%m/%Y"),
            }
            await tell(ctx, owner, Notice("SCORE_TOLD_CERTIFIED", certified, buttons=(view,)))

    async def load_certified(ctx: EffectContext, effect: LoadCertified) -> CertifiedLoaded:
        if not authorize(ctx.principal, "stamps.issue"):
            return CertifiedLoaded(())
        today = local(ctx.now).date()
        views = await ctx.uow.products.valid_on(today, effect.product_id)
        return CertifiedLoaded(
            tuple(
                CertifiedProduct(v.id, v.name, v.producer, v.stars, v.valid_until.isoformat())
                for v in views[:LIST_SIZE]
            )
        )

    async def issue(ctx: EffectContext, effect: IssueStamps) -> StampsIssued | StampsRefused:
        subject = f"product:{effect.product_id}"
        decision = authorize(ctx.principal, "stamps.issue")
        if not decision:
            await refuse(ctx, subject, "stamps.issue", decision.reason)
            return StampsRefused(decision.reason)
        if not 0 < effect.count <= MAX_CHAT_BATCH:
            return StampsRefused("STAMPS_COUNT_BAD")
        if public_url_problem(checker.public_url) is not None:
            # The command line's --allow-local has no place in the chat: a stamp printed for
            # a local address would never open on a buyer's phone.
            return StampsRefused("STAMPS_REFUSED_LOCAL_URL")
        issued = await issue_batch(
            ctx.uow, checker.keyring, checker.public_url, effect.product_id, effect.count, ctx.now
        )
        if not isinstance(issued, IssuedBatch):
            reason = (
                "STAMPS_REFUSED_NO_PRODUCT" if issued == NO_PRODUCT else "STAMPS_REFUSED_NOT_VALID"
            )
            return StampsRefused(reason)
        out = documents / f"tem-lo-{issued.batch_id}.pdf"
        # Written before the commit: a sheet without its batch is only a file to delete,
        # a batch without its sheet would be stamps nobody can print.
        await asyncio.to_thread(write_sheet, issued, out)
        await ctx.uow.audit.record(
            actor_user_id=ctx.user.id,
            action="stamps.issue",
            subject=subject,
            area=issued.product.commune_code,
            before=None,
            after={"batch": issued.batch_id, "count": effect.count},
            now=ctx.now,
        )
        return StampsIssued(issued.product.name, effect.count, issued.batch_id, str(out.resolve()))

    registry.register(LoadScoring, load)
    registry.register(RecordScore, record)
    registry.register(LoadCertified, load_certified)
    registry.register(IssueStamps, issue)
