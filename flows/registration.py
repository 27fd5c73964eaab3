"""Registering a product idea, the way the commune's paper form (Biểu 01) asks.

One question a step; every step can go back or stop; a summary lets the user edit any answer.
The questions, their order and their labels come from `flows/idea_answers.py`.

Rules every step keeps (they are applied around each step's own handler, by `_listening`):
- an option's number always picks that option, before the step reads the text any other way
  ("1" is "1. Bỏ qua" at the story, "16" is "16. Xem thêm" in a list);
- a photo sent at any step is kept for the product photos (up to MAX_PHOTOS), not dropped.
Free-text answers never store a command of the form ("xong", "sửa 1") or a phone number as a
name. Every limit a message states is the constant (or setting, via `Env.limits`) enforcing it.

With the 2025 structure (no districts, `AdminUnits.has_districts` False) no district is asked:
the commune comes straight from the province's list. The district step is not counted in
"Bước n/N": it shares its number with the commune step, the one both structures have.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from flows.admin_units import Commune, District, example_name, short_name
from flows.choices import (
    APPLICANT_TYPES,
    PRODUCT_GROUPS,
    TARGET_MARKETS,
    Choice,
    as_options,
    find_choice,
    label_of,
)
from flows.effects import IdeaSubmitted, SubmitIdea
from flows.engine import Ctx, Env, Flow, Handler, Prompt, Step, Transition, finish, goto, stay
from flows.idea_answers import QUESTIONS, IdeaAnswers, Question, questions_for
from flows.messages import Option, RejectedPhoto, Reply, StoredPhoto, UserMessage
from flows.money import Price, format_price, parse_price
from flows.phone import (
    LANDLINE_AREA_CODE,
    LANDLINE_DIGITS,
    MOBILE_DIGITS,
    MOBILE_PREFIXES,
    format_phone,
    looks_like_phone,
    parse_phone,
)
from flows.text_match import (
    fold,
    is_control_word,
    is_done,
    is_next,
    is_skip,
    normalize,
    parse_edit,
    resolve_choice,
    strip_diacritics,
)


@dataclass(frozen=True)
class Length:
    """How long a typed answer may be, in characters (what the messages say, too)."""

    low: int
    high: int


NAME_LENGTH = Length(2, 120)
PRODUCT_NAME_LENGTH = Length(2, 150)
CORE_VALUE_LENGTH = Length(3, 1000)
VOLUME_LENGTH = Length(2, 100)
STORY_LENGTH = Length(3, 1000)
MAX_PHOTOS = 5
COMMUNES_PER_PAGE = 15

_LETTER = re.compile(r"[^\W\d_]")
# "3", "3.", "số 3", "#3": the number of a listed option.
_OPTION_NUMBER = re.compile(r"(?:so\s*)?#?(\d{1,3})\s*[.)]?")


# --- numbers and limits as the messages say them ---------------------------------------------


def _count(n: int, lang: str) -> str:
    """1000 -> "1.000" in Vietnamese, "1,000" in English."""
    grouped = f"{n:,}"
    return grouped.replace(",", ".") if lang == "vi" else grouped


def _decimal(x: float, lang: str) -> str:
    """At most one decimal: 20.0 -> "20", 4.77 -> "4,8" (Vietnamese) or "4.8"."""
    rounded = round(x, 1)
    shown = str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"
    return shown.replace(".", ",") if lang == "vi" else shown


def photo_refusal(env: Env, reason: str) -> str:
    """What a refused photo is told (`reason` is a catalogue key), with the limits in force."""
    return env.t(
        reason,
        max_mb=_decimal(env.limits.max_photo_bytes / (1024 * 1024), env.lang),
        max_megapixels=_decimal(env.limits.max_photo_pixels / 1_000_000, env.lang),
    )


def _either(items: tuple[str, ...], ctx: Ctx) -> str:
    """("03", "05", "09") -> "03, 05 hoặc 09"."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {ctx.t('OR_WORD')} {items[-1]}"


# --- the rules around every step ---------------------------------------------------------------


