"""Fingerprints of documents, for the corpus rules that compare documents with each other.

For each document: the hash of its normalised body, its 5-word shingles (hashed), a MinHash
signature cut into LSH bands, and the hash of each line and of each body paragraph. Normalised
means lower case, words only: punctuation, quote styles and white space do not count. Lines
that boilerplate rules (family B) flagged are left out, and so is the headline, a record's
text line repeating its title field, and a dateline ("NEW YORK, March 2 -") opening the body.

Everything is computed for a batch of documents at once with numpy: one pass of array
operations over the batch's bytes costs far less than a few small array operations per
document. Hashes are polynomial hashes mod 2**64 of the words' bytes, and of the sequence of
word hashes for a run of words, then mixed (splitmix64); the same text gives the same hashes
in every process and every run, so signatures can be kept in an index.

The MinHash is one-permutation hashing (one hash per shingle, the minimum in each of 64
bins, empty bins filled from the next non-empty one), which costs a sort instead of 128 hash
functions; LSH candidates are only candidates, every reported pair is confirmed by its exact
shingle Jaccard.
"""
from __future__ import annotations

import re
import struct
from functools import lru_cache
from typing import List, NamedTuple, Optional, Sequence, Tuple

import numpy as np

from newslint.document import Document
from newslint.finding import Finding

SHINGLE = 5  # words per shingle
BIN_BITS = 6
BINS = 1 << BIN_BITS  # MinHash bins (one-permutation hashing)
BANDS, ROWS = 16, 4  # LSH: a pair is a candidate when all 4 bins of one of 16 bands agree
BOILERPLATE_FAMILY = "B"  # lines flagged by rules of this family are not article text
MAX_BATCH = 255  # documents hashed together (a document's number in the batch takes 8 bits)
EXCERPT = 60

U64 = np.uint64
LINE_DTYPE = np.dtype([("line", "<u4"), ("chars", "<u4"), ("hash", "<u8")])
PARAGRAPH_DTYPE = np.dtype([("hash", "<u8"), ("first", "<u4"), ("last", "<u4"),
                            ("end_column", "<u4"), ("words", "<u4")])

_DATE_KEYS = ("date", "published", "published_at", "publish_date", "pubdate", "datePublished", "time")
_SOURCE_KEYS = {"source", "publisher", "site", "site_name", "domain"}
_NOT_WORD = re.compile(r"[^\w\s]|_|[^\S\n\t ]")  # punctuation, and white space other than the usual
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s*")
# A wire dateline, then a dash: a place in capitals with a date, state or agency ("NEW YORK,
# March 2 -", "WOODBRIDGE, N.J. -", "KYIV (Reuters) -") or of one or two words ("PARIS -"),
# or any place followed by a date ("New York, Oct 20 -").
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?"
_DATELINE = re.compile(
    r"(?:[A-Z\u00c0-\u00de][A-Z\u00c0-\u00de.'\u2019 -]*[A-Z\u00c0-\u00de.](?:,[^\n]{1,40}?|(?=\s*\())"
    r"|[A-Z\u00c0-\u00de][A-Z\u00c0-\u00de.'\u2019-]+(?: [A-Z\u00c0-\u00de][A-Z\u00c0-\u00de.'\u2019-]+)?"
    r"|[A-Z\u00c0-\u00de][^\n,]{1,30}(?:,[^\n,]{1,30}){0,2}, %s \d{1,2})"
    r"(?:\s*\([^()\n]{1,30}\))?[^\S\n]+[-\u2013\u2014]{1,2}[^\S\n]+" % _MONTH)


class Fingerprint(NamedTuple):
    """What the comparing rules keep of one document; arrays are little-endian bytes."""

    text_hash: int  # all words of the text
    body_hash: int  # the words of the body
    words: int  # in the body
    first_line: Tuple[int, int, int, str]  # (line, column, end column, excerpt) of the body's first line
    shingles: bytes  # sorted, distinct 32-bit hashes of the body's 5-word shingles (uint32)
    bands: bytes  # BANDS uint64 LSH keys; empty below SHINGLE words
    lines: bytes  # LINE_DTYPE rows: each line with words that does not continue a wrapped sentence
    excerpts: str  # the text of those lines of up to EXCERPT characters, one a line, in order
    paragraphs: bytes  # PARAGRAPH_DTYPE rows: the body's paragraphs
    date: Optional[str]  # the record's publication date as written
    names: Tuple[str, ...]  # the document's own publisher names (URL host, source field)
    credits: Tuple[str, ...]  # publishers that republication notices in it name as the original


