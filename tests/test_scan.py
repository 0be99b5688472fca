"""The one-pass scan finds exactly what running every pattern over the whole text finds.

find_figures runs its patterns only at candidate starts and inside windows
around anchors (normalise/_scan.py); the reference runs each pattern over the
whole text. Both must agree on every figure (span, role, interval, rule), on
the bundled datasets, on hostile shapes and on generated text.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from figcheck.ingest import load_articles
from figcheck.normalise._qualifiers import PREFIXES
from figcheck.normalise._scan import (
    SINCE_STEMS,
    WINDOW_REACH,
    cased,
    finditer_folded,
    finditer_stems,
    folded,
    last_words,
    may_hold,
    scan,
    windows,
)
from figcheck.normalise.dates import find_dates
from figcheck.normalise.figures import _find_figures, find_figures

DATASETS = Path(__file__).resolve().parents[1] / "evals" / "datasets"


def _reference(text: str) -> list[object]:
    return list(_find_figures(text, (), None, None))


def _dataset_texts() -> list[str]:
    folders = [DATASETS / name for name in ("seeds", "dev", "holdout", "news-dev", "news-test")]
    return [a.text for a in load_articles([f for f in folders if f.is_dir()])]


def test_same_figures_on_every_bundled_article() -> None:
    texts = _dataset_texts()
    assert len(texts) > 40
    figures = 0
    for text in texts:
        found = find_figures(text)
        assert found == _reference(text)
        figures += len(found)
    assert figures > 500  # the comparison covered real figures, not empty lists


HOSTILE = [
    "There were " + "1-" * 300 + "2 people.",
    "1% " * 200,
    "Mr. A. B. C. said 230 people. " * 20,
    "COVID-19-related-deaths-in-the-region-rose-to-" * 10 + "40 people",
    "Photo\n\n1 of 12\nThe flood on Feb.\n24 killed more than\n\n\n230 people",
    "about" + " " * 500 + "fifty people and 24\nof\nFebruary and 3  per   cent",
    "x" * 2000 + "5" + "y" * 2000 + " ~ 12 US$ 4bn, between 3 and\t5, two-thirds of the vote",
    "No. 10 and Article 5; 10:30 a.m. on 4/2/2023, 2023-02-04, 24/7, F-16 and 2S7",
    "IN EXCESS OF 20 people; ſeven hundred; ٣ people; twenty‑one; ⅔ of voters",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_same_figures_on_hostile_shapes(text: str) -> None:
    assert find_figures(text) == _reference(text)


def _w(words: str) -> list[str]:
    return words.split()


WORDS = [
    *PREFIXES,
    *_w("230 1,200 2.5 1990s 5m $ US$ A$ € £ % per cent percentage points million bn thousand"),
    *_w("a an half of the two-thirds one-third dozen dozens scores several few handful number"),
    *_w("quarter Thirds three-quarters ſixth HALF"),
    *_w("fifty-two hundred and between to or more -odd + Feb. February 24 24th 10:30 am p.m."),
    *_w("10.30pm 5PM 7 A.M. a.m P.M camp 4x4 3D 10km in out every five IN Out ten"),
    *_w("Photo 1 of 12 No. Article Flight mid-2022 COVID-19 F-16 2S7 4/2/2023 2023-02-04 24/7"),
    *_w("people were killed said on Wednesday since last year ago ( ) , . ; : “ ” - —"),
]
GAPS = [" ", "", "  ", "\n", "-", ", ", "\n\n", "\t", ". "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GAPS)), max_size=40))
def test_same_figures_on_generated_text(parts: list[tuple[str, str]]) -> None:
    text = "".join(w + g for w, g in parts)
    assert find_figures(text) == _reference(text)


LABEL_WORDS = [
    *_w("Flight flight magnitude magnitude- Magnitude of at no. No. level killed freed hurts"),
    *_w("the people were x7 _killed Akilled kills 2 ( — \u00a0 \u2003 \n"),
    *_w("since Since the end of beginning start middle mid- mid late- early on in of by"),
    *_w("rose edged up shut down more than an estimated a further rise of vs. about EDGED"),
]


def _last_word_cases() -> list[tuple[re.Pattern[str], int]]:
    from figcheck.extractors import _measure, rules
    from figcheck.normalise import dates
    from figcheck.read import _role

    return [
        (_measure._VERB_BEFORE, 1),
        (rules._LABEL_BEFORE, 2),
        (dates._LEAD, 3),
        (_role._MOVED_BEFORE, 4),
        (_role._MOVED_LOWER, 4),
        (_role._CHANGE_BEFORE, 5),
    ]


LAST_WORDS_PHRASES = [
    "the toll, after a rise of an estimated ",
    "prices edged up more than ",
    "sales rose by about ",
    "x Flight ",
    "a magnitude of ",
    "the 6.1 magnitude- ",
    "it was said at the end of ",
    "the minister was freed\n",
]


@pytest.mark.parametrize("text", LAST_WORDS_PHRASES)
def test_searches_from_the_last_words_on_phrases(text: str) -> None:
    for pattern, words in _last_word_cases():
        whole = pattern.search(text)
        quick = pattern.search(text, last_words(text, 0, len(text), words))
        assert (quick and quick.span()) == (whole and whole.span()), pattern.pattern


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(LABEL_WORDS), st.sampled_from(GAPS)), max_size=12),
    st.integers(0, 20),
)
def test_searches_from_the_last_words_find_what_the_whole_search_finds(
    parts: list[tuple[str, str]], pos: int
) -> None:
    """A pattern that ends with n words and the space after them, searched from last_words."""
    text = "".join(w + g for w, g in parts)
    pos = min(pos, len(text))
    for pattern, words in _last_word_cases():
        for end in range(pos, len(text) + 1):
            whole = pattern.search(text, pos, end)
            quick = pattern.search(text, last_words(text, pos, end, words), end)
            assert (quick and quick.span()) == (whole and whole.span())


def _assert_masks_needs_hold(text: str) -> None:
    """Every match of a mask (or date pattern) holds what it needs, inside the match: the
    needs are searched for in the windows the pattern runs in (Scan.within), skipped where
    not."""
    from figcheck.normalise import dates
    from figcheck.normalise._figpatterns import MASKS

    pairs = [(mask.pattern, mask.needs) for mask in MASKS]
    patterns = [pattern for _, pattern, _ in dates._PATTERNS]
    pairs += list(zip(patterns, [a.needs for a in dates._ANCHORS], strict=True))
    for pattern, needs in pairs:
        if needs is not None:
            for m in pattern.finditer(text):
                assert needs.search(m.group()), (pattern.pattern, m.group())


def test_masks_needs_hold_on_bundled_and_hostile_texts() -> None:
    for text in [*_dataset_texts(), *HOSTILE]:
        _assert_masks_needs_hold(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GAPS)), max_size=40))
def test_masks_needs_hold_on_generated_text(parts: list[tuple[str, str]]) -> None:
    _assert_masks_needs_hold("".join(w + g for w, g in parts))


def _assert_masks_open_where_the_scan_says(text: str) -> None:
    """A mask with `opens` is tried only at the offsets the scan names for it: it finds
    there every match a search of the whole text finds."""
    from figcheck.normalise._figpatterns import MASKS
    from figcheck.normalise._scan import finditer_at
    from figcheck.normalise.figures import _OPENINGS

    scanned = scan(text)
    for mask in MASKS:
        if mask.opens is not None:
            quick = finditer_at(mask.pattern, text, _OPENINGS[mask.opens](scanned))
            whole = list(mask.pattern.finditer(text))
            assert [m.span() for m in quick] == [m.span() for m in whole], mask.opens


OPENING_WORDS = [
    *_w("24 24th 3rd of February Feb. Sept. AugustFebruary xMarch May mayor 2022 1. 2) (3)"),
    *_w("• > * - 12 of 30 Photo people killed on Friday, March 4 and 10:30"),
]


def test_masks_open_where_the_scan_says_on_bundled_and_hostile_texts() -> None:
    for text in [*_dataset_texts(), *HOSTILE]:
        _assert_masks_open_where_the_scan_says(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(OPENING_WORDS), st.sampled_from(GAPS)), max_size=30))
def test_masks_open_where_the_scan_says_on_generated_text(parts: list[tuple[str, str]]) -> None:
    _assert_masks_open_where_the_scan_says("".join(w + g for w, g in parts))


@given(st.text(alphabet="1aB -.,%$\n of", max_size=200))
def test_windows_end_at_whitespace_and_cover_their_anchors(text: str) -> None:
    s = scan(text)
    spans = windows(s, s.digits)
    for lo, hi in spans:
        assert lo == 0 or text[lo - 1].isspace()
        assert hi == len(text) or text[hi].isspace()
    for (_, hi), (lo, _) in itertools.pairwise(spans):
        assert hi < lo  # merged: no two windows touch
    for i in s.digits:
        assert any(lo <= s.starts[i] and s.ends[i] <= hi for lo, hi in spans)
    assert WINDOW_REACH >= 3


def test_same_dates_on_every_bundled_article() -> None:
    articles = load_articles([DATASETS / "news-dev", DATASETS / "news-test"])
    mentions = 0
    for article in articles:
        found = find_dates(article.text, article.published)
        assert found == find_dates(article.text, article.published, False)
        mentions += len(found)
    assert mentions > 100


DATE_WORDS = _w(
    "on Wednesday Wednesday's night last August since February 24, 2022 the 24th of Feb. 2023"
    " in spring of 2022 fall yesterday today this year next week 3 years ago two hundred days"
    " 2023-02-04 4/2/2023 Sept. 5 May mayor 1990s 2014-15 AugustFebruary ofWednesdaySept."
    " since_the_war since the war Since the invasion began ago AGO years_ago"
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(DATE_WORDS), st.sampled_from(GAPS)), max_size=30))
def test_same_dates_on_generated_text(parts: list[tuple[str, str]]) -> None:
    text = "".join(w + g for w, g in parts)
    published = dt.date(2024, 3, 6)
    assert find_dates(text, published) == find_dates(text, published, False)


def test_sentences_without_a_cue_word_have_no_attribution() -> None:
    """The rules extractor skips attribution search where no cue word stands (rules._build)."""
    from figcheck.extractors._attribution import CUE_WORDS, find_attributions
    from figcheck.extractors._sentences import split_sentences

    skipped = found = 0
    for text in _dataset_texts():
        s = scan(text)
        cues = {s.starts[i] for i in s.anchored(CUE_WORDS)}
        for sentence in split_sentences(text):
            attributions = find_attributions(text, sentence.start, sentence.end)
            found += len(attributions)
            if not any(sentence.start <= c < sentence.end for c in cues):
                skipped += 1
                assert attributions == []
    assert skipped > 100 and found > 100


def test_attributions_tried_at_cue_words_only() -> None:
    """find_attributions given the sentence's cue tokens finds what its own search finds."""
    from figcheck.extractors._attribution import CUE_WORDS, find_attributions
    from figcheck.extractors._sentences import split_sentences

    odd = "X_said 5. An estimated. \u0130t s\u0131id, citing \u0130stanbul police"
    odd += ", said the ministry, ”  Said Police,  added Mr Smith,said, \u2003SAID x"
    texts = [*_dataset_texts(), " ".join(FOLD_WORDS), odd]
    for text in texts:
        s = scan(text)
        cues = [s.starts[i] for i in s.anchored(CUE_WORDS)]
        for sentence in split_sentences(text):
            here = [c for c in cues if sentence.start <= c < sentence.end]
            expected = find_attributions(text, sentence.start, sentence.end)
            assert find_attributions(text, sentence.start, sentence.end, here) == expected


