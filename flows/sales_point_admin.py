"""Officers manage OCOP sales points by chat: the list of those in their area, add one (name,
address, commune, phone, opening hours, an optional location, the certified products it
sells), remove one.

Who: commune officers in their commune, district officers in their district, province
officers anywhere ("sales_point.manage" in flows/authorization.py). The communes offered are
those of the structure in force that the officer may manage; the effect's handler checks again.
"""

from __future__ import annotations

from typing import Any, Final

from flows.admin_units import Commune, example_name
from flows.authorization import Area, authorize
from flows.engine import (
    Ctx,
    Env,
    Flow,
    Outcome,
    Step,
    Transition,
    finish,
    goto,
    new_form,
    stay,
)
from flows.enrolment import area_name
from flows.geo import PROVINCE_BOUNDS, parse_coordinates
from flows.messages import Option, Reply, UserMessage
from flows.officer_effects import ActionRefused
from flows.phone import format_phone, parse_phone
from flows.principal import COMMUNE, DISTRICT, PROVINCE, Principal
from flows.sales_point_effects import (
    AddSalesPoint,
    FindProducts,
    LoadManagedPoints,
    NewSalesPoint,
    ProductsFound,
    RemoveSalesPoint,
    SalesPointAdded,
    SalesPointRemoved,
    SalesPointsFound,
)
from flows.sales_point_rows import place_of, row_json, row_text
from flows.sales_point_search import PAGE_SIZE, pages, split_products
from flows.text_match import is_control_word, is_done, is_no, is_skip, is_yes, resolve_choice

ACTION: Final = "sales_point.manage"
MANAGERS: Final = (COMMUNE, DISTRICT, PROVINCE)
NAME_MAX: Final = 200
ADDRESS_MAX: Final = 300
HOURS_MAX: Final = 200
MAX_COMMUNES_OFFERED: Final = 8
MAX_PRODUCTS: Final = 50  # products one point records
MAX_CANDIDATES_SHOWN: Final = 6  # products named when a typed name fits several


def may_manage(principal: Principal) -> bool:
    return any(g.role in MANAGERS for g in principal.grants)


def area_of(commune: Commune) -> Area:
    return Area(commune.code, commune.district_code)


# --- the list -------------------------------------------------------------------------


def _list_options(ctx: Ctx) -> tuple[Option, ...]:
    page, total = int(ctx.data.get("_page", 0)), int(ctx.data.get("total", 0))
    options = [Option("add", ctx.t("SALES_ADD"))]
    if ctx.data.get("rows"):
        options.append(Option("remove", ctx.t("SALES_REMOVE")))
    if (page + 1) * PAGE_SIZE < total:
        options.append(Option("next", ctx.t("SALES_NEXT")))
    if page > 0:
        options.append(Option("prev", ctx.t("SALES_PREV")))
    options.append(Option("done", ctx.t("SALES_DONE")))
    return tuple(options)


def _show_list(ctx: Ctx) -> Reply:
    rows = ctx.data.get("rows") or []
    page, total = int(ctx.data.get("_page", 0)), int(ctx.data.get("total", 0))
    if not rows:
        return Reply(ctx.t("SALES_MANAGE_EMPTY"), options=_list_options(ctx))
    head = ctx.t("SALES_MANAGE_HEAD", total=total)
    if total > PAGE_SIZE:
        head += " " + ctx.t("SALES_PAGE", page=page + 1, pages=pages(total))
    first = page * PAGE_SIZE + 1
    lines = [head, *(row_text(ctx.env, first + i, row) for i, row in enumerate(rows))]
    return Reply("\n\n".join(lines), options=_list_options(ctx))


def _load(ctx: Ctx, page: int) -> Transition:
    effect = LoadManagedPoints(ctx.env.units.structure, page)
    return Transition(reprompt=False, effects=(effect,))


def on_list(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, SalesPointsFound):
        rows = [row_json(p) for p in event.points]
        return stay(reprompt=True, data={"rows": rows, "total": event.total, "_page": event.page})
    if isinstance(event, ActionRefused):
        return finish(Reply(ctx.t(event.reason)))
    if not isinstance(event, UserMessage):
        return stay()
    options = _list_options(ctx)
    chosen = next((o for o in options if o.id == event.choice), None)
    if chosen is None and event.text:
        chosen = resolve_choice(options, event.text)
        if chosen is None and is_done(event.text):
            chosen = Option("done", "")
    if chosen is None:
        return stay(Reply(ctx.t("BAD_CHOICE")), reprompt=True)
    page = int(ctx.data.get("_page", 0))
    if chosen.id == "add":
        return goto("name")
    if chosen.id == "remove":
        return goto("remove")
    if chosen.id == "next":
        return _load(ctx, page + 1)
    if chosen.id == "prev":
        return _load(ctx, max(0, page - 1))
    return finish(Reply(ctx.t("SALES_BYE")))


