#!/usr/bin/env python3
"""How fast newslint is: the command on one small file and on a corpus, with --jobs 1 and 2,
and the per-document rule set alone, in this process, in MB/s per core.

    python bench/bench_engine.py [--corpus FILE.jsonl] [--small FILE] [--repeat N] [--per-rule]

Wall time is what a user waits; CPU time is the work done (all processes), so CPU-bound
figures stay meaningful on a shared machine. Not a test: it prints tables.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from functools import cached_property
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newslint.document import Document  # noqa: E402
from newslint.runner import Engine  # noqa: E402
from newslint.registry import load_registry  # noqa: E402
from newslint.rule import CorpusRule, DocumentRule  # noqa: E402
from newslint.sources import Fields, read_path  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "reuters21578.jsonl"
DEFAULT_SMALL = ROOT / "examples" / "seeds" / "000_f2a061380b28bc29.txt"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_command(command: list, repeat: int) -> tuple:
    """Median wall time and median CPU time of `repeat` runs, output thrown away."""
    walls, cpus = [], []
    for _ in range(repeat):
        cpu, start = children_cpu(), time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        walls.append(time.perf_counter() - start)
        cpus.append(children_cpu() - cpu)
        if done.returncode not in (0, 1):
            sys.exit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    return statistics.median(walls), statistics.median(cpus)


def count_documents(path: Path) -> int:
    return sum(1 for _ in read_path(str(path)))


def command_table(newslint: str, runs: list) -> None:
    """`runs`: (input, extra arguments, repeat); MB are the input file's bytes."""
    print("| input | arguments | wall s | CPU s | docs/s | MB/s | MB per CPU s |")
    print("|---|---|---|---|---|---|---|")
    for path, extra, repeat in runs:
        docs, size = count_documents(path), path.stat().st_size / 1e6
        wall, cpu = time_command([newslint, "--isolated", *extra, str(path)], repeat)
        print(f"| {path.name} ({size:.3g} MB, {docs:,} docs) | {' '.join(extra)} | {wall:.2f} | {cpu:.2f} | "
              f"{docs / wall:,.1f} | {size / wall:.3g} | {size / cpu:.3g} |", flush=True)


def in_process_table(corpus: Path, per_rule: bool) -> None:
    """Reading and the per-document rules, timed apart, on one core, in CPU seconds. MB/s are
    of the corpus file's bytes, as in the table above (the text fields alone are fewer)."""
    size = corpus.stat().st_size / 1e6
    start = time.process_time()
    docs = list(read_path(str(corpus), Fields()))
    read_cpu = time.process_time() - start
    rules = [rule for rule in load_registry() if isinstance(rule, DocumentRule)]
    engine = Engine(rules)
    start = time.process_time()
    findings = sum(len(engine.check_document(doc)[1]) for doc in docs)
    rules_cpu = time.process_time() - start
    corpus_rules = [rule for rule in load_registry() if isinstance(rule, CorpusRule)]
    start = time.process_time()
    corpus_findings = len(Engine(corpus_rules).run([_fresh(doc) for doc in docs]))
    corpus_cpu = time.process_time() - start
    text = sum(len(doc.text.encode("utf-8")) for doc in docs) / 1e6
    print(f"\nIn process, one core: {corpus.name}, {len(docs):,} documents ({text:.1f} MB of text), "
          f"{len(rules)} document rules, {findings:,} findings")
    print("| step | CPU s | MB/s per core |")
    print("|---|---|---|")
    print(f"| read and parse the file into documents | {read_cpu:.2f} | {size / read_cpu:.1f} |")
    print(f"| all document rules | {rules_cpu:.2f} | {size / rules_cpu:.1f} |")
    print(f"| all corpus rules ({len(corpus_rules)}: map, merge, finalize; {corpus_findings:,} findings) | "
          f"{corpus_cpu:.2f} | {size / corpus_cpu:.1f} |")
    if not per_rule:
        return
    # Each rule on fresh documents whose generic views (lines, headline, paragraphs, words ...)
    # are already built: those are timed once on their own, and a rule pays only for its own work.
    views = [name for name, value in vars(Document).items() if isinstance(value, cached_property)]
    copies = [_fresh(doc) for doc in docs]
    print("\nThe generic document views, built in this order (each pays for what it adds):")
    print("| view | CPU s | MB/s |")
    print("|---|---|---|")
    for name in views:
        start = time.process_time()
        for doc in copies:
            getattr(doc, name)
        seconds = time.process_time() - start
        print(f"| {name} | {seconds:.2f} | {size / seconds if seconds else float('inf'):,.0f} |")
    print("\nEach rule alone, on documents with those views built:")
    print("| rule | CPU s | MB/s |")
    print("|---|---|---|")
    timings = []
    for rule in rules:
        # a family's shared computations (Document.memo, kept for the latest document only)
        # are each rule's cost here
        start = time.process_time()
        for doc in copies:
            try:
                for _ in rule.check(doc):
                    pass
            except Exception:  # a failing rule is the engine's concern (E903), not this table's
                pass
        timings.append((time.process_time() - start, rule))
    for seconds, rule in sorted(timings, key=lambda t: -t[0]):
        print(f"| {rule.code} {rule.name} | {seconds:.2f} | {size / seconds if seconds else float('inf'):,.0f} |")


def _fresh(doc: Document) -> Document:
    copy = Document.__new__(Document)
    copy.__setstate__(doc.__getstate__())
    return copy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--small", type=Path, default=DEFAULT_SMALL)
    parser.add_argument("--repeat", type=int, default=5, help="runs of the small file (the median is shown)")
    parser.add_argument("--newslint", default=str(Path(sys.executable).with_name("newslint")))
    parser.add_argument("--per-rule", action="store_true", help="also time each document rule alone")
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"no corpus at {args.corpus}")
    print(f"newslint benchmark: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start\n")
    command_table(args.newslint, [
        (args.small, ["--jobs", "1"], args.repeat), (args.small, ["--jobs", "2"], args.repeat),
        (args.corpus, ["--jobs", "1"], 1), (args.corpus, ["--jobs", "2"], 1),
        (args.corpus, ["--jobs", "1", "--select", "E901"], 1),  # the engine alone: reading, no rules
    ])
    print("(--select E901 runs no document rule: the cost of reading, parsing and the engine alone)")
    in_process_table(args.corpus, args.per_rule)


if __name__ == "__main__":
    main()