# Case-blind patterns run case-sensitively over lower-cased text (normalise._scan.folded)
# and skipped where a word they need is absent (may_hold): both must find what the
# case-blind pattern finds, on letters that fold oddly too ("İ", "ı", "ſ", the Kelvin sign).
FOLD_WORDS = [
    *_w("said Said SAID killed KILLED rose Rose ROSE fell up down by from versus of"),
    *_w("Ukrainians ukrainian Russians hostage hostages released İstanbul ıt ſaid kılled"),
    *_w("\u212ailled Σ ς σ ’ “ ” — 5 12 per cent expected EXPECTED plans to total"),
    *_w("in total so far toll Annually a year crowd Crowd of OF according to citing"),
    *_w("overall Overall altogether tally TALLY totalling all ALL date cumulatively"),
    *_w("death toll count Count population turnout number numbers of voters"),
    *_w("km kilometres Miles °C º \u00a0 mph - 40C 104F m t sq km2 hours DAYS percent"),
    *_w("minus MINUS m\u0131nus − DOWN by"),
    *_w("since Since SINCE ſince then"),
]


def _fold_cases() -> list[tuple[re.Pattern[str], tuple[str, ...]]]:
    from figcheck.extractors import _attribution, _measure, rules
    from figcheck.normalise import dates, relative
    from figcheck.read import _quantity, _role

    return [
        (rules._SINCE_BEFORE, SINCE_STEMS),
        (dates._SINCE_BEFORE, SINCE_STEMS),
        (relative._SIGN, relative._SIGN_STEMS),
        (relative._DOWN, relative._SIGN_STEMS),
        (_measure._CUMULATIVE, _measure._CUMULATIVE_STEMS),
        (_measure._BACKGROUND, _measure._BACKGROUND_STEMS),
        (_measure._SUMMED, _measure._SUMMED_STEMS),
        (_measure._TOLL_BEFORE, _measure._TOLL_STEMS),
        (_attribution._ACCORDING, ("according", "citing")),
        (_quantity._ANY_ACTION, ()),
        (_quantity._DEMONYM_RE, ()),
        (_role._MOVED_BEFORE, ()),
        (_role._EXPECTED, _role._EXPECTED_STEMS),
        (_role._PREVIOUS_BEFORE, _role._PREVIOUS_BEFORE_STEMS),
        (_role._CHANGE_BEFORE, _role._CHANGE_BEFORE_STEMS),
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(FOLD_WORDS), st.sampled_from(GAPS)), max_size=30))
def test_folded_patterns_find_what_the_case_blind_ones_find(parts: list[tuple[str, str]]) -> None:
    text = "".join(w + g for w, g in parts)
    for blind, stems in _fold_cases():
        found = [m.span() for m in blind.finditer(text)]
        if blind.flags & re.IGNORECASE and not stems:
            assert finditer_folded(blind, cased(blind), text) == found
        if stems and found:
            assert may_hold(text, stems)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Kıev said", None), ("İstanbul", None), ("ſaid", None), ("Said ’x’", "said ’x’")],
)
def test_folded_refuses_letters_that_fold_apart(text: str, expected: str | None) -> None:
    assert folded(text) == expected


