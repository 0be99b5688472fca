"""Markdown report: what a reviewer reads first, worst findings on top, figures quoted in place.

Rendering goes through a Jinja2 template whose environment escapes every
printed value for Markdown (see `_escape`), so article text can never add
headings, table rows, links, emphasis or raw HTML to the report. Prose is
folded to `WIDTH` columns so the file reads well in a terminal or an email,
not only when rendered.
"""

from __future__ import annotations

import re
import textwrap
from functools import cache

from jinja2 import Environment

from figcheck.report import Report
from figcheck.report._escape import MarkdownSafe, escape_markdown
from figcheck.report._templates import markdown_environment
from figcheck.report._view import build_view

WIDTH = 88
# A word that would start a list, a setext underline or a thematic break if a
# fold put it first on a line; such a word stays on the line before.
_BLOCK_START = re.compile(r"[-+*=_>#]+|\d{1,9}[.)]")


def wrap(value: object, first: str = "", rest: str = "") -> MarkdownSafe:
    """Escaped `value` folded to WIDTH, first line after `first`, the others after `rest`.

    Long words (URLs, hostile unbroken tokens) are never split, so a line may
    run past WIDTH rather than change the text.
    """
    text = escape_markdown(value)
    lines = textwrap.wrap(
        text,
        WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]
    kept: list[str] = [lines[0]]
    for line in lines[1:]:
        body = line[len(rest) :]
        while body and _BLOCK_START.fullmatch(body.split(" ", 1)[0]):
            head, _, body = body.partition(" ")
            kept[-1] += " " + head
        if body:
            kept.append(rest + body)
    return MarkdownSafe("\n".join(kept))


@cache
def _environment() -> Environment:
    return markdown_environment(wrap=wrap)


def render_markdown(report: Report) -> str:
    """The whole report as GitHub-flavoured Markdown, safe to paste into an issue or a PR."""
    view = build_view(report)
    template = _environment().get_template("report.md.j2")
    text = template.render(view=view, s=view.summary, u=report.usage)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text
