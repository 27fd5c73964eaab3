"""The idea's lifecycle as data: its states, and per administrative structure the chain of
moves between them (who may take each, and whether it needs a question or a reason).

The approval chain follows the administrative structure: commune → district → province in the
2020 structure (the seed's), commune → province in the 2025 one (no districts). Switching is the
structure in force (`OCOP_ADMIN_STRUCTURE`); an idea keeps the chain of the structure it was
registered under (its codes mean something only there).
"""

from __future__ import annotations

from dataclasses import dataclass

from flows.principal import COMMUNE, DISTRICT, PRODUCER, PROVINCE


@dataclass(frozen=True)
class State:
    id: str
    vi: str
    en: str
    final: bool = False

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi


# Ids fit ideas.state (16 characters). A return names who asked, so that the producer's
# answer brings the idea back to the one who asked.
STATES: tuple[State, ...] = (
    State("draft", "Đang soạn", "Draft"),
    State("submitted", "Đã gửi, chờ xã xem xét", "Submitted, awaiting the commune"),
    State("forwarded", "Xã đã chuyển lên huyện", "Forwarded by the commune"),
    State("selected", "Huyện đã chọn, gửi lên tỉnh", "Selected by the district"),
    State("to_province", "Xã đã gửi lên tỉnh", "Sent to the province by the commune"),
    State("approved", "Tỉnh đã thẩm định: đạt", "Approved by the province"),
    State("returned", "Xã hỏi thêm, chờ trả lời", "The commune asked, awaiting the answer"),
    State(
        "returned_dist", "Huyện hỏi thêm, chờ trả lời", "The district asked, awaiting the answer"
    ),
    State("returned_prov", "Tỉnh hỏi thêm, chờ trả lời", "The province asked, awaiting the answer"),
    State("rejected", "Không được chọn", "Not selected", final=True),
    State("plan_sent", "Đã gửi phương án kinh doanh", "Business plan sent"),
    State("plan_approved", "Phương án đã được duyệt", "Business plan approved"),
    State("developing", "Đang phát triển sản phẩm", "Product in development"),
    State("evaluating", "Đang đánh giá, xếp hạng", "Being evaluated"),
)


@dataclass(frozen=True)
class Move:
    """One step of the chain: from `source` to `target`, taken by `role` as `action`.

    `needs_text`: the move carries a question (a return) or a reason (a rejection), which the
    producer is told. `onward`: the move on the main path, the one "forward all" takes.
    """

    source: str
    target: str
    role: str
    action: str
    needs_text: bool = False
    onward: bool = False


# The actions an officer takes (their labels are catalogue keys REVIEW_ACTION_<ACTION>).
FORWARD = "forward"  # commune → district
SEND_PROVINCE = "send_province"  # commune → province (2025)
SELECT = "select"  # district → province
APPROVE = "approve"  # the province's appraisal: passed
RETURN = "return"  # back to the producer with a question
REJECT = "reject"  # with a reason
APPROVE_PLAN = "approve_plan"
START_DEVELOPMENT = "develop"
TO_EVALUATION = "evaluate"
# The producer's.
SUBMIT = "submit"
ANSWER = "answer"
SEND_PLAN = "send_plan"

OFFICER_ACTIONS: tuple[str, ...] = (
    FORWARD,
    SEND_PROVINCE,
    SELECT,
    APPROVE,
    RETURN,
    REJECT,
    APPROVE_PLAN,
    START_DEVELOPMENT,
    TO_EVALUATION,
)


def _tail(plan_role: str) -> tuple[Move, ...]:
    """After the province's approval: the business plan, its approval, development,
    evaluation; `plan_role` approves the plan and follows the product."""
    return (
        Move("approved", "plan_sent", PRODUCER, SEND_PLAN),
        Move("plan_sent", "plan_approved", plan_role, APPROVE_PLAN, onward=True),
        # A question on the plan sends it back: the producer answers by sending it again.
        Move("plan_sent", "approved", plan_role, RETURN, needs_text=True),
        Move("plan_approved", "developing", plan_role, START_DEVELOPMENT, onward=True),
        Move("developing", "evaluating", plan_role, TO_EVALUATION, onward=True),
    )


