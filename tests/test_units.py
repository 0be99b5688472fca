"""Units (pint), currencies (ISO 4217 via pycountry) and relative figures, as news writes them."""

from __future__ import annotations

import pytest

from figcheck.normalise.figures import find_figures, parse_figure
from figcheck.normalise.money import currency_code
from figcheck.normalise.relative import tally_side
from figcheck.normalise.units import (
    canonical,
    compatible,
    convert,
    family,
    is_physical,
    known,
    symbol,
    unit_after,
)


@pytest.mark.parametrize(
    ("spelling", "unit"),
    [
        ("km", "kilometer"),
        ("kilometres", "kilometer"),
        ("Miles", "mile"),
        ("mph", "mile / hour"),
        ("km/h", "kilometer / hour"),
        ("kWh", "kilowatt_hour"),
        ("GB", "gigabyte"),
        ("Nm", "newton_meter"),
        ("hp", "horsepower"),
        ("°C", "degree_Celsius"),
        ("°F", "degree_Fahrenheit"),
        ("square metres", "meter ** 2"),
        ("sq km", "kilometer ** 2"),
        ("gigatonnes", "gigametric_ton"),
        ("tonnes", "metric_ton"),
        ("percentage points", "percentage_point"),
        ("points", "index_point"),
        ("kilometer", "kilometer"),  # a canonical name maps to itself
        ("people", None),
        ("days", "day"),
    ],
)
def test_news_spellings_become_pint_names(spelling: str, unit: str | None) -> None:
    assert canonical(spelling) == unit


@pytest.mark.parametrize(
    ("value", "source", "target", "expected"),
    [
        (366, "kilometer", "mile", 227.4),
        (40, "degree_Celsius", "degree_Fahrenheit", 104.0),
        (104, "degree_Fahrenheit", "degree_Celsius", 40.0),
        (1.2, "gigawatt", "megawatt", 1200.0),
        (0.2, "ratio", "percent", 20.0),
        (2000, "foot", "meter", 609.6),
        # a news decade is ten years (pint's own "decade" is a factor of ten)
        (3, canonical("decades"), "year", 30.0),
        (2, canonical("centuries"), "year", 200.0),
    ],
)
def test_convert_between_compatible_units(
    value: float, source: str, target: str, expected: float
) -> None:
    result = convert(value, source, target)
    assert result is not None
    assert result == pytest.approx(expected, abs=0.05)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("kilometer", "kilogram"),
        ("gigabyte", "percent"),  # both dimensionless to pint, but not shares of one thing
        ("percent", "percentage_point"),  # 3 points of a rate are not 3 % of it
        ("USD", "EUR"),  # no exchange rates: money converts only within its currency
        ("fold", "percent"),
        (None, "kilometer"),
    ],
)
def test_incompatible_units_do_not_convert(a: str | None, b: str) -> None:
    assert not compatible(a, b)
    if a is not None:
        assert convert(1.0, a, b) is None


def test_units_known_physical_and_symbols() -> None:
    assert known("kilometer") and known("USD") and not known("km") and not known("people")
    assert is_physical("mile") and not is_physical("percent") and not is_physical("fold")
    assert (symbol("kilometer"), symbol("degree_Celsius")) == ("km", "°C")


@pytest.mark.parametrize(
    ("text", "pos", "found"),
    [
        ("40C (104F)", 2, ("degree_Celsius", 3)),
        ("366 kilometres away", 3, ("kilometer", 14)),
        ("5G network", 1, None),  # a glued letter other than C or F is a name, not a unit
        ("5 t of", 1, None),  # a lone letter after a space is a word
        ("5 people", 1, None),
    ],
)
def test_unit_after_a_number(text: str, pos: int, found: tuple[str, int] | None) -> None:
    assert unit_after(text, pos) == found


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("$", "USD"),
        ("US$", "USD"),
        ("A$", "AUD"),
        ("$A", "AUD"),
        ("HK$", "HKD"),
        ("€", "EUR"),
        ("£", "GBP"),
        ("¥", "JPY"),
        ("rupees", "INR"),
        ("yuan", "CNY"),
        ("Australian dollars", "AUD"),
        ("Hong Kong dollars", "HKD"),
        ("Singapore dollars", "SGD"),
        ("pound sterling", "GBP"),
        ("Swiss francs", "CHF"),
        ("chf", "CHF"),  # an ISO code, from pycountry's list
        ("Yuan Renminbi", "CNY"),  # an ISO name
        ("widgets", None),
    ],
)
def test_currency_codes(spelling: str, code: str | None) -> None:
    assert currency_code(spelling) == code


