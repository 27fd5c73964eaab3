"""OCOP sales points carried out: looking them up (everyone), an officer's list, adding and
removing (authorized again here, in the point's area), each change and each refusal audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from flows.authorization import Area, authorize
from flows.formatting import local
from flows.officer_effects import ActionRefused
from flows.sales_point_admin import ACTION
from flows.sales_point_effects import (
    AddSalesPoint,
    FindProducts,
    FindSalesPoints,
    LoadManagedPoints,
    NewSalesPoint,
    PointQuery,
    PointView,
    ProductsFound,
    RemoveSalesPoint,
    SalesPointAdded,
    SalesPointRemoved,
    SalesPointsFound,
)
from flows.sales_point_search import match_products, select_points
from handlers.effects import EffectContext, EffectRegistry

REFUSED = "auth.refused"
ADDED = "sales_point.added"
REMOVED = "sales_point.removed"


def subject(point_id: int | None) -> str:
    return f"sales_point:{point_id if point_id is not None else 'new'}"


def _today(now: dt.datetime) -> dt.date:
    return local(now).date()


def _point_json(point: NewSalesPoint | PointView, product_ids: tuple[int, ...]) -> dict[str, Any]:
    structure = point.structure if isinstance(point, NewSalesPoint) else None
    return {
        "name": point.name,
        "address": point.address,
        "structure": structure,
        "district": point.district_code,
        "commune": point.commune_code,
        "phone": point.phone,
        "hours": point.hours,
        "location": list(point.location) if point.location else None,
        "products": list(product_ids),
    }


async def _refuse(
    ctx: EffectContext, reason: str, point_id: int | None, area: str | None
) -> ActionRefused:
    await ctx.uow.audit.record(
        actor_user_id=ctx.user.id,
        action=REFUSED,
        subject=subject(point_id),
        area=area,
        before=None,
        after={"action": ACTION, "reason": reason},
        now=ctx.now,
    )
    return ActionRefused(reason)


def register_sales_point_effects(registry: EffectRegistry) -> None:
    async def find(ctx: EffectContext, effect: FindSalesPoints) -> SalesPointsFound:
        query, today = effect.query, _today(ctx.now)
        points = await ctx.uow.sales_points.active(query.structure, today)
        shown, total, page = select_points(points, query)
        product = None
        if query.product_id is not None:
            product = await ctx.uow.sales_points.product_name(query.product_id, today)
        return SalesPointsFound(shown, total, page, product)

    async def managed(
        ctx: EffectContext, effect: LoadManagedPoints
    ) -> SalesPointsFound | ActionRefused:
        decision = authorize(ctx.principal, ACTION)
        if not decision:
            return await _refuse(ctx, decision.reason, None, None)
        points = await ctx.uow.sales_points.active(effect.structure, _today(ctx.now))
        mine = [
            p
            for p in points
            if authorize(ctx.principal, ACTION, Area(p.commune_code, p.district_code))
        ]
        query = PointQuery(structure=effect.structure, page=effect.page)
        shown, total, page = select_points(mine, query)
        return SalesPointsFound(shown, total, page)

    async def find_products(ctx: EffectContext, effect: FindProducts) -> ProductsFound:
        products = await ctx.uow.sales_points.certified_products(_today(ctx.now))
        return ProductsFound(tuple((text, match_products(products, text)) for text in effect.texts))

    async def add(ctx: EffectContext, effect: AddSalesPoint) -> SalesPointAdded | ActionRefused:
        point = effect.point
        decision = authorize(ctx.principal, ACTION, Area(point.commune_code, point.district_code))
        if not decision:
            return await _refuse(ctx, decision.reason, None, point.commune_code)
        # A certificate may have lapsed while the officer typed: only valid ones are recorded.
        valid = {p.id for p in await ctx.uow.sales_points.certified_products(_today(ctx.now))}
        kept = tuple(dict.fromkeys(i for i in point.product_ids if i in valid))
        point = replace(point, product_ids=kept)
        point_id = await ctx.uow.sales_points.add(point, ctx.user.id, ctx.now)
        await ctx.uow.audit.record(
            actor_user_id=ctx.user.id,
            action=ADDED,
            subject=subject(point_id),
            area=point.commune_code,
            before=None,
            after=_point_json(point, kept),
            now=ctx.now,
        )
        return SalesPointAdded(point_id)

    async def remove(
        ctx: EffectContext, effect: RemoveSalesPoint
    ) -> SalesPointRemoved | ActionRefused:
        point = await ctx.uow.sales_points.get(effect.point_id)
        if point is None:
            return ActionRefused("SALES_POINT_GONE")
        decision = authorize(ctx.principal, ACTION, Area(point.commune_code, point.district_code))
        if not decision:
            return await _refuse(ctx, decision.reason, point.id, point.commune_code)
        await ctx.uow.sales_points.remove(point.id, ctx.now)
        product_ids = tuple(pid for pid, _ in point.products)
        await ctx.uow.audit.record(
            actor_user_id=ctx.user.id,
            action=REMOVED,
            subject=subject(point.id),
            area=point.commune_code,
            before=_point_json(point, product_ids),
            after=None,
            now=ctx.now,
        )
        return SalesPointRemoved(point.id, point.name)

    registry.register(FindSalesPoints, find)
    registry.register(LoadManagedPoints, managed)
    registry.register(FindProducts, find_products)
    registry.register(AddSalesPoint, add)
    registry.register(RemoveSalesPoint, remove)
