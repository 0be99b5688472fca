"""Word lists that let link and crosscheck read what a figure counts.

Kept apart from the logic so a reviewer can extend a synonym set (a new
outlet's word for "released") without touching the decisions built on it.
Lists are lower-case; plural nouns are listed explicitly because news text
uses them and stemming "servicemen" or "POWs" gains nothing.
"""

from __future__ import annotations

import re

# Whose people a figure counts. Country/organisation -> demonym used in keys.
COUNTRY_DEMONYM: dict[str, str] = {
    "russia": "russian",
    "moscow": "russian",
    "kremlin": "russian",
    "ukraine": "ukrainian",
    "kyiv": "ukrainian",
    "kiev": "ukrainian",
    "israel": "israeli",
    "palestine": "palestinian",
    "gaza": "palestinian",
    "hamas": "palestinian",
    "iran": "iranian",
    "iraq": "iraqi",
    "syria": "syrian",
    "lebanon": "lebanese",
    "yemen": "yemeni",
    "turkey": "turkish",
    "china": "chinese",
    "beijing": "chinese",
    "taiwan": "taiwanese",
    "japan": "japanese",
    "india": "indian",
    "pakistan": "pakistani",
    "afghanistan": "afghan",
    "britain": "british",
    "france": "french",
    "germany": "german",
    "poland": "polish",
    "belarus": "belarusian",
    "armenia": "armenian",
    "azerbaijan": "azerbaijani",
    "georgia": "georgian",
    "sudan": "sudanese",
    "ethiopia": "ethiopian",
    "somalia": "somali",
    "nigeria": "nigerian",
    "egypt": "egyptian",
    "mexico": "mexican",
    "venezuela": "venezuelan",
    "colombia": "colombian",
    "brazil": "brazilian",
    "america": "american",
    "washington": "american",
    "ecuador": "ecuadorian",
    "peru": "peruvian",
    "chile": "chilean",
    "argentina": "argentine",
    "nepal": "nepalese",
    "indonesia": "indonesian",
    "philippines": "filipino",
    "bangladesh": "bangladeshi",
    "myanmar": "burmese",
    "haiti": "haitian",
    "cuba": "cuban",
    "morocco": "moroccan",
    "libya": "libyan",
    "italy": "italian",
    "spain": "spanish",
    "greece": "greek",
    "canada": "canadian",
    "australia": "australian",
    "kenya": "kenyan",
}
# country names that are also common words or given names ("Chad said", "Jordan"):
# their demonyms still count, the bare names do not
_AMBIGUOUS_NAMES = frozenset(
    {"chad", "jordan", "guinea", "niger", "togo", "mali", "panama", "dominica", "grenada"}
    | {"monaco", "samoa", "tonga", "jersey", "guernsey", "man", "georgia", "turkey", "china"}
)


def _countries() -> dict[str, str]:
    """Every country's name -> its demonym, from countryinfo's data (lower case).

    Names of sides come from a kept dataset rather than a list that only knows
    the conflicts we happened to read; the hand entries above (capitals,
    movements, older spellings) take precedence.
    """
    from countryinfo import all_countries

    found: dict[str, str] = {}
    for country in all_countries():
        try:
            name, demonym = country.name(), country.demonym()
        except (KeyError, AttributeError, ValueError):
            continue
        if not name or not demonym:
            continue
        name = name.lower()
        demonyms = [d.strip() for d in re.split(r"[,/]", demonym.lower()) if d.strip()]
        if not demonyms:
            continue
        if name not in _AMBIGUOUS_NAMES and "," not in name and "(" not in name:
            found[name] = demonyms[0]
        for d in demonyms:
            found.setdefault(f"_{d}", d)  # demonym only: no bare-name lookup
    return found


_KNOWN = _countries()
for _name, _demonym in _KNOWN.items():
    if not _name.startswith("_"):
        COUNTRY_DEMONYM.setdefault(_name, _demonym)

