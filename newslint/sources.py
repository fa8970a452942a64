"""Readers: turn paths (files, folders, JSON Lines, JSON arrays, standard input) into a
stream of Documents, and unreadable input into Problems, never stopping at a bad record.

Location of a record: `record_number` is the line of the JSONL file the record is on
(1-based; for a `.json` array, its 1-based index), `record` is its id field, else that
number as text; line and column count inside the record's text field. A problem with a
whole record (malformed JSON, no text field) is reported on its line 0, column 0.

Everything is streamed: a JSONL file is read a line at a time, a JSON array an element at a
time; only a plain text file (one article) is read whole.
"""
from __future__ import annotations

import codecs
import contextlib
import fnmatch
import gzip
import json
import os
import sys
import zlib
from typing import IO, Iterator, List, NamedTuple, Optional, Sequence, Union

from .decoding import BinaryInputError, UndecodableError, decode
from .document import Document
from .finding import DocRef

SKIP_DIRS = {".git", ".hg", ".svn", ".bzr", "_darcs", "CVS", "__pycache__", "node_modules"}
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
RECORD_SUFFIXES = JSONL_SUFFIXES + (".json",)  # files of records; anything else is one article
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
    column: int = 0  # 0: the whole line (or record)


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
            with _open_binary(path, unbuffered=lower.endswith(".gz")) as stream:
                if lower.endswith(".gz"):
                    stream = gzip.GzipFile(fileobj=stream)
                yield from read_jsonl(stream, name, fields)
        elif lower.endswith(".json"):
            with _open_binary(path) as binary:
                stream = _CountingUtf8Reader(binary)
                yield from read_json_array(stream, name, fields)
                if stream.broken:
                    yield Problem("E902", DocRef(name), 1, f"invalid UTF-8: {_broken(stream.broken)} replaced by U+FFFD")
        else:
            data = sys.stdin.buffer.read() if path == "-" else _read_bytes(path)
            yield from read_text(data, name)
    except OSError as exc:
        yield Problem("E901", DocRef(name), 1, f"cannot read: {exc.strerror or exc}")


def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as stream:
        return stream.read()


def _open_binary(path: str, unbuffered: bool = False):
    """A file, or standard input (never closed). gzip buffers by itself; unbuffered under it,
    the lines a pipe holds so far are read before it ends."""
    if path == "-":
        return contextlib.nullcontext(sys.stdin.buffer)
    return open(path, "rb", buffering=0 if unbuffered else -1)


class _CountingUtf8Reader:
    """Text of a binary UTF-8 stream, read in chunks; broken sequences become U+FFFD and are counted."""

    def __init__(self, binary: IO[bytes]):
        self.binary = binary
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.broken = 0

    def read(self, size: int) -> str:
        data = self.binary.read1(size)  # what is there: a pipe's first record is parsed before its last arrives
        text = self.decoder.decode(data, final=not data)
        if "\ufffd" in text:
            self.broken += text.count("\ufffd") - data.count("\ufffd".encode())
        return text


def read_text(data: bytes, name: str) -> Iterator[Item]:
    """A text file is one article; its first non-empty line is the headline candidate."""
    try:
        decoded = decode(data)
    except BinaryInputError as exc:
        yield Problem("E901", DocRef(name), 1, str(exc))
        return
    except UndecodableError as exc:
        yield Problem("E902", DocRef(name), 1, f"cannot decode: {exc}")
        return
    if decoded.invalid:
        line, column = decoded.first_invalid
        yield Problem("E902", DocRef(name), line, f"invalid UTF-8: {_broken(decoded.invalid)} replaced by "
                      f"U+FFFD, the first at line {line}, column {column}", column)
    yield Document(decoded.text, path=name, encoding=decoded.encoding,
                   encoding_confidence=decoded.confidence, size=len(data))


def _broken(count: int) -> str:
    return f"{count} broken byte sequence{'s' * (count != 1)}"


def read_jsonl(stream: IO[bytes], name: str, fields: Fields) -> Iterator[Item]:
    number = 0
    try:
        for number, raw in enumerate(stream, 1):
            if not raw.strip():
                continue
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[3:]
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield from _non_utf8_record(raw, name, number, fields)
                continue
            yield record_document(line, name, number, fields)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        yield Problem("E901", numbered(name, number + 1), 0,
                      f"compressed file is truncated or corrupt after line {number}: {exc}")


def _non_utf8_record(raw: bytes, name: str, number: int, fields: Fields) -> Iterator[Item]:
    """A JSONL line that is not UTF-8. Its JSON is parsed with the raw bytes kept aside (as
    surrogates), then the text field is decoded the way a text file is, so that encoding
    detection sees the article, not the JSON around it; other fields follow its encoding."""
    record = raw.decode("utf-8", "surrogateescape")
    try:
        parsed = json.loads(record)
    except ValueError:
        parsed = None
    text = parsed.get(fields.text) if isinstance(parsed, dict) else None
    if not isinstance(text, str):
        yield record_document(raw.decode("utf-8", "replace"), name, number, fields)  # says what is wrong
        return
    try:
        decoded = decode(text.encode("utf-8", "surrogateescape"))
    except UndecodableError as exc:
        yield Problem("E902", numbered(name, number), 0, f"line {number}: cannot decode: {exc}")
        return
    parsed = {key: _redecode(value, decoded.encoding) for key, value in parsed.items()}
    parsed[fields.text] = decoded.text
    item = record_value(parsed, name, number, fields)
    if isinstance(item, Document):
        item.encoding, item.encoding_confidence = decoded.encoding, decoded.confidence
        if decoded.invalid:
            yield Problem("E902", item.ref, 0, f"record {number}: invalid UTF-8 in its text: "
                                               f"{_broken(decoded.invalid)} replaced by U+FFFD")
    yield item


def _redecode(value, encoding: str):
    """A string field holding raw bytes (as surrogates), decoded in the record's encoding."""
    if not isinstance(value, str):
        return value
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogateescape").decode(encoding, "replace")


def numbered(name: str, number: int) -> DocRef:
    """A record known by its number: `#N`, which no ordinary id looks like, so `path[#7]` and an
    id `path[7]` never read the same."""
    return DocRef(name, f"#{number}", number)


def record_document(raw: Union[bytes, str, dict], name: str, number: int, fields: Fields) -> Item:
    """One JSON record (raw JSON text, or an already parsed object) as a Document."""
    if isinstance(raw, dict):
        return record_value(raw, name, number, fields)
    try:
        record = json.loads(raw)
    except ValueError as exc:
        return Problem("E901", numbered(name, number), 0, f"line {number}: malformed JSON record: {exc}")
    return record_value(record, name, number, fields)


def record_value(record, name: str, number: int, fields: Fields) -> Item:
    """One parsed JSON value as a Document, or the Problem of a value that is not a record."""
    ref = numbered(name, number)
    if not isinstance(record, dict):
        return Problem("E901", ref, 0, f"record {number} is a JSON {type(record).__name__}, not an object")
    rid = record.get(fields.id)
    record_label = str(rid) if rid not in (None, "") else f"#{number}"
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
                yield Problem("E901", numbered(name, number + 1), 0,
                              f"record {number + 1}: malformed JSON, the rest of the file is not read: {exc}")
                return
        number += 1
        pos = end
        yield record_value(value, name, number, fields)
