"""Human-readable renderings shared by the CLI and the reports."""

from __future__ import annotations


def number(value: float) -> str:
    """2828.0 -> '2,828'; 0.5 -> '0.5' (thousands separators, no spurious decimals)."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.2f}"


def interval(
    low: float | None, high: float | None, low_open: bool = False, high_open: bool = False
) -> str:
    """Intervals as a reviewer reads them: '= 248', '> 230', '≤ 2,600', '[45, 55]'."""
    if low is not None and high is not None:
        if low == high:
            return f"= {number(low)}"
        return f"{'(' if low_open else '['}{number(low)}, {number(high)}{')' if high_open else ']'}"
    if low is not None:
        return f"{'>' if low_open else '≥'} {number(low)}"
    if high is not None:
        return f"{'<' if high_open else '≤'} {number(high)}"
    return "unknown"
