"""Interval arithmetic with qualifier semantics and rounding tolerance.

How a stated figure becomes something to compare (quoted in reports):

- exact, more_than, at_least, fewer_than, at_most: the claim's interval as
  stated; open bounds are strict ("more than 230" excludes 230).
- nearly X: at most X, and not far below it: at least X − 10 % of X, the spec's
  "a little under N (within about 10 %)". "nearly 2,600" allows [2,340, 2,600],
  "nearly 40 years" [36, 40] (one unit of the last digit, [30, 40], let "nearly
  three decades" meet it).
- about X: the claim's interval (±10 % by the spec).
- Rounding: a round figure stated loosely ("nearly", a vague word, or a bare
  number with two or more trailing zeros, e.g. "300 soldiers"; "about" is
  already ±10 % and gets nothing more), and a share or a decimal given to its
  last digit ("51 percent", "21.8%"; a whole share to the percent, so "30
  percent" is no rounded 28) may be
  off by half a unit of its last significant digit (rounding half up: "15
  million" allows [14.5, 15.5) million, so it never meets "16 million"), and
  never by more than 10 % of it, what "about" allows ("100 basis points" may
  be a rounded 96, never 75; "300 soldiers" a rounded 287, never 250); that
  slack is used only
  when the strict intervals miss each other, and the finding says so. It never
  widens an open bound ("more than") nor the upper bound of "nearly".
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from figcheck.models import Claim, Qualifier

_LOOSE = (Qualifier.about, Qualifier.nearly, Qualifier.vague)
_MOST_ROUNDING = 0.1  # of the figure: rounding slack never exceeds what "about" allows


@dataclass(frozen=True)
class Interval:
    """A set of possible values; None bounds are unbounded, open bounds excluded."""

    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False

    @classmethod
    def point(cls, value: float) -> Interval:
        return cls(value, value)

    def intersect(self, other: Interval) -> Interval | None:
        """The common part, or None when the two cannot both hold."""
        low, low_open = _tighter_low(self, other)
        high, high_open = _tighter_high(self, other)
        if (
            low is not None
            and high is not None
            and (low > high or (low == high and (low_open or high_open)))
        ):
            return None
        return Interval(low, high, low_open, high_open)

    def __add__(self, other: Interval) -> Interval:
        low = None if self.low is None or other.low is None else self.low + other.low
        high = None if self.high is None or other.high is None else self.high + other.high
        return Interval(
            low, high, self.low_open or other.low_open, self.high_open or other.high_open
        )

    def __sub__(self, other: Interval) -> Interval:
        low = None if self.low is None or other.high is None else self.low - other.high
        high = None if self.high is None or other.low is None else self.high - other.low
        return Interval(
            low, high, self.low_open or other.high_open, self.high_open or other.low_open
        )

    def scale(self, factor: float) -> Interval:
        low = None if self.low is None else self.low * factor
        high = None if self.high is None else self.high * factor
        return Interval(low, high, self.low_open, self.high_open)

    def within(self, other: Interval) -> bool:
        """Every value of self satisfies other."""
        return self.intersect(other) == self

    @property
    def width(self) -> float:
        if self.low is None or self.high is None:
            return math.inf
        return self.high - self.low

    @property
    def bounded(self) -> bool:
        return self.low is not None and self.high is not None

    def text(self) -> str:
        """Readable form: "230", "> 230", "≤ 2600", "[45, 55]"."""
        if self.low is not None and self.low == self.high:
            return fmt(self.low)
        if self.low is None and self.high is None:
            return "any value"
        if self.high is None:
            return f"{'>' if self.low_open else '≥'} {fmt(self.low)}"
        if self.low is None:
            return f"{'<' if self.high_open else '≤'} {fmt(self.high)}"
        left = "(" if self.low_open else "["
        right = ")" if self.high_open else "]"
        return f"{left}{fmt(self.low)}, {fmt(self.high)}{right}"


def _tighter_low(a: Interval, b: Interval) -> tuple[float | None, bool]:
    if a.low is None:
        return b.low, b.low_open
    if b.low is None or a.low > b.low:
        return a.low, a.low_open
    if b.low > a.low:
        return b.low, b.low_open
    return a.low, a.low_open or b.low_open


def _tighter_high(a: Interval, b: Interval) -> tuple[float | None, bool]:
    if a.high is None:
        return b.high, b.high_open
    if b.high is None or a.high < b.high:
        return a.high, a.high_open
    if b.high < a.high:
        return b.high, b.high_open
    return a.high, a.high_open or b.high_open


def fmt(value: float | None) -> str:
    """2598.0 -> "2598", 3.5 -> "3.5"."""
    if value is None:
        return "?"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:g}"


def stated(claim: Claim) -> float | None:
    """The number as written: the bound the qualifier hangs on."""
    if claim.value is not None:
        return claim.value
    if claim.qualifier in (Qualifier.nearly, Qualifier.fewer_than, Qualifier.at_most):
        return claim.high
    if claim.qualifier == Qualifier.about and claim.low is not None and claim.high is not None:
        return (claim.low + claim.high) / 2
    return claim.low if claim.low is not None else claim.high


@lru_cache(maxsize=65536)
def unit_of(value: float) -> float:
    """One unit of the last significant digit: 2600 -> 100, 230 -> 10, 3.5 -> 0.1."""
    if value == 0:
        return 1.0
    exponent = Decimal(repr(abs(value))).normalize().as_tuple().exponent
    return float(10 ** int(exponent)) if isinstance(exponent, int) else 1.0


def half_unit(value: float) -> float:
    """Half a unit of the last significant digit, never more than what "about" allows:
    "366" may stand for 365.5-366.5, "100" for 90-110 (not 50-150)."""
    return min(unit_of(value) / 2, _MOST_ROUNDING * abs(value))


def strict(claim: Claim) -> Interval:
    """What the statement asserts (module docstring), before any rounding slack."""
    return _strict(
        claim.low,
        claim.high,
        claim.low_open,
        claim.high_open,
        claim.qualifier == Qualifier.nearly,
        claim.value,
    )


@lru_cache(maxsize=65536)
def _strict(
    low: float | None,
    high: float | None,
    low_open: bool,
    high_open: bool,
    nearly: bool,
    value: float | None,
) -> Interval:
    if low is None and high is None and value is not None:
        low = high = value
    if nearly and low is None and high is not None:
        low = high - 0.1 * abs(high)
    return Interval(low, high, low_open, high_open)


def rounding(claim: Claim) -> float:
    """Half a unit of the last significant digit where the figure may be rounded, else 0."""
    number = stated(claim)
    if number is None or number == 0:
        return 0.0
    unit = unit_of(number)
    # never more than the spec's "about" (10 %): "100 basis points" may round 96, not 75
    # (a hair under half a unit: in floats 40.18 + 0.005 passes 40.19 - 0.005, and two
    # neighbouring roundings must not meet)
    slack = min(unit / 2, _MOST_ROUNDING * abs(number)) * (1 - 1e-9)
    if claim.qualifier == Qualifier.about:
        # "about 60" is already 54-66 (the spec's ±10 %): what rounding a round figure
        # allows is inside that, and more would make "about 75" meet "roughly 60"
        return 0.0
    if claim.qualifier in _LOOSE:
        return slack
    # a bare round count ("300 soldiers"), a share or a decimal ("51 percent", "21.8%",
    # "3.5"): each is given to its last digit, as a reviewer reads it; "exactly" is not
    if _conversion(claim) and claim.qualifier == Qualifier.exact:
        return min(_two_digits(number) / 2, _MOST_ROUNDING * abs(number)) * (1 - 1e-9)
    rounded = unit >= 100 or unit < 1 or claim.unit == "percent"
    if (
        claim.qualifier == Qualifier.exact
        and rounded
        and "exact" not in claim.quote.lower()
        and "precise" not in claim.quote.lower()
    ):
        if claim.unit == "percent" and unit >= 1:
            # a bare whole share is given to the percent: "30 percent contained" is not
            # a rounded 28 (a round count, "300 soldiers", may be a rounded 287)
            return min(slack, 0.5 * (1 - 1e-9))
        return slack
    return 0.0


def _conversion(claim: Claim) -> bool:
    """A figure restating the one before it in another unit ("150 mph (241 kph)") is
    worked out and rounded by the writer, and no more precise than the figure it
    converts, itself given to two or three digits: "241 kph" and "240 km/h" agree."""
    return claim.reading is not None and claim.reading.converts


def _two_digits(value: float) -> float:
    """One unit of the second significant digit: 241 -> 10, 14 -> 1, 3.66 -> 0.1."""
    return float(10 ** (math.floor(math.log10(abs(value))) - 1))


def loose(claim: Claim) -> Interval:
    """strict() widened on its closed bounds by the rounding slack."""
    return _loose(strict(claim), rounding(claim), claim.qualifier == Qualifier.nearly)


@lru_cache(maxsize=65536)
def _loose(interval: Interval, slack: float, nearly: bool) -> Interval:
    if slack == 0:
        return interval
    low = None if interval.low is None or interval.low_open else interval.low - slack
    high = None if interval.high is None or interval.high_open else interval.high + slack
    high_open = interval.high_open or high is not None  # rounding half up: 15.5 reads "16"
    if nearly:
        high = interval.high  # "nearly X" is below X: its upper bound is the point of the word
        high_open = interval.high_open
    return Interval(
        interval.low if interval.low_open else low,
        interval.high if interval.high_open else high,
        interval.low_open,
        high_open,
    )


@dataclass(frozen=True)
class Fit:
    """Whether two readings can both hold, and whether it took rounding slack."""

    fits: bool
    by_rounding: bool


def fit(a: Interval, b: Interval, a_loose: Interval, b_loose: Interval) -> Fit:
    if a.intersect(b) is not None:
        return Fit(True, False)
    if a_loose.intersect(b_loose) is not None:
        return Fit(True, True)
    return Fit(False, False)


def describe(claim: Claim) -> str:
    """How the claim reads as an interval: "'nearly 2,600' allows [2340, 2600]"."""
    return f"'{claim.quote}' allows {strict(claim).text()}"


def meet(claims: list[Claim], read: Callable[[Claim], Interval] | None = None) -> Interval | None:
    """The values every claim allows (as `read` reads it: `strict` unless told, `loose`
    once round figures may be rounded), or None when they cannot all hold."""
    reader = strict if read is None else read
    common: Interval | None = Interval()
    for claim in claims:
        if common is None:
            return None
        common = common.intersect(reader(claim))
    return common
