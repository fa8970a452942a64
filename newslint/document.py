"""A document: one article's decoded text with its views, each computed once, lazily."""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import cached_property
from itertools import accumulate
from typing import List, NamedTuple, Optional

from .finding import DocRef, Span

WORD_RE = re.compile(r"\w+(?:['\u2019]\w+)*")
VISIBLE_RE = re.compile(r"\S")  # \s is what str.strip() strips
SHORT_TEXT = 10_000  # characters; see Document.position


class Line(NamedTuple):
    number: int  # 1-based
    start: int  # offset of the line's first character in the text
    text: str


class Paragraph(NamedTuple):
    """A run of non-blank lines; `start` and `end` are offsets in the text."""

    first_line: int
    last_line: int
    start: int
    end: int
    text: str


class Headline(NamedTuple):
    text: str
    line: int  # 0 when the headline is a record's title field
    start: int  # offset in the text, or 0 for a title field


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


class Document:
    """Text of one article plus where it came from.

    For a text file the headline is the first non-empty line. For a JSONL record the headline
    is its title field when it has one (reported on line 0), else the text's first non-empty line.
    """

    def __init__(self, text: str, *, path: str = "<text>", record: Optional[str] = None,
                 record_number: Optional[int] = None, title: Optional[str] = None,
                 url: Optional[str] = None, meta: Optional[dict] = None,
                 encoding: str = "utf-8", encoding_confidence: float = 1.0,
                 size: Optional[int] = None):
        self.text = normalise_newlines(text)
        self.path = path
        self.record = record
        self.record_number = record_number
        self.title = title
        self.url = url
        self.meta = meta or {}
        self.encoding = encoding  # the source's encoding as detected ("utf-8" when it was UTF-8)
        self.encoding_confidence = encoding_confidence
        self.size = len(self.text) if size is None else size

    def __getstate__(self):
        # Ship only the inputs between processes; views are rebuilt where they are needed.
        keep = ("text", "path", "record", "record_number", "title", "url", "meta",
                "encoding", "encoding_confidence", "size")
        return {k: self.__dict__[k] for k in keep}

    def __setstate__(self, state):
        self.__dict__.update(state)

    def __repr__(self):
        return f"Document({self.ref.label()!r}, {len(self.text)} chars)"

    @property
    def ref(self) -> DocRef:
        return DocRef(self.path, self.record, self.record_number)

    @property
    def language(self) -> Optional[str]:
        return self.meta.get("language") or self.meta.get("lang")

    # -- views -------------------------------------------------------------------------
    @cached_property
    def lines(self) -> List[Line]:
        out, pos = [], 0
        for number, text in enumerate(self.text.split("\n"), 1):
            out.append(Line(number, pos, text))
            pos += len(text) + 1
        return out

    @cached_property
    def _line_starts(self) -> List[int]:
        # from the lines' lengths alone: a finding's position need not build `lines`
        return list(accumulate((len(line) + 1 for line in self.text.split("\n")), initial=0))[:-1]

    @cached_property
    def headline(self) -> Optional[Headline]:
        if self.title is not None:
            return Headline(self.title.strip(), 0, 0) if self.title.strip() else None
        # The first non-blank line, found in the text: most documents never need `lines`.
        first = VISIBLE_RE.search(self.text)
        if first is None:
            return None
        start = self.text.rfind("\n", 0, first.start()) + 1
        end = self.text.find("\n", start)
        text = self.text[start:end if end >= 0 else len(self.text)]
        return Headline(text.strip(), self.text.count("\n", 0, start) + 1, start + _lead(text))

    @cached_property
    def body_lines(self) -> List[Line]:
        """Lines after the headline line (all lines when the headline is a title field)."""
        head = self.headline
        if head is None or head.line == 0:
            return self.lines
        return self.lines[head.line:]

    @cached_property
    def body_start(self) -> int:
        """Where the body_lines start: after the headline line's newline."""
        head = self.headline
        if head is None or head.line == 0:
            return 0
        end = self.text.find("\n", head.start)
        return end + 1 if end >= 0 else len(self.text)

    @cached_property
    def body(self) -> str:
        return self.text[self.body_start:]

    @cached_property
    def paragraphs(self) -> List[Paragraph]:
        """Runs of non-blank body lines."""
        out, run = [], []
        for line in self.body_lines + [Line(0, len(self.text), "")]:
            if line.text.strip():
                run.append(line)
            elif run:
                start, last = run[0].start, run[-1]
                end = last.start + len(last.text)
                out.append(Paragraph(run[0].number, last.number, start, end, self.text[start:end]))
                run = []
        return out

    @cached_property
    def words(self) -> List[str]:
        return WORD_RE.findall(self.text)

    @cached_property
    def vocabulary(self) -> frozenset:
        return frozenset(self.words)

    @cached_property
    def lowered(self) -> Optional[str]:
        """The text in lower case, or None when lower-casing would move offsets (a few
        letters such as 'İ' lower to two characters). Case-sensitive regexes over it are
        several times faster than re.IGNORECASE over the text."""
        low = self.text.lower()
        return low if len(low) == len(self.text) else None

    def memo(self, key: str, compute):
        """`compute(self)`, computed once per document. For a view that only one family's
        rules use: it stays in their module, and its rules share one computation.

        Only the latest document's values are kept: the engine runs every rule on a document
        before the next, and keeping them all (each document's words, its layout) would hold
        a corpus in memory and make the garbage collector walk it again and again."""
        global _memos
        doc, cache = _memos
        if doc is not self:
            cache = {}
            _memos = (self, cache)
        if key not in cache:
            cache[key] = compute(self)
        return cache[key]

    # -- positions ---------------------------------------------------------------------
    def position(self, offset: int) -> tuple:
        """(line, column), both 1-based, of a character offset in the text."""
        if len(self.text) <= SHORT_TEXT and "_line_starts" not in self.__dict__:
            # counting newlines in a short text is cheaper than indexing its lines
            return self.text.count("\n", 0, offset) + 1, offset - self.text.rfind("\n", 0, offset)
        index = bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def span(self, start: int, end: int) -> Span:
        """The span of text[start:end]."""
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(line, column, end_line, end_column, self.text[start:end])

    def title_span(self, start: int, end: int) -> Span:
        """A span inside the headline: on line 0 for a title field, else on its line."""
        head = self.headline
        if head.line == 0:
            return Span(0, start + 1, 0, end + 1, head.text[start:end])
        return self.span(head.start + start, head.start + end)

    def line_span(self, line: Line) -> Span:
        """The span of a line without its leading and trailing white space."""
        stripped = line.text.strip()
        lead = _lead(line.text)
        return self.span(line.start + lead, line.start + lead + len(stripped))


_memos: tuple = (None, {})  # (the document, its memo): see Document.memo


def _lead(text: str) -> int:
    return len(text) - len(text.lstrip())
