"""Output formats: each turns the sorted findings into text on a stream; none knows a rule.

Where a finding is inside a record of a JSONL or JSON file, `text` shows `path[record]`,
`json`/`jsonl` carry `record` and `record_number` fields, and `github`/`sarif` point at the
record's line in the file and give the line and column inside the record in the message
(github) or in the result's properties (sarif).
"""
from __future__ import annotations

import json
from collections import Counter
from typing import IO, Callable, Dict, Sequence

from .finding import Finding
from .registry import Registry

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


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def write_github(findings: Sequence[Finding], out: IO[str], registry: Registry, colour: bool = False) -> None:
    level = {"error": "error", "warning": "warning", "info": "notice"}
    for f in findings:
        if f.record_number is not None:  # the annotation points at the record's line of the file
            where = f"line={f.record_number}"
            message = f"record {f.record}, line {f.line}, column {f.column}: {f.message}"
        else:
            where = f"line={f.line},col={f.column},endLine={f.end_line},endColumn={f.end_column}"
            message = f.message
        title = _github_escape(f"{f.code} {f.rule}", True)
        out.write(f"::{level.get(f.severity, 'warning')} file={_github_escape(f.path, True)},{where},"
                  f"title={title}::{_github_escape(message)}\n")


def write_statistics(findings: Sequence[Finding], out: IO[str], registry: Registry) -> None:
    counts = Counter(f.code for f in findings)
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        rule = registry.get(code)
        out.write(f"{count:>8}  {code}  {rule.name if rule else ''}\n")


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
