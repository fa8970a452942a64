"""The shape of the article: its body, paragraphs, lines and quotations."""
from __future__ import annotations

import re
from itertools import islice
from typing import Dict, Iterator, List, NamedTuple, Optional, Tuple

from newslint import DocumentRule
from newslint.finding import Edit, Fix, Span


class EmptyDocument(DocumentRule):
    code, name = "S101", "empty-document"
    message = "document has no article body"
    what = "A document that is empty, or has a headline and fewer than `min_words` words of body."
    why = "An empty scrape is a failed fetch or extraction; it should be re-fetched, not kept as an article."
    flagged = "Headline only\n"
    not_flagged = "Headline\n\nA body of a few real words follows the headline here."
    options = {"min_words": 5}

    def check(self, doc):
        # split no further than min_words: the count is exact below it, which is all we need
        words = len(doc.body.split(None, self.config["min_words"]))
        if words < self.config["min_words"]:
            what = "empty document" if not doc.text.strip() else f"document body has {words} word{'s' * (words != 1)}"
            yield self.report(Span(1, 1, 1, 1, ""), doc, what, words=words)


# -- quotation marks ---------------------------------------------------------------------

# Quotation marks. In a body the straight ' is not taken for one: there it is nearly always
# an apostrophe (the players' union), and finding every apostrophe is slow.
QUOTE_CHARS = "\"\u2018\u2019\u201c\u201d\u201e\u00ab\u00bb"
HEADLINE_QUOTE_CHARS = QUOTE_CHARS + "'"
KIND = {'"': "double", "\u201c": "double", "\u201d": "double", "\u201e": "double",
        "'": "single", "\u2018": "single", "\u2019": "single", "\u00ab": "angle", "\u00bb": "angle"}
CLOSING_PUNCT = set(".,!?;:\u2026")


class Mark(NamedTuple):
    start: int  # offset in the text it was found in
    char: str
    kind: str  # double | single | angle
    opens: bool
    strong: Optional[bool]  # True: a closer after punctuation ('fight.’'), never an apostrophe;
    # None: a closer that may be an inch mark (16"), never an opener
    line_start: bool = False  # only white space before it on its line


def _role(text: str, i: int):
    """(opens, strong) of the quote character at text[i], or None for an apostrophe or a
    mark whose role cannot be told."""
    c = text[i]
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if c in "'\u2019\"" and before.isalpha() and after.isalpha():
        return None  # it's, Putin’s, and the bank"s of a garbled apostrophe
    if c in "\"\u201d'\u2019" and before.isdigit() and not after.isalnum():
        return False, None  # "Top 10" or a 16" screen: closes an open quote, else an inch mark
    if c in "'\u2018\u2019" and after in "nN" and not text[i + 2:i + 3].isalnum():
        return None  # rock 'n' roll, Pay 'N Pak
    if c in "\u00ab\u00bb":  # «…» and »…«: whichever comes first opens
        start, end = text.rfind("\n", 0, i) + 1, text.find("\n", i)
        line = text[start:end if end >= 0 else len(text)]
        other = "\u00ab" if c == "\u00bb" else "\u00bb"
        if (len(line.split()) - line.count(c) < 3 or (line.count(c) >= 2 and other not in line)  # "Home » News »"
                or (c == "\u00bb" and before == " " and i + 1 - start == len(line) and "\u00ab" not in line)
                or (c == "\u00ab" and i == start and after == " " and "\u00bb" not in line)):
            return None  # an arrow of page navigation: "« Sep", "Read more »"
        return False, False
    ends_word = before.strip() and before not in "([{\u2014\u2013-\u201e\"" and (
        after.isspace() or after in CLOSING_PUNCT or after in ")]}-" or i + 1 == len(text))
    if c == "\u201c" and ends_word:  # German „…“, or “…“ typed for “…”
        return False, before in CLOSING_PUNCT
    if c == "\u2018" and before.isalnum() and not after.isalnum():
        return False, False  # ‚…‘ typed as ‘…‘: a weak closer
    if c in "\u201c\u201e\u2018":
        if c == "\u2018" and (before.isalnum() or after.isdigit()):
            return None  # a mistyped apostrophe: don‘t, ‘90s
        return True, False
    if c == "\u201d":
        return (True, False) if before.isspace() and after.isalnum() else (False, before in CLOSING_PUNCT)
    # ' and ’ that are not inside a word, and the straight double quote
    if before.isspace() or before in "([{\u2014\u2013-\u201c\"":
        if c == "'" and not after.isalnum():
            return None
        if c in "'\u2019" and after.isdigit():
            return None  # '90s
        # ’The: a mistyped ‘ (but ’s, ’em, ’90s are elisions)
        return (True, False) if c != "\u2019" or text[i + 1:i + 4].isalpha() else None
    if after.isspace() or after in CLOSING_PUNCT or after in ")]}\u201d\"" or i + 1 == len(text):
        # After a letter it may be a possessive (the soldiers’ morale): a weak closer, which
        # closes an open quote but is never reported alone.
        return False, before in CLOSING_PUNCT
    if c == '"':  # a straight quote after punctuation (said,"From or direction,"Carlucci)
        return False, False  # or between a word and a hyphen: closes an open quote, else opens
    return None


