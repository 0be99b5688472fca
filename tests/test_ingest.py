from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from figcheck.errors import IngestError
from figcheck.ingest import BOM_REMOVED, NO_DATE, load_articles, sanitise_id, scan

BODY = "KYIV, Ukraine (AP) — Russia fired 40 missiles overnight, officials said on Friday.\n"
FRONT = "---\ntitle: Russia fires 40 missiles\noutlet: AP\npublished: 2024-03-22\nurl: https://example.org/a\n---\n"


def _files(root: Path, files: dict[str, bytes]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (root / name).write_bytes(data)
    return root


@pytest.mark.parametrize(
    ("data", "text", "published", "title", "warnings"),
    [
        ((FRONT + BODY).encode(), BODY, dt.date(2024, 3, 22), "Russia fires 40 missiles", []),
        # CRLF throughout: front matter still recognised, body keeps its \r\n
        (
            (FRONT + BODY + "More than 100 drones.\n").replace("\n", "\r\n").encode(),
            (BODY + "More than 100 drones.\n").replace("\n", "\r\n"),
            dt.date(2024, 3, 22),
            "Russia fires 40 missiles",
            [],
        ),
        # no front matter: the whole file is the text, no date
        (BODY.encode(), BODY, None, None, [NO_DATE]),
        # BOM removed and noted; offsets start after it
        (
            b"\xef\xbb\xbf" + (FRONT + BODY).encode(),
            BODY,
            dt.date(2024, 3, 22),
            "Russia fires 40 missiles",
            [BOM_REMOVED],
        ),
        # `date` is accepted for `published`; blank line after the front matter is part of the body
        (
            b"---\ndate: 2023-12-29\n---\n\n" + BODY.encode(),
            "\n" + BODY,
            dt.date(2023, 12, 29),
            None,
            [],
        ),
        # a leading horizontal rule is not front matter
        (b"---\n" + BODY.encode() + b"---\n", "---\n" + BODY + "---\n", None, None, [NO_DATE]),
    ],
)
def test_single_file_text_and_metadata(
    tmp_path: Path,
    data: bytes,
    text: str,
    published: dt.date | None,
    title: str | None,
    warnings: list[str],
) -> None:
    path = _files(tmp_path, {"ap-missiles.md": data}) / "ap-missiles.md"
    result = scan([path])
    [article] = result.articles
    assert article.text == text
    assert article.published == published
    assert article.title == title
    assert article.warnings == warnings
    assert article.id == "ap-missiles"
    start = article.text.index("40 missiles")
    assert article.text[start : start + 11] == "40 missiles"


def test_front_matter_fields(tmp_path: Path) -> None:
    fm = (
        "---\nid: ap/2024 03 22\noutlet: AP\nurl: https://example.org/a\n"
        "published: 2024-03-22\n---\n"
    )
    [article] = scan([_files(tmp_path, {"x.txt": (fm + BODY).encode()}) / "x.txt"]).articles
    assert (article.id, article.outlet, article.url) == (
        "ap_2024_03_22",
        "AP",
        "https://example.org/a",
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty or only whitespace"),
        ("blank.txt", b" \n\r\n\t\n", "empty or only whitespace"),
        (
            "scan.txt",
            b"%PDF-1.7\n\x00\x01\x02binary",
            "looks binary \\(NUL byte at byte offset 9\\)",
        ),
        (
            "ctrl.txt",
            bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 20 + b"text",
            "looks binary \\(.*control bytes",
        ),
        (
            "latin1.txt",
            "Les 1 200 soldats sont rentr\u00e9s\n".encode("latin-1"),
            "not valid UTF-8: byte 0xE9 at byte offset 28 \\(line 1\\).*iconv",
        ),
        ("only-fm.md", FRONT.encode(), "no article text after the front matter"),
        ("utf16.txt", "Kherson: 12 dead".encode("utf-16"), "UTF-16, not UTF-8.*iconv -f utf-16"),
        (
            "bad-fm.md",
            b"---\ntitle: [unclosed\n---\nBody 5 people.\n",
            "front matter is not valid YAML at line \\d",
        ),
    ],
)
def test_bad_file_is_a_problem_and_others_still_load(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    root = _files(tmp_path, {name: data, "good.txt": (FRONT + BODY).encode()})
    result = scan([root])
    assert [a.id for a in result.articles] == ["good"]
    [problem] = result.problems
    assert (problem.severity, problem.stage, problem.path) == ("error", "ingest", str(root / name))
    assert problem.message.startswith(str(root / name))
    assert re.search(message, problem.message)
    with pytest.raises(IngestError, match=message):
        scan([root], strict=True)


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: 5 MB + 1 byte of NULs never read
        fh.truncate(5 * 1024 * 1024 + 1)
    [problem] = scan([path]).problems
    assert "5,242,881 bytes is larger than the 5,242,880-byte limit" in problem.message


def test_missing_path_and_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = scan([tmp_path / "gone.txt", tmp_path / "empty"])
    assert result.articles == []
    messages = [p.message for p in result.problems]
    assert "no such file or directory" in messages[0]
    assert "no .txt or .md files" in messages[1]


def test_missing_date_is_a_warning_naming_the_fix(tmp_path: Path) -> None:
    path = _files(tmp_path, {"reuters.txt": BODY.encode()}) / "reuters.txt"
    result = scan([path])
    [problem] = result.problems
    assert problem.severity == "warning"
    assert problem.article == "reuters"
    assert "published: YYYY-MM-DD" in problem.message
    with pytest.raises(IngestError, match="no publication date"):
        scan([path], strict=True)


def test_load_articles_warns(tmp_path: Path) -> None:
    root = _files(tmp_path, {"a.txt": BODY.encode(), "b.txt": b""})
    with pytest.warns(UserWarning) as caught:
        articles = load_articles(root)
    assert [a.id for a in articles] == ["a"]
    assert len(caught) == 2


def test_directory_is_sorted_and_ids_deduplicated(tmp_path: Path) -> None:
    root = _files(
        tmp_path / "in",
        {
            "b story.md": (FRONT + BODY).encode(),
            "a.txt": (FRONT + BODY).encode(),
            "a.md": (FRONT + BODY).encode(),
            "notes.csv": b"x,y\n",
            "README.md": b"how these were collected\n",
        },
    )
    result = scan([root])
    assert [a.id for a in result.articles] == ["a", "a-2", "b_story"]
    assert [Path(a.path or "").name for a in result.articles] == ["a.md", "a.txt", "b story.md"]
    assert [p.severity for p in result.problems] == ["warning"]
    assert "renamed to 'a-2'" in result.problems[0].message


def test_dataset_directory_mixed_with_files(tmp_path: Path) -> None:
    ds = tmp_path / "ds"
    (ds / "articles").mkdir(parents=True)
    (ds / "articles" / "bbc-1.txt").write_bytes(b"More than 230 prisoners were freed.\r\n")
    (ds / "articles.jsonl").write_text(
        json.dumps({"id": "bbc-1", "published": "2024-01-03", "outlet": "BBC"}) + "\n",
        encoding="utf-8",
    )
    (ds / "claims.jsonl").write_text("{broken\n", encoding="utf-8")  # gold claims are not needed
    loose = _files(tmp_path / "loose", {"bbc-1.txt": (FRONT + BODY).encode()}) / "bbc-1.txt"
    result = scan([ds, loose])
    assert [a.id for a in result.articles] == ["bbc-1", "bbc-1-2"]
    assert result.articles[0].text == "More than 230 prisoners were freed.\r\n"
    assert result.articles[0].published == dt.date(2024, 1, 3)


def test_broken_dataset_is_one_problem(tmp_path: Path) -> None:
    ds = tmp_path / "ds"
    ds.mkdir()
    (ds / "articles.jsonl").write_text('{"id": "x"}\n', encoding="utf-8")
    result = scan([ds])
    [problem] = result.problems
    assert "articles.jsonl:1: key 'published'" in problem.message
    with pytest.raises(IngestError, match="key 'published'"):
        scan(ds, strict=True)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("AP News 2024-03-22", "AP_News_2024-03-22"),
        ("été/rapport", "t_rapport"),
        ("///", "article"),
    ],
)
def test_sanitise_id(name: str, expected: str) -> None:
    assert sanitise_id(name) == expected


def test_file_named_twice_is_read_once(tmp_path: Path) -> None:
    root = _files(
        tmp_path / "in", {"ap.txt": (FRONT + BODY).encode(), "bbc.txt": (FRONT + BODY).encode()}
    )
    result = scan([root, root / "ap.txt", tmp_path / "in" / ".." / "in" / "bbc.txt"])
    assert [a.id for a in result.articles] == ["ap", "bbc"]
    assert result.problems == []