def test_cased_refuses_a_pattern_with_capitals() -> None:
    with pytest.raises(ValueError, match="lower-case ASCII"):
        cased(re.compile(r"\bSaid\b", re.IGNORECASE))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(FOLD_WORDS), st.sampled_from(GAPS)), max_size=12))
def test_unit_words_by_first_letter_match_as_the_whole_pattern(
    parts: list[tuple[str, str]],
) -> None:
    from figcheck.normalise import units

    text = "".join(w + g for w, g in parts)
    for pos in range(len(text) + 1):
        quick, whole = units._after(text, pos), units._AFTER.match(text, pos)
        assert (quick and quick.span(1)) == (whole and whole.span(1))


COLLECTIVE_WORDS = [
    *_w("a an the crowd Crowd of OF oF toll army the their 40 ’ Ukrainian"),
    "crowd of",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(COLLECTIVE_WORDS), st.sampled_from(GAPS)), max_size=12))
def test_collective_of_is_looked_for_wherever_it_can_be(parts: list[tuple[str, str]]) -> None:
    from figcheck.extractors import _span

    text = "".join(w + g for w, g in parts)
    for hi in range(len(text) + 1):  # every figure start, with the window widen() reads
        if _span._COLLECTIVE_BEFORE.search(text, max(0, hi - 40), hi):
            assert _span._after_of(text, max(0, hi - 40), hi)


