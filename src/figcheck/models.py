"""Pydantic contracts between pipeline stages.

Field names of `Claim` and `Finding` follow ../shared/spec/dataset-format.md so
that figcheck's JSON output can be read back as a dataset: a reviewer corrects
it and keeps it as gold. Extra fields are figcheck's own and are ignored by any
reader of the spec (unknown keys are forward compatible).
"""

from __future__ import annotations

import datetime as dt
import gc
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from functools import partial
from typing import Any, Literal, TypeVar, cast

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class Qualifier(StrEnum):
    """How the stated number bounds the real quantity (spec `qualifier`)."""

    exact = "exact"
    more_than = "more_than"
    at_least = "at_least"
    fewer_than = "fewer_than"
    at_most = "at_most"
    about = "about"
    nearly = "nearly"
    vague = "vague"


class Scope(StrEnum):
    """Whether a figure counts one occurrence or a running total (spec `scope`)."""

    event = "event"
    cumulative = "cumulative"
    other = "other"


class Alignment(StrEnum):
    """How a quote was located in the article; `ungrounded` is never reported as a claim."""

    exact = "exact"
    normalised = "normalised"
    fuzzy = "fuzzy"
    ungrounded = "ungrounded"


class FindingKind(StrEnum):
    conflict = "conflict"
    agreement = "agreement"
    arithmetic = "arithmetic"


class Cause(StrEnum):
    """Why figures of one quantity disagree; reports list errors, then attributed, then updates."""

    error = "error"  # one source contradicting itself, or quoted differently: likely wrong
    attributed = "attributed"  # different sources give different figures: reported news
    update = "update"  # a later figure of a count that changes


class Verdict(StrEnum):
    consistent = "consistent"
    inconsistent = "inconsistent"
    unclear = "unclear"


class Article(BaseModel):
    """One news article as read from disk; `text` is exactly what spans index into."""

    id: str
    text: str
    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    path: str | None = None
    warnings: list[str] = Field(default_factory=list)


class Figure(BaseModel):
    """A normalised figure phrase: the interval a statement asserts, and why."""

    text: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    qualifier: Qualifier = Qualifier.exact
    unit: str | None = None
    rule: str = ""

    @model_validator(mode="after")
    def _non_empty(self) -> Figure:
        if self.low is not None and self.high is not None:
            if self.low > self.high:
                raise ValueError(f"empty interval: low {self.low} > high {self.high}")
            if self.low == self.high and (self.low_open or self.high_open):
                raise ValueError(f"empty interval: open bound at {self.low}")
        return self


