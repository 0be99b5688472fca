"""The model's reading of a figure (prompt v2 fields) in figcheck's own vocabulary.

The rules reader and the model must name things alike for link to compare
them, so the model's words go through the same classes the rules use
("freed" and "repatriated" are both `returned`; "Ukrainians" is the side
`ukrainian`); a word outside every class is kept as written, lower-cased.
"""

from __future__ import annotations

import re

from figcheck.llm.schema import ExtractedClaim
from figcheck.models import Reading
from figcheck.read._quantity import action_class, noun_class, side_named

_AREA_WORDS = re.compile(
    r"\b(?:county|province|district|region|state|city|town|village|prefecture|in|the)\b", re.I
)


def _place(place: str | None) -> str | None:
    if not place:
        return None
    words = _AREA_WORDS.sub(" ", place).split()
    return words[-1].lower() if words else None


def model_reading(item: ExtractedClaim) -> Reading:
    """A Reading from the model's fields; what it left null stays unknown for the rules."""
    counted = (item.counted or "").strip().lower() or None
    category = (item.category or "").strip().lower() or None
    group = (item.group or "").strip() or None
    noun = (noun_class(counted) or counted) if counted else None
    if noun in ("percent", "percentage"):
        noun = None  # a unit, read by the normaliser
    side = (side_named(group) or group.lower()) if group else None
    return Reading(
        noun=noun,
        action=(action_class(category) or category) if category else None,
        side=side,
        place=_place(item.place),
        changing=item.changing,
        part=item.part_of,
        date=item.event_date,
        date_assumed=False,
        reader="llm",
    )