def _before_by_steps(text: str, lo: int, verb_start: int) -> tuple[int, int] | None:
    """_attribution._before as it was written: stepping back a character at a time."""
    from figcheck.extractors import _attribution as at

    start = verb_start
    while start > lo:
        ch = text[start - 1]
        if ch in at._BOUNDARY_CHARS or ch == "\n":
            acronym = at._ACRONYM.search(text, max(lo, start - 14), start) if ch == ")" else None
            if acronym is None:
                break
            start = acronym.start()
            continue
        start -= 1
    words = list(at._WORD.finditer(text, start, verb_start))
    cut = 0
    for i, w in enumerate(words):
        if w.group().lower().strip(",") in at._CLAUSE_WORDS:
            cut = i + 1
    words = words[cut:]
    return (words[0].start(), words[-1].end()) if words else None


SUBJECT_WORDS = [
    *_w("The Office for National Statistics (ONS) (UN) (ABCDEFGHIJ) (x) Mr. Smith , ; : “ ” ( )"),
    *_w("[ ] — –"),
    *_w("! ? said that which officials \n police"),
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(SUBJECT_WORDS), st.sampled_from(GAPS)), max_size=16),
    st.integers(0, 30),
)
def test_subject_before_a_verb_found_by_search_as_by_steps(
    parts: list[tuple[str, str]], lo: int
) -> None:
    from figcheck.extractors._attribution import _before

    text = "".join(w + g for w, g in parts)
    lo = min(lo, len(text))
    for end in range(lo, len(text) + 1):
        assert _before(text, lo, end) == _before_by_steps(text, lo, end)