def _positions(text: str, chars: str) -> List[int]:
    """Where the characters occur, found with str.find (far faster than a regex scan)."""
    found = []
    for char in chars:
        i = text.find(char)
        while i >= 0:
            found.append(i)
            i = text.find(char, i + 1)
    return sorted(found)


def quote_marks(text: str, base: int = 0, chars: str = HEADLINE_QUOTE_CHARS) -> Iterator[Mark]:
    """The quotation marks of a text (apostrophes left out), at offsets shifted by `base`."""
    doubled = -1
    if text.isascii():  # only the straight marks can be there
        chars = "".join(c for c in chars if c in "\"'")
    for i in _positions(text, chars):
        char = text[i]
        if i == doubled:
            continue
        if text[i + 1:i + 2] == char and char in "'\u2018\u2019":  # ‘‘ and ’’ stand for “ and ”
            doubled = i + 1
            yield Mark(base + i, char, "double", char == "\u2018", text[i - 1:i] in CLOSING_PUNCT)
            continue
        role = _role(text, i)
        if role is not None:
            line_start = not text[text.rfind("\n", 0, i) + 1:i].strip()
            yield Mark(base + i, char, KIND[char], *role, line_start)


def pair_quotes(marks: List[Mark]) -> Tuple[List[Mark], List[Mark]]:
    """(openers left open, closers with no opener) after pairing the marks of each kind in
    order. German „…“ and reversed »…« pair too. A straight " does not nest in another: an
    opening one while one is open means the open one was never closed, unless the new one
    starts a line (a quotation going on in the next paragraph)."""
    open_by_kind: Dict[str, List[Mark]] = {}
    never_closed: List[Mark] = []
    unmatched: List[Mark] = []
    for mark in marks:
        stack = open_by_kind.setdefault(mark.kind, [])
        top = stack[-1].char if stack else ""
        closes = not mark.opens or (mark.char == "\u201c" and top == "\u201e")
        if closes:
            if stack:
                stack.pop()
            elif mark.strong:
                unmatched.append(mark)
            elif mark.char in '"\u00ab\u00bb' and mark.strong is False:  # said,"From: one that can open does
                stack.append(mark._replace(opens=True))
            # else a weak closer with nothing open: a possessive (the soldiers’ morale)
        elif stack and (mark.line_start or mark.char == '"' == stack[-1].char):
            if not mark.line_start:
                never_closed.append(stack[-1])
            stack[-1] = mark
        else:
            stack.append(mark)
    left_open = sorted(never_closed + [m for stack in open_by_kind.values() for m in stack], key=lambda m: m.start)
    return left_open, unmatched


