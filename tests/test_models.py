"""`compact` makes claims and readings lighter without making them different."""

from __future__ import annotations

import platform
import sys
from typing import Any

import pytest

from figcheck.models import Claim, Qualifier, Reading, compact, compact_copy


def _claim(n: int) -> Claim:
    return Claim(
        id=f"a-c{n:03d}",
        article="a",
        start=0,
        end=30,
        quote="At least 11 people were killed",
        low=11,
        high=None,
        qualifier=Qualifier.at_least,
        measure="people dead",
        reading=Reading(noun="people", action="killed", story=("red cross",)),
    )


def test_a_compacted_claim_equals_the_claim_it_was() -> None:
    plain = _claim(1)
    compacted = compact(_claim(1))
    compact(compacted.reading)  # type: ignore[arg-type]
    assert compacted == plain
    assert compacted.model_dump() == plain.model_dump()
    assert list(compacted.__dict__) == list(plain.__dict__)
    assert compacted.model_fields_set == plain.model_fields_set


@pytest.mark.parametrize("update", [{"key": "killed"}, {"notes": ["one"]}, {"reading": None}])
def test_a_copy_of_a_compacted_claim_leaves_it_and_its_look_alikes_alone(
    update: dict[str, object],
) -> None:
    first, second = compact(_claim(1)), compact(_claim(2))
    copied = first.model_copy(update=update)
    for name, value in update.items():
        assert getattr(copied, name) == value
    assert first == compact(_claim(1)) and second == compact(_claim(2))
    assert copied.model_fields_set > first.model_fields_set - set(update)
    copied.key = "assigned"  # assignment after the copy touches the copy only
    assert first.key == "" and copied.key == "assigned"


@pytest.mark.skipif(platform.python_implementation() != "CPython", reason="CPython's dicts")
def test_a_compacted_claim_keeps_its_fields_in_a_dict_of_shared_keys() -> None:
    """Sizes of CPython 3.11: a plain dict of 23 fields is 832 bytes, a key-sharing one 288."""
    claims = [compact(_claim(n)) for n in range(3)]
    plain = _claim(3)
    assert all(sys.getsizeof(c.__dict__) < sys.getsizeof(plain.__dict__) / 2 for c in claims)
    copied = claims[0].model_copy(update={"key": "killed"})
    assert sys.getsizeof(copied.__dict__) < sys.getsizeof(plain.__dict__) / 2


@pytest.mark.skipif(platform.python_implementation() != "CPython", reason="CPython's dicts")
def test_a_compacted_reading_is_never_heavier_than_pydantic_made_it() -> None:
    """A reading's 31 fields are past 3.11's key-sharing limit (29): a stand-in's dict
    would be 1,584 bytes, pydantic's own 832, so compact keeps pydantic's."""
    plain = Reading(noun="people", sentence_span=(0, 96))
    readings = [compact(Reading(noun="people", sentence_span=(0, n))) for n in range(3)]
    assert all(r == Reading(noun="people", sentence_span=(0, n)) for n, r in enumerate(readings))
    assert all(sys.getsizeof(r.__dict__) <= sys.getsizeof(plain.__dict__) for r in readings)


@pytest.mark.parametrize(
    "update",
    [{"key": "killed"}, {"key": "killed", "notes": ["one"]}, {"reading": None}, {}],
)
@pytest.mark.parametrize("compacted", [True, False])
def test_compact_copy_is_compact_of_model_copy(update: dict[str, Any], compacted: bool) -> None:
    """compact_copy (link's keyed copies) builds what compact(model_copy) builds, whether
    or not the model was compacted, and leaves the model and its look-alikes alone."""
    source = compact(_claim(1)) if compacted else _claim(1)
    plain = compact(_claim(1).model_copy(update=update))
    quick = compact_copy(source, update)
    assert quick == plain and quick.model_dump_json() == plain.model_dump_json()
    assert list(quick.__dict__) == list(plain.__dict__)
    assert quick.model_fields_set == plain.model_fields_set
    assert quick.__pydantic_fields_set__ is plain.__pydantic_fields_set__  # shared
    assert quick.__pydantic_extra__ is None and quick.__pydantic_private__ is None
    assert sys.getsizeof(quick.__dict__) == sys.getsizeof(plain.__dict__)
    assert source == _claim(1) and compact(_claim(2)) == _claim(2)


def test_compact_shares_equal_values_of_one_type_only() -> None:
    """Equal strings and tuples are shared; a value of another type is never swapped in."""
    first = compact(_claim(1))
    second = compact(_claim(2).model_copy(update={"measure": "".join(["people ", "dead"])}))
    assert second.measure is first.measure
    reading = compact(Reading(story=("red cross",), sentence_span=(0, 96)))
    again = compact(Reading(story=("red cross",), sentence_span=(0, 96)))
    assert again.story is reading.story and again.sentence_span is reading.sentence_span
    floats = compact(_claim(3).model_copy(update={"low": 11.0, "value": -0.0}))
    assert type(floats.low) is float and str(floats.value) == "-0.0"


def _validated_alike(model: Any) -> None:
    """`model` is what validating its own explicitly set values builds, object for object."""
    cls = type(model)
    again = cls(**{name: getattr(model, name) for name in model.model_fields_set})
    assert again == model
    assert again.model_dump_json() == model.model_dump_json()
    assert again.__pydantic_fields_set__ == model.__pydantic_fields_set__
    assert list(again.__dict__) == list(model.__dict__)
    for name, value in again.__dict__.items():
        assert type(model.__dict__[name]) is type(value), name
    assert model.__pydantic_extra__ is None and model.__pydantic_private__ is None


def test_assembled_claims_are_those_validation_builds() -> None:
    """The rules extractor assembles its claims without validating them (models.assembled):
    each must be the claim validation would build from the same values."""
    from pathlib import Path

    from figcheck.extractors.rules import RulesExtractor
    from figcheck.ingest import load_articles

    datasets = Path(__file__).resolve().parent.parent / "evals" / "datasets"
    folders = [datasets / name for name in ("seeds", "dev", "holdout", "quantities")]
    claims = [
        claim
        for article in load_articles([f for f in folders if f.is_dir()])
        for claim in RulesExtractor().extract(article).claims
    ]
    assert len(claims) > 250
    for claim in claims:
        _validated_alike(claim)