# --- adding ---------------------------------------------------------------------------


def _text_answer(ctx: Ctx, event: object, key: str, limit: int, next_step: str) -> Transition:
    if not isinstance(event, UserMessage):
        return stay()
    text = " ".join((event.text or "").split())
    if not text or is_control_word(text):
        return stay(Reply(ctx.t("SALES_ANSWER_NEEDED")), reprompt=True)
    if len(text) > limit:
        return stay(Reply(ctx.t("SALES_TOO_LONG", max=limit, length=len(text))), reprompt=True)
    return goto(next_step, data={key: text})


def _ask_name(ctx: Ctx) -> Reply:
    return Reply(ctx.t("SALES_ASK_NAME"))


def on_name(ctx: Ctx, event: object) -> Transition:
    return _text_answer(ctx, event, "name", NAME_MAX, "address")


def _ask_address(ctx: Ctx) -> Reply:
    return Reply(ctx.t("SALES_ASK_ADDRESS"))


def on_address(ctx: Ctx, event: object) -> Transition:
    return _text_answer(ctx, event, "address", ADDRESS_MAX, "commune")


def _allowed_communes(ctx: Ctx, text: str) -> tuple[list[Commune], list[Commune]]:
    """The communes the text may mean, and those of them this officer may manage."""
    found = ctx.env.units.find_communes(text)
    allowed = [c for c in found if authorize(ctx.env.principal, ACTION, area_of(c))]
    return found, allowed


def _commune_options(ctx: Ctx) -> tuple[Option, ...]:
    return tuple(Option(str(code), str(label)) for code, label in ctx.data.get("choices") or ())


def _ask_commune(ctx: Ctx) -> Reply:
    options = _commune_options(ctx)
    if options:
        return Reply(ctx.t("SALES_PICK_COMMUNE"), options=options)
    example = example_name(ctx.env.units.communes)
    return Reply(ctx.t("SALES_ASK_COMMUNE", example=example))


def _commune_chosen(ctx: Ctx, commune: Commune) -> Transition:
    data = {"commune": commune.code, "district": commune.district_code, "choices": None}
    return goto("phone", data=data)


def on_commune(ctx: Ctx, event: object) -> Transition:
    if not isinstance(event, UserMessage):
        return stay()
    units = ctx.env.units
    options = _commune_options(ctx)
    chosen = next((o for o in options if o.id == event.choice), None)
    text = (event.text or "").strip()
    if chosen is None and options and text:
        chosen = resolve_choice(options, text)
    if chosen is not None:
        commune = units.commune(chosen.id)
        if commune is not None:
            return _commune_chosen(ctx, commune)
    if not text:
        return stay(reprompt=True)
    found, allowed = _allowed_communes(ctx, text)
    if not found:
        unknown = ctx.t("SALES_COMMUNE_UNKNOWN", place=text, example=example_name(units.communes))
        return stay(Reply(unknown), reprompt=True, data={"choices": None})
    if not allowed:
        names = ", ".join(area_name(units, COMMUNE, c.code) for c in found[:3])
        refused = ctx.t("SALES_COMMUNE_OUTSIDE", names=names)
        return stay(Reply(refused), reprompt=True, data={"choices": None})
    if len(allowed) == 1:
        return _commune_chosen(ctx, allowed[0])
    if len(allowed) > MAX_COMMUNES_OFFERED:
        many = ctx.t("SALES_COMMUNE_TOO_MANY", place=text, count=len(allowed))
        return stay(Reply(many), reprompt=True, data={"choices": None})
    choices = [[c.code, area_name(units, COMMUNE, c.code)] for c in allowed]
    return stay(reprompt=True, data={"choices": choices})


def _ask_phone(ctx: Ctx) -> Reply:
    return Reply(ctx.t("SALES_ASK_PHONE"))


def on_phone(ctx: Ctx, event: object) -> Transition:
    if not isinstance(event, UserMessage):
        return stay()
    phone = parse_phone(event.contact_phone or event.text or "")
    if phone is None:
        return stay(Reply(ctx.t("SALES_PHONE_BAD")), reprompt=True)
    return goto("hours", data={"phone": phone})


def _ask_hours(ctx: Ctx) -> Reply:
    return Reply(ctx.t("SALES_ASK_HOURS"))


def on_hours(ctx: Ctx, event: object) -> Transition:
    return _text_answer(ctx, event, "hours", HOURS_MAX, "location")


