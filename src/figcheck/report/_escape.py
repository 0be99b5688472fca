"""Make article-derived text inert in Markdown, whose renderers also pass raw HTML through.

Articles are untrusted input: a quote may hold `<script>`, a fake table row or
emphasis meant to steer a reader (or an LLM reading the report). Escaping is
done once, here, and the Markdown template applies it to every value by default.
"""

from __future__ import annotations

import re

# CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones
# that start emphasis, code, links, tables, headings, strikethrough or (on
# GitHub) math anywhere in a line. List and setext markers only act at a line
# start, where the templates never put a value. `<`, `>` and `&` become
# entities instead, so raw HTML cannot form.
_MD_PUNCTUATION = re.compile(r"([\\`*_\[\]#|~$])")
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029\x0b\x0c\x85]+\s*")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


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
    text = _MD_PUNCTUATION.sub(r"\\\1", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return MarkdownSafe(text)
