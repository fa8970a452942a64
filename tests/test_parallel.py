"""Parallel runs: the same bytes out whatever the job count, rule failures in workers reported
as serially, input read only as fast as it is checked, progress only on a terminal."""
import io
import itertools
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newslint import Linter, cli, runner
from newslint.document import Document
from newslint.formats import FORMATS
from newslint.rule import DocumentRule
from newslint.runner import Engine

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
REUTERS = ROOT.parent / "shared" / "data" / "corpus" / "reuters21578.jsonl"
NEWSLINT = Path(sys.executable).with_name("newslint")


def run(*args):
    result = CliRunner().invoke(cli.main, ["--isolated", *args], catch_exceptions=False)
    return result.exit_code, result.stdout


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of two documents, so that a small corpus spreads over many worker tasks."""
    monkeypatch.setattr(runner, "BATCH_DOCS", 2)


@pytest.fixture
def mixed_corpus(tmp_path):
    """The seed articles, a copy of them in JSON Lines with some bad records, and duplicates."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    records = []
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        (folder / seed.name).write_text(text, encoding="utf-8")
        records.append(json.dumps({"id": seed.stem, "text": text}))
    records.insert(1, '{"id": "broken", "text": ')
    (folder / "seeds.jsonl").write_text("\n".join(records * 3) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("output_format", sorted(FORMATS))
def test_jobs_1_and_2_print_the_same_bytes(mixed_corpus, small_batches, output_format):
    serial = run("--jobs", "1", "--output-format", output_format, "--statistics", str(mixed_corpus))
    parallel = run("--jobs", "2", "--output-format", output_format, "--statistics", str(mixed_corpus))
    assert serial[0] == 1 and serial[1]
    assert parallel == serial


def test_jobs_1_and_2_print_the_same_bytes_on_the_bundled_seeds():
    """As a user runs it: the installed command, in real processes."""
    outputs = [subprocess.run([str(NEWSLINT), "--isolated", "--jobs", jobs, str(SEEDS)], capture_output=True)
               for jobs in ("1", "2")]
    assert outputs[0].returncode == 1 and outputs[0].stdout
    assert (outputs[1].returncode, outputs[1].stdout, outputs[1].stderr) == (1, outputs[0].stdout, b"")


class Crashy(DocumentRule):
    code, name = "S989", "test-crashy"
    message = "a word"
    what, why, flagged, not_flagged = "Raises on documents holding CRASH.", "To test the engine.", "CRASH", "calm"

    def check(self, doc):
        if "CRASH" in doc.text:
            raise ValueError(f"cannot cope with {doc.ref.label()}")
        yield self.report(doc.span(0, 1), doc)


def test_a_rule_failing_in_a_worker_is_reported_as_serially(small_batches):
    docs = [Document(f"Doc {i}\n\n{'CRASH' if i % 7 == 3 else 'calm'} body", path=f"d{i:02}.txt") for i in range(40)]
    engine = Engine([Crashy()])
    serial, parallel = engine.run(docs, jobs=1), engine.run(docs, jobs=2)
    failures = [f for f in serial if f.code == "E903"]
    assert [f.path for f in failures] == [f"d{i:02}.txt" for i in range(40) if i % 7 == 3]
    assert failures[0].message.startswith("rule S989 (test-crashy) failed: ValueError: cannot cope with d03.txt at ")
    assert len(serial) == 40 and parallel == serial
    assert [f.data for f in parallel] == [f.data for f in serial]


def test_the_pool_reads_the_input_only_as_fast_as_it_is_checked():
    """A 2 GB file must not be pulled into the task queue ahead of the workers."""
    read = itertools.count()

    def many():
        for number in range(100_000):
            next(read)
            yield Document(f"Headline {number}\n\nA calm body.", path="many.jsonl", record=str(number),
                           record_number=number)

    results = Engine([Crashy()])._results(many(), jobs=2)
    next(results)
    results.close()
    assert next(read) <= (runner.IN_FLIGHT * 2 + 1) * runner.BATCH_DOCS


def test_a_small_run_without_jobs_is_serial(tmp_path, monkeypatch):
    """Below a megabyte of input, starting processes costs more than it saves."""
    def no_pool(*args, **kwargs):
        raise AssertionError("a process pool was started")

    monkeypatch.setattr(runner.multiprocessing, "get_context", no_pool)
    (tmp_path / "a.txt").write_text("Skip to content\nHeadline\n\nBody of the article here.\n", encoding="utf-8")
    assert run(str(tmp_path))[0] == 1
    with pytest.raises(AssertionError, match="pool was started"):
        run("--jobs", "2", str(tmp_path))


def test_the_input_size_that_decides_the_job_count(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"x" * 1000)
    (tmp_path / "b.jsonl.gz").write_bytes(b"x" * 1000)  # counts as the text it holds
    assert cli._input_size([str(tmp_path / "a.txt"), str(tmp_path / "b.jsonl.gz")], None) == 1000 + 4000
    assert cli._input_size(["-"], None) == cli._input_size(["-"], "article.txt") == 0  # one article
    assert cli._input_size(["-"], "feed.jsonl") >= 1 << 40  # records of unknown number


# -- progress -------------------------------------------------------------------------------------
def test_no_progress_in_pipes():
    result = subprocess.run([str(NEWSLINT), "--isolated", "--jobs", "1", str(SEEDS)], capture_output=True)
    assert result.stderr == b""


@pytest.mark.skipif(not hasattr(pty, "openpty"), reason="needs a pseudo-terminal")
def test_progress_on_a_terminal_is_erased_at_the_end():
    controller, terminal = pty.openpty()
    try:
        result = subprocess.run([str(NEWSLINT), "--isolated", "--jobs", "1", str(SEEDS)],
                                stdout=subprocess.PIPE, stderr=terminal)
        os.close(terminal)
        terminal = None
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal is closed and drained
                break
            if not chunk:
                break
            shown += chunk
    finally:
        if terminal is not None:
            os.close(terminal)
        os.close(controller)
    assert b"documents checked" in shown and shown.endswith(b"\r\x1b[K")
    assert b"documents checked" not in result.stdout


# -- the Reuters corpus ---------------------------------------------------------------------------
@pytest.mark.slow
def test_jobs_1_and_2_give_the_same_output_on_reuters():
    if not REUTERS.exists():
        pytest.skip("../shared/data is not here")
    linter = Linter()
    serial = linter.check_paths([REUTERS], jobs=1)
    parallel = linter.check_paths([REUTERS], jobs=2)
    assert len(serial) > 1000
    for name, write in sorted(FORMATS.items()):
        outputs = []
        for findings in (serial, parallel):
            out = io.StringIO()
            write(findings, out, linter.registry, False)
            outputs.append(out.getvalue())
        assert outputs[0] == outputs[1], f"--output-format {name} differs between --jobs 1 and --jobs 2"
