"""HTML report: one self-contained page where every finding links to its spans and back.

The page loads nothing from outside and runs no script: a Content-Security-Policy
forbids both, and Jinja2 autoescaping (markupsafe) keeps article text as text.
Article bodies are cut into segments by code-point offsets, so each <mark> holds
exactly a claim's quote.
"""

from __future__ import annotations

from dataclasses import dataclass

from figcheck.models import Article
from figcheck.report import Report
from figcheck.report._spans import Segment, segment
from figcheck.report._templates import html_environment
from figcheck.report._view import ArticleName, ClaimView, build_view


@dataclass
class ArticleView:
    """An article cut into plain and highlighted runs, plus claims that could not be highlighted."""

    article: Article
    name: ArticleName
    anchor: str
    segments: list[Segment[ClaimView]]
    apart: list[ClaimView]


def _article_views(
    articles: list[Article],
    names: dict[str, ArticleName],
    claims_by_article: dict[str, list[ClaimView]],
) -> tuple[list[ArticleView], list[ClaimView]]:
    """Highlight located claims; overlapping, unlocated and orphan ones stay link targets apart."""
    views: list[ArticleView] = []
    seen: set[str] = set()
    for n, article in enumerate(articles):
        claims = claims_by_article.get(article.id, []) if article.id not in seen else []
        seen.add(article.id)
        located = [(c.claim.start, c.claim.end, c) for c in claims if c.located]
        segments, overlapping = segment(article.text, located)
        apart = [c for c in claims if not c.located] + overlapping
        views.append(ArticleView(article, names[article.id], f"article-{n + 1}", segments, apart))
    orphans = [c for aid, cs in claims_by_article.items() if aid not in seen for c in cs]
    return views, orphans


def render_html(report: Report) -> str:
    """The whole report as one HTML page with inline CSS and no external resources."""
    view = build_view(report)
    names = {name.id: name for name in view.articles}
    articles, orphans = _article_views(report.articles, names, view.claims_by_article)
    template = html_environment().get_template("report.html.j2")
    return template.render(
        view=view, s=view.summary, u=report.usage, articles=articles, orphans=orphans
    )