NAME_WORDS = [*_w("Dmytro Loubinets Mr. said the Ministry OF x1 _A Àb Ab-c O’Neil A B"), "\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(NAME_WORDS), st.sampled_from(GAPS)), max_size=16))
def test_names_opening_with_their_capital_match_as_written_plainly(
    parts: list[tuple[str, str]],
) -> None:
    """_attribution._NAME checks its word boundary after the first capital (to search fast)."""
    from figcheck.extractors._attribution import _NAME

    plain = re.compile(r"\b(?:[A-Z][a-zà-ÿ'’\-]+\s+){1,3}[A-Z][a-zà-ÿ'’\-]+\b")
    text = "".join(w + g for w, g in parts)
    assert [m.span() for m in _NAME.finditer(text)] == [m.span() for m in plain.finditer(text)]
    for pos in range(len(text)):
        quick, whole = _NAME.match(text, pos), plain.match(text, pos)
        assert (quick and quick.span()) == (whole and whole.span())


MULTIPLIER_WORDS = [
    *_w("twofold 2.5-fold -fold fold doubled Doubling TRIPLED trebled halved halving times"),
    *_w("TIMES Times three 3 as many x_times İ Σ ſ \u212a"),
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(MULTIPLIER_WORDS), st.sampled_from(GAPS)), max_size=16))
def test_multiplier_cues_found_by_their_stems_as_by_the_pattern(
    parts: list[tuple[str, str]],
) -> None:
    from figcheck.normalise import relative

    text = "".join(w + g for w, g in parts)
    quick = finditer_stems(relative._MULTIPLIER_CUE, relative._MULTIPLIER_STEMS, text)
    whole = relative._MULTIPLIER_CUE.finditer(text)
    assert [m.span() for m in quick] == [m.span() for m in whole]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([*FOLD_WORDS, "ΟΔΟΣ", "ΑΣ", "Σ\u0345Β"]), st.sampled_from(GAPS)),
        max_size=20,
    )
)
def test_scan_lower_cases_each_token_as_str_lower_does(parts: list[tuple[str, str]]) -> None:
    """scan() lower-cases its tokens in one call (joined by NUL): as one call per token."""
    from figcheck.normalise._scan import _TOKEN

    text = "".join(w + g for w, g in parts)
    assert scan(text).lower == [token.lower() for token in _TOKEN.findall(text)]


