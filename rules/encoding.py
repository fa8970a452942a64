"""Encoding problems of the source file itself."""
from __future__ import annotations

from newslint import DocumentRule
from newslint.finding import Span


class LegacyEncoding(DocumentRule):
    code, name = "E101", "non-utf8-source"
    message = "file is not UTF-8"
    what = ("A file that is not UTF-8; newslint decoded it with the encoding chardet detected and "
            "names that encoding and chardet's confidence.")
    why = ("Corpora are read as UTF-8 downstream; a legacy-encoded file (cp1251, latin-1, shift_jis ...) "
           "turns into mojibake there, and a low-confidence guess may already be wrong.")
    flagged = "(a file saved as cp1251, latin-1 or shift_jis)"
    not_flagged = "A file saved as UTF-8."
    example_encoding = "cp1251"  # the examples test saves `flagged_bytes` in this encoding
    flagged_bytes = "Новости Киева\n\nВ Киеве открылась выставка современного искусства.".encode("cp1251")

    def check(self, doc):
        if doc.encoding not in ("utf-8", "ascii"):
            yield self.report(Span(1, 1, 1, 1, ""), doc,
                              f"file is not UTF-8: decoded as {doc.encoding} "
                              f"(chardet confidence {doc.encoding_confidence:.2f})",
                              encoding=doc.encoding, confidence=round(doc.encoding_confidence, 3))
