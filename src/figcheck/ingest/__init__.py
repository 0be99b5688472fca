"""Files, front matter and dataset directories -> Article, recording what could not be read.

Inputs may mix dataset directories (holding articles.jsonl), plain directories
(every *.txt and *.md directly inside, sorted by name; README files skipped),
corpus files (*.jsonl, or *.parquet with the parquet extra: the spec's article
fields plus `text`, one article a line or row, read one at a time; see
`ingest/corpus.py`) and single files; a file
reached twice is read once. One bad file becomes a
`Problem` and the rest are still read; `strict=True` raises `IngestError` at
the first problem instead.

What `Article.text` is, and so what spans index into:
- the file decoded as UTF-8 with newlines kept exactly as stored ("\\r\\n" is two
  characters), no markdown stripping;
- a leading UTF-8 byte order mark is removed (offset 0 is the first visible
  character) and noted in `Article.warnings`;
- with YAML front matter (a first line `---`, a closing `---` or `...` line),
  the text is the body: everything after the closing delimiter's line break,
  exactly as it appears. Recognised keys: id, title, outlet, published (alias
  date), url; others are ignored.

The publication date comes only from front matter or the dataset: it is never
guessed from the text. A missing date is a warning, and relative dates in that
article stay unresolved.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field

from figcheck.errors import DatasetError, IngestError
from figcheck.ingest._injection import find_injection
from figcheck.ingest._textfile import STDIN, outside, read_text
from figcheck.ingest.corpus import CORPUS_SUFFIXES, iter_corpus
from figcheck.ingest.dataset import is_dataset, read_articles
from figcheck.models import Article, Problem

TEXT_SUFFIXES = (".txt", ".md")
NO_DATE = "no publication date: relative dates stay unresolved"
BOM_REMOVED = "UTF-8 byte order mark removed: offsets start after it"
_FRONT_MATTER = re.compile(
    r"\A---[ \t]*\r?\n(?P<yaml>.*?)^(?:---|\.\.\.)[ \t]*(?:\r\n|\n|\r|\Z)", re.DOTALL | re.MULTILINE
)
_NOT_ID = re.compile(r"[^A-Za-z0-9_.-]+")
_MAX_FRONT_MATTER = 64 * 1024  # metadata, not content: larger is refused for that file
_OPENING = re.compile(r"\A---[ \t]*\r?\n")
_SANE_YEARS = range(1800, 2200)


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML for front matter: aliases are refused (a 425-byte alias bomb would
    otherwise cost gigabytes) and dates stay text, so a bad one ("2024-02-30") is
    reported for its file and key instead of stopping the run."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in front matter", event.start_mark
            )
        return super().compose_node(parent, index)


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class Ingested(BaseModel):
    """Articles read, and the problems met on the way (errors skipped a file, warnings did not)."""

    articles: list[Article] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)


def load_articles(paths: Iterable[str | Path] | str | Path, strict: bool = False) -> list[Article]:
    """Read articles for library users; each problem is also emitted with `warnings.warn`."""
    result = scan(paths, strict=strict)
    for problem in result.problems:
        warnings.warn(f"figcheck ingest {problem.severity}: {problem.message}", stacklevel=2)
    return result.articles


def scan(paths: Iterable[str | Path] | str | Path, strict: bool = False) -> Ingested:
    """Read every article under `paths`; record problems (or raise the first when strict)."""
    if isinstance(paths, str | Path):
        paths = [paths]
    scanner = _Scanner(strict)
    articles = [a for raw in paths for a in scanner.path(Path(raw))]
    return Ingested(articles=articles, problems=scanner.problems)


def iter_scan(
    paths: Iterable[str | Path], problems: list[Problem], strict: bool = False
) -> Iterator[Article]:
    """`scan` one article at a time, for corpora too big to hold: articles are yielded as
    they are read and problems appended to `problems` as they are met."""
    scanner = _Scanner(strict, problems)
    for raw in paths:
        yield from scanner.path(Path(raw))


def read_article(path: str | Path) -> tuple[Article, list[str]]:
    """Read one article file; return it with warnings for the caller to record.

    Raises IngestError when the file cannot be an article (missing, empty, binary,
    not UTF-8, over 5 MB, bad front matter).
    """
    path = Path(path)
    text, had_bom = read_text(path, strip_bom=True)
    meta, body = _split_front_matter(path, text)
    if not body.strip():
        raise IngestError(f"{path}: no article text after the front matter; add the body")
    notes = [BOM_REMOVED] if had_bom else []
    problems: list[str] = []
    if not meta and _OPENING.match(text):
        problems.append(
            f"{path}: the file opens with --- but the front matter is never closed; read as "
            "article text (close it with a --- line, or remove the first line)"
        )
    published = _date(meta.get("published", meta.get("date")))
    if published is None:
        raw = meta.get("published", meta.get("date"))
        if raw is not None:
            shown = str(raw) if len(str(raw)) <= 40 else f"{str(raw)[:40]}..."
            problems.append(
                f"{path}: front matter key 'published' ({shown!r}) is not a date between "
                f"{_SANE_YEARS[0]} and {_SANE_YEARS[-1]}; write it as published: YYYY-MM-DD"
            )
        problems.append(
            f'{path}: no publication date, so relative dates ("on Wednesday") stay '
            "unresolved; add front matter `published: YYYY-MM-DD`"
        )
        notes.append(NO_DATE)
    given_id = meta.get("id")
    stem = "stdin" if str(path) == STDIN else path.stem
    article = Article(
        id=sanitise_id(str(given_id) if given_id is not None else stem),
        text=body,
        published=published,
        outlet=_str(meta.get("outlet")),
        url=_str(meta.get("url")),
        title=_str(meta.get("title")),
        path=str(path),
        warnings=notes,
    )
    return article, problems


def sanitise_id(name: str) -> str:
    """An id that matches the spec's [A-Za-z0-9_.-]+ and can name articles/ID.txt."""
    return _NOT_ID.sub("_", name).strip("_") or "article"


