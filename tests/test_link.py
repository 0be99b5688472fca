"""link: which claims state the same quantity, within and across articles."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from figcheck.extractors import extract_article
from figcheck.link import Decision, _Group, _merge_tied, same_quantity
from figcheck.link import link as _link
from figcheck.link._story import _by_moment
from figcheck.models import Article, Claim, Qualifier, Reading, Scope
from figcheck.pipeline import check
from figcheck.read import read_all
from figcheck.read._quantity import read_quantity


def link(claims: list[Claim], articles: list[Article], **options: Any) -> list[Claim]:
    """Claims built by hand are read first, as extraction reads every claim it returns."""
    return _link(read_all(claims, articles), articles, **options)


def _decide(a: Claim, art_a: Article, b: Claim, art_b: Article) -> Decision:
    (ra,) = read_all([a], [art_a])
    (rb,) = read_all([b], [art_b])
    return same_quantity(ra, rb)


DAY = dt.date(2024, 1, 3)


def _article(aid: str, text: str, published: dt.date = DAY) -> Article:
    return Article(id=aid, text=text, published=published, outlet=aid.upper())


def _claim(cid: str, article: Article, quote: str, measure: str, **fields: Any) -> Claim:
    start = article.text.index(quote)
    base: dict[str, Any] = {
        "low": 1.0,
        "high": 1.0,
        "qualifier": Qualifier.exact,
        "scope": Scope.event,
        "as_of": DAY,
    }
    base.update(fields)
    return Claim(
        id=cid,
        article=article.id,
        start=start,
        end=start + len(quote),
        quote=quote,
        measure=measure,
        **base,
    )


A = _article(
    "a",
    "Moscow said 248 Russian soldiers were repatriated on Wednesday. “More than 200 of our "
    "soldiers and civilians have returned,” Ukrainian President Volodymyr Zelensky said. "
    "Among them were 66 defenders of the Azovstal plant. Since February 24, 2022, 2,828 Ukrainian "
    "defenders have returned home. At least 12 civilians were killed in shelling.",
)
B = _article(
    "b",
    "Kyiv said 230 Ukrainian servicemen were freed in the swap. Ukraine released 248 Russian "
    "POWs. Earlier, 300 prisoners were freed. Israel freed 39 Palestinian prisoners. "
    "Three soldiers were killed. The 230 Ukrainians came home on Wednesday.",
)

PAIRS = [
    # (claim a, claim b, same?)
    pytest.param(
        ("a", "248 Russian soldiers", "Russian soldiers repatriated", {}),
        ("b", "248 Russian POWs", "Russian POWs released by Ukraine", {}),
        True,
        id="soldiers-repatriated=POWs-released-across-outlets",
    ),
    pytest.param(
        ("a", "More than 200 of our soldiers", "soldiers and civilians returned", {}),
        ("b", "230 Ukrainian servicemen", "Ukrainian servicemen freed", {}),
        True,
        id="our-soldiers-is-the-speakers-side",
    ),
    pytest.param(
        ("a", "248 Russian soldiers", "Russian soldiers repatriated", {}),
        ("b", "230 Ukrainian servicemen", "Ukrainian servicemen freed", {}),
        False,
        id="different-sides-of-one-swap",
    ),
    pytest.param(
        ("a", "248 Russian soldiers", "Russian soldiers repatriated", {}),
        ("b", "248 Russian POWs", "Russian POWs released", {"as_of": dt.date(2023, 8, 1)}),
        False,
        id="different-swaps",
    ),
    pytest.param(
        (
            "a",
            "2,828",
            "defenders returned home since the invasion",
            {"scope": Scope.cumulative, "since": dt.date(2022, 2, 24)},
        ),
        ("b", "230 Ukrainian servicemen", "Ukrainian servicemen freed", {}),
        False,
        id="running-total-is-not-the-event",
    ),
    pytest.param(
        ("a", "66 defenders", "Azovstal defenders", {}),
        ("b", "230 Ukrainian servicemen", "Ukrainian servicemen freed", {}),
        False,
        id="a-part-is-not-its-whole",
    ),
    pytest.param(
        ("a", "At least 12 civilians", "civilians killed in shelling", {}),
        ("b", "Three soldiers", "soldiers killed", {}),
        False,
        id="civilians-are-not-soldiers",
    ),
    pytest.param(
        ("b", "300 prisoners", "prisoners freed", {}),
        ("b", "230 Ukrainians", "Ukrainians came home", {}),
        False,
        id="prisoners-are-not-surely-the-ukrainians",
    ),
    pytest.param(
        ("b", "39 Palestinian prisoners", "Palestinian prisoners freed by Israel", {}),
        ("b", "230 Ukrainians", "Ukrainians came home", {}),
        False,
        id="other-conflict-other-side",
    ),
]


def _make(spec: tuple[str, str, str, dict[str, Any]], cid: str) -> tuple[Claim, Article]:
    article = {"a": A, "b": B}[spec[0]]
    return _claim(cid, article, spec[1], spec[2], **spec[3]), article


@pytest.mark.parametrize(("left", "right", "same"), PAIRS)
def test_same_quantity(
    left: tuple[str, str, str, dict[str, Any]],
    right: tuple[str, str, str, dict[str, Any]],
    same: bool | None,
) -> None:
    a, art_a = _make(left, "x")
    b, art_b = _make(right, "y")
    decision = _decide(a, art_a, b, art_b)
    assert decision.same is same, decision.reason
    assert decision.reason


def _swap_claims() -> list[Claim]:
    return [
        _claim("c1", A, "248 Russian soldiers", "Russian soldiers repatriated", low=248, high=248),
        _claim(
            "c2",
            A,
            "More than 200 of our soldiers",
            "soldiers and civilians returned",
            low=200,
            high=None,
            low_open=True,
            qualifier=Qualifier.more_than,
        ),
        _claim("c3", A, "66 defenders", "Azovstal defenders", low=66, high=66),
        _claim(
            "c4",
            A,
            "2,828 Ukrainian defenders",
            "defenders returned home",
            low=2828,
            high=2828,
            scope=Scope.cumulative,
            since=dt.date(2022, 2, 24),
        ),
        _claim(
            "c5", B, "230 Ukrainian servicemen", "Ukrainian servicemen freed", low=230, high=230
        ),
        _claim("c6", B, "248 Russian POWs", "Russian POWs released", low=248, high=248),
        _claim("c7", B, "300 prisoners", "prisoners freed", low=300, high=300),
    ]


def test_link_keys_are_shared_across_articles_and_readable() -> None:
    keyed = {c.id: c.key for c in link(_swap_claims(), [A, B])}
    assert keyed["c1"] == keyed["c6"] == "2024-01-03/russians-returned"
    assert keyed["c2"] == keyed["c5"] == "2024-01-03/ukrainians-returned"
    assert keyed["c4"] == "since-2022-02-24@2024-01-03/ukrainians-returned"
    assert len({keyed["c1"], keyed["c2"], keyed["c3"], keyed["c4"], keyed["c7"]}) == 5


def test_link_returns_copies_and_keeps_order() -> None:
    claims = _swap_claims()
    keyed = link(claims, [A, B])
    assert [c.id for c in keyed] == [c.id for c in claims]
    assert all(c.key == "" for c in claims)


def test_story_linker_sees_each_story_once_and_its_valid_groups_count() -> None:
    seen: list[list[str]] = []

    def linker(story: list[Claim]) -> list[list[str]]:
        seen.append([c.id for c in story])
        assert all(c.reading is not None for c in story)  # it gets readings, not text
        return [["c7", "c5", "c2"], ["nope", "c1"]]

    keyed = {c.id: c for c in link(_swap_claims(), [A, B], story_linker=linker)}
    assert len(seen) == 1 and set(seen[0]) == {f"c{i}" for i in range(1, 8)}
    assert keyed["c7"].key == keyed["c5"].key == keyed["c2"].key
    assert any("story linker" in n for n in keyed["c7"].notes)
    assert keyed["c1"].key == keyed["c6"].key  # an unknown id is dropped, the rest stands
    # who decided each key travels with the claim: the model for the claims it answered
    assert keyed["c7"].keyed_by == "story linker"


def test_story_linker_groups_are_split_where_hard_constraints_differ() -> None:
    """A model may not merge a running total with one swap's figure: code disposes."""
    keyed = {
        c.id: c
        for c in link(_swap_claims(), [A, B], story_linker=lambda story: [["c4", "c5", "c2"]])
    }
    assert keyed["c4"].key != keyed["c5"].key
    assert keyed["c5"].key == keyed["c2"].key
    assert any("split" in n for n in keyed["c4"].notes)


def test_without_a_story_linker_answer_the_rules_keys_stand() -> None:
    plain = {c.id: c.key for c in link(_swap_claims(), [A, B])}
    keyed = {c.id: c for c in link(_swap_claims(), [A, B], story_linker=lambda story: None)}
    assert {i: c.key for i, c in keyed.items()} == plain
    assert any("no answer" in n for n in keyed["c7"].notes)
    assert all(c.keyed_by is None for c in keyed.values())


def test_claims_of_other_stories_never_reach_the_linker() -> None:
    other = _article("z", "Floods in Kerala killed 40 people, officials in Kerala said.")
    asked: list[set[str]] = []
    claims = [*_swap_claims(), _claim("k", other, "40 people", "people killed by floods")]

    def linker(story: list[Claim]) -> None:
        asked.append({c.article for c in story})

    link(claims, [A, B, other], story_linker=linker)
    assert {"z"} not in asked and all("z" not in arts or arts == {"z"} for arts in asked)


# --- precision on other beats: positive evidence of sameness, else apart -------------------

QUAKE_A = Article(
    id="qa",
    title="Quake death toll rises in Nepal",
    text=(
        "Quake death toll rises in Nepal\n"
        "The death toll from the earthquake in western Nepal rose to 350 on Monday, officials "
        "said. Nine people are still missing, while 1.08 million people were affected. "
        "In Jajarkot district, 49 people died and 102 were injured. At least 122 of the dead "
        "were in Rukum district. About 12,000 homes collapsed. The magnitude-6.1 quake struck "
        "at a depth of 10 kilometers (6 miles), the U.S. Geological Survey said. An "
        "18-year-old volunteer said 18 villages were flattened. Nepal, a nation of 30 million "
        "people, has seen worse."
    ),
    published=dt.date(2023, 11, 6),
    outlet="Wire A",
)
QUAKE_B = Article(
    id="qb",
    title="Nepal quake: toll climbs",
    text=(
        "Nepal quake: toll climbs\n"
        "The government of Nepal raised the death toll to 413 on Monday. China's earthquake "
        "agency put the magnitude at 6.5. Nepal is home to 31 million people."
    ),
    published=dt.date(2023, 11, 6),
    outlet="Wire B",
)
FLOOD = Article(
    id="fl",
    title="Floods in Brazil",
    text=(
        "Floods in Brazil\n"
        "The death toll from floods in southern Brazil rose to 413 on Monday, officials in "
        "Porto Alegre said."
    ),
    published=dt.date(2023, 11, 6),
    outlet="Wire C",
)
VOTE = Article(
    id="vote",
    title="Runoff turnout",
    text=(
        "Turnout in the runoff was 61%, the commission said, with 12 million votes cast. "
        "Hamas freed 3 hostages while Israel released 183 Palestinian prisoners."
    ),
    published=dt.date(2023, 11, 6),
    outlet="Wire D",
)
BOAT = Article(
    id="boat",
    title="Migrant boat capsizes off Florida",
    text=(
        "The boat was carrying 40 people when it capsized off Florida, the Coast Guard said. "
        "One man survived, 39 people are missing and 5 bodies were recovered."
    ),
    published=dt.date(2022, 1, 27),
    outlet="Wire E",
)
NEWS = {a.id: a for a in (QUAKE_A, QUAKE_B, FLOOD, VOTE, BOAT)}
TOLL = {"scope": Scope.cumulative, "as_of": dt.date(2023, 11, 6)}


_WORDS = {"Nine": 9.0}


def _value(quote: str) -> float:
    """The figure a quote states: "1.08 million people" -> 1080000, "Nine people" -> 9."""
    first = quote.split()[0]
    if first in _WORDS:
        return _WORDS[first]
    m = re.search(r"(\d[\d,]*(?:\.\d+)?)(\s+million)?", quote)
    assert m, quote
    return float(m.group(1).replace(",", "")) * (1e6 if m.group(2) else 1)


def _spec(aid: str, quote: str, measure: str, **fields: Any) -> Claim:
    article = NEWS[aid]
    value = _value(quote)
    base: dict[str, Any] = {"as_of": None, "low": value, "high": value}
    base.update(fields)
    return _claim(f"{aid}:{quote}", article, quote, measure, **base)


