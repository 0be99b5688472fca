"""Read an article file as text that spans can index into, or say exactly why not.

Bytes are decoded as strict UTF-8 without newline translation (the same as
`open(path, encoding="utf-8", newline="")`), so "\\r\\n" stays two characters and
offsets are code points of the file exactly as stored.
"""

from __future__ import annotations

import sys
from pathlib import Path

from figcheck.errors import IngestError

MAX_BYTES = 5 * 1024 * 1024
BOM = b"\xef\xbb\xbf"
STDIN = "-"  # the path that means standard input (`figcheck check -`)
# Control bytes that plain text does not contain (tab, newlines, form feed are fine).
_CONTROL = frozenset(range(32)) - {9, 10, 11, 12, 13, 27}
_SNIFF = 8192
_MAX_CONTROL_RATIO = 0.05


def read_text(path: Path, *, strip_bom: bool, max_bytes: int = MAX_BYTES) -> tuple[str, bool]:
    """Return (text, had_bom); raise IngestError naming the file, the problem and the fix.

    With `strip_bom`, a leading UTF-8 byte order mark is removed, so offset 0 is
    the first character a reader sees; otherwise it stays as U+FEFF.
    """
    if str(path) == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise IngestError(
                f"standard input: more than the {max_bytes:,}-byte limit for one article"
            )
        return _decode(path, data, strip_bom=strip_bom)
    if not path.exists():
        raise IngestError(f"{path}: no such file or directory; check the path")
    if not path.is_file():
        raise IngestError(f"{path}: not a regular file; pass a .txt/.md file or a directory")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(
                f"{path}: {size:,} bytes is larger than the {max_bytes:,}-byte limit for one "
                "article; split it or pass the article text only"
            )
        data = path.read_bytes()
    except PermissionError as exc:
        raise IngestError(
            f"{path}: cannot be read ({exc.strerror}); check its permissions"
        ) from exc
    except OSError as exc:
        raise IngestError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    return _decode(path, data, strip_bom=strip_bom)


def outside(path: Path, folder: Path) -> str | None:
    """Where `path` really leads when a symlink takes it out of `folder`, else None.

    A scanned folder is what the user chose to check; a link inside it to
    another place (/etc/passwd, a colleague's drafts) is not read behind their back.
    """
    try:
        target = path.resolve()
        inside = target.is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return f"{path} (a symlink loop)"
    return None if inside else str(target)


def _decode(path: Path, data: bytes, *, strip_bom: bool) -> tuple[str, bool]:
    had_bom = data.startswith(BOM)
    if had_bom and strip_bom:
        data = data[len(BOM) :]
    _refuse_binary(path, data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        shown = data[exc.start : exc.start + 1].hex().upper()
        raise IngestError(
            f"{path}: not valid UTF-8: byte 0x{shown} at byte offset {exc.start} (line {line}) "
            "cannot be decoded; re-save the file as UTF-8 "
            f"(e.g. iconv -f latin1 -t utf-8 {path.name})"
        ) from exc
    if not text.strip():
        raise IngestError(f"{path}: the file is empty or only whitespace; remove it or add text")
    return text, had_bom


def _refuse_binary(path: Path, data: bytes) -> None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError(
            f"{path}: the file is UTF-16, not UTF-8; re-save it as UTF-8 "
            f"(e.g. iconv -f utf-16 -t utf-8 {path.name})"
        )
    nul = data.find(b"\x00")
    if nul != -1:
        raise IngestError(
            f"{path}: looks binary (NUL byte at byte offset {nul}); pass plain UTF-8 text "
            "(export PDFs or Word files to .txt first)"
        )
    head = data[:_SNIFF]
    if head:
        control = sum(1 for b in head if b in _CONTROL)
        if control / len(head) > _MAX_CONTROL_RATIO:
            raise IngestError(
                f"{path}: looks binary ({control} control bytes in the first {len(head)}); "
                "pass plain UTF-8 text"
            )