def fingerprints(docs: Sequence[Document], findings: Sequence[Sequence[Finding]]) -> List[Fingerprint]:
    """Fingerprints of a batch; computed once per document and shared by the rules that use them."""
    missing = [i for i, doc in enumerate(docs) if "_fingerprint" not in doc.__dict__]
    for start in range(0, len(missing), MAX_BATCH):
        chunk = missing[start:start + MAX_BATCH]
        for i, fp in zip(chunk, _compute([docs[i] for i in chunk], [findings[i] for i in chunk])):
            docs[i].__dict__["_fingerprint"] = fp
    return [doc.__dict__["_fingerprint"] for doc in docs]


def pack(numbers: Sequence[int], blobs: Sequence[bytes]) -> bytes:
    """Whole numbers (0 to 2**64-1) and byte strings as one bytes value: how the comparing rules
    keep their values in an index, compact and quick to read back."""
    return struct.pack(f"<BB{len(numbers)}Q{len(blobs)}I", len(numbers), len(blobs), *numbers,
                       *map(len, blobs)) + b"".join(blobs)


def unpack(data: bytes) -> Tuple[Tuple[int, ...], List[bytes]]:
    count, blob_count = data[0], data[1]
    head = _header(count, blob_count).unpack_from(data, 2)
    at, blobs = 2 + 8 * count + 4 * blob_count, []
    for size in head[count:]:
        blobs.append(data[at:at + size])
        at += size
    return head[:count], blobs


@lru_cache(maxsize=None)
def _header(count: int, blob_count: int) -> struct.Struct:
    return struct.Struct(f"<{count}Q{blob_count}I")


def pack_names(names: Sequence[str]) -> bytes:
    return "\n".join(names).encode()


def unpack_names(data: bytes) -> Tuple[str, ...]:
    return tuple(data.decode().split("\n")) if data else ()


# -- hashing ---------------------------------------------------------------------------------
_BASE = 0x9E3779B97F4A7C15  # odd, so it has an inverse mod 2**64
_BASE_INVERSE = pow(_BASE, -1, 1 << 64)
_POW = np.ones(1, U64)
_INVERSE_POW = np.ones(1, U64)
_IS_WORD = np.zeros(256, bool)  # bytes of words: digits, lower-case letters, all of UTF-8's multi-byte
_IS_WORD[[*range(48, 58), *range(97, 123), *range(128, 256)]] = True
_LOWER_START = np.zeros(256, bool)
_LOWER_START[97:123] = True
_CONTINUATION_BYTE = np.zeros(256, bool)
_CONTINUATION_BYTE[0x80:0xC0] = True
_ROW_FACTORS = (np.arange(1, ROWS + 1, dtype=U64) * U64(0xD6E8FEB86659FD93)) | U64(1)
_BAND_SALT = np.arange(BANDS, dtype=U64) * U64(0xA0761D6478BD642F)
_FILL_STEP = U64(0xE7037ED1A0B428DB)
_MASK_VALUE = U64((1 << (56 - BIN_BITS)) - 1)


def _powers(n: int) -> Tuple[np.ndarray, np.ndarray]:
    """BASE**i and BASE**-i mod 2**64 for i < n, grown on demand."""
    global _POW, _INVERSE_POW
    if len(_POW) < n:
        size = max(n, 2 * len(_POW), 1 << 16)
        with np.errstate(over="ignore"):
            _POW = np.cumprod(np.concatenate(([U64(1)], np.full(size - 1, _BASE, U64))), dtype=U64)
            _INVERSE_POW = np.cumprod(np.concatenate(([U64(1)], np.full(size - 1, _BASE_INVERSE, U64))),
                                      dtype=U64)
    return _POW, _INVERSE_POW


def mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads every input bit over the whole word."""
    x = x ^ (x >> U64(30))
    x = x * U64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> U64(27))
    x = x * U64(0x94D049BB133111EB)
    return x ^ (x >> U64(31))


_BYTE_MASKS = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [(1 << 64) - 1], U64)
_CHUNK_FACTORS = [U64(0x9FB21C651E98DF25), U64(0xC2B2AE3D27D4EB4F), U64(0x165667B19E3779F9)]


class _Words:
    """Hashes of the words of a buffer (bytes of the normalised texts, then 16 zero bytes), and
    of runs of consecutive words."""

    def __init__(self, data: np.ndarray):
        is_word = _IS_WORD[data]
        # words and gaps alternate, and the buffer ends with a gap: the changes are a word's
        # start, its end, the next start...
        edges = np.flatnonzero(is_word[1:] != is_word[:-1]) + 1
        if len(data) and is_word[0]:
            edges = np.concatenate(([0], edges))
        self.starts, ends = edges[0::2], edges[1::2]
        length = ends - self.starts
        # A word is read as up to three 8-byte numbers: its first 8 bytes, the next 8, and its
        # last 8 (past 16 bytes); with its length that is the word itself up to 24 bytes.
        chunks = np.ndarray((len(data) - 7,), "<u8", data, strides=(1,))
        word = length.astype(U64) * _CHUNK_FACTORS[2]
        word += chunks[self.starts] & _BYTE_MASKS[np.minimum(length, 8)]
        word += (chunks[self.starts + 8] & _BYTE_MASKS[np.clip(length - 8, 0, 8)]) * _CHUNK_FACTORS[0]
        long_ = np.flatnonzero(length > 16)
        word[long_] += chunks[ends[long_] - 8] * _CHUNK_FACTORS[1]
        n = len(self.starts)
        self.pow, inverse = _powers(n + 1)
        self.prefix = np.zeros(n + 1, U64)
        word ^= word >> U64(32)  # enough mixing: runs are sums of products of these
        word *= U64(0xBF58476D1CE4E5B9)
        word ^= word >> U64(29)
        np.cumsum(word * inverse[:n], out=self.prefix[1:])

    def runs(self, first: np.ndarray, end: np.ndarray) -> np.ndarray:
        """Hash of the words first[i]..end[i]-1, the same wherever the run is: a polynomial in
        the (random) word hashes, so its top bits are as good as random."""
        return (self.prefix[end] - self.prefix[first]) * self.pow[first] + (end - first).astype(U64)

    def shingles(self, first: np.ndarray) -> np.ndarray:
        """runs(first, first + SHINGLE), for the many shingles."""
        return (self.prefix[first + SHINGLE] - self.prefix[first]) * self.pow[first] + U64(SHINGLE)


# -- one batch --------------------------------------------------------------------------------
class _Prepared(NamedTuple):
    text: str  # the document's text, boilerplate lines blanked, dateline blanked
    body_line: int  # first line of the body
    first_line: Tuple[int, int, int, str]
    date: Optional[str]
    names: Tuple[str, ...]
    credits: Tuple[str, ...]


def _compute(docs: Sequence[Document], findings: Sequence[Sequence[Finding]]) -> List[Fingerprint]:
    prepared = [_prepare(doc, found) for doc, found in zip(docs, findings)]
    low, orig, ascii_ = [], [], True
    for p in prepared:
        text = p.text
        if text.isascii():
            orig.append(text.encode("ascii"))
            low.append(text.lower().encode("ascii"))
        else:
            ascii_ = False
            text = _NOT_WORD.sub(" ", text)  # one character for one: columns stay right
            original, lowered = text.encode(), text.lower().encode()
            orig.append(original if len(original) == len(lowered) else lowered)
            low.append(lowered)
    joined = b"\n".join(orig) + b"\n"
    data = np.frombuffer(b"\n".join(low) + b"\n" + bytes(16), np.uint8)
    original = np.frombuffer(joined, np.uint8)
    ndocs = len(docs)
    doc_start = np.zeros(ndocs + 1, np.int64)  # byte offsets; the last is the end
    np.cumsum(np.fromiter(map(len, low), np.int64, ndocs) + 1, out=doc_start[1:])
    words = _Words(data)
    nwords = len(words.starts)
    with np.errstate(over="ignore"):
        # lines: every "\n" ends one
        line_end = np.flatnonzero(data == 10)
        line_start = np.concatenate(([0], line_end[:-1] + 1))
        first_line_of_doc = np.searchsorted(line_start, doc_start)  # global line index
        line_doc = np.repeat(np.arange(ndocs), np.diff(first_line_of_doc))
        line_number = np.arange(len(line_start)) - first_line_of_doc[line_doc] + 1
        line_word = np.searchsorted(words.starts, line_start)
        line_word_end = np.searchsorted(words.starts, line_end)
        has_words = line_word_end > line_word
        line_chars = line_end - line_start
        if not ascii_:  # count characters, not bytes: leave out UTF-8 continuation bytes
            extra = np.concatenate(([0], np.cumsum(_CONTINUATION_BYTE[original])))
            line_chars -= extra[line_end] - extra[line_start]
        continues = has_words & _LOWER_START[original[words.starts[np.minimum(line_word, max(nwords - 1, 0))]]] \
            if nwords else has_words
        kept = np.flatnonzero(has_words & ~continues)

        # words of each document and of its body
        doc_word = np.searchsorted(words.starts, doc_start)
        body_line = np.fromiter((p.body_line for p in prepared), np.int64, ndocs)
        body_global = np.minimum(first_line_of_doc[:-1] + body_line - 1, first_line_of_doc[1:])
        body_word = np.append(line_word, nwords)[body_global]
        text_hash = words.runs(doc_word[:-1], doc_word[1:])
        body_hash = words.runs(body_word, doc_word[1:])
        body_words = doc_word[1:] - body_word

        # shingles of the body, deduplicated per document, with the document in the top 8 bits
        first = np.arange(max(nwords - SHINGLE + 1, 0))
        word_doc = np.repeat(np.arange(ndocs), np.diff(doc_word))[:len(first)]
        ok = (first + SHINGLE <= doc_word[1:][word_doc]) & (first >= body_word[word_doc])
        first, word_doc = first[ok], word_doc[ok]
        keyed = _distinct((word_doc.astype(U64) << U64(56)) | (words.shingles(first) >> U64(8)))
        keyed_doc = (keyed >> U64(56)).astype(np.int64)
        bands = _bands(keyed, keyed_doc, ndocs)
        # for the exact Jaccard: 32 bits a shingle (a false match 1 in 4 billion), halving the memory
        short_keyed = _distinct_sorted(keyed >> U64(24))
        bounds = np.searchsorted((short_keyed >> U64(32)).astype(np.int64), np.arange(ndocs + 1)).tolist()

        # paragraphs of the body: runs of lines with words, a new one at each indented line
        body_text = has_words & (line_number >= body_line[line_doc])
        previous = np.concatenate(([False], body_text[:-1] & (line_doc[1:] == line_doc[:-1])))
        indented = (data[line_start] == 32) | (data[line_start] == 9)
        para_start = body_text & (~previous | indented)
        continued = np.concatenate((body_text[1:] & previous[1:] & ~para_start[1:], [False]))  # the next line goes on
        starts_at, last_at = np.flatnonzero(para_start), np.flatnonzero(body_text & ~continued)
        paragraphs = np.zeros(len(starts_at), PARAGRAPH_DTYPE)
        paragraphs["hash"] = words.runs(line_word[starts_at], line_word_end[last_at])
        paragraphs["first"] = line_number[starts_at]
        paragraphs["last"] = line_number[last_at]
        paragraphs["end_column"] = line_chars[last_at] + 1
        paragraphs["words"] = line_word_end[last_at] - line_word[starts_at]
        para_bounds = np.searchsorted(line_doc[starts_at], np.arange(ndocs + 1)).tolist()

        lines = np.zeros(len(kept), LINE_DTYPE)
        lines["line"], lines["chars"], lines["hash"] = line_number[kept], line_chars[kept], \
            words.runs(line_word[kept], line_word_end[kept])
        line_bounds = np.searchsorted(line_doc[kept], np.arange(ndocs + 1)).tolist()
        # the bytes of the short lines (with their "\n"), cut per document
        short = kept[line_chars[kept] <= EXCERPT]
        size = line_end[short] + 1 - line_start[short]
        offset = np.cumsum(size) - size
        short_text = original[np.arange(int(size.sum())) + np.repeat(line_start[short] - offset, size)].tobytes()
        short_bounds = np.concatenate(([0], np.cumsum(np.bincount(line_doc[short], size, ndocs)))).astype(np.int64).tolist()

    shingle_bytes = (short_keyed & U64(0xFFFFFFFF)).astype("<u4").tobytes()
    line_bytes, paragraph_bytes, band_bytes = lines.tobytes(), paragraphs.tobytes(), bands.tobytes()
    text_hash, body_hash, body_words = text_hash.tolist(), body_hash.tolist(), body_words.tolist()
    out = []
    row = 8 * BANDS
    for i, p in enumerate(prepared):
        lo, hi = short_bounds[i], short_bounds[i + 1]
        excerpts = ""
        if lo < hi:
            if p.text.isascii():  # the bytes are the text's characters
                excerpts = short_text[lo:hi - 1].decode()
            else:  # the bytes are normalised: take the lines from the text
                parts, numbers = docs[i].text.split("\n"), np.frombuffer(line_bytes, LINE_DTYPE, offset=0)
                doc_lines = numbers[line_bounds[i]:line_bounds[i + 1]]
                excerpts = "\n".join(parts[n - 1] for n in doc_lines["line"][doc_lines["chars"] <= EXCERPT].tolist())
        out.append(Fingerprint(
            text_hash[i], body_hash[i], body_words[i], p.first_line,
            shingle_bytes[4 * bounds[i]:4 * bounds[i + 1]],
            band_bytes[row * i:row * (i + 1)] if bounds[i + 1] > bounds[i] else b"",
            line_bytes[16 * line_bounds[i]:16 * line_bounds[i + 1]], excerpts,
            paragraph_bytes[24 * para_bounds[i]:24 * para_bounds[i + 1]],
            p.date, p.names, p.credits))
    return out


def _distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (np.unique without its overhead)."""
    return _distinct_sorted(np.sort(values))


