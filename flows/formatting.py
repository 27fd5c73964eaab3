"""Dates and times as Vietnamese users read them: dd/mm/yyyy, 24-hour, Asia/Ho_Chi_Minh."""

from __future__ import annotations

import datetime as dt

# Vietnam has no daylight saving time, so a fixed offset is exact and needs no tz database.
VN_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")


def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(VN_TZ)


def format_date(moment: dt.datetime) -> str:
    return local(moment).strftime("%d/%m/%Y")


def format_datetime(moment: dt.datetime) -> str:
    return local(moment).strftime("%d/%m/%Y %H:%M")


def format_stars(stars: int) -> str:
    return f"{'⭐' * stars} ({stars} sao)"
