"""Spot text inside an article that addresses an AI model rather than a reader.

figcheck never obeys article text: the rules extractor does not read
instructions, and the LLM prompt declares the article to be data. Spotting
such lines still matters to a reviewer (a planted instruction is a sign of a
tampered or adversarial source), so ingest records each one as a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CUES = re.compile(
    r"""
    \b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+|the\s+)?
        (?:previous|prior|above|earlier|preceding)\s+(?:instructions?|prompts?|rules|directions)
    | \b(?:you\s+are\s+now|act\s+as|pretend\s+to\s+be)\s+(?:an?\s+)?
        (?:ai|assistant|language\s+model|chatbot|dan)\b
    | \bsystem\s+prompt\b
    | \b(?:new|updated)\s+instructions\s*:
    | <\|?(?:im_start|system|assistant)\|?>
    | \[/?INST\]
    | \b(?:ai|llm|language)\s+(?:models?|assistants?)\s*,?\s+(?:must|should)\s+
        (?:report|output|say|return|ignore)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class Suspect:
    line: int  # 1-based
    start: int
    end: int
    excerpt: str


def find_injection(text: str) -> list[Suspect]:
    """Every place where the text speaks to a model ("ignore previous instructions"...)."""
    found: list[Suspect] = []
    for match in _CUES.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        left = max(text.rfind("\n", 0, match.start()) + 1, match.start() - 60)
        right_nl = text.find("\n", match.end())
        right = min(right_nl if right_nl != -1 else len(text), match.end() + 60)
        found.append(Suspect(line, match.start(), match.end(), text[left:right].strip()))
    return found
