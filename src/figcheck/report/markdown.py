"""Markdown report: what a reviewer reads first, worst findings on top, figures quoted in place.

Rendering goes through a Jinja2 template whose environment escapes every
printed value for Markdown (see `_escape`), so article text can never add
headings, table rows, links, emphasis or raw HTML to the report.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment

from figcheck.report import Report
from figcheck.report._templates import markdown_environment
from figcheck.report._view import build_view


@cache
def _environment() -> Environment:
    return markdown_environment()


def render_markdown(report: Report) -> str:
    """The whole report as GitHub-flavoured Markdown, safe to paste into an issue or a PR."""
    view = build_view(report)
    template = _environment().get_template("report.md.j2")
    text = template.render(view=view, s=view.summary, u=report.usage)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text
