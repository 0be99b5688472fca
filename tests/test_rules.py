"""The offline rules extractor: seed gold scores, other news styles, non-figures, grounding."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from figcheck.evaluate import interval_equal, match_claims
from figcheck.extractors._chrome import chrome_spans
from figcheck.extractors._sentences import SentenceIndex, split_sentences
from figcheck.extractors.rules import RulesExtractor
from figcheck.ingest.dataset import load_dataset
from figcheck.models import Article, Claim, Qualifier, Scope

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
            "at least 12 people were killed",
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
        (  # "during this year's" is the total's period; its day is the day it was said
            "A total of 1,301 people died during this year's hajj, the minister said on Monday.",
            "A total of 1,301 people died",
            1301,
            1301,
            Qualifier.exact,
            "the minister",
            Scope.cumulative,
            dt.date(2024, 3, 4),
            dt.date(2024, 1, 1),
        ),
        (  # a period names no day of a single figure
            "Officials said 300 pilgrims died during this year's hajj.",
            "300 pilgrims",
            300,
            300,
            Qualifier.exact,
            "Officials",
            Scope.event,
            None,
            None,
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
        (
            "Organisers said 500,000 people marched, while police put the figure at 80,000.",
            "80,000",
            "police",
        ),
        (
            "The ministry put the number of protesters at 1.08 million.",
            "1.08 million",
            "the ministry",
        ),
        ("They put pressure on 10 firms.", "10 firms", None),
        # a passive verb's agent, a figure "put forward", a subject that is a phrase
        # opening with a preposition, a market's "added": each read as a reader would
        (
            "The union claimed 700,000 marchers against 81,000 counted by the police.",
            "81,000",
            "the police",
        ),
        (
            "Police counted 16,000 marchers, far fewer than the 280,000 the CGT put forward.",
            "280,000",
            "CGT",
        ),
        (
            "All 187 people aboard were accounted for: 45 dead and 142 survivors, with nobody "
            "else reported missing.",
            "45 dead",
            None,
        ),
        ("The index added 270.81 points, or 2.5%, to 11,099.16.", "270.81 points", None),
        (
            "Earlier on Saturday the ministry had said that about 107,000 people were there.",
            "about 107,000 people",
            "the ministry",
        ),
        # a sentence going on with the last one's figures goes on with its speaker, in
        # its paragraph; a new paragraph or a sentence of its own does not
        (
            "Optus said 2.1 million customers were exposed. Of those, 1.2 million had a "
            "current ID taken.",
            "1.2 million",
            "Optus",
        ),
        (
            "Optus said 2.1 million customers were exposed.\n\nOf those, 1.2 million had a "
            "current ID taken.",
            "1.2 million",
            None,
        ),
        (
            "Optus said 2.1 million customers were exposed. Shares fell 3% on Monday.",
            "3%",
            None,
        ),
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
        (  # the rains of recent days are what killed them: the toll is this event's
            "The rains that have swamped the state in recent days have now killed 100 people.",
            "100 people",
            Scope.event,
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
        (  # the second figure of a from-to pair measures what the first does
            "Estimates of the crowd ranged from 8,000, the army's figure, to 10,700, the police's.",
            "10,700",
            ("crowd",),
        ),
        ("The jobless rate rose from 3.5% to 3.7% in August.", "3.7%", ("rate",)),
        (  # a bare figure coordinated with the next counts what the next one names
            "The two parties gained ground, taking 87 and 58 seats respectively.",
            "87",
            ("seats",),
        ),
        (  # a comma before the conjunction joins clauses, not figures
            "For now the official death toll is 79, and 104 people have been rescued.",
            "79",
            ("toll",),
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
        "The benchmark 10-year yield eased and the two-year Treasury yield rose.",
        "The four-week moving average of claims fell.",
        "Marchers were clearly more numerous than last week.",
        "The protests were numerous.",
        "The truce would begin soon, two sources said.",
        "• Also read: Three dead in bombings\nSign up to read 100’s of premium titles\n",
    ],
)
def test_non_figures_give_no_claim(text: str) -> None:
    assert [c.quote for c in _extract(text)] == []


@pytest.mark.parametrize(
    ("text", "quote", "unit"),
    [
        ("Over the four-day truce, 50 hostages were freed.", "four-day truce", "day"),
        ("The five-storey block gave way on Monday.", "five-storey block", None),
        ("The ship, almost a kilometer long, hit a pillar.", "almost a kilometer", "kilometer"),
        (
            "It was the strongest cyclone in more than a decade.",
            "more than a decade",
            "decade_of_years",
        ),
    ],
)
def test_measures_after_the_or_written_as_a_are_claims(
    text: str, quote: str, unit: str | None
) -> None:
    # "the two countries" refers back to things counted; "the four-day truce" measures
    # its truce; "a" is a number when a qualifier says what is measured
    assert _only(text, quote).unit == unit


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
    assert quotes == ["40", "At least 40 people died"]


@pytest.mark.parametrize(
    ("intro", "kept"),
    [
        # a list the article's prose introduces holds the writer's figures
        ("The Department for Education said the data showed that:", True),
        # a heading or a cue of related links introduces a menu, not the story's figures
        ("Key facts:", False),
        ("Related stories:", False),
    ],
)
def test_chrome_keeps_a_list_its_prose_introduces(intro: str, kept: bool) -> None:
    page = (
        f"{intro}\n- 43.9% of schools were fully open\n- 42.8% were open but restricting"
        " attendance\n- 8.9% were completely closed\n"
    )
    quotes = [c.quote for c in _extract(page)]
    if kept:
        assert [q.split()[0] for q in quotes] == ["43.9%", "42.8%", "8.9%"]
    else:
        assert quotes == []


def test_quotes_match_spans_on_a_long_mixed_text() -> None:
    seed_text = "".join(p.read_text("utf-8") for p in sorted((SEEDS / "articles").glob("*.txt")))
    text = (
        seed_text * 3 + "\n(25 dead) nearly 2,600 of its citizens, 4.5% of voters and $3 million."
    )
    claims = _extract(text)
    assert claims
    for c in claims:
        assert text[c.start : c.end] == c.quote


# What is counted sits in more places than the noun after the number; each row is one rule.
@pytest.mark.parametrize(
    ("text", "quote", "measure_word"),
    [
        ("The magnitude-7.8 earthquake hit the coast on Saturday.", "magnitude-7.8", "magnitude"),
        ("A powerful 6.4-magnitude quake shook Taiwan.", "6.4-magnitude", "magnitude"),
        ("The 5.9 magnitude tremor was felt in Lima.", "5.9 magnitude", "magnitude"),
        ("The survey put the magnitude at 6.5 on Monday.", "magnitude at 6.5", "magnitude"),
        ("A 16-year-old student was arrested at the scene.", "16-year-old student", "age"),
        ("The migrants were aboard a 25-foot boat when it capsized.", "25-foot boat", "boat"),
        ("A 10-foot (3-meter) wave swept the pier.", "10-foot (3-meter) wave", "wave"),
        (
            "Officers found a new two-story building had collapsed.",
            "two-story building",
            "building",
        ),
        ("It said 49 people died and 102 were injured in Qiaojia.", "102 were injured", "injured"),
        ("Police said 14 people were killed in the crash.", "14 people were killed", "dead"),
        ("The storm left 3,000 homes damaged and 12 still missing.", "12 still missing", "missing"),
        (
            "The attack brings to 413 the number of people killed.",
            "413 the number of people killed",
            "dead",
        ),
        ("Ma arrived with 20 other volunteers on Monday.", "20 other volunteers", "volunteers"),
        (
            "There were reports of two other large deadly earthquakes.",
            "two other large deadly earthquakes",
            "earthquakes",
        ),
        (
            "The district, which has a population of about 429,000, was cut off.",
            "a population of about 429,000",
            "population",
        ),
        ("A crowd of 300 gathered outside parliament.", "A crowd of 300", "crowd"),
        ("Injuries rose from an earlier toll of 2,068.", "earlier toll of 2,068", "toll"),
        (
            '"He is under there," said Maria Lopez, 54, pointing at the rubble.',
            "Maria Lopez, 54",
            "age",
        ),
        ('"We must find them," pleaded Isaac (18) as firemen dug.', "Isaac (18)", "age"),
        (
            "An estimated 1.5 million people fled the fighting.",
            "An estimated 1.5 million people",
            "people",
        ),
        (
            "At least half of the buildings in the town had collapsed.",
            "At least half of the buildings",
            "buildings",
        ),
        (
            "Voters backed the plan, with two-thirds of ballots in favour.",
            "two-thirds of ballots",
            "ballots",
        ),
        (
            "The USGS recorded four aftershocks of magnitude 4.5 and higher.",
            "four aftershocks",
            "aftershocks",
        ),
        (
            "They spoke of the greatest tragedy in the last 67 years’ in Ecuador.",
            "67 years",
            "years",
        ),
    ],
)
def test_span_holds_what_is_counted(text: str, quote: str, measure_word: str) -> None:
    claim = _only(text, quote.split()[0] if quote[0].isdigit() else quote)
    assert claim.quote == quote
    assert measure_word in claim.measure, claim.measure


# A qualifier stated once hedges the figures coordinated with, or converted from, the first.
@pytest.mark.parametrize(
    ("text", "quote", "low", "high", "qualifier"),
    [
        (
            "The toll is at least 175 dead and 1400 injured.",
            "1400 injured",
            1400,
            None,
            Qualifier.at_least,
        ),
        (
            "The coast guard sent at least 3 ships and 8 aircraft.",
            "8 aircraft",
            8,
            None,
            Qualifier.at_least,
        ),
        (
            "Officials reported more than 60 dead, 300 injured.",
            "300 injured",
            300,
            None,
            Qualifier.more_than,
        ),
        (
            "Ludian is around 366 kilometers (277 miles) from Kunming.",
            "277 miles",
            249.3,
            304.7,
            Qualifier.about,
        ),
        ("It struck at a depth of 10 kilometers (6 miles).", "6 miles", 6, 6, Qualifier.exact),
        (
            "The search covered more than 7,500 square miles (19,400 square kilometers).",
            "19,400 square kilometers",
            19400,
            None,
            Qualifier.more_than,
        ),
        (
            "Some 40 boats (20 of them rented) joined the search.",
            "20 of them",
            20,
            20,
            Qualifier.exact,
        ),
        ("It killed at least 175 people and injured 1,400.", "1,400", 1400, 1400, Qualifier.exact),
        (
            "More than 100 people, 20 of them children, were rescued.",
            "20 of them",
            20,
            20,
            Qualifier.exact,
        ),
        (
            "USGS reported aftershocks of magnitude 4.5 and above.",
            "magnitude 4.5 and above",
            4.5,
            None,
            Qualifier.at_least,
        ),
    ],
)
def test_shared_and_open_ended_qualifiers(
    text: str, quote: str, low: float, high: float | None, qualifier: Qualifier
) -> None:
    claim = _only(text, quote)
    assert claim.quote == quote
    assert (claim.low, claim.high, claim.qualifier) == (low, high, qualifier)


@pytest.mark.parametrize(
    "text",
    [
        "BEIJING, Aug. 4 (Reuters) - Rescuers dug through rubble.",
        "KATHMANDU, Nepal (AP) — Rescuers dug through rubble.",
        "1 of 12\nRescuers dig through the rubble in Pedernales.",
        "All three were released on Saturday.",
        "The three men were freed after talks.",
        "Floods hit a number of towns in the north.",
        "Both were taken to hospital.",
    ],
)
def test_page_furniture_and_back_references_give_no_claim(text: str) -> None:
    assert [c.quote for c in _extract(text)] == []


@pytest.mark.parametrize(
    ("text", "quote", "measure"),
    [
        ("It said 49 people died in Qiaojia.", "49 people died", "people dead"),
        ("It said 102 were injured in Qiaojia.", "102 were injured", "people injured"),
        ("The floods left 181 missing.", "181 missing", "people missing"),
        ("He confirmed 350 deaths on Monday.", "350 deaths", "people dead"),
        ("The storm left 5 dead and 40 injured.", "40 injured", "people injured"),
        (
            "Israeli strikes killed 27 Palestinians overnight.",
            "27 Palestinians",
            "Palestinians dead",
        ),
    ],
)
def test_casualty_measures_say_what_happened(text: str, quote: str, measure: str) -> None:
    assert _only(text, quote).measure == measure


_SHARES = (
    "Figures show that 45.9 per cent of schools were fully open, 44.7 per cent were partly "
    "open and 9.3 per cent were completely closed."
)


@pytest.mark.parametrize(
    ("text", "quote", "measure"),
    [
        (_SHARES, "45.9 per cent of schools", "schools fully open"),
        (_SHARES, "44.7 per cent", "partly open"),
        (_SHARES, "9.3 per cent", "completely closed"),
        ("The survey found 52 per cent were undecided.", "52 per cent", "undecided"),
        ("Officials said 62 of its employees were safe.", "62 of its employees", "employees safe"),
    ],
)
def test_a_share_or_count_is_what_its_predicate_says_it_is(
    text: str, quote: str, measure: str
) -> None:
    """In a breakdown of shares, each share is what the words after it say ("were partly
    open"), not the last item's words before it."""
    assert _only(text, quote).measure == measure


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("Qatar said Hamas had freed a total of 24 hostages on Friday.", Scope.event),
        ("The union gave a higher tally, saying 3.5 million people took part.", Scope.event),
        ("In all, 40 people were rescued from the building on Tuesday.", Scope.event),
        ("A total of 4,500 migrants have crossed the Channel this year.", Scope.cumulative),
        ("Altogether 310 prisoners have been freed in the swaps.", Scope.cumulative),
    ],
)
def test_a_sum_is_one_events_unless_it_counts_up_to_now(text: str, scope: Scope) -> None:
    """'A total of', 'in all', 'tally' sum one event's figures; only a present perfect or
    a period running to now makes the sum a running total."""
    article = Article(id="t", text=text, published=dt.date(2023, 11, 25))
    claims = RulesExtractor().extract(article).claims
    assert claims and claims[0].scope is scope