def option_number(text: str) -> int | None:
    """The option number the text is ("2", "2.", "số 2"), or None when it is something else."""
    match = _OPTION_NUMBER.fullmatch(strip_diacritics(text))
    return int(match.group(1)) if match else None


def _by_number(ctx: Ctx, prompt: Prompt, event: UserMessage) -> UserMessage:
    """A typed number of a listed option, as if its button were pressed."""
    if event.choice is not None or event.text is None or event.photos:
        return event
    number = option_number(event.text)
    if number is None:
        return event
    options = prompt(ctx).options
    if 1 <= number <= len(options):
        return replace(event, choice=options[number - 1].id, text=None)
    return event


def _listening(name: str, prompt: Prompt, on: Handler) -> Handler:
    def handle(ctx: Ctx, event: object) -> Transition:
        if isinstance(event, UserMessage):
            if event.photos and name != "photos":
                return _photos_elsewhere(ctx, event)
            event = _by_number(ctx, prompt, event)
        return on(ctx, event)

    return handle


def _step(
    name: str, prompt: Prompt, on: Handler, exits: tuple[str, ...], numbered: bool = True
) -> Step:
    return Step(name, prompt, _listening(name, prompt, on), exits, numbered)


# --- small helpers -----------------------------------------------------------------------------


def _clean(text: str) -> str:
    """NFC, no invisible characters, spaces tidied; line breaks kept (a story has paragraphs)."""
    return "\n".join(normalize(line) for line in text.splitlines() if line.strip())


def _text(event: object) -> str | None:
    if isinstance(event, UserMessage) and event.text is not None and not event.photos:
        cleaned = _clean(event.text)
        return cleaned or None
    return None


def _choice(event: object) -> str | None:
    return event.choice if isinstance(event, UserMessage) else None


def _bad(ctx: Ctx, key: str, **values: object) -> Transition:
    return stay(Reply(ctx.t(key, **values)), reprompt=True)


def _next(ctx: Ctx, step: str | None = None) -> str:
    """The step after `step` (the summary when editing); no district without districts."""
    following = ctx.after(step or ctx.step)
    if following == "district" and not ctx.env.units.has_districts:
        return "commune"
    return following


def _refused(ctx: Ctx, answer: str, length: Length, words: bool = True) -> Transition | None:
    """Why a typed answer cannot be stored, or None when it can."""
    if is_skip(answer):
        return _bad(ctx, "ANSWER_REQUIRED")
    if is_control_word(answer):
        return _bad(ctx, "NOT_AN_ANSWER", text=answer)
    refused = _too_short_or_long(ctx, answer, length)
    return refused or (_without_words(ctx, answer) if words else None)


def _without_words(ctx: Ctx, answer: str) -> Transition | None:
    """A name or a description is written in words: "16" alone is a slip of the keyboard."""
    return None if _LETTER.search(answer) else _bad(ctx, "WORDS_EXPECTED")


def _too_short_or_long(ctx: Ctx, answer: str, length: Length) -> Transition | None:
    if len(answer) < length.low:
        return _bad(ctx, "TOO_SHORT", min=_count(length.low, ctx.env.lang))
    if len(answer) > length.high:
        lang = ctx.env.lang
        return _bad(
            ctx, "TOO_LONG", length=_count(len(answer), lang), max=_count(length.high, lang)
        )
    return None


def _ask(key: str, choices: tuple[Choice, ...] | None = None) -> Prompt:
    def prompt(ctx: Ctx) -> Reply:
        options = as_options(choices, ctx.env.lang) if choices else ()
        return Reply(ctx.t(key), options=options)

    return prompt


# --- free text and choices ---------------------------------------------------------------------


def _free_text(
    field: str, length: Length, check: Callable[[Ctx, str], Transition | None] | None = None
) -> Handler:
    def on(ctx: Ctx, event: object) -> Transition:
        answer = _text(event)
        if answer is None:
            return _bad(ctx, "TEXT_EXPECTED")
        refused = (check(ctx, answer) if check else None) or _refused(ctx, answer, length)
        if refused is not None:
            return refused
        return goto(_next(ctx), data={field: answer})

    return on


def _not_a_phone(ctx: Ctx, answer: str) -> Transition | None:
    return _bad(ctx, "NAME_LOOKS_LIKE_PHONE") if looks_like_phone(answer) else None


