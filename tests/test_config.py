"""Config discovery (newslint.toml, pyproject.toml [tool.newslint], setup.cfg [newslint];
nearest wins; --config; --isolated), rule options, pattern files and bad config."""
import json
import textwrap

import pytest
from click.testing import CliRunner

from newslint import Linter, cli
from newslint.config import ConfigError, load_settings

# B101 (the skip link, which is also the headline line) and a body of 8 words ("Headline" and
# seven more): S101 only flags it with min_words above 8.
ARTICLE = "Skip to content\nHeadline\n\nSeven words of body text are here.\n"

# The same settings in each format: only B101 and S101 run, S101 wants 10 words.
CONFIGS = {
    "newslint.toml": """
        select = ["B101", "S"]
        [rules.S101]
        min_words = 10
    """,
    "pyproject.toml": """
        [project]
        name = "corpus"
        [tool.newslint]
        select = ["B101", "S"]
        [tool.newslint.rules.S101]
        min_words = 10
    """,
    "setup.cfg": """
        [metadata]
        name = corpus
        [newslint]
        select = B101, S
        [newslint.rules.S101]
        min-words = 10
    """,
}


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def codes(*args):
    result = CliRunner().invoke(cli.main, ["--output-format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return sorted(f["code"] for f in json.loads(result.stdout))


def fails(*args):
    """The error message of a run that must exit 2."""
    result = CliRunner().invoke(cli.main, list(args))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    return result.stderr


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "corpus" / "a.txt", ARTICLE)
    return tmp_path


def test_without_config_every_rule_runs_with_defaults(corpus):
    assert codes("corpus") == ["B101"]  # 7 words are enough for the default min_words = 5


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_each_config_file_is_found_and_sets_rule_options(corpus, name):
    write(corpus / name, CONFIGS[name])
    assert codes("corpus") == ["B101", "S101"]
    assert codes("--isolated", "corpus") == ["B101"]


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_config_next_to_the_input_is_found_from_anywhere(corpus, monkeypatch, name):
    write(corpus / "corpus" / name, CONFIGS[name])
    monkeypatch.chdir("/")
    assert codes(str(corpus / "corpus" / "a.txt")) == ["B101", "S101"]


def test_nearest_config_wins(corpus):
    write(corpus / "newslint.toml", 'select = ["S"]')
    write(corpus / "corpus" / "setup.cfg", "[newslint]\nselect = B\n")
    assert codes("corpus") == ["B101"]
    assert codes("corpus/a.txt") == ["B101"]


def test_in_one_folder_newslint_toml_beats_pyproject_beats_setup_cfg(corpus):
    write(corpus / "setup.cfg", "[newslint]\nselect = S\n[newslint.rules.S101]\nmin_words = 10\n")
    assert codes("corpus") == ["S101"]
    write(corpus / "pyproject.toml", '[tool.newslint]\nselect = ["B"]\n')
    assert codes("corpus") == ["B101"]
    write(corpus / "newslint.toml", 'select = ["E"]\n')
    assert codes("corpus") == []


def test_files_without_a_newslint_section_are_passed_over(corpus):
    write(corpus / "newslint.toml", 'select = ["S"]\n[rules.S101]\nmin_words = 10\n')
    write(corpus / "corpus" / "pyproject.toml", '[project]\nname = "x"\n')
    write(corpus / "corpus" / "setup.cfg", "[metadata]\nname = x\n")
    assert codes("corpus") == ["S101"]


def test_config_option_names_one_file(corpus):
    write(corpus / "newslint.toml", 'select = ["S"]')
    other = write(corpus / "conf" / "strict.toml", CONFIGS["newslint.toml"])
    assert codes("--config", str(other), "corpus") == ["B101", "S101"]
    cfg = write(corpus / "conf" / "lint.cfg", CONFIGS["setup.cfg"])
    assert codes("--config", str(cfg), "corpus") == ["B101", "S101"]
    assert codes("--config", str(cfg), "--isolated", "corpus") == ["B101"]


def test_a_missing_or_empty_config_file_is_an_error(corpus):
    assert "no/such.toml: no such config file" in fails("--config", "no/such.toml", "corpus")
    write(corpus / "pyproject.toml", '[project]\nname = "x"\n')
    assert "pyproject.toml: no newslint settings" in fails("--config", "pyproject.toml", "corpus")


def test_rule_options_by_rule_name_and_dashed_keys(corpus):
    write(corpus / "newslint.toml", '[rules.empty-document]\nmin-words = 9\n')
    assert codes("corpus") == ["B101", "S101"]


def test_rule_option_changes_behaviour_through_the_api(corpus):
    text = "Headline\n\nSix words of body text here.\n"
    assert Linter(select=["S101"]).check_text(text) == []
    assert [f.code for f in Linter(select=["S101"], rules={"S101": {"min_words": 10}}).check_text(text)] == ["S101"]
    write(corpus / "pyproject.toml", CONFIGS["pyproject.toml"])
    assert [f.code for f in Linter.from_config(".").check_text(text)] == ["S101"]


def test_setup_cfg_lists_and_per_path_ignores(corpus):
    write(corpus / "corpus" / "wire" / "b.txt", ARTICLE)
    write(corpus / "setup.cfg", """
        [newslint]
        select =
            B101
            S
        per-path-ignores =
            corpus/wire/*: B101, S101
        [newslint.rules.S101]
        min_words = 10
    """)
    result = CliRunner().invoke(cli.main, ["--output-format", "json", "corpus"])
    assert sorted((f["path"], f["code"]) for f in json.loads(result.stdout)) == [
        ("corpus/a.txt", "B101"), ("corpus/a.txt", "S101")]


def test_setup_cfg_rule_options_are_toml_values(corpus):
    write(corpus / "setup.cfg", "[newslint]\n[newslint.rules.S101]\nmin_words = 10\n[newslint.rules.D201]\nmin_chars = 5\n")
    settings = load_settings(["corpus"])
    assert settings.rules == {"S101": {"min_words": 10}, "D201": {"min_chars": 5}}
    write(corpus / "setup.cfg", '[newslint]\n[newslint.rules.S101]\nmin_words = "10"\n')
    message = fails("corpus")
    assert "setup.cfg" in message and "option min_words must be of type int (like 5), not '10'" in message


def test_pattern_files_are_relative_to_the_config_file(corpus, monkeypatch):
    write(corpus / "project" / "packs" / "site.toml", """
        [[rule]]
        code = "B901"
        name = "newsletter-promo"
        message = "newsletter promotion: '{match}'"
        scope = "line"
        match = "line"
        phrases = ["Sign up for our newsletter"]
    """)
    write(corpus / "project" / "newslint.toml", 'pattern-files = ["packs/site.toml"]\nselect = ["B9"]\n')
    write(corpus / "project" / "news" / "a.txt", "Headline\n\nBody words.\nSign up for our newsletter\n")
    assert codes("project/news") == ["B901"]
    monkeypatch.chdir(corpus / "project" / "news")
    assert codes(".") == ["B901"]
    result = CliRunner().invoke(cli.main, ["rule", "newsletter-promo"])
    assert result.exit_code == 0 and result.stdout.startswith("B901 newsletter-promo")


def test_fields_include_and_exclude_from_config(corpus):
    write(corpus / "feed" / "items.ndjson", json.dumps({"body": "Skip to content\nA body of several words here ok."}) + "\n")
    write(corpus / "feed" / "skip.txt", ARTICLE)
    write(corpus / "newslint.toml", 'text-field = "body"\ninclude = ["*.ndjson", "*.txt"]\nexclude = ["skip.txt"]\n')
    result = CliRunner().invoke(cli.main, ["feed"])
    assert result.stdout.splitlines()[0] == "feed/items.ndjson[#1]:1:1: B101 skip link left from the page: 'Skip to content'"
    assert "skip.txt" not in result.stdout


@pytest.mark.parametrize("name, text, expected", [
    ("newslint.toml", 'selct = ["B"]\n', "newslint.toml: unknown setting 'selct' (did you mean 'select'?)"),
    ("newslint.toml", 'per_path_ignores = {}\n', "unknown setting 'per_path_ignores' (did you mean 'per-path-ignores'?)"),
    ("pyproject.toml", '[tool.newslint]\ncolour = true\n', "pyproject.toml: unknown setting 'colour'"),
    ("setup.cfg", "[newslint]\nignored = B\n", "setup.cfg: unknown setting 'ignored' (did you mean 'ignore'?)"),
    ("newslint.toml", 'select = "B\n', "newslint.toml: cannot read config"),
    ("pyproject.toml", '[tool.newslint\nselect = ["B"]\n', "pyproject.toml: cannot read config"),
    ("setup.cfg", "select = B\n", "setup.cfg: cannot read config"),
    ("newslint.toml", "select = 5\n", "newslint.toml: select must be a list of strings"),
    ("newslint.toml", "text-field = 5\n", "newslint.toml: text-field must be a string"),
    ("newslint.toml", "rules = 5\n", "newslint.toml: rules must be a table of rule tables"),
    ("newslint.toml", "[rules]\nS101 = 10\n", "newslint.toml: rules must be a table of rule tables"),
    ("newslint.toml", '[per-path-ignores]\n"*.txt" = [1]\n', "per-path-ignores '*.txt' must be a list of strings"),
    ("newslint.toml", "[rules.S101]\nmin_word = 10\n", "newslint.toml: S101: rule S101 (empty-document) has no option min_word"),
    ("newslint.toml", "[rules.B101]\nx = 1\n", "newslint.toml: options given for rule(s) that take none or do not exist: B101"),
    ("newslint.toml", "[rules.S999]\nx = 1\n", "newslint.toml: options given for rule(s) that take none or do not exist: S999"),
    ("newslint.toml", 'pattern-files = ["missing.toml"]\n', "missing.toml: cannot read pattern file"),
])
def test_bad_config_exits_2_naming_the_file(corpus, name, text, expected):
    write(corpus / name, text)
    message = fails("corpus")
    assert message.startswith("newslint: error: ") and expected in message
    assert str(corpus / name) in message or expected.startswith("missing")
    assert CliRunner().invoke(cli.main, ["--isolated", "corpus"]).exit_code == 1  # --isolated reads none


def test_load_settings_raises_config_error(corpus):
    write(corpus / "newslint.toml", "nonsense = 1\n")
    with pytest.raises(ConfigError, match="nonsense"):
        load_settings(["corpus"])
    assert load_settings(["corpus"], isolated=True).source is None