def _ask_location(ctx: Ctx) -> Reply:
    return Reply(ctx.t("SALES_ASK_LOCATION"), options=(Option("skip", ctx.t("SALES_SKIP")),))


def on_location(ctx: Ctx, event: object) -> Transition:
    if not isinstance(event, UserMessage):
        return stay()
    text = (event.text or "").strip()
    if event.choice == "skip" or (text and is_skip(text)):
        return goto("products", data={"location": None, "no_location": True})
    point = event.location or (parse_coordinates(text) if text else None)
    if point is None:
        return stay(Reply(ctx.t("SALES_LOCATION_BAD")), reprompt=True)
    if not PROVINCE_BOUNDS.contains(point):
        outside = ctx.t("SALES_LOCATION_OUTSIDE", province=ctx.env.units.province)
        return stay(Reply(outside), reprompt=True)
    return goto("products", data={"location": [point[0], point[1]], "no_location": None})


def _chosen_products(ctx: Ctx) -> list[list[Any]]:
    return [list(p) for p in ctx.data.get("products") or ()]


def _products_line(ctx: Ctx) -> str:
    chosen = _chosen_products(ctx)
    if not chosen:
        return ctx.t("SALES_PRODUCTS_NONE_YET")
    names = "; ".join(f"#{pid} {name}" for pid, name in chosen)
    return ctx.t("SALES_PRODUCTS_CHOSEN", count=len(chosen), products=names)


def _ask_products(ctx: Ctx) -> Reply:
    text = ctx.t("SALES_ASK_PRODUCTS", max=MAX_PRODUCTS) + "\n" + _products_line(ctx)
    return Reply(text, options=(Option("done", ctx.t("SALES_PRODUCTS_DONE")),))


def _products_found(ctx: Ctx, event: ProductsFound) -> Transition:
    chosen = _chosen_products(ctx)
    notes: list[Reply] = []
    for typed, matches in event.found:
        if len(matches) == 1:
            match = matches[0]
            if all(pid != match.id for pid, _ in chosen):
                if len(chosen) >= MAX_PRODUCTS:
                    notes.append(Reply(ctx.t("SALES_PRODUCTS_FULL", max=MAX_PRODUCTS)))
                    break
                chosen.append([match.id, match.name])
        elif not matches:
            notes.append(Reply(ctx.t("SALES_PRODUCT_NOT_FOUND", typed=typed)))
        else:
            names = "; ".join(
                f"#{m.id} {m.name} ({m.producer})" for m in matches[:MAX_CANDIDATES_SHOWN]
            )
            notes.append(Reply(ctx.t("SALES_PRODUCT_SEVERAL", typed=typed, products=names)))
    return stay(*notes, reprompt=True, data={"products": chosen})


def on_products(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, ProductsFound):
        return _products_found(ctx, event)
    if not isinstance(event, UserMessage):
        return stay()
    text = (event.text or "").strip()
    if event.choice == "done" or (text and (is_done(text) or is_skip(text))):
        return goto("confirm")
    parts = split_products(text)
    if not parts:
        return stay(reprompt=True)
    return Transition(reprompt=False, effects=(FindProducts(parts),))


def summary_text(ctx: Ctx) -> str:
    location = ctx.data.get("location")
    shown_location = (
        f"{float(location[0]):.5f}, {float(location[1]):.5f}"
        if location
        else ctx.t("SALES_NO_LOCATION")
    )
    chosen = _chosen_products(ctx)
    products = (
        "; ".join(f"#{pid} {name}" for pid, name in chosen)
        if chosen
        else ctx.t("SALES_NO_PRODUCTS")
    )
    return ctx.t(
        "SALES_SUMMARY",
        name=ctx.data.get("name", ""),
        address=ctx.data.get("address", ""),
        place=place_of(ctx.env.units, str(ctx.data.get("commune", "")), ctx.data.get("district")),
        phone=format_phone(str(ctx.data.get("phone", ""))),
        hours=ctx.data.get("hours", ""),
        location=shown_location,
        products=products,
    )


def _ask_confirm(ctx: Ctx) -> Reply:
    options = (Option("save", ctx.t("SALES_SAVE")), Option("cancel", ctx.t("SALES_DISCARD")))
    return Reply(summary_text(ctx), options=options)


def _new_point(ctx: Ctx) -> NewSalesPoint:
    location = ctx.data.get("location")
    district = ctx.data.get("district")
    return NewSalesPoint(
        structure=ctx.env.units.structure,
        name=str(ctx.data["name"]),
        address=str(ctx.data["address"]),
        commune_code=str(ctx.data["commune"]),
        district_code=str(district) if district else None,
        phone=str(ctx.data["phone"]),
        hours=str(ctx.data["hours"]),
        location=(float(location[0]), float(location[1])) if location else None,
        product_ids=tuple(int(pid) for pid, _ in _chosen_products(ctx)),
    )


