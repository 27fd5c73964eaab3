"""The idea's lifecycle as data: its states and who may move it where.

The approval chain follows the administrative structure (commune → district → province in the
2020 structure), so the transitions are a table, not code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class State:
    id: str
    vi: str
    en: str
    final: bool = False

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi


STATES: tuple[State, ...] = (
    State("draft", "Đang soạn", "Draft"),
    State("submitted", "Đã gửi, chờ xã xem xét", "Submitted, awaiting the commune"),
    State("forwarded", "Xã đã chuyển lên huyện", "Forwarded by the commune"),
    State("selected", "Huyện đã chọn, gửi lên tỉnh", "Selected by the district"),
    State("approved", "Tỉnh đã thẩm định: đạt", "Approved by the province"),
    State("returned", "Trả lại để bổ sung", "Returned for changes"),
    State("rejected", "Không được chọn", "Not selected", final=True),
)

# (from, to, who may do it)
TRANSITIONS: tuple[tuple[str, str, str], ...] = (
    ("draft", "submitted", "producer"),
    ("submitted", "forwarded", "commune"),
    ("submitted", "returned", "commune"),
    ("forwarded", "selected", "district"),
    ("forwarded", "returned", "district"),
    ("forwarded", "rejected", "district"),
    ("selected", "approved", "province"),
    ("selected", "returned", "province"),
    ("selected", "rejected", "province"),
    ("returned", "submitted", "producer"),
)


def state(state_id: str) -> State:
    for s in STATES:
        if s.id == state_id:
            return s
    raise KeyError(state_id)


def can_move(current: str, target: str, role: str) -> bool:
    return (current, target, role) in TRANSITIONS
