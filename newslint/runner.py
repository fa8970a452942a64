"""Running rules over a stream of documents: serially or on a process pool, with the same
findings in the same order either way."""
from __future__ import annotations

import multiprocessing
from collections import deque
from typing import Callable, Deque, Iterable, Iterator, List, Optional, Sequence, Tuple

from .document import Document
from .finding import DocRef, Finding
from .problems import problem_finding, rule_failure
from .rule import CorpusRule, DocumentRule, Rule
from .sources import Item, Problem

BATCH_DOCS = 200  # documents per task sent to a worker process
BATCH_CHARS = 4 << 20  # or fewer, when they are long
IN_FLIGHT = 2  # batches per worker submitted ahead of the one being merged

DocResult = Tuple[DocRef, List[Finding], List[Tuple[int, object]]]


class Engine:
    def __init__(self, rules: Sequence[Rule]):
        self.document_rules = [r for r in rules if isinstance(r, DocumentRule)]
        self.corpus_rules = [r for r in rules if isinstance(r, CorpusRule)]

    def check_document(self, doc: Document) -> DocResult:
        """Findings of the document rules, and each corpus rule's mapped value."""
        findings: List[Finding] = []
        for rule in self.document_rules:
            try:
                findings.extend(rule.check(doc))
            except Exception as exc:  # one rule failing on one document never stops the run
                findings.append(rule_failure(rule, doc.ref, exc, doc))
        values = []
        for index, rule in enumerate(self.corpus_rules):
            try:
                value = rule.map(doc)
            except Exception as exc:
                findings.append(rule_failure(rule, doc.ref, exc, doc))
                continue
            if value is not None:
                values.append((index, value))
        return doc.ref, findings, values

    def run(self, items: Iterable[Item], jobs: int = 1,
            progress: Optional[Callable[[int], None]] = None) -> List[Finding]:
        findings: List[Finding] = []
        states = [rule.start() for rule in self.corpus_rules]
        done = 0
        for result in self._results(items, jobs):
            if isinstance(result, Problem):
                findings.append(problem_finding(result))
                continue
            ref, doc_findings, values = result
            findings.extend(doc_findings)
            for index, value in values:
                states[index] = self.corpus_rules[index].merge(states[index], ref, value)
            done += 1
            if progress is not None:
                progress(done)
        for rule, state in zip(self.corpus_rules, states):
            try:
                findings.extend(rule.finalize(state))
            except Exception as exc:
                findings.append(rule_failure(rule, DocRef("<corpus>"), exc))
        findings.sort(key=Finding.sort_key)
        return findings

    def _results(self, items: Iterable[Item], jobs: int) -> Iterator:
        if jobs <= 1:
            for item in items:
                yield item if isinstance(item, Problem) else self.check_document(item)
            return
        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
        with context.Pool(jobs, initializer=_init_worker, initargs=(self,)) as pool:
            # Results are taken in submission order, so corpus states merge in the same order as
            # serially; at most IN_FLIGHT batches per process are submitted ahead, so the input is
            # read only as fast as it is checked (Pool.imap would read all of it into the queue).
            pending: Deque = deque()
            for batch in _batches(items):
                pending.append(pool.apply_async(_check_batch, (batch,)))
                if len(pending) >= IN_FLIGHT * jobs:
                    yield from pending.popleft().get()
            while pending:
                yield from pending.popleft().get()


_worker_engine: Optional[Engine] = None


def _init_worker(engine: Engine) -> None:
    global _worker_engine
    _worker_engine = engine


def _check_batch(batch: List[Item]) -> list:
    return [item if isinstance(item, Problem) else _worker_engine.check_document(item) for item in batch]


def _batches(items: Iterable[Item]) -> Iterator[List[Item]]:
    batch, chars = [], 0
    for item in items:
        batch.append(item)
        chars += len(item.text) if isinstance(item, Document) else 0
        if len(batch) >= BATCH_DOCS or chars >= BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch
