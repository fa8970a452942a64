"""SARIF 2.1.0 output, for code-scanning dashboards."""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import IO, Sequence
from urllib.parse import quote

from . import __version__
from .finding import Finding
from .formats import file_line, located_message
from .registry import Registry
from .rule import Rule, examples_of

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def rule_help(rule: Rule) -> str:
    """The rule's documentation as plain text, as `newslint rule CODE` prints it."""
    parts = [f"{rule.code} {rule.name}", "", "What it flags: " + rule.what, "", "Why it matters: " + rule.why]
    for title, example in (("Flagged", rule.flagged), ("Not flagged", rule.not_flagged)):
        docs = examples_of(example)
        if any(docs):
            parts += ["", f"{title}:"]
            for doc in docs:
                parts += ["    " + line for line in doc.splitlines()] + [""] * (len(docs) > 1)
    return "\n".join(parts).rstrip() + "\n"


def _descriptor(rule: Rule) -> dict:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.message.replace("{match}", "...") or rule.name},
        "fullDescription": {"text": rule.what or rule.name},
        "help": {"text": rule_help(rule)},
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
    }


def write_sarif(findings: Sequence[Finding], out: IO[str], registry: Registry) -> None:
    rules = [rule for rule in (registry.get(code) for code in sorted({f.code for f in findings})) if rule]
    index = {rule.code: i for i, rule in enumerate(rules)}
    seen: Counter = Counter()
    results = []
    for f in findings:
        key = f"{f.code}\0{f.path}\0{f.record}\0{f.excerpt}"
        seen[key] += 1  # the same text twice in a document gets two fingerprints
        fingerprint = hashlib.sha256(f"{key}\0{seen[key]}".encode()).hexdigest()[:32]
        location: dict = {"physicalLocation": {"artifactLocation": {"uri": _uri(f.path)}}}
        line = file_line(f)
        if f.record_number is None and line and f.column:
            location["physicalLocation"]["region"] = {
                "startLine": line, "startColumn": f.column, "endLine": max(f.end_line, line),
                "endColumn": max(f.end_column, 1), **({"snippet": {"text": f.excerpt}} if f.excerpt else {})}
        elif line:  # a record of a JSONL file: its line of the file
            location["physicalLocation"]["region"] = {"startLine": line}
        result = {
            "ruleId": f.code,
            "level": LEVELS.get(f.severity, "warning"),
            "message": {"text": located_message(f)},
            "locations": [location],
            "partialFingerprints": {"newslintFinding/v1": fingerprint},
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        if f.record_number is not None:
            location["logicalLocations"] = [{"name": f.record, "kind": "record"}]
            result["properties"] = {"record": f.record, "recordNumber": f.record_number,
                                    "line": f.line, "column": f.column, "endLine": f.end_line,
                                    "endColumn": f.end_column, "excerpt": f.excerpt}
        if f.data:
            result.setdefault("properties", {})["data"] = f.data
        results.append(result)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "newslint", "version": __version__,
                                "informationUri": "https://pypi.org/project/newslint/",
                                "rules": [_descriptor(r) for r in rules]}},
            "results": results,
        }],
    }
    json.dump(log, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _uri(path: str) -> str:
    """A relative path stays a relative reference; an absolute one becomes a file: URI."""
    path = path.replace("\\", "/")
    if path.startswith("/"):
        return "file://" + quote(path, safe="/")
    return quote(path[2:] if path.startswith("./") else path, safe="/")