@pytest.mark.parametrize(
    ("phrase", "value", "unit"),
    [
        ("A$2.3 billion", 2.3e9, "AUD"),
        ("$A450 million", 4.5e8, "AUD"),
        ("US$80 million", 8e7, "USD"),
        ("HK$5.6 billion", 5.6e9, "HKD"),
        ("€1.2bn", 1.2e9, "EUR"),
        ("¥13 trillion", 13e12, "JPY"),
        ("60 billion rupees", 60e9, "INR"),
        ("2.1 billion Australian dollars", 2.1e9, "AUD"),
        ("CHF 400 million", 4e8, "CHF"),
        ("366 km", 366, "kilometer"),
        ("13.5 kWh", 13.5, "kilowatt_hour"),
        ("700 Nm", 700, "newton_meter"),
        ("256GB", 256, "gigabyte"),
        ("40C", 40, "degree_Celsius"),
        ("2,000 square metres", 2000, "meter ** 2"),
        ("36 gigatonnes", 36, "gigametric_ton"),
        ("-2.5%", -2.5, "percent"),
        ("−0.3%", -0.3, "percent"),
        ("minus 18 degrees", -18, "degree"),
        ("down 1.4 points", -1.4, "index_point"),
        ("3 percentage points", 3, "percentage_point"),
        ("one in five adults", 0.2, "ratio"),
        ("three out of every 10 schools", 0.3, "ratio"),
        ("sixfold", 6, "fold"),
        ("2.5-fold", 2.5, "fold"),
        ("doubled", 2, "fold"),
        ("halved", 0.5, "fold"),
        ("three times higher", 3, "fold"),
        ("₹500 crore", 5e9, "INR"),
        ("Rs 1,200 crores", 1.2e10, "INR"),
        ("2.5 lakh", 2.5e5, None),
        ("1.5 lakhs", 1.5e5, None),
        ("2 trillion won", 2e12, "KRW"),
        ("3 million rand", 3e6, "ZAR"),
        ("20 petabytes", 20, "petabyte"),
    ],
)
def test_figures_carry_canonical_units(phrase: str, value: float, unit: str | None) -> None:
    figure = parse_figure(phrase)
    assert figure is not None
    assert figure.value == pytest.approx(value)
    assert figure.unit == unit


@pytest.mark.parametrize(
    ("phrase", "low", "high"),
    [("roughly one in four households", 0.225, 0.275), ("about one in ten", 0.09, 0.11)],
)
def test_about_a_ratio_is_hedged(phrase: str, low: float, high: float) -> None:
    figure = parse_figure(phrase)
    assert figure is not None
    assert figure.qualifier.value == "about"
    assert (figure.low, figure.high, figure.unit) == (pytest.approx(low), high, "ratio")


@pytest.mark.parametrize(
    "text",
    [
        "Score 4-2 at half time.",  # a score's second number is no negative
        "Kyiv - 5 people died.",  # a dash between words is punctuation
        "The 2014-2022 period.",
        "They fell 3% on Monday.",  # a verb of change keeps the size of the fall positive
        "Officials locked down two districts.",  # "down" of a phrasal verb before a count
        "Rebels shot down 3 drones.",
    ],
)
def test_no_sign_where_none_is_written(text: str) -> None:
    assert all((f.figure.value or 0) >= 0 for f in find_figures(text))