def _distinct_sorted(values: np.ndarray) -> np.ndarray:
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


def _bands(keyed: np.ndarray, keyed_doc: np.ndarray, ndocs: int) -> np.ndarray:
    """LSH band keys (ndocs x BANDS) of one-permutation MinHash signatures."""
    empty = U64(1 << 63)
    signature = np.full((ndocs, BINS), empty, U64)
    cell = keyed >> U64(56 - BIN_BITS)  # document and bin; within a cell the first value is the smallest
    first = np.flatnonzero(np.concatenate(([True], cell[1:] != cell[:-1]))[:len(cell)])
    bins = (cell[first] & U64(BINS - 1)).astype(np.int64)
    signature[keyed_doc[first], bins] = keyed[first] & _MASK_VALUE
    # an empty bin takes the value of the next non-empty bin (circularly), shifted by the distance
    filled = signature != empty
    position = np.where(filled, np.arange(BINS), 2 * BINS)
    doubled = np.concatenate((position, position + BINS), axis=1)
    nearest = np.minimum.accumulate(doubled[:, ::-1], axis=1)[:, ::-1][:, :BINS]
    nearest = np.where(nearest >= 2 * BINS, np.arange(BINS), nearest)  # documents without shingles
    distance = (nearest - np.arange(BINS)).astype(U64)
    signature = np.take_along_axis(signature, nearest % BINS, axis=1) + distance * _FILL_STEP
    rows = signature[:, :BANDS * ROWS].reshape(ndocs, BANDS, ROWS)
    return mix((rows * _ROW_FACTORS).sum(axis=2, dtype=U64) + _BAND_SALT)


