"""Human-readable numbers and intervals, shared by the CLI, the reports and LLM notes."""

from __future__ import annotations


def number(value: float) -> str:
    """2828.0 -> '2,828'; 0.35 -> '0.35': figures read as the articles print them."""
    if value == int(value) and abs(value) < 1e18:
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def interval(
    low: float | None,
    high: float | None,
    low_open: bool = False,
    high_open: bool = False,
    unit: str | None = None,
) -> str:
    """'(230, ∞)', '≤ 2,600', '[45, 55]', '= 248': the asserted interval, in math notation."""
    if low is None and high is None:
        text = "unbounded"
    elif low is not None and high is not None and low == high:
        text = f"= {number(low)}"
    elif low is not None and high is None:
        text = f"{'(' if low_open else '['}{number(low)}, ∞)"
    elif low is None and high is not None:
        text = f"{'<' if high_open else '≤'} {number(high)}"
    else:
        assert low is not None and high is not None
        left, right = ("(" if low_open else "["), (")" if high_open else "]")
        text = f"{left}{number(low)}, {number(high)}{right}"
    return f"{text} {unit}" if unit else text