class _Scanner:
    def __init__(self, strict: bool, problems: list[Problem] | None = None) -> None:
        self.strict = strict
        self.problems: list[Problem] = [] if problems is None else problems
        self.ids: set[str] = set()
        self.seen: set[Path] = set()

    def first_visit(self, path: Path) -> bool:
        """A file or folder named twice (a folder and a file in it) is read once."""
        key = path.resolve()
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    def problem(
        self, message: str, path: Path, severity: str = "error", article: str | None = None
    ) -> None:
        if self.strict:
            raise IngestError(message)
        self.problems.append(
            Problem(
                severity=severity, stage="ingest", message=message, path=str(path), article=article
            )
        )

    def path(self, path: Path) -> Iterator[Article]:
        if str(path) == STDIN:
            yield from self.file(path)
        elif not path.exists():
            self.problem(f"{path}: no such file or directory; check the path", path)
        elif not self.first_visit(path):
            return
        elif path.is_dir():
            yield from self.directory(path)
        elif path.suffix.lower() in CORPUS_SUFFIXES:
            yield from self.corpus(path)
        else:
            yield from self.file(path)

    def corpus(self, path: Path) -> Iterator[Article]:
        """A corpus file (JSON lines or Parquet): a bad row is an error of its own; the
        other rows are read."""
        try:
            for item in iter_corpus(path):
                if isinstance(item, Article):
                    yield self.add(item, path)
                else:
                    self.problem(f"{item.message} (line skipped)", path)
        except DatasetError as exc:
            self.problem(str(exc), path)

    def directory(self, path: Path) -> Iterator[Article]:
        if is_dataset(path):
            refused: list[str] = []
            try:
                articles = read_articles(path, refused=refused)
            except DatasetError as exc:
                self.problem(f"{exc} (dataset {path} skipped)", path)
                return
            for message in refused:
                self.problem(message, path, severity="warning")
            for article in articles:
                yield self.add(article, Path(article.path or path))
            return
        files: list[Path] = []
        for p in sorted(path.iterdir()):
            if p.suffix.lower() not in TEXT_SUFFIXES or p.name.upper().startswith("README"):
                continue
            target = outside(p, path)
            if target is not None:
                self.problem(
                    f"{p}: a symlink to {target}, outside the folder {path}; not read "
                    "(pass that file by name if it is meant to be checked)",
                    p,
                    severity="warning",
                )
            elif p.is_file():
                files.append(p)
        if not files:
            self.problem(
                f"{path}: no .txt or .md files and no articles.jsonl; "
                "pass article files or a dataset directory",
                path,
            )
        for file in files:
            if self.first_visit(file):
                yield from self.file(file)

    def file(self, path: Path) -> Iterator[Article]:
        try:
            article, warnings_ = read_article(path)
        except IngestError as exc:
            self.problem(str(exc), path)
            return
        article = self.add(article, path)
        for message in warnings_:
            self.problem(message, path, severity="warning", article=article.id)
        yield article

    def add(self, article: Article, path: Path) -> Article:
        wanted, n = article.id, 1
        while article.id in self.ids:
            n += 1
            article = article.model_copy(update={"id": f"{wanted}-{n}"})
        if article.id != wanted:
            self.problem(
                f"{path}: article id {wanted!r} is already taken; renamed to {article.id!r} "
                "(set a unique `id:` in its front matter)",
                path,
                severity="warning",
                article=article.id,
            )
        self.ids.add(article.id)
        for suspect in find_injection(article.text):
            self.problem(
                f"{path}: line {suspect.line} reads like instructions to an AI model "
                f"({suspect.excerpt!r}); figcheck treats it as article text and never obeys it "
                "— check whether the source was tampered with",
                path,
                severity="warning",
                article=article.id,
            )
        return article


def _split_front_matter(path: Path, text: str) -> tuple[dict[str, Any], str]:
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    if len(match.group("yaml")) > _MAX_FRONT_MATTER:
        raise IngestError(
            f"{path}: front matter is {len(match.group('yaml')):,} characters, over the "
            f"{_MAX_FRONT_MATTER:,} allowed for metadata; shorten it (a title, a date, an outlet)"
        )
    try:
        meta = yaml.load(match.group("yaml"), Loader=_FrontMatterLoader)
    except ValueError as exc:  # a number too long to convert, and the like
        raise IngestError(f"{path}: front matter has a value that cannot be read ({exc})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise IngestError(
            f"{path}: front matter is not valid YAML{where} ({getattr(exc, 'problem', exc)}); "
            "fix it, or remove the --- block"
        ) from exc
    if not isinstance(meta, dict):
        return {}, text  # a leading horizontal rule, not front matter
    return {str(k): v for k, v in meta.items()}, text[match.end() :]


def _date(value: object) -> dt.date | None:
    """An ISO date within news history; anything else is None (the caller names the key)."""
    day: dt.date | None = None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, str) and len(value) <= 40:
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            try:
                day = dt.datetime.fromisoformat(value.strip()).date()
            except ValueError:
                return None
    return day if day is not None and day.year in _SANE_YEARS else None


def _str(value: object) -> str | None:
    return None if value is None else str(value)