def _choice_step(field: str, choices: tuple[Choice, ...]) -> Handler:
    def on(ctx: Ctx, event: object) -> Transition:
        chosen_id = _choice(event)
        answer = _text(event)
        chosen = next((c for c in choices if c.id == chosen_id), None)
        if chosen is None and chosen_id is None and answer is not None:
            chosen = find_choice(choices, answer, ctx.env.lang)
        if chosen is None:
            return _bad(ctx, "BAD_CHOICE")
        say: tuple[Reply, ...] = ()
        if field == "applicant_type" and chosen.id == "individual":
            say = (Reply(ctx.t("INDIVIDUAL_NOTE")),)
        return goto(_next(ctx), *say, data={field: chosen.id})

    return on


# --- phone -------------------------------------------------------------------------------------


def ask_phone(ctx: Ctx) -> Reply:
    return Reply(ctx.t("ASK_PHONE"), request_phone=True)


def on_phone(ctx: Ctx, event: object) -> Transition:
    raw = event.contact_phone if isinstance(event, UserMessage) else None
    raw = raw or _text(event)
    phone = parse_phone(raw) if raw else None
    if phone is None:
        return _bad(
            ctx,
            "BAD_PHONE",
            mobile_digits=MOBILE_DIGITS,
            mobile_prefixes=_either(MOBILE_PREFIXES, ctx),
            landline_digits=LANDLINE_DIGITS,
            landline_code=LANDLINE_AREA_CODE,
        )
    return goto(_next(ctx), data={"phone": phone})


# --- district (2020 structure only) --------------------------------------------------------------


def _numbered_as_commune(ctx: Ctx, text: str) -> str:
    """The district question carries the commune step's number and the way back, as the
    engine writes them for a numbered step (both are one question: where)."""
    number = ctx.flow.number_of("commune")
    if number is None:
        return text
    prefix = ctx.t("STEP_PREFIX", n=number[0], total=number[1])
    return f"{prefix} {text}\n{ctx.t('NAV_HINT')}"


def _district_choices(ctx: Ctx) -> tuple[District, ...]:
    units = ctx.env.units
    query = ctx.data.get("_district_query")
    found = units.find_districts(str(query)) if query else []
    return tuple(found) or units.districts


def _district_options(ctx: Ctx) -> tuple[Option, ...]:
    shown = _district_choices(ctx)
    options = [Option(d.code, d.name) for d in shown]
    if len(shown) < len(ctx.env.units.districts):
        options.append(Option("all", ctx.t("SHOW_ALL")))
    return tuple(options)


def ask_district(ctx: Ctx) -> Reply:
    text = ctx.t("ASK_DISTRICT", example=example_name(ctx.env.units.districts))
    return Reply(_numbered_as_commune(ctx, text), options=_district_options(ctx))


def on_district(ctx: Ctx, event: object) -> Transition:
    units = ctx.env.units
    chosen = _choice(event)
    if chosen == "all":
        return stay(reprompt=True, data={"_district_query": None})
    if chosen is not None:
        district = units.district(chosen)
        return _district_chosen(district) if district else _bad(ctx, "BAD_CHOICE")
    answer = _text(event)
    if answer is None or option_number(answer) is not None:
        return _bad(ctx, "BAD_CHOICE")
    found = units.find_districts(answer)
    if len(found) == 1:
        return _district_chosen(found[0])
    if found:
        many = Reply(ctx.t("DISTRICT_MANY", count=len(found), query=answer))
        return stay(many, reprompt=True, data={"_district_query": answer})
    example = example_name(units.districts)
    missing = Reply(ctx.t("DISTRICT_NOT_FOUND", query=answer, example=example))
    return stay(missing, reprompt=True, data={"_district_query": None})


def _district_chosen(district: District) -> Transition:
    # A new district always asks the commune again, also when editing.
    data = {
        "district_code": district.code,
        "commune_code": None,
        "_district_query": None,
        "_page": None,
        "_query": None,
    }
    return goto("commune", data=data)


# --- commune -----------------------------------------------------------------------------------