DEMONYMS: frozenset[str] = (
    frozenset(COUNTRY_DEMONYM.values())
    | frozenset(_KNOWN.values())
    | {
        "korean",
        "saudi",
        "qatari",
        "emirati",
        "kurdish",
        "chechen",
        "serbian",
        "croatian",
        "kosovar",
        "hungarian",
        "romanian",
        "moldovan",
        "lithuanian",
        "latvian",
        "estonian",
        "finnish",
        "swedish",
        "italian",
        "spanish",
        "greek",
        "canadian",
        "australian",
    }
)

# What happened to the counted things; the first class found in this order wins,
# so "held captive ... recovered" is a return, not a capture.
ACTION_WORDS: dict[str, tuple[str, ...]] = {
    "returned": (
        "returned",
        "return",
        "returning",
        "returnees",
        "freed",
        "free",
        "freeing",
        "released",
        "release",
        "releasing",
        "repatriated",
        "repatriation",
        "came home",
        "come home",
        "home",
        "swapped",
        "swap",
        "exchanged",
        "recovered",
        "recover",
        "recovering",
        "releases",
        "frees",
        "returns",
        "liberated",
        "liberation",
        "handed over",
        "brought back",
    ),
    "killed": (
        "killed",
        "killing",
        "kills",
        "dead",
        "died",
        "death",
        "deaths",
        "death toll",
        "fatalities",
        "lives",
        "perished",
        "bodies",
    ),
    "injured": ("injured", "injuring", "wounded", "injuries", "hurt", "casualties"),
    "missing": ("missing", "unaccounted for", "unaccounted", "disappeared"),
    "captured": (
        "captured",
        "taken prisoner",
        "taken hostage",
        "held hostage",
        "abducted",
        "kidnapped",
        "captivity",
        "captive",
    ),
    "arrested": ("arrested", "arrests", "detained", "in custody"),
    "rescued": (
        "rescued",
        "saved",
        "pulled out",
        "pulled alive",
        "survived",
    ),
    "aboard": ("on board", "aboard", "onboard", "passengers", "carrying"),
    "destroyed": (
        "destroyed",
        "collapsed",
        "collapse",
        "flattened",
        "flattening",
        "toppled",
        "razed",
        "levelled",
        "leveled",
    ),
    "damaged": ("damaged",),
    "trapped": ("trapped", "buried", "stranded"),
    "displaced": (
        "displaced",
        "fled",
        "flee",
        "fleeing",
        "driven from",
        "forced from",
        "forced out",
        "leave their homes",
        "left their homes",
        "lost their homes",
        "refugees",
        "evacuated",
        "evacuees",
        "homeless",
        "shelters",
    ),
    "affected": ("affected", "affecting"),
    "population": ("population", "inhabitants", "nation of", "country of", "home to"),
    "voted": ("vote", "votes", "voted", "ballots", "voters"),
    "spent": ("budget", "spending", "spent", "allocated", "cost", "costs", "funding", "revenue"),
    # the beats of a newsroom beyond disasters and wars: protests, outbreaks, labour, votes
    "protested": (
        "marched",
        "marchers",
        "march",
        "marches",
        "protested",
        "protesters",
        "protestors",
        "protest",
        "protests",
        "demonstrators",
        "demonstrated",
        "demonstrations",
        "rallied",
        "rally",
        "took to the streets",
        "took part",
        "taken part",
        "taking part",
        "turned out",
        "turnout",
        "attended",
        "attendance",
        "attendees",
        "gathered",
        "crowd",
        "crowds",
        "participants",
        "strikers",
        "walked out",
    ),
    "infected": ("cases", "infections", "infected", "tested positive", "confirmed cases"),
    "hired": ("jobs", "payrolls", "hired", "hiring", "employers added", "jobs added"),
    "unemployed": ("unemployment", "unemployed", "jobless"),
    "seats": ("seats", "mandates"),
}