BEATS = [
    pytest.param(
        _spec("qa", "Nine people", "people still missing", **TOLL),
        _spec("qa", "1.08 million people", "people affected", **TOLL),
        False,
        id="quake-missing-is-not-affected",
    ),
    pytest.param(
        _spec("qa", "49 people", "people died"),
        _spec("qa", "102", "injured"),
        False,
        id="quake-dead-is-not-injured",
    ),
    pytest.param(
        _spec("qa", "49 people", "people died"),
        _spec("qa", "At least 122 of the dead", "dead"),
        False,
        id="quake-one-district-is-not-another",
    ),
    pytest.param(
        _spec("qa", "350", "death toll", **TOLL),
        _spec("qb", "413", "death toll", **TOLL),
        True,
        id="quake-one-days-toll-from-two-reports-is-one-quantity",
    ),
    pytest.param(
        _spec("qa", "About 12,000 homes", "homes collapsed"),
        _spec("qa", "1.08 million people", "people affected"),
        False,
        id="quake-homes-are-not-people",
    ),
    pytest.param(
        _spec("qa", "magnitude-6.1", "magnitude", source="U.S. Geological Survey"),
        _spec("qb", "6.5", "magnitude", source="China's earthquake agency"),
        True,
        id="quake-two-agencies-one-magnitude",
    ),
    pytest.param(
        _spec("qa", "18-year-old volunteer", "volunteer"),
        _spec("qa", "18 villages", "villages flattened"),
        False,
        id="quake-an-age-is-not-a-count",
    ),
    pytest.param(
        _spec("qa", "10 kilometers", "depth"),
        _spec("qa", "6 miles", "depth"),
        False,
        id="quake-kilometres-are-not-miles",
    ),
    pytest.param(
        _spec("qa", "30 million", "population of Nepal"),
        _spec("qb", "31 million people", "population of Nepal"),
        True,
        id="quake-a-population-is-one-fact-across-outlets",
    ),
    pytest.param(
        _spec("vote", "61%", "turnout"),
        _spec("vote", "12 million votes", "votes cast"),
        False,
        id="election-turnout-is-not-votes",
    ),
    pytest.param(
        _spec("vote", "3 hostages", "hostages freed"),
        _spec("vote", "183 Palestinian prisoners", "prisoners released"),
        False,
        id="hostage-release-hostages-are-not-prisoners",
    ),
    pytest.param(
        _spec("boat", "40 people", "people"),
        _spec("boat", "39 people", "people"),
        False,
        id="capsizing-aboard-is-not-missing",
    ),
    pytest.param(
        _spec("boat", "39 people", "people"),
        _spec("boat", "5 bodies", "bodies"),
        False,
        id="capsizing-missing-is-not-dead",
    ),
]


@pytest.mark.parametrize(("left", "right", "same"), BEATS)
def test_sameness_needs_positive_evidence(left: Claim, right: Claim, same: bool) -> None:
    decision = _decide(left, NEWS[left.article], right, NEWS[right.article])
    assert bool(decision.same) is same, decision.reason
    keyed = {c.id: c.key for c in link([left, right], list(NEWS.values()))}
    assert (keyed[left.id] == keyed[right.id]) is same


def test_figures_of_different_stories_never_share_a_key() -> None:
    """A Nepal quake's toll and a Brazil flood's, the same day, the same value: apart."""
    quake = _spec("qb", "413", "death toll", **TOLL)
    flood = _spec("fl", "413", "death toll", **TOLL)
    same = _decide(quake, QUAKE_B, flood, FLOOD)
    assert same.same, "read alone, the two tolls look alike: only the story tells them apart"
    keyed = {c.id: c.key for c in link([quake, flood], list(NEWS.values()))}
    assert keyed[quake.id] != keyed[flood.id]


def test_two_sources_in_one_article_on_one_event_share_a_key() -> None:
    """The canonical attributed disagreement stays linked: it is reported news."""
    art = Article(
        id="blast",
        text="The health ministry said 120 people were killed, while the army said 80 died.",
        published=DAY,
    )
    ministry = _claim(
        "m", art, "120 people", "people killed", source="health ministry", low=120, high=120
    )
    army = _claim("a", art, "80", "people died", source="army", low=80, high=80)
    keyed = {c.id: c.key for c in link([ministry, army], [art])}
    assert keyed["m"] == keyed["a"]


def test_one_voice_giving_two_figures_is_one_quantity_stated_twice() -> None:
    """Value-blind: what is counted decides, so one voice's two figures for one thing are
    linked and their disagreement reaches cross-checking (the seeds' 230 vs 2,828)."""
    art = Article(
        id="raid",
        text="Police arrested 12 people on Friday. Police arrested 30 people on Friday.",
        published=DAY,
    )
    first = _claim("f", art, "12 people", "people arrested", low=12, high=12)
    second = _claim("s", art, "30 people", "people arrested", low=30, high=30)
    decision = _decide(first, art, second, art)
    assert decision.same is True, decision.reason
    assert "arrested" in decision.reason


# --- grouping recall: stable attributes by story, tolls by the moment of reporting ----------

SUN, MON, TUE, WED = (dt.date(2024, 4, d) for d in (7, 8, 9, 10))
TAIWAN_SUN = Article(
    id="tw1",
    title="At least 175 dead as strong quake hits Taiwan",
    text=(
        "At least 175 dead as strong quake hits Taiwan\n"
        "A magnitude-7.2 earthquake struck off eastern Taiwan on Sunday. At least 175 people "
        "were killed, the fire agency said. Rescuers searched collapsed buildings in Taiwan."
    ),
    published=SUN,
    outlet="Wire A",
)
TAIWAN_MON = Article(
    id="tw2",
    title="Taiwan quake toll nears 400",
    text=(
        "Taiwan quake toll nears 400\n"
        "Sunday's quake killed at least 398 people in Taiwan, officials said on Monday. Nearly "
        "400 people died, the toll rose. The U.S. Geological Survey measured the quake at "
        "magnitude 7.4. Aftershocks of magnitude 4.5 and higher shook Taiwan overnight."
    ),
    published=MON,
    outlet="Wire B",
)
FLOOD_TUE = Article(
    id="kn1",
    title="Kenya flash floods kill 45",
    text=(
        "Kenya flash floods kill 45\n"
        "Flash floods swept through Mai Mahiu in Kenya on Monday. The floods killed at least "
        "45 people, police said on Tuesday."
    ),
    published=TUE,
    outlet="Wire C",
)
FLOOD_TUE_2 = Article(
    id="kn2",
    title="Kenya floods: dozens dead",
    text=(
        "Kenya floods: dozens dead\n"
        "At least 45 people died in Monday's flash flood at Mai Mahiu in Kenya, officials said."
    ),
    published=TUE,
    outlet="Wire D",
)
FLOOD_WED = Article(
    id="kn3",
    title="Kenya flood toll rises",
    text=(
        "Kenya flood toll rises\n"
        "The toll from Monday's flash flood at Mai Mahiu in Kenya rose to 52 on Wednesday."
    ),
    published=WED,
    outlet="Wire E",
)
STORM = Article(
    id="otis",
    title="Hurricane Otis toll",
    text=(
        "Hurricane Otis killed 27 people in Acapulco on Wednesday, the governor said. The "
        "storm's death toll stands at 27, officials said on Thursday."
    ),
    published=dt.date(2023, 10, 26),
    outlet="Wire F",
)
SHOOTING = Article(
    id="shoot",
    title="Gunman kills at least 3",
    text=(
        "Gunman kills at least 3\n"
        "At least 3 people were killed in the shooting at a mall in Texas on Saturday, police "
        "said. A witness said 30 people were killed."
    ),
    published=dt.date(2024, 5, 4),
    outlet="Wire G",
)
MOMENTS = {a.id: a for a in (TAIWAN_SUN, TAIWAN_MON, FLOOD_TUE, FLOOD_TUE_2, FLOOD_WED)}
MOMENTS |= {a.id: a for a in (STORM, SHOOTING)}
RUNNING = Scope.cumulative
AT_LEAST = {"qualifier": Qualifier.at_least, "high": None}


def _at(aid: str, quote: str, measure: str, **fields: Any) -> Claim:
    value = _value(quote.replace("Nearly ", ""))
    base: dict[str, Any] = {"as_of": None, "low": value, "high": value}
    base.update(fields)
    return _claim(f"{aid}:{quote}:{measure}", MOMENTS[aid], quote, measure, **base)


GROUPING = [
    pytest.param(
        _at("tw1", "magnitude-7.2", "magnitude of the earthquake", as_of=SUN),
        _at("tw2", "magnitude 7.4", "magnitude", source="U.S. Geological Survey"),
        True,
        id="quake-magnitude-is-one-quantity-across-days-and-agencies",
    ),
    pytest.param(
        _at("tw2", "magnitude 7.4", "magnitude", source="U.S. Geological Survey"),
        _at("tw2", "magnitude 4.5 and higher", "aftershocks magnitude", **AT_LEAST),
        False,
        id="quake-aftershock-floor-is-not-the-main-magnitude",
    ),
    pytest.param(
        _at("tw1", "At least 175 dead", "dead", scope=RUNNING, as_of=SUN, **AT_LEAST),
        _at("tw1", "At least 175 people", "people killed", as_of=SUN, **AT_LEAST),
        True,
        id="quake-headline-total-and-body-event-toll-are-one-count",
    ),
    pytest.param(
        _at("tw2", "at least 398 people", "people killed", as_of=SUN, **AT_LEAST),
        _at(
            "tw2",
            "Nearly 400 people",
            "people died",
            scope=RUNNING,
            as_of=MON,
            qualifier=Qualifier.nearly,
            low=360,
        ),
        True,
        id="quake-sundays-quake-killed-is-the-toll-as-reported-monday",
    ),
    pytest.param(
        _at("tw1", "At least 175 people", "people killed", as_of=SUN, **AT_LEAST),
        _at(
            "tw2",
            "Nearly 400 people",
            "people died",
            as_of=SUN,
            qualifier=Qualifier.nearly,
            low=360,
        ),
        False,
        id="quake-tolls-of-two-reporting-days-stay-apart",
    ),
    pytest.param(
        _at("kn1", "at least 45 people", "people killed", scope=RUNNING, as_of=TUE, **AT_LEAST),
        _at("kn2", "At least 45 people", "people died", as_of=MON, **AT_LEAST),
        True,
        id="flood-same-toll-same-day-in-two-outlets",
    ),
    pytest.param(
        _at("kn2", "At least 45 people", "people died", as_of=MON, **AT_LEAST),
        _at("kn3", "52", "death toll", scope=RUNNING, as_of=WED),
        False,
        id="flood-a-later-toll-is-another-moment",
    ),
    pytest.param(
        _at("otis", "27 people", "people killed", as_of=dt.date(2023, 10, 25)),
        _at("otis", "27", "death toll", scope=RUNNING, as_of=dt.date(2023, 10, 26)),
        True,
        id="storm-event-toll-and-running-toll-stated-twice",
    ),
    pytest.param(
        _at(
            "shoot",
            "At least 3 people",
            "people killed",
            as_of=dt.date(2024, 5, 4),
            source="police",
            **AT_LEAST,
        ),
        _at("shoot", "30 people", "people killed", as_of=dt.date(2024, 5, 4), source="witness"),
        True,
        id="shooting-police-3-and-witness-30-are-one-count-two-voices",
    ),
]


@pytest.mark.parametrize(("left", "right", "same"), GROUPING)
def test_grouping_keys_stable_facts_by_story_and_tolls_by_moment(
    left: Claim, right: Claim, same: bool
) -> None:
    keyed = {c.id: c.key for c in link([left, right], list(MOMENTS.values()))}
    assert (keyed[left.id] == keyed[right.id]) is same, keyed


# --- captives' states, counted subjects ----------------------------------------------

CAPTIVES = {
    a.id: a
    for a in (
        _article(
            "gaza",
            "Hamas freed 3 hostages on Saturday, the Israeli army said. About 79 hostages remain"
            " in Gaza after the release, the Hostages Forum said. Israel says 35 hostages are"
            " presumed dead, while the forum says 34 hostages have died. Gaza's health ministry"
            " says more than 47,400 people have been killed. The army said 4 hostages were freed,"
            " while Hamas said it freed 3 hostages.",
        ),
        _article(
            "caucasus",
            "Azerbaijan released 32 Armenian prisoners on Wednesday, officials said, while"
            " 23 Armenian prisoners are still held in Baku, rights groups said.",
        ),
        _article(
            "prison",
            "The army said 40 prisoners were killed in the strike on the prison; regional"
            " officials said 100 people were killed in the shelling.",
        ),
    )
}


def _cap(aid: str, quote: str, measure: str, source: str, nth: int = 0) -> Claim:
    article = CAPTIVES[aid]
    start = [m.start() for m in re.finditer(re.escape(quote), article.text)][nth]
    value = float(re.sub(r"[^\d]", "", re.findall(r"\d[\d,]*", quote)[0]))
    return Claim(
        id=f"{aid}:{quote}:{nth}",
        article=aid,
        start=start,
        end=start + len(quote),
        quote=quote,
        measure=measure,
        low=value,
        high=value,
        qualifier=Qualifier.exact,
        scope=Scope.event,
        as_of=DAY,
        source=source,
    )


