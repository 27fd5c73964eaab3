"""Who may take which move of the chain on which idea, and who waits for an idea: pure, used
by the flow before it offers a move and by the handler again where the move is carried out."""

from __future__ import annotations

from dataclasses import dataclass

from flows.authorization import Area, Decision, authorize
from flows.lifecycle import CHAINS, Move
from flows.principal import COMMUNE, DISTRICT, OFFICER_ROLES, Principal


def review_action(role: str) -> str:
    """The authorization action of an officer's move ("idea.review.commune")."""
    return f"idea.review.{role}"


def allowed_moves(principal: Principal, structure: str, state: str, area: Area) -> tuple[Move, ...]:
    """The officers' moves out of `state` this principal may take on an idea in `area`."""
    chain = CHAINS.get(structure)
    if chain is None:
        return ()
    return tuple(
        m
        for m in chain.moves_from(state)
        if m.role in OFFICER_ROLES and authorize(principal, review_action(m.role), area)
    )


def check_move(
    principal: Principal, structure: str, state: str, action: str, area: Area
) -> Move | Decision:
    """The move `action` from `state`, if this principal may take it here; else why not."""
    chain = CHAINS.get(structure)
    candidates = [m for m in chain.moves_from(state) if m.action == action] if chain else []
    candidates = [m for m in candidates if m.role in OFFICER_ROLES]
    if not candidates:
        return Decision(False, "REVIEW_MOVE_GONE")
    refusal: Decision | None = None
    for move in candidates:
        decision = authorize(principal, review_action(move.role), area)
        if decision:
            return move
        refusal = refusal or decision
    assert refusal is not None
    return refusal


def area_code_for(role: str, area: Area) -> str | None:
    """The area code whose holders of `role` look after an idea in `area` (None:
    province-wide)."""
    if role == COMMUNE:
        return area.commune
    if role == DISTRICT:
        return area.district
    return None


@dataclass(frozen=True)
class Waiting:
    """Who waits for an idea: `role` in `area` (None: province-wide); the producer when the
    role is the producer's."""

    role: str
    area: str | None


def waiting_for(structure: str, state: str, area: Area) -> Waiting | None:
    chain = CHAINS.get(structure)
    role = chain.waiting_role(state) if chain else None
    if role is None:
        return None
    return Waiting(role, area_code_for(role, area))


@dataclass(frozen=True)
class Scope:
    """A part of an officer's inbox: ideas in `states` whose `role`-level area is `area`
    (None: everywhere)."""

    role: str
    area: str | None
    states: tuple[str, ...]


def inbox_scopes(principal: Principal, structure: str) -> tuple[Scope, ...]:
    chain = CHAINS.get(structure)
    if chain is None:
        return ()
    scopes = []
    for grant in principal.grants:
        if grant.role in OFFICER_ROLES:
            states = chain.waiting_states(grant.role)
            if states:
                scopes.append(Scope(grant.role, grant.area, states))
    return tuple(dict.fromkeys(scopes))


def may_see_phone(principal: Principal, area: Area) -> bool:
    """A producer's phone is for officers of the producer's area only."""
    return any(
        g.role in OFFICER_ROLES and authorize(principal, review_action(g.role), area)
        for g in principal.grants
    )
