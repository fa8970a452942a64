"""Selection: --select/--ignore/--extend-select by code, prefix, rule name or ALL; precedence;
unknown entries; engine findings; per-path ignores from config."""
import json
import os

import pytest
from click.testing import CliRunner

from newslint import Linter, cli
from newslint.registry import load_registry
from newslint.selection import SelectionError, Selector

REGISTRY = load_registry()
SKIP_AND_SHORT = "Skip to content\nHeadline\n\nRead also: Story\n"  # B101, B102 and S101
FIXTURE_RULES = {"B101", "B102", "S101"}


def selected(select=None, ignore=(), extend_select=()):
    codes = {rule.code for rule in Selector(REGISTRY, select, ignore, extend_select).rules()}
    return sorted(codes & FIXTURE_RULES)  # the rules this test is about; families grow


@pytest.mark.parametrize("entry", ["B", "B1", "B10", "b1"])
def test_prefixes_select_a_family_or_part_of_it(entry):
    assert selected([entry]) == ["B101", "B102"]


@pytest.mark.parametrize("entry", ["B102", "related-link", "b102", "Related-Link"])
def test_a_code_or_a_rule_name_selects_one_rule(entry):
    assert selected([entry]) == ["B102"]


def test_all_and_the_default_select_everything():
    everything = [rule.code for rule in REGISTRY]
    assert [r.code for r in Selector(REGISTRY).rules()] == everything
    assert [r.code for r in Selector(REGISTRY, ["ALL"]).rules()] == everything
    assert [r.code for r in Selector(REGISTRY, ["all"]).rules()] == everything


def test_most_specific_entry_wins():
    assert selected(["B"], ignore=["B102"]) == ["B101"]
    assert selected(["B102"], ignore=["B"]) == ["B102"]
    assert selected(["B1"], ignore=["B"]) == ["B101", "B102"]
    assert selected(["B"], ignore=["skip-link"]) == ["B102"]
    assert selected(["ALL"], ignore=["B1"], extend_select=["B101"]) == ["B101", "S101"]


def test_ignore_wins_a_tie():
    assert selected(["B1"], ignore=["B1"]) == []
    assert selected(["B101"], ignore=["skip-link"]) == []
    assert selected(["ALL"], ignore=["ALL"]) == []


def test_extend_select_adds_to_select():
    assert selected(["B101"], extend_select=["S"]) == ["B101", "S101"]
    assert selected(None, ignore=["ALL"], extend_select=["B101"]) == ["B101"]


@pytest.mark.parametrize("entry", ["X", "B9", "B999", "Q101", "no-such-rule", "B1x", "B1010"])
def test_unknown_entries_are_errors(entry):
    with pytest.raises(SelectionError, match=repr(entry)):
        Selector(REGISTRY, [entry])
    with pytest.raises(SelectionError):
        Selector(REGISTRY, ignore=[entry])


def test_engine_findings_are_kept_unless_ignored():
    selector = Selector(REGISTRY, ["B"])
    assert not selector.selects("S101") and selector.selects("E901") and selector.selects("E903")
    assert not Selector(REGISTRY, ignore=["E901"]).selects("E901")
    assert not Selector(REGISTRY, ignore=["E9"]).selects("E903")