def test_a_background_cue_in_a_later_clause_leaves_the_figure_an_events() -> None:
    """'in recent years' in a later clause describes the comparison, not the toll."""
    text = (
        "A stampede at a religious gathering on Tuesday left 116 people dead, in what is "
        "the country's worst disaster of its kind in recent years."
    )
    article = Article(id="t", text=text, published=dt.date(2024, 7, 2))
    claims = RulesExtractor().extract(article).claims
    assert claims and claims[0].scope is Scope.event


def test_a_figure_takes_the_date_nearest_its_own_edges() -> None:
    """The date right after a figure's quote is its own, not the one that ends the clause before."""
    import datetime as dt

    from figcheck.extractors import extract_article
    from figcheck.models import Article

    text = (
        "The step followed a 50-basis-point increase in May and a 25-basis-point increase in March."
    )
    article = Article(id="d", text=text, published=dt.date(2022, 6, 15))
    as_of = {c.quote.split("-")[0]: c.as_of for c in extract_article(article, "rules").claims}
    assert as_of["50"] is not None and as_of["50"].month == 5
    assert as_of["25"] is not None and as_of["25"].month == 3


@pytest.mark.parametrize(
    "promo",
    [
        "Sign up", "signin", "Log in", "subscribed", "subscriptions", "Membership",
        "Already a member", "download the app", "Get the app", "free trial", "7 days free",
        "premium", "Newsletters", "ADVERTISEMENT", "sponsored", "cookies", "Privacy policy",
        "terms of service", "All rights reserved", "Start reading", "curated", "One app",
        "trusted global sources", "Share this", "Follow us",
    ],
)  # fmt: skip
def test_every_promo_cue_holds_a_stem_the_line_test_looks_for(promo: str) -> None:
    """chrome_spans searches a line for _PROMO only where a stem stands (one per cue)."""
    from figcheck.extractors._chrome import _PROMO, _PROMO_STEMS

    assert _PROMO.search(promo)
    assert any(stem in promo.lower() for stem in _PROMO_STEMS)
    assert chrome_spans(f"{promo}\n") == [(0, len(promo))]


