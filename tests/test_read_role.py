"""A figure's role beside its quantity's level: previous value, change, forecast or plan."""

from __future__ import annotations

import datetime as dt

import pytest

from figcheck.models import Article
from figcheck.pipeline import check
from figcheck.read._role import read_role

CASES = [
    # a belittling word before the size of a change, alone or before a hedge
    (
        "Its share of the vote went up by only around 2%, yet it won 411 seats.",
        "around 2%",
        "change",
    ),
    ("The index fell a mere 1.4 points on Friday.", "1.4 points", "change"),
    ("Labour won only 33.8% of the vote.", "33.8%", None),
    # a figure restating the one before it (", or 1%") has its role
    ("The Dow rose 303.7 points, or 1%, to 30,668.53.", "1%", "change"),
    ("The Dow rose 303.7 points, or 1%, to 30,668.53.", "30,668.53", None),
    ("About 50 people, or 10%, were hurt.", "10%", None),
    ("By the close the S&P 500 had risen about 1.5% to 3,789.91.", "about 1.5%", "change"),
    # "added" moves a market only before points or percent; before a count it is speech
    ("The Dow added about 300 points, or 1%, closing at 30,668.27.", "about 300 points", "change"),
    ("He added 50 people were hurt.", "50 people", None),
    ("The unemployment rate rose to 3.8% from 3.5% in July.", "3.8%", None),
    ("The unemployment rate rose to 3.8% from 3.5% in July.", "3.5%", "previous"),
    ("Inflation eased to 3.2%, compared with 4.1% a year earlier.", "4.1%", "previous"),
    ("Inflation eased to 3.2%, compared with 4.1% a year earlier.", "3.2%", None),
    ("Claims rose by 250 to 237,500 last week.", "250", "change"),
    ("Claims rose by 250 to 237,500 last week.", "237,500", None),
    ("Payrolls for July were revised down by 30,000 to 157,000.", "30,000", "change"),
    ("Payrolls for July were revised down by 30,000 to 157,000.", "157,000", None),
    ("Average wages rose 0.2 percent in August.", "0.2 percent", "change"),
    ("Shares were down 1.4 percent on Monday.", "1.4 percent", "change"),
    ("a 0.2 percent rise in wages", "0.2 percent", "change"),
    ("The Fed approved a 75-basis-point rate hike.", "75", "change"),
    ("Analysts see a 0.5 percentage-point cut.", "0.5", "change"),
    ("The rate stands 75 basis points above May's.", "75", None),
    ("The law raising the retirement age from 62 to 64 passed.", "62", "previous"),
    ("The law raising the retirement age from 62 to 64 passed.", "64", None),
    ("The bank lifted its rate from 4.5% to 4.75%.", "4.5%", "previous"),
    ("Aid came from 62 countries.", "62", None),
    ("At least 60 have died, up from the official figure of 41.", "41", "previous"),
    ("Aid came from a total of 62 countries.", "62", None),
    # a distance after a verb of movement that says where, not how far a quantity moved
    ("The boat sank about 80km (50 miles) from the coastal town of Pylos.", "80km", None),
    ("It overturned and sank some 50 miles south-west of Pylos.", "50 miles", None),
    ("The river rose 2 metres from its normal level.", "2 metres", "change"),
    ("The rate rose 0.2 percent from July.", "0.2 percent", "change"),
    ("Payrolls have grown by an average of 271,000 a month.", "271,000", "average"),
    ("Each household spends $300 on average.", "$300", "average"),
    ("Employers added 187,000 jobs in August.", "187,000", None),
    (
        "Permission had been granted for 8,000 people, but more than 2.5 lakh came.",
        "8,000",
        "expected",
    ),
    (
        "Permission had been granted for 8,000 people, but more than 2.5 lakh came.",
        "2.5 lakh",
        None,
    ),
    ("Lakhs packed a venue for which only 80,000 had been allowed.", "80,000", "expected"),
    ("The stadium has a capacity of 50,000.", "50,000", "expected"),
    ("Economists had expected 170,000 jobs.", "170,000", "expected"),
    (
        "Economists polled by Refinitiv had been looking for 170,000 new jobs.",
        "170,000",
        "expected",
    ),
    (
        "Employers added 187,000 jobs, more than the 170,000 economists had expected.",
        "170,000",
        "expected",
    ),
    (
        "Employers added 187,000 jobs, more than the 170,000 economists had expected.",
        "187,000",
        None,
    ),
    ("Hamas will free 50 hostages over four days.", "50", "expected"),
    ("The truce would leave an estimated 190 still held.", "an estimated 190", "expected"),
    # levels, whatever surrounds them
    ("Hamas freed 13 hostages on Friday, the army said.", "13", None),
    ("As many as 2,000 people may have died, officials said.", "2,000", None),
    ("The toll rose to 2,122 on Monday.", "2,122", None),
    ("Wages were 4.3 percent higher than a year ago.", "4.3 percent", None),
    ("The gunmen were killed by 3 soldiers.", "3", None),
    ("At least 300 people were evacuated from 12 villages.", "12", None),
    ("Up to 300 people died.", "300", None),
    ("Museveni locked down two districts on Saturday.", "two districts", None),
    (
        "Aid groups say these will barely dent the needs of the 2.3 million Palestinians.",
        "2.3 million",
        None,
    ),
]