# -- on the command line ---------------------------------------------------------------
@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(SKIP_AND_SHORT, encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x00\xff")
    return tmp_path


def codes_of(*args, isolated=True):
    """(exit code, sorted codes found) of a run."""
    result = CliRunner().invoke(cli.main, ["--isolated"] * isolated + ["--output-format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, sorted({f["code"] for f in json.loads(result.stdout)})


def test_cli_selection_takes_comma_lists_and_repeats(corpus):
    assert codes_of("a.txt") == (1, ["B101", "B102", "S101"])
    assert codes_of("--select", "B101,S", "a.txt") == (1, ["B101", "S101"])
    assert codes_of("--select", "B101", "--select", "empty-document", "a.txt") == (1, ["B101", "S101"])
    assert codes_of("--ignore", "B", "a.txt") == (1, ["S101"])
    assert codes_of("--select", "B", "--ignore", "B", "a.txt") == (0, [])
    assert codes_of("--select", "S", "--extend-select", "skip-link", "a.txt") == (1, ["B101", "S101"])


def test_unreadable_input_is_reported_whatever_is_selected(corpus):
    assert codes_of("--select", "B", "binary.txt", "a.txt") == (1, ["B101", "B102", "E901"])
    assert codes_of("--ignore", "E901", "binary.txt") == (0, [])


def test_unknown_code_on_the_command_line_exits_2(corpus):
    result = CliRunner().invoke(cli.main, ["--isolated", "--select", "B101,Z999", "a.txt"])
    assert result.exit_code == 2
    assert result.stderr == "newslint: error: select: unknown rule code, prefix or name 'Z999' (see `newslint rules`)\n"
    assert result.stdout == ""


def test_command_line_replaces_the_configs_value(corpus):
    (corpus / "newslint.toml").write_text('select = ["B"]\nignore = ["B102"]\n')
    assert codes_of("a.txt", isolated=False) == (1, ["B101"])
    assert codes_of("--select", "S", "a.txt", isolated=False) == (1, ["S101"])  # the config's ignore stays
    assert codes_of("--ignore", "B101", "a.txt", isolated=False) == (1, ["B102"])  # replaces the config's


# -- per-path ignores --------------------------------------------------------------------
@pytest.fixture
def project(tmp_path):
    (tmp_path / "proj" / "wire" / "deep").mkdir(parents=True)
    (tmp_path / "proj" / "site").mkdir()
    for path in ("wire/a.txt", "wire/deep/b.txt", "site/c.txt", "site/index.txt"):
        (tmp_path / "proj" / path).write_text(SKIP_AND_SHORT, encoding="utf-8")
    (tmp_path / "proj" / "newslint.toml").write_text(
        'select = ["B"]\n[per-path-ignores]\n"wire/*" = ["B101"]\n"index.txt" = ["B"]\n')
    return tmp_path / "proj"


def findings_by_file(findings, project):
    out = {}
    for f in findings:
        out.setdefault(os.path.relpath(os.path.abspath(f.path), project).replace(os.sep, "/"), []).append(f.code)
    return out


EXPECTED = {"wire/a.txt": ["B102"], "wire/deep/b.txt": ["B102"], "site/c.txt": ["B101", "B102"]}


def test_per_path_ignores_from_the_config_folder(project, monkeypatch):
    monkeypatch.chdir(project)
    assert findings_by_file(Linter.from_config(".").check_paths(["."]), project) == EXPECTED


@pytest.mark.parametrize("where", ["parent", "absolute", "inside"])
def test_per_path_globs_are_relative_to_the_config_file(project, monkeypatch, where):
    """The same globs hold whatever folder newslint runs from and however paths are named."""
    if where == "parent":
        monkeypatch.chdir(project.parent)
        paths = ["proj/wire", "proj/site"]
    elif where == "absolute":
        paths = [str(project / "wire"), str(project / "site")]
    else:
        monkeypatch.chdir(project / "wire")
        paths = [".", "../site"]
    assert findings_by_file(Linter.from_config(paths[0]).check_paths(paths), project) == EXPECTED


def test_per_path_ignores_through_the_cli(project, monkeypatch):
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli.main, ["wire/a.txt", "site/index.txt"])
    assert result.exit_code == 1
    assert [line.split(": ")[1].split()[0] for line in result.stdout.splitlines()[:-1]] == ["B102"]


def test_per_path_ignores_with_an_unknown_code_exit_2(project, monkeypatch):
    monkeypatch.chdir(project)
    (project / "newslint.toml").write_text('[per-path-ignores]\n"wire/*" = ["B1O1"]\n')
    result = CliRunner().invoke(cli.main, ["wire"])
    assert result.exit_code == 2
    assert "per-path-ignores 'wire/*': unknown rule code, prefix or name 'B1O1'" in result.stderr
