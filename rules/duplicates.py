"""Documents that repeat another document of the run."""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict

from newslint import CorpusRule
from newslint.finding import Span

_NON_WORD = re.compile(r"[\W_]+")


def normalised_body(text: str) -> str:
    """Case, white space, punctuation and quote styles do not make a document different."""
    return _NON_WORD.sub(" ", text.lower()).strip()


class ExactDuplicate(CorpusRule):
    code, name = "D201", "exact-duplicate"
    message = "same body as another document"
    what = ("A document whose body (the text after the headline) equals another document's after "
            "normalising case, white space, punctuation and quote styles.")
    why = ("The same story fetched twice or republished under another name weighs twice in a corpus and "
           "leaks between training and test splits. Each duplicate names the first document of its group.")
    flagged = ["Wire story\n\nThe central bank raised rates on Tuesday.",
               "Same story, new headline\n\nThe central bank raised rates on  Tuesday!"]
    not_flagged = ["Wire story\n\nThe central bank raised rates on Tuesday.",
                   "Other story\n\nThe central bank kept rates on Tuesday."]
    options = {"min_chars": 20}

    def map(self, doc):
        body = normalised_body(doc.body)
        if len(body) < self.config["min_chars"]:
            return None
        lines = doc.body_lines
        first = next((l for l in lines if l.text.strip()), None)
        span = doc.line_span(first) if first else Span(1, 1, 1, 1, "")
        return hashlib.blake2b(body.encode(), digest_size=16).digest(), span

    def start(self):
        return defaultdict(list)

    def merge(self, state, ref, value):
        digest, span = value
        state[digest].append((ref, span))
        return state

    def finalize(self, state):
        for group in state.values():
            if len(group) < 2:
                continue
            group.sort(key=lambda member: (member[0].path, member[0].record_number or 0))
            original = group[0][0]
            cluster = original.label()
            for ref, span in group[1:]:
                yield self.finding(ref, span._replace(excerpt=span.excerpt[:80]),
                                   f"same body as {original.label()} ({len(group)} copies)",
                                   duplicate_of=original._asdict(), cluster=cluster, similarity=1.0)
