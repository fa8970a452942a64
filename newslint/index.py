"""The incremental index (`--index PATH`): corpus rules' values kept between runs in SQLite.

A corpus rule maps each document to a small value (a hash, a signature). The index keeps the
values of every document of earlier runs, keyed by file path and record, so a run on a few
changed files is compared with the whole corpus seen before: the engine merges the values of
the earlier documents that matter before it finalizes, and reports only on this run's
documents. The index knows no rule: it stores each rule's value under the rule's code.

- A rule's lookup keys (`CorpusRule.keys`: a body hash, LSH band keys) are kept in a table
  with an SQL index, so a run loads only the earlier documents that share a key with its own
  documents, and those that share one with these, and so on: what it costs depends on the
  documents the run touches, not on the size of the corpus. A rule without keys gets every
  earlier document.

- One transaction per run: a run that crashes or is killed leaves the index as it was.
- A file read in this run replaces everything stored for it (edited files, records added or
  removed); a stored file that no longer exists is dropped (found by `changed()`, or when
  loaded); a stored file changed on disk since (size or modification time) is not used until
  a run reads it again — `changed()` names those files, so the command line reads them again
  too, without reporting on them.
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

SCHEMA = "3"
FLUSH_ROWS = 2000
IN_QUERY = 500  # ids per "IN (...)" of a query, well under SQLite's limit on parameters

_TABLES = (
    "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS documents (id INTEGER PRIMARY KEY, path TEXT NOT NULL, record TEXT, "
    "record_number INTEGER, doc_values BLOB NOT NULL)",
    "CREATE INDEX IF NOT EXISTS documents_by_path ON documents (path, record_number)",
    # a rule's lookup key held by a document; found by key, and dropped with the document
    "CREATE TABLE IF NOT EXISTS keys (rule TEXT NOT NULL, key INTEGER NOT NULL, doc INTEGER NOT NULL, "
    "PRIMARY KEY (rule, key, doc)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS keys_by_doc ON keys (doc)",
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
        self._key_rows: List[tuple] = []
        self._gone: Set[str] = set()  # stored files that no longer exist
        self._stats: Dict[str, Optional[Tuple[int, int]]] = {}
        self._db = sqlite3.connect(path, timeout=60, isolation_level=None)
        try:
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.execute("PRAGMA cache_size = -65536")  # 64 MB: keys go in all over their table
            self._db.execute("BEGIN IMMEDIATE")  # one writer at a time; the run is one transaction
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            meta = dict(self._db.execute("SELECT key, value FROM meta"))
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise IndexFileError(f"{path}: not a newslint index ({exc})") from None
        if meta.get("schema") != SCHEMA or meta.get("fingerprint") != fingerprint:
            self.emptied = bool(meta)
            for table in ("keys", "documents", "files"):  # an older schema's tables go with their rows
                self._db.execute(f"DROP TABLE IF EXISTS {table}")
            self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                                 [("schema", SCHEMA), ("fingerprint", fingerprint)])
        for statement in _TABLES:
            self._db.execute(statement)
        # documents of this run get ids from here on: the stored ones below are of earlier runs
        self._first_id = self._db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM documents").fetchone()[0]
        self._next_id = self._first_id
        self._loaded: Dict[str, Set[int]] = {}  # rule code -> ids of earlier documents given for it

    # -- before the run ---------------------------------------------------------------------
    def changed(self, reading: Iterable[str]) -> List[str]:
        """Stored files that changed on disk since they were indexed, other than `reading`."""
        reading = {_key(p) for p in reading}
        out = []
        for path, size, mtime_ns in self._db.execute("SELECT path, size, mtime_ns FROM files ORDER BY path"):
            on_disk = self._stat(path)
            if on_disk is None:
                self._gone.add(path)  # dropped at the commit
            elif path not in reading and on_disk != (size, mtime_ns):
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
        self._drop(path)
        stat = self._stat(path)
        if stat is None:
            self._db.execute("DELETE FROM files WHERE path = ?", (path,))
        else:
            self._db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", (path, *stat))

    def put(self, ref: DocRef, values: Dict[str, bytes], keys: Optional[Dict[str, Iterable[int]]] = None) -> None:
        """A document of this run, its corpus rules' packed values and lookup keys, by rule code."""
        self.saw(ref.path)
        path = _key(ref.path)
        if self._stats.get(path) is None:
            return  # standard input, or a file gone since: nothing to compare it with later
        doc = self._next_id
        self._next_id += 1
        self._rows.append((doc, path, ref.record, ref.record_number, frame(values)))
        for code, rule_keys in (keys or {}).items():
            self._key_rows.extend((code, _signed(key), doc) for key in set(rule_keys))
        if len(self._rows) >= FLUSH_ROWS:
            self._flush()

    def earlier(self, code: str, related: bool = False) -> Iterator[Tuple[DocRef, bytes]]:
        """Documents of earlier runs that this run did not read, with their values packed by
        the rule `code`: all of them, or when `related`, those that share one of the rule's
        keys with a document of this run, directly or through other such documents."""
        self._flush()
        loaded = self._loaded.setdefault(code, set())
        if not related:
            ids = [doc for (doc,) in self._db.execute("SELECT id FROM documents WHERE id < ? ORDER BY id",
                                                      (self._first_id,))]
            for ref, data, _ in self._documents(code, ids, loaded):
                yield ref, data
            return
        if not self._db.execute("SELECT 1 FROM documents WHERE id < ? LIMIT 1", (self._first_id,)).fetchone():
            return  # nothing of earlier runs (a first run, or one that read everything again)
        # earlier documents sharing a key with this run's, then with those just loaded, and so on
        frontier = sorted(self._linked(code, "mine.doc >= ?", [self._first_id]) - loaded)
        while frontier:
            found = []
            for ref, data, doc in self._documents(code, frontier, loaded):
                found.append(doc)
                yield ref, data
            reached: Set[int] = set()
            for chunk in _chunks(found):
                reached |= self._linked(code, f"mine.doc IN ({','.join('?' * len(chunk))})", chunk)
            frontier = sorted(reached - loaded)

    def reported(self, path: str) -> bool:
        """Whether findings about a document of this path are kept: not one of earlier runs."""
        path = _key(path)
        return path not in self._context and path not in self._earlier

    def commit(self) -> None:
        self._flush()
        for path in sorted(self._gone):
            self._drop(path)
            self._db.execute("DELETE FROM files WHERE path = ?", (path,))
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
    def _documents(self, code: str, ids: List[int], loaded: Set[int]) -> Iterator[Tuple[DocRef, bytes, int]]:
        """Stored documents by id, with the value of rule `code`, each once per rule; a
        document whose file is gone or changed on disk since is left out."""
        for chunk in _chunks(ids):
            rows = self._db.execute(
                "SELECT d.id, d.path, d.record, d.record_number, d.doc_values, f.size, f.mtime_ns "
                f"FROM documents AS d LEFT JOIN files AS f ON f.path = d.path WHERE d.id IN ({','.join('?' * len(chunk))}) "
                "ORDER BY d.path, d.record_number", chunk).fetchall()
            for doc, path, record, record_number, doc_values, size, mtime_ns in rows:
                loaded.add(doc)
                on_disk = self._stat(path)
                if on_disk is None:
                    self._gone.add(path)
                elif on_disk == (size, mtime_ns) and path not in self._run:
                    data = unframe(doc_values).get(code)
                    if data is not None:
                        self._earlier.add(path)
                        yield DocRef(path, record, record_number), data, doc

    def _linked(self, code: str, mine: str, params: List[int]) -> Set[int]:
        """Earlier documents holding a key of rule `code` that the documents `mine` selects hold."""
        return {doc for (doc,) in self._db.execute(
            "SELECT DISTINCT other.doc FROM keys AS mine INDEXED BY keys_by_doc JOIN keys AS other "
            f"ON other.rule = mine.rule AND other.key = mine.key WHERE {mine} AND mine.rule = ? AND other.doc < ?",
            (*params, code, self._first_id))}

    def _drop(self, path: str) -> None:
        """What is stored for the documents of a file."""
        self._db.execute("DELETE FROM keys WHERE doc IN (SELECT id FROM documents WHERE path = ?)", (path,))
        self._db.execute("DELETE FROM documents WHERE path = ?", (path,))

    def _flush(self) -> None:
        if self._rows:
            self._db.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?)", self._rows)
            self._rows = []
        if self._key_rows:
            self._db.executemany("INSERT OR IGNORE INTO keys VALUES (?, ?, ?)", self._key_rows)
            self._key_rows = []

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


def _signed(key: int) -> int:
    """A key of 0 to 2**64-1 as SQLite's signed 64-bit integer."""
    return key - (1 << 64) if key >= 1 << 63 else key


def _chunks(ids: List[int]) -> Iterator[List[int]]:
    for start in range(0, len(ids), IN_QUERY):
        yield ids[start:start + IN_QUERY]