def _district_code(ctx: Ctx) -> str | None:
    """The chosen district's code; None in a structure without districts."""
    if not ctx.env.units.has_districts:
        return None
    return str(ctx.data.get("district_code", ""))


def _commune_pool(ctx: Ctx) -> tuple[Commune, ...]:
    return ctx.env.units.communes_of(_district_code(ctx))


@dataclass(frozen=True)
class _Page:
    communes: tuple[Commune, ...]
    index: int  # from 0
    count: int
    narrowed: bool  # by what the user typed

    @property
    def last(self) -> bool:
        return self.index + 1 >= self.count


def _commune_page(ctx: Ctx) -> _Page:
    query = ctx.data.get("_query")
    found = ctx.env.units.find_communes(str(query), _district_code(ctx)) if query else []
    listed = tuple(found) or _commune_pool(ctx)
    count = max(1, math.ceil(len(listed) / COMMUNES_PER_PAGE))
    index = min(max(int(ctx.data.get("_page", 0)), 0), count - 1)
    start = index * COMMUNES_PER_PAGE
    return _Page(listed[start : start + COMMUNES_PER_PAGE], index, count, bool(found))


def _commune_options(ctx: Ctx, page: _Page) -> tuple[Option, ...]:
    options = [Option(c.code, c.name) for c in page.communes]
    if page.count > 1:
        # The last page offers the way back to the first, never a "more" that wraps round.
        options.append(
            Option("first", ctx.t("FIRST_PAGE"))
            if page.last
            else Option("next", ctx.t("NEXT_PAGE"))
        )
    if page.narrowed:
        options.append(Option("all", ctx.t("SHOW_ALL")))
    return tuple(options)


def _in_district(ctx: Ctx) -> str:
    """ "huyện Vũ Quang", as it reads inside a sentence."""
    district = ctx.env.units.district(str(ctx.data.get("district_code", "")))
    if district is None:
        return ""
    if ctx.env.lang == "vi":
        return f"{district.kind} {short_name(district.name)}"
    return district.name


def ask_commune(ctx: Ctx) -> Reply:
    page = _commune_page(ctx)
    example = example_name(_commune_pool(ctx))
    if ctx.env.units.has_districts:
        text = ctx.t("ASK_COMMUNE", district=_in_district(ctx), example=example)
    else:
        text = ctx.t("ASK_COMMUNE_NO_DISTRICT", example=example)
    if page.count > 1:
        key = "COMMUNE_LAST_PAGE" if page.last else "COMMUNE_PAGE"
        text += "\n" + ctx.t(key, page=page.index + 1, pages=page.count)
    return Reply(text, options=_commune_options(ctx, page))


def _next_page(ctx: Ctx, page: _Page) -> Transition:
    if page.last:
        return stay(Reply(ctx.t("ALREADY_LAST_PAGE")), reprompt=True)
    return stay(reprompt=True, data={"_page": page.index + 1})


def on_commune(ctx: Ctx, event: object) -> Transition:
    page = _commune_page(ctx)
    chosen = _choice(event)
    if chosen == "next":
        return _next_page(ctx, page)
    if chosen == "first":
        return stay(reprompt=True, data={"_page": 0})
    if chosen == "all":
        return stay(reprompt=True, data={"_query": None, "_page": 0})
    pool = _commune_pool(ctx)
    if chosen is not None:
        # Any commune of the list, also from a page shown earlier (an older button).
        if any(c.code == chosen for c in pool):
            return _commune_chosen(ctx, chosen)
        return _bad(ctx, "BAD_CHOICE")
    answer = _text(event)
    if answer is None or option_number(answer) is not None:
        return _bad(ctx, "BAD_CHOICE")
    if is_next(answer):
        return _next_page(ctx, page)
    found = ctx.env.units.find_communes(answer, _district_code(ctx))
    if len(found) == 1:
        return _commune_chosen(ctx, found[0].code)
    if found:
        many = Reply(ctx.t("COMMUNE_MANY", count=len(found), query=answer))
        return stay(many, reprompt=True, data={"_query": answer, "_page": 0})
    example = example_name(pool)
    if ctx.env.units.has_districts:
        missing = ctx.t(
            "COMMUNE_NOT_FOUND", query=answer, district=_in_district(ctx), example=example
        )
    else:
        missing = ctx.t("COMMUNE_NOT_FOUND_IN_PROVINCE", query=answer, example=example)
    return stay(Reply(missing), reprompt=True, data={"_query": None, "_page": 0})