CAPTIVE_PAIRS = [
    pytest.param(
        _cap("gaza", "3 hostages", "hostages freed", "army"),
        _cap("gaza", "About 79 hostages", "hostages", "Hostages Forum"),
        False,
        id="hostages-freed-today-are-not-those-still-held",
    ),
    pytest.param(
        _cap("caucasus", "32 Armenian prisoners", "Armenian prisoners released", "officials"),
        _cap("caucasus", "23 Armenian prisoners", "Armenian prisoners", "rights groups"),
        False,
        id="prisoners-released-are-not-those-still-held",
    ),
    pytest.param(
        _cap("gaza", "35 hostages", "hostages presumed", "Israel"),
        _cap("gaza", "more than 47,400 people", "people killed", "health ministry"),
        False,
        id="hostages-presumed-dead-are-not-a-war-toll",
    ),
    pytest.param(
        _cap("prison", "40 prisoners", "prisoners killed", "army"),
        _cap("prison", "100 people", "people killed", "regional officials"),
        False,
        id="prisoners-killed-are-not-everyone-killed",
    ),
    pytest.param(
        _cap("gaza", "35 hostages", "hostages presumed", "Israel"),
        _cap("gaza", "34 hostages", "hostages died", "forum"),
        True,
        id="two-sources-on-the-hostages-dead-still-link",
    ),
    pytest.param(
        _cap("gaza", "4 hostages", "hostages freed", "army"),
        _cap("gaza", "3 hostages", "hostages freed", "Hamas", nth=1),
        True,
        id="two-sources-on-the-hostages-freed-still-link",
    ),
]


@pytest.mark.parametrize(("left", "right", "same"), CAPTIVE_PAIRS)
def test_captives_link_only_in_one_state_and_of_one_kind(
    left: Claim, right: Claim, same: bool
) -> None:
    keyed = {c.id: c.key for c in link([left, right], list(CAPTIVES.values()))}
    assert (keyed[left.id] == keyed[right.id]) is same, keyed


@pytest.mark.parametrize(
    ("sentence", "quote", "noun", "state"),
    [
        ("Of the 79 hostages, 35 are presumed dead, Israel says.", "35", "hostages", "dead"),
        ("Hamas freed 3 hostages on Saturday.", "3 hostages", "hostages", "released"),
        ("The swap leaves about 76 hostages in Gaza.", "about 76 hostages", "hostages", "held"),
        ("In all, 251 people were abducted on Oct. 7.", "251 people", "people", "taken"),
        (
            "Kyiv managed to recover nearly 2,600 of its citizens held captive.",
            "nearly 2,600",
            "people",
            "released",
        ),
        (
            "More than 47,400 have been killed, most of them Palestinians.",
            "More than 47,400",
            "people",
            None,
        ),
        ("The toll rose to 600 almost three days after the quake.", "600", None, None),
        (
            "Hamas handed over 18 hostages in four hostage handoffs.",
            "four hostage handoffs",
            "events",
            None,
        ),
    ],
)
def test_a_bare_figure_reads_its_kind_and_state_from_the_sentence(
    sentence: str, quote: str, noun: str | None, state: str | None
) -> None:
    article = _article("s", sentence)
    q = read_quantity(_claim("c", article, quote, ""), article)
    assert (q.noun, q.state) == (noun, state)


def _keys_of(*articles: Article) -> dict[str, str]:
    return {c.quote: c.key for c in check(list(articles), "rules").claims}


def test_a_publication_date_bounds_a_stated_month_from_above() -> None:
    """ "added 187,000 jobs in August" (1 September) and "added 170,000 jobs" (2 September):
    the undated report may be of August, so they are one quantity and disagree."""
    keys = _keys_of(
        _article(
            "a",
            "Employers added 187,000 jobs in August, the Labor Department said.",
            dt.date(2023, 9, 1),
        ),
        _article(
            "b", "The economy added 170,000 jobs, the Labor Department said.", dt.date(2023, 9, 2)
        ),
    )
    assert keys["187,000 jobs"] == keys["170,000 jobs"]


def test_a_month_reported_long_after_is_another_event() -> None:
    keys = _keys_of(
        _article(
            "a",
            "Employers added 187,000 jobs in August, the Labor Department said.",
            dt.date(2023, 9, 1),
        ),
        _article(
            "b", "The economy added 170,000 jobs, the Labor Department said.", dt.date(2023, 12, 8)
        ),
    )
    assert keys["187,000 jobs"] != keys["170,000 jobs"]


def test_how_captives_were_taken_does_not_split_one_release() -> None:
    """ "13 hostages taken on 7 October were freed": "taken" says who they are, so with the
    same action it does not keep them from a release; held and released stay apart."""
    a = _article("a", "Hamas freed 13 Israeli hostages taken in the raid, the army said.")
    b = _article("b", "Hamas freed 12 Israeli hostages, officials said.")
    seen = {"noun": "hostages", "action": "returned", "side": "israeli", "count": True}

    def read(claim: Claim, state: str) -> Claim:
        return claim.model_copy(update={"reading": Reading(state=state, **seen)})

    left = _claim("a1", a, "13 Israeli hostages", "Israeli hostages")
    right = _claim("b1", b, "12 Israeli hostages", "Israeli hostages")
    assert same_quantity(read(left, "taken"), read(right, "released")).same
    assert not same_quantity(read(left, "held"), read(right, "released")).same


def test_a_part_of_one_breakdown_links_with_the_same_figure_reported_alone() -> None:
    """One outlet lists "one Filipino" among 24 freed, another reports the Filipino alone."""
    report = check(
        [
            _article(
                "a",
                "Hamas freed 24 hostages on Friday, including 13 Israelis, 10 Thai citizens and"
                " one Filipino citizen, the Red Cross said.",
            ),
            _article("b", "Manila said two Filipino citizens were among those freed on Friday."),
        ],
        "rules",
    )
    by_quote = {c.quote: c for c in report.claims}
    part, alone = by_quote["one Filipino citizen"], by_quote["two Filipino citizens"]
    assert part.reading and part.reading.part and alone.reading and not alone.reading.part
    assert part.key == alone.key


def test_one_sides_figure_is_not_the_unsided_total_of_the_same_report() -> None:
    """ "24 hostages freed ... one Filipino freed": in one report, the whole and one side's."""
    keys = _keys_of(
        _article(
            "a",
            "Hamas freed 24 hostages on Friday. Manila said one Filipino citizen was freed.",
        ),
    )
    assert keys["24 hostages"] != keys["one Filipino citizen"]


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("Hamas freed 12 Thai hostages on Friday.", "thai"),
        ("Police detained 40 Vietnamese workers at the border.", "vietnamese"),
        ("The storm killed 9 Malaysian fishermen, officials said.", "malaysian"),
        ("Thailand said 12 of its citizens were freed.", "thai"),
        ("Officials said 53 of the passengers were Nepalese.", "nepalese"),
        ("Officials said 12 of the hostages were from Thailand.", "thai"),
    ],
)
def test_every_nation_is_a_side(text: str, side: str) -> None:
    """Sides come from a country dataset, not only from the conflicts we happened to read."""
    report = check([_article("a", text)], "rules")
    assert [c.reading.side for c in report.claims if c.reading] == [side]


def test_a_toll_a_source_gave_on_friday_is_fridays_count_when_printed_on_saturday() -> None:
    """ "145 dead, the junta said on Friday" printed Saturday is Friday's toll, as is Friday's
    own report of it; a toll the text dates by its event ("Sunday's quake") is not."""
    friday, saturday = dt.date(2023, 5, 19), dt.date(2023, 5, 20)
    report = check(
        [
            _article(
                "fri",
                "Cyclone Mocha has killed at least 145 people in Myanmar, state TV said.",
                friday,
            ),
            _article(
                "sat",
                "Cyclone Mocha killed 140 people in Myanmar, state TV said on Friday.",
                saturday,
            ),
        ],
        "rules",
    )
    moments = {c.quote: c.reading.moment for c in report.claims if c.reading}
    assert moments == {"at least 145 people": friday, "140 people": friday}
    keys = {c.key for c in report.claims}
    assert len(keys) == 1
    assert any(f.verdict.value == "inconsistent" for f in report.findings)


def test_figures_whose_quotes_name_different_things_never_share_a_key() -> None:
    """All on board, yet "68 passengers", "four crew members" and "three infants" are three
    quantities; the crew told twice is one."""
    report = check(
        [
            _article(
                "a",
                "The Yeti Airlines plane was carrying 68 passengers and four crew members when"
                " it crashed in Pokhara, the airline said.",
            ),
            _article(
                "b",
                "The Yeti Airlines plane had five crew members and three infants on board"
                " when it crashed in Pokhara, officials said.",
            ),
        ],
        "rules",
    )
    keys = {c.quote: c.key for c in report.claims}
    assert keys["four crew members"] == keys["five crew members"]
    assert len({keys["68 passengers"], keys["four crew members"], keys["three infants"]}) == 3


LIST_TEXT = (
    "Storm hits the coast\n"
    "The cyclone killed at least 140 people in the state, officials said on Friday. "
    "The dead included 24 locals and 117 Rohingya, the military said. "
    "Among the passengers on the ferry were three infants, three children and 62 adults. "
    "Floods killed 13 and injured 50 in the capital, the ministry said."
)


def test_items_of_one_list_count_different_things_whatever_their_figures() -> None:
    """A list of counts ("24 locals and 117 Rohingya") names sub-groups: never one
    quantity, even when its items read alike; a verb between figures ends the list."""
    result = check([_article("list", LIST_TEXT)], "rules")
    by_quote = {c.quote.split()[0]: c for c in result.claims}
    listed = {q: c.reading.listed for q, c in by_quote.items() if c.reading is not None}
    assert listed["24"] is not None and listed["24"] == listed["117"]
    assert listed["three"] is not None and listed["62"] == listed["three"] != listed["24"]
    assert listed["13"] is None or listed["13"] != listed["50"]
    for a, b in (("24", "117"), ("three", "62")):
        assert by_quote[a].key != by_quote[b].key
        assert same_quantity(by_quote[a], by_quote[b]).reason == "items of one list of counts"


def test_a_rate_named_only_by_its_clause_links_across_outlets() -> None:
    """A measure that only names a unit ("percent") takes what is measured from the
    clause before the figure, so two outlets' participation rates share a key."""
    one = _article(
        "rate-a",
        "Jobs report\nUS employers added jobs in August, the Labor Department said. The labor "
        "force participation rate inched up by 0.2 percent in August to 62.8 percent.",
        dt.date(2023, 9, 1),
    )
    two = _article(
        "rate-b",
        "Hiring slows\nUS payrolls grew last month, the Labor Department said. Labor force "
        "participation rose 0.2 percentage points to 62.8 percent.",
        dt.date(2023, 9, 1),
    )
    claims = check([one, two], "rules").claims
    levels = [c for c in claims if c.quote.startswith("62.8")]
    assert len(levels) == 2
    assert all(c.reading is not None and "participation" in c.reading.descriptor for c in levels)
    assert levels[0].key == levels[1].key


def test_crowd_estimates_worded_as_attendance_link_with_the_protesters_count() -> None:
    """A crowd is counted as attendance, turnout or people gathered as often as protesters:
    one quantity, whose rival estimates are what a reviewer wants compared."""
    one = _article(
        "crowd-a",
        "March in Lisbon\nAbout 40,000 protesters marched in Lisbon on Saturday, police said.",
        dt.date(2024, 5, 4),
    )
    two = _article(
        "crowd-b",
        "Lisbon rally\nOrganisers put attendance at 120,000 at the Lisbon march on Saturday.",
        dt.date(2024, 5, 5),
    )
    three = _article(
        "crowd-c",
        "Lisbon protest\nThe turnout was 95,000, the organisers of the Lisbon march said.",
        dt.date(2024, 5, 5),
    )
    claims = check([one, two, three], "rules").claims
    crowd = [c for c in claims if c.figure_text in ("About 40,000", "120,000", "95,000")]
    assert len(crowd) == 3
    assert len({c.key for c in crowd}) == 1


def test_a_claim_fitting_two_groups_alike_joins_the_one_more_members_agree_with() -> None:
    """The crowd estimate fits the crowd's group (two reports) and a stray "one stage"
    read as a protest count alike, and shares a subject with the stray one; both of
    the crowd's reports agree with it and the stray one is alone, so it is the crowd's."""
    texts = [
        "About 40,000 protesters marched against the Costa government in Lisbon on Saturday,"
        " police said.",
        "Organisers said 120,000 people took part in the Lisbon march against the Costa"
        " government on Saturday.",
        "At the Lisbon rally against the Costa government, protesters set up one stage for"
        " speeches.",
        "In Lisbon, police estimated the number of protesters against the Costa government at"
        " between 50,000 and 60,000.",
    ]
    articles = [
        _article(f"lisbon-{i}", f"Lisbon march\n{text}", dt.date(2024, 5, 4 + (i > 0)))
        for i, text in enumerate(texts)
    ]
    keys = {c.figure_text: c.key for c in check(articles, "rules").claims}
    assert keys["About 40,000"] == keys["120,000"] == keys["between 50,000 and 60,000"]
    assert keys["one"] != keys["About 40,000"]


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("Flooding killed five people from the San Pya camp, he said.", "pya"),
        ("Nine people died in Dapaing camp, its leader said.", "dapaing"),
        ("Four people died in Kiryat town on Monday.", "kiryat"),
        ("Near the town of Seeley Lake, another fire burned 34,810 acres.", "seeley lake"),
    ],
)
def test_a_camp_or_town_a_toll_names_is_its_place(sentence: str, place: str) -> None:
    """A camp's or a town's toll is a sub-area's, never the whole storm's."""
    lead = (
        "The storm killed at least 60 people, officials said. Rescue teams reached the coast"
        " on Monday. Roads stayed closed."
    )
    article = _article("camp", f"Storm toll\n{lead} {sentence}")
    places = {c.quote: c.reading.place for c in check([article]).claims if c.reading}
    assert places.pop("at least 60 people") is None
    assert list(places.values()) == [place]


