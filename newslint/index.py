"""The incremental index (`--index PATH`): corpus rules' values kept between runs in SQLite.

A corpus rule maps each document to a small value (a hash, a signature). The index keeps the
values of every document of earlier runs, keyed by file path and record, so a run on a few
changed files is compared with the whole corpus seen before: the engine merges the values of
the documents this run did not read before it finalizes, and reports only on this run's
documents. The index knows no rule: it stores each rule's value under the rule's code.

- One transaction per run: a run that crashes or is killed leaves the index as it was.
- A file read in this run replaces everything stored for it (edited files, records added or
  removed); a stored file that no longer exists is dropped; a stored file changed on disk
  since (size or modification time) is not used until a run reads it again — `changed()`
  names those files, so the command line reads them again too, without reporting on them.
- Values are stored as each rule packs them (`CorpusRule.pack`: JSON unless the rule has a
  compact form of its own), never pickled: opening an index someone else wrote runs no code.
- Everything stored depends on the rules and their settings (`fingerprint`); an index made
  with other rules or settings is emptied and filled again.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import stat
import struct
from typing import Any, Dict, Iterable, Iterator, List, Optional, Set, Tuple

from . import __version__
from .finding import DocRef

SCHEMA = "2"
FLUSH_ROWS = 2000

_TABLES = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS documents (path TEXT NOT NULL, record TEXT, record_number INTEGER, "
    "doc_values BLOB NOT NULL)",
    "CREATE INDEX IF NOT EXISTS documents_by_path ON documents (path, record_number)",
)


class IndexFileError(Exception):
    pass


def frame(values: Dict[str, bytes]) -> bytes:
    """Each rule's packed value under its code, as one blob."""
    out = bytearray()
    for code, data in sorted(values.items()):
        name = code.encode()
        out += struct.pack("<BI", len(name), len(data)) + name + data
    return bytes(out)


def unframe(blob: bytes) -> Dict[str, bytes]:
    values, at = {}, 0
    while at < len(blob):
        size, length = struct.unpack_from("<BI", blob, at)
        at += 5
        values[blob[at:at + size].decode()] = blob[at + size:at + size + length]
        at += size + length
    return values


def fingerprint(rules: Iterable[Any]) -> str:
    """A digest of what stored values depend on: newslint's version and each rule's settings
    (its attributes as built: options, a pattern rule's table and regexes)."""
    state = [__version__] + [[type(r).__module__, type(r).__qualname__, _stable(vars(r))] for r in rules]
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()


def _stable(value: Any) -> Any:
    """A value as JSON that is the same in every run (no object addresses)."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return sorted([str(k), _stable(v)] for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [_stable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(json.dumps(_stable(v), sort_keys=True) for v in value)
    if isinstance(value, re.Pattern):
        return [value.pattern, value.flags]
    return type(value).__name__


class Index:
    """An open index; the engine calls `saw`/`put` for the run's documents, `earlier` for the
    others, `reported` to keep findings, and `commit` at the end."""

    def __init__(self, path: str, fingerprint: str):
        self.path = path
        self.emptied = False  # the stored values were made with other rules or settings
        self._run: Set[str] = set()  # files read in this run
        self._context: Set[str] = set()  # files read again only to bring the index up to date
        self._earlier: Set[str] = set()  # files whose documents come from earlier runs
        self._rows: List[tuple] = []
        self._stats: Dict[str, Optional[Tuple[int, int]]] = {}
        self._db = sqlite3.connect(path, timeout=60, isolation_level=None)
        try:
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.execute("BEGIN IMMEDIATE")  # one writer at a time; the run is one transaction
            for statement in _TABLES:
                self._db.execute(statement)
            meta = dict(self._db.execute("SELECT key, value FROM meta"))
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise IndexFileError(f"{path}: not a newslint index ({exc})") from None
        if meta.get("schema") != SCHEMA or meta.get("fingerprint") != fingerprint:
            self.emptied = bool(meta)
            self._db.execute("DELETE FROM documents")
            self._db.execute("DELETE FROM files")
            self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                                 [("schema", SCHEMA), ("fingerprint", fingerprint)])

    # -- before the run ---------------------------------------------------------------------
    def changed(self, reading: Iterable[str]) -> List[str]:
        """Stored files that changed on disk since they were indexed, other than `reading`."""
        reading = {_key(p) for p in reading}
        out = []
        for path, size, mtime_ns in self._db.execute("SELECT path, size, mtime_ns FROM files ORDER BY path"):
            if path not in reading and self._stat(path) not in (None, (size, mtime_ns)):
                out.append(path)
        return out

    def add_context(self, paths: Iterable[str]) -> None:
        """Files read in this run only to bring the index up to date: no finding about them is kept."""
        self._context.update(_key(p) for p in paths)

    # -- during the run ---------------------------------------------------------------------
    def saw(self, path: str) -> None:
        """A file read in this run: what was stored for it goes."""
        path = _key(path)
        if path in self._run:
            return
        self._flush()
        self._run.add(path)
        self._db.execute("DELETE FROM documents WHERE path = ?", (path,))
        stat = self._stat(path)
        if stat is None:
            self._db.execute("DELETE FROM files WHERE path = ?", (path,))
        else:
            self._db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", (path, *stat))

    def put(self, ref: DocRef, values: Dict[str, bytes]) -> None:
        """A document of this run and its corpus rules' packed values, by rule code."""
        self.saw(ref.path)
        path = _key(ref.path)
        if self._stats.get(path) is None:
            return  # standard input, or a file gone since: nothing to compare it with later
        self._rows.append((path, ref.record, ref.record_number, frame(values)))
        if len(self._rows) >= FLUSH_ROWS:
            self._flush()

    def earlier(self) -> Iterator[Tuple[DocRef, Dict[str, bytes]]]:
        """Documents of earlier runs that this run did not read, by path and record, with
        their packed values by rule code."""
        self._flush()
        gone = []
        rows = self._db.execute("SELECT path, record, record_number, doc_values FROM documents "
                                "ORDER BY path, record_number").fetchall()
        stored = dict(((p, (s, m)) for p, s, m in self._db.execute("SELECT path, size, mtime_ns FROM files")))
        for path, record, record_number, doc_values in rows:
            if path in self._run:
                continue
            stat = self._stat(path)
            if stat is None:
                gone.append(path)
            elif stat == stored.get(path):
                self._earlier.add(path)
                yield DocRef(path, record, record_number), unframe(doc_values)
        for path in sorted(set(gone)):
            self._db.execute("DELETE FROM documents WHERE path = ?", (path,))
            self._db.execute("DELETE FROM files WHERE path = ?", (path,))

    def reported(self, path: str) -> bool:
        """Whether findings about a document of this path are kept: not one of earlier runs."""
        path = _key(path)
        return path not in self._context and path not in self._earlier

    def commit(self) -> None:
        self._flush()
        self._db.execute("COMMIT")

    def close(self) -> None:
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")
        self._db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- helpers -------------------------------------------------------------------------------
    def _flush(self) -> None:
        if self._rows:
            self._db.executemany("INSERT INTO documents VALUES (?, ?, ?, ?)", self._rows)
            self._rows = []

    def _stat(self, path: str) -> Optional[Tuple[int, int]]:
        """(size, modification time) of a file, None when there is no such file."""
        if path not in self._stats:
            try:
                st = os.stat(path)
                self._stats[path] = (st.st_size, st.st_mtime_ns) if stat.S_ISREG(st.st_mode) else None
            except OSError:
                self._stats[path] = None
        return self._stats[path]


def _key(path: str) -> str:
    return path if path == "-" else os.path.normpath(path)