def _commune_chosen(ctx: Ctx, code: str) -> Transition:
    data = {
        "commune_code": code,
        "admin_structure": ctx.env.units.structure,
        "_page": None,
        "_query": None,
    }
    return goto(_next(ctx, "commune"), data=data)


# --- volume, price, story ------------------------------------------------------------------------


def on_volume(ctx: Ctx, event: object) -> Transition:
    answer = _text(event)
    if answer is None:
        return _bad(ctx, "TEXT_EXPECTED")
    refused = _refused(ctx, answer, VOLUME_LENGTH, words=False)
    if refused is not None:
        return refused
    # A quantity and its unit: "500 kg", "2 tấn". A bare "500" says nothing an officer can use.
    if not re.search(r"\d", answer) or not _LETTER.search(answer):
        return _bad(ctx, "BAD_VOLUME")
    return goto(_next(ctx), data={"volume": answer})


def on_price(ctx: Ctx, event: object) -> Transition:
    answer = _text(event)
    if answer is None:
        return _bad(ctx, "TEXT_EXPECTED")
    price = parse_price(answer)
    if price is None:
        return _bad(ctx, "BAD_PRICE")
    data = {"price": price.amount, "price_unit": price.unit, "price_high": price.amount_high}
    return goto(_next(ctx), data=data)


def ask_story(ctx: Ctx) -> Reply:
    text = ctx.t("ASK_STORY") + "\n" + ctx.t("OPTIONAL_HINT")
    return Reply(text, options=(Option("skip", ctx.t("SKIP_OPTION")),))


def on_story(ctx: Ctx, event: object) -> Transition:
    answer = _text(event)
    if _choice(event) == "skip" or (answer is not None and is_skip(answer)):
        return goto(_next(ctx), data={"story": ""})
    if answer is None:
        return _bad(ctx, "TEXT_EXPECTED")
    if is_control_word(answer):
        return _bad(ctx, "NOT_AN_ANSWER", text=answer)
    refused = _too_short_or_long(ctx, answer, STORY_LENGTH) or _without_words(ctx, answer)
    if refused is not None:
        return refused
    return goto(_next(ctx), data={"story": answer})


# --- photos ------------------------------------------------------------------------------------

_REMOVE_ONE = re.compile(r"(?:xoa|bo|remove|delete)(?: (?:anh|tam|photo))?(?: so)? ?(\d{1,2})")
_REMOVE_ALL = frozenset(
    {
        "xoa het", "xoa het anh", "xoa tat ca", "xoa tat ca anh", "lam lai anh", "chup lai",
        "chup lai tat ca", "gui lai tu dau", "remove all",
    }
)  # fmt: skip
_REVIEW = frozenset({"xem anh", "xem lai anh", "xem lai", "xem lai cac anh", "see the photos"})


def _photos(ctx: Ctx) -> list[str]:
    return [str(p) for p in ctx.data.get("photos", [])]


def _photo_options(ctx: Ctx, photos: list[str]) -> tuple[Option, ...]:
    if not photos:
        return ()
    return (
        Option("done", ctx.t("DONE_OPTION")),
        Option("review", ctx.t("PHOTO_OPTION_REVIEW")),
        Option("clear", ctx.t("PHOTO_OPTION_CLEAR")),
    )


def ask_photos(ctx: Ctx) -> Reply:
    photos = _photos(ctx)
    if not photos:
        return Reply(ctx.t("ASK_PHOTOS", max=MAX_PHOTOS))
    text = ctx.t("ASK_MORE_PHOTOS", n=len(photos), max=MAX_PHOTOS)
    text += "\n" + ctx.t("PHOTO_REMOVE_HINT")
    return Reply(text, options=_photo_options(ctx, photos))


def _photos_done(ctx: Ctx) -> Transition:
    if not ctx.data.get("photos"):
        return stay(Reply(ctx.t("PHOTOS_NEED_ONE")))
    return goto(_next(ctx, "photos"))