CLAUSE_WORDS = [*_w("but BUT But rebut butter while Whereas whereas. awhile ; : . ! ? İ ſ x"), "\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(CLAUSE_WORDS), st.sampled_from(GAPS)), max_size=40))
def test_clause_before_a_figure_found_backwards_as_by_the_whole_pattern(
    parts: list[tuple[str, str]],
) -> None:
    """read._role finds a clause's last end from the back; as the last match of _CLAUSE_END."""
    from figcheck.read import _role

    text = "".join(w + g for w, g in parts)
    for start in range(len(text) + 1):
        window = text[max(0, start - _role._WINDOW) : start]
        cut = 0
        for match in _role._CLAUSE_END.finditer(window):
            cut = match.end()
        assert _role._clause_before(text, start) == window[cut:]


NOTHING_WORDS = [
    *_w("first previous last latest preceding LAST Latest firstly blast since dates back to"),
    *_w("was in on took place the attack x İ ſ . 2019"),
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(NOTHING_WORDS), st.sampled_from(GAPS)), max_size=30))
def test_nothing_since_cues_found_by_their_opening_words_as_by_the_pattern(
    parts: list[tuple[str, str]],
) -> None:
    from figcheck.read._lexicon import NOTHING_BETWEEN_RE, NOTHING_BETWEEN_WORDS

    text = "".join(w + g for w, g in parts)
    quick = finditer_stems(NOTHING_BETWEEN_RE, NOTHING_BETWEEN_WORDS, text)
    assert [m.span() for m in quick] == [m.span() for m in NOTHING_BETWEEN_RE.finditer(text)]


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=200))
def test_ascii_text_splits_alike_by_either_pattern(text: str) -> None:
    """scan() splits an ASCII text with a character set in place of the Unicode classes."""
    from figcheck.normalise._scan import _SPLIT, _SPLIT_ASCII

    assert _SPLIT_ASCII.split(text) == _SPLIT.split(text)


@given(st.text(alphabet=st.sampled_from("aZ09 $~.,-\n\t\x00\x7f_'"), max_size=200))
def test_ascii_tokens_are_those_the_split_pattern_finds(text: str) -> None:
    """scan() cuts an ASCII text at spaces made by translate, splitting off signs by
    pattern: the same tokens, offsets and lower-cased words as _SPLIT_ASCII.split."""
    from figcheck.normalise._scan import _SPLIT_ASCII

    parts = _SPLIT_ASCII.split(text)
    offsets = [sum(map(len, parts[:k])) for k in range(len(parts) + 1)]
    scanned = scan(text)
    assert scanned.starts == offsets[1:-1:2]
    assert scanned.ends == offsets[2::2]
    assert scanned.lower == [token.lower() for token in parts[1::2]]


def test_titled_people_are_found_alike_from_the_title_stems() -> None:
    """SourceResolver tries _TITLED only where a title stem stands: every title opens with
    one, and the names it finds are those a search of the whole text finds."""
    from figcheck.extractors._attribution import _TITLE_STEMS, _TITLED, SourceResolver

    titles = _TITLED.pattern.removeprefix(r"\b(?:").split(r")\s+")[0].split("|")
    for title in titles:
        assert title.replace("\\", "").startswith(_TITLE_STEMS), title
    hostile = "Mr.Smith and Mrs Jones; headSpokesman Bob Lee; ahead Mr. Bob Lee, President Joe"
    for text in [*_dataset_texts(), hostile]:
        whole = [(m.start(1), m.group(1)) for m in _TITLED.finditer(text)]
        assert SourceResolver(text)._people == whole


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?P<q>z)?", r"(?:(?P<q>z)|)"),
        (r"a(?:b|c)?d", r"a(?:(?:b|c)|)d"),
        (r"[)]?\)?(x)?", r"[)]?\)?(?:(x)|)"),
        (r"[]a](b)?[^]]?", r"[]a](?:(b)|)[^]]?"),
        (r"(y)??(z)?+(?=a)?(?<!b)?x?", r"(y)??(z)?+(?=a)?(?<!b)?x?"),
        (r"(?P<b>x)?(?(b)y|z)?", r"(?:(?P<b>x)|)(?:(?(b)y|z)|)"),
    ],
)
def test_branching_writes_greedy_optional_groups_as_branches(pattern: str, expected: str) -> None:
    from figcheck.normalise._figpatterns import branching

    assert branching(pattern) == expected


def _figure_pairs() -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    """FIGURE and FIGURE_AT_DIGIT as compiled, and as written (optional groups repeated,
    no look-ahead before an alternation)."""
    from figcheck.normalise import _figpatterns as fp

    def plain(qualified: bool) -> re.Pattern[str]:
        return re.compile(fp._figure(qualified=qualified, guarded=False), re.IGNORECASE)

    return [(fp.FIGURE, plain(True)), (fp.FIGURE_AT_DIGIT, plain(False))]


