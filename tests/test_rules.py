"""The offline rules extractor: seed gold scores, other news styles, non-figures, grounding."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from figcheck.dataset import load_dataset
from figcheck.evaluate import interval_equal, match_claims
from figcheck.extractors._chrome import chrome_spans
from figcheck.extractors.rules import RulesExtractor
from figcheck.models import Article, Claim, Qualifier, Scope
from figcheck.sentences import SentenceIndex, split_sentences

SEEDS = Path(__file__).resolve().parents[1] / "evals" / "datasets" / "seeds"
# A Wednesday, so "on Monday" is 2024-03-04 and "last October" is 2023-10-01.
PUBLISHED = dt.date(2024, 3, 6)


def _extract(text: str, published: dt.date | None = PUBLISHED) -> list[Claim]:
    return RulesExtractor().extract(Article(id="t", text=text, published=published)).claims


def _only(text: str, figure: str) -> Claim:
    """The single claim whose quote holds `figure`."""
    found = [c for c in _extract(text) if figure in c.quote]
    assert len(found) == 1, [c.quote for c in _extract(text)]
    return found[0]


@pytest.fixture(scope="module")
def seed_run() -> tuple[list[Claim], list[Claim], dict[str, str]]:
    dataset = load_dataset(SEEDS)
    predicted: list[Claim] = []
    for article in dataset.articles:
        predicted.extend(RulesExtractor().extract(article).claims)
    texts = {a.id: a.text for a in dataset.articles}
    return predicted, dataset.claims, texts


def test_seed_gold_recall_precision_interval(
    seed_run: tuple[list[Claim], list[Claim], dict[str, str]],
) -> None:
    predicted, gold, texts = seed_run
    pairs = match_claims(predicted, gold, texts)
    recall = len(pairs) / len(gold)
    precision = len(pairs) / len(predicted)
    interval = sum(interval_equal(p, g) for p, g in pairs) / len(pairs)
    qualifier = sum(p.qualifier == g.qualifier for p, g in pairs) / len(pairs)
    unmatched = sorted({g.quote for g in gold} - {g.quote for _, g in pairs})
    spurious = sorted({p.quote for p in predicted} - {p.quote for p, _ in pairs})
    assert recall >= 0.95, f"recall {recall:.2f}; missed {unmatched}"
    assert precision >= 0.90, f"precision {precision:.2f}; spurious {spurious}"
    assert interval >= 0.9, f"interval accuracy {interval:.2f}"
    assert qualifier >= 0.9, f"qualifier accuracy {qualifier:.2f}"


def test_seed_claims_are_grounded_and_numbered(
    seed_run: tuple[list[Claim], list[Claim], dict[str, str]],
) -> None:
    predicted, _, texts = seed_run
    for claim in predicted:
        assert texts[claim.article][claim.start : claim.end] == claim.quote
        assert claim.extractor == "rules"
        assert claim.id.startswith(f"{claim.article}-c")
    for article in texts:
        starts = [c.start for c in predicted if c.article == article]
        assert starts == sorted(starts)


def test_seed_chrome_gives_no_claims(
    seed_run: tuple[list[Claim], list[Claim], dict[str, str]],
) -> None:
    predicted, _, texts = seed_run
    for claim in predicted:
        for start, end in chrome_spans(texts[claim.article]):
            assert not (start <= claim.start < end), claim.quote


@pytest.mark.parametrize(
    ("text", "quote", "low", "high", "qualifier", "source", "scope", "as_of", "since"),
    [
        (
            "Police said at least 12 people were killed in the blast on Monday.",
            "at least 12 people",
            12,
            None,
            Qualifier.at_least,
            "Police",
            Scope.event,
            dt.date(2024, 3, 4),
            None,
        ),
        (
            "The ministry said 1.2 million people had been displaced since October 7.",
            "1.2 million people",
            1_200_000,
            1_200_000,
            Qualifier.exact,
            "the ministry",
            Scope.cumulative,
            PUBLISHED,
            dt.date(2023, 10, 7),
        ),
        (
            "According to the UN, nearly 40% of Gaza's residents have fled their homes.",
            "nearly 40% of Gaza's residents",
            None,
            40,
            Qualifier.nearly,
            "UN",
            Scope.event,
            None,
            None,
        ),
        (
            "The death toll rose to 1,054 on Monday, officials said.",
            "1,054",
            1054,
            1054,
            Qualifier.exact,
            "officials",
            Scope.cumulative,
            dt.date(2024, 3, 4),
            None,
        ),
        (
            "More than 300 homes were destroyed, the fire service said on Tuesday.",
            "More than 300 homes",
            300,
            None,
            Qualifier.more_than,
            "the fire service",
            Scope.event,
            dt.date(2024, 3, 5),
            None,
        ),
        (
            "Israeli strikes killed 27 Palestinians overnight, health officials said.",
            "27 Palestinians",
            27,
            27,
            Qualifier.exact,
            "health officials",
            Scope.event,
            None,
            None,
        ),
        (
            "“We have recovered 15 bodies so far,” said rescue chief Ahmed Ali.",
            "15 bodies",
            15,
            15,
            Qualifier.exact,
            "rescue chief Ahmed Ali",
            Scope.cumulative,
            PUBLISHED,
            None,
        ),
        (
            "A total of 4,500 migrants have crossed the Channel this year, the Home Office said.",
            "A total of 4,500 migrants",
            4500,
            4500,
            Qualifier.exact,
            "Home Office",
            Scope.cumulative,
            PUBLISHED,
            dt.date(2024, 1, 1),
        ),
        (
            "About 2,000 people attended the rally, according to organisers.",
            "About 2,000 people",
            1800,
            2200,
            Qualifier.about,
            "organisers",
            Scope.event,
            None,
            None,
        ),
        (
            "Fewer than 50 families have returned to the village since the ceasefire.",
            "Fewer than 50 families",
            None,
            50,
            Qualifier.fewer_than,
            None,
            Scope.cumulative,
            PUBLISHED,
            None,
        ),
    ],
)
def test_other_news_styles(
    text: str,
    quote: str,
    low: float | None,
    high: float | None,
    qualifier: Qualifier,
    source: str | None,
    scope: Scope,
    as_of: dt.date | None,
    since: dt.date | None,
) -> None:
    claim = _only(text, quote)
    assert claim.quote == quote
    assert (claim.low, claim.high, claim.qualifier) == (low, high, qualifier)
    assert claim.source == source
    assert claim.scope is scope
    assert claim.as_of == as_of
    assert claim.since == since
    assert claim.measure


@pytest.mark.parametrize(
    ("text", "quote", "source"),
    [
        (
            "The Office for National Statistics (ONS) said food prices rose by 5% in the year.",
            "5%",
            "Office for National Statistics (ONS)",
        ),
        (
            "Janan Sayiq, spokesman for the Ministry of Disasters, said 1,240 people were injured.",
            "1,240 people",
            "Janan Sayiq",
        ),
        (
            "Later the same day Ukraine’s presidency confirmed the release of 116 Ukrainians.",
            "116 Ukrainians",
            "Ukraine’s presidency",
        ),
        (
            "Inflation fell to 3.4% in February, official figures show.",
            "3.4%",
            "official figures",
        ),
        (
            "Some 300 homes were flooded, the Environment Agency reported.",
            "300 homes",
            "Environment Agency",
        ),
        ("Floodwater reached 300 homes in the valley.", "300 homes", None),
    ],
)
def test_source_patterns(text: str, quote: str, source: str | None) -> None:
    assert _only(text, quote).source == source


@pytest.mark.parametrize(
    ("text", "quote", "scope"),
    [
        (
            "About 1.6 million households are behind on bills, said the charity, which has "
            "helped 250,000 people since January.",
            "About 1.6 million households",
            Scope.event,
        ),
        (
            "About 1.6 million households are behind on bills, said the charity, which has "
            "helped 250,000 people since January.",
            "250,000 people",
            Scope.cumulative,
        ),
        (
            "In a surprise move, more than 300 soldiers were swapped, the largest exchange "
            "since the invasion.",
            "more than 300 soldiers",
            Scope.event,
        ),
        (
            "More than 30,000 Palestinians have been killed since the war began on Oct. 7, the "
            "ministry said, as at least 104 people were killed while waiting for aid.",
            "at least 104 people",
            Scope.event,
        ),
        ("The fighting has lasted nearly two years.", "nearly two years", Scope.other),
        (
            "There are still thousands of prisoners on both sides.",
            "thousands of prisoners",
            Scope.other,
        ),
    ],
)
def test_scope(text: str, quote: str, scope: Scope) -> None:
    assert _only(text, quote).scope is scope


@pytest.mark.parametrize(
    ("text", "quote", "source", "note"),
    [
        (
            "Health Minister Jane Okafor visited the ward. Ms. Okafor said 40 patients "
            "were treated overnight.",
            "40 patients",
            "Jane Okafor",
            "Ms. Okafor",
        ),
        (
            "The agency counted the victims. Prime Minister Rishi Sunak spoke first. "
            "“Eleven officers were hurt,” he said.",
            "Eleven officers",
            "Rishi Sunak",
            "he",
        ),
        (
            "Russia’s defence ministry confirmed the exchange. It added that 90 soldiers "
            "were flown to Moscow.",
            "90 soldiers",
            "Russia’s defence ministry",
            "It",
        ),
        (
            "Russia’s defence ministry confirmed the exchange. Ninety soldiers were flown "
            "to Moscow, the ministry said.",
            "Ninety soldiers",
            "Russia’s defence ministry",
            "the ministry",
        ),
    ],
)
def test_source_resolved_from_earlier_mention(
    text: str, quote: str, source: str, note: str
) -> None:
    claim = _only(text, quote)
    assert claim.source == source
    assert any(note in n for n in claim.notes), claim.notes


@pytest.mark.parametrize(
    ("text", "quote", "words"),
    [
        (
            "“63 Russian servicemen returned from the Ukrainian territory”, it said.",
            "63 Russian servicemen",
            ("Russian", "servicemen", "returned"),
        ),
        (
            "Officials said 230 prisoners of war were exchanged.",
            "230 prisoners of war",
            ("prisoners", "war", "exchanged"),
        ),
        (
            "Floods have displaced 1,500 families in the north.",
            "1,500 families",
            ("families", "displaced"),
        ),
        ("The storm left three dead and 40 injured.", "three dead", ("dead",)),
        (
            "Rescuers found 14 survivors of the crash.",
            "14 survivors of the crash",
            ("survivors", "crash"),
        ),
    ],
)
def test_span_and_measure(text: str, quote: str, words: tuple[str, ...]) -> None:
    claim = _only(text, quote)
    assert claim.quote == quote
    for word in words:
        assert word in claim.measure, claim.measure
    assert claim.key and claim.key == claim.key.lower() and " " not in claim.key


@pytest.mark.parametrize(
    "text",
    [
        "The war began on February 24, 2022.",
        "In 2023, prices rose sharply across the region.",
        "The meeting starts at 10:30 a.m. local time.",
        "No one was hurt in the incident.",
        "The UAE remains one of the countries not supporting sanctions.",
        "Ukrainian troops fired a 2S7 Pion self-propelled gun.",
        "F-16 jets arrived; Su-25 aircraft followed.",
        "This was the first exchange since the summer.",
        "He was on his second visit to Kyiv.",
        "1. Introduction\n2. Background",
        "The two countries continue to build walls between them.",
        "The truce would begin soon, two sources said.",
        "• Also read: Three dead in bombings\nSign up to read 100’s of premium titles\n",
    ],
)
def test_non_figures_give_no_claim(text: str) -> None:
    assert [c.quote for c in _extract(text)] == []


def test_open_start_takes_the_articles_dated_start() -> None:
    text = (
        "In total, since February 24, 2022, 2,828 defenders have returned home, he said. "
        "Last August, the commissioner said Ukraine had recovered nearly 2,600 of its citizens "
        "held captive since the start of the Russian invasion."
    )
    claim = _only(text, "2,600")
    assert claim.since == dt.date(2022, 2, 24)
    assert any("since the start of the Russian invasion" in n for n in claim.notes)
    lone = _only("Nearly 2,600 people were freed since the start of the war.", "2,600")
    assert lone.since is None


def test_digit_ordinal_is_a_claim() -> None:
    claim = _only("It was the 49th exchange since the start of the war.", "49th")
    assert claim.scope is Scope.cumulative


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith said 5 people died. The U.S. agreed. It was 3.5 percent.",
            ["Mr. Smith said 5 people died.", "The U.S. agreed.", "It was 3.5 percent."],
        ),
        (
            "“It is over!” Mr. Loubinets said on Wednesday. Talks resume in May.",
            ["“It is over!” Mr. Loubinets said on Wednesday.", "Talks resume in May."],
        ),
        (
            "Headline with no stop\nBody starts here. J. R. Smith wrote it.",
            ["Headline with no stop", "Body starts here.", "J. R. Smith wrote it."],
        ),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert [text[s.start : s.end] for s in split_sentences(text)] == expected
    index = SentenceIndex(text)
    for s in index.sentences:
        assert index.at(s.start) == s
        assert index.at(s.end - 1) == s


def test_chrome_keeps_prose_and_headline() -> None:
    page = (
        "Get all your news in one place.\nPremium titles.\nOne app.\nStart reading\nWorld\n\n"
        "Floods kill 40 in Kenya\n\n"
        "At least 40 people died after heavy rains, the Kenya Red Cross said on Monday.\n"
        "Read more: Kenya floods explained\n"
        "Sign up to read this article\nAlready a member? Sign in here\nDownload the app\n"
    )
    quotes = [c.quote for c in _extract(page)]
    assert quotes == ["40", "At least 40 people"]


def test_quotes_match_spans_on_a_long_mixed_text() -> None:
    seed_text = "".join(p.read_text("utf-8") for p in sorted((SEEDS / "articles").glob("*.txt")))
    text = (
        seed_text * 3 + "\n(25 dead) nearly 2,600 of its citizens, 4.5% of voters and $3 million."
    )
    claims = _extract(text)
    assert claims
    for c in claims:
        assert text[c.start : c.end] == c.quote
