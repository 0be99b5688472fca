"""Calendar arithmetic against a publication date: which August, which Friday.

News writes dates relative to the day it is published; every rule that picks
one calendar date for a relative phrase lives here, once.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3,
    "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
# First month of each (northern) season; "since the summer" starts on June 1.
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


def month_number(name: str) -> int:
    return MONTHS[name.strip(". ").lower()[:3]]


def month_for(month: int, lead: str, published: dt.date) -> dt.date:
    """A month named without a year.

    "last August": the most recent August strictly before the publication
    month; "next March": the first March after it; "this June": the
    publication year's; anything else ("in August", "since August"): the most
    recent August on or before the publication month.
    """
    year = published.year
    if lead == "last":
        year -= month >= published.month
    elif lead == "next":
        year += month <= published.month
    elif lead != "this":
        year -= month > published.month
    return dt.date(year, month, 1)


def day_for(month: int, day: int, published: dt.date) -> dt.date | None:
    """A day named without a year ("Feb. 4"): its latest occurrence on or before publication.

    News reports what happened; the exception is a day in the coming month
    ("the vote on March 3" in early February), which reads as upcoming.
    """
    past: dt.date | None = None
    for year in (published.year + 1, published.year, published.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if 0 < (candidate - published).days <= UPCOMING_DAYS:
            return candidate
        if candidate <= published and past is None:
            past = candidate
    return past


UPCOMING_DAYS = 31


def weekday_for(weekday: int, lead: str, published: dt.date) -> dt.date:
    """ "on Friday": the most recent Friday on or before publication (the same day if it is one).

    "last Friday" is strictly before it, "next Friday" strictly after, and
    "this Friday" on or after.
    """
    back = (published.weekday() - weekday) % 7
    ahead = (weekday - published.weekday()) % 7
    if lead == "last":
        return published - dt.timedelta(days=back or 7)
    if lead == "next":
        return published + dt.timedelta(days=ahead or 7)
    if lead == "this":
        return published + dt.timedelta(days=ahead)
    return published - dt.timedelta(days=back)


def season_for(month: int, lead: str, published: dt.date) -> dt.date:
    """ "since the summer": the start of the most recent summer that began on or before publication.

    "last summer" is the one before the season publication falls in; "this
    summer" the publication year's; "next summer" the first one after.
    """
    start = dt.date(published.year, month, 1)
    if start > published:
        start = start.replace(year=start.year - 1)
    in_season = published < start + relativedelta(months=3)
    if lead == "last" and in_season:
        return start.replace(year=start.year - 1)
    if lead == "next":
        return start.replace(year=start.year + 1)
    if lead == "this" and not in_season:
        return start.replace(year=start.year + 1)
    return start


def shift(published: dt.date, unit: str, amount: int) -> tuple[dt.date, str]:
    """`amount` units before (negative: after) publication, at the unit's granularity.

    Months and years resolve to their first day, as every month-level date does;
    weeks keep the day they land on and say "week".
    """
    if unit == "day":
        return published - dt.timedelta(days=amount), "day"
    if unit == "week":
        return published - dt.timedelta(weeks=amount), "week"
    if unit == "month":
        return (published - relativedelta(months=amount)).replace(day=1), "month"
    return dt.date(published.year - amount, 1, 1), "year"
