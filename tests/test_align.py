from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from figcheck.align import align, check_span, verify
from figcheck.align._fold import fold, fold_quote
from figcheck.errors import GroundingError
from figcheck.models import Alignment

REPORT = (
    "KYIV, Ukraine — Ukraine’s air force said Russia launched 72 drones and\n"
    "three missiles overnight, and that air defences shot down 64 of the drones.\n"
    "“We lost  power in two districts,” the mayor said. Officials in Kyiv said\n"
    "about fifty people were evacuated; on Sunday about fifty people were evacuated\n"
    "again from the same block.\n"
    "The strike was the largest since March\u00a02023, when 81 missiles hit the grid.\n"
)


@pytest.mark.parametrize(
    ("quote", "expected", "alignment"),
    [
        ("72 drones and\nthree missiles", "72 drones and\nthree missiles", Alignment.exact),
        # straight quotes from the model, curly in the article
        (
            "Ukraine's air force said Russia launched 72 drones",
            "Ukraine’s air force said Russia launched 72 drones",
            Alignment.normalised,
        ),
        # collapsed whitespace and newline
        (
            "72 drones and three missiles",
            "72 drones and\nthree missiles",
            Alignment.normalised,
        ),
        (
            '"We lost power in two districts,"',
            "“We lost  power in two districts,”",
            Alignment.normalised,
        ),
        # hyphen for an em dash with spaces around it
        (
            "Kyiv, Ukraine - Ukraine's air force",
            "KYIV, Ukraine — Ukraine’s air force",
            Alignment.normalised,
        ),
        # case and a no-break space
        (
            "since march 2023, when 81 missiles",
            "since March\u00a02023, when 81 missiles",
            Alignment.normalised,
        ),
        # a dropped word
        (
            "air defences shot down 64 drones",
            "air defences shot down 64 of the drones",
            Alignment.fuzzy,
        ),
        # "Kiev" for "Kyiv"
        (
            "Officials in Kiev said about fifty people",
            "Officials in Kyiv said\nabout fifty people",
            Alignment.fuzzy,
        ),
        # a typo
        (
            "air defences shot dwn 64 of the drones",
            "air defences shot down 64 of the drones",
            Alignment.fuzzy,
        ),
    ],
)
def test_align_finds_original_span(quote: str, expected: str, alignment: Alignment) -> None:
    span = align(quote, REPORT)
    assert span.alignment is alignment
    assert REPORT[span.start : span.end] == expected
    assert span.score >= 85.0


@pytest.mark.parametrize(
    "quote",
    [
        "Russia launched 70 drones and three missiles",  # number changed: not the same claim
        "air defences shot down sixty of the drones",  # number word for digits
        "The central bank raised its key rate to 16 percent",  # invented
        "the 64",  # too short to guess
        "",
    ],
)
def test_align_refuses_to_guess(quote: str) -> None:
    span = align(quote, REPORT)
    assert span.alignment is Alignment.ungrounded
    assert (span.start, span.end) == (-1, -1)
    assert not span.grounded


@pytest.mark.parametrize("which", [0, 1])
def test_repeated_phrase_uses_hint(which: int) -> None:
    phrase = "about fifty people were evacuated"
    first = REPORT.index(phrase)
    second = REPORT.index(phrase, first + 1)
    target = (first, second)[which]
    span = align(phrase, REPORT, hint=target + 3)
    assert (span.start, span.end) == (target, target + len(phrase))
    assert span.alignment is Alignment.exact


def test_repeated_phrase_without_hint_takes_first() -> None:
    phrase = "about fifty people were evacuated"
    assert align(phrase, REPORT).start == REPORT.index(phrase)


def test_fuzzy_repeated_phrase_uses_hint() -> None:
    text = (
        "On Monday, 120 Ukrainian soldiers were returned home, officials said.\n"
        + "Filler sentence about the weather and the front line. " * 20
        + "On Friday, 120 Ukrainian soldiers were returned home, officials said.\n"
    )
    quote = "120 Ukrainian soldiers returned home"
    second = text.rindex("120 Ukrainian")
    span = align(quote, text, hint=second)
    assert span.alignment is Alignment.fuzzy
    assert span.start == second
    assert text[span.start : span.end].startswith("120 Ukrainian soldiers")


def test_long_article_fuzzy_grounds_at_right_offsets() -> None:
    filler = "The ministry did not comment on the claims made by the regional governor. "
    target = "Rescuers pulled 17 people from the rubble of the nine-storey building in Dnipro."
    text = filler * 70 + target + " " + filler * 70
    span = align(
        "Rescuers pulled 17 people from rubble of the nine storey building in Dnipro", text
    )
    assert span.alignment in (Alignment.fuzzy, Alignment.normalised)
    assert text[span.start : span.end].startswith("Rescuers pulled 17 people")
    assert text[span.start : span.end].rstrip(".").endswith("Dnipro")


@given(st.text(min_size=1, max_size=300), st.data())
def test_any_substring_aligns_exactly(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    end = data.draw(st.integers(min_value=start + 1, max_value=len(text)))
    quote = text[start:end]
    span = align(quote, text)
    assert span.alignment is Alignment.exact
    assert text[span.start : span.end] == quote


PIECES = ["Kyiv", "said", "—", "–", "-", " ", "\n", "\u00a0", "’", "'", "É", "e", "12", ","]


@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40), st.data())
def test_retyped_substring_aligns_to_folded_equal_span(
    pieces: list[str], data: st.DataObject
) -> None:
    text = "".join(pieces)
    start = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    end = data.draw(st.integers(min_value=start + 1, max_value=len(text)))
    original = text[start:end]
    assume(fold_quote(original))
    # what a model typing the phrase back might produce
    quote = " ".join(original.upper().replace("—", "-").replace("’", "'").split())
    span = align(quote, text)
    assert span.alignment in (Alignment.exact, Alignment.normalised)
    assert fold_quote(text[span.start : span.end]) == fold_quote(quote)


@pytest.mark.parametrize(
    ("quote", "start", "end", "ok"),
    [
        ("72 drones", REPORT.index("72 drones"), REPORT.index("72 drones") + 9, True),
        ("72 drones", REPORT.index("72 drones") + 1, REPORT.index("72 drones") + 10, False),
        ("72 drones", -1, 8, False),
        ("72 drones", 0, len(REPORT) + 5, False),
    ],
)
def test_verify(quote: str, start: int, end: int, ok: bool) -> None:
    assert verify(quote, REPORT, start, end) is ok


def test_check_span_says_where_the_quote_is() -> None:
    right = REPORT.index("81 missiles")
    with pytest.raises(GroundingError, match=rf"claims.jsonl:3: .*occurs at {right}:{right + 11}"):
        check_span("81 missiles", REPORT, right + 2, right + 13, where="claims.jsonl:3")
    check_span("81 missiles", REPORT, right, right + 11)


@given(st.text(max_size=200))
def test_fold_maps_every_character_back_in_order(text: str) -> None:
    folded = fold(text)
    assert len(folded.text) == len(folded.starts) == len(folded.ends)
    assert list(folded.starts) == sorted(folded.starts)
    assert all(0 <= s < e <= len(text) for s, e in zip(folded.starts, folded.ends, strict=True))
