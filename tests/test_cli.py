"""The command line: exit codes, a crashing rule, the default command, `newslint rule` and
`newslint rules`."""
import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from click.testing import CliRunner

from newslint import cli
from newslint.registry import load_registry

SKIP_ARTICLE = "Skip to content\nMarkets rally\n\nShares rose across Europe on Tuesday after the cut.\n"
CLEAN_ARTICLE = "Markets steady\n\nShares were little changed in quiet trading on Wednesday.\n"
NEWSLINT = Path(sys.executable).with_name("newslint")


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "skip.txt").write_text(SKIP_ARTICLE, encoding="utf-8")
    (tmp_path / "news" / "clean.txt").write_text(CLEAN_ARTICLE, encoding="utf-8")
    return tmp_path


def run(*args, input=None):
    return CliRunner().invoke(cli.main, list(args), input=input, catch_exceptions=False)


# -- exit codes ----------------------------------------------------------------------------
def test_exit_0_when_clean_1_with_findings(corpus):
    assert run("news/clean.txt").exit_code == 0
    assert run("news/skip.txt").exit_code == 1
    assert run("news").exit_code == 1


def test_exit_zero_reports_but_exits_0(corpus):
    result = run("--exit-zero", "news")
    assert result.exit_code == 0 and "B101" in result.stdout


def test_missing_path_exits_2_naming_it(corpus):
    result = run("news", "news/nothere.txt")
    assert result.exit_code == 2
    assert result.stderr == "newslint: error: news/nothere.txt: no such file or folder\n"
    assert result.stdout == ""


def test_exit_codes_of_the_installed_command(corpus):
    """The console script, in a real process: findings on stdout, errors on stderr."""
    assert NEWSLINT.exists(), "the venv's newslint script"
    found = subprocess.run([str(NEWSLINT), "news"], capture_output=True, text=True)
    assert (found.returncode, found.stderr) == (1, "")
    assert found.stdout.startswith("news/skip.txt:1:1: B101 ")
    missing = subprocess.run([str(NEWSLINT), "nothere"], capture_output=True, text=True)
    assert (missing.returncode, missing.stdout) == (2, "")
    assert "nothere: no such file or folder" in missing.stderr
    clean = subprocess.run([str(NEWSLINT), "--isolated", "news/clean.txt"], capture_output=True, text=True)
    assert (clean.returncode, clean.stdout) == (0, "")


def test_usage_errors_exit_2(corpus):
    assert run("--output-format", "xml", "news").exit_code == 2
    assert run("--jobs", "0", "news").exit_code == 2
    assert run("rule").exit_code == 2


# -- a rule that raises ----------------------------------------------------------------------
CRASHY_PLUGIN = '''
from newslint import DocumentRule


class Crashy(DocumentRule):
    code, name = "S990", "crashy"
    message = "never reported"
    what, why = "Nothing; it raises on documents holding BOOM.", "To test the engine."
    flagged, not_flagged = "BOOM", "calm"

    def check(self, doc):
        if "BOOM" in doc.text:
            raise ZeroDivisionError("boom in " + doc.path)
        return []
'''