def test_durations_across_outlets_link_when_they_measure_one_thing() -> None:
    """A duration is linked like any measure: by what it measures ("lockdown"), never
    by the outlet it comes from; a bare "21 days" names nothing and stays apart."""
    one = _article(
        "ebola-a",
        "Uganda locks down districts\nUganda's president ordered a 21-day lockdown of two "
        "districts hit by Ebola, the health ministry said.",
    )
    two = _article(
        "ebola-b",
        "Uganda orders Ebola lockdown\nThe president of Uganda announced a 21-day lockdown "
        "in the districts, the health ministry said. Schools will close for 21 days.",
    )
    claims = check([one, two], "rules").claims
    lockdowns = [c for c in claims if "lockdown" in c.quote]
    bare = next(c for c in claims if c.quote == "21 days")
    assert len(lockdowns) == 2 and lockdowns[0].key == lockdowns[1].key
    assert bare.key != lockdowns[0].key


def test_a_breakdown_set_off_by_commas_leaves_the_verb_to_the_whole() -> None:
    """'121 people, more than 100 of them women and seven of them children, died': the
    verb after the breakdown says what happened to the 121."""
    text = (
        "Stampede in Uttar Pradesh\nAt least 121 people, more than 100 of them women and "
        "seven of them children, died in a stampede at a religious event on Tuesday."
    )
    claims = check([_article("crush", text)], "rules").claims
    whole = next(c for c in claims if c.quote.startswith("At least 121"))
    assert whole.reading is not None and whole.reading.action == "killed"


def test_a_lists_header_says_what_each_item_counts() -> None:
    """'The allocation of seats is: ANC 159, DA 87, MK 58': the word before the colon
    counts every item, though other items' figures stand between it and them; a list
    with no header word reads nothing for its items."""
    text = (
        "Seats allocated\nThe commission's allocation of seats in the assembly is: "
        "ANC 159, DA 87, MK Party 58 and EFF 39. Turnout was low: ANC voters, DA 87."
    )
    claims = check([_article("seats", text)], "rules").claims
    listed = [c for c in claims if c.start < text.index("Turnout")]
    assert {"87", "58"} <= {c.quote for c in listed}
    assert all(c.reading is not None and c.reading.action == "seats" for c in listed)
    later = [c for c in claims if c.start > text.index("Turnout")]
    assert later and all(c.reading is not None and c.reading.action != "seats" for c in later)


def test_a_list_item_naming_its_own_thing_borrows_no_other_items_noun() -> None:
    """'four soldiers, 24 locals and 117 Rohingya': 'soldiers' is the four's word and
    the 24 name their own; a bare figure still takes the noun beside it."""
    text = (
        "Cyclone toll\nThe junta said the toll included four soldiers, 24 locals and 117 "
        "Rohingya. Of the 79 hostages, 35 are presumed dead."
    )
    claims = {c.quote: c for c in check([_article("toll", text)], "rules").claims}
    assert claims["24 locals"].reading is not None
    assert claims["24 locals"].reading.noun != "military"
    bare = next(c for q, c in claims.items() if q.startswith("35"))
    assert bare.reading is not None and bare.reading.noun == "hostages"


def test_respectively_gives_each_figure_its_name() -> None:
    """'A and B ... N and M respectively': the first figure is A's, the second B's; without
    as many names as figures nothing is assigned."""
    text = (
        "Results\nThe Liberal Party (LP) and the Green Alliance (GA) also gained, taking 87 "
        "and 58 seats respectively. Sales and profits rose 5 and 7 percent respectively."
    )
    claims = {c.quote: c for c in check([_article("vote", text)], "rules").claims}
    subjects = {q: c.reading.subject for q, c in claims.items() if c.reading is not None}
    assert subjects["87"] == "lp" and subjects["58 seats"] == "ga"
    assert subjects["5"] is None or subjects["5"] != subjects.get("7 percent")


def test_an_action_word_before_a_figure_of_its_own_is_that_figures() -> None:
    """'crowded with nearly 200 people overturned ..., killing at least 36 of them': the
    killing is the 36's; a word before a figure of another kind ('jobless for 27 weeks')
    still reads for the figure before it."""
    text = (
        "Ferry capsizes\nA ferry crowded with nearly 200 people overturned off a port on "
        "Thursday, killing at least 36 of them. Some 1.3 million were jobless for 27 weeks."
    )
    claims = {c.quote: c for c in check([_article("ferry", text)], "rules").claims}
    crowded = next(c for q, c in claims.items() if "200" in q)
    killed = next(c for q, c in claims.items() if "36" in q)
    assert crowded.reading is not None and crowded.reading.action != "killed"
    assert killed.reading is not None and killed.reading.action == "killed"
    jobless = next(c for q, c in claims.items() if "1.3 million" in q)
    assert jobless.reading is not None and jobless.reading.action == "unemployed"


def test_a_share_is_a_level_not_a_changing_count() -> None:
    """'85 per cent of schools were affected': a share of a whole is a level, not a toll
    that grows while it is counted; the count beside it still is one."""
    text = (
        "Strike closes schools\nThe union said 85 per cent of schools were affected on "
        "Wednesday. Floods affected 1,200 homes on Wednesday."
    )
    claims = {c.quote: c for c in check([_article("strike", text)], "rules").claims}
    share = next(c for q, c in claims.items() if "85" in q)
    homes = next(c for q, c in claims.items() if "1,200" in q)
    assert share.reading is not None and not share.reading.changing
    assert homes.reading is not None and homes.reading.changing


def test_people_alike_in_both_is_no_evidence_on_its_own() -> None:
    """'Ormoc, a port of about 200,000 people' and 'more than 200 people were on the ferry':
    both count people, nothing else is read in common, so they are not one quantity; with a
    category in common ('people were killed') the same words still link."""
    one = _article(
        "ferry-a",
        "Ferry capsizes off Ormoc\nOrmoc, a port city of about 200,000 people, lies on Leyte. "
        "At least 40 people were killed, officials said.",
    )
    two = _article(
        "ferry-b",
        "Ferry disaster off Ormoc\nIt now seems that more than 200 people were on the ferry. "
        "At least 45 people were killed, the coast guard said.",
    )
    claims = {c.quote: c for c in check([one, two], "rules").claims}
    city = next(c for q, c in claims.items() if "200,000" in q)
    ferry = next(c for q, c in claims.items() if "more than 200" in q)
    assert city.key != ferry.key
    tolls = [c for q, c in claims.items() if "40" in q or "45" in q]
    assert len(tolls) == 2 and tolls[0].key == tolls[1].key


def test_distances_from_one_place_are_one_distance() -> None:
    """'72 km southwest of Marrakech' and '72 km (45 miles) southwest of the city of
    Marrakesh': distances measured from one place (spelt two ways) are one distance; one
    from another place is not."""
    one = _article(
        "quake-a",
        "Quake strikes Morocco\nThe epicentre was 72 km (45 miles) southwest of Marrakech. "
        "The town of Asni lies 30 km south of Amizmiz.",
    )
    two = _article(
        "quake-b",
        "Morocco earthquake\nThe quake struck late on Friday, 77 kilometers (48 miles) "
        "southwest of the city of Marrakesh, at a depth of 18.5 kilometres.",
    )
    claims = {c.quote: c for c in check([one, two], "rules").claims}
    first = next(c for q, c in claims.items() if q.startswith("72"))
    second = next(c for q, c in claims.items() if q.startswith("77"))
    other = next(c for q, c in claims.items() if q.startswith("30"))
    depth = next(c for q, c in claims.items() if q.startswith("18.5"))
    assert first.reading is not None and first.reading.anchor == "marrakech"
    assert depth.reading is not None and depth.reading.anchor == "depth"
    assert first.key == second.key != other.key
    assert depth.key not in (first.key, other.key)


def test_increments_in_different_reports_are_different_quantities() -> None:
    """'the toll rose to 41 after rescuers found three more bodies' and 'rescuers pulled
    five more bodies out, bringing the toll to 50': each counts from its report's last toll."""
    friday = dt.date(2015, 7, 3)
    one = _article(
        "ferry-a",
        "Ferry toll rises\nThe number of people killed when a ferry capsized rose to 41 on "
        "Friday after rescuers found three more bodies, the coast guard said.",
        friday,
    )
    two = _article(
        "ferry-b",
        "Ferry toll rises again\nRescuers pulled five more bodies out of a ferry on Friday, a "
        "day after it capsized, bringing the death toll to 50.",
        friday,
    )
    claims = {c.quote: c for c in check([one, two], "rules").claims}
    three = next(c for q, c in claims.items() if "three" in q)
    five = next(c for q, c in claims.items() if "five" in q)
    decision = same_quantity(three, five)
    assert not decision.same and "increments" in decision.reason


def test_an_action_word_governing_a_figure_is_its_own_whatever_the_quote_names() -> None:
    """'the deaths of five pilgrims': the deaths are the five's, though 'pilgrims' is no
    word the noun classes know; '19 deaths and 58 confirmed cases' still leaves the cases
    unkilled."""
    text = (
        "Hajj deaths\nIran reported the deaths of five pilgrims on Friday. The ministry "
        "has reported 19 deaths and 58 confirmed cases."
    )
    claims = {c.quote: c for c in check([_article("hajj", text)], "rules").claims}
    pilgrims = next(c for q, c in claims.items() if "five" in q)
    cases = next(c for q, c in claims.items() if "58" in q)
    assert pilgrims.reading is not None and pilgrims.reading.action == "killed"
    assert cases.reading is not None and cases.reading.action != "killed"


def test_an_action_word_that_is_the_figures_own_verb_is_its_own_whatever_it_counts() -> None:
    """'over 43,000 fish are now estimated to have died': the verb after the count is the
    fish's fate, though fish are no people; a neighbour's noun still is not ('58 confirmed
    cases' beside '19 deaths')."""
    text = (
        "Fish kill\nOfficials said over 43,000 fish are now estimated to have died in the"
        " streams, and 5,550 other species were estimated to have potentially been killed."
        " The ministry has reported 19 deaths and 58 confirmed cases."
    )
    claims = {c.quote: c for c in check([_article("fish", text)], "rules").claims}
    fish = next(c for q, c in claims.items() if "43,000" in q)
    species = next(c for q, c in claims.items() if "5,550" in q)
    cases = next(c for q, c in claims.items() if "58" in q)
    assert fish.reading is not None and fish.reading.action == "killed"
    assert species.reading is not None and species.reading.action == "killed"
    assert cases.reading is not None and cases.reading.action != "killed"


def test_an_item_of_a_list_named_by_a_region_is_that_regions_count() -> None:
    """'South Carolina has reported 41 deaths, Georgia 33, Florida 19': a list item named by
    a state or province (ISO 3166-2 names, from pycountry) is that place's count, never the
    whole storm's toll; a party's tally in a list ('the DA 87') names no place."""
    text = (
        "Storm toll\nThe storm has killed 200 people. South Carolina has reported 41 deaths,"
        " Georgia 33, Florida 19 and Virginia two. The ANC took 159 seats, the DA 87."
    )
    claims = {c.quote: c for c in check([_article("storm", text)], "rules").claims}
    places = {q: c.reading.place for q, c in claims.items() if c.reading is not None}
    assert (places["33"], places["19"], places["two"]) == ("georgia", "florida", "virginia")
    assert places["87"] is None
    assert not same_quantity(claims["33"], claims["200 people"]).same
    # the first item's word counts the items after it
    actions = {q: c.reading.action for q, c in claims.items() if c.reading is not None}
    assert (actions["33"], actions["19"], actions["two"]) == ("killed", "killed", "killed")


def test_counts_of_lines_labelled_by_different_names_are_different_quantities() -> None:
    """'Twitter: about 3,700 jobs cut' ... 'Lyft: around 700 jobs cut': each labelled row
    counts its own name's, so they are never one quantity; one label alone is no list."""
    rows = (
        "Tech layoffs\nCompanies cut many jobs this month.\n\nTwitter: about 3,700 jobs"
        " cut\n\nThe company said it had cut half of its staff.\n\nLyft: around 700 jobs"
        " cut\n"
    )
    claims = {c.quote: c for c in check([_article("cuts", rows)], "rules").claims}
    twitter, lyft = claims["about 3,700 jobs"], claims["around 700 jobs"]
    assert twitter.reading is not None and twitter.reading.listed is not None
    assert not same_quantity(twitter, lyft).same
    one = rows.replace("Lyft: around 700 jobs cut", "It cut around 700 jobs in May.")
    claims = {c.quote: c for c in check([_article("cuts", one)], "rules").claims}
    assert all(c.reading is not None and c.reading.listed is None for c in claims.values())


def test_a_count_from_a_country_is_that_countrys() -> None:
    """'the dead include 165 people from Indonesia, 98 from India': where the counted come
    from is their side, so the two never link as one quantity."""
    text = "Hajj deaths\nThe dead include 165 people from Indonesia, 98 from India, AP said."
    claims = {c.quote: c for c in check([_article("hajj", text)], "rules").claims}
    sides = {q: c.reading.side for q, c in claims.items() if c.reading is not None}
    assert sides == {"165 people": "indonesian", "98": "indian"}


def test_a_total_is_never_one_sides_figure() -> None:
    """'A total of 1,301 people died' is everyone's; '165 people from Indonesia' is one
    country's, though the two come from different reports."""
    day = dt.date(2024, 6, 23)
    one = _article(
        "hajj-a", "Hajj deaths\nThe dead include 165 people from Indonesia, AP said.", day
    )
    two = _article(
        "hajj-b",
        "Hajj toll\nA total of 1,301 people died during the hajj, the minister said.",
        day,
    )
    claims = check([one, two], "rules").claims
    indonesians = next(c for c in claims if "165" in c.quote)
    total = next(c for c in claims if "1,301" in c.quote)
    decision = same_quantity(indonesians, total)
    assert not decision.same and "total" in decision.reason


def test_the_whole_an_action_happened_among_is_not_its_count() -> None:
    """'several deaths among the 56,000 Egyptians who made the pilgrimage': the 56,000 made
    the pilgrimage; they did not die."""
    text = (
        "Hajj deaths\nState media have reported several deaths among the 56,000 Egyptians "
        "who made the pilgrimage."
    )
    claims = check([_article("hajj", text)], "rules").claims
    pilgrims = next(c for c in claims if "56,000" in c.quote)
    assert pilgrims.reading is not None and pilgrims.reading.action != "killed"


def test_a_count_among_a_sub_group_is_a_part() -> None:
    """'31 deaths among officially registered pilgrims' counts a sub-group: a part, never a
    rival of the whole toll beside it."""
    text = (
        "Hajj deaths\nA total of 1,301 pilgrims died, the minister said. The unit said 31 "
        "deaths among officially registered pilgrims were caused by chronic illness."
    )
    claims = check([_article("hajj", text)], "rules").claims
    registered = next(c for c in claims if "31" in c.quote)
    total = next(c for c in claims if "1,301" in c.quote)
    assert registered.reading is not None and registered.reading.part
    assert registered.key != total.key


def test_articles_a_year_and_more_apart_are_never_one_story() -> None:
    """Names shared by a 2023 air crash and a 2024 stampede ("Uttar Pradesh") name a
    state, not an event; within the year two shared names still join reports."""
    from figcheck.read._stories import stories

    crash = Article(
        id="crash",
        text="Plane crash in Nepal kills 72\nFour of the dead came from Hathras in Uttar "
        "Pradesh, officials in Hathras said.",
        published=dt.date(2023, 1, 16),
    )
    crush = Article(
        id="crush",
        text="Stampede in Hathras kills 116\nThe crush in Hathras, Uttar Pradesh, killed 116 "
        "people at a religious gathering.",
        published=dt.date(2024, 7, 2),
    )
    later = crush.model_copy(update={"id": "later", "published": dt.date(2024, 10, 2)})
    found = stories([crash, crush, later])
    assert found["crash"] != found["crush"]
    assert found["crush"] == found["later"]


def test_a_claim_joins_no_group_holding_a_quantity_its_own_report_keeps_apart() -> None:
    """Another outlet's unsided "13 hostages" stands for the group; a report giving both an
    unsided 13 and a Thai 12 keeps its two apart, whatever the group's representative."""
    other = _article(
        "swap-b",
        "Hostages freed in Gaza truce\nHamas freed hostages on Friday in Gaza, Qatar said. "
        "Hamas freed 13 hostages on Friday, Qatar said.",
    )
    both = _article(
        "swap-c",
        "Hostages freed in Gaza truce\nHamas freed hostages on Friday in Gaza, Qatar said. "
        "Hamas freed 13 hostages on Friday, a Palestinian official said. Separately, "
        "Hamas freed 12 Thai hostages on Friday, Thailand's prime minister said.",
    )
    claims = check([other, both], "rules").claims
    unsided = next(c for c in claims if c.article == "swap-c" and c.quote.startswith("13"))
    thai = next(c for c in claims if c.article == "swap-c" and c.quote.startswith("12"))
    assert unsided.key != thai.key


def test_more_is_an_increment_only_of_a_count_that_grows() -> None:
    """ "put 187,000 more workers on payrolls" is the month's hiring, as "added 187,000
    workers" is;
    "179 more deaths" is not a toll."""
    day = dt.date(2023, 9, 1)
    one = _article(
        "jobs-a",
        "US hiring picks up\nUS employers put 187,000 more workers on their payrolls in "
        "August, the Labor Department said.",
        day,
    )
    two = _article(
        "jobs-b",
        "US hiring picks up\nUS employers added 187,000 workers in August, the Labor "
        "Department said.",
        day,
    )
    claims = check([one, two], "rules").claims
    assert len(claims) == 2 and claims[0].key == claims[1].key
    toll = _article(
        "toll",
        "Quake toll rises\nThe quake has killed 2,000 people, officials said on Monday. "
        "Officials reported 179 more deaths on Monday.",
        day,
    )
    keys = {c.quote: c.key for c in check([toll], "rules").claims}
    assert keys["2,000 people"] != keys["179 more deaths"]


def test_two_groups_of_the_story_linker_never_share_a_key() -> None:
    """The rules may key two closing levels alike; the model's two groups (the S&P's
    close, the Nasdaq's) stay two quantities."""
    from figcheck.link._story import apply_story_links

    day = dt.date(2022, 6, 15)
    one = _article(
        "close-a",
        "Wall Street rallies after the Fed\nOn Wall Street, stocks rose on Wednesday. The "
        "S&P 500 ended at 3,789.99 and the Nasdaq ended at 11,099.16.",
        day,
    )
    two = _article(
        "close-b",
        "Wall Street rallies after the Fed\nOn Wall Street, stocks rose on Wednesday. The "
        "S&P 500 ended at 3,789.91, while the Nasdaq ended at 11,099.15.",
        day,
    )
    read = check([one, two], "rules").claims
    claims = [c.model_copy(update={"key": "2022-06-15/closing"}) for c in read]
    sp = [c.id for c in claims if c.quote.startswith("3,789")]
    nq = [c.id for c in claims if c.quote.startswith("11,099")]
    assert len(sp) == len(nq) == 2, [c.quote for c in claims]
    keyed = {c.id: c.key for c in apply_story_links(claims, lambda story: [sp, nq])}
    assert keyed[sp[0]] == keyed[sp[1]] and keyed[nq[0]] == keyed[nq[1]]
    assert keyed[sp[0]] != keyed[nq[0]]


def test_a_name_in_two_words_counts_once_when_stories_need_two_shared_names() -> None:
    """Two disasters months apart whose leads both credit "the Red Cross" share one name
    written in two words: not one story. A second name shared ("Nepal") still joins."""
    from figcheck.read._stories import same_story, stories

    flood = Article(
        id="flood",
        text="Floods kill 40 in Valmora\nFloods killed 40 people in Valmora on Sunday, the "
        "Red Cross said. The Red Cross sent teams to Valmora.",
        published=dt.date(2024, 1, 10),
    )
    quake = Article(
        id="quake",
        text="Quake kills 12 in Orsk\nA quake killed 12 people in Orsk on Monday, the Red "
        "Cross said. The Red Cross sent teams to Orsk.",
        published=dt.date(2024, 6, 10),
    )
    nepal = [
        a.model_copy(
            update={
                "id": f"{a.id}-np",
                "text": a.text.replace("said.", "said in Nepal.") + " Nepal asked for help.",
            }
        )
        for a in (flood, quake)
    ]
    assert not same_story(flood, quake)
    found = stories([flood, quake])
    assert found["flood"] != found["quake"]
    assert same_story(*nepal)


MARKETS = [
    _article(
        "wire",
        "The Dow Jones Industrial Average rose 303.7 points, or 1%, to 30,668.53, the S&P 500"
        " gained 54.51 points, or 1.46%, to 3,789.99, and the Nasdaq Composite added 270.81"
        " points, or 2.5%, to 11,099.16.",
    ),
    _article(
        "desk",
        "The Nasdaq Composite gained 2.5% to finish at 11,099.15, and the Dow added about 300"
        " points, or 1%, closing at 30,668.27. By the close the S&P 500 had risen about 1.5%"
        " to 3,789.91, ending a five-session losing streak.",
    ),
]


def _subjects(article: Article) -> dict[str, str | None]:
    """Each claim's quote and the subject its reading gives it."""
    return {c.quote: c.reading.subject for c in check([article]).claims if c.reading}


def _by_figure(articles: list[Article]) -> dict[str | None, Claim]:
    """The claims of articles checked together, by the text of their figure."""
    return {c.figure_text: c for c in check(articles, "rules").claims}


def test_the_name_a_clause_is_about_is_read_as_its_subject() -> None:
    claims = check(MARKETS).claims
    subject = {c.quote: c.reading.subject for c in claims if c.reading}
    assert subject["30,668.53"] == subject["30,668.27"] == "dow"
    assert subject["3,789.99"] == subject["3,789.91"] == "s&p"
    assert subject["11,099.16"] == subject["11,099.15"] == "nasdaq"


def test_measures_of_one_named_subject_link_across_outlets() -> None:
    """No category word says what "to 3,789.99" measures; the S&P 500 does."""
    claims = {c.quote: c for c in check(MARKETS).claims}
    for a, b in [
        ("30,668.53", "30,668.27"),
        ("3,789.99", "3,789.91"),
        ("11,099.16", "11,099.15"),
        ("303.7 points", "about 300 points"),  # the Dow's change, not the Nasdaq's
    ]:
        assert claims[a].key == claims[b].key, (a, b)
    assert claims["about 300 points"].key != claims["270.81 points"].key
    # one index's close is not another's, and a close is not a change of it
    assert claims["30,668.53"].key != claims["3,789.99"].key
    assert claims["1.46%"].key != claims["3,789.99"].key
    # a quote naming a thing of its own is not the index's level
    assert claims["five-session losing streak"].key != claims["3,789.91"].key


def test_a_source_is_not_the_subject() -> None:
    article = _article("s", "Powell said the rate would reach 3.4%. Officials said 12 people died.")
    subjects = [c.reading.subject for c in check([article]).claims if c.reading]
    assert subjects and all(s is None for s in subjects)


def test_a_sentence_initial_name_is_a_subject_when_the_article_names_it_elsewhere() -> None:
    """ "France's debt rose to 3,101 billion euros": France opens the sentence, and the
    article's "French" mid-sentence says it is a name (one country, two spellings)."""
    article = _article(
        "f",
        "Public debt\nThe French statistics office published its figures on Tuesday. "
        "France's public debt rose to 3,101 billion euros at the end of 2023.",
    )
    subjects = _subjects(article)
    assert subjects == {"3,101 billion euros": "france"}


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("Rescuers have retrieved the bodies of 70 of the 72 people who died.", "70"),
        ("Of the 121 bodies, only four were still unidentified.", "four"),
        ("Of the 52 people killed in the floods, 60 were children.", "60"),
    ],
)
def test_a_share_of_a_stated_whole_is_read_as_a_part(text: str, quote: str) -> None:
    """A part is never the same quantity as a whole of its own report, whatever its figure."""
    claims = {c.quote.split()[0]: c for c in check([_article("p", text)]).claims}
    part = claims[quote.split()[0]]
    assert part.reading is not None and part.reading.part


def test_an_item_of_a_breakdown_is_not_a_figure_for_everyone() -> None:
    """ "24 local residents" among 117 Rohingya and four soldiers is a sub-group; another
    outlet's "145 people" is the whole. A list of categories ("175 dead and 1,400
    injured") names no sub-group and links as usual."""
    breakdown = _article(
        "b",
        "The report said that besides the 117 Rohingya, four soldiers and 24 local residents"
        " had been killed by Cyclone Mocha.",
    )
    toll = _article("t", "Cyclone Mocha killed 145 people, the authorities said.")
    claims = {c.quote: c for c in check([breakdown, toll]).claims}
    assert claims["24 local residents"].key != claims["145 people"].key
    categories = _article("c", "The Ludian quake left at least 175 dead and 1,400 injured.")
    other = _article("o", "At least 175 people were killed by the Ludian quake.")
    claims = {c.quote: c for c in check([categories, other]).claims}
    dead = next(c for q, c in claims.items() if q.startswith("at least 175"))
    assert dead.key == claims["At least 175 people were killed"].key


