"""The finding record every rule produces and every output format consumes."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, NamedTuple, Optional, Tuple

SEVERITIES = ("error", "warning", "info")


class DocRef(NamedTuple):
    """Which document a finding is about: a file, or one record of a JSONL/JSON file."""

    path: str
    record: Optional[str] = None  # the record's id, else `#` and its number ("#7")
    record_number: Optional[int] = None  # JSONL: the line of the file; JSON array: 1-based index

    def label(self) -> str:
        """`path`, or `path[record]` for a record inside a file."""
        return self.path if self.record is None else f"{self.path}[{self.record}]"


class Span(NamedTuple):
    """A stretch of a document's text; lines and columns are 1-based, end column exclusive.

    Line 0 is the record's title field when the headline came from one (JSONL input)."""

    line: int
    column: int
    end_line: int
    end_column: int
    excerpt: str


@dataclass(frozen=True)
class Edit:
    """Replace the text from (line, column) to (end_line, end_column) by `replacement`."""

    line: int
    column: int
    end_line: int
    end_column: int
    replacement: str


@dataclass(frozen=True)
class Fix:
    description: str
    edits: Tuple[Edit, ...]
    safe: bool = True


@dataclass(frozen=True, slots=True)  # millions of findings in a big run: keep each small
class Finding:
    code: str
    rule: str
    message: str
    severity: str
    path: str
    record: Optional[str]
    record_number: Optional[int]
    line: int
    column: int
    end_line: int
    end_column: int
    excerpt: str
    fix: Optional[Fix] = None
    data: Optional[dict] = field(default=None, compare=False)

    @property
    def ref(self) -> DocRef:
        return DocRef(self.path, self.record, self.record_number)

    def sort_key(self):
        return (self.path, self.record_number or 0, self.line, self.column, self.code, self.message)

    def location(self) -> str:
        return f"{self.ref.label()}:{self.line}:{self.column}"

    def to_dict(self) -> dict[str, Any]:
        """Every field, always present (None when empty), so JSON consumers see one schema.
        Built field by field: dataclasses.asdict's generic deep copy took a fifth of a
        Reuters run's time in JSON output."""
        out = {name: getattr(self, name) for name in _FIELDS}
        if self.fix is not None:
            edits = [{name: getattr(edit, name) for name in _EDIT_FIELDS} for edit in self.fix.edits]
            out["fix"] = {"description": self.fix.description, "edits": edits, "safe": self.fix.safe}
        if self.data is not None:
            out["data"] = _copied(self.data)
        return out


def _copied(value):
    """A copy of a finding's JSON-like data, so that changing a to_dict() leaves the finding be."""
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_copied(item) for item in value]
    return value


_FIELDS = [f.name for f in fields(Finding)]
_EDIT_FIELDS = [f.name for f in fields(Edit)]
