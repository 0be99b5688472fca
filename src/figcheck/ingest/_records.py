"""Typed access to one JSON-lines record, with errors that name file, line, key and the fix."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from figcheck.errors import DatasetError

ID_PATTERN = re.compile(r"[A-Za-z0-9_.-]+")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MISSING = object()
E = TypeVar("E", bound=StrEnum)


def read_records(path: Path) -> Iterator[Record]:
    """Yield each non-blank line of a .jsonl file as a Record (line numbers from 1)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DatasetError(
            f"{path}: not valid UTF-8 at byte offset {exc.start}; re-save the file as UTF-8"
        ) from exc
    except OSError as exc:
        raise DatasetError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    # JSON lines end at "\n" only: str.splitlines would also split at U+2028 or
    # U+0085, which json.dumps(ensure_ascii=False) leaves raw inside strings.
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(
                f"{path}:{lineno}: invalid JSON ({exc.msg} at column {exc.colno}); "
                "each line must be one JSON object"
            ) from exc
        if not isinstance(obj, dict):
            raise DatasetError(
                f"{path}:{lineno}: expected a JSON object, got {type(obj).__name__}; "
                "each line must be one JSON object"
            )
        yield Record(path, lineno, obj)


class Record:
    """One JSON object from line `lineno` of `path`; getters validate the spec's types."""

    def __init__(self, path: Path, lineno: int, obj: dict[str, Any]) -> None:
        self.path = path
        self.lineno = lineno
        self.obj = obj

    @property
    def where(self) -> str:
        return f"{self.path}:{self.lineno}"

    def fail(self, key: str, problem: str, fix: str) -> NoReturn:
        raise DatasetError(f"{self.where}: key '{key}': {problem}; {fix}")

    def _get(self, key: str, required: bool, example: str) -> Any:
        value = self.obj.get(key, _MISSING)
        if value is _MISSING:
            if required:
                self.fail(key, "missing required key", f'add it, e.g. "{key}": {example}')
            return None
        return value

    def _wrong(self, key: str, expected: str, value: Any, example: str) -> NoReturn:
        got = "null" if value is None else f"{type(value).__name__} {json.dumps(value)[:40]}"
        self.fail(key, f"expected {expected}, got {got}", f'write it like "{key}": {example}')

    def string(self, key: str, *, required: bool = True) -> str | None:
        """A string; an optional key may be absent or null."""
        value = self._get(key, required, '"..."')
        if value is None:
            if required:
                self._wrong(key, "a string", value, '"..."')
            return None
        if not isinstance(value, str):
            self._wrong(key, "a string", value, '"..."')
        return value

    def ident(self, key: str, *, pattern: bool = True) -> str:
        value = self.string(key)
        assert value is not None
        if not value or (pattern and not ID_PATTERN.fullmatch(value)):
            self.fail(
                key,
                f"{value!r} is not a valid id",
                "use only letters, digits, '_', '.' and '-' (pattern [A-Za-z0-9_.-]+)",
            )
        return value

    def integer(self, key: str) -> int:
        value = self._get(key, True, "0")
        if isinstance(value, bool) or not isinstance(value, int):
            self._wrong(key, "an integer character offset", value, "120")
        return value

    def number(self, key: str) -> float | None:
        """A required key whose value is a number or null (spec `low`/`high`)."""
        value = self._get(key, True, "null")
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self._wrong(key, "a number or null", value, "248")
        return float(value)

    def boolean(self, key: str) -> bool:
        value = self._get(key, False, "false")
        if value is None:
            return False
        if not isinstance(value, bool):
            self._wrong(key, "true or false", value, "true")
        return value

    def date(self, key: str, *, required: bool = False) -> dt.date | None:
        value = self._get(key, required, '"2024-01-03"')
        if value is None and not required:
            return None
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            self._wrong(key, "an ISO date YYYY-MM-DD", value, '"2024-01-03"')
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(key, f"{value!r} is not a real date", 'use an ISO date like "2024-01-03"')

    def choice(self, key: str, enum: type[E]) -> E:
        allowed = ", ".join(e.value for e in enum)
        value = self._get(key, True, f'"{next(iter(enum)).value}"')
        try:
            return enum(value)
        except ValueError:
            self.fail(key, f"unknown value {json.dumps(value)}", f"use one of: {allowed}")

    def strings(self, key: str) -> list[str]:
        value = self._get(key, True, '["c1", "c2"]')
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self._wrong(key, "a list of strings", value, '["c1", "c2"]')
        return value

    def extras(self, model: type[BaseModel], keys: tuple[str, ...]) -> dict[str, Any]:
        """figcheck's own keys on the line, kept only when they fit the model.

        They are not spec keys, so another tool may use the same name differently
        ("notes" as a string): such values are ignored like any unknown key.
        """
        kept: dict[str, Any] = {}
        for key in keys:
            value = self.obj.get(key)
            if value is None:
                continue
            try:
                kept[key] = _adapter(model, key).validate_python(value)
            except ValidationError:
                continue
        return kept


@cache
def _adapter(model: type[BaseModel], key: str) -> TypeAdapter[Any]:
    annotation = model.model_fields[key].annotation
    return TypeAdapter(annotation if annotation is not None else object)


def check_unique(seen: dict[str, int], value: str, record: Record, key: str = "id") -> None:
    """Record `value` as seen on this line, or fail naming the line it first appeared on."""
    if value in seen:
        record.fail(
            key,
            f"duplicate id {value!r} (first on line {seen[value]})",
            "give every entry its own id",
        )
    seen[value] = record.lineno