class Reading(BaseModel):
    """What a figure counts, read once when its claim is extracted.

    link and crosscheck decide sameness and arithmetic from this alone, never
    from article text, so what the LLM or the rules understood travels with
    the claim and a reviewer sees why two claims were linked. Every feature
    may be None (unknown); an unknown never counts as a match by itself.
    """

    model_config = ConfigDict(frozen=True)

    noun: str | None = None  # what is counted: people, military, civilians, homes, events...
    action: str | None = None  # its category or state: killed, injured, missing, returned...
    state: str | None = None  # where counted captives stand: released, held, dead, taken
    side: str | None = None  # the group or side it belongs to ("ukrainian"); "each" per side
    place: str | None = None  # a sub-area named with the figure ("in Ludian county")
    unit: str | None = None  # percent, money, km... None for counts of things
    count: bool = True  # a count or amount (not a magnitude, age or distance)
    subset: str | None = None  # "more": an increment ("179 more deaths"); "other": the rest;
    # "against": the votes against in a tally ("voted 9-3")
    # beside its quantity's level: "previous" ("from 3.5%"), "change" ("by 250"), "expected",
    # "average" ("an average of 271,000 a month")
    role: Literal["previous", "change", "expected", "average"] | None = None
    part: bool = False  # a subset of a larger figure stated nearby ("87 of those freed")
    whole: str | None = None  # id of the claim it is a part of, when a linker named it
    membership: bool = False  # the part is assigned to a category: parts add up
    majority: bool = False  # "a majority of 87": more than half of its whole
    superlative: bool = False  # its sentence calls the event the largest/record/...
    windowed: bool = False  # ... within a window it names ("since 1994", "in two decades")
    changing: bool = False  # a toll or running total: one key per moment, linked as a series
    date: dt.date | None = None  # the date the text gives for the figure, else publication
    date_assumed: bool = False  # True when `date` is the publication date, not the text's
    moment: dt.date | None = None  # when a changing count was stated (the report's day)
    risen: bool = False  # stated as the level a count has just risen to ("climbed to 413")
    since: tuple[int, int] | None = None  # (year, month) a running total starts
    descriptor: str = ""  # content words naming the sub-group or thing
    sentence: str = ""  # the claim's sentence, for reviewers and story-level linking
    sentence_no: int = 0  # index of that sentence in its article
    sentence_span: tuple[int, int] = (0, 0)  # its offsets in the article
    story: tuple[str, ...] = ()  # names of the article's headline and lead: which story
    published: dt.date | None = None  # the article's publication date
    converts: bool = False  # restates the figure right before it in another unit
    listed: int | None = None  # an item of a list of counts starting at this offset
    nothing_since: tuple[str, ...] = ()  # the article's "no exchange since last August" cues
    subject: str | None = None  # the name its clause is about ("dow", "s&p"): what is measured
    anchor: str | None = None  # where a distance is measured from ("southwest of Marrakech")
    reader: str = "rules"  # who filled the reading: rules, llm, or llm+rules


class Relation(BaseModel):
    """A relation a story linker proposes between claims; code checks ids and does the sums."""

    kind: Literal["part_of", "sum_of", "later_figure_of"]
    claim: str
    of: list[str] = Field(default_factory=list)

    @field_validator("of", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class Links(BaseModel):
    """One story's groups of claim ids that state one quantity, and relations between them."""

    groups: list[list[str]] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    # ids the answer covered (set by code, not the model): one it left out of every group
    # states a quantity of its own; None = unknown, the rules' key stands
    seen: list[str] | None = Field(default=None, exclude=True)


class Claim(BaseModel):
    """A figure stated in an article, with a span verified against the article text."""

    model_config = ConfigDict(use_enum_values=False)

    id: str
    article: str
    start: int
    end: int
    quote: str
    low: float | None
    high: float | None
    low_open: bool = False
    high_open: bool = False
    qualifier: Qualifier
    measure: str
    key: str = ""
    scope: Scope = Scope.other
    as_of: dt.date | None = None
    since: dt.date | None = None
    source: str | None = None
    # figcheck's own fields (ignored by spec readers)
    value: float | None = None
    unit: str | None = None
    figure_text: str | None = None
    alignment: Alignment = Alignment.exact
    extractor: str | None = None
    notes: list[str] = Field(default_factory=list)
    reading: Reading | None = None
    # who decided `key`: None = the rules; "story linker" = a model's group, checked by code
    keyed_by: Literal["story linker"] | None = None


class Finding(BaseModel):
    """What a reviewer would flag; `rule` and `arithmetic` show how the verdict was reached."""

    id: str
    kind: FindingKind
    verdict: Verdict
    claims: list[str]
    relation: str | None = None
    note: str | None = None
    rule: str | None = None
    arithmetic: str | None = None
    attribution: str | None = None
    key: str | None = None
    cause: Cause | None = None


class Problem(BaseModel):
    """A recorded error or warning that did not stop the run (bad file, failed article...)."""

    severity: str = "error"  # "error" | "warning"
    stage: str
    message: str
    path: str | None = None
    article: str | None = None


class Usage(BaseModel):
    """LLM cost ledger; failed attempts and re-asks count as requests."""

    requests: int = 0
    batch_requests: int = 0  # of `requests`, answered by a provider batch (batch price)
    failed_requests: int = 0
    reasks: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def add(self, other: Usage) -> None:
        for name in type(self).model_fields:
            setattr(self, name, getattr(self, name) + getattr(other, name))


class Extraction(BaseModel):
    """What an extractor returns for one article."""

    article: str
    claims: list[Claim] = Field(default_factory=list)
    extractor: str
    model: str | None = None
    prompt: str | None = None
    prompt_hash: str | None = None
    dropped: int = 0
    problems: list[Problem] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)