@pytest.mark.parametrize(
    ("text", "quote", "as_of"),
    [
        # a running total: the relative clause dates the storm, not the total
        ("The storm, which hit on Monday, has killed 45 people so far.", "45 people", "2024-06-14"),
        ("The storm hit on Monday and has killed 45 people so far.", "45 people", "2024-06-10"),
    ],
)
def test_a_date_in_a_relative_clause_does_not_date_a_running_total(
    text: str, quote: str, as_of: str
) -> None:
    (claim,) = [c for c in _extract(text, dt.date(2024, 6, 14)) if quote in c.quote]
    assert claim.as_of == dt.date.fromisoformat(as_of)


def test_a_date_across_a_semicolon_dates_the_other_clause() -> None:
    """ "raised its toll to 183, its ministry said; last year it recorded 313 deaths":
    last year is the 313's, not the 183's."""
    text = "Indonesia raised its toll to 183, its ministry said; last year it recorded 313 deaths."
    claims = {c.quote: c for c in _extract(text)}
    toll = next(c for q, c in claims.items() if "183" in q)
    last_year = next(c for q, c in claims.items() if "313" in q)
    assert last_year.as_of is not None and last_year.as_of.year == PUBLISHED.year - 1
    assert toll.as_of is None or toll.as_of.year == PUBLISHED.year


def test_any_gap_fills_exactly_the_gaps_one_of_its_four_patterns_fills() -> None:
    """_ANY_GAP stands in front of the four gap patterns: where it fails, each must fail."""
    from figcheck.extractors import rules

    four = (
        rules._CONVERSION_GAP,
        rules.COORDINATION_GAP,
        rules._SECOND_OF_PAIR,
        rules._FIGURES_JOINED,
    )
    gaps = [
        *(" (", "(", " ( ", " (about ", ", ", ",", ", and ", ", or ", " and ", " or ", "\tor\t"),
        *("  and\n", " to ", ", the army's figure, to ", ", x,  to  ", " people and ", " of "),
        *("", " ", ", which ", " killed; "),
    ]
    for gap in gaps:
        expected = any(p.fullmatch(gap) for p in four)
        assert (rules._ANY_GAP.fullmatch(gap) is not None) == expected, gap