# What kind of thing is counted. "people" is the umbrella: it links with
# military or civilians; military and civilians never link with each other.
NOUN_WORDS: dict[str, tuple[str, ...]] = {
    "military": (
        "soldiers",
        "servicemen",
        "servicewomen",
        "service personnel",
        "defenders",
        "fighters",
        "troops",
        "pows",
        "prisoners of war",
        "combatants",
        "marines",
        "militants",
        "officers",
    ),
    "civilians": ("civilians", "children", "women"),
    "hostages": ("hostages", "hostage", "abductees"),
    "prisoners": ("prisoners", "detainees", "inmates", "captives"),
    "buildings": (
        "homes",
        "houses",
        "buildings",
        "dwellings",
        "structures",
        "apartments",
        "schools",
        "hospitals",
    ),
    "people": (
        "people",
        "persons",
        "citizens",
        "individuals",
        "residents",
        "nationals",
        "migrants",
        "dead",
        "injured",
        "wounded",
    ),
    "events": (
        "exchanges",
        "swaps",
        "attacks",
        "strikes",
        "waves",
        "stages",
        "rounds",
        "visits",
        "elections",
        "handoffs",
        "handovers",
        "releases",
        "transfers",
        "batches",
        "phases",
        "flights",
        "convoys",
        "operations",
        "directions",
        "regions",
        "issues",
        "years",
        "months",
        "weeks",
        "days",
    ),
}
PEOPLE_CLASSES: frozenset[str] = frozenset(
    {"military", "civilians", "people", "hostages", "prisoners"}
)
# person classes that may or may not overlap (POWs are military prisoners): undecided
MAYBE_SAME_PEOPLE: frozenset[frozenset[str]] = frozenset(
    frozenset(pair)
    for pair in (
        ("prisoners", "military"),
        ("prisoners", "civilians"),
        ("hostages", "military"),
        ("hostages", "civilians"),
        # hostages and prisoners are people, but "people" in a toll is usually everyone
        # ("47,400 people killed in Gaza"), not the captives: never the same on the noun alone
        ("hostages", "people"),
        ("prisoners", "people"),
    )
)
# where captives stand now: "3 hostages" freed today, "79 hostages" still held, "35" presumed
# dead and the "251" taken are four different counts, however the sentence's verbs read
CAPTIVE_STATES: dict[str, tuple[str, ...]] = {
    "dead": (
        "dead",
        "killed",
        "died",
        "deceased",
        "bodies",
        "not alive",
        "no longer alive",
        "presumed dead",
        "confirmed dead",
        "believed dead",
    ),
    "released": (
        "released",
        "release",
        "releases",
        "freed",
        "free",
        "freeing",
        "set free",
        "let go",
        "handed over",
        "handed",
        "handover",
        "handoff",
        "returned",
        "return",
        "returning",
        "repatriated",
        "liberated",
        "exchanged",
        "swapped",
        "recover",
        "recovered",
        "brought back",
        "bring back",
        "brought home",
        "came home",
        "come home",
    ),
    "held": (
        "held",
        "still held",
        "being held",
        "remain",
        "remaining",
        "still",
        "left",
        "leaves",
        "leaving",
        "in captivity",
        "captivity",
        "captive",
        "alive",
    ),
    "taken": (
        "taken",
        "taken hostage",
        "taken captive",
        "abducted",
        "abductees",
        "kidnapped",
        "seized",
        "snatched",
        "captured",
    ),
}
# a sentence about captives: only there do the state words above decide
CAPTIVITY_RE = re.compile(
    r"\b(?:hostages?|captives?|captivity|abduct\w*|kidnapp\w*|prisoners?|detainees?|pows)\b",
    re.IGNORECASE,
)
# happenings whose running totals only grow (the missing are found, the displaced return)
MONOTONE_ACTIONS: frozenset[str] = frozenset(
    {"killed", "injured", "returned", "arrested", "rescued", "destroyed", "damaged", "spent"}
)
# happenings counted as tolls that reports update as counting goes on
TOLL_ACTIONS: frozenset[str] = frozenset(
    {
        "killed",
        "injured",
        "missing",
        "captured",
        "arrested",
        "rescued",
        "displaced",
        "affected",
        "trapped",
        "destroyed",
        "damaged",
        "returned",
    }
)
# tolls of one event that are recounted as reports come in: one quantity per moment of
# reporting, whether the sentence reads as the event's toll or as a running total
# counts that belong to a party or candidate: whose they are is the name their clause is about
TALLIES: frozenset[str] = frozenset({"voted", "seats"})
# a figure for everyone counted: "a total of 1,301", "24 hostages in all"
TOTAL_RE = re.compile(r"\b(?:total|in\s+all|altogether|overall|combined)\b", re.IGNORECASE)

