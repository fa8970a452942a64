"""Running rules over a stream of documents: serially or on a process pool, with the same
findings in the same order either way."""
from __future__ import annotations

import multiprocessing
from collections import deque
from typing import TYPE_CHECKING, Callable, Deque, Iterable, Iterator, List, Optional, Sequence, Tuple

from .document import Document
from .finding import DocRef, Finding
from .problems import problem_finding, rule_failure
from .rule import CorpusRule, DocumentRule, Rule
from .sources import Item, Problem

if TYPE_CHECKING:
    from .index import Index

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
        return self.check_batch([doc])[0]

    def check_batch(self, docs: Sequence[Document]) -> List[DocResult]:
        """check_document for several documents; corpus rules map them in one call."""
        found: List[List[Finding]] = []
        for doc in docs:
            findings: List[Finding] = []
            for rule in self.document_rules:
                try:
                    findings.extend(rule.check(doc))
                except Exception as exc:  # one rule failing on one document never stops the run
                    findings.append(rule_failure(rule, doc.ref, exc, doc))
            found.append(findings)
        failures: List[List[Finding]] = [[] for _ in docs]
        values: List[list] = [[] for _ in docs]
        for index, rule in enumerate(self.corpus_rules):
            try:
                mapped = rule.map_batch(docs, found)
            except Exception:  # map one by one to tell which document failed
                mapped = []
                for doc, findings, failed in zip(docs, found, failures):
                    try:
                        mapped.extend(rule.map_batch([doc], [findings]))
                    except Exception as exc:
                        failed.append(rule_failure(rule, doc.ref, exc, doc))
                        mapped.append(None)
            for doc_values, value in zip(values, mapped):
                if value is not None:
                    doc_values.append((index, value))
        return [(doc.ref, findings + failed, doc_values)
                for doc, findings, failed, doc_values in zip(docs, found, failures, values)]

    def run(self, items: Iterable[Item], jobs: int = 1,
            progress: Optional[Callable[[int], None]] = None, index: Optional["Index"] = None) -> List[Finding]:
        """Findings of the documents. With an index, the corpus rules also see the documents
        it kept from earlier runs (those sharing a rule's keys with this run's documents, or
        all of them for a rule without keys), the run's values and keys are kept in it, and
        only findings about documents of this run are returned."""
        findings: List[Finding] = []
        states = [rule.start() for rule in self.corpus_rules]
        keyed = [True for _ in self.corpus_rules]  # False once a rule gives a value no keys
        done = 0
        for result in self._results(items, jobs):
            if isinstance(result, Problem):
                findings.append(problem_finding(result))
                if index is not None:
                    index.saw(result.ref.path)
                continue
            ref, doc_findings, values = result
            findings.extend(doc_findings)
            for number, value in values:
                states[number] = self.corpus_rules[number].merge(states[number], ref, value)
            if index is not None:
                packed, keys = {}, {}
                for number, value in values:
                    rule = self.corpus_rules[number]
                    packed[rule.code] = rule.pack(value)
                    rule_keys = rule.keys(value)
                    if rule_keys is None:
                        keyed[number] = False
                    else:
                        keys[rule.code] = rule_keys
                index.put(ref, packed, keys)
            done += 1
            if progress is not None:
                progress(done)
        if index is not None:
            for number, rule in enumerate(self.corpus_rules):
                for ref, data in index.earlier(rule.code, related=keyed[number]):
                    states[number] = rule.merge(states[number], ref, rule.unpack(data))
        for rule, state in zip(self.corpus_rules, states):
            try:
                findings.extend(rule.finalize(state, index.reported if index is not None else None))
            except Exception as exc:
                findings.append(rule_failure(rule, DocRef("<corpus>"), exc))
        if index is not None:
            findings = [f for f in findings if index.reported(f.path)]
            index.commit()
        findings.sort(key=Finding.sort_key)
        return findings

    def _results(self, items: Iterable[Item], jobs: int) -> Iterator:
        if jobs <= 1:
            for batch in _batches(items):
                yield from _check_batch(batch, self)
            return
        items = iter(items)
        # The first document is checked here, before the fork: data the rules load lazily is
        # then loaded once and shared by the workers, instead of once in each of them.
        for item in items:
            yield item if isinstance(item, Problem) else self.check_document(item)
            if isinstance(item, Document):
                break
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


def _check_batch(batch: List[Item], engine: Optional[Engine] = None) -> list:
    engine = engine or _worker_engine
    results = iter(engine.check_batch([item for item in batch if not isinstance(item, Problem)]))
    return [item if isinstance(item, Problem) else next(results) for item in batch]


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
