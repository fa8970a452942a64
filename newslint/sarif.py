"""SARIF 2.1.0 output, for code-scanning dashboards."""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import IO, Sequence
from urllib.parse import quote

from . import __version__
from .finding import Finding
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
    codes = sorted({f.code for f in findings})
    rules = [registry.get(code) for code in codes]
    index = {code: i for i, code in enumerate(codes)}
    seen: Counter = Counter()
    results = []
    for f in findings:
        key = f"{f.code}\0{f.path}\0{f.record}\0{f.excerpt}"
        seen[key] += 1  # the same text twice in a document gets two fingerprints
        fingerprint = hashlib.sha256(f"{key}\0{seen[key]}".encode()).hexdigest()[:32]
        if f.record_number is not None:
            region = {"startLine": f.record_number}
        else:
            region = {"startLine": max(f.line, 1), "startColumn": max(f.column, 1),
                      "endLine": max(f.end_line, 1), "endColumn": max(f.end_column, 1)}
        if f.excerpt:
            region["snippet"] = {"text": f.excerpt}
        result = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": LEVELS.get(f.severity, "warning"),
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(f.path)}, "region": region}}],
            "partialFingerprints": {"newslintFinding/v1": fingerprint},
        }
        if f.record_number is not None:
            result["locations"][0]["logicalLocations"] = [{"name": f.record, "kind": "record"}]
            result["properties"] = {"record": f.record, "line": f.line, "column": f.column,
                                    "endLine": f.end_line, "endColumn": f.end_column}
        if f.data:
            result.setdefault("properties", {}).update({"data": f.data})
        results.append(result)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "newslint", "version": __version__,
                                "informationUri": "https://pypi.org/project/newslint/",
                                "rules": [_descriptor(r) for r in rules if r is not None]}},
            "results": results,
        }],
    }
    json.dump(log, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _uri(path: str) -> str:
    path = path.replace("\\", "/")
    return quote(path[2:] if path.startswith("./") else path, safe="/")