def test_function_words_of_a_category_phrase_name_nothing() -> None:
    """ "of" in a phrase like "population of" is not the category: "119,000 of them in
    Paris" names no thing of its own, so it links with another report's "119,000 marchers"
    in Paris."""
    national = _article(
        "n",
        "More than a million people joined marches across France on Thursday, 119,000 of"
        " them in Paris, according to the interior ministry.",
    )
    capital = _article(
        "c",
        "Protests against the French pension law went on across France on Thursday. Police"
        " fired tear gas in several cities. Unions called for more strikes. In Paris, the"
        " interior ministry counted 119,000 marchers.",
    )
    claims = {c.quote: c for c in check([national, capital]).claims}
    assert claims["119,000 of them"].key == claims["119,000 marchers"].key


def test_one_nationality_named_by_both_is_one_count() -> None:
    """The side is what both count; "citizen" and "national" only say how."""
    a = _article(
        "a", "The Yeti Airlines plane crashed near Pokhara with one Irish citizen on board."
    )
    b = _article(
        "b", "The Yeti Airlines plane crashed near Pokhara with one Irish national on board."
    )
    claims = {c.quote: c for c in check([a, b]).claims}
    citizen = next(c for q, c in claims.items() if "citizen" in q)
    national = next(c for q, c in claims.items() if "national" in q)
    assert citizen.key == national.key


def test_a_title_case_headline_names_no_subject() -> None:
    article = _article("h", "Hamas Frees 3 Hostages, Israel Starts Releasing Palestinian Prisoners")
    subjects = [c.reading.subject for c in check([article]).claims if c.reading]
    assert subjects and all(s is None for s in subjects)


def test_a_captives_state_is_read_in_its_own_clause() -> None:
    """ "released" governs the 18, not the 82 of the next clause, who are still held."""
    article = _article(
        "s",
        "Since it began, 18 hostages have been released, while an estimated 82 are still"
        " held captive.",
    )
    states = {c.quote: c.reading.state for c in check([article]).claims if c.reading}
    assert states == {"18 hostages": "released", "an estimated 82": "held"}


def test_a_captive_state_in_common_is_evidence_of_one_quantity() -> None:
    """Two counts of hostages still held, one read with a category and one without: the
    state they share (held) says what they count, as a category or a side would."""
    articles = [
        _article(
            "held-a",
            "Gaza truce\nHamas freed 18 hostages under the truce, while an estimated 82 are still"
            " held captive in Gaza.",
            dt.date(2025, 2, 1),
        ),
        _article(
            "held-b",
            "Gaza hostages\nAbout 79 hostages remain held in Gaza after the latest exchange.",
            dt.date(2025, 2, 1),
        ),
    ]
    claims = _by_figure(articles)
    a, b = claims["an estimated 82"], claims["About 79"]
    assert a.reading is not None and b.reading is not None
    assert a.reading.state == b.reading.state == "held"
    unread = b.model_copy(update={"reading": b.reading.model_copy(update={"action": None})})
    decision = same_quantity(a, unread)
    assert decision.same, decision.reason


def test_a_tolls_running_total_and_its_plain_figure_are_one_series() -> None:
    """An outbreak's deaths "since the first death in September" and "so far" are one
    count that changes: the wording of its start does not make a second quantity."""
    articles = [
        _article(
            "eb-a",
            "Uganda Ebola\nEbola has killed 19 people in Uganda since the first death in"
            " September, the health ministry said.",
            dt.date(2022, 10, 15),
        ),
        _article(
            "eb-b",
            "Uganda outbreak\nThe Ebola outbreak in Uganda has claimed 19 lives so far, the"
            " health ministry said.",
            dt.date(2022, 10, 15),
        ),
    ]
    claims = check(articles, "rules").claims
    assert [c.reading.since if c.reading else None for c in claims] == [(2022, 9), None]
    assert claims[0].key == claims[1].key


def test_vote_tallies_belong_to_the_party_their_clause_is_about() -> None:
    """Votes are one category for every party: the party named in the clause (by its
    short form in brackets, "the Democratic Alliance (DA)") says whose tally it is."""
    articles = [
        _article(
            "el-a",
            "Vote count\nWith all ballots counted, the Democratic Alliance (DA), the main"
            " opposition party, came second with 3,494,750 votes. The uMkhonto weSizwe (MK)"
            " party collected 2,338,381 votes.",
            dt.date(2024, 6, 2),
        ),
        _article(
            "el-b",
            "Election results\nThe count is complete. The DA won 3,500,000 votes, while the MK"
            " party won 2,300,000 votes, the electoral commission said.",
            dt.date(2024, 6, 2),
        ),
    ]
    claims = _by_figure(articles)
    subjects = {f: c.reading.subject if c.reading else None for f, c in claims.items()}
    assert subjects == {"3,494,750": "da", "2,338,381": "mk", "3,500,000": "da", "2,300,000": "mk"}
    assert claims["3,494,750"].key == claims["3,500,000"].key
    assert claims["2,338,381"].key == claims["2,300,000"].key
    assert claims["3,494,750"].key != claims["2,338,381"].key


def test_short_forms_in_a_list_are_not_a_title_case_headline() -> None:
    """ "ANC 159, DA 87, MK Party 58": capitals of short forms do not make a sentence a
    headline, so each seat count is the party's before it."""
    article = _article(
        "seats",
        "Seats\nThe IEC's allocation of seats in the National Assembly is: ANC 159, DA 87,"
        " MK Party 58, EFF 39, IFP 17, PA 9, VF Plus 6, ActionSA 6, ACDP 3, UDM 3, ATM 3,"
        " BOSA 2, NCC 2, Rise Mzansi 2, GOOD 1, PAC 1 and UAT 1.",
        dt.date(2024, 6, 2),
    )
    subjects = _subjects(article)
    assert subjects.get("87") == "da" and subjects.get("58") == "mk"


def test_a_name_after_in_or_at_is_where_not_whose() -> None:
    article = _article(
        "where",
        "Results\nThe African National Congress (ANC) secured the majority in the National"
        " Assembly, winning 159 seats, the commission said on Sunday.",
        dt.date(2024, 6, 2),
    )
    subjects = _subjects(article)
    assert subjects == {"159 seats": "anc"}


def test_vote_shares_are_votes_and_belong_to_their_party() -> None:
    """ "% of the vote" reads as votes, so two parties' shares are two tallies and one
    party's share in two outlets is one."""
    articles = [
        _article(
            "share-a",
            "Results\nThe ANC ended with 40.18 percent of the vote, while the DA took 21.81"
            " percent of the vote, the commission said.",
            dt.date(2024, 6, 2),
        ),
        _article(
            "share-b",
            "Count\nThe final count leaves the ANC with just 40.19% of the vote, the"
            " commission said on Sunday.",
            dt.date(2024, 6, 2),
        ),
    ]
    claims = _by_figure(articles)
    actions = {f: c.reading.action if c.reading else None for f, c in claims.items()}
    assert set(actions.values()) == {"voted"}
    assert claims["40.18 percent"].key == claims["40.19%"].key != claims["21.81 percent"].key


@pytest.mark.parametrize(
    "sentence",
    [
        "More than 80,000 people have been driven from their homes, officials said.",
        "More than 80,000 people have had to flee their homes, officials said.",
        "More than 80,000 people have had to leave their homes, officials said.",
    ],
)
def test_people_forced_from_their_homes_are_displaced(sentence: str) -> None:
    article = _article("home", f"Floods\n{sentence}", dt.date(2024, 5, 5))
    actions = {c.quote: c.reading.action for c in check([article]).claims if c.reading}
    assert actions == {"More than 80,000 people": "displaced"}


def test_a_colon_does_not_hide_the_name_a_clause_is_about() -> None:
    """ "The EFF did less well: the party finished with 1,524,255 votes": what follows a
    colon goes on about the name before it."""
    article = _article(
        "colon",
        "Results\nThe Economic Freedom Fighters (EFF) did less well: the party finished with"
        " 1,524,255 votes, the commission said.",
        dt.date(2024, 6, 2),
    )
    subjects = _subjects(article)
    assert subjects == {"1,524,255 votes": "eff"}


def test_a_count_at_an_unnamed_site_is_that_sites_not_the_toll() -> None:
    """ "15 bodies outside his own village", "27 bodies in the mortuary": counts taken at
    one site are that site's, so they never meet the storm's toll as one quantity."""
    article = _article(
        "site",
        "Storm toll\nAt least 60 people died in the storm, officials said on Tuesday. Rescue"
        " teams reached the coast. A teacher said he had seen 15 bodies outside his own"
        " village. Another 27 bodies were lying in the hospital mortuary. A doctor said"
        " 35 people were declared dead on arrival at four hospitals. Officials counted 577"
        " deaths, and 550 of them are in the morgue.",
        dt.date(2023, 5, 16),
    )
    claims = {c.figure_text: c for c in check([article]).claims}
    places = {f: c.reading.place if c.reading else None for f, c in claims.items()}
    expected = {
        **{"At least 60": None, "15": "village", "27": "hospital", "35": "hospital"},
        **{"577": None, "550": "morgue"},
    }
    assert {f: places[f] for f in expected} == expected
    assert claims["At least 60"].key not in {claims[f].key for f in ("15", "27", "35")}


@pytest.mark.parametrize(
    "sentence",
    [
        "By Thursday evening, 80 people had been detained in Paris, police said.",
        "As of Thursday, 80 people had been detained in Paris, police said.",
        "Police had reported 80 arrests on Thursday in Paris.",
        "On Thursday, the Paris police said that 80 people had been detained.",
    ],
)
def test_a_count_the_text_dates_itself_is_that_days_count(sentence: str) -> None:
    """ "By Thursday evening, 80 people had been detained", printed on Friday, is Thursday's
    count, as is Thursday's own report of it."""
    thursday, friday = dt.date(2023, 3, 23), dt.date(2023, 3, 24)
    report = check(
        [
            _article("thu", "Paris arrests\nPolice detained 80 people in Paris.", thursday),
            _article("fri", f"Paris arrests\n{sentence}", friday),
        ],
        "rules",
    )
    moments = {c.article: c.reading.moment for c in report.claims if c.reading}
    assert moments == {"thu": thursday, "fri": thursday}
    assert len({c.key for c in report.claims}) == 1


def test_durations_of_one_war_link_however_the_war_is_named() -> None:
    """ "15 months of intense conflict" and "15 months of fighting" measure one war; a
    ceasefire's "42 days" is another span."""
    articles = [
        _article(
            "war-a",
            "Truce holds\nThe truce followed 15 months of intense conflict in Gaza, officials"
            " said. It is due to last 42 days.",
            dt.date(2025, 2, 1),
        ),
        _article(
            "war-b",
            "Truce in Gaza\nThe ceasefire halted 15 months of fighting in Gaza, officials said.",
            dt.date(2025, 2, 1),
        ),
    ]
    claims = {c.quote: c for c in check(articles, "rules").claims}
    war = [c for q, c in claims.items() if q.startswith("15 months")]
    assert len(war) == 2 and war[0].key == war[1].key
    assert claims["42 days"].key != war[0].key


def test_where_a_speed_was_measured_is_no_sub_area() -> None:
    """A storm's wind speed "near Sittwe" and the same storm's wind speed with no place are
    one measure; a toll "in Sittwe" is still a sub-area's."""
    articles = [
        _article(
            "wind-a",
            "Cyclone Mocha\nCyclone Mocha struck Myanmar on Sunday. Officials counted the"
            " damage. Roads were closed. The storm made landfall near Sittwe township with"
            " winds of up to 209 km per hour, officials said.",
            dt.date(2023, 5, 15),
        ),
        _article(
            "wind-b",
            "Cyclone Mocha hits Myanmar\nCyclone Mocha struck Rakhine on Sunday with winds of"
            " 250 km per hour, officials said.",
            dt.date(2023, 5, 15),
        ),
    ]
    winds = [c for c in check(articles, "rules").claims if c.unit == "kilometer / hour"]
    assert [c.reading.place if c.reading else None for c in winds] == ["sittwe", None]
    assert winds[0].key == winds[1].key


def test_a_partys_share_with_no_category_is_its_share_of_the_vote() -> None:
    """ "The DA came second with 21.81 percent" names no category, but its clause is about
    the DA: it is the DA's share another outlet gives as "21.8% of the vote"; the EFF's
    share stays apart. (A count, a seat count say, is not read this way.)"""
    articles = [
        _article(
            "sh-a",
            "Results\nThe Democratic Alliance (DA), the main opposition party, came second with"
            " 21.81 percent, the commission said. The EFF came fourth with 9.52 percent.",
            dt.date(2024, 6, 2),
        ),
        _article(
            "sh-b",
            "Count\nThe DA has 21.8% of the vote, the commission said on Sunday.",
            dt.date(2024, 6, 2),
        ),
    ]
    claims = _by_figure(articles)
    assert claims["21.81 percent"].key == claims["21.8%"].key != claims["9.52 percent"].key


