"""Units of measurement as news writes them, read and converted by pint.

pint knows the units and how they convert; this module knows how reporters
spell them ("km", "kilometres", "sq km", "°C", "kWh", "Nm", "gigatonnes") and
turns each spelling into pint's own name for the unit ("kilometer",
"degree_Celsius", "kilowatt_hour", "newton * meter"). That name is a claim's
canonical `unit`; its interval is stated in it, and `convert` moves figures
between compatible units so "366 km" can be checked against "227 miles".

Only the spellings listed here are read as units after a number: pint's
parser accepts almost any word ("5 days", "3 m" of anything), and a news
figure followed by a word is far more often a count of that word. The
registry is built once, on first use (it takes a few tenths of a second).
"""

from __future__ import annotations

import math
import re
import string
from functools import cache, lru_cache

import pint

# figcheck's own dimensionless units: shares and relative figures.
# "percentage_point" is its own dimension: 3 points of a rate are not 3 % of it.
# "ratio" converts with percent ("one in five" is 20 %); "fold" is a multiplier of a base.
_DEFINITIONS = (
    "percentage_point = [percentage_point] = pp",
    "basis_point = 0.01 * percentage_point = bps",
    "index_point = [index_point]",
    "ratio = 1",
    "fold = [multiple] = times",
    "newton_meter = newton * meter = Nm",
    # pint's own "decade" is a factor of ten (a logarithmic ratio); in news it is ten years
    "decade_of_years = 10 * year",
)

