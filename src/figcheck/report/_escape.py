"""Make article-derived text inert in Markdown, whose renderers also pass raw HTML through.

Articles are untrusted input: a quote may hold `<script>`, a fake table row or
emphasis meant to steer a reader (or an LLM reading the report). Escaping is
done once, here, and the Markdown template applies it to every value by default.
"""

from __future__ import annotations

import re

# CommonMark lets any ASCII punctuation be backslash-escaped. Escaped
# everywhere: what starts emphasis, code, table cells, strikethrough or (on
# GitHub) math anywhere in a line. Escaped only where it matters, so a report
# still reads well as plain text: the `(` of `](` (a link or image needs it;
# reference definitions start a line, where no value goes), `_` not beside a
# letter or digit ("more_than" cannot start emphasis), `#` followed by a space
# ("Reuters #3" is no heading), `>` opening a value. List and setext markers only
# act at a line start, where the templates never put a value and the Markdown
# renderer's folding never moves one. `<` becomes an entity, so raw HTML and
# autolinks cannot form, and so does an `&` that would start an entity.
_MD_PUNCTUATION = re.compile(
    r"[\\`*|~$]|(?<=\])\(|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|#+(?=\s|$)|^\s*>"
)
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029\x0b\x0c\x85]+\s*")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _backslash(match: re.Match[str]) -> str:
    """A backslash before the character that matters: the first `#` of a run, the `>` of a quote."""
    found = match.group()
    return f"{found[:-1]}\\>" if found.endswith(">") else "\\" + found


class MarkdownSafe(str):
    """Markdown written by figcheck itself, which `escape_markdown` passes through."""

    __slots__ = ()


def escape_markdown(value: object) -> MarkdownSafe:
    """One line of inert Markdown: safe in running text, bold spans and table cells alike."""
    if isinstance(value, MarkdownSafe):
        return value
    if value is None:
        return MarkdownSafe("")
    text = _CONTROL.sub("", str(value))
    text = _LINE_BREAKS.sub(" ", text)
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;")
    text = _MD_PUNCTUATION.sub(_backslash, text)
    return MarkdownSafe(text)
