"""Effects of the officers' figures (the /stats answer, the monthly report, the dashboard's
login link) and the events they feed back (handlers/stats_effects.py)."""

from __future__ import annotations

from dataclasses import dataclass

# The plan's targets for the year (seed §I.3).
TARGET_CERTIFIED_3_4 = 50
TARGET_CERTIFIED_4_PLUS = 10
TARGET_NEW_ORGANISATIONS = 10
TARGET_SALES_POINTS = (3, 5)
TARGET_PRODUCTS_2019 = 72  # certified 3-4 stars in 2019: kept under management, upgraded
PRODUCTS_2019_YEAR = 2019
UPGRADED_STARS = 4  # "upgraded to 4-5 stars"


@dataclass(frozen=True)
class Attendance:
    """Trainings held and how many producers and officers attended them (attendances: a
    person at two trainings counts twice; nobody's name is taken)."""

    sessions: int = 0
    producers: int = 0
    officers: int = 0


@dataclass(frozen=True)
class Managed2019:
    """The products of the 2019 list (imported, not withdrawn): with a certificate in force
    or lapsed, and how many are now 4 stars or more (in force)."""

    total: int = 0
    valid: int = 0
    expired: int = 0
    upgraded: int = 0


@dataclass(frozen=True)
class StatsFigures:
    """Today's figures against the plan. A figure nothing records yet is None."""

    district: str | None  # the district they cover (None: the province)
    certified_3_4: int
    certified_4_plus: int
    organisations: int
    new_organisations: int
    sales_points: int  # the province's (its target is the province's)
    districts_with_sales_point: int
    ideas_by_stage: tuple[tuple[str, int], ...]  # (state id, count), in the lifecycle's order
    ideas_by_district: tuple[tuple[str, int], ...]  # (district code, count); "": none
    products_by_stars: tuple[tuple[int, int], ...]  # (stars, products)
    trained: Attendance = Attendance()  # this year's trainings, in the area
    # This year's "Tôi sẽ tham gia" to training announcements (flows/announcement.py).
    will_attend: int = 0
    products_2019: Managed2019 = Managed2019()


@dataclass(frozen=True)
class MonthlyRow:
    """One district's month (`district`: its code; "" for what no district owns)."""

    district: str
    received: int = 0
    forwarded: int = 0
    selected: int = 0
    appraised: int = 0
    approved: int = 0
    plans_approved: int = 0
    evaluated: int = 0
    certified: int = 0
    stamps_issued: int = 0
    stamps_checked: int = 0
    counterfeit_checks: int = 0
    trainings: int = 0  # trainings held in the month, and their attendance
    trained_producers: int = 0
    trained_officers: int = 0


@dataclass(frozen=True)
class MonthlyReport:
    month: str  # "2020-03"
    rows: tuple[MonthlyRow, ...]
    total: MonthlyRow
    # The 2019 list at the month's end, per district code, and the whole of it.
    products_2019: tuple[tuple[str, Managed2019], ...] = ()
    products_2019_total: Managed2019 = Managed2019()


@dataclass(frozen=True)
class LoadStats:
    """Today's figures for `district` (None: the whole province)."""

    district: str | None


@dataclass(frozen=True)
class StatsLoaded:
    figures: StatsFigures
    chart: str | None  # the chart's stored photo (SHA-256); None when it could not be drawn


@dataclass(frozen=True)
class LoadMonthlyReport:
    """The month's report, with its XLSX written for the chat (district names of `structure`,
    headers in `lang`)."""

    month: str  # "2020-03"
    district: str | None
    structure: str
    lang: str


@dataclass(frozen=True)
class MonthlyReportLoaded:
    report: MonthlyReport
    link: str  # where the officer downloads the XLSX (the dashboard, after logging in)
    document: str | None = None  # the XLSX written for the chat (an absolute path)


@dataclass(frozen=True)
class MakeDashboardLink:
    """A one-time login link to the web dashboard for the person asking."""


@dataclass(frozen=True)
class DashboardLinkMade:
    url: str
    minutes: int  # how long the link works


ReportEffect = LoadStats | LoadMonthlyReport | MakeDashboardLink