def on_confirm(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, SalesPointAdded):
        return finish(Reply(ctx.t("SALES_ADDED", name=ctx.data.get("name", ""), id=event.id)))
    if isinstance(event, ActionRefused):
        return finish(Reply(ctx.t(event.reason)))
    if not isinstance(event, UserMessage):
        return stay()
    options = _ask_confirm(ctx).options
    chosen = next((o for o in options if o.id == event.choice), None)
    text = (event.text or "").strip()
    if chosen is None and text:
        chosen = resolve_choice(options, text)
        if chosen is None and (is_yes(text) or is_done(text)):
            chosen = options[0]
        elif chosen is None and is_no(text):
            chosen = options[1]
    if chosen is None:
        return stay(Reply(ctx.t("BAD_CHOICE")), reprompt=True)
    if chosen.id == "cancel":
        return finish(Reply(ctx.t("SALES_DISCARDED")))
    return Transition(reprompt=False, effects=(AddSalesPoint(_new_point(ctx)),))


# --- removing -------------------------------------------------------------------------


def _remove_options(ctx: Ctx) -> tuple[Option, ...]:
    return tuple(Option(str(row["id"]), str(row["name"])) for row in ctx.data.get("rows") or ())


def _ask_remove(ctx: Ctx) -> Reply:
    return Reply(ctx.t("SALES_ASK_REMOVE"), options=_remove_options(ctx))


def on_remove(ctx: Ctx, event: object) -> Transition:
    if not isinstance(event, UserMessage):
        return stay()
    options = _remove_options(ctx)
    chosen = next((o for o in options if o.id == event.choice), None)
    if chosen is None and event.text:
        chosen = resolve_choice(options, event.text)
    if chosen is None:
        return stay(Reply(ctx.t("BAD_CHOICE")), reprompt=True)
    return goto("confirm_remove", data={"removing": [int(chosen.id), chosen.label]})


def _ask_confirm_remove(ctx: Ctx) -> Reply:
    _, name = ctx.data.get("removing") or [0, ""]
    options = (Option("yes", ctx.t("SALES_REMOVE_YES")), Option("no", ctx.t("SALES_REMOVE_NO")))
    return Reply(ctx.t("SALES_CONFIRM_REMOVE", name=name), options=options)


def on_confirm_remove(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, SalesPointRemoved):
        return finish(Reply(ctx.t("SALES_REMOVED", name=event.name)))
    if isinstance(event, ActionRefused):
        return finish(Reply(ctx.t(event.reason)))
    if not isinstance(event, UserMessage):
        return stay()
    text = (event.text or "").strip()
    options = _ask_confirm_remove(ctx).options
    chosen = next((o for o in options if o.id == event.choice), None)
    if chosen is None and text:
        chosen = resolve_choice(options, text)
        if chosen is None and is_yes(text):
            chosen = options[0]
        elif chosen is None and is_no(text):
            chosen = options[1]
    if chosen is None:
        return stay(Reply(ctx.t("BAD_CHOICE")), reprompt=True)
    if chosen.id == "no":
        return goto("list", data={"removing": None})
    point_id, _ = ctx.data.get("removing") or [0, ""]
    return Transition(reprompt=False, effects=(RemoveSalesPoint(int(point_id)),))


MANAGE = Flow(
    name="sales_manage",
    version=1,
    steps=(
        Step("list", _show_list, on_list, ("name", "remove", "END"), numbered=False),
        Step("name", _ask_name, on_name, ("address",)),
        Step("address", _ask_address, on_address, ("commune",)),
        Step("commune", _ask_commune, on_commune, ("phone",)),
        Step("phone", _ask_phone, on_phone, ("hours",)),
        Step("hours", _ask_hours, on_hours, ("location",)),
        Step("location", _ask_location, on_location, ("products",)),
        Step("products", _ask_products, on_products, ("confirm",)),
        Step("confirm", _ask_confirm, on_confirm, ("END",)),
        Step("remove", _ask_remove, on_remove, ("confirm_remove",), numbered=False),
        Step(
            "confirm_remove",
            _ask_confirm_remove,
            on_confirm_remove,
            ("list", "END"),
            numbered=False,
        ),
    ),
    cancel_key="SALES_BYE",
)


def begin_manage(_: UserMessage, env: Env) -> Outcome:
    """The list of points in the officer's area first (LoadManagedPoints), with what to do."""
    form = new_form(MANAGE, env)
    return Outcome(form, (), (LoadManagedPoints(env.units.structure, 0),))