# news spelling (lower case) -> pint expression; plurals and British spellings included
_SPELLINGS: dict[str, str] = {
    # length
    **dict.fromkeys(("km", "kms", "kilometer", "kilometers", "kilometre", "kilometres"), "km"),
    **dict.fromkeys(("mile", "miles", "mi"), "mile"),
    **dict.fromkeys(("meter", "meters", "metre", "metres"), "m"),
    **dict.fromkeys(("cm", "centimeter", "centimeters", "centimetre", "centimetres"), "cm"),
    **dict.fromkeys(("mm", "millimeter", "millimeters", "millimetre", "millimetres"), "mm"),
    **dict.fromkeys(("ft", "foot", "feet"), "ft"),
    **dict.fromkeys(("inch", "inches", "in."), "inch"),
    **dict.fromkeys(("yard", "yards", "yd"), "yard"),
    **dict.fromkeys(("nautical mile", "nautical miles"), "nautical_mile"),
    # area
    **dict.fromkeys(
        ("sq km", "sqkm", "km2", "km²", "square kilometer", "square kilometers",
         "square kilometre", "square kilometres"), "km**2"),
    **dict.fromkeys(
        ("sq m", "m2", "m²", "square meter", "square meters", "square metre", "square metres"),
        "m**2"),
    **dict.fromkeys(("sq mi", "square mile", "square miles"), "mile**2"),
    **dict.fromkeys(("sq ft", "square foot", "square feet"), "ft**2"),
    **dict.fromkeys(("hectare", "hectares", "ha"), "hectare"),
    **dict.fromkeys(("acre", "acres"), "acre"),
    # mass
    **dict.fromkeys(("kg", "kilo", "kilos", "kilogram", "kilograms", "kilogramme",
                     "kilogrammes"), "kg"),
    **dict.fromkeys(("g", "gram", "grams", "gramme", "grammes"), "g"),
    **dict.fromkeys(("lb", "lbs", "pound", "pounds"), "lb"),
    **dict.fromkeys(("oz", "ounce", "ounces"), "oz"),
    **dict.fromkeys(("tonne", "tonnes", "metric ton", "metric tons", "t"), "metric_ton"),
    **dict.fromkeys(("megatonne", "megatonnes", "megaton", "megatons", "mt"), "megametric_ton"),
    **dict.fromkeys(("gigatonne", "gigatonnes", "gigaton", "gigatons", "gt"), "gigametric_ton"),
    # speed
    **dict.fromkeys(("mph", "miles per hour", "miles an hour"), "mile/hour"),
    **dict.fromkeys(
        ("kph", "km/h", "kmh", "km/hr", "kilometers per hour", "kilometres per hour",
         "kilometres an hour", "kilometers an hour"), "km/hour"),
    **dict.fromkeys(("knot", "knots"), "knot"),
    # energy, power, torque, data
    **{p + s: p.upper().replace("K", "k") + "Wh" for p in ("k", "m", "g", "t")
       for s in ("wh",)},
    **dict.fromkeys(("kilowatt-hour", "kilowatt-hours", "kilowatt hour", "kilowatt hours"),
                    "kWh"),
    **dict.fromkeys(("megawatt-hour", "megawatt-hours", "megawatt hours"), "MWh"),
    **dict.fromkeys(("gigawatt-hour", "gigawatt-hours", "gigawatt hours"), "GWh"),
    **dict.fromkeys(("terawatt-hour", "terawatt-hours", "terawatt hours"), "TWh"),
    **{p: p[0].lower() + "W" if p[0] == "k" else p[0].upper() + "W" for p in ("kw", "mw", "gw")},
    **dict.fromkeys(("kilowatt", "kilowatts"), "kW"),
    **dict.fromkeys(("megawatt", "megawatts"), "MW"),
    **dict.fromkeys(("gigawatt", "gigawatts"), "GW"),
    **dict.fromkeys(("hp", "bhp", "horsepower"), "hp"),
    **dict.fromkeys(("nm", "newton-metre", "newton-metres", "newton-meter", "newton-meters",
                     "newton metres", "newton meters"), "Nm"),
    **dict.fromkeys(("kb", "kilobyte", "kilobytes"), "kB"),
    **dict.fromkeys(("mb", "megabyte", "megabytes"), "MB"),
    **dict.fromkeys(("gb", "gigabyte", "gigabytes"), "GB"),
    **dict.fromkeys(("tb", "terabyte", "terabytes"), "TB"),
    **dict.fromkeys(("pb", "petabyte", "petabytes"), "PB"),
    **dict.fromkeys(("exabyte", "exabytes"), "EB"),
    # volume
    **dict.fromkeys(("litre", "litres", "liter", "liters"), "liter"),
    **dict.fromkeys(("gallon", "gallons"), "gallon"),
    **dict.fromkeys(("barrel", "barrels", "bbl"), "barrel"),
    **dict.fromkeys(("cubic metre", "cubic metres", "cubic meter", "cubic meters", "m3", "m³"),
                    "m**3"),
    # temperature
    **dict.fromkeys(("°c", "ºc", "c", "degrees celsius", "degree celsius", "celsius",
                     "degrees centigrade", "degrees c"), "degC"),
    **dict.fromkeys(("°f", "ºf", "f", "degrees fahrenheit", "degree fahrenheit", "fahrenheit",
                     "degrees f"), "degF"),
    **dict.fromkeys(("degree", "degrees"), "degree"),  # no scale named: not converted
    # time (a duration's unit; read from the words after a figure, never by the figure pattern)
    **dict.fromkeys(("second", "seconds"), "second"),
    **dict.fromkeys(("minute", "minutes", "mins"), "minute"),
    **dict.fromkeys(("hour", "hours", "hrs"), "hour"),
    **dict.fromkeys(("day", "days"), "day"),
    **dict.fromkeys(("week", "weeks"), "week"),
    **dict.fromkeys(("month", "months"), "month"),
    **dict.fromkeys(("year", "years"), "year"),
    **dict.fromkeys(("decade", "decades"), "decade_of_years"),
    **dict.fromkeys(("century", "centuries"), "century"),
    # shares and relative figures
    **dict.fromkeys(("%", "percent", "per cent", "pc"), "percent"),
    **dict.fromkeys(("percentage point", "percentage points", "pp"), "percentage_point"),
    **dict.fromkeys(
        ("basis point", "basis points", "basis-point", "basis-points", "bps"), "basis_point"
    ),
    **dict.fromkeys(("points", "point"), "index_point"),
}  # fmt: skip


def _pattern(spellings: list[str]) -> str:
    def one(s: str) -> str:
        return r"\s?".join(re.escape(w) for w in s.split(" ")) if " " in s else re.escape(s)

    return "|".join(one(s) for s in sorted(spellings, key=len, reverse=True))