CASUALTY_ACTIONS: frozenset[str] = frozenset(
    {"killed", "injured", "missing", "trapped", "displaced", "affected", "destroyed", "damaged"}
)
# words that say what happened only when no other action word does: a "toll" alone
# names deaths, "held" alone a captivity ("held talks", "held captive ... recovered")
WEAK_ACTION_WORDS: dict[str, tuple[str, ...]] = {
    "killed": ("toll", "death toll"),  # not "tally": crowds and votes are tallied too
    "captured": ("held",),
}
# units whose figures describe a thing, not a count of it: never parts, wholes or tolls
# (and every unit of measurement pint knows: read._measures.non_count)
NON_COUNT_UNITS: frozenset[str] = frozenset({"magnitude", "age", "duration", "storeys"})
MONTHS: tuple[str, ...] = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# capitalised words that name no place or party (for telling stories apart)
NAME_STOPWORDS: frozenset[str] = frozenset(
    {
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        *MONTHS,
        *(m[:3] for m in MONTHS),  # "Feb 1", "Sept. 3"
        "sept",
        "president",
        "minister",
        "mr",
        "mrs",
        "ms",
        "dr",
        "the",
        "a",
        "an",
        "photo",
        "video",
        "reuters",
        "ap",
        "afp",
        "associated",
        "press",
        "news",
        "agency",
        "xinhua",
        "cnn",
        "bbc",
        "world",
        "today",
        "related",
        "content",
        "more",
        "also",
        "read",
        "government",
        "ministry",
        "police",
        "army",
        "officials",
        "city",
        "county",
        "province",
        "state",
        "region",
        "district",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "center",
        "centre",
        "national",
        "international",
        "united",
        "nuclear",
        "power",
        "plant",
        "defence",
        "defense",
        "handout",
        "breaking",
        "live",
        "updates",
    }
)