def _first_characters(items: list[tuple[object, object]], flags: int) -> set[str] | None:
    """The characters a match of the parsed pattern `items` can start with (each as
    re.IGNORECASE would fold it into a set), or None where it can match empty."""
    from re import _constants as sre  # type: ignore[attr-defined]

    found: set[str] = set()
    for op, arg in items:
        if op is sre.LITERAL:
            return found | {chr(arg)}  # type: ignore[arg-type]
        if op is sre.IN:
            for kind, value in arg:  # type: ignore[attr-defined]
                assert kind in (sre.LITERAL, sre.RANGE), (kind, value)
                low, high = (value, value) if kind is sre.LITERAL else value
                found |= {chr(c) for c in range(low, high + 1)}
            return found
        if op is sre.BRANCH:
            branches = [_first_characters(b, flags) for b in arg[1]]  # type: ignore[index]
            for first in branches:
                found |= first or set()
            if all(first is not None for first in branches):
                return found
        elif op is sre.SUBPATTERN:
            first = _first_characters(arg[3], flags)  # type: ignore[index]
            found |= first or set()
            if first is not None:
                return found
        elif op is sre.MAX_REPEAT:
            first = _first_characters(arg[2], flags)  # type: ignore[index]
            found |= first or set()
            if first is not None and arg[0] > 0:  # type: ignore[index]
                return found
        else:  # a look-around or an anchor: it consumes nothing
            assert op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT), op
    return None


@pytest.mark.parametrize(
    ("guard", "alternation"),
    [
        ("_OPENS_SCALE", "_SCALE_WORD"),
        ("_OPENS_MEASURE", "_MEASURE"),
        ("_OPENS_CURRENCY_WORD", "_CURRENCY_WORD"),
        ("_OPENS_WORD_NUMBER", "WORD_NUMBER"),
        ("_OPENS_VAGUE", "_VAGUE"),
    ],
)
def test_figure_look_aheads_hold_every_first_character(guard: str, alternation: str) -> None:
    """Each look-ahead FIGURE tries before an alternation lets through every character
    a match of it can open with (case folded as the pattern folds it)."""
    from re import _parser as sre_parse  # type: ignore[attr-defined]

    from figcheck.normalise import _figpatterns as fp

    pattern = getattr(fp, alternation)
    first = _first_characters(list(sre_parse.parse(pattern, re.IGNORECASE)), re.IGNORECASE)
    assert first, alternation
    look_ahead = re.compile(getattr(fp, guard), re.IGNORECASE)
    assert {ch for ch in first if not look_ahead.match(ch)} == set()


def _same_matches(quick: re.Pattern[str], plain: re.Pattern[str], text: str, at: list[int]) -> None:
    for pos in at:
        fast, slow = quick.match(text, pos), plain.match(text, pos)
        assert (fast and fast.regs) == (slow and slow.regs), (text[pos : pos + 40], pos)


def test_figure_patterns_match_as_written_on_every_bundled_article() -> None:
    """FIGURE is compiled with its optional groups as branches: the same match and groups
    at every place the scan tries it."""
    from figcheck.normalise._scan import figure_starts

    for text in _dataset_texts():
        starts = figure_starts(scan(text))
        for quick, plain in _figure_pairs():
            _same_matches(quick, plain, text, starts)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GAPS)), max_size=30))
def test_figure_patterns_match_as_written_on_generated_text(parts: list[tuple[str, str]]) -> None:
    text = "".join(w + g for w, g in parts)
    for quick, plain in _figure_pairs():
        _same_matches(quick, plain, text, list(range(len(text) + 1)))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(CLAUSE_WORDS), st.sampled_from(GAPS)), max_size=40))
def test_clause_ends_found_by_their_first_characters_as_written_plainly(
    parts: list[tuple[str, str]],
) -> None:
    """_measure._CLAUSE_END opens each alternative with a literal (to search fast)."""
    from figcheck.extractors._measure import _CLAUSE_END

    plain = re.compile(r"[,;:()“”\"]|\b(?:which|who|while|whereas|but)\b")
    text = "".join(w + g for w, g in parts) + "(which) “who” whom, white"
    assert [m.span() for m in _CLAUSE_END.finditer(text)] == [
        m.span() for m in plain.finditer(text)
    ]
    for pos in range(len(text)):
        quick, whole = _CLAUSE_END.search(text, pos, pos + 12), plain.search(text, pos, pos + 12)
        assert (quick and quick.span()) == (whole and whole.span())


