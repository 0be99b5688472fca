"""Currencies as news writes them -> ISO 4217 codes (pycountry holds the ISO list).

A money claim's `unit` is its ISO code: "$2.3bn", "US$2.3 billion" and "2.3
billion US dollars" are all USD, "A$" and "$A" and "Australian dollars" AUD.
pycountry gives every code and its ISO name ("Australian Dollar", "Yuan
Renminbi"); the symbols and the spellings reporters use ("£", "yuan",
"rupees", "quid") are ours. A bare "$" is read as US dollars, "¥" as yen and
"rupees" as Indian rupees, as most English-language news means them.
"""

from __future__ import annotations

import re
from functools import cache

import pycountry

# symbols written before (or glued to) the number
_SYMBOLS: dict[str, str] = {
    "$": "USD", "us$": "USD", "u.s.$": "USD", "usd$": "USD",
    "a$": "AUD", "$a": "AUD", "au$": "AUD", "aud$": "AUD",
    "c$": "CAD", "ca$": "CAD", "cad$": "CAD", "$c": "CAD",
    "hk$": "HKD", "nz$": "NZD", "$nz": "NZD", "s$": "SGD", "nt$": "TWD", "r$": "BRL",
    "mx$": "MXN", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "rs": "INR", "rs.": "INR",
    "₽": "RUB", "₴": "UAH", "₩": "KRW", "₺": "TRY", "₦": "NGN", "₱": "PHP", "₪": "ILS",
    "฿": "THB", "₫": "VND", "zł": "PLN", "r": "ZAR", "chf": "CHF", "kr": "SEK",
}  # fmt: skip
# words written after the number; plural "s" is stripped before lookup
_WORDS: dict[str, str] = {
    "dollar": "USD", "us dollar": "USD", "u.s. dollar": "USD", "american dollar": "USD",
    "buck": "USD", "euro": "EUR", "pound": "GBP", "pound sterling": "GBP", "sterling": "GBP",
    "quid": "GBP", "british pound": "GBP", "yen": "JPY", "japanese yen": "JPY",
    "yuan": "CNY", "renminbi": "CNY", "chinese yuan": "CNY", "rupee": "INR",
    "indian rupee": "INR", "pakistani rupee": "PKR", "rouble": "RUB", "ruble": "RUB",
    "russian rouble": "RUB", "russian ruble": "RUB", "hryvnia": "UAH", "hryvnias": "UAH",
    "hryvnya": "UAH", "franc": "CHF", "swiss franc": "CHF", "dirham": "AED", "riyal": "SAR",
    "saudi riyal": "SAR", "lira": "TRY", "turkish lira": "TRY", "lire": "TRY", "naira": "NGN",
    "rand": "ZAR", "won": "KRW", "south korean won": "KRW", "shekel": "ILS",
    "new shekel": "ILS", "baht": "THB", "ringgit": "MYR", "zloty": "PLN", "zlotys": "PLN",
    "real": "BRL", "reais": "BRL", "peso": "MXN", "mexican peso": "MXN", "rial": "IRR",
    "iranian rial": "IRR", "taka": "BDT", "kwacha": "ZMW", "cedi": "GHS", "shilling": "KES",
    "kenyan shilling": "KES", "birr": "ETB", "dong": "VND", "krona": "SEK", "kronor": "SEK",
    "krone": "NOK", "kroner": "NOK", "forint": "HUF", "leu": "RON", "lei": "RON",
    "koruna": "CZK", "rupiah": "IDR", "som": "KGS", "tenge": "KZT", "lari": "GEL",
    "dram": "AMD", "manat": "AZN",
}  # fmt: skip
# ISO codes read as a currency when written in capitals before or after a figure ("USD 5m")
CODES_IN_TEXT = (
    "USD", "EUR", "GBP", "JPY", "CNY", "RMB", "AUD", "CAD", "CHF", "HKD", "NZD", "SGD", "INR",
    "RUB", "UAH", "KRW", "TRY", "BRL", "MXN", "ZAR", "SEK", "NOK", "DKK", "PLN", "ILS", "AED",
    "SAR", "NGN", "KES", "EGP", "PKR", "IDR", "THB", "MYR", "PHP", "VND", "TWD", "CZK", "HUF",
)  # fmt: skip
_ALIASES = {"RMB": "CNY"}


@cache
def _iso() -> dict[str, str]:
    """ISO 4217 code and lower-cased ISO name -> code, from pycountry."""
    table: dict[str, str] = {}
    for currency in pycountry.currencies:
        table[currency.alpha_3.lower()] = currency.alpha_3
        table.setdefault(currency.name.lower(), currency.alpha_3)
    return table


