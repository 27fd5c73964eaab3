"""Registering a product idea, the way the commune's paper form (Biểu 01) asks.

One question a step; every step can go back or stop; a summary lets the user edit any answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from flows.admin_units import AdminUnits, Commune
from flows.choices import (
    APPLICANT_TYPES,
    PRODUCT_GROUPS,
    TARGET_MARKETS,
    Choice,
    as_options,
    label_of,
)
from flows.effects import IdeaSubmitted, SubmitIdea
from flows.engine import Ctx, Flow, Step, Transition, finish, goto, stay
from flows.messages import Option, RejectedPhoto, Reply, StoredPhoto, UserMessage
from flows.money import format_vnd, parse_vnd
from flows.phone import format_phone, parse_phone
from flows.text_match import fold, is_done, is_skip, resolve_choice, search
from flows.texts import t

MAX_PHOTOS = 5
COMMUNES_PER_PAGE = 15
NEXT_PAGE_WORDS = frozenset({"tiep", "tiep theo", "xem them", "more", "next"})

FIELD_STEPS: tuple[tuple[str, str], ...] = (
    ("applicant_name", "FIELD_APPLICANT_NAME"),
    ("applicant_type", "FIELD_APPLICANT_TYPE"),
    ("phone", "FIELD_PHONE"),
    ("district", "FIELD_DISTRICT"),
    ("commune", "FIELD_COMMUNE"),
    ("product_name", "FIELD_PRODUCT_NAME"),
    ("product_group", "FIELD_PRODUCT_GROUP"),
    ("core_value", "FIELD_CORE_VALUE"),
    ("target_market", "FIELD_TARGET_MARKET"),
    ("volume", "FIELD_VOLUME"),
    ("price", "FIELD_PRICE"),
    ("story", "FIELD_STORY"),
    ("photos", "FIELD_PHOTOS"),
)
FIELD_NAMES = tuple(name for name, _ in FIELD_STEPS)


def _text(event: object) -> str | None:
    if isinstance(event, UserMessage) and event.text is not None and not event.photos:
        return event.text.strip()
    return None


def _pick(ctx: Ctx, event: object, options: tuple[Option, ...]) -> Option | None:
    if not isinstance(event, UserMessage):
        return None
    if event.choice is not None:
        return next((o for o in options if o.id == event.choice), None)
    if event.text is not None:
        return resolve_choice(options, event.text)
    return None


def _bad(ctx: Ctx, key: str) -> Transition:
    return stay(Reply(ctx.t(key)), reprompt=True)


def _expect_text(ctx: Ctx, event: object) -> str | Transition:
    answer = _text(event)
    if answer is None:
        return _bad(ctx, "TEXT_EXPECTED")
    return answer


def _free_text(field: str, bad_key: str, low: int, high: int) -> Any:
    def on(ctx: Ctx, event: object) -> Transition:
        answer = _expect_text(ctx, event)
        if isinstance(answer, Transition):
            return answer
        if not low <= len(answer) <= high:
            return _bad(ctx, bad_key)
        return goto(ctx.after(ctx.step), data={field: answer})

    return on


def _choice_step(field: str, choices: tuple[Choice, ...]) -> Any:
    def on(ctx: Ctx, event: object) -> Transition:
        chosen = _pick(ctx, event, as_options(choices, ctx.env.lang))
        if chosen is None:
            return _bad(ctx, "BAD_CHOICE")
        say: tuple[Reply, ...] = ()
        if field == "applicant_type" and chosen.id == "individual":
            say = (Reply(ctx.t("INDIVIDUAL_NOTE")),)
        return goto(ctx.after(ctx.step), *say, data={field: chosen.id})

    return on


def _ask(key: str, choices: tuple[Choice, ...] | None = None) -> Any:
    def prompt(ctx: Ctx) -> Reply:
        options = as_options(choices, ctx.env.lang) if choices else ()
        return Reply(ctx.t(key), options=options)

    return prompt


# --- phone --------------------------------------------------------------------


def ask_phone(ctx: Ctx) -> Reply:
    return Reply(ctx.t("ASK_PHONE"), request_phone=True)


def on_phone(ctx: Ctx, event: object) -> Transition:
    raw = event.contact_phone if isinstance(event, UserMessage) else None
    raw = raw or _text(event)
    phone = parse_phone(raw) if raw else None
    if phone is None:
        return _bad(ctx, "BAD_PHONE")
    return goto(ctx.after(ctx.step), data={"phone": phone})


# --- district and commune ------------------------------------------------------


def _units(ctx: Ctx) -> AdminUnits:
    return ctx.env.units


def _district_options(ctx: Ctx) -> tuple[Option, ...]:
    return tuple(Option(d.code, d.name) for d in _units(ctx).districts)


def ask_district(ctx: Ctx) -> Reply:
    return Reply(ctx.t("ASK_DISTRICT"), options=_district_options(ctx))


def on_district(ctx: Ctx, event: object) -> Transition:
    chosen = _pick(ctx, event, _district_options(ctx))
    if chosen is None:
        return _bad(ctx, "BAD_CHOICE")
    # A new district always asks the commune again, also when editing.
    data = {"district_code": chosen.id, "commune_code": None, "_page": 0, "_query": None}
    return goto("commune", data=data)


def _communes(ctx: Ctx) -> tuple[Commune, ...]:
    return _units(ctx).communes_of(str(ctx.data["district_code"]))


def _commune_options(ctx: Ctx) -> tuple[list[Option], int, int]:
    """The options on the current page, the page number and the page count."""
    every = [Option(c.code, c.name) for c in _communes(ctx)]
    query = ctx.data.get("_query")
    listed = search(every, str(query)) if query else every
    pages = max(1, -(-len(listed) // COMMUNES_PER_PAGE))
    page = int(ctx.data.get("_page", 0)) % pages
    start = page * COMMUNES_PER_PAGE
    return listed[start : start + COMMUNES_PER_PAGE], page, pages


def ask_commune(ctx: Ctx) -> Reply:
    shown, page, pages = _commune_options(ctx)
    district = _units(ctx).district(str(ctx.data["district_code"]))
    text = ctx.t("ASK_COMMUNE", district=district.name if district else "")
    options = tuple(shown)
    if pages > 1:
        text += "\n" + ctx.t("COMMUNE_PAGE", page=page + 1, pages=pages)
        options += (Option("next", ctx.t("NEXT_PAGE")),)
    return Reply(text, options=options)


def on_commune(ctx: Ctx, event: object) -> Transition:
    shown, page, _ = _commune_options(ctx)
    answer = _text(event)
    wants_next = isinstance(event, UserMessage) and event.choice == "next"
    if wants_next or (answer is not None and fold(answer) in NEXT_PAGE_WORDS):
        return stay(reprompt=True, data={"_page": page + 1})
    chosen = _pick(ctx, event, tuple(shown))
    if chosen is not None and chosen.id != "next":
        return _commune_chosen(ctx, chosen.id)
    if isinstance(event, UserMessage) and event.choice is not None:
        valid = {c.code for c in _communes(ctx)}
        if event.choice in valid:
            return _commune_chosen(ctx, event.choice)
    if answer is None:
        return _bad(ctx, "BAD_CHOICE")
    every = [Option(c.code, c.name) for c in _communes(ctx)]
    exact = resolve_choice(every, answer) if not answer.isdigit() else None
    if exact is not None:
        return _commune_chosen(ctx, exact.id)
    found = search(every, answer)
    district = _units(ctx).district(str(ctx.data["district_code"]))
    district_name = district.name if district else ""
    if not found:
        return stay(
            Reply(ctx.t("COMMUNE_NOT_FOUND", query=answer, district=district_name)),
            reprompt=True,
            data={"_query": None, "_page": 0},
        )
    if len(found) == 1:
        return _commune_chosen(ctx, found[0].id)
    return stay(
        Reply(ctx.t("COMMUNE_MANY", count=len(found), query=answer)),
        reprompt=True,
        data={"_query": answer, "_page": 0},
    )


def _commune_chosen(ctx: Ctx, code: str) -> Transition:
    return goto(ctx.after("commune"), data={"commune_code": code, "_page": None, "_query": None})


# --- volume, price, story --------------------------------------------------------


def on_volume(ctx: Ctx, event: object) -> Transition:
    answer = _expect_text(ctx, event)
    if isinstance(answer, Transition):
        return answer
    if not re.search(r"\d", answer) or len(answer) > 100:
        return _bad(ctx, "BAD_VOLUME")
    return goto(ctx.after(ctx.step), data={"volume": answer})


def on_price(ctx: Ctx, event: object) -> Transition:
    answer = _expect_text(ctx, event)
    if isinstance(answer, Transition):
        return answer
    price = parse_vnd(answer)
    if price is None:
        return _bad(ctx, "BAD_PRICE")
    return goto(ctx.after(ctx.step), data={"price": price})


def ask_story(ctx: Ctx) -> Reply:
    text = ctx.t("ASK_STORY") + "\n" + ctx.t("OPTIONAL_HINT")
    return Reply(text, options=(Option("skip", ctx.t("SKIP_OPTION")),))


def on_story(ctx: Ctx, event: object) -> Transition:
    skipped = isinstance(event, UserMessage) and event.choice == "skip"
    answer = _text(event)
    if skipped or (answer is not None and is_skip(answer)):
        return goto(ctx.after(ctx.step), data={"story": ""})
    if answer is None:
        return _bad(ctx, "TEXT_EXPECTED")
    if not 3 <= len(answer) <= 2000:
        return _bad(ctx, "BAD_LONG_TEXT")
    return goto(ctx.after(ctx.step), data={"story": answer})


# --- photos ------------------------------------------------------------------------


def ask_photos(ctx: Ctx) -> Reply:
    options = (Option("done", ctx.t("DONE_OPTION")),) if ctx.data.get("photos") else ()
    return Reply(ctx.t("ASK_PHOTOS", max=MAX_PHOTOS), options=options)


def _photos_done(ctx: Ctx) -> Transition:
    if not ctx.data.get("photos"):
        return stay(Reply(ctx.t("PHOTOS_NEED_ONE")))
    return goto(ctx.after("photos"))


def on_photos(ctx: Ctx, event: object) -> Transition:
    if not isinstance(event, UserMessage):
        return stay(Reply(ctx.t("PHOTO_EXPECTED")))
    if event.choice == "done" or (event.text and not event.photos and is_done(event.text)):
        return _photos_done(ctx)
    if not event.photos:
        return stay(Reply(ctx.t("PHOTO_EXPECTED")))
    photos: list[str] = list(ctx.data.get("photos", []))
    done_option = (Option("done", ctx.t("DONE_OPTION")),)
    replies: list[Reply] = []
    for photo in event.photos:
        if isinstance(photo, RejectedPhoto):
            replies.append(Reply(ctx.t(photo.reason)))
        elif isinstance(photo, StoredPhoto):
            if len(photos) >= MAX_PHOTOS:
                replies.append(Reply(ctx.t("PHOTO_LIMIT", max=MAX_PHOTOS)))
            elif photo.sha256 in photos:
                n = len(photos)
                replies.append(Reply(ctx.t("PHOTO_DUPLICATE", n=n, max=MAX_PHOTOS), done_option))
            else:
                photos.append(photo.sha256)
                n = len(photos)
                if n == MAX_PHOTOS:
                    replies.append(Reply(ctx.t("PHOTO_RECEIVED_LAST", max=MAX_PHOTOS)))
                else:
                    received = ctx.t("PHOTO_RECEIVED", n=n, max=MAX_PHOTOS)
                    replies.append(Reply(received, done_option))
    if len(photos) >= MAX_PHOTOS:
        return goto(ctx.after("photos"), *replies, data={"photos": photos})
    return stay(*replies, data={"photos": photos})


# --- summary and editing -----------------------------------------------------------


def field_value(ctx_data: Mapping[str, Any], field: str, units: AdminUnits, lang: str) -> str:
    none = t("NOT_GIVEN", lang)
    if field == "applicant_type":
        return label_of(APPLICANT_TYPES, str(ctx_data.get("applicant_type", "")), lang)
    if field == "phone":
        return format_phone(str(ctx_data["phone"])) if ctx_data.get("phone") else none
    if field == "district":
        district = units.district(str(ctx_data.get("district_code", "")))
        return district.name if district else none
    if field == "commune":
        commune = units.commune(str(ctx_data.get("commune_code", "")))
        return commune.name if commune else none
    if field == "product_group":
        return label_of(PRODUCT_GROUPS, str(ctx_data.get("product_group", "")), lang)
    if field == "target_market":
        return label_of(TARGET_MARKETS, str(ctx_data.get("target_market", "")), lang)
    if field == "price":
        price = ctx_data.get("price")
        return format_vnd(int(price)) if price is not None else none
    if field == "photos":
        return t("PHOTO_COUNT", lang, n=len(ctx_data.get("photos", [])))
    value = ctx_data.get(field)
    return str(value) if value else none


def ask_summary(ctx: Ctx) -> Reply:
    lines = [ctx.t("SUMMARY_HEAD")]
    for i, (field, label_key) in enumerate(FIELD_STEPS, start=1):
        value = field_value(ctx.data, field, ctx.env.units, ctx.env.lang)
        lines.append(f"{i}. {ctx.t(label_key)}: {value}")
    lines.append(ctx.t("SUMMARY_FOOT"))
    options = (
        Option("submit", ctx.t("SUMMARY_SUBMIT")),
        Option("edit", ctx.t("SUMMARY_EDIT")),
        Option("cancel", ctx.t("SUMMARY_CANCEL")),
    )
    return Reply("\n".join(lines), options=options)


EDIT_PATTERN = re.compile(r"^(?:sua|edit|doi)\s*(?:muc\s*)?(\d{1,2})$")


def _edit(field_number: int) -> Transition | None:
    if 1 <= field_number <= len(FIELD_STEPS):
        return goto(FIELD_STEPS[field_number - 1][0], data={"_editing": True})
    return None


def answers_of(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if not k.startswith("_") and k != "photos"}


def on_summary(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, IdeaSubmitted):
        return finish(Reply(ctx.t("SUBMITTED", number=event.registration_number)))
    answer = _text(event)
    if answer is not None:
        match = EDIT_PATTERN.match(fold(answer))
        if match:
            edit = _edit(int(match.group(1)))
            if edit is not None:
                return edit
    options = ask_summary(ctx).options
    chosen = _pick(ctx, event, options)
    if chosen is None:
        return _bad(ctx, "BAD_CHOICE")
    if chosen.id == "submit":
        photos = tuple(str(p) for p in ctx.data.get("photos", []))
        return Transition(
            goto=None, reprompt=False, effects=(SubmitIdea(answers_of(ctx.data), photos),)
        )
    if chosen.id == "edit":
        return goto("edit_which")
    return finish(Reply(ctx.t("CANCELLED")))


def _edit_options(ctx: Ctx) -> tuple[Option, ...]:
    return tuple(Option(field, ctx.t(label)) for field, label in FIELD_STEPS)


def ask_edit_which(ctx: Ctx) -> Reply:
    return Reply(ctx.t("ASK_EDIT_WHICH"), options=_edit_options(ctx))


def on_edit_which(ctx: Ctx, event: object) -> Transition:
    chosen = _pick(ctx, event, _edit_options(ctx))
    if chosen is None:
        return _bad(ctx, "BAD_CHOICE")
    return goto(chosen.id, data={"_editing": True})


def _after(name: str) -> tuple[str, ...]:
    """A field step's exits: the next field and the summary (when editing)."""
    i = FIELD_NAMES.index(name)
    following = FIELD_NAMES[i + 1] if i + 1 < len(FIELD_NAMES) else "summary"
    return tuple(dict.fromkeys((following, "summary")))