def _add_photos(ctx: Ctx, event: UserMessage, at_photos: bool) -> tuple[list[str], list[Reply]]:
    """The photos with the event's added (up to MAX_PHOTOS), and what to tell about each."""
    photos = _photos(ctx)
    replies: list[Reply] = []
    for photo in event.photos:
        if isinstance(photo, RejectedPhoto):
            replies.append(Reply(photo_refusal(ctx.env, photo.reason)))
            continue
        if not isinstance(photo, StoredPhoto):
            continue
        if photo.sha256 in photos:
            if at_photos:
                key = "PHOTO_DUPLICATE"
                options = _photo_options(ctx, photos)
                replies.append(Reply(ctx.t(key, n=len(photos), max=MAX_PHOTOS), options))
            continue
        if len(photos) >= MAX_PHOTOS:
            key = "PHOTO_LIMIT_AT_SUMMARY" if ctx.step == "summary" else "PHOTO_LIMIT"
            replies.append(Reply(ctx.t(key, max=MAX_PHOTOS)))
            continue
        photos.append(photo.sha256)
        if not at_photos:
            replies.append(Reply(ctx.t("PHOTO_KEPT", n=len(photos), max=MAX_PHOTOS)))
        elif len(photos) == MAX_PHOTOS:
            replies.append(Reply(ctx.t("PHOTO_RECEIVED_LAST", max=MAX_PHOTOS)))
        else:
            received = ctx.t("PHOTO_RECEIVED", n=len(photos), max=MAX_PHOTOS)
            replies.append(Reply(received, _photo_options(ctx, photos)))
    return photos, replies


def _photos_elsewhere(ctx: Ctx, event: UserMessage) -> Transition:
    """A photo sent while another question is open: kept for the photos, then the question
    again (at the summary, the summary with the new count)."""
    photos, replies = _add_photos(ctx, event, at_photos=False)
    return stay(*replies, reprompt=True, data={"photos": photos})


def on_photos(ctx: Ctx, event: object) -> Transition:
    if not isinstance(event, UserMessage):
        return stay(Reply(ctx.t("PHOTO_EXPECTED")))
    if event.photos:
        photos, replies = _add_photos(ctx, event, at_photos=True)
        if len(photos) >= MAX_PHOTOS and len(_photos(ctx)) < MAX_PHOTOS:
            return goto(_next(ctx, "photos"), *replies, data={"photos": photos})
        return stay(*replies, data={"photos": photos})
    chosen = _choice(event)
    answer = _text(event)
    folded = fold(answer) if answer else ""
    if chosen == "done" or (answer is not None and is_done(answer)):
        return _photos_done(ctx)
    photos = _photos(ctx)
    if chosen == "review" or folded in _REVIEW:
        return _review_photos(ctx, photos)
    if chosen == "clear" or folded in _REMOVE_ALL:
        return stay(Reply(ctx.t("PHOTOS_CLEARED")), reprompt=True, data={"photos": []})
    removal = _REMOVE_ONE.fullmatch(folded)
    if removal is not None:
        n = int(removal.group(1))
        if not 1 <= n <= len(photos):
            return _bad(ctx, "PHOTO_NO_SUCH", n=n, count=len(photos))
        left = photos[: n - 1] + photos[n:]
        removed = Reply(ctx.t("PHOTO_REMOVED", n=n, left=len(left)))
        return stay(removed, reprompt=True, data={"photos": left})
    return stay(Reply(ctx.t("PHOTO_EXPECTED")))


def _review_photos(ctx: Ctx, photos: list[str]) -> Transition:
    if not photos:
        return stay(Reply(ctx.t("PHOTOS_NEED_ONE")))
    shown = tuple(
        Reply(ctx.t("PHOTO_CAPTION", n=i, count=len(photos)), photo=sha)
        for i, sha in enumerate(photos, start=1)
    )
    return stay(*shown, reprompt=True)


# --- summary and editing ---------------------------------------------------------------------


def answers_of(ctx: Ctx) -> IdeaAnswers:
    """The answers given so far, as the typed record."""
    return IdeaAnswers.from_json(ctx.data)