@pytest.mark.parametrize("text", ["He won one in 2014.", "visited three times last year"])
def test_not_ratios_or_multipliers(text: str) -> None:
    assert all(f.figure.unit not in ("ratio", "fold") for f in find_figures(text))


def test_vote_tally_is_two_counts_for_and_against() -> None:
    text = "The council voted 9-3 to close the library."
    counts = [f for f in find_figures(text) if f.role == "count"]
    assert [f.figure.value for f in counts] == [9, 3]
    sides = [tally_side(text, f.start, f.end) for f in counts]
    assert sides == ["for", "against"]
    assert tally_side("The final score was 9-3.", 20, 21) is None


def test_basis_points_are_hundredths_of_a_percentage_point() -> None:
    """ "75 basis points" and "0.75 percentage points" state one rate change."""
    figure = parse_figure("a 75-basis-point hike")
    assert figure is not None and figure.unit == "basis_point"
    assert compatible("basis_point", "percentage_point")
    assert convert(75, "basis_point", "percentage_point") == pytest.approx(0.75)
    assert not compatible("basis_point", "percent")


@pytest.mark.parametrize("text", ["He paid 3 won for it.", "Team A 3 won the match."])
def test_won_after_a_bare_number_is_the_verb(text: str) -> None:
    """Only a scale word makes "won" money: "2 trillion won" is, "3 won" is not."""
    figures = [m.figure for m in find_figures(text)]
    assert figures and all(f.unit is None for f in figures)


@pytest.mark.parametrize(
    ("text", "quote", "low", "high"),
    [
        ("Prices nearly doubled last year.", "nearly doubled", None, 2.0),
        ("Sales more than tripled.", "more than tripled", 3.0, None),
        ("Profits rose about threefold.", "about threefold", 2.7, 3.3),
        ("Sales doubled.", "doubled", 2.0, 2.0),
    ],
)
def test_a_qualifier_bounds_a_multiplier(
    text: str, quote: str, low: float | None, high: float | None
) -> None:
    (match,) = [m for m in find_figures(text) if m.figure.unit == "fold"]
    assert text[match.start : match.end] == quote
    assert match.figure.low == (pytest.approx(low) if low is not None else None)
    assert match.figure.high == (pytest.approx(high) if high is not None else None)


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("gusts of 250 km per hour", ["kilometer / hour"]),
        ("winds of up to 209 kilometres (130 miles) per hour", ["kilometer / hour", "mile / hour"]),
        ("winds of 195 kilometres an hour", ["kilometer / hour"]),
        ("a road 40 km long", ["kilometer"]),
    ],
)
def test_a_length_per_hour_is_a_speed(text: str, units: list[str]) -> None:
    """ "250 km per hour" is a wind speed, as "250 km/h" is; the "per hour" after a
    conversion's bracket belongs to both figures."""
    assert [f.figure.unit for f in find_figures(text)] == units


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("kilometer", "mile", True),
        ("basis_point", "percentage_point", True),
        ("percent", "ratio", True),
        ("percent", "percentage_point", False),
        ("USD", "EUR", False),
        ("gigabyte", "percent", False),
        ("kilometer", "kilogram", False),
    ],
)
def test_a_unit_family_holds_exactly_the_units_that_convert(a: str, b: str, same: bool) -> None:
    """link blocks claims by family: a family wider than `compatible` would join units the
    cross-checker cannot compare, a narrower one would keep km and miles apart."""
    assert (family(a) == family(b)) is same is compatible(a, b)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The storm dumped 20in of rain.", 20.0, "inch"),
        ("He bought a 55in TV.", 55.0, "inch"),
        ("Some 20 in the city died.", 20.0, None),
    ],
)
def test_in_is_inches_only_glued_to_its_digits(text: str, value: float, unit: str | None) -> None:
    (figure,) = [f.figure for f in find_figures(text) if f.role == "count"]
    assert (figure.value, figure.unit) == (value, unit)