# -- one document, in Python ---------------------------------------------------------------------
def _prepare(doc: Document, findings: Sequence[Finding]) -> _Prepared:
    text = doc.text
    flagged = findings and {line for f in findings if f.code.startswith(BOILERPLATE_FAMILY)
               for line in range(max(f.line, 1), f.end_line + 1)}
    if flagged:
        parts = text.split("\n")
        for line in flagged:
            if line <= len(parts):
                parts[line - 1] = ""
        text = "\n".join(parts)
    # The body starts after a first line repeating the title field, or after the first line of a
    # file (its headline); a record without a title field is all body.
    body_line, offset = 1, 0
    start, end, number = _first_text_line(text, 0)
    if start < len(text) and (_same_words(text[start:end], doc.title) if doc.title is not None
                              else doc.record_number is None):
        body_line, offset = number + 1, end
    start, end, number = _first_text_line(text, offset)
    first_line = (number, 1, 1, "")
    if start < len(text):
        line = text[start:end].rstrip()
        column = start - text.rfind("\n", 0, start)
        first_line = (number, column, column + len(line), line[:EXCERPT])
        dateline = _DATELINE.match(text, start, min(end, start + 100))
        if dateline:
            text = text[:start] + " " * (dateline.end() - start) + text[dateline.end():]
    return _Prepared(text, body_line, first_line, _date(doc), _names(doc), _credits(findings))


