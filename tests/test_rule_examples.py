"""Every rule's documented examples are test cases: the flagged one must be flagged by that
rule, the other must not. A rule without documentation or examples fails here."""
import pytest

from newslint import Document, Linter
from newslint.registry import load_registry
from newslint.rule import examples_of

REGISTRY = load_registry()
TEXT_RULES = [r for r in REGISTRY if r.kind != "engine"]


@pytest.mark.parametrize("rule", list(REGISTRY), ids=lambda r: r.code)
def test_rule_is_documented(rule):
    assert rule.what.strip() and rule.why.strip(), f"{rule.code} needs 'what' and 'why'"
    assert any(examples_of(rule.flagged)) and any(examples_of(rule.not_flagged)), f"{rule.code} needs examples"
    assert rule.message, f"{rule.code} needs a message"


def _codes(rule, example, tmp_path, name):
    linter = Linter(select=[rule.code])
    if name == "flagged" and getattr(rule, "flagged_bytes", None) is not None:
        path = tmp_path / "example.txt"
        path.write_bytes(rule.flagged_bytes)
        return [f.code for f in linter.check_paths([path])]
    docs = [Document(text, path=f"{name}-{i}.txt") for i, text in enumerate(examples_of(example))]
    return [f.code for f in linter.check_documents(docs)]


@pytest.mark.parametrize("rule", TEXT_RULES, ids=lambda r: r.code)
def test_flagged_example_is_flagged(rule, tmp_path):
    assert rule.code in _codes(rule, rule.flagged, tmp_path, "flagged")


@pytest.mark.parametrize("rule", TEXT_RULES, ids=lambda r: r.code)
def test_not_flagged_example_is_clean(rule, tmp_path):
    assert rule.code not in _codes(rule, rule.not_flagged, tmp_path, "ok")
