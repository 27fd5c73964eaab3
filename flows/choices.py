"""The fixed choices of the registration form, as data (Biểu 01 and Decision 1048/QĐ-TTg).

Each choice carries the everyday words people use for it ("hộ gia đình" for a household
business, "cty" for an enterprise), so that an answer in their own words is understood.
"""

from __future__ import annotations

from dataclasses import dataclass

from flows.messages import Option
from flows.text_match import fold, resolve_choice


@dataclass(frozen=True)
class Choice:
    id: str
    vi: str
    en: str
    # Words that name this choice when they occur in an answer ("công ty TNHH Hoa Sen").
    aliases: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi


APPLICANT_TYPES: tuple[Choice, ...] = (
    Choice(
        "individual",
        "Cá nhân (chưa đăng ký kinh doanh)",
        "Individual (not yet registered)",
        ("cá nhân", "chưa đăng ký kinh doanh", "chưa có đăng ký kinh doanh", "người dân"),
    ),
    Choice(
        "household",
        "Hộ kinh doanh",
        "Household business",
        ("hộ gia đình", "hộ kinh doanh", "hộ kinh doanh cá thể", "hộ cá thể", "hộ", "hkd"),
    ),
    Choice(
        "tht",
        "Tổ hợp tác (THT)",
        "Cooperative group (THT)",
        ("tổ hợp tác", "tht", "tổ sản xuất", "nhóm hộ"),
    ),
    Choice(
        "htx",
        "Hợp tác xã (HTX)",
        "Cooperative (HTX)",
        ("hợp tác xã", "htx"),
    ),
    Choice(
        "enterprise",
        "Doanh nghiệp",
        "Enterprise",
        (
            "doanh nghiệp", "doanh nghiệp tư nhân", "dntn", "công ty", "cty", "tnhh",
            "cổ phần", "company",
        ),
    ),
)  # fmt: skip

# The six groups of the seed's rule set (1048/QĐ-TTg, 2019). Later rule sets are new data.
PRODUCT_GROUPS_RULESET = "1048/QĐ-TTg"
PRODUCT_GROUPS: tuple[Choice, ...] = (
    Choice("food", "Thực phẩm", "Food", ("đồ ăn", "thức ăn", "nông sản", "mật ong")),
    Choice("beverage", "Đồ uống", "Beverages", ("nước uống", "rượu", "trà", "chè", "nước")),
    Choice("herbal", "Thảo dược", "Herbal products", ("dược liệu", "thuốc nam", "tinh dầu")),
    Choice("textile", "Vải và may mặc", "Textiles and garments", ("may mặc", "vải", "quần áo")),
    Choice(
        "souvenir",
        "Lưu niệm, nội thất, trang trí",
        "Souvenirs, furniture, decoration",
        ("lưu niệm", "thủ công", "mỹ nghệ", "nội thất", "trang trí", "đồ gỗ", "mây tre"),
    ),
    Choice(
        "tourism",
        "Dịch vụ du lịch nông thôn, bán hàng",
        "Rural tourism and services",
        ("du lịch", "dịch vụ", "homestay"),
    ),
)

TARGET_MARKETS: tuple[Choice, ...] = (
    Choice(
        "local",
        "Trong xã, trong huyện",
        "Commune and district",
        ("trong xã", "trong huyện", "địa phương", "trong thôn", "trong làng"),
    ),
    Choice("province", "Trong tỉnh Hà Tĩnh", "Hà Tĩnh province", ("trong tỉnh", "tỉnh")),
    Choice(
        "national",
        "Cả nước",
        "Nationwide",
        ("toàn quốc", "cả nước", "trong nước", "các tỉnh"),
    ),
    Choice("export", "Xuất khẩu", "Export", ("nước ngoài", "quốc tế")),
)


def as_options(choices: tuple[Choice, ...], lang: str) -> tuple[Option, ...]:
    return tuple(Option(c.id, c.label(lang)) for c in choices)


def label_of(choices: tuple[Choice, ...], choice_id: str, lang: str) -> str:
    for c in choices:
        if c.id == choice_id:
            return c.label(lang)
    return choice_id


def _occurs(words: list[str], within: list[str]) -> bool:
    n = len(words)
    return n > 0 and any(within[i : i + n] == words for i in range(len(within) - n + 1))


def find_choice(choices: tuple[Choice, ...], text: str, lang: str) -> Choice | None:
    """The choice an answer names: its label (as `resolve_choice` reads labels, in either
    language), else the choice whose words occur in the answer. When the words of several
    choices occur, the longest wins ("hộ kinh doanh cá thể" is a household); a tie is
    ambiguous: None, never a guess."""
    by_id = {c.id: c for c in choices}
    for language in (lang, "en" if lang == "vi" else "vi"):
        hit = resolve_choice(as_options(choices, language), text)
        if hit is not None:
            return by_id[hit.id]
    answer = fold(text).split()
    best: dict[str, int] = {}
    for choice in choices:
        for alias in choice.aliases:
            words = fold(alias).split()
            if _occurs(words, answer):
                best[choice.id] = max(best.get(choice.id, 0), len(words))
    if not best:
        return None
    longest = max(best.values())
    winners = [cid for cid, n in best.items() if n == longest]
    return by_id[winners[0]] if len(winners) == 1 else None
