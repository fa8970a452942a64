"""Readers: turn paths (files, folders, JSON Lines, JSON arrays, standard input) into a
stream of Documents, and unreadable input into Problems, never stopping at a bad record.

Location of a record: `record_number` is the line of the JSONL file the record is on
(1-based; for a `.json` array, its 1-based index), `record` is its id field, else that
number as text; line and column count inside the record's text field.
"""
from __future__ import annotations

import fnmatch
import gzip
import json
import os
import sys
import zlib
from typing import IO, Iterator, List, NamedTuple, Optional, Sequence, Union

from .decoding import UndecodableError, decode, looks_binary
from .document import Document
from .finding import DocRef

SKIP_DIRS = {".git", ".hg", ".svn", ".bzr", "_darcs", "CVS", "__pycache__", "node_modules"}
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
DEFAULT_INCLUDE = ("*.txt",)


class Fields(NamedTuple):
    text: str = "text"
    title: str = "title"
    id: str = "id"
    url: str = "url"


class Problem(NamedTuple):
    """Input that could not be read as a document: reported, never fatal to the run."""

    code: str  # E901 unreadable input, E902 undecodable text
    ref: DocRef
    line: int
    message: str


class UsageError(Exception):
    pass


Item = Union[Document, Problem]


def find_inputs(paths: Sequence[str], include: Sequence[str] = DEFAULT_INCLUDE,
                exclude: Sequence[str] = ()) -> List[str]:
    """Files to read, in a stable order. Named files are always read (unless excluded);
    folders are walked for files matching `include`, skipping hidden and VCS folders."""
    out: List[str] = []
    for path in paths:
        if path == "-":
            out.append(path)
        elif os.path.isdir(path):
            out.extend(_walk(path, include, exclude))
        elif os.path.exists(path):
            if not _excluded(path, exclude):
                out.append(path)
        else:
            raise UsageError(f"{path}: no such file or folder")
    seen, unique = set(), []
    for path in out:
        if path not in seen:
            seen.add(path)
            unique.append(path)
    return unique


def _walk(top: str, include: Sequence[str], exclude: Sequence[str]) -> List[str]:
    found = []
    for root, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS
                         and not _excluded(os.path.join(root, d), exclude))
        for name in sorted(files):
            path = os.path.join(root, name)
            if name.startswith(".") or _excluded(path, exclude):
                continue
            if any(fnmatch.fnmatch(name, pattern) or fnmatch.fnmatch(path, pattern) for pattern in include):
                found.append(path)
    return sorted(found)


def _excluded(path: str, exclude: Sequence[str]) -> bool:
    name = os.path.basename(path.rstrip("/"))
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(path, p) for p in exclude)


def read_path(path: str, fields: Fields = Fields(), stdin_name: Optional[str] = None) -> Iterator[Item]:
    """Documents and problems of one input path ("-" is standard input)."""
    name = (stdin_name or "-") if path == "-" else path
    lower = name.lower()
    try:
        if lower.endswith(JSONL_SUFFIXES):
            opener = gzip.open if lower.endswith(".gz") else open
            if path == "-":
                stream = sys.stdin.buffer
                stream = gzip.GzipFile(fileobj=stream) if lower.endswith(".gz") else stream
                yield from read_jsonl(stream, name, fields)
            else:
                with opener(path, "rb") as stream:
                    yield from read_jsonl(stream, name, fields)
        elif lower.endswith(".json"):
            with (_stdin_text() if path == "-" else open(path, encoding="utf-8")) as stream:
                yield from read_json_array(stream, name, fields)
        else:
            data = sys.stdin.buffer.read() if path == "-" else _read_bytes(path)
            yield read_text(data, name)
    except OSError as exc:
        yield Problem("E901", DocRef(name), 1, f"cannot read: {exc.strerror or exc}")
    except UnicodeDecodeError as exc:
        yield Problem("E901", DocRef(name), 1, f"JSON input is not UTF-8: {exc.reason} at byte {exc.start}")


