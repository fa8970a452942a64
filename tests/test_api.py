"""The Python API: newslint.check_text / check_paths, Linter.check_text / check_paths /
check_records, and the Scrapy item pipeline in examples/ that uses it."""
import importlib.util
import json
from pathlib import Path

import pytest

import newslint
from newslint import Finding, Linter
from newslint.config import Settings
from newslint.selection import SelectionError

ROOT = Path(__file__).resolve().parent.parent
SKIP_ARTICLE = "Skip to content\nMarkets rally\n\nShares rose across Europe on Tuesday after the cut.\n"
RELATED = "Oil prices rose for a third day.\n\nRead also: Gas hits a record\n\nTraders expect more of the same."


def test_check_text_returns_findings():
    findings = newslint.check_text(SKIP_ARTICLE)
    assert [type(f) for f in findings] == [Finding]
    (skip,) = findings
    assert (skip.code, skip.rule, skip.severity) == ("B101", "skip-link", "warning")
    assert (skip.path, skip.line, skip.column, skip.end_line, skip.end_column) == ("<text>", 1, 1, 1, 16)
    assert skip.excerpt == "Skip to content" and skip.fix is not None
    assert newslint.check_text("Markets steady\n\nShares were little changed in quiet trading.") == []


def test_check_text_with_title_and_url():
    findings = newslint.check_text(RELATED, title="Oil climbs", url="https://example.com/oil")
    assert [(f.code, f.line, f.column) for f in findings] == [("B102", 3, 1)]
    assert findings[0].excerpt == "Read also: Gas hits a record"


def test_linter_selection_and_path():
    linter = Linter(select=["S"], ignore=["E"])
    assert linter.check_text(SKIP_ARTICLE) == []
    findings = linter.check_text("Headline\n\nToo short.", path="site/1.txt")
    assert [(f.code, f.path, f.data) for f in findings] == [("S101", "site/1.txt", {"words": 2})]
    with pytest.raises(SelectionError):
        Linter(select=["nonsense"])


def test_linter_is_built_once_and_reused():
    linter = Linter(select=["B"])
    first = [linter.check_text(SKIP_ARTICLE) for _ in range(3)]
    assert first[0] == first[1] == first[2] and len(first[0]) == 1


def test_linter_does_not_read_config_unless_asked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "newslint.toml").write_text('select = ["S"]\n')
    assert [f.code for f in Linter().check_text(SKIP_ARTICLE)] == ["B101"]
    assert Linter.from_config(".").check_text(SKIP_ARTICLE) == []


def test_check_paths(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "skip.txt").write_text(SKIP_ARTICLE)
    (tmp_path / "feed.jsonl").write_text(json.dumps({"id": "r9", "title": "Oil climbs", "text": RELATED}) + "\n")
    findings = Linter().check_paths([tmp_path / "a", tmp_path / "feed.jsonl"])
    assert [(Path(f.path).name, f.record, f.record_number, f.code) for f in findings] == [
        ("skip.txt", None, None, "B101"), ("feed.jsonl", "r9", 1, "B102")]
    assert newslint.check_paths([str(tmp_path / "a")]) == findings[:1]


def test_check_records_dicts_and_json_text():
    records = [{"id": "a1", "title": "Oil climbs", "text": RELATED},
               json.dumps({"title": "Markets", "text": SKIP_ARTICLE}),
               "{not json",
               {"id": "a4", "title": "No text here"}]
    findings = Linter().check_records(records, path="crawl-7")
    assert [(f.record, f.record_number, f.code) for f in findings] == [
        ("a1", 1, "B102"), ("#2", 2, "B101"), ("#3", 3, "E901"), ("a4", 4, "E901")]
    assert "malformed JSON record" in findings[2].message
    assert "has no 'text' field" in findings[3].message
    assert {f.path for f in findings} == {"crawl-7"}


def test_check_records_with_other_field_names_and_a_corpus_rule():
    linter = Linter(select=["B", "D"], settings=Settings(text_field="body", title_field="headline"))
    body = "The central bank raised rates on Tuesday, surprising most economists."
    records = [{"headline": "Rates up", "body": body}, {"headline": "Rates rise", "body": body.upper()}]
    findings = linter.check_records(records)
    assert [(f.code, f.record_number) for f in findings] == [("D201", 2)]
    assert findings[0].data["other"]["record_number"] == 1


def test_finding_to_dict_is_the_json_output():
    (skip,) = newslint.check_text(SKIP_ARTICLE)
    as_dict = skip.to_dict()
    assert as_dict["code"] == "B101" and as_dict["data"] is None and as_dict["fix"]["safe"] is False
    assert json.loads(json.dumps(as_dict))["fix"]["edits"] == [
        {"line": 1, "column": 1, "end_line": 2, "end_column": 1, "replacement": ""}]


# -- the Scrapy item pipeline ----------------------------------------------------------------
def load_pipeline_module():
    spec = importlib.util.spec_from_file_location("scrapy_pipeline", ROOT / "examples" / "scrapy_pipeline.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class FakeSettings(dict):
    def getlist(self, name):
        return list(self.get(name, []))


class FakeCrawler:
    def __init__(self, **settings):
        self.settings = FakeSettings(settings)


def test_scrapy_pipeline_attaches_findings_and_drops_chosen_codes():
    module = load_pipeline_module()
    pipeline = module.NewslintPipeline.from_crawler(FakeCrawler(NEWSLINT_SELECT=["B", "S"], NEWSLINT_DROP=["S1"]))
    item = {"url": "https://example.com/oil", "title": "Oil climbs", "text": RELATED}
    kept = pipeline.process_item(item, spider=None)
    assert kept is item
    assert [(f["code"], f["path"], f["line"]) for f in kept["newslint"]] == [("B102", "https://example.com/oil", 3)]

    clean = pipeline.process_item({"title": "Markets", "text": "Shares were little changed in quiet trading."}, None)
    assert clean["newslint"] == []

    with pytest.raises(module.DropItem, match="S101 in https://example.com/empty"):
        pipeline.process_item({"url": "https://example.com/empty", "title": "Empty", "text": ""}, spider=None)


def test_scrapy_pipeline_without_drop_codes_keeps_everything():
    module = load_pipeline_module()
    pipeline = module.NewslintPipeline()
    item = pipeline.process_item({"text": ""}, spider=None)
    assert [f["code"] for f in item["newslint"]] == ["S101"]
    assert issubclass(module.DropItem, Exception)