# Symbols the figure pattern takes into a figure after its number ("366 km", "20 °C",
# "10 kWh"). Units written as words ("366 kilometres") are read by unit_after and stay
# outside the figure, so the extractor still finds the noun phrase they start.
_SYMBOLS = (
    "km", "kms", "cm", "mm", "ft", "lb", "lbs", "oz", "kg", "mph", "kph", "km/h", "kmh",
    "kwh", "mwh", "gwh", "twh", "kw", "mw", "gw", "hp", "bhp", "gb", "tb", "°c", "°f", "ºc",
    "ºf", "sq km", "sqkm", "km2", "km²", "sq m", "m2", "m²", "sq mi", "sq ft", "m3", "m³",
    "bbl",
)  # fmt: skip
# "20in of rain", "a 55in screen": "in" is inches only glued to its digits ("20 in the
# city" is a preposition), so it is a symbol of the figure pattern, never a spelling
# unit_after reads
_GLUED_ONLY = {"in": "inch"}
MEASURE_PATTERN = "(?:" + _pattern(list(_SYMBOLS)) + r"|(?-i:Nm)|(?<=\d)in(?![\w.]))"
_AFTER = re.compile(
    r"[\s\u00a0-]*(" + _pattern([s for s in _SPELLINGS if s not in ("%", "pc")]) + r")(?![\w°])",
    re.IGNORECASE,
)
_CASED = {"c": "degC", "f": "degF", "mt": "megametric_ton", "gt": "gigametric_ton"}


@cache
def registry() -> pint.UnitRegistry[float]:
    """pint's registry with figcheck's units, built once on first use."""
    ureg: pint.UnitRegistry[float] = pint.UnitRegistry()
    for definition in _DEFINITIONS:
        ureg.define(definition)
    return ureg


@lru_cache(maxsize=1024)
def canonical(spelling: str) -> str | None:
    """pint's name for a unit as news spells it: 'kilometres' -> 'kilometer'; unknown -> None.

    A name that is already canonical ('kilometer', 'degree_Celsius') maps to itself.
    """
    words = " ".join(spelling.strip().split())
    key = words.lower()
    expr = _SPELLINGS.get(key) or _GLUED_ONLY.get(key)
    if expr is None and len(words) <= 3 and words.upper() == words:
        expr = _CASED.get(key)
    if expr is None:
        try:
            unit = registry().parse_units(words)
        except (pint.errors.PintError, ValueError, TypeError, AttributeError, SyntaxError):
            return None
        name = str(unit)
        return name if name == words.replace(" ", "") or name == words else None
    return str(registry().parse_units(expr))


_LEAD = re.compile(r"[\s\u00a0-]*")
_WORD_UNITS = [s for s in _SPELLINGS if s not in ("%", "pc")]
# _AFTER split by the first letter of its spellings (same order within each), so a match
# tries the few spellings that can start there, not all of them: an ASCII letter folds
# only to ASCII letters, and no spelling starts with a space or hyphen (checked below)
_AFTER_BY_FIRST = {
    first: re.compile(
        "(" + _pattern([s for s in _WORD_UNITS if s[0].lower() == first]) + r")(?![\w°])",
        re.IGNORECASE,
    )
    for first in {s[0].lower() for s in _WORD_UNITS if s[0].isascii()}
}
if any(_LEAD.fullmatch(s[0]) for s in _WORD_UNITS):
    raise ValueError("a unit spelling starts with a space or hyphen: _AFTER_BY_FIRST misses it")
if any(  # "K" (kelvin sign) or "ſ" would match an ASCII letter without being filed under it
    re.fullmatch(re.escape(s[0]), letter, re.IGNORECASE)
    for s in _WORD_UNITS
    if not s[0].isascii()
    for letter in string.ascii_letters
):
    raise ValueError("a unit spelling starts with a letter that folds to ASCII")


def _after(text: str, pos: int) -> re.Match[str] | None:
    """_AFTER.match(text, pos), trying only the spellings that start with the next letter."""
    at = _LEAD.match(text, pos).end()  # type: ignore[union-attr]  # "*" always matches
    first = text[at : at + 1]
    if not first.isascii():
        return _AFTER.match(text, pos)
    pattern = _AFTER_BY_FIRST.get(first.lower())
    return None if pattern is None else pattern.match(text, at)


def unit_after(text: str, pos: int) -> tuple[str, int] | None:
    """The unit written right after a number at `pos` ("366 kilometres"), and where it ends.

    Single letters count only when written as symbols: "20C", "68F"; "5 m" is metres.
    """
    m = _after(text, pos)
    if m is None:
        return None
    word = m.group(1)
    if len(word) == 1 and word.isalpha() and (m.start(1) != pos or word not in "CF"):
        return None  # "5 t", "5G": of single letters only "40C" and "104F" are unit symbols
    unit = canonical(word)
    return (per_hour(text, m.end(1), unit) or unit, m.end(1)) if unit else None