def _unit_line(ctx: Ctx, unit: District | Commune | None, label_key: str) -> tuple[str, str]:
    """ "Huyện: Hương Sơn", "Thị xã: Kỳ Anh", "Phường: Trần Phú": the kind is the label."""
    if unit is None:
        return ctx.t(label_key), ctx.t("NOT_GIVEN")
    if ctx.env.lang == "vi":
        return unit.kind.capitalize(), short_name(unit.name)
    return ctx.t(label_key), unit.name


def summary_line(ctx: Ctx, answers: IdeaAnswers, question: Question) -> tuple[str, str]:
    """The label and the value of one answer as the summary shows them."""
    lang = ctx.env.lang
    units = ctx.env.units
    none = ctx.t("NOT_GIVEN")
    field = question.field
    if field == "district_code":
        district = units.district(answers.district_code or "")
        return _unit_line(ctx, district, question.label_key)
    if field == "commune_code":
        return _unit_line(ctx, units.commune(answers.commune_code), question.label_key)
    label = ctx.t(question.label_key)
    if field == "applicant_type":
        value = label_of(APPLICANT_TYPES, answers.applicant_type, lang)
    elif field == "product_group":
        value = label_of(PRODUCT_GROUPS, answers.product_group, lang)
    elif field == "target_market":
        value = label_of(TARGET_MARKETS, answers.target_market, lang)
    elif field == "phone":
        value = format_phone(answers.phone) if answers.phone else ""
    elif field == "price":
        price = Price(answers.price, answers.price_unit, answers.price_high)
        value = format_price(price) if answers.price else ""
    elif field == "photos":
        value = ctx.t("PHOTO_COUNT", n=len(answers.photos))
    else:
        value = str(getattr(answers, field))
    return label, value or none


def _questions(ctx: Ctx) -> tuple[Question, ...]:
    return questions_for(ctx.env.units.has_districts)


def _summary_options(ctx: Ctx) -> tuple[Option, ...]:
    return (
        Option("submit", ctx.t("SUMMARY_SUBMIT")),
        Option("edit", ctx.t("SUMMARY_EDIT")),
        Option("cancel", ctx.t("SUMMARY_CANCEL")),
    )


def ask_summary(ctx: Ctx) -> Reply:
    # The answers are listed without numbers: the only numbers in this message are those of
    # its options, so that "3" can never mean both "Hủy" and the third answer.
    answers = answers_of(ctx)
    lines = [ctx.t("SUMMARY_HEAD")]
    for question in _questions(ctx):
        label, value = summary_line(ctx, answers, question)
        lines.append(f"• {label}: {value}")
    lines.append(ctx.t("SUMMARY_FOOT"))
    return Reply("\n".join(lines), options=_summary_options(ctx))


def _edit(ctx: Ctx, number: int) -> Transition:
    questions = _questions(ctx)
    if not 1 <= number <= len(questions):
        return _bad(ctx, "NO_SUCH_ITEM", n=number, count=len(questions))
    return _edit_step(questions[number - 1].step)


def _edit_step(step: str) -> Transition:
    fresh = {"_editing": True, "_district_query": None, "_page": None, "_query": None}
    return goto(step, data=fresh)


def _submit(ctx: Ctx) -> Transition:
    answers = answers_of(ctx)
    gaps = answers.missing(ctx.env.units.has_districts)
    if answers.admin_structure != ctx.env.units.structure:
        # The codes were chosen from another list of units: choose the place again.
        gaps = ("district" if ctx.env.units.has_districts else "commune", *gaps)
    if gaps:
        first = _edit_step(gaps[0])
        return replace(first, say=(Reply(ctx.t("SUMMARY_INCOMPLETE")),))
    return Transition(reprompt=False, effects=(SubmitIdea(answers, answers.photos),))


