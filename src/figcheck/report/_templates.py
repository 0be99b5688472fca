"""The one Jinja environment setup behind every Markdown output (reports and scoreboards).

Both outputs quote article text, which is untrusted, so the escaping rules must
not drift apart: they live here once.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from figcheck.report._escape import MarkdownSafe, escape_markdown


def markdown_environment(**filters: Callable[..., Any]) -> Environment:
    """A fresh environment over the package templates that escapes every printed value.

    Callers cache their own, adding the filters only their templates use.
    """
    env = Environment(
        loader=PackageLoader("figcheck.report", "templates"),
        autoescape=False,  # HTML escaping is wrong for Markdown; finalize escapes instead
        finalize=escape_markdown,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md_safe"] = MarkdownSafe
    env.filters.update(filters)
    return env


@cache
def html_environment() -> Environment:
    """The HTML templates' environment: autoescaped, since article text is untrusted."""
    return Environment(
        loader=PackageLoader("figcheck.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