def unpaired_quotes(text: str) -> List[Mark]:
    """The marks of one stretch of text (a headline, a paragraph) that find no partner."""
    left_open, unmatched = pair_quotes(list(quote_marks(text)))
    return sorted(left_open + unmatched, key=lambda m: m.start)


BLANK_LINE_RE = re.compile(r"\n[^\S\n]*\n")


class Block(NamedTuple):
    start: int
    text: str


def paragraphs(doc) -> List[Block]:
    """The body's paragraphs; a body without blank lines is one, found without a line loop."""
    if BLANK_LINE_RE.search(doc.body):
        return [Block(p.start, p.text) for p in doc.paragraphs]
    return [Block(doc.body_start, doc.body)] if doc.body.strip() else []


class QuoteEvent(NamedTuple):
    kind: str  # "split": opened in one paragraph, closed in a later one; "unbalanced"
    opener: int  # offset in the document, or -1
    closer: int  # offset in the document, or -1


def quotation_events(doc) -> List[QuoteEvent]:
    """The body's quotation events, computed once for S102 and S103."""
    return doc.memo("quotation_events", _quotation_events)


def _quotation_events(doc, max_paragraphs: int = 4) -> List[QuoteEvent]:
    """Quotations of the body that span paragraphs wrongly or never close.

    The English convention for a quotation of several paragraphs: each paragraph but the
    last ends with the quote open, and the next one starts with an opening mark. A quote
    left open whose next paragraphs do not start so, and that a later paragraph closes
    before opening one, was split into paragraphs by mistake."""
    body = doc.body
    if '"' not in body and (body.isascii() or not any(char in body for char in QUOTE_CHARS)):
        return []  # str's `in` is far faster than any scan for quotation marks
    events: List[QuoteEvent] = []
    carried: Dict[str, Tuple[int, Mark]] = {}  # kind -> (paragraph index, opener) left open
    for index, para in enumerate(paragraphs(doc)):
        marks = list(quote_marks(para.text, para.start, QUOTE_CHARS))
        if not carried and not marks:
            continue
        lead = para.start + len(para.text) - len(para.text.lstrip())
        for kind, (first_index, opener) in list(carried.items()):
            first = next((m for m in marks if m.kind == kind and (m.opens or m.strong)), None)
            if first is not None and first.opens and first.start == lead:
                del carried[kind]  # the convention: the quotation goes on
            elif first is not None and not first.opens:
                events.append(QuoteEvent("split", opener.start, first.start))
                marks.remove(first)
                del carried[kind]
            elif first is not None or index - first_index >= max_paragraphs:
                events.append(QuoteEvent("unbalanced", opener.start, -1))
                del carried[kind]
        left_open, unmatched = pair_quotes(marks)
        events.extend(QuoteEvent("unbalanced", -1, m.start) for m in unmatched if m.strong)
        for mark in left_open:
            if mark.kind in carried:  # two quotes of one kind left open: the first never closed
                events.append(QuoteEvent("unbalanced", carried[mark.kind][1].start, -1))
            carried[mark.kind] = (index, mark)
    events.extend(QuoteEvent("unbalanced", opener.start, -1) for _, opener in carried.values())
    return sorted(events, key=lambda e: max(e.opener, e.closer))


class SplitQuotation(DocumentRule):
    code, name = "S102", "split-quotation"
    message = "quotation split across paragraphs: '{match}'"
    what = ("A quotation opened in one paragraph and closed in a later one, where the paragraphs "
            "in between do not start with an opening quotation mark.")
    why = ("The text was cut into paragraphs inside a quotation (often at every sentence): the "
           "paragraphs are wrong, and a reader or model cannot tell what is quoted.")
    flagged = ("Headline\n\n\u2018They are running away because they have no desire to fight.\n\n"
               "The authorities are indifferent,\u2019 the analyst said.\n")
    not_flagged = ("Headline\n\n\u201cThey are running away because they have no desire to fight.\n\n"
                   "\u201cThe authorities are indifferent,\u201d the analyst said.\n")

    def check(self, doc):
        for event in quotation_events(doc):
            if event.kind == "split":
                span = doc.span(event.opener, event.closer + 1)
                excerpt = doc.text[event.opener:event.opener + 40].split("\n")[0]
                yield self.report(span, doc, f"quotation opened here is closed {span.end_line - span.line} "
                                  f"lines later, in another paragraph: '{excerpt}\u2026'")


