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
    \b(?:ignore|disregard|forget|override|skip|drop)\s+(?:all\s+|any\s+|the\s+|your\s+)?
        (?:(?:previous|prior|above|earlier|preceding|former|original)\s+)?
        (?:instructions?|prompts?|rules|directions|guidelines|context)
    | \b(?:ignore|disregard|forget)\s+(?:everything|anything|all)\s+
        (?:above|before|previously|said|you\s+were\s+told)
    | \b(?:you\s+are\s+now|act\s+as|pretend\s+(?:to\s+be|you\s+are)
        |from\s+now\s+on,?\s+you(?:\s+are)?)
        \s+(?:an?\s+)?(?:ai|assistant|language\s+model|chatbot|dan|different|unrestricted)\b
    | \b(?:system|developer)\s+(?:prompt|message|override)\b
    | \b(?:new|updated|revised|real)\s+instructions\s*:
    | <\|?(?:im_start|im_end|system|assistant|user)\|?>
    | \[/?INST\] | <<\s*/?SYS\s*>> | </?article>
    | \b(?:ai|llm|language|chat)\s*(?:models?|assistants?|bots?)\s*,?\s+(?:must|should|shall)\s+
        (?:report|output|say|return|ignore|answer|reply|respond)\b
    | \bdo\s+not\s+(?:extract|report|return|output|flag|list)\s+(?:any\s+)?
        (?:figures?|numbers?|claims?|findings?|conflicts?|errors?)
    | \b(?:return|output|respond\s+with)\s+(?:only\s+)?(?:an?\s+)?(?:empty|blank)\s+
        (?:list|array|json|answer|response)
    | \b(?:mark|label|report)\s+(?:every|all|each)\s+(?:claims?|figures?|findings?)\s+
        (?:as\s+)?(?:consistent|correct|true|verified)
    | \bnote\s+to\s+(?:the\s+)?(?:ai|llm|model|assistant|fact[- ]?checker)\b
    | \bif\s+you\s+are\s+an?\s+(?:ai|llm|language\s+model|assistant)\b
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