def on_summary(ctx: Ctx, event: object) -> Transition:
    if isinstance(event, IdeaSubmitted):
        key = "SUBMITTED" if ctx.env.units.has_districts else "SUBMITTED_NO_DISTRICT"
        return finish(Reply(ctx.t(key, number=event.registration_number)))
    chosen = _choice(event)
    answer = _text(event)
    if chosen is None and answer is not None:
        edit = parse_edit(answer)
        if edit is True:
            return goto("edit_which")
        if isinstance(edit, int):
            return _edit(ctx, edit)
        by_words = resolve_choice(_summary_options(ctx), answer)
        chosen = by_words.id if by_words else None
    if chosen == "submit":
        return _submit(ctx)
    if chosen == "edit":
        return goto("edit_which")
    if chosen == "cancel":
        return finish(Reply(ctx.t("CANCELLED")))
    return _bad(ctx, "BAD_CHOICE")


def _edit_options(ctx: Ctx) -> tuple[Option, ...]:
    return tuple(Option(q.step, ctx.t(q.label_key)) for q in _questions(ctx))


def ask_edit_which(ctx: Ctx) -> Reply:
    return Reply(ctx.t("ASK_EDIT_WHICH"), options=_edit_options(ctx))


def on_edit_which(ctx: Ctx, event: object) -> Transition:
    chosen = _choice(event)
    answer = _text(event)
    if chosen is None and answer is not None:
        edit = parse_edit(answer)
        if isinstance(edit, int) and edit is not True:
            return _edit(ctx, edit)
        by_words = resolve_choice(_edit_options(ctx), answer)
        chosen = by_words.id if by_words else None
    if chosen is not None and any(q.step == chosen for q in _questions(ctx)):
        return _edit_step(chosen)
    return _bad(ctx, "BAD_CHOICE")


# --- the flow --------------------------------------------------------------------------------

# How each question is asked and read; their order is QUESTIONS'.
_ASKING: dict[str, tuple[Prompt, Handler]] = {
    "applicant_name": (
        _ask("ASK_APPLICANT_NAME"),
        _free_text("applicant_name", NAME_LENGTH, _not_a_phone),
    ),
    "applicant_type": (
        _ask("ASK_APPLICANT_TYPE", APPLICANT_TYPES),
        _choice_step("applicant_type", APPLICANT_TYPES),
    ),
    "phone": (ask_phone, on_phone),
    "district": (ask_district, on_district),
    "commune": (ask_commune, on_commune),
    "product_name": (_ask("ASK_PRODUCT_NAME"), _free_text("product_name", PRODUCT_NAME_LENGTH)),
    "product_group": (
        _ask("ASK_PRODUCT_GROUP", PRODUCT_GROUPS),
        _choice_step("product_group", PRODUCT_GROUPS),
    ),
    "core_value": (_ask("ASK_CORE_VALUE"), _free_text("core_value", CORE_VALUE_LENGTH)),
    "target_market": (
        _ask("ASK_TARGET_MARKET", TARGET_MARKETS),
        _choice_step("target_market", TARGET_MARKETS),
    ),
    "volume": (_ask("ASK_VOLUME"), on_volume),
    "price": (_ask("ASK_PRICE"), on_price),
    "story": (ask_story, on_story),
    "photos": (ask_photos, on_photos),
}

QUESTION_STEPS = tuple(q.step for q in QUESTIONS)
assert set(QUESTION_STEPS) == set(_ASKING), "every question has its step, and only those"


def _exits(name: str) -> tuple[str, ...]:
    """A question's exits: the next question and the summary (when editing)."""
    if name == "district":
        return ("commune",)  # a new district always asks its commune
    i = QUESTION_STEPS.index(name)
    following = QUESTION_STEPS[i + 1] if i + 1 < len(QUESTION_STEPS) else "summary"
    skipping = ("commune",) if following == "district" else ()  # no districts: straight on
    return tuple(dict.fromkeys((following, *skipping, "summary")))


REGISTRATION = Flow(
    name="registration",
    version=1,
    summary_step="summary",
    steps=(
        *(
            _step(name, *_ASKING[name], _exits(name), numbered=name != "district")
            for name in QUESTION_STEPS
        ),
        _step("summary", ask_summary, on_summary, (*QUESTION_STEPS, "edit_which", "END"), False),
        _step("edit_which", ask_edit_which, on_edit_which, (*QUESTION_STEPS, "summary"), False),
    ),
)