@given(st.text(alphabet=st.sampled_from(".!?\"'”’)] \n\tAa1"), max_size=80))
def test_sentence_boundaries_found_as_written_plainly(text: str) -> None:
    """_sentences._BOUNDARY opens with one mark rather than a repeat (to search fast)."""
    from figcheck.extractors._sentences import _BOUNDARY

    plain = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)")
    assert [m.span() for m in _BOUNDARY.finditer(text)] == [m.span() for m in plain.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                [*LABEL_WORDS, "İn", "ſince", "\u212aategory", "MID-", "Route", "SEAT", "fleet"]
            ),
            st.sampled_from(GAPS),
        ),
        max_size=12,
    ),
    st.integers(0, 20),
)
def test_folded_searches_before_a_figure_find_what_the_case_blind_ones_find(
    parts: list[tuple[str, str]], pos: int
) -> None:
    """A date's lead word and a figure's label are searched for in the folded window."""
    from figcheck.extractors import rules
    from figcheck.normalise import _scan, dates

    text = "".join(w + g for w, g in parts)
    pos = min(pos, len(text))
    cases = [(dates._LEAD, dates._LEAD_LOWER), (rules._LABEL_BEFORE, rules._LABEL_LOWER)]
    for blind, lower in cases:
        for end in range(pos, len(text) + 1):
            whole = blind.search(text, pos, end)
            quick = _scan.search_folded(blind, lower, text, pos, end)
            assert (quick and (quick[0].start() + quick[1], quick[0].end() + quick[1])) == (
                whole and whole.span()
            )
            # the groups are those of the folded window: equal once lower-cased
            assert (quick and _lowered(quick[0])) == (whole and _lowered(whole))


def _lowered(match: re.Match[str]) -> dict[str, str | None]:
    return {name: value and value.lower() for name, value in match.groupdict().items()}


def test_token_character_test_agrees_with_the_token_run_pattern() -> None:
    """_is_claim widens a figure over its token only where the character next to it is
    one _TOKEN_RUN takes (_in_token), and strips "magnitude-" only from a token opening
    with an m: both as the patterns say, for every character."""
    from figcheck.extractors.rules import _SCALE_PREFIX, _TOKEN_RUN, _in_token

    m_like = re.compile("m", re.IGNORECASE)
    for code in range(0x110000):
        char = chr(code)
        assert _in_token(char) == (_TOKEN_RUN.match(char).end() == 1), hex(code)  # type: ignore[union-attr]
        assert (m_like.fullmatch(char) is not None) == (char in "mM"), hex(code)
    assert _SCALE_PREFIX.pattern.lower().startswith("^m")


SUFFIX_WORDS = _w("+ -plus -odd odd or more and above over older so less % per cent percent pc")
SUFFIX_WORDS += _w("percentage points point quarter- half- - — 5 people")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(SUFFIX_WORDS), st.sampled_from(GAPS)), max_size=12))
def test_percent_and_suffix_look_aheads_pass_wherever_their_group_matches(
    parts: list[tuple[str, str]],
) -> None:
    """FIGURE's percent and suffix groups are tried after a look-ahead of what they open
    with: it lets through every place either group matches."""
    from figcheck.normalise import _figpatterns as fp

    text = "".join(w + g for w, g in parts)
    percent = re.compile(fp._atom("a", guarded=False), re.IGNORECASE)
    groups = [
        (re.compile(fp._OPENS_SUFFIX, re.I), re.compile(fp.SUFFIX_PATTERN, re.I)),
        (re.compile(fp._OPENS_PERCENT, re.I), re.compile(_group(percent, "apct"), re.I)),
    ]
    for pos in range(len(text) + 1):
        for look_ahead, group in groups:
            if group.match(text, pos):
                assert look_ahead.match(text, pos), (text[pos : pos + 20], group.pattern[:40])


def _group(pattern: re.Pattern[str], name: str) -> str:
    """The text of named group `name` in `pattern` (its parentheses balanced)."""
    source = pattern.pattern
    start = source.index(f"(?P<{name}>") + len(f"(?P<{name}>")
    depth, at = 1, start
    while depth:
        char = source[at]
        if char == "\\":
            at += 2
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        at += 1
    return source[start : at - 1]
