"""The fixed choices of the registration form, as data (Biểu 01 and Decision 1048/QĐ-TTg)."""

from __future__ import annotations

from dataclasses import dataclass

from flows.messages import Option


@dataclass(frozen=True)
class Choice:
    id: str
    vi: str
    en: str

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi


APPLICANT_TYPES: tuple[Choice, ...] = (
    Choice("individual", "Cá nhân (chưa đăng ký kinh doanh)", "Individual (not yet registered)"),
    Choice("household", "Hộ kinh doanh", "Household business"),
    Choice("tht", "Tổ hợp tác (THT)", "Cooperative group (THT)"),
    Choice("htx", "Hợp tác xã (HTX)", "Cooperative (HTX)"),
    Choice("enterprise", "Doanh nghiệp", "Enterprise"),
)

# The six groups of the seed's rule set (1048/QĐ-TTg, 2019). Later rule sets are new data.
PRODUCT_GROUPS_RULESET = "1048/QĐ-TTg"
PRODUCT_GROUPS: tuple[Choice, ...] = (
    Choice("food", "Thực phẩm", "Food"),
    Choice("beverage", "Đồ uống", "Beverages"),
    Choice("herbal", "Thảo dược", "Herbal products"),
    Choice("textile", "Vải và may mặc", "Textiles and garments"),
    Choice("souvenir", "Lưu niệm, nội thất, trang trí", "Souvenirs, furniture, decoration"),
    Choice("tourism", "Dịch vụ du lịch nông thôn, bán hàng", "Rural tourism and services"),
)

TARGET_MARKETS: tuple[Choice, ...] = (
    Choice("local", "Trong xã, trong huyện", "Commune and district"),
    Choice("province", "Trong tỉnh Hà Tĩnh", "Hà Tĩnh province"),
    Choice("national", "Cả nước", "Nationwide"),
    Choice("export", "Xuất khẩu", "Export"),
)


def as_options(choices: tuple[Choice, ...], lang: str) -> tuple[Option, ...]:
    return tuple(Option(c.id, c.label(lang)) for c in choices)


def label_of(choices: tuple[Choice, ...], choice_id: str, lang: str) -> str:
    for c in choices:
        if c.id == choice_id:
            return c.label(lang)
    return choice_id
