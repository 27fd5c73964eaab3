"""The province's yearly deadline for ideas sent up to it: before 31 March (the seed's annual
cycle: districts send the ideas they selected to the province's coordination office for
appraisal). The day and month are a setting (OCOP_PROVINCE_DEADLINE, "31/03").

Pure: `deadline_status(today, day_month)` gives the next deadline and the days left, and, for
`PASSED_SHOWN_DAYS` after a deadline, the one just missed (an idea sent now waits for the
next round).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from flows.lifecycle import CHAINS
from flows.principal import OFFICER_ROLES, PROVINCE

DEFAULT_DAY_MONTH: Final = (31, 3)
PASSED_SHOWN_DAYS: Final = 60  # how long after a deadline the inbox still says it has passed


def parse_day_month(text: str) -> tuple[int, int]:
    """ "31/03", "31/3", "31-3" -> (31, 3); a day that no year has is an error."""
    parts = text.strip().replace("-", "/").replace(".", "/").split("/")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise ValueError(f"not a day/month: {text!r}")
    day, month = int(parts[0]), int(parts[1])
    dt.date(2024, month, day)  # a leap year: 29/02 is a day some years have
    return day, month


def deadline_in(year: int, day_month: tuple[int, int]) -> dt.date:
    """The deadline of `year` (29/02 falls on 28/02 in a year without it)."""
    day, month = day_month
    try:
        return dt.date(year, month, day)
    except ValueError:
        return dt.date(year, month, day - 1)


@dataclass(frozen=True)
class DeadlineStatus:
    deadline: dt.date  # the next one, today or later
    days_left: int
    passed: dt.date | None  # the one missed less than PASSED_SHOWN_DAYS ago, else None


def deadline_status(
    today: dt.date, day_month: tuple[int, int] = DEFAULT_DAY_MONTH
) -> DeadlineStatus:
    this_year = deadline_in(today.year, day_month)
    if today <= this_year:
        upcoming, previous = this_year, deadline_in(today.year - 1, day_month)
    else:
        upcoming, previous = deadline_in(today.year + 1, day_month), this_year
    missed = (today - previous).days
    passed = previous if 0 < missed <= PASSED_SHOWN_DAYS else None
    return DeadlineStatus(upcoming, (upcoming - today).days, passed)


def senders_to_province(structure: str) -> frozenset[str]:
    """The officers' roles whose onward move hands an idea to the province: the district in
    the 2020 structure, the commune in the 2025 one."""
    chain = CHAINS.get(structure)
    if chain is None:
        return frozenset()
    return frozenset(
        m.role
        for m in chain.moves
        if m.onward and m.role in OFFICER_ROLES and chain.waiting_role(m.target) == PROVINCE
    )