def _grouped_by_model(articles: list[Article], figures: list[str]) -> dict[str, str]:
    """Keys once a story linker puts the claims quoting `figures` in one group."""
    from figcheck.link._story import apply_story_links

    claims = check(articles, "rules").claims
    chosen = [c.id for c in claims if any(c.quote.startswith(f) for f in figures)]
    assert len(chosen) == len(figures), [c.quote for c in claims]
    keyed = apply_story_links(claims, lambda story: [chosen])
    return {c.quote.split()[0]: c.key for c in keyed if c.id in chosen}


def test_a_model_group_stands_across_a_part_and_a_lone_figure() -> None:
    """ "10 of them" Thai citizens among the freed in one report and "12 Thai hostages"
    freed in another: one quantity (they disagree), whichever of them a breakdown lists."""
    one = _article(
        "swap-a",
        "Hostages freed in Gaza truce\nHamas freed 24 hostages on Friday; 10 of them were"
        " Thai citizens, Qatar said.",
    )
    two = _article(
        "swap-b",
        "Hostages freed in Gaza truce\nHamas has freed 12 Thai hostages, Thailand's prime"
        " minister said on Friday.",
    )
    keys = _grouped_by_model([one, two], ["10 of them", "12 Thai"])
    assert keys["10"] == keys["12"]


@pytest.mark.parametrize(("later", "same"), [("said.", True), ("said on Wednesday.", False)])
def test_a_model_group_of_a_toll_splits_only_where_the_text_dates_it_apart(
    later: str, same: bool
) -> None:
    """A toll a Wednesday report dates to Tuesday and one a Thursday report gives undated
    may be Tuesday's count repeated: the model's group stands. Dated by the text to
    Wednesday, it is the next figure of the series: split. (A day equal to the report's
    own cannot be told from the report's day standing in for it.)"""
    tuesday = _article(
        "toll-a",
        "Stampede in Hathras\nAt least 116 people died in the stampede, officials said on Tuesday.",
        dt.date(2024, 7, 3),
    )
    wednesday = _article(
        "toll-b",
        f"Stampede in Hathras\nThe stampede killed 118 people, officials {later}",
        dt.date(2024, 7, 4),
    )
    keys = _grouped_by_model([tuesday, wednesday], ["At least 116", "118"])
    assert (keys["At"] == keys["118"]) is same


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        # the count's own verb is dated: that day's count, repeated in a later report
        ("At least 116 people, seven children among them, died on Tuesday at the fair.", 2),
        # the event is dated, not the count: the report's day (the toll as it stands)
        ("The quake that struck on Tuesday killed 116 people in the valley.", 3),
        ("At least 116 people died in Tuesday's flash flood in the valley.", 3),
    ],
)
def test_a_toll_whose_own_verb_is_dated_is_that_days_count(text: str, moment: int) -> None:
    article = _article("dated", f"Stampede and quake\n{text}", dt.date(2024, 7, 3))
    toll = next(c for c in check([article], "rules").claims if "116" in c.quote)
    assert toll.reading is not None and toll.reading.moment == dt.date(2024, 7, moment)


def test_a_distance_in_km_and_one_in_miles_across_reports_is_one_quantity() -> None:
    """Units that convert do not keep two reports' figures apart (the cross-checker
    converts them); within one report a conversion beside its figure is a claim of its
    own, and a km figure joins the other report's km, not the miles given beside it."""
    a = _article("a", "The quake's epicentre was 72 km (45 miles) southwest of Marrakech.")
    b = _article("b", "The quake's epicentre lay 77 kilometers southwest of Marrakech.")
    c = _article("c", "The quake's epicentre lay about 48 miles southwest of Marrakech.")
    report = check([a, b, c], "rules")
    keys = {cl.quote: cl.key for cl in report.claims}
    km, miles = keys["72 km"], keys["45 miles"]
    assert km != miles
    assert (keys["77 kilometers"], keys["about 48 miles"]) == (km, miles)
    verdicts = {frozenset(f.claims): f.verdict for f in report.findings}
    assert verdicts[frozenset({"a-c001", "b-c001"})] == "inconsistent"  # 72 vs 77 km


@pytest.mark.parametrize(
    ("sentence", "quote", "part"),
    [
        ("Police said 72 of the bodies had been identified.", "72 of the bodies", True),
        ("Officials said 53 of the passengers were Nepali.", "53 of the passengers", True),
        ("Three of the people rescued were in critical condition.", "Three of the people", True),
        ("They pulled about 50 people out of the water on islands.", "about 50 people", False),
        ("It was one of the largest, with 40 people hurt.", "40 people", False),
        ("It freed 24, including 13 Israelis and 10 Thais, for 39 prisoners.", "10 Thais", True),
        (
            "It freed 24, including 13 Israelis and 10 Thais, for 39 prisoners.",
            "39 prisoners",
            False,
        ),
    ],
)
def test_a_figure_of_a_named_group_is_a_part(sentence: str, quote: str, part: bool) -> None:
    """ "72 of the bodies" is part of a group the text names, as "70 of the 72 people" and
    "31 of those freed" are; "out of the water on islands" is no group of it."""
    article = _article("s", sentence)
    q = read_quantity(_claim("c", article, quote, ""), article)
    assert q.part is part


@pytest.mark.parametrize(
    ("sentence", "quote", "action"),
    [
        ("Employers added 187,000 jobs in August.", "187,000 jobs", "hired"),
        ("Transportation lost 34,000 jobs in August.", "34,000 jobs", "cut"),
        ("The firm said it would shed about 500 jobs.", "about 500 jobs", "cut"),
        ("Some 1,200 jobs will be cut by March.", "Some 1,200 jobs", "cut"),
    ],
)
def test_jobs_taken_away_are_not_jobs_added(sentence: str, quote: str, action: str) -> None:
    """ "lost 34,000 jobs" and "added 187,000 jobs" in one jobs report are different
    quantities: the verb that governs the figure says which way the jobs went."""
    article = _article("j", sentence)
    assert read_quantity(_claim("c", article, quote, ""), article).action == action


def test_a_dated_previous_value_of_a_toll_is_that_days_toll() -> None:
    """ "rose to 120 on Wednesday from 95 on Tuesday" gives Tuesday's toll: it links with
    Tuesday's report of it (and disagrees with its 90); undated, "from 95" stays a
    previous value of no day."""
    tuesday, wednesday = dt.date(2024, 6, 11), dt.date(2024, 6, 12)
    a = _article(
        "a", "Floods in Valmora have killed 90 people, officials said on Tuesday.", tuesday
    )
    b = _article(
        "b", "The Valmora flood toll rose to 120 on Wednesday from 95 on Tuesday.", wednesday
    )
    c = _article("c", "The Valmora flood toll rose to 120 from 95.", wednesday)
    report = check([a, b, c], "rules")
    claims = {(cl.article, cl.quote): cl for cl in report.claims}
    dated, undated = claims["b", "95"], claims["c", "95"]
    assert dated.reading and dated.reading.role is None and dated.reading.moment == tuesday
    assert undated.reading and undated.reading.role == "previous"
    assert dated.key == claims["a", "90 people"].key


def test_a_tie_goes_to_the_group_that_knows_least_the_claim_does_not_say() -> None:
    """ "24 hostages" fits one side's "13 Israeli hostages" and "a total of 24 hostages"
    equally on evidence; it names no side, so it joins the unsided group (it was kept
    apart as ambiguous)."""
    day = dt.date(2023, 11, 24)
    keys = _keys_of(
        _article("a", "Gaza truce: Hamas freed 13 Israeli hostages on Friday, Qatar said.", day),
        _article("b", "Gaza truce: Hamas freed a total of 24 hostages on Friday, ICRC said.", day),
        _article("c", "Gaza truce: Hamas freed 24 hostages on Friday, officials said.", day),
    )
    assert keys["24 hostages"] == keys["a total of 24 hostages"] != keys["13 Israeli hostages"]


def test_story_linker_joins_units_of_one_family_but_not_a_reports_conversion() -> None:
    """As the rules: "72 km" in one report and "45 miles" in another may be one distance
    (the cross-checker converts); where a report restates its "72 km" as "(45 miles)",
    the model's group falls apart by unit, and the restatement joins the other report's
    miles, never its own report's kilometres."""
    km_only = _article("k", "The epicentre was 72 km southwest of Marrakech.")
    both = _article("km", "The epicentre was 72 km (45 miles) southwest of Marrakech.")
    miles_only = _article("mi", "The epicentre lay some 45 miles southwest of Marrakech.")
    claims = [c for a in (km_only, both, miles_only) for c in extract_article(a, "rules").claims]
    ids = {(c.article, c.quote): c.id for c in claims}
    km = next(i for (a, _), i in ids.items() if a == "k")
    miles = next(i for (a, _), i in ids.items() if a == "mi")
    own_km, converted = ids[("km", "72 km")], ids[("km", "45 miles")]
    arts = [km_only, both, miles_only]

    joined = {c.id: c for c in link(claims, arts, story_linker=lambda story: [[km, miles]])}
    assert joined[km].key == joined[miles].key

    split = {
        c.id: c for c in link(claims, arts, story_linker=lambda story: [[own_km, converted, miles]])
    }
    assert split[converted].key == split[miles].key
    assert split[own_km].key != split[converted].key
    assert any("split" in n for n in split[own_km].notes)


def test_a_dated_previous_value_is_that_days_level_under_a_models_reading_too() -> None:
    """A model's reading of "from 95 on Tuesday" (a changing count, no date) is merged with
    the rules': the day the text gives it is its moment there as well, not the report's."""
    tuesday, wednesday = dt.date(2024, 6, 11), dt.date(2024, 6, 12)
    article = _article(
        "b", "The Valmora flood toll rose to 120 on Wednesday from 95 on Tuesday.", wednesday
    )
    claim = _claim("c", article, "95", "flood deaths", low=95.0, high=95.0, as_of=None)
    given = claim.model_copy(update={"reading": Reading(action="killed", changing=True)})
    (rules,) = read_all([claim], [article])
    (merged,) = read_all([given], [article])
    assert rules.reading and rules.reading.moment == tuesday
    assert merged.reading and merged.reading.reader == "llm+rules"
    assert merged.reading.moment == tuesday


def _group_of(claims: list[Claim], i: int) -> _Group:
    reading = claims[i].reading
    assert reading is not None
    group = _Group(i, reading, members=[i], by_article={claims[i].article: [i]})
    return group


def test_groups_a_claim_fits_equally_well_are_merged_when_nothing_keeps_them_apart() -> None:
    """Claims join groups one at a time, so two reports of one quantity can start two
    groups; a later claim that fits both equally well shows they count one thing, unless
    they share no category, side or state ("women" alone says nothing of whose)."""
    day = dt.date(2023, 1, 15)
    texts = {
        "a": "The plane carried five Indians, officials said.",
        "b": "Five Indian passengers were aboard the plane.",
        "c": "The list named six elderly women.",
        "d": "There were 24 women in the group.",
        "e": "Five Russian passengers were aboard the plane.",
    }
    claims = [
        c
        for aid, text in texts.items()
        for c in extract_article(_article(aid, text, day), "rules").claims
    ]
    readings = [c.reading for c in claims]
    assert all(r is not None for r in readings)
    at = {c.article: i for i, c in enumerate(claims)}

    groups = [_group_of(claims, i) for i in range(len(claims))]
    assert _merge_tied(claims, readings, groups, [at["a"], at["b"]])  # type: ignore[arg-type]
    merged = groups[min(at["a"], at["b"])]
    assert sorted(merged.members) == sorted([at["a"], at["b"]])
    assert groups[max(at["a"], at["b"])].merged

    groups = [_group_of(claims, i) for i in range(len(claims))]
    assert not _merge_tied(claims, readings, groups, [at["c"], at["d"]])  # type: ignore[arg-type]
    assert not _merge_tied(claims, readings, groups, [at["b"], at["e"]])  # type: ignore[arg-type]
    assert not any(g.merged for g in groups)


def test_story_linker_keeps_a_tolls_reports_together_whether_they_give_its_start() -> None:
    """As the rules' families: "660 Egyptians have died since the pilgrimage began on 14
    June" and "672 Egyptians had died by Sunday" are one series of one toll, whatever
    report gives its start; an undated toll printed on the day another report's text gives
    ("660 ..." in a report of the 23rd) is that day's, not a moment of its own."""
    sunday, monday = dt.date(2024, 6, 23), dt.date(2024, 6, 24)
    a = _article(
        "a",
        "Hajj heat: 660 Egyptians have died since the pilgrimage began on June 14, 2024.",
        sunday,
    )
    b = _article("b", "Hajj heat: 672 Egyptians had died by Sunday, officials said.", monday)
    claims = [c for x in (a, b) for c in extract_article(x, "rules").claims]
    readings = {c.article: c.reading for c in claims}
    assert readings["a"] and readings["a"].since is not None and readings["a"].changing
    assert readings["b"] and readings["b"].moment == sunday
    ids = [c.id for c in claims]
    keyed = {c.id: c for c in link(claims, [a, b], story_linker=lambda story: [ids])}
    assert len({c.key for c in keyed.values()}) == 1
    assert not any("split" in n for c in keyed.values() for n in c.notes)

    # a third report dates the toll to Thursday: the group splits by day, and the
    # undated 660, printed on Sunday, goes with Sunday's 672
    c = _article(
        "c", "Hajj heat: 658 Egyptians had died by Thursday, officials said.", dt.date(2024, 6, 21)
    )
    claims += extract_article(c, "rules").claims
    parts = sorted(sorted(x.article for x in part) for part in _by_moment(claims))
    assert parts == [["a", "b"], ["c"]]


