"""What a rule is. A rule reports; it never prints, writes files or decides exit codes.

A document rule looks at one document at a time:

    class SkipLink(DocumentRule):
        code, name = "B101", "skip-link"
        message = "skip link left from the page"
        what, why = "...", "..."
        flagged, not_flagged = "Headline\\nSkip to content\\n...", "Headline\\nBody."

        def check(self, doc):
            for line in doc.lines:
                if line.text.strip() == "Skip to content":
                    yield self.report(doc.line_span(line), doc)

A corpus rule sees the whole run in three steps, so the same rule runs serially, on a
process pool, or on a distributed engine: `map` turns one document into a small value (a
hash, a signature), `merge` folds the values into a state, and `finalize` turns the state
into findings. `map` also gets the findings of the document rules on that document (to leave
out the lines boilerplate rules flagged, say); `map_batch` maps a batch of documents at once,
for rules that vectorise. Values are made of None, bool, int, float, str, bytes, lists, tuples
and dicts with str keys, so an index can keep them between runs (`--index`, see `pack`;
tuples come back as lists). `finalize` must not depend on the order of the merges: with an
index, the values of documents from earlier runs are merged after those of the run.
"""
from __future__ import annotations

import base64
import json
import re
from typing import Any, Callable, ClassVar, Dict, Iterable, Iterator, List, Optional, Sequence, Union

from .document import Document
from .finding import DocRef, Finding, Fix, Span

CODE_RE = re.compile(r"^[BHTEDS]\d{3}$")
Example = Union[str, Sequence[str]]  # a document's text, or several documents for a corpus rule


class Rule:
    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    message: ClassVar[str] = ""  # default message; "{match}" is replaced by the excerpt
    severity: ClassVar[str] = "warning"
    what: ClassVar[str] = ""  # what it flags
    why: ClassVar[str] = ""  # why it matters
    flagged: ClassVar[Example] = ""  # an example that is flagged
    not_flagged: ClassVar[Example] = ""  # an example that is not
    fixable: ClassVar[bool] = False
    options: ClassVar[Dict[str, Any]] = {}  # option name -> default; settable in config
    kind: ClassVar[str] = "document"
    origin: str = ""  # where the rule was loaded from, for messages

    def __init__(self, **options):
        unknown = set(options) - set(self.options)
        if unknown:
            raise ValueError(f"rule {self.code} ({self.name}) has no option {', '.join(sorted(unknown))}")
        for key, value in options.items():
            if not _same_type(value, self.options[key]):
                raise ValueError(f"rule {self.code} ({self.name}): option {key} must be of type "
                                 f"{type(self.options[key]).__name__} (like {self.options[key]!r}), not {value!r}")
        self.config = {**self.options, **options}

    def __repr__(self):
        return f"<{self.code} {self.name}>"

    def finding(self, ref: DocRef, span: Span, message: Optional[str] = None,
                fix: Optional[Fix] = None, **data) -> Finding:
        text = message if message is not None else self.message
        return Finding(self.code, self.name, text.replace("{match}", _short(span.excerpt)),
                       self.severity, ref.path, ref.record, ref.record_number,
                       span.line, span.column, span.end_line, span.end_column,
                       span.excerpt, fix, data or None)

    def report(self, span: Span, doc: Document, message: Optional[str] = None,
               fix: Optional[Fix] = None, **data) -> Finding:
        return self.finding(doc.ref, span, message, fix, **data)


class DocumentRule(Rule):
    kind = "document"

    def check(self, doc: Document) -> Iterable[Finding]:
        raise NotImplementedError


class CorpusRule(Rule):
    kind = "corpus"

    def map(self, doc: Document, findings: Sequence[Finding]) -> Any:
        """A small value for one document, or None to leave it out; `findings` are the
        document rules' findings on it."""
        raise NotImplementedError

    def map_batch(self, docs: Sequence[Document], findings: Sequence[Sequence[Finding]]) -> List[Any]:
        """The values of a batch of documents, in order; override to vectorise."""
        return [self.map(doc, found) for doc, found in zip(docs, findings)]

    def start(self) -> Any:
        return []

    def merge(self, state: Any, ref: DocRef, value: Any) -> Any:
        state.append((ref, value))
        return state

    def finalize(self, state: Any, reported: Optional[Callable[[str], bool]] = None) -> Iterator[Finding]:
        """The findings. `reported(path)`, when given, tells whether findings about documents
        of that path are wanted (with an index, those of earlier runs are only compared
        with): a rule may skip the others; the engine drops them anyway."""
        raise NotImplementedError

    def keys(self, value: Any) -> Optional[Iterable[int]]:
        """Lookup keys of a value for the index (whole numbers, 0 to 2**64-1: a body hash, LSH
        band keys), or None to be given every document of earlier runs. With keys, a run is
        given only the earlier documents that share a key with one of its documents, directly
        or through other such documents, so `finalize` must find about a document the same
        from the documents it is linked to by shared keys as from the whole corpus."""
        return None

    def pack(self, value: Any) -> bytes:
        """A value as bytes for the index: JSON (bytes as base64), never pickle, so reading an
        index runs no code. Override with a compact form when values are many."""
        return json.dumps(value, separators=(",", ":"), default=_bytes_to_json).encode()

    def unpack(self, data: bytes) -> Any:
        return json.loads(data, object_hook=_json_to_bytes)


def _bytes_to_json(value: Any) -> dict:
    if isinstance(value, (bytes, bytearray)):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    raise TypeError(f"a corpus rule value cannot hold {type(value).__name__}")


def _json_to_bytes(obj: dict) -> Any:
    return base64.b64decode(obj["$bytes"]) if len(obj) == 1 and "$bytes" in obj else obj


def _same_type(value: Any, default: Any) -> bool:
    """A configured option has its default's type (an int may stand for a float), so a
    quoted number in a config fails at start-up, not inside every document's check."""
    if default is None:
        return True
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float))
    if isinstance(default, (list, tuple)):
        return isinstance(value, (list, tuple))
    return isinstance(value, type(default))


def examples_of(example: Example) -> List[str]:
    return [example] if isinstance(example, str) else list(example)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
