"""Boilerplate (B) rules: edge cases, the pattern-rule prefilter, and the bars on the real
line-labeled sets in ../shared/data/boilerplate (slow; skipped when the data is absent)."""
import pytest

from newslint import Document
from newslint.patterns import PatternRule


def _lines(rule, text):
    return [f.line for f in rule.check(Document(text))]


def _rule(**spec):
    base = {"code": "B199", "name": "test-rule", "message": "m", "scope": "line"}
    return PatternRule({**base, **spec}, "<test>")


@pytest.mark.parametrize("match", ["line", "start", "search"])
def test_prefilter_finds_what_the_per_line_regex_finds(match):
    rule = _rule(match=match, phrases=["Read also:", "Skip to content"], patterns=[r"see\s+more\s*$"])
    text = ("Skip to content\nHeadline\n  READ ALSO: a story\nread also: another\nSee More\n"
            "A line that mentions skip to content inside it.\n\tskip   to content\nsee more")
    slow = [n for n, line in enumerate(text.split("\n"), 1) if any(rule._matches(line))]
    assert rule.prefilter is not None
    assert _lines(rule, text) == slow


def test_prefilter_is_skipped_for_upper_case_patterns():
    rule = _rule(match="start", patterns=[r"Photo:\s\S+"])
    assert rule.prefilter is None
    assert _lines(rule, "Headline\nphoto: AP\nBody.") == [2]


def test_prefilter_keeps_offsets_when_lower_casing_would_move_them():
    # 'İ' lowers to two characters: the rule falls back to the exact per-line scan
    text = "İstanbul news\nSkip to content\nBody."
    assert Document(text).lowered is None
    assert _lines(_rule(match="line", phrases=["Skip to content"]), text) == [2]


def test_case_sensitive_rule_uses_the_text_as_it_is():
    rule = _rule(match="start", ignorecase=False, phrases=["ADVERTISEMENT"])
    assert _lines(rule, "Headline\nAdvertisement\nADVERTISEMENT\nBody.") == [3]