def per_hour(text: str, pos: int, unit: str | None) -> str | None:
    """A length followed by "per hour" is a speed: "250 km per hour", and "209 kilometres
    (130 miles) per hour" for both figures, the "per hour" after the conversion's bracket."""
    speed = _SPEEDS.get(unit or "")
    return speed if speed and _PER_HOUR.match(text, pos) else unit


_SPEEDS = {canonical("km"): canonical("km/h"), canonical("miles"): canonical("mph")}
_PER_HOUR = re.compile(r"\s*(?:\)\s*|\([^()]{1,30}\)\s*)?(?:per|an|a)\s+hour\b", re.IGNORECASE)


def unit_named_after(text: str, pos: int) -> str | None:
    """The canonical unit named right after a figure ending at `pos` ("90 minutes"), if any.

    For a claim's `unit` when the figure itself carries none; the words stay outside
    the figure, so spans are unchanged.
    """
    found = unit_after(text, pos)
    return found[0] if found else None


@lru_cache(maxsize=1024)
def dimension(unit: str) -> str | None:
    """What a unit measures, as pint names it ('[length]'); None for an unknown unit.

    Memoised: pint parses a unit in 10-40 us, and the reader asks again for every claim.
    """
    try:
        return str(registry().parse_units(unit).dimensionality)
    except (pint.errors.PintError, ValueError, TypeError, AttributeError, SyntaxError):
        return None


_SHARES = frozenset({"percent", "ratio"})


def known(unit: str | None) -> bool:
    """A canonical unit: pint's name for one, or an ISO 4217 code (upper case, three letters)."""
    if unit is None:
        return False
    if len(unit) == 3 and unit.isupper():
        return True
    return dimension(unit) is not None and canonical(unit) == unit


def compatible(a: str | None, b: str | None) -> bool:
    """Whether figures in unit a can be stated in unit b (km and miles; °C and °F).

    pint calls data sizes, percent and ratio all dimensionless; of those only
    shares (percent and ratio) convert into each other.
    """
    if a is None or b is None:
        return False
    if a == b:
        return True
    da, db = dimension(a), dimension(b)
    if da is None or da != db:
        return False
    if da == "dimensionless":
        return a in _SHARES and b in _SHARES
    return True


def family(unit: str | None) -> str | None:
    """One name for every unit `compatible` with `unit`: "75 basis points" and "three-quarters
    of a percentage point", "366 km" and "227 miles" may state one quantity, and the
    cross-checker converts between them. A currency, a data size or an unknown unit is its
    own family (no exchange rate is known; pint calls bytes dimensionless)."""
    if unit is None:
        return None
    if unit in _SHARES:
        return "share"
    d = dimension(unit)
    return unit if d is None or d == "dimensionless" else d


def convert(value: float, source: str, target: str) -> float | None:
    """`value` in unit `source` stated in unit `target`, or None when they do not convert."""
    if not compatible(source, target):
        return None
    if source == target:
        return value
    quantity = registry().Quantity(value, source).to(target)
    result = float(quantity.magnitude)
    return result if math.isfinite(result) else None


def convert_difference(value: float, source: str, target: str) -> float | None:
    """A difference of `value` in `source` stated in `target`: "warmer by 0.4 °C (0.72 °F)"
    is 0.4 × 1.8, not 0.4 °C read as a temperature (32.7 °F). None when the units have
    no offset (a difference converts as the value does) or do not convert."""
    if not compatible(source, target) or source == target:
        return None
    zero = registry().Quantity(0, source)
    if zero._is_multiplicative:
        return None
    delta = registry().Quantity(value, source) - zero
    result = float(delta.to(f"delta_{target}").magnitude)
    return result if math.isfinite(result) else None


def is_physical(unit: str | None) -> bool:
    """A unit of measurement (length, mass, temperature...): its figures are not counts."""
    if unit is None:
        return False
    d = dimension(unit)
    relative = ("[percentage_point]", "[index_point]", "[multiple]")
    return d is not None and d != "dimensionless" and not any(r in d for r in relative)


def symbol(unit: str) -> str:
    """A short form for reports: 'kilometer' -> 'km', 'degree_Celsius' -> '°C'."""
    try:
        return f"{registry().parse_units(unit):~P}" or unit
    except (pint.errors.PintError, ValueError, TypeError, AttributeError, SyntaxError):
        return unit


__all__ = [
    "MEASURE_PATTERN",
    "canonical",
    "compatible",
    "convert",
    "dimension",
    "is_physical",
    "known",
    "registry",
    "symbol",
    "unit_after",
    "unit_named_after",
]
