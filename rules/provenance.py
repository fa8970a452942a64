"""Provenance inside one document: credits that name the wire service a story came from, and
paragraphs that the document holds twice. Notices that a story was first published elsewhere
are the pattern pack provenance_notices.toml (D101); copies across documents are D2xx."""
from __future__ import annotations

import re
import sys
from functools import lru_cache
from importlib import resources
from typing import Dict, Tuple

from newslint import DocumentRule

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DASHES = "-\u2013\u2014"
DATELINE = 60  # a dateline credit stands this near its line's start: "KYIV, July 3 (Reuters) -"
CONTROL_MARK = re.compile(r"(?:\^M)+$")  # a carriage return written out as "^M" by old wire systems


@lru_cache(maxsize=1)
def wire_agencies() -> Tuple[Dict[str, str], re.Pattern, Dict[bool, re.Pattern], re.Pattern]:
    """(credit in lower case -> agency, and regexes for a dateline credit, a credit closing a
    paragraph after a dash (by whether the text is ASCII), and a copyright credit). Credits
    match as written or in capitals."""
    path = resources.files(__package__).joinpath("data", "wire-agencies.toml")
    table = tomllib.loads(path.read_text(encoding="utf-8"))["agencies"]
    agency = {credit.lower(): name for name, credits in table.items() for credit in credits}
    forms = {form for credits in table.values() for credit in credits for form in (credit, credit.upper())}
    names = "|".join(re.escape(c) for c in sorted(forms, key=len, reverse=True))
    # A look-ahead on the names' first letters rejects most "(" and "-" (hyphens, ranges) with
    # one character test instead of trying every name.
    names = "(?=[%s])(%s)" % ("".join(sorted({re.escape(form[0]) for form in forms})), names)
    # "KYIV (Reuters) -", or CNN's "(CNN)The ..."
    dateline = re.compile(r"\(%s\)(?:[ \t]*[%s:]|(?=[A-Z][a-z]))" % (names, DASHES))
    # "... the minister said. — AFP" at the end of a paragraph (not a headline's "- JIJI"). In
    # ASCII text the dash can only be "-": a regex that starts with that literal is found
    # several times faster than one that starts with a character class.
    closing_tail = r"[ \t]*%s[ \t]*\.?[ \t]*(?=\n[ \t]*\n|\s*\Z)" % names
    closing = {False: re.compile(r"[%s]%s" % (DASHES, closing_tail)), True: re.compile("-" + closing_tail)}
    # "Copyright 2023 The Associated Press", "\u00a9 2019 Reuters"; a bare "\u00a9 AFP" is a photo's credit
    copyright_ = re.compile(r"(?:(?:\u00a9|\([cC]\))[ \t]*\d{4}|[Cc]opyright|COPYRIGHT)[ \t]*(?:[\u00a9\d \t]*)?"
                            r"(?:[Tt]he[ \t]+)?%s\b" % names)
    return agency, dateline, closing, copyright_