class UnbalancedQuotation(DocumentRule):
    code, name = "S103", "unbalanced-quotation"
    message = "quotation mark {match} has no partner"
    what = ("A quotation mark that opens a quotation never closed (within four paragraphs), or one "
            "after sentence punctuation that closes a quotation never opened. Apostrophes (it's, "
            "the soldiers’ morale, ’90s), inch marks and, in bodies, the straight ' are not taken for quotation marks.")
    why = "An unpaired quotation mark is text lost or garbled in extraction or translation."
    flagged = "Headline\n\nHe said it would \u201cdrag on in this way. \u201c. Then he left.\n"
    not_flagged = "Headline\n\nHe said it would \u201cdrag on in this way.\u201d Then he left.\n"

    def check(self, doc):
        for event in quotation_events(doc):
            if event.kind == "unbalanced":
                at = max(event.opener, event.closer)
                what = "opens a quotation that is never closed" if event.opener >= 0 else \
                    "closes a quotation that was never opened"
                yield self.report(doc.span(at, at + 1), doc, f"quotation mark {doc.text[at]} {what}")


# -- paragraphs and lines ----------------------------------------------------------------

SENTENCE_END_RE = re.compile(r"[.!?][\"'\u201d\u2019)]*(?:\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])|\s*$)")


class FragmentedParagraphs(DocumentRule):
    code, name = "S104", "one-sentence-paragraphs"
    message = "every paragraph is one sentence"
    severity = "info"
    what = ("A document of at least `min_paragraphs` paragraphs where at least `min_share` of them "
            "are one sentence each. Reported once, at the start of the document.")
    why = ("Text split at every sentence has lost its paragraphs, often with quotations cut apart; "
           "a document property, so it is reported once and at no paragraph in particular.")
    flagged = "Headline\n\n" + "\n\n".join(f"Sentence number {n} stands alone." for n in range(12)) + "\n"
    not_flagged = "Headline\n\n" + "\n\n".join(f"Sentence number {n} is here. Another follows it." for n in range(12)) + "\n"
    options = {"min_paragraphs": 10, "min_share": 0.9}

    def check(self, doc):
        if len(BLANK_LINE_RE.findall(doc.body)) < self.config["min_paragraphs"] - 1:
            return  # cheap: too few blank lines for that many paragraphs
        paragraphs = doc.paragraphs
        if len(paragraphs) < self.config["min_paragraphs"]:
            return
        single = sum(len(SENTENCE_END_RE.findall(p.text)) == 1 for p in paragraphs)
        if single >= self.config["min_share"] * len(paragraphs):
            yield self.report(Span(1, 1, 1, 1, ""), doc,
                              f"{single} of {len(paragraphs)} paragraphs are one sentence: split at every sentence?",
                              paragraphs=len(paragraphs), single_sentence=single)


# A line break inside a sentence: the line ends in a letter, digit or comma and the next line
# (after its indent) starts with a lower-case letter. It starts with the newline, which the
# regex engine finds fast.
MID_SENTENCE_BREAK_RE = re.compile(r"\n(?<=[a-z0-9,;]\n)[^\S\n]*(?=[a-z])")


