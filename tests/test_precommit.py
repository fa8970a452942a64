"""The real pre-commit framework runs newslint as a hook, from the project's own
`.pre-commit-hooks.yaml`, in a scratch corpus repository: a commit of a clean article passes,
a commit of a damaged one is refused with newslint's findings."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")

CLEAN = ("Council approves new cycle lanes\n\n"
         "The city council on Tuesday approved a plan to build 80 kilometres of protected cycle lanes "
         "by 2030, most of them along the main roads into the centre.\n")
DAMAGED = ("Skip to content\nCouncil approves new cycle lanes\n\n"
           "The city council on Tuesday approved a plan to build 80 kilometres of protected cycle lanes.\n\n"
           "Read also: Residents fear the loss of parking spaces\n")

pytestmark = [
    pytest.mark.slow,  # pre-commit builds the hook's environment: pip installs newslint and its dependencies
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git"),
    pytest.mark.skipif(not PRE_COMMIT.exists(), reason="needs pre-commit (pip install .[test])"),
]


def git(folder, *args, check=True):
    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=check)


def test_newslint_as_a_pre_commit_hook(tmp_path):
    # The hook repository: the project's committed HEAD, as pre-commit would fetch it.
    hooks = tmp_path / "newslint"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(hooks)], check=True)
    rev = git(hooks, "rev-parse", "HEAD").stdout.strip()
    assert (hooks / ".pre-commit-hooks.yaml").exists(), ".pre-commit-hooks.yaml is not committed"

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    git(corpus, "init", "--quiet")
    git(corpus, "config", "user.email", "test@example.com")
    git(corpus, "config", "user.name", "Test")
    (corpus / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {hooks}\n  rev: {rev}\n  hooks:\n  - id: newslint\n"
        "    args: [--select, 'B101,B102,E9']\n", encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    subprocess.run([str(PRE_COMMIT), "install"], cwd=corpus, env=env, check=True, capture_output=True)

    def commit(*files):
        git(corpus, "add", *files)
        return subprocess.run(["git", "commit", "--quiet", "-m", "articles"], cwd=corpus, env=env,
                              capture_output=True, text=True)

    (corpus / "articles").mkdir()
    (corpus / "articles" / "clean.txt").write_text(CLEAN, encoding="utf-8")
    passed = commit(".pre-commit-config.yaml", "articles/clean.txt")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "newslint" in passed.stdout + passed.stderr and "Passed" in passed.stdout + passed.stderr

    (corpus / "articles" / "damaged.txt").write_text(DAMAGED, encoding="utf-8")
    refused = commit("articles/damaged.txt")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "articles/damaged.txt:1:1: B101 skip link left from the page" in output
    assert "articles/damaged.txt:6:1: B102" in output
    assert "clean.txt" not in output  # only the files the commit changes are linted
    assert git(corpus, "log", "--format=%s").stdout.split() == ["articles"]  # nothing was committed

    (corpus / "articles" / "damaged.txt").write_text(CLEAN, encoding="utf-8")
    fixed = commit("articles/damaged.txt")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