@pytest.mark.parametrize(("text", "quote", "role"), CASES)
def test_role_is_read_from_the_figures_own_clause(text: str, quote: str, role: str | None) -> None:
    start = text.index(quote)
    assert read_role(text, start, start + len(quote)) == role


def test_a_previous_value_is_never_linked_with_the_level_it_changed_from() -> None:
    """ "rose to 3.8% from 3.5%" beside "the rate was 3.5%" elsewhere: only the levels meet."""
    day = dt.date(2023, 9, 1)
    articles = [
        Article(
            id="a",
            published=day,
            text="The jobless rate rose to 3.8% from 3.5%, the Labor Department said.",
        ),
        Article(
            id="b", published=day, text="The jobless rate was 3.6%, the Labor Department said."
        ),
    ]
    report = check(articles, "rules")
    keys = {c.quote: c.key for c in report.claims}
    roles = {c.quote: c.reading.role for c in report.claims if c.reading}
    assert roles["3.5%"] == "previous"
    assert keys["3.8%"] == keys["3.6%"] != keys["3.5%"]
    flagged = [f for f in report.findings if f.verdict.value == "inconsistent"]
    assert [sorted(f.claims) for f in flagged] == [
        sorted(c.id for c in report.claims if c.quote in ("3.8%", "3.6%"))
    ]


def test_added_more_is_the_same_change_as_added() -> None:
    """ "added 187,000 more jobs" and "added 170,000 jobs": the verb already counts a change."""
    day = dt.date(2023, 9, 1)
    report = check(
        [
            Article(
                id="a",
                published=day,
                text="US employers added 187,000 more jobs in August, the Labor Department said",
            ),
            Article(
                id="b",
                published=day,
                text="US employers added 170,000 jobs in August, the Labor Department said.",
            ),
        ],
        "rules",
    )
    keys = {c.quote: c.key for c in report.claims}
    assert [c.reading.subset for c in report.claims if c.reading] == [None, None]
    assert keys["187,000 more jobs"] == keys["170,000 jobs"]


def test_a_month_is_not_a_march() -> None:
    report = check(
        [
            Article(
                id="a",
                published=dt.date(2023, 9, 1),
                text="The rate was 62.8 percent, the highest since March.",
            )
        ],
        "rules",
    )
    assert [c.reading.action for c in report.claims if c.reading] == [None]


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("Analysts saw a 2.5% drop in output on Tuesday.", "2.5%"),
        ("The board approved a 3 percent increase in fares.", "3 percent"),
    ],
)
def test_a_change_named_after_the_figure_inside_its_quote(text: str, quote: str) -> None:
    """The words right after the figure ("a 2.5% drop") say it is a change, even when the
    claim's quote runs on over them."""
    article = Article(id="r", text=text, published=dt.date(2022, 6, 15))
    claims = check([article], "rules").claims
    claim = next(c for c in claims if c.quote.startswith(quote))
    assert claim.reading is not None and claim.reading.role == "change"