def currency_code(spelling: str) -> str | None:
    """ISO 4217 code of a currency as written: '$A' -> 'AUD', 'Australian dollars' -> 'AUD'."""
    key = " ".join(spelling.strip().lower().split())
    if not key:
        return None
    if key in _SYMBOLS:
        return _SYMBOLS[key]
    upper = key.upper()
    if upper in _ALIASES:
        return _ALIASES[upper]
    iso = _iso()
    for candidate in (key, key.removesuffix("s"), re.sub(r"s$|es$", "", key)):
        if candidate in _WORDS:
            return _WORDS[candidate]
        if candidate in iso:
            return iso[candidate]
    head, _, last = key.rpartition(" ")
    if head and last.removesuffix("s") == "dollar":
        # "Australian dollars", "Hong Kong dollars": ISO names them "<Adjective> Dollar"
        return iso.get(f"{head} dollar") or _country_dollar(head)
    return None


@cache
def _country_dollar(adjective: str) -> str | None:
    """'singapore' or 'singaporean' -> 'SGD': the dollar of the country named."""
    for stem in (adjective, adjective.removesuffix("n"), adjective.removesuffix("an")):
        for currency in pycountry.currencies:
            name = currency.name.lower()
            if name.endswith(" dollar") and name.removesuffix(" dollar").startswith(stem):
                return str(currency.alpha_3)
    return None


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _by_first_letter(*word_lists: list[str]) -> str:
    """The _alternation of each list in turn, with the words that share a first character
    behind it ("d(?:inars|ollars)"): the engine then tries a handful of words after a
    figure, not all 170 (a case-blind alternation enters every branch). Words with
    different first letters never match at one place, and each group keeps the words'
    order (a list's words before the next list's), so the match is the one the lists'
    alternations, one after the other, would give."""
    groups: dict[str, list[str]] = {}
    for words in word_lists:
        for word in sorted(set(words), key=len, reverse=True):
            if not (word[:1].isascii() and word[:1] == word[:1].lower()):
                raise ValueError(
                    f"currency word {word!r} must start with a lower-case ASCII character"
                )
            groups.setdefault(word[0], []).append(word[1:])
    return "|".join(
        re.escape(first) + "(?:" + "|".join(re.escape(rest) for rest in tails) + ")"
        for first, tails in groups.items()
    )


# Symbols before a number, for the figure pattern (case-insensitive there). It is tried at
# every word start, so each family sits behind a lookahead that fails at once on prose.
_SIGNS = [k for k in _SYMBOLS if not k[0].isalpha() and not k.isalpha()]
LETTERED_SIGNS = [k for k in _SYMBOLS if k[0].isalpha() and "$" in k]
SYMBOL_PATTERN = (
    "(?:(?=[^\\w\\s])(?:"
    + _alternation(_SIGNS)
    + ")|(?=[a-z.]{1,4}\\$)(?:"
    + _alternation(LETTERED_SIGNS)
    + r")|(?-i:Rs\.?(?=\s?\d))"
    + r"|(?-i:(?=[A-Z]{3}\s?\d)(?:"
    + "|".join(CODES_IN_TEXT)
    + r")\s?)"
    + ")"
)
# Currency words after a number ("2.3 billion Australian dollars", "40 million yuan").
_ADJECTIVES = (
    "us", "u.s.", "american", "australian", "canadian", "hong kong", "new zealand",
    "singapore", "taiwan", "new taiwan", "jamaican", "zimbabwe", "namibian", "fijian",
)  # fmt: skip
# currency words that are more often other words after a number ("3 won", "a real")
_NOT_AFTER = frozenset({"won", "real", "som", "dong", "lei", "leu", "dram", "lari", "rand", "rial"})
# The adjectives and the codes each sit behind a look-ahead at what they open with (the
# adjectives' first letters; a code's three capitals): the figure pattern tries this after
# nearly every number followed by a word, and a case-blind alternation enters each of its
# words, a cased one each of its 39 codes, before failing on "people".
_ADJECTIVE_OPENS = "(?=[" + "".join(sorted({a[0] for a in _ADJECTIVES})) + "])"
WORD_PATTERN = (
    r"(?:"
    + _ADJECTIVE_OPENS
    + "(?:"
    + _alternation(list(_ADJECTIVES))
    + r")\s+dollars?|"
    # plurals before singulars ("pesos" before "peso"), in one group per first letter
    + _by_first_letter(
        [w + "s" for w in _WORDS if w not in _NOT_AFTER], list(set(_WORDS) - _NOT_AFTER)
    )
    + r"|(?-i:(?=[A-Z]{3})(?:"
    + "|".join(CODES_IN_TEXT)
    + r"))(?![a-z]))"
)
if not all(code.isascii() and code.isupper() and len(code) == 3 for code in CODES_IN_TEXT):
    raise ValueError("a currency code is not three capitals: WORD_PATTERN's look-ahead misses it")
if not all(a[:1].isascii() and a[:1].islower() for a in _ADJECTIVES):
    raise ValueError("a currency adjective opens with other than a lower-case ASCII letter")

# after a scale word the same words can only be money: "2 trillion won", "3 million rand"
SCALED_WORD_PATTERN = r"(?:" + _alternation(sorted(_NOT_AFTER)) + r")"

__all__ = [
    "CODES_IN_TEXT",
    "SCALED_WORD_PATTERN",
    "SYMBOL_PATTERN",
    "WORD_PATTERN",
    "currency_code",
]