def _filler(n: int) -> list[Article]:
    """Unrelated reports of other kinds, so a corpus is large enough for word joining."""
    kinds = ("budget vote", "football final", "chess match", "wine harvest", "court ruling")
    return [
        _article(
            f"f{i}",
            f"Report {i}\nThe {kinds[i % 5]} in Town{i} drew {i + 3} comments from Mayor{i}.",
            dt.date(2023, 1, 1) + dt.timedelta(days=i * 5),
        )
        for i in range(n)
    ]


def test_reports_whose_openings_share_rare_words_are_one_story_whatever_names_they_use() -> None:
    """One outlet's lead names the union, another's the department: both tell of the same
    strike in the same words (teachers, strike, schools, walkout), published a day apart.
    Two floods in two towns told in the words every flood report uses are not joined."""
    from figcheck.read._stories import stories

    union = _article(
        "union",
        "NEU walkout\nTeachers staged the biggest strike in decades on Wednesday, "
        "shutting schools across the country in a walkout over pay, the NEU said.",
        dt.date(2023, 2, 1),
    )
    department = _article(
        "department",
        "Schools hit\nMore than half of schools closed as teachers went on strike in "
        "Wednesday's walkout over pay, according to DfE figures.",
        dt.date(2023, 2, 2),
    )
    floods = [
        _article(
            f"flood{i}",
            f"Floods in {town}\nAt least {i + 9} people were killed when floods hit "
            f"{town} on Sunday, officials said, and rescuers searched for survivors.",
            dt.date(2023, 3, 5),
        )
        for i, town in enumerate(("Valmora", "Orsk", "Tarvo", "Selin"))
    ]
    found = stories([union, department, *floods, *_filler(20)])
    assert found["union"] == found["department"]
    assert len({found[a.id] for a in floods}) == len(floods)
    # a small corpus is joined by names alone
    small = stories([union, department])
    assert small["union"] != small["department"]


BREACH = [
    _article(
        "breach-a",
        "Hackers at Telvana took the records of 9.8 million customers. Some 2.8 million "
        "customers had passport numbers taken, the company said. Another 150,000 customers "
        "lost licence details. The firm has 11 million customers in all.",
    ),
    _article(
        "breach-b",
        "A hack at Telvana hit 9.8 million customers, the firm said on Monday. Around 1.2 "
        "million customers had current ID numbers exposed. Some 900,000 customers had expired "
        "ones exposed.",
    ),
    _article(
        "breach-c",
        "Staff at Telvana wrote to 10,000 customers on Monday. It said 2.1 million customers "
        "had ID numbers stolen. About 7.7 million customers kept their ID numbers.",
    ),
]


def test_a_word_most_of_a_storys_figures_count_does_not_make_them_one_quantity() -> None:
    """Every figure of a data breach's reports counts "customers", as every figure of a
    flood counts people: sharing the word says nothing of which quantity two figures
    state. Before, all ten figures were one key (and conflicts between all of them)."""
    from figcheck.link import plain_words
    from figcheck.read._stories import claim_stories

    claims = [c for a in BREACH for c in extract_article(a).claims]
    assert len(claims) == 10
    plain = plain_words(claims, claim_stories(claims))
    assert "customers" in plain["breach-a"] and "expired" not in plain["breach-a"]
    keyed = {c.quote: c.key for c in _link(claims) if "9.8" not in c.quote}
    assert len(set(keyed.values())) == 8
    assert keyed["Some 2.8 million customers"] != keyed["Around 1.2 million customers"]
    from figcheck.crosscheck import cross_check

    findings = cross_check(_link(claims), BREACH)
    assert not [f for f in findings if f.verdict.value == "inconsistent"]


def test_a_storys_plain_words_need_a_story_of_ten_figures() -> None:
    """Three figures are too few to tell a story's common word from its subject: two
    reports' "9.8 million customers" alone still meet on their words."""
    claims = [c for a in BREACH[:2] for c in extract_article(a).claims if "9.8" in c.quote]
    keyed = _link(claims)
    assert keyed[0].key == keyed[1].key


def test_two_word_names_sharing_a_word_are_different_names() -> None:
    """A truce's reports credit "the Red Cross", a bombing's six weeks later "the Red
    Crescent": "Red" is no name the two stories share (they were one story)."""
    from figcheck.read._stories import same_story, stories

    truce = _article(
        "truce",
        "Hostages freed in Gaza truce\nThirteen hostages were handed to the Red Cross on "
        "Friday, officials in Doha said. The Red Cross drove them to Rafah.",
        dt.date(2023, 11, 24),
    )
    blasts = _article(
        "blasts",
        "Blasts kill 84 in Kerman\nTwin blasts killed 84 people in Kerman on Wednesday, the "
        "Red Crescent said. The Red Crescent sent teams to Kerman.",
        dt.date(2024, 1, 4),
    )
    assert not same_story(truce, blasts)
    assert len(set(stories([truce, blasts]).values())) == 2
    crescent = truce.model_copy(
        update={
            "id": "truce-rc",
            "text": truce.text.replace("Cross", "Crescent"),
            "published": dt.date(2024, 1, 2),
        }
    )
    assert same_story(crescent, blasts)  # the whole two-word name shared, two days apart


def test_one_shared_country_joins_reports_two_weeks_apart_at_most() -> None:
    """A building collapse and an election in one country three weeks later share the
    country's name in their leads and nothing else: two stories. Reports of one event a
    week apart still join on it."""
    from figcheck.read._stories import same_story

    collapse = _article(
        "collapse",
        "A building under construction collapsed in South Africa on Monday, trapping 62 "
        "workers, officials in South Africa said.",
        dt.date(2024, 5, 7),
    )
    election = _article(
        "election",
        "The ANC won 40 percent of the vote in South Africa, the electoral commission of "
        "South Africa said.",
        dt.date(2024, 6, 2),
    )
    later = collapse.model_copy(update={"id": "later", "published": dt.date(2024, 5, 13)})
    assert not same_story(collapse, election)
    assert same_story(collapse, later)
    # "South African" and "South Africa" are one country, not "Africa" shared as a name
    adjective = later.model_copy(
        update={
            "id": "adj",
            "text": later.text.replace("in South Africa", "in a South African town"),
        }
    )
    assert same_story(collapse, adjective)


def test_a_place_name_joins_reports_of_a_long_rescue_weeks_apart() -> None:
    """A mine rescue reported over five weeks: its town's name ties the reports, as a
    country alone would not."""
    from figcheck.read._stories import same_story

    trapped = _article(
        "trapped",
        "Rescuers in Tarsk said 29 miners were trapped after a gypsum mine collapsed near "
        "Tarsk on Friday.",
        dt.date(2015, 12, 27),
    )
    freed = _article(
        "freed",
        "Four miners trapped for 36 days were pulled out of the collapsed mine at Tarsk on "
        "Friday, officials in Tarsk said.",
        dt.date(2016, 1, 30),
    )
    assert same_story(trapped, freed)


def test_two_parts_naming_one_sub_group_are_one_quantity_however_worded() -> None:
    """A model words each part's measure its own way ("children among those who died on
    Tuesday", "children killed in the crush"); the parts' own words, or the group the
    model read, still name one sub-group. Other sub-groups stay apart."""
    a = _article("a", "Of the 116 dead, seven children were among those who died on Tuesday.")
    b = _article("b", "The crush killed 116 people, and seven children were among the victims.")
    c = _article("c", "The crush killed 116 people, and 108 women were among the victims.")

    def part(cid: str, article: Article, quote: str, measure: str, **seen: Any) -> Claim:
        claim = _claim(cid, article, quote, measure, low=7.0, high=7.0)
        given = Reading(action="killed", noun="civilians", part=True, descriptor=measure, **seen)
        return claim.model_copy(update={"reading": given})

    kids_a = part("a1", a, "seven children", "children among those who died on tuesday")
    kids_b = part("b1", b, "seven children", "children killed in the crush at the hospital")
    women = part("c1", c, "108 women", "women killed in the crush at the hospital")
    read = read_all([kids_a, kids_b, women], [a, b, c])
    assert same_quantity(read[0], read[1]).same
    assert not same_quantity(read[0], read[2]).same
    # a group the model read names the sub-group too ("Rohingya"), whatever the words
    ro_a = part(
        "a2", a, "116 dead", "members of the minority among the official toll", side="rohingya"
    )
    ro_b = part(
        "b2", b, "116 people", "the minority's people killed per the monitor", side="rohingya"
    )
    ro = read_all([ro_a, ro_b], [a, b])
    assert same_quantity(ro[0], ro[1]).same


def test_a_models_quote_that_opens_before_its_figure_keeps_the_figures_role() -> None:
    """ "Forecasters had expected roughly 170,000 new jobs": a model quotes the verb
    too, and the words before the figure, not before the quote, say it is a forecast."""
    article = _article("a", "Forecasters had expected roughly 170,000 new jobs in August.")
    quote = "Forecasters had expected roughly 170,000 new jobs"
    claim = _claim(
        "c",
        article,
        quote,
        "payroll jobs forecast",
        low=170000.0,
        high=170000.0,
        figure_text="roughly 170,000",
    )
    given = claim.model_copy(update={"reading": Reading(action="hired")})
    (read,) = read_all([given], [article])
    assert read.reading and read.reading.role == "expected"


def test_a_continent_or_sea_is_no_name_that_joins_two_stories() -> None:
    """A boat sunk off Greece in June and arrivals on an Italian island in September share
    "Italy" and "Europe": a country and a continent are no event, so two stories. Two
    countries of one war ("Ukraine", "Russia") still join its reports months apart."""
    from figcheck.read._stories import same_story

    sunk = Article(
        id="sunk",
        text="A boat bound for Italy sank off Greece, the worst disaster in Europe this year. "
        "Italy and Europe were asked to help, Greece said.",
        published=dt.date(2023, 6, 15),
    )
    arrivals = Article(
        id="arrivals",
        text="Thousands of migrants reached Lampedusa in Italy, and Europe promised help. "
        "Italy said Lampedusa was full.",
        published=dt.date(2023, 9, 16),
    )
    assert not same_story(sunk, arrivals)
    first = Article(
        id="first",
        text="Russia and Ukraine swapped prisoners. Ukraine said Russia freed 116.",
        published=dt.date(2023, 2, 4),
    )
    later = Article(
        id="later",
        text="Ukraine and Russia swapped prisoners again. Russia said Ukraine freed 248.",
        published=dt.date(2024, 1, 3),
    )
    assert same_story(first, later)


@pytest.mark.parametrize(
    ("quote", "figure", "measure", "unit"),
    [
        # a model's range names its unit after the whole range, not after its first number
        ("3.6 to 5.5 meters", "3.6 to 5.5 meters", "forecast storm surge height", "meter"),
        ("12 to 18 feet", "12 to 18 feet", "forecast storm surge height", "foot"),
        # a figure the normaliser has no parse for, measured as time between two things
        (
            "about half an hour after it left port",
            "about half an hour",
            "time between leaving port and capsizing, in minutes",
            "duration",
        ),
        ("10 to 20 minutes after leaving port", "10 to 20 minutes", "time to sink", "duration"),
    ],
)
def test_a_models_figure_takes_the_unit_its_own_words_name(
    quote: str, figure: str, measure: str, unit: str
) -> None:
    article = _article("m", f"Forecasters said it was {quote}, officials added.")
    claim = _claim(
        "c", article, quote, measure, low=1.0, high=2.0, figure_text=figure, extractor="llm"
    )
    given = claim.model_copy(update={"reading": Reading()})
    (read,) = read_all([given], [article])
    assert read.reading and read.reading.unit == unit


def test_a_reports_conversion_parts_from_its_figure_but_the_figure_meets_other_units() -> None:
    """A model groups one ship's length given as "almost a kilometer (0.6 miles)" in one
    report and "984-foot" in another: the report's miles part from its own kilometre, but
    the kilometre still shares a key with the feet, where the checker converts them."""
    afp = _article("afp", "In Baltimore the Dali, nearly 1 km (0.6 miles) long, lost power.")
    sun = _article("sun", "In Baltimore the 984-foot ship Dali lost power before the collision.")
    claims = [c for a in (afp, sun) for c in extract_article(a, "rules").claims]
    ids = {c.quote: c.id for c in claims}
    km, miles, feet = ids["nearly 1 km"], ids["0.6 miles"], ids["984-foot ship Dali"]
    keyed = {c.id: c for c in link(claims, [afp, sun], story_linker=lambda s: [[km, miles, feet]])}
    assert keyed[km].key == keyed[feet].key != keyed[miles].key
    from figcheck.crosscheck import cross_check

    findings = cross_check(list(keyed.values()), [afp, sun])
    assert any(f.verdict == "inconsistent" and set(f.claims) == {km, feet} for f in findings), (
        "almost a kilometre is no 984-foot ship"
    )
