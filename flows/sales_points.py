"""OCOP sales points for everyone: "where can I buy OCOP products?".

By district (2020) or commune (either structure), typed as people type them, or the nearest
to a location they share (Telegram) or paste as coordinates; all of the province too. A
genuine stamp check says "/noiban <product id>" (and a `sales:<product id>:where` button
answers the same): the points selling that product.

Officers add and remove points in flows/sales_point_admin.py; both entries are joined into the
registry from `ENTRIES` here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from flows import callback
from flows.admin_units import AdminUnits, example_name
from flows.engine import (
    Ctx,
    Env,
    Flow,
    Outcome,
    Step,
    Transition,
    advance,
    finish,
    goto,
    new_form,
    start,
    stay,
)
from flows.enrolment import area_name
from flows.geo import parse_coordinates
from flows.messages import Option, Reply, UserMessage
from flows.principal import COMMUNE
from flows.record_ids import record_id
from flows.registry import Entry
from flows.sales_point_admin import MANAGE, begin_manage, may_manage
from flows.sales_point_effects import FindSalesPoints, PointQuery, SalesPointsFound
from flows.sales_point_rows import row_json, row_text
from flows.sales_point_search import PAGE_SIZE, pages
from flows.text_match import is_done, is_next, resolve_choice

NAMESPACE: Final = "sales"  # buttons "sales:<product id>:where"; the entry of that name
WHERE: Final = "where"
MAX_PLACES: Final = 8  # places offered to choose from when a name fits several


def where_button(env: Env, product_id: int) -> Option:
    """The button that lists the points selling a product (after a genuine stamp check)."""
    return Option(callback.encode(NAMESPACE, str(product_id), WHERE), env.t("SALES_WHERE_BUTTON"))


def where_line(env: Env, product_id: int) -> str:
    """The line under a genuine stamp check: typed, it works on every channel."""
    return env.t("SALES_WHERE_LINE", command=f"/noiban {product_id}")


# --- what was asked ---------------------------------------------------------------------


def _product_only(q: Mapping[str, Any]) -> dict[str, Any]:
    """The query without its place: a new search keeps the product asked about."""
    return {k: q[k] for k in ("p", "pname") if k in q}


def _query(ctx: Ctx, q: Mapping[str, Any], page: int = 0) -> PointQuery:
    near = q.get("near")
    return PointQuery(
        structure=ctx.env.units.structure,
        district=q.get("d"),
        commune=q.get("c"),
        product_id=q.get("p"),
        near=(float(near[0]), float(near[1])) if near else None,
        page=page,
    )


def _ask(q: Mapping[str, Any], ctx: Ctx, page: int = 0) -> Transition:
    """Look the points up; the answer (SalesPointsFound) comes back to this step."""
    return Transition(
        data={"q": dict(q), "_page": page},
        reprompt=False,
        effects=(FindSalesPoints(_query(ctx, q, page)),),
    )


def _what_where(env: Env, q: Mapping[str, Any]) -> dict[str, str]:
    product = q.get("pname")
    what = env.t("SALES_WHAT_PRODUCT", product=product) if product else ""
    if q.get("near"):
        where = env.t("SALES_WHERE_NEAR")
    elif q.get("label"):
        where = env.t("SALES_WHERE_PLACE", place=q["label"])
    else:
        where = env.t("SALES_WHERE_PROVINCE", province=env.units.province)
    return {"what": what, "where": where}


def _head(env: Env, q: Mapping[str, Any], total: int, page: int) -> str:
    head = env.t("SALES_HEAD", total=total, **_what_where(env, q))
    if total > PAGE_SIZE:
        head += " " + env.t("SALES_PAGE", page=page + 1, pages=pages(total))
    return head


def _list_text(
    env: Env, q: Mapping[str, Any], rows: Sequence[Mapping[str, Any]], total: int, page: int
) -> str:
    first = page * PAGE_SIZE + 1
    lines = [_head(env, q, total, page)]
    lines += [row_text(env, first + i, row) for i, row in enumerate(rows)]
    return "\n\n".join(lines)


def _found(ctx: Ctx, event: SalesPointsFound) -> Transition:
    q = dict(ctx.data.get("q") or {})
    if q.get("p") is not None:
        if event.product_name is None:
            return finish(Reply(ctx.t("SALES_PRODUCT_UNKNOWN", id=q["p"])))
        q["pname"] = event.product_name
    only_product = q.get("p") is not None and not (q.get("c") or q.get("d") or q.get("near"))
    if event.total == 0:
        none = Reply(ctx.t("SALES_NONE", **_what_where(ctx.env, q)))
        if only_product:
            return finish(Reply(ctx.t("SALES_NONE_FOR_PRODUCT", product=q["pname"])))
        # Try somewhere else, still for the same product.
        data: dict[str, Any] = {"q": _product_only(q), "places": None, "rows": None}
        if ctx.step == WHERE:
            return stay(none, reprompt=True, data=data)
        return goto(WHERE, none, data=data)
    rows = [row_json(p) for p in event.points]
    if event.total <= PAGE_SIZE:
        return finish(Reply(_list_text(ctx.env, q, rows, event.total, 0)))
    data = {"q": q, "rows": rows, "total": event.total, "_page": event.page, "places": None}
    if ctx.step == "results":
        return stay(reprompt=True, data=data)
    return goto("results", data=data)


def _place_options(units: AdminUnits, text: str) -> list[tuple[str, str]]:
    """(id, name) of the districts and communes the text may mean: "d441", "c18316"."""
    found: list[tuple[str, str]] = []
    if units.has_districts:
        found += [(f"d{d.code}", d.name) for d in units.find_districts(text)]
    found += [(f"c{c.code}", area_name(units, COMMUNE, c.code)) for c in units.find_communes(text)]
    return found


def _place_query(ctx: Ctx, place_id: str, label: str) -> dict[str, Any]:
    q = _product_only(ctx.data.get("q") or {})
    key = "d" if place_id.startswith("d") else "c"
    return {**q, key: place_id[1:], "label": label}


def _location_of(msg: UserMessage) -> tuple[float, float] | None:
    if msg.location is not None:
        return msg.location
    return parse_coordinates(msg.text) if msg.text else None


def _near_query(ctx: Ctx, point: tuple[float, float]) -> dict[str, Any]:
    q = _product_only(ctx.data.get("q") or {})
    return {**q, "near": [point[0], point[1]]}


def _search(ctx: Ctx, msg: UserMessage) -> Transition | None:
    """A location, or a typed place: the lookup, the places to choose from, or why not;
    None when the message is neither."""
    point = _location_of(msg)
    if point is not None:
        return _ask(_near_query(ctx, point), ctx)
    text = (msg.text or "").strip()
    if not text:
        return None
    units = ctx.env.units
    found = _place_options(units, text)
    example = example_name(units.communes)
    if not found:
        unknown = ctx.t("SALES_PLACE_UNKNOWN", place=text, province=units.province, example=example)
        return stay(Reply(unknown), reprompt=ctx.step == WHERE)
    if len(found) == 1:
        return _ask(_place_query(ctx, *found[0]), ctx)
    if len(found) > MAX_PLACES:
        many = ctx.t("SALES_PLACE_TOO_MANY", place=text, count=len(found), example=example)
        return stay(Reply(many), reprompt=ctx.step == WHERE)
    data = {"places": [list(p) for p in found]}
    if ctx.step == "pick":
        return stay(reprompt=True, data=data)
    return goto("pick", data=data)


# --- where? -----------------------------------------------------------------------------


def _ask_where(ctx: Ctx) -> Reply:
    units = ctx.env.units
    kinds = ctx.t("SALES_KINDS_2020" if units.has_districts else "SALES_KINDS_2025")
    example = example_name(units.districts if units.has_districts else units.communes)
    text = ctx.t("SALES_FIND_ASK", kinds=kinds, example=example)
    return Reply(text, options=(Option("all", ctx.t("SALES_FIND_ALL")),))


def on_where(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, SalesPointsFound):
        return _found(ctx, event)
    if not isinstance(event, UserMessage):
        return stay()
    if event.choice == "all" or (
        event.text and resolve_choice(_ask_where(ctx).options, event.text) is not None
    ):
        return _ask(_product_only(ctx.data.get("q") or {}), ctx)
    searched = _search(ctx, event)
    return searched if searched is not None else stay(reprompt=True)


def _pick_options(ctx: Ctx) -> tuple[Option, ...]:
    return tuple(Option(str(i), str(label)) for i, label in ctx.data.get("places") or ())


def _ask_pick(ctx: Ctx) -> Reply:
    return Reply(ctx.t("SALES_PICK_ASK"), options=_pick_options(ctx))


def on_pick(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, SalesPointsFound):
        return _found(ctx, event)
    if not isinstance(event, UserMessage):
        return stay()
    options = _pick_options(ctx)
    chosen = next((o for o in options if o.id == event.choice), None)
    if chosen is None and event.text:
        chosen = resolve_choice(options, event.text)
    if chosen is not None:
        return _ask(_place_query(ctx, chosen.id, chosen.label), ctx)
    searched = _search(ctx, event)
    return searched if searched is not None else stay(Reply(ctx.t("BAD_CHOICE")), reprompt=True)


# --- the results, page by page ------------------------------------------------------------


def _results_options(ctx: Ctx) -> tuple[Option, ...]:
    page, total = int(ctx.data.get("_page", 0)), int(ctx.data.get("total", 0))
    options = []
    if (page + 1) * PAGE_SIZE < total:
        options.append(Option("next", ctx.t("SALES_NEXT")))
    if page > 0:
        options.append(Option("prev", ctx.t("SALES_PREV")))
    options.append(Option("other", ctx.t("SALES_OTHER_PLACE")))
    options.append(Option("done", ctx.t("SALES_DONE")))
    return tuple(options)


def _show_results(ctx: Ctx) -> Reply:
    q = ctx.data.get("q") or {}
    rows = ctx.data.get("rows") or []
    page, total = int(ctx.data.get("_page", 0)), int(ctx.data.get("total", 0))
    text = _list_text(ctx.env, q, rows, total, page) + "\n\n" + ctx.t("SALES_RESULTS_HINT")
    return Reply(text, options=_results_options(ctx))


def on_results(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, SalesPointsFound):
        return _found(ctx, event)
    if not isinstance(event, UserMessage):
        return stay()
    options = _results_options(ctx)
    chosen = next((o for o in options if o.id == event.choice), None)
    if chosen is None and event.text and _location_of(event) is None:
        chosen = resolve_choice(options, event.text)
        if chosen is None and is_next(event.text):
            chosen = next((o for o in options if o.id == "next"), None)
        if chosen is None and is_done(event.text):
            chosen = Option("done", "")
    q = ctx.data.get("q") or {}
    page = int(ctx.data.get("_page", 0))
    if chosen is not None:
        if chosen.id == "next":
            return _ask(q, ctx, page + 1)
        if chosen.id == "prev":
            return _ask(q, ctx, max(0, page - 1))
        if chosen.id == "other":
            return goto(WHERE, data={"q": _product_only(q), "rows": None, "places": None})
        return finish(Reply(ctx.t("SALES_BYE")))
    searched = _search(ctx, event)
    return searched if searched is not None else stay(Reply(ctx.t("BAD_CHOICE")), reprompt=True)


SALES_FIND = Flow(
    name="sales_find",
    version=1,
    steps=(
        Step(WHERE, _ask_where, on_where, ("pick", "results", "END"), numbered=False),
        Step("pick", _ask_pick, on_pick, ("results", WHERE, "END"), numbered=False),
        Step("results", _show_results, on_results, (WHERE, "pick", "END"), numbered=False),
    ),
    cancel_key="SALES_BYE",
)


def _product_outcome(env: Env, product_id: int) -> Outcome:
    form = new_form(SALES_FIND, env, {"q": {"p": product_id}})
    query = PointQuery(structure=env.units.structure, product_id=product_id)
    return Outcome(form, (), (FindSalesPoints(query),))


def begin_find(msg: UserMessage, env: Env) -> Outcome:
    """`/noiban 12`: the points selling product 12 at once; `/noiban vu quang` searches that
    place; `/noiban` alone asks where."""
    arg = (msg.command_arg or "").strip().lstrip("#")
    if arg.isascii() and arg.isdigit():  # a number is a product's, however large
        product_id = record_id(arg)
        if product_id is None:
            return Outcome(None, (Reply(env.t("SALES_PRODUCT_UNKNOWN", id=arg)),), ())
        return _product_outcome(env, product_id)
    if arg:  # the same path as a place typed as the answer
        return advance(SALES_FIND, new_form(SALES_FIND, env), UserMessage(text=arg), env)
    return start(SALES_FIND, env)


def on_button(record: str, action: str, msg: UserMessage, env: Env) -> Outcome | None:
    """`sales:<product id>:where`: the points selling that product; anything else is stale."""
    product_id = record_id(record)
    if action != WHERE or product_id is None:
        return None
    return _product_outcome(env, product_id)


ENTRIES: Final = (
    Entry(
        NAMESPACE,
        SALES_FIND,
        commands=("noiban", "muaodau", "wheretobuy", "diemban"),
        menu_key="MENU_WHERE_TO_BUY",
        order=35,
        pausable=False,
        begin_with=begin_find,
        on_button=on_button,
    ),
    Entry(
        "sales_manage",
        MANAGE,
        commands=("quanlydiemban", "salespoints"),
        menu_key="MENU_SALES_MANAGE",
        order=66,
        visible=may_manage,
        pausable=False,
        begin_with=begin_manage,
    ),
)

__all__ = ["ENTRIES", "SALES_FIND", "begin_find", "on_button", "where_button", "where_line"]