# "the worst-hit city", "the worst affected district" rank places within the event, not
# the event against earlier ones
SUPERLATIVE_RE = re.compile(
    r"\b(largest|biggest|highest|greatest|record|deadliest|worst)\b"
    r"(?![\s-]+(?:hit|affected|struck|damaged)\b)",
    re.IGNORECASE,
)
EACH_RE = re.compile(r"\beach\b", re.IGNORECASE)
# "87 of those freed", "23 of the released", "five of them"
_TOTAL_NOUNS = (
    r"(?:\w+\s+)?(?:dead|deaths|victims|casualties|fatalities|injured|wounded|missing|total)\b"
)
PARTITIVE_AFTER_RE = re.compile(
    r"^\s*(?:(?:\w+\s+){0,2}?of\s+(?:those|them|these|whom|which|the\s+\w+(?:ed|en)\b"
    rf"|the\s+{_TOTAL_NOUNS}|the\s+\d[\d,.]*\b)"  # "70 of the 72 people"
    # "72 of the bodies", "53 of the passengers", "three of the people rescued": right after
    # its figure, a part of a group the text names (not "one of the largest": no plural
    # noun; not "pulled 50 people out of the water on islands": not right after it)
    r"|of\s+the\s+(?:[a-z]+\s+)?(?:[a-z]+[^s\W]s|people|men|women|children|police|crew)\b"
    # "31 deaths among registered pilgrims": a sub-group's count, right after its figure
    # ("two were among those freed" says who was freed, not which part)
    r"|among\s+(?!those\b|them\b|these\b)\w)",
    re.IGNORECASE,
)
# "Among them were 66 defenders", "including 20 children"
PARTITIVE_BEFORE_RE = re.compile(
    r"\b(?:among\s+(?:them|those|these|the\s+\w+(?:ed|en)|the\s+"
    + _TOTAL_NOUNS
    + r")|including|of\s+(?:whom|which|them|those))\b"
    # "Of the 52 people killed in the floods, 60 were children": the figure opens the clause
    r"|\bof\s+(?:the|those|these|all)\s+(?:[^,.;]|(?<=\d)[,.](?=\d)){0,80},"
    r"\s*(?:(?:only|just|some|about|around|nearly|almost|at\s+least)\s+)?$",
    re.IGNORECASE,
)
# sentences that assign parts to disjoint categories: such parts add up
MEMBERSHIP_RE = re.compile(
    r"\b(?:(?:were|was|are|is)\s+from|belong(?:ed|s)?\s+to|came\s+from|served\s+in"
    r"|members\s+of|while\s+others|the\s+rest)\b",
    re.IGNORECASE,
)
MAJORITY_RE = re.compile(r"\b(?:a\s+)?(?:majority|most)\s+of\b", re.IGNORECASE)
# "secured the majority in the National Assembly, winning 159 seats": a claim that the
# figure after it is more than half of its whole, when nothing denies it ("failed to win
# a majority", "lost its majority") and it is not another time's ("which won a majority
# in 2019"): WON_MAJORITY_RE's match, then nothing of NOT_NOW_RE before the figure
WON_MAJORITY_RE = re.compile(
    r"\b(?:w[io]ns?|winning|secur(?:ed|es|ing|e)|ha[sd]|hav(?:e|ing)|holds?|held|holding"
    r"|retain(?:ed|s|ing)?|kept|keeps?|clinch(?:ed|es|ing)?|gain(?:ed|s|ing)?)\s+"
    r"(?:an?|the|its|their)\s+(?:(?:outright|absolute|overall|clear|simple|working"
    r"|parliamentary|comfortable)\s+)?majority\b",
    re.IGNORECASE,
)
NOT_NOW_RE = re.compile(
    r"\b(?:not|never|no|fail(?:ed|s|ing)?|short|without|lost|los(?:es|ing)|lacks?|lacking"
    r"|denied|which|who|previous(?:ly)?|last|(?:19|20)\d\d)\b|n[’']t\b",
    re.IGNORECASE,
)
# "the first exchange ... since the summer", "the previous exchange ... dates back to last August"
NOTHING_BETWEEN_WORDS = ("first", "previous", "last", "latest", "preceding")  # each opens one
NOTHING_BETWEEN_RE = re.compile(
    rf"\b(?:{'|'.join(NOTHING_BETWEEN_WORDS)})\s+(?:[\w’'-]+\s+){{0,6}}?"
    r"(?:since|dates?\s+back\s+to|was\s+(?:in|on)|took\s+place\s+(?:in|on))\b[^.\n]{0,60}",
    re.IGNORECASE,
)
SEASON_MONTHS: dict[str, frozenset[int]] = {
    "winter": frozenset({12, 1, 2}),
    "spring": frozenset({3, 4, 5}),
    "summer": frozenset({6, 7, 8}),
    "autumn": frozenset({9, 10, 11}),
    "fall": frozenset({9, 10, 11}),
}
# words that carry no meaning for a measure slug
STOPWORDS: frozenset[str] = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "and",
        "or",
        "as",
        "that",
        "this",
        "these",
        "those",
        "them",
        "who",
        "whom",
        "which",
        "were",
        "was",
        "is",
        "are",
        "be",
        "been",
        "have",
        "has",
        "had",
        "its",
        "their",
        "our",
        "his",
        "her",
        "it",
        "they",
        "said",
        "more",
        "than",
        "about",
        "nearly",
        "least",
        "most",
        "some",
        "all",
        "while",
        "other",
        "others",
    }
)


# words that say in which unit a figure is given, not what it measures ("percentage
# points", "kilometres"): a measure made only of these names nothing
UNIT_WORDS: frozenset[str] = frozenset(
    [
        "percent",
        "per",
        "cent",
        "percentage",
        "points",
        "point",
        "hour",
        "hours",
        "kilometers",
        "kilometres",
        "kilometer",
        "kilometre",
        "km",
        "miles",
        "mile",
        "meters",
        "metres",
        "feet",
        "foot",
        "ft",
        "kg",
        "lb",
        "kilograms",
        "pounds",
        "degrees",
        "celsius",
        "fahrenheit",
        "magnitude",
        "years",
        "year",
        "old",
        "day",
        "days",
        "month",
        "months",
        "week",
        "weeks",
        "decades",
        "count",
        "figure",
        "quake",
        "earthquake",
        "tremor",
        "struck",
        "located",
    ]
)