def _first_text_line(text: str, offset: int) -> Tuple[int, int, int]:
    """(start, end, line number) of the first line with text at or after offset."""
    start = _SPACE.match(text, offset).end()
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    return start, end, text.count("\n", 0, start) + 1


def _same_words(a: str, b: str) -> bool:
    a, b = a.strip().lower(), b.strip().lower()
    if a == b:
        return True
    return len(a) < 2 * len(b) + 20 and _WORD.findall(a) == _WORD.findall(b)  # a long line is no repeat


def _date(doc: Document) -> Optional[str]:
    for key in _DATE_KEYS:
        value = doc.meta.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:64]
    return None


@lru_cache(maxsize=4096)
def publisher_key(name: str) -> str:
    """A publisher's name or host as letters and digits: "The Guardian", "www.theguardian.com"
    and "theguardian.com" all give "theguardian"."""
    name = name.lower().strip()
    if "/" in name:
        name = host_of(name) or name
    if "." in name and " " not in name:  # a host: drop www. and the top-level domain
        parts = [p for p in name.split(".") if p not in ("www", "m", "amp")]
        name = ".".join(parts[:-1] if len(parts) > 1 else parts)
    return re.sub(r"[^0-9a-z\u00c0-\uffff]", "", name)


def _names(doc: Document) -> Tuple[str, ...]:
    if not doc.url and not doc.meta.keys() & _SOURCE_KEYS:
        return ()
    names = [host_of(doc.url)] if doc.url else []
    names += [v for k in sorted(_SOURCE_KEYS) for v in [doc.meta.get(k)] if isinstance(v, str)]
    return tuple(sorted({k for k in map(publisher_key, names) if len(k) >= 3}))


def _credits(findings: Sequence[Finding]) -> Tuple[str, ...]:
    if not findings:
        return ()
    named = [f.data["publisher"] for f in findings if f.data and isinstance(f.data.get("publisher"), str)]
    return tuple(sorted({k for k in map(publisher_key, named) if len(k) >= 3}))


def host_of(url: str) -> Optional[str]:
    """The host of a URL, lower case (urlsplit, without its cost for every document)."""
    rest = url.split("//", 1)[1] if "//" in url else url
    host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].rsplit("@", 1)[-1]
    host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return host.lower() or None


def source_of(doc: Document) -> str:
    """Where a document comes from: its URL's host, else its JSONL file, else its folder."""
    host = host_of(doc.url) if doc.url else None
    if host:
        return host[4:] if host.startswith("www.") else host
    if doc.record_number is not None:
        return doc.path
    folder = doc.path.rsplit("/", 1)[0] if "/" in doc.path else "."
    return folder