class WireCredit(DocumentRule):
    code, name = "D102", "wire-credit"
    message = "wire story"
    severity = "info"
    what = ("A credit naming the news agency a story came from: in a dateline ('KYIV (Reuters) -', "
            "'WASHINGTON (AP) \u2014'), a sign-off (a last line 'Reuter', a paragraph ending '\u2014 AFP'), "
            "or a copyright line with a year or the word ('Copyright 2023 The Associated Press'; a bare "
            "'\u00a9 AFP' is a photo's credit). A dateline credit must stand within 60 characters of "
            "its line's start. The agency is in the message "
            "and in the `publisher` data field; the kind of credit in `credit`. Agencies and their "
            "spellings are in rules/data/wire-agencies.toml.")
    why = ("Wire copy is published by hundreds of outlets under their own names: a corpus holds many "
           "copies of it, and the site a page was scraped from is not its source. The credit tells "
           "a deduplication or attribution step where the text came from.")
    flagged = "Ukraine says grain exports resume\n\nKYIV, July 3 (Reuters) - Ukraine resumed grain exports on Monday."
    not_flagged = ("Ukraine says grain exports resume\n\nUkraine resumed grain exports on Monday, Reuters "
                   "reported, citing an AP photographer (AP Photo/Efrem Lukatsky).")

    def check(self, doc):
        agency, dateline, closing, copyright_ = wire_agencies()
        text = doc.text
        found = [(m.start(), m.end(), m.group(1), "dateline") for m in dateline.finditer(text)
                 if m.start() - text.rfind("\n", 0, m.start()) <= DATELINE]
        found += [(m.start(1), m.end(1), m.group(1), "sign-off") for m in closing[text.isascii()].finditer(text)]
        last_line = text.rstrip()
        last_start = last_line.rfind("\n") + 1
        credit = CONTROL_MARK.sub("", last_line[last_start:]).strip(" \t()." + DASHES)
        if credit.lower() in agency:  # a last line that is only a credit: "Reuter", "(AP)"
            begin = text.index(credit, last_start)
            if all(begin != other[0] for other in found):
                found.append((begin, begin + len(credit), credit, "sign-off"))
        lowered = doc.lowered or text.lower()
        if "\u00a9" in lowered or "copyright" in lowered or "(c)" in lowered:
            found += [(m.start(), m.end(), m.group(1), "copyright") for m in copyright_.finditer(text)]
        for begin, end, credit, kind in sorted(found):
            name = agency[credit.lower()]
            yield self.report(doc.span(begin, end), doc,
                              f"wire story: {kind} credits {name} ('{text[begin:end].strip()}')",
                              publisher=name, credit=kind)


class RepeatedParagraph(DocumentRule):
    code, name = "D103", "repeated-paragraph"
    message = "paragraph repeated in the document"
    severity = "warning"
    what = ("A block of text the document already held: lines of at least `min_chars` characters (a "
            "paragraph, or the lines of a hard-wrapped one) that repeat earlier lines, ignoring surrounding "
            "white space: two such lines or more, or one that is a paragraph of its own (one coinciding "
            "line of a hard-wrapped table note is no repeated paragraph). Reported once, at the block's "
            "first line, naming the line it repeats.")
    why = ("Scrapers and CMS templates duplicate blocks (a lead repeated under the photo, a paragraph "
           "printed twice when two page versions are merged); the copy inflates the text and biases "
           "anything trained or counted on it.")
    flagged = ("Council approves budget\n\nThe city council approved the budget for next year on Tuesday "
               "after a long debate.\n\nThe mayor welcomed the vote.\n\nThe city council approved the "
               "budget for next year on Tuesday after a long debate.")
    not_flagged = ("Council approves budget\n\nThe city council approved the budget for next year on "
                   "Tuesday after a long debate.\n\nThe mayor welcomed the vote.\n\nThe mayor welcomed "
                   "the vote.")
    options = {"min_chars": 60}

    def check(self, doc):
        minimum = self.config["min_chars"]
        lines = doc.text.split("\n")
        long = [line.strip() for line in lines if len(line) >= minimum]
        if len(set(long)) == len(long):
            return  # nothing repeats: the common case
        lines = doc.lines
        first_seen: Dict[str, int] = {}
        block = []  # the repeated lines of the block we are in, as (line, the line it repeats)
        for index, line in enumerate(lines + [None]):
            key = line.text.strip() if line else None
            if key is not None and len(key) < minimum:
                continue  # short and blank lines neither start nor end a block
            if key in first_seen:
                block.append((line, first_seen[key]))
                continue
            if len(block) > 1 or block and _whole(lines, block[0][0].number - 1, block[0][1] - 1):
                first, repeats = block[0]
                yield self.report(doc.line_span(first), doc,
                                  f"paragraph repeated from line {repeats}: '{first.text.strip()[:50]}'",
                                  repeats_line=repeats)
            block = []
            if key is not None:
                first_seen.setdefault(key, index + 1)


def _whole(lines, index: int, earlier: int) -> bool:
    """Whether the repeated line lines[index] is more than one coinciding line: a paragraph of
    its own (blank lines or the text's ends around it), or followed by the same (shorter) line
    as its earlier copy."""
    def text(i):
        return lines[i].text.strip() if 0 <= i < len(lines) else ""
    alone = not text(index - 1) and not text(index + 1)
    return alone or text(index + 1) != "" and text(index + 1) == text(earlier + 1)
