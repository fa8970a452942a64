"""Output formats: each turns the sorted findings into text on a stream; none knows a rule.

Where a finding is inside a record of a JSONL or JSON file, its line and column count inside
the record's text (line 0 is the record's title field). `text` shows `path[record]:line:col`,
`json`/`jsonl` carry `record` and `record_number` fields, and `github`/`sarif` point at the
record's line in the file (a `.json` array has no line per record: they point at the file) and
name the record and the line and column inside it in the message (and, in SARIF, in the
result's properties).
"""
from __future__ import annotations

import json
from collections import Counter
from typing import IO, Callable, Dict, Sequence

from .finding import DocRef, Finding
from .registry import Registry
from .sources import JSONL_SUFFIXES

COLOURS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
BOLD, RESET = "\x1b[1m", "\x1b[0m"


def write_text(findings: Sequence[Finding], out: IO[str], registry: Registry, colour: bool = False) -> None:
    for f in findings:
        code = f"{COLOURS.get(f.severity, '')}{f.code}{RESET}" if colour else f.code
        location = f"{BOLD}{f.location()}{RESET}" if colour else f.location()
        out.write(f"{location}: {code} {f.message}\n")
    if findings:
        documents = len({f.ref for f in findings})
        out.write(f"Found {len(findings)} finding{'s' * (len(findings) != 1)} in {documents} "
                  f"document{'s' * (documents != 1)}.\n")


def write_json(findings: Sequence[Finding], out: IO[str], registry: Registry, colour: bool = False) -> None:
    json.dump([f.to_dict() for f in findings], out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_jsonl(findings: Sequence[Finding], out: IO[str], registry: Registry, colour: bool = False) -> None:
    for f in findings:
        out.write(json.dumps(f.to_dict(), ensure_ascii=False) + "\n")


def file_line(f: Finding) -> int:
    """The line of the file a finding is on; 0 when unknown (a record of a `.json` array or
    of an API record stream, a finding about the whole corpus)."""
    if f.record_number is None:
        return max(f.line, 0)
    return f.record_number if f.path.lower().endswith(JSONL_SUFFIXES) else 0


def located_message(f: Finding) -> str:
    """The message, led by the record and the position inside it for a finding in a record."""
    if f.record_number is None:
        return f.message
    record = f.record if f.record == f"#{f.record_number}" else f"{f.record} (#{f.record_number})"
    return f"record {record}, line {f.line}, column {f.column}: {f.message}"


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def write_github(findings: Sequence[Finding], out: IO[str], registry: Registry, colour: bool = False) -> None:
    level = {"error": "error", "warning": "warning", "info": "notice"}
    for f in findings:
        line = file_line(f)
        if f.record_number is None and line and f.column:
            where = f",line={line},col={f.column},endLine={f.end_line},endColumn={f.end_column}"
        else:  # a record points at its line of the file, if it has one
            where = f",line={line}" if line else ""
        title = _github_escape(f"{f.code} {f.rule}", True)
        out.write(f"::{level.get(f.severity, 'warning')} file={_github_escape(f.path, True)}{where},"
                  f"title={title}::{_github_escape(located_message(f))}\n")


def write_statistics(findings: Sequence[Finding], out: IO[str], registry: Registry) -> None:
    counts = Counter(f.code for f in findings)
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        rule = registry.get(code)
        out.write(f"{count:>8}  {code}  {rule.name if rule else ''}\n")
    write_clusters(findings, out, registry)


def write_clusters(findings: Sequence[Finding], out: IO[str], registry: Registry) -> None:
    """Per code, the clusters that findings name in their data (`cluster`, and the `other`
    document of a pair): duplicates and reuse across a corpus."""
    clusters: Dict[str, tuple] = {}
    for f in findings:
        if f.data and "cluster" in f.data:
            names, documents, pairs = clusters.setdefault(f.code, (set(), set(), set()))
            names.add(f.data["cluster"])
            documents.add(f.ref)
            other = f.data.get("other")
            if isinstance(other, dict):
                other = DocRef(other.get("path"), other.get("record"), other.get("record_number"))
                documents.add(other)
                pairs.add(frozenset((f.ref, other)))
    if clusters:
        out.write("Clusters:\n")
    for code, (names, documents, pairs) in sorted(clusters.items()):
        rule = registry.get(code)
        out.write(f"{len(names):>8}  {code}  {rule.name if rule else ''}: {len(documents)} documents, "
                  f"{len(pairs)} pairs\n")


def _sarif(findings, out, registry, colour=False):
    from .sarif import write_sarif  # SARIF is the largest format; load it only when asked for
    write_sarif(findings, out, registry)


FORMATS: Dict[str, Callable] = {
    "text": write_text,
    "json": write_json,
    "jsonl": write_jsonl,
    "sarif": _sarif,
    "github": write_github,
}
