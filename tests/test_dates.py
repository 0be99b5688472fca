"""Date expressions from news copy, resolved against the day the article was published."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from figcheck.normalise.dates import find_dates

D = dt.date
WED = D(2024, 1, 3)  # a Wednesday: the 2024-01-03 exchange
SAT = D(2023, 2, 4)  # a Saturday: the 2023-02-04 exchange

# sentence, publication date, expected span, resolved date, granularity, kind
CASES = [
    ("Russia and Ukraine said on Wednesday they had", WED, "on Wednesday", WED, "day", "point"),
    ("Kiev and Moscow said Wednesday's exchange was", WED, "Wednesday's", WED, "day", "point"),
    (
        "left about fifty dead on Friday, followed by",
        WED,
        "on Friday",
        D(2023, 12, 29),
        "day",
        "point",
    ),
    (
        "the city of Belgorod on Saturday (25 dead)",
        WED,
        "on Saturday",
        D(2023, 12, 30),
        "day",
        "point",
    ),
    (
        "and on Tuesday renewed large-scale attacks",
        WED,
        "on Tuesday",
        D(2024, 1, 2),
        "day",
        "point",
    ),
    (
        "the exchange dates back to last August.",
        WED,
        "last August",
        D(2023, 8, 1),
        "month",
        "point",
    ),
    ("Last August, the commissioner said", WED, "Last August", D(2023, 8, 1), "month", "point"),
    (
        "at the end of November, he accused Russia",
        WED,
        "the end of November",
        D(2023, 11, 1),
        "month",
        "point",
    ),
    (
        "expects the West to maintain its economy in 2024",
        WED,
        "in 2024",
        D(2024, 1, 1),
        "year",
        "point",
    ),
    (
        "the first exchange since the summer, after",
        WED,
        "since the summer",
        D(2023, 6, 1),
        "month",
        "since",
    ),
    (
        "In total, since February 24, 2022, “2,828",
        WED,
        "since February 24, 2022",
        D(2022, 2, 24),
        "day",
        "since",
    ),
    (
        "have been exchanged since the Russian attack began in February 2022.",
        WED,
        "since the Russian attack began in February 2022",
        D(2022, 2, 1),
        "month",
        "since",
    ),
    (
        "the Russian army's siege of Mariupol in 2022, according",
        WED,
        "in 2022",
        D(2022, 1, 1),
        "year",
        "point",
    ),
    ("the ministry said on Saturday, as quoted by TASS", SAT, "on Saturday", SAT, "day", "point"),
    (
        "In a surprise move in September, more than 300",
        SAT,
        "in September",
        D(2022, 9, 1),
        "month",
        "point",
    ),
    (
        "Last October, President Sheikh Mohammed",
        SAT,
        "Last October",
        D(2022, 10, 1),
        "month",
        "point",
    ),
    (
        "the latest in January saw Ukraine and Russia",
        SAT,
        "in January",
        D(2023, 1, 1),
        "month",
        "point",
    ),
    ("Two more took place in December and", SAT, "in December", D(2022, 12, 1), "month", "point"),
    (
        "In a defiant comment on Friday night, Zelenskyy",
        SAT,
        "on Friday night",
        D(2023, 2, 3),
        "day",
        "point",
    ),
    (
        "released by Russia's defence ministry on February 4, 2023, shows",
        SAT,
        "on February 4, 2023",
        SAT,
        "day",
        "point",
    ),
    (
        "the largest since Moscow’s invasion last February.",
        SAT,
        "since Moscow’s invasion last February",
        D(2022, 2, 1),
        "month",
        "since",
    ),
    # Other styles.
    (
        "The talks on 24 February 2022 failed",
        SAT,
        "on 24 February 2022",
        D(2022, 2, 24),
        "day",
        "point",
    ),
    ("Prisoners were freed on Feb. 4 after", SAT, "on Feb. 4", SAT, "day", "point"),
    ("The vote on March 3 will", SAT, "on March 3", D(2023, 3, 3), "day", "point"),
    ("Fighting began on December 28 near", SAT, "on December 28", D(2022, 12, 28), "day", "point"),
    ("A statement dated 2023-02-04 said", None, "2023-02-04", SAT, "day", "point"),
    ("A statement dated 4/2/2023 said", None, "4/2/2023", SAT, "day", "point"),
    ("Officials said yesterday that", SAT, "yesterday", D(2023, 2, 3), "day", "point"),
    ("Officials said today that", SAT, "today", SAT, "day", "point"),
    ("Fighting intensified last week around", SAT, "last week", D(2023, 1, 28), "week", "point"),
    ("Prices rose last month by", SAT, "last month", D(2023, 1, 1), "month", "point"),
    ("The deal was agreed last year in", SAT, "last year", D(2022, 1, 1), "year", "point"),
    ("The bridge was hit three days ago", SAT, "three days ago", D(2023, 2, 1), "day", "point"),
    ("Crimea was annexed nine years ago", SAT, "nine years ago", D(2014, 1, 1), "year", "point"),
    ("fighting in the Donbas since 2014, when", SAT, "since 2014", D(2014, 1, 1), "year", "since"),
    ("The talks stalled last Friday, and", SAT, "last Friday", D(2023, 2, 3), "day", "point"),
    ("The talks stalled last Saturday, and", SAT, "last Saturday", D(2023, 1, 28), "day", "point"),
    ("Talks resume next Saturday in", SAT, "next Saturday", D(2023, 2, 11), "day", "point"),
    (
        "The offensive planned for the spring of 2023",
        SAT,
        "the spring of 2023",
        D(2023, 3, 1),
        "month",
        "point",
    ),
    (
        "Attacks rose during the winter, officials",
        SAT,
        "during the winter",
        D(2022, 12, 1),
        "month",
        "point",
    ),
    (
        "Ukraine recaptured Kherson in November 2022.",
        SAT,
        "in November 2022",
        D(2022, 11, 1),
        "month",
        "point",
    ),
    (
        "The war began on 24 February last year.",
        D(2023, 12, 12),
        "on 24 February last year",
        D(2022, 2, 24),
        "day",
        "point",
    ),
    (
        "Exports fell in March this year.",
        SAT,
        "in March this year",
        D(2023, 3, 1),
        "month",
        "point",
    ),
    (
        "Between January and March 2023",
        D(2023, 12, 12),
        "Between January",
        D(2023, 1, 1),
        "month",
        "point",
    ),
    ("The vote on 24 February", D(2023, 12, 12), "on 24 February", D(2023, 2, 24), "day", "point"),
    (
        "Two days ago, and three weeks ago too",
        SAT,
        "three weeks ago",
        D(2023, 1, 14),
        "week",
        "point",
    ),
    # A start named only by its event: cumulative, dated elsewhere if at all.
    (
        "nearly 2,600 held captive since the start of the Russian invasion.",
        WED,
        "since the start of the Russian invasion",
        None,
        "event",
        "since",
    ),
    ("Deaths have risen since the war began.", WED, "since the war began", None, "event", "since"),
    (
        "Prices doubled since the start of the pandemic in March 2020.",
        WED,
        "since the start of the pandemic in March 2020",
        D(2020, 3, 1),
        "month",
        "since",
    ),
    (
        "Wednesday, January 3, 2024 was cold.",
        None,
        "Wednesday, January 3, 2024",
        WED,
        "day",
        "point",
    ),
    (
        "On the 24th of February they met.",
        WED,
        "On the 24th of February",
        D(2023, 2, 24),
        "day",
        "point",
    ),
    ("Since then, in March, talks stalled.", WED, "in March", D(2023, 3, 1), "month", "point"),
    # Without a publication date only expressions carrying a year resolve.
    ("said on Wednesday", None, "on Wednesday", None, "day", "point"),
    ("last August", None, "last August", None, "month", "point"),
    ("since February 24, 2022", None, "since February 24, 2022", D(2022, 2, 24), "day", "since"),
    ("on Feb. 4 after", None, "on Feb. 4", None, "day", "point"),
]


@pytest.mark.parametrize(("text", "published", "span", "date", "granularity", "kind"), CASES)
def test_find_dates(
    text: str,
    published: dt.date | None,
    span: str,
    date: dt.date | None,
    granularity: str,
    kind: str,
) -> None:
    found = {text[m.start : m.end]: m for m in find_dates(text, published)}
    assert span in found, list(found)
    mention = found[span]
    assert (mention.date, mention.granularity, mention.kind) == (date, granularity, kind)
    assert mention.text == span


@pytest.mark.parametrize(
    "text",
    [
        "Protesters march through Kyiv",  # "march" the verb
        "We may see more exchanges",  # "may" the modal
        "2000 people marched",  # a count, not a year
        "The 2000 soldiers left",  # a count before a noun that names no event
        "Prices fall as supply grows",  # "fall" the verb
        "a second exchange",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, SAT) == []


_weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@given(
    st.dates(min_value=D(1990, 1, 1), max_value=D(2060, 12, 31)),
    st.sampled_from(_weekdays),
)
def test_on_weekday_is_the_latest_such_day_not_after_publication(
    published: dt.date, weekday: str
) -> None:
    (mention,) = find_dates(f"The exchange took place on {weekday}.", published)
    assert mention.date is not None
    assert mention.date.strftime("%A") == weekday
    assert 0 <= (published - mention.date).days < 7


_months = ["January", "February", "March", "April", "May", "June", "July", "August"]
_months += ["September", "October", "November", "December"]


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2060, 12, 31)), st.sampled_from(_months))
def test_month_leads(published: dt.date, month: str) -> None:
    (plain,) = find_dates(f"It happened in {month}.", published)
    (last,) = find_dates(f"It happened last {month}.", published)
    assert plain.date is not None and last.date is not None
    this_month = published.replace(day=1)
    assert plain.date <= this_month and (this_month - plain.date).days < 366
    assert last.date < this_month and (this_month - last.date).days <= 366
    assert plain.date.strftime("%B") == last.date.strftime("%B") == month


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("In the 2019 election the party took 57.5%.", 2019),
        ("The 2020 census counted 40 million people.", 2020),
        ("It was worse than the 2012 quake in the area, which killed 81 people.", 2012),
    ],
)
def test_a_year_that_names_its_event_is_a_date_without_a_lead_word(text: str, year: int) -> None:
    found = find_dates(text, dt.date(2024, 6, 2))
    assert [(m.date, m.granularity) for m in found] == [(dt.date(year, 1, 1), "year")]


def test_a_months_possessive_is_a_date_without_a_lead_word() -> None:
    """ "cut July's total to 157,000": the figure is July's, not the month the article leads."""
    text = "August's gain was strong, but the data cut July's total to 157,000."
    found = {m.text: m.date for m in find_dates(text, dt.date(2023, 9, 1))}
    assert found.get("July") == dt.date(2023, 7, 1)
    assert "march" not in {m.text.lower() for m in find_dates("the march began", None)}


@pytest.mark.parametrize(
    "text", ["NEW DELHI, February 1: Hamas freed 3", "New Delhi, Feb 1: Hamas"]
)
def test_a_dateline_day_before_a_colon_is_a_date(text: str) -> None:
    """A dateline's "Feb 1:" is a date; only "3:30" after a month word would be a time."""
    (mention,) = find_dates(text, dt.date(2025, 2, 3))
    assert mention.date == dt.date(2025, 2, 1)


def test_a_fractional_count_of_years_ago_names_no_day() -> None:
    """ "two and a half years ago" is no whole number of years: no day is made up for it
    (it once read as "two years ago"); "three years ago" still resolves."""
    text = "It happened two and a half years ago, and again three years ago."
    found = {m.text: m.date for m in find_dates(text, dt.date(2024, 1, 1))}
    assert found == {"two and a half years ago": None, "three years ago": dt.date(2021, 1, 1)}
