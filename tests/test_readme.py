"""The README stays true: its rule table is the registry's, and its two set-up commands are
the ones CI runs."""
import re
from pathlib import Path

from newslint.cli import rule_table_markdown
from newslint.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
START, END = "<!-- rules:start -->", "<!-- rules:end -->"
REGENERATE = (f"run `newslint rules --output-format markdown` at the repository root and put its output "
              f"between the lines {START} and {END} in README.md")


def test_readme_rule_table_is_the_registrys():
    assert START in README and END in README, f"README.md has no rule table: {REGENERATE}"
    table = README.split(START, 1)[1].split(END, 1)[0].strip()
    expected = rule_table_markdown(load_registry(plugins=False)).strip()  # built-in rules only
    assert table == expected, f"README.md's rule table is stale: {REGENERATE}"


def setup_commands():
    """The commands of the fenced block under README's "## Set-up" heading."""
    section = re.search(r"^## Set-up\n(.*?)(?=^## |\Z)", README, re.S | re.M)
    assert section, "README.md needs a '## Set-up' section"
    block = re.search(r"^```[a-z]*\n(.*?)^```", section.group(1), re.S | re.M)
    assert block, "README.md's Set-up section needs a fenced block with the commands"
    return [line.strip() for line in block.group(1).splitlines() if line.strip() and not line.startswith("#")]


def steps(commands):
    return [step.strip() for command in commands for step in command.split("&&")]


def ci_commands():
    """What .ci/run runs after going to the repository root, without the clean-up of an old venv."""
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")
            and not line.startswith(("set ", "cd ", "rm -rf "))]


def test_readme_has_two_set_up_commands_and_ci_runs_them():
    commands = setup_commands()
    assert len(commands) == 2, f"README's Set-up block should hold two commands, not {commands}"
    assert "pip install" in commands[0] and "newslint" in commands[0] and "examples/seeds" in commands[0]
    assert steps(ci_commands()) == steps(commands), (
        "README's set-up commands and .ci/run differ; .ci/run must run exactly the README's commands")
