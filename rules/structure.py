"""The shape of the article: its paragraphs and body."""
from __future__ import annotations

from newslint import DocumentRule
from newslint.finding import Span


class EmptyDocument(DocumentRule):
    code, name = "S101", "empty-document"
    message = "document has no article body"
    what = "A document that is empty, or has a headline and fewer than `min_words` words of body."
    why = "An empty scrape is a failed fetch or extraction; it should be re-fetched, not kept as an article."
    flagged = "Headline only\n"
    not_flagged = "Headline\n\nA body of a few real words follows the headline here."
    options = {"min_words": 5}

    def check(self, doc):
        words = len(doc.body.split())
        if words < self.config["min_words"]:
            what = "empty document" if not doc.text.strip() else f"document body has {words} word{'s' * (words != 1)}"
            yield self.report(Span(1, 1, 1, 1, ""), doc, what, words=words)