@pytest.fixture
def crashy_plugin(tmp_path, monkeypatch):
    """A third-party rule module registered through the `newslint.rules` entry-point group."""
    (tmp_path / "crashy_plugin.py").write_text(CRASHY_PLUGIN, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    entry = metadata.EntryPoint(name="crashy", value="crashy_plugin", group="newslint.rules")
    monkeypatch.setattr("newslint.registry.metadata.entry_points",
                        lambda group: [entry] if group == "newslint.rules" else [])
    return entry


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_rule_that_raises_is_a_finding_and_the_run_goes_on(corpus, crashy_plugin, jobs):
    (corpus / "news" / "boom.txt").write_text("Skip to content\nBOOM\n\nThe body of the article is long enough.\n")
    assert run("rule", "crashy").exit_code == 0  # the plugin is registered
    result = run("--isolated", "--jobs", jobs, "--output-format", "json", "news")
    assert result.exit_code == 2
    findings = json.loads(result.stdout)
    assert sorted((f["path"], f["code"]) for f in findings) == [
        ("news/boom.txt", "B101"), ("news/boom.txt", "E903"), ("news/skip.txt", "B101")]
    (failure,) = [f for f in findings if f["code"] == "E903"]
    assert failure["message"].startswith("rule S990 (crashy) failed: ZeroDivisionError: boom in news/boom.txt at crashy_plugin.py:")
    assert failure["data"] == {"rule_code": "S990"}


def test_a_rule_failure_exits_non_zero_even_with_exit_zero(corpus, crashy_plugin):
    (corpus / "news" / "boom.txt").write_text("Headline\n\nBOOM goes the body of this article.\n")
    result = run("--isolated", "--exit-zero", "news")
    assert result.exit_code == 2
    assert "news/boom.txt:1:1: E903 rule S990 (crashy) failed: ZeroDivisionError" in result.stdout


def test_a_failing_rule_can_be_deselected(corpus, crashy_plugin):
    (corpus / "news" / "boom.txt").write_text("Headline\n\nBOOM goes the body of this article.\n")
    assert run("--isolated", "--ignore", "crashy", "news/boom.txt").exit_code == 0


# -- the default command ------------------------------------------------------------------------
def test_a_path_alone_means_check(corpus):
    plain, explicit = run("news"), run("check", "news")
    assert (plain.exit_code, plain.stdout) == (explicit.exit_code, explicit.stdout)
    assert plain.stdout.startswith("news/skip.txt:1:1: B101 ")


def test_options_before_the_path_mean_check(corpus):
    result = run("--output-format", "json", "news")
    assert result.exit_code == 1 and [f["code"] for f in json.loads(result.stdout)] == ["B101"]


def test_no_arguments_checks_the_current_folder(corpus, monkeypatch):
    monkeypatch.chdir(corpus / "news")
    result = run()
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == "./skip.txt:1:1: B101 skip link left from the page: 'Skip to content'"
    assert run("--select", "S").exit_code == 0


def test_standard_input(corpus):
    result = run("-", input=SKIP_ARTICLE)
    assert result.exit_code == 1 and result.stdout.startswith("-:1:1: B101 ")
    named = run("--stdin-filename", "feed.jsonl", "-", input=json.dumps({"id": "r1", "text": SKIP_ARTICLE}) + "\n")
    assert named.stdout.startswith("feed.jsonl[r1]:1:1: B101 ")


def test_a_folder_named_like_a_command_is_checked_with_a_slash_or_check(corpus):
    (corpus / "rules").mkdir()
    (corpus / "rules" / "a.txt").write_text(SKIP_ARTICLE)
    assert run("rules/").stdout.startswith("rules/a.txt:1:1: B101 ")
    assert run("check", "rules").stdout.startswith("rules/a.txt:1:1: B101 ")


def test_version_and_help(corpus):
    from newslint import __version__
    assert run("--version").stdout.strip().endswith(__version__)
    helptext = run("--help").stdout
    assert all(command in helptext for command in ("check", "rule", "rules"))
    assert "--output-format" in run("check", "--help").stdout


# -- newslint rule / rules ------------------------------------------------------------------------
def test_rule_explains_a_rule(corpus):
    result = run("rule", "B101")
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("B101 skip-link\n")
    for part in ("What it flags: ", "Why it matters: ", "Flagged:\n    Skip to content", "Not flagged:\n",
                 "Severity: warning.", "Fix: offered (each fix says whether it is safe)"):
        assert part in text


@pytest.mark.parametrize("key", ["skip-link", "b101", " B101 "])
def test_rule_takes_a_name_or_any_case(corpus, key):
    assert run("rule", key).stdout == run("rule", "B101").stdout


def test_rule_shows_options(corpus):
    assert "Options: min_words = 5" in run("rule", "empty-document").stdout


def test_unknown_rule_exits_2(corpus):
    result = run("rule", "B999")
    assert result.exit_code == 2 and "no rule 'B999'" in result.stderr


def test_rules_table_lists_every_rule(corpus):
    registry = load_registry()
    lines = run("rules").stdout.splitlines()
    assert [line.split()[:2] for line in lines] == [[r.code, r.name] for r in registry]


def test_rules_json(corpus):
    rules = json.loads(run("rules", "--output-format", "json").stdout)
    assert [r["code"] for r in rules] == [r.code for r in load_registry()]
    s101 = next(r for r in rules if r["code"] == "S101")
    assert s101["name"] == "empty-document" and s101["options"] == {"min_words": 5}
    assert {"code", "name", "kind", "severity", "fixable", "message", "what", "options", "origin"} <= set(s101)


def test_rules_markdown(corpus):
    lines = run("rules", "--output-format", "markdown").stdout.splitlines()
    assert lines[:2] == ["| code | name | what it flags |", "|---|---|---|"]
    registry = load_registry()
    assert len(lines) == 2 + len(registry)
    assert lines[2].startswith(f"| {next(iter(registry)).code} | `{next(iter(registry)).name}` | ")
    assert all(line.count("|") == 4 for line in lines)