def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as stream:
        return stream.read()


def _stdin_text() -> IO[str]:
    return open(sys.stdin.fileno(), encoding="utf-8", closefd=False)


def read_text(data: bytes, name: str) -> Item:
    """A text file is one article; its first non-empty line is the headline candidate."""
    if looks_binary(data):
        return Problem("E901", DocRef(name), 1, "binary file (holds NUL bytes), not read as text")
    try:
        text, encoding, confidence = decode(data)
    except UndecodableError as exc:
        return Problem("E902", DocRef(name), 1, f"cannot decode: {exc}")
    return Document(text, path=name, encoding=encoding, encoding_confidence=confidence, size=len(data))


def read_jsonl(stream: IO[bytes], name: str, fields: Fields) -> Iterator[Item]:
    number = 0
    try:
        for number, raw in enumerate(stream, 1):
            if raw.strip():
                yield record_document(raw, name, number, fields)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        yield Problem("E901", DocRef(name, str(number + 1), number + 1), 0,
                      f"compressed file is truncated or corrupt after line {number}: {exc}")


def record_document(raw: Union[bytes, str, dict], name: str, number: int, fields: Fields) -> Item:
    """One JSON record (raw JSON text, or an already parsed object) as a Document."""
    ref = DocRef(name, str(number), number)
    if isinstance(raw, dict):
        record = raw
    else:
        try:
            record = json.loads(raw)
        except ValueError as exc:
            return Problem("E901", ref, 0, f"line {number}: malformed JSON record: {exc}")
    if not isinstance(record, dict):
        return Problem("E901", ref, 0, f"record {number} is a JSON {type(record).__name__}, not an object")
    rid = record.get(fields.id)
    record_label = str(rid) if rid not in (None, "") else str(number)
    ref = DocRef(name, record_label, number)
    text = record.get(fields.text)
    if not isinstance(text, str):
        what = "has no" if text is None else f"has a non-text ({type(text).__name__})"
        return Problem("E901", ref, 0, f"record {number} {what} '{fields.text}' field")
    title = record.get(fields.title)
    url = record.get(fields.url)
    meta = {k: v for k, v in record.items()
            if k not in (fields.text, fields.title) and isinstance(v, (str, int, float, bool)) and len(str(v)) < 256}
    return Document(text, path=name, record=record_label, record_number=number,
                    title=title if isinstance(title, str) else None,
                    url=url if isinstance(url, str) else None, meta=meta, size=len(text))


def read_json_array(stream: IO[str], name: str, fields: Fields, chunk_size: int = 1 << 16) -> Iterator[Item]:
    """Records of a JSON array, parsed one element at a time so the file is never held whole."""
    decoder = json.JSONDecoder()
    buf, pos, number, eof = "", 0, 0, False

    def fill() -> bool:
        nonlocal buf, pos, eof
        more = stream.read(chunk_size)
        buf, pos = buf[pos:] + more, 0
        eof = not more
        return bool(more)

    def skip_space() -> None:
        nonlocal pos
        while True:
            while pos < len(buf) and buf[pos] in " \t\r\n":
                pos += 1
            if pos < len(buf) or not fill():
                return

    skip_space()
    if buf[pos:pos + 1] != "[":
        yield Problem("E901", DocRef(name), 1, "a .json input must hold one JSON array of records")
        return
    pos += 1
    while True:
        skip_space()
        if buf[pos:pos + 1] == "]":
            return
        if number and buf[pos:pos + 1] == ",":
            pos += 1
            skip_space()
        while True:
            try:
                value, end = decoder.raw_decode(buf, pos)
                if end == len(buf) and not eof and fill():  # a number may continue in the next chunk
                    continue
                break
            except ValueError as exc:
                if not eof and fill():
                    continue
                yield Problem("E901", DocRef(name, str(number + 1), number + 1), 0,
                              f"record {number + 1}: malformed JSON, the rest of the file is not read: {exc}")
                return
        number += 1
        pos = end
        yield record_document(value, name, number, fields)