_Model = TypeVar("_Model", bound=BaseModel)


def assembled(cls: type[_Model], values: dict[str, Any], explicit: set[str]) -> _Model:
    """The instance validation would build from `values`, built without validating them.

    For code that already holds each field's value in the type validation would give it
    (so validation would hand back the very same objects) and every field, defaults
    included, in the order the model declares them; `explicit` names the fields set
    explicitly. The rules extractor builds a claim per figure this way: validating 22
    fields it has just computed cost a twentieth of extraction, and model_construct,
    which loops over the fields in Python, costs more than validation. Output of an LLM,
    of a file or of a user is always validated.
    """
    model = cls.__new__(cls)
    object.__setattr__(model, "__dict__", values)
    object.__setattr__(model, "__pydantic_fields_set__", explicit)
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model


def compact_assembled(cls: type[_Model], fields: dict[str, Any]) -> _Model:
    """compact(cls(**fields)) for `fields` this program has just computed, unvalidated.

    As for `assembled`, each value must already be of its field's type; the fields
    not given take their defaults, in the order the model declares them, and only
    the given ones are set explicitly, as validation would leave them. The read
    stage builds a reading per claim this way: validating its 30 fields and
    compacting the validated copy cost a fifth of the stage. For models whose
    every field has a plain default (a reading's).
    """
    defaults = _DEFAULTS.get(cls)
    if defaults is None:
        defaults = _DEFAULTS[cls] = _plain_defaults(cls)
    given = tuple(fields)  # one order per caller: cheaper to look up than a frozenset
    shared = _GIVEN.get(given)
    if shared is None:
        shared = _GIVEN[given] = _shared_names(frozenset(given))
    return assembled(cls, _key_shared(defaults | fields), shared)


_DEFAULTS: dict[type[BaseModel], dict[str, Any]] = {}
_GIVEN: dict[tuple[str, ...], set[str]] = {}  # fields given, in order -> their shared set


def _plain_defaults(cls: type[BaseModel]) -> dict[str, Any]:
    """Each field's default, in declared order; only immutable ones, shared by every
    instance built from them (`compact_assembled`)."""
    defaults: dict[str, Any] = {}
    for name, info in cls.model_fields.items():
        if info.default_factory is not None or info.is_required():
            raise TypeError(f"{cls.__name__}.{name} has no plain default")
        hash(info.default)  # a list or dict default would be shared: refused
        defaults[name] = info.default
    return defaults


_Tuple = TypeVar("_Tuple", bound=tuple[Any, ...])


def tuple_builder(cls: type[_Tuple]) -> Callable[[tuple[Any, ...]], _Tuple]:
    """A function that builds a `cls` (a named tuple) from a tuple of all its fields, in C.

    A named tuple's class builds each instance in a Python-level __new__, a frame per
    tuple; extraction builds some ten thousand per article set (sentences, noun
    phrases, spans, bounds, figure matches), and tuple.__new__ builds the same instance
    without one. The caller passes every field, defaults included, in declared order.
    """
    return cast("Callable[[tuple[Any, ...]], _Tuple]", partial(tuple.__new__, cls))