REGISTRATION = Flow(
    name="registration",
    version=1,
    summary_step="summary",
    steps=(
        Step(
            "applicant_name",
            _ask("ASK_APPLICANT_NAME"),
            _free_text("applicant_name", "BAD_NAME", 2, 120),
            _after("applicant_name"),
        ),
        Step(
            "applicant_type",
            _ask("ASK_APPLICANT_TYPE", APPLICANT_TYPES),
            _choice_step("applicant_type", APPLICANT_TYPES),
            _after("applicant_type"),
        ),
        Step("phone", ask_phone, on_phone, _after("phone")),
        Step("district", ask_district, on_district, ("commune",)),
        Step("commune", ask_commune, on_commune, _after("commune")),
        Step(
            "product_name",
            _ask("ASK_PRODUCT_NAME"),
            _free_text("product_name", "BAD_PRODUCT_NAME", 2, 150),
            _after("product_name"),
        ),
        Step(
            "product_group",
            _ask("ASK_PRODUCT_GROUP", PRODUCT_GROUPS),
            _choice_step("product_group", PRODUCT_GROUPS),
            _after("product_group"),
        ),
        Step(
            "core_value",
            _ask("ASK_CORE_VALUE"),
            _free_text("core_value", "BAD_LONG_TEXT", 3, 1000),
            _after("core_value"),
        ),
        Step(
            "target_market",
            _ask("ASK_TARGET_MARKET", TARGET_MARKETS),
            _choice_step("target_market", TARGET_MARKETS),
            _after("target_market"),
        ),
        Step("volume", _ask("ASK_VOLUME"), on_volume, _after("volume")),
        Step("price", _ask("ASK_PRICE"), on_price, _after("price")),
        Step("story", ask_story, on_story, _after("story")),
        Step("photos", ask_photos, on_photos, _after("photos")),
        Step("summary", ask_summary, on_summary, (*FIELD_NAMES, "edit_which", "END"), False),
        Step("edit_which", ask_edit_which, on_edit_which, (*FIELD_NAMES, "summary"), False),
    ),
)