@dataclass(frozen=True)
class Chain:
    structure: str
    moves: tuple[Move, ...]

    def moves_from(self, state_id: str, role: str | None = None) -> tuple[Move, ...]:
        return tuple(
            m for m in self.moves if m.source == state_id and (role is None or m.role == role)
        )

    def move(self, state_id: str, action: str, role: str) -> Move | None:
        return next((m for m in self.moves_from(state_id, role) if m.action == action), None)

    def waiting_role(self, state_id: str) -> str | None:
        """Whose turn it is in this state: the role whose moves leave it (None: final, or
        nobody's in this structure)."""
        roles = {m.role for m in self.moves_from(state_id)}
        if len(roles) > 1:
            raise ValueError(f"{self.structure}: two roles wait for {state_id}")
        return next(iter(roles), None)

    def waiting_states(self, role: str) -> tuple[str, ...]:
        """The states in which an idea waits for `role`, in the order of the chain."""
        return tuple(dict.fromkeys(m.source for m in self.moves if m.role == role))

    @property
    def states(self) -> frozenset[str]:
        return frozenset({m.source for m in self.moves} | {m.target for m in self.moves})


CHAINS: dict[str, Chain] = {
    "2020": Chain(
        "2020",
        (
            Move("draft", "submitted", PRODUCER, SUBMIT),
            Move("submitted", "forwarded", COMMUNE, FORWARD, onward=True),
            Move("submitted", "returned", COMMUNE, RETURN, needs_text=True),
            Move("returned", "submitted", PRODUCER, ANSWER),
            # The seed's deadline for sending to the province: before 31 March.
            Move("forwarded", "selected", DISTRICT, SELECT, onward=True),
            Move("forwarded", "returned_dist", DISTRICT, RETURN, needs_text=True),
            Move("forwarded", "rejected", DISTRICT, REJECT, needs_text=True),
            Move("returned_dist", "forwarded", PRODUCER, ANSWER),
            Move("selected", "approved", PROVINCE, APPROVE, onward=True),
            Move("selected", "returned_prov", PROVINCE, RETURN, needs_text=True),
            Move("selected", "rejected", PROVINCE, REJECT, needs_text=True),
            Move("returned_prov", "selected", PRODUCER, ANSWER),
            *_tail(DISTRICT),
        ),
    ),
    "2025": Chain(
        "2025",
        (
            Move("draft", "submitted", PRODUCER, SUBMIT),
            Move("submitted", "to_province", COMMUNE, SEND_PROVINCE, onward=True),
            Move("submitted", "returned", COMMUNE, RETURN, needs_text=True),
            Move("submitted", "rejected", COMMUNE, REJECT, needs_text=True),
            Move("returned", "submitted", PRODUCER, ANSWER),
            Move("to_province", "approved", PROVINCE, APPROVE, onward=True),
            Move("to_province", "returned_prov", PROVINCE, RETURN, needs_text=True),
            Move("to_province", "rejected", PROVINCE, REJECT, needs_text=True),
            Move("returned_prov", "to_province", PRODUCER, ANSWER),
            # No districts: the commune takes over the plan and follows the product.
            *_tail(COMMUNE),
        ),
    ),
}


def chain(structure: str) -> Chain:
    return CHAINS[structure]


def state(state_id: str) -> State:
    for s in STATES:
        if s.id == state_id:
            return s
    raise KeyError(state_id)


# (from, to, who may do it) of the seed's structure, as first written.
TRANSITIONS: tuple[tuple[str, str, str], ...] = tuple(
    (m.source, m.target, m.role) for m in CHAINS["2020"].moves
)


def can_move(current: str, target: str, role: str, structure: str = "2020") -> bool:
    return any(m.target == target and m.role == role for m in CHAINS[structure].moves_from(current))