_FIELD_NAMES: dict[frozenset[str], set[str]] = {}
_LAYOUTS: dict[tuple[str, ...], type | None] = {}  # None: keys not shared
_POOL: dict[Any, Any] = {}
_POOL_LIMIT = 1 << 15  # values remembered at most (a few MB), then forgotten at once
_POOL_CHARS = 1024  # longer strings (an article's text) are not pooled


def compact(model: _Model) -> _Model:
    """The same model, sharing its bookkeeping with its look-alikes: equal, only lighter.

    A run keeps every claim until its reports are written, and a story is linked
    whole, so at 50,000 articles (300,000 claims) what pydantic keeps per instance
    besides the values decides whether a run fits in memory. Three things are shared:

    - the set of explicitly set field names (about 1.2 KB per instance): stages
      hand on claims and readings without assigning to them afterwards (they copy
      with model_copy, which copies the set), so one set per distinct combination
      of names changes nothing visible;
    - the keys of the field dict (see `_key_shared`);
    - values equal to one a model compacted lately holds (see `_pool_values`).
    """
    names = model.__pydantic_fields_set__
    shared = _shared_names(frozenset(names))
    object.__setattr__(model, "__pydantic_fields_set__", shared)
    object.__setattr__(model, "__dict__", _key_shared(model.__dict__))
    return model


def compact_copy(model: _Model, update: dict[str, Any]) -> _Model:
    """compact(model.model_copy(update=update)), costing only the updated values when
    `model` is itself compacted (its fields-set is the shared one `compact` gave it).

    Linking gives every claim a copy with its key set; compacting the copy afresh
    pooled its 24 values again, all already pooled, to change one. The copy of a
    key-sharing dict shares its keys too (dict.copy keeps the split table), so
    only the new values need pooling and the names set sharing: an equal model,
    as light, for a tenth of the work.

    A model not compacted yet (the read stage's copy of each extracted claim) has
    its copy's values, model_copy's dict updated, compacted in one pass: model_copy
    itself (a shallow copy of three attributes, then its dict and set updated) only
    cost more. A model with extra or private attributes takes the plain way.
    """
    names = model.__pydantic_fields_set__
    if _SHARED_SETS.get(id(names)) is names:  # compacted: its names set is a shared one
        values = model.__dict__.copy()
        _pool_values(update, values)
        copied = (id(names), tuple(update))
        shared = _COPIED_NAMES.get(copied)
        if shared is None:
            shared = _COPIED_NAMES[copied] = _shared_names(frozenset(names.union(update)))
    else:
        if model.__pydantic_extra__ is not None or model.__pydantic_private__ is not None:
            return compact(model.model_copy(update=update))
        values = _key_shared(model.__dict__ | update)
        shared = _shared_names(frozenset(names.union(update)))
    return assembled(type(model), values, shared)


def _shared_names(names: frozenset[str]) -> set[str]:
    """The one set of explicitly set field names shared by every compacted model that
    has these names (see `compact`)."""
    shared = _FIELD_NAMES.get(names)
    if shared is None:
        shared = _FIELD_NAMES[names] = set(names)
        _SHARED_SETS[id(shared)] = shared
    return shared


# the shared sets by id (they live as long as the process: an id is never reused), so
# that whether a model is compacted costs a look-up, not a frozenset of its names
_SHARED_SETS: dict[int, set[str]] = {}
# (a shared set's id, the names a copy updates) -> the copy's shared set
_COPIED_NAMES: dict[tuple[int, tuple[str, ...]], set[str]] = {}


