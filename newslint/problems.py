"""Findings the engine itself makes, about input it could not read and rules that failed.

They are rules only so that `newslint rule E903` explains them and selection treats them
like any other code; no document rule produces them.
"""
from __future__ import annotations

import traceback

from .document import Document
from .finding import DocRef, Finding, Span
from .rule import Rule
from .sources import Problem


class EngineRule(Rule):
    kind = "engine"
    severity = "error"


class UnreadableInput(EngineRule):
    code, name = "E901", "unreadable-input"
    message = "input could not be read"
    what = ("Input that is not an article newslint can read: a binary file, a malformed JSON record, "
            "a record without its text field, a truncated `.jsonl.gz`, a file that cannot be opened.")
    why = ("A corpus step that silently drops records loses data. The finding names the file and the "
           "line or record; every other document is still linted.")
    flagged = '{"id": "a1", "text": "A good record."}\n{"id": "a2", "text": "cut off'
    not_flagged = '{"id": "a1", "text": "A good record."}\n'


class UndecodableText(EngineRule):
    code, name = "E902", "undecodable-text"
    message = "text could not be decoded"
    what = ("Text that is not valid UTF-8: a UTF-8 file or record with broken byte sequences (they are "
            "replaced by U+FFFD and the rest is linted; the finding points at the first one), or bytes that "
            "no encoding chardet proposes can decode (nothing is linted).")
    why = ("Broken bytes are a cut or corrupted download or a bad concatenation; downstream tools either "
           "crash on them or silently drop characters. Undecodable text needs re-fetching or converting.")
    flagged = "(bytes that decode under no encoding)"
    not_flagged = "Plain UTF-8 text."


class RuleFailed(EngineRule):
    code, name = "E903", "rule-failed"
    message = "a rule raised an error"
    what = "A rule that raised an exception on one document; the message names the rule and the error."
    why = ("A crash in one rule must not stop a million-document run, nor pass unnoticed: the rest of the "
           "corpus is linted and the run exits non-zero.")
    flagged = "(any document on which a rule raises)"
    not_flagged = "(a document every rule handles)"


ENGINE_RULES = (UnreadableInput(), UndecodableText(), RuleFailed())
_BY_CODE = {rule.code: rule for rule in ENGINE_RULES}


def problem_finding(problem: Problem) -> Finding:
    line = problem.line
    column = problem.column or (1 if line else 0)
    return _BY_CODE[problem.code].finding(problem.ref, Span(line, column, line, column, ""), problem.message)


def rule_failure(rule: Rule, ref: DocRef, exc: BaseException, doc: Document = None) -> Finding:
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f" at {where.filename.rsplit('/', 1)[-1]}:{where.lineno}" if where else ""
    line = 1 if doc is not None else 0
    return _BY_CODE["E903"].finding(ref, Span(line, line, line, line, ""),
                              f"rule {rule.code} ({rule.name}) failed: {type(exc).__name__}: {exc}{at}",
                              rule_code=rule.code)
