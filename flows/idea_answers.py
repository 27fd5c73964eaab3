"""The answers of one idea registration: one typed record, defined once.

The flow keeps them in its form data under the same keys as `to_json` (so the form data, the
`SubmitIdea` effect and the `ideas.answers` column all speak one shape), shows them in its
summary in `QUESTIONS` order, and storage reads the typed fields.

Codes (district, commune) mean something only with the structure of administrative units
they came from: `admin_structure` travels with them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

__all__ = ["QUESTIONS", "IdeaAnswers", "Question", "questions_for"]


def _asked(step: str, label: str, *, optional: bool = False) -> dict[str, Any]:
    """A field asked by one step of the form and shown in the summary under `label`."""
    return {"step": step, "label": label, "optional": optional}


@dataclass(frozen=True)
class IdeaAnswers:
    """What the producer answered, as stored. Amounts are whole đồng."""

    applicant_name: str = field(metadata=_asked("applicant_name", "FIELD_APPLICANT_NAME"))
    applicant_type: str = field(metadata=_asked("applicant_type", "FIELD_APPLICANT_TYPE"))
    phone: str = field(metadata=_asked("phone", "FIELD_PHONE"))  # E.164: +84912345678
    # None in a structure without districts (Hà Tĩnh since 1 July 2025).
    district_code: str | None = field(metadata=_asked("district", "FIELD_DISTRICT"))
    commune_code: str = field(metadata=_asked("commune", "FIELD_COMMUNE"))
    product_name: str = field(metadata=_asked("product_name", "FIELD_PRODUCT_NAME"))
    product_group: str = field(metadata=_asked("product_group", "FIELD_PRODUCT_GROUP"))
    core_value: str = field(metadata=_asked("core_value", "FIELD_CORE_VALUE"))
    target_market: str = field(metadata=_asked("target_market", "FIELD_TARGET_MARKET"))
    volume: str = field(metadata=_asked("volume", "FIELD_VOLUME"))  # "2 tấn", as typed
    price: int = field(metadata=_asked("price", "FIELD_PRICE"))  # the (lower) amount
    price_unit: str | None = None  # "kg", "chai"; None when the price is for one product
    price_high: int | None = None  # the top of a range ("120-150k"), else None
    story: str = field(default="", metadata=_asked("story", "FIELD_STORY", optional=True))
    # SHA-256 of the stored photos, in the order sent.
    photos: tuple[str, ...] = field(default=(), metadata=_asked("photos", "FIELD_PHOTOS"))
    admin_structure: str = "2020"

    def to_json(self) -> dict[str, Any]:
        raw: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        raw["photos"] = list(self.photos)
        return raw

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> IdeaAnswers:
        """The record from its JSON, or from the form's data (which holds the same keys, and
        private ones starting with "_"). A missing required answer is empty ("" or 0), which
        `missing()` reports."""

        def text(key: str, default: str = "") -> str:
            value = raw.get(key)
            return default if value is None else str(value)

        def maybe_text(key: str) -> str | None:
            value = raw.get(key)
            return None if value is None or value == "" else str(value)

        high = raw.get("price_high")
        return cls(
            applicant_name=text("applicant_name"),
            applicant_type=text("applicant_type"),
            phone=text("phone"),
            district_code=maybe_text("district_code"),
            commune_code=text("commune_code"),
            product_name=text("product_name"),
            product_group=text("product_group"),
            core_value=text("core_value"),
            target_market=text("target_market"),
            volume=text("volume"),
            price=int(raw.get("price") or 0),
            price_unit=maybe_text("price_unit"),
            price_high=None if high is None else int(high),
            story=text("story"),
            photos=tuple(str(p) for p in raw.get("photos") or ()),
            admin_structure=text("admin_structure", "2020"),
        )

    def missing(self, has_districts: bool) -> tuple[str, ...]:
        """The steps whose required answer is still empty, in the form's order."""
        gaps = []
        for question in questions_for(has_districts):
            if question.optional:
                continue
            value = getattr(self, question.field)
            if not value:
                gaps.append(question.step)
        return tuple(gaps)


@dataclass(frozen=True)
class Question:
    """One question of the form: the field it fills, the step that asks it, its label."""

    field: str
    step: str
    label_key: str
    optional: bool


QUESTIONS: tuple[Question, ...] = tuple(
    Question(f.name, f.metadata["step"], f.metadata["label"], f.metadata["optional"])
    for f in fields(IdeaAnswers)
    if "step" in f.metadata
)


def questions_for(has_districts: bool) -> tuple[Question, ...]:
    """The questions asked in a structure with or without districts."""
    if has_districts:
        return QUESTIONS
    return tuple(q for q in QUESTIONS if q.step != "district")