def _key_shared(values: dict[str, Any]) -> dict[str, Any]:
    """An equal dict that stores only its values; its table of keys is shared with its
    look-alikes'.

    Pydantic gives each instance a dict of its own: 830 bytes for a claim's 24
    fields or a reading's 32, more than the values. CPython keeps one table of
    keys per class for its instances' attribute dicts (PEP 412, key-sharing
    dictionaries: 8 bytes a value, up to 29 keys in 3.11). The dict of a stand-in
    instance, one stand-in class per field layout, is such a dict, and it stays
    one when pydantic copies it (model_copy) or assigns to a field. A layout past
    the interpreter's limit (a reading's 32 fields) would get a stand-in dict of
    1.6 kB, twice pydantic's own, so its values are pooled in the dict it has.
    Whether a layout shares is asked of the interpreter once, from its first dict.
    """
    layout = tuple(values)
    stand_in = _LAYOUTS.get(layout, _UNSEEN)
    if stand_in is None:
        _pool_values(values, values)  # same keys: no resize, no new dict
        return values
    if stand_in is _UNSEEN:
        stand_in = type("_Fields", (), {})
    # a fresh instance's dict, asked for before any value is set, is a key-sharing one
    # and stays one as its layout's keys are set in order (setting items costs half
    # what setattr does)
    fields: dict[str, Any] = stand_in().__dict__
    _pool_values(values, fields)
    if layout not in _LAYOUTS:
        shares = sys.getsizeof(fields) < sys.getsizeof(values)
        _LAYOUTS[layout] = stand_in if shares else None
        if not shares:
            return _key_shared(values)
    return fields


def _pool_values(values: dict[str, Any], into: dict[str, Any]) -> None:
    """`into[name]` = each value of `values`, or an equal one a model compacted lately
    holds (remembered); `into` may be `values`.

    Extraction gives each claim its own copy of values many claims hold (a
    measure's words, a figure's text, a source), validation copies each tuple
    (an article's lead names, a sentence's offsets), and JSON read back copies
    every string. Only exact strings (short ones: not an article's text),
    dates, and tuples of strings and ints are pooled, so no equal value of
    another type (1.0 for 1, an enum for its string, True for 1) is ever swapped
    in. Those values are their own keys: two of them are equal only when they
    are of one type, item by item (a string never equals a date, a tuple or an
    int), so no key needs to name the types. One loop, no call per value: a model
    holds 24 to 32 values, mostly numbers, flags, enums or None, and a call each
    cost more than the pooling (read stage).
    """
    pool, kinds, items = _POOL, _POOLED_KINDS, _ITEM_KINDS
    same = into is values
    for name, value in values.items():
        kind = type(value)
        # most values are numbers, flags, enums or None: one set look-up each
        if kind in kinds and (
            (kind is not str or len(value) <= _POOL_CHARS)
            and (kind is not tuple or items.issuperset(map(type, value)))
        ):
            if len(pool) >= _POOL_LIMIT:
                pool.clear()
            into[name] = pool.setdefault(value, value)
        elif not same:
            into[name] = value


_UNSEEN = type("_Unseen", (), {})  # a layout no dict has been compacted with yet


_POOLED_KINDS = frozenset({str, tuple, dt.date})
_ITEM_KINDS = frozenset({str, int})


_LOCK = threading.Lock()
_paused = 0  # sections running now, on every thread
_resume = False  # whether collection was on when the first of them began


@contextmanager
def collector_paused() -> Iterator[None]:
    """Cyclic garbage collection paused while extraction, reading, link and cross_check run.

    Each allocates hundreds of thousands of small objects that live until it
    returns (figures, claims, readings, intervals, keyed copies, findings).
    CPython's generational collector rescans them every few thousand
    allocations: about 15 % of a 20,000-claim link, a tenth of a dense article's
    extraction, for no garbage, since what they drop is freed by reference
    counting. Collection resumes, as the caller had it, on return.

    Articles are extracted on several threads at once (pipeline, engine) and the
    collector's switch is the process's: the pause is counted, so collection
    resumes when the last paused section on any thread ends, never while another
    is still running and never for good (a thread that found it off, because
    another had paused it, must not leave it off once that one has resumed it).
    """
    global _paused, _resume
    with _LOCK:
        if _paused == 0:
            _resume = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _LOCK:
            _paused -= 1
            if _paused == 0 and _resume:
                gc.enable()