class HardWrappedLines(DocumentRule):
    code, name = "S105", "hard-wrapped-lines"
    message = "lines are hard-wrapped"
    what = ("A body broken into short lines inside its sentences: at least `min_breaks` line breaks "
            "inside a sentence, making at least `min_share` of all its line breaks, lines `max_width` "
            "characters long or less on average, and the lines that run on `min_line` characters or "
            "longer on average. Reported once, at the first such break.")
    why = ("Hard line breaks inside sentences split words and sentences for every tool that reads a "
           "line as a unit; unwrap the text before use.")
    fixable = True
    flagged = ("Headline\n\nShowers continued throughout the week in\nthe Bahia cocoa zone, alleviating the drought\n"
               "since early January and improving prospects\nfor the coming temporao, although normal\n"
               "humidity levels have not been restored.\n")
    not_flagged = ("Headline\n\nShowers continued throughout the week in the Bahia cocoa zone, alleviating "
                   "the drought since early January.\n")
    options = {"max_width": 100, "min_breaks": 3, "min_share": 0.25, "min_line": 30}

    def check(self, doc):
        body = doc.body
        joined, breaks = MID_SENTENCE_BREAK_RE.subn(" ", body)  # the fix and the count in one pass
        if breaks < self.config["min_breaks"]:
            return
        newlines = body.count("\n")
        width = round(len(body) / (newlines + 1))
        if width > self.config["max_width"] or breaks < self.config["min_share"] * newlines:
            return  # long lines, or short lines that are mostly whole (a menu, a list)
        first_breaks = [m.start() for m in islice(MID_SENTENCE_BREAK_RE.finditer(body), 5)]
        broken = [end - body.rfind("\n", 0, end) - 1 for end in first_breaks]
        if sum(broken) < self.config["min_line"] * len(broken):
            return  # the lines that run on are short: menu items in lower case, not wrapped text
        # Locations by counting newlines, not by doc.position: its index of every line start
        # costs more than this whole check on a corpus of wrapped text.
        text, first = doc.text, doc.body_start + first_breaks[0]
        line, column = text.count("\n", 0, first) + 1, first - text.rfind("\n", 0, first)
        first_line, last_line = text.count("\n", 0, doc.body_start) + 1, text.count("\n") + 1
        last_length = len(text) - text.rfind("\n") - 1
        fix = Fix("join lines broken inside a sentence",
                  (Edit(first_line, 1, last_line, last_length + 1, joined),), safe=False)
        yield self.report(Span(line, column - 1, line, column, text[first - 1:first]), doc,
                          f"lines are hard-wrapped, {width} characters long on average: "
                          f"{breaks} line breaks inside sentences", fix=fix, width=width, breaks=breaks)


def _normal(line: str) -> str:
    return " ".join(line.split()).rstrip(".:")


class RepeatedHeadline(DocumentRule):
    code, name = "S106", "repeated-headline"
    message = "headline repeated: '{match}'"
    what = ("A headline of `min_words` words or more written twice, the same way, at the head of the text: the first body line repeats it "
            "(a text file), or the text repeats a record's title field twice. Text that starts with "
            "its title once is the usual form of a record and is not flagged.")
    why = "A doubled headline is extraction residue (the page's title and its <h1>); it skews every count."
    fixable = True
    flagged = "Putin meets Lukashenko\nPutin meets Lukashenko\n\nThe two leaders met in Minsk on Friday.\n"
    not_flagged = "Putin meets Lukashenko\n\nThe two leaders met in Minsk on Friday.\n"
    options = {"within_lines": 5, "min_words": 3}

    def check(self, doc):
        head = doc.headline
        if head is None:
            return
        if doc.text.count(head.text[:20], 0, 2000 + 3 * len(head.text)) < 2:
            return  # cheap: the headline's start is not in the text twice
        wanted, seen = _normal(head.text), 0
        if len(wanted.split()) < self.config["min_words"]:
            return  # one or two words: a menu item standing first ("Home"), not a headline
        lines = (line for line in doc.lines if line.text.strip())
        for _, line in zip(range(self.config["within_lines"]), lines):
            if _normal(line.text) == wanted:
                seen += 1
                if seen == 2:
                    fix = Fix("delete the repeated headline", (Edit(line.number, 1, line.number + 1, 1, ""),), safe=True)
                    yield self.report(doc.line_span(line), doc, fix=fix)
                    return
