"""Boilerplate lines found by their shape and their place in the document: navigation lines,
menus, the page chrome around an article, comment sections and lists of other headlines.
Phrase lists (skip links, "Read also:", cookie notices, copyright...) are data, in the
rules/boilerplate_*.toml packs; this module is what needs the layout of the whole text.

The layout sorts every line once per document (all rules here share it): prose (a sentence,
or a long line), a link label (a few words, no sentence punctuation, no digits) or other text.
A text holding many runs of link labels is a whole page, not an extracted article; its
article is the block of lines with the most prose and the fewest labels (the largest-sum
run of per-line weights, as in Finn et al.'s body text extraction), and what lies outside
that block is page chrome.
"""
from __future__ import annotations

import re
from functools import cached_property
from typing import List, NamedTuple, Optional, Sequence, Tuple

from newslint import DocumentRule
from newslint.document import Document, Line
from newslint.finding import Edit, Fix

PROSE, LABEL, TEXT, BLANK = "prose", "label", "text", "blank"
UNSEEN = "unseen"  # a line in the middle of a text that is not a page: never looked at

SENTENCE_MARKS = ".!?…。！？"
CLOSERS = "\"'”’»)]"
DIGIT = re.compile(r"\d")
# few spaces for its length: Chinese, Japanese, Thai... count characters, not words
NO_SPACES = 12
LABEL_WORDS, LABEL_CHARS = 4, 40


# a line that may be a label: short, with no sentence mark and no digit (a cheap first look)
SHORT_LINE = re.compile(r"\n[^\n.!?…。！？\d]{1,%d}+(?=\n)" % LABEL_CHARS)  # possessive: no backtracking


def words_in(text: str) -> int:
    count = text.count(" ") + 1
    return count if count * NO_SPACES >= len(text) else len(text) // 4


def ends_sentence(text: str) -> bool:
    """Whether the text ends like a sentence, maybe inside closing quotes or brackets."""
    return text.rstrip(CLOSERS)[-1:] in SENTENCE_MARKS if text else False


def shape(text: str) -> str:
    """What a (stripped) line looks like: prose, a link label, other text, or blank."""
    if not text:
        return BLANK
    words = words_in(text)
    sentence = ends_sentence(text)
    if words >= 20 or (words >= 6 and sentence):
        return PROSE
    if (words <= LABEL_WORDS and len(text) <= LABEL_CHARS and not sentence and not DIGIT.search(text)
            and text[-1] != "," and " - " not in text):  # a clause going on; "KEY - value" data
        return LABEL
    return TEXT


def line_shape(raw: str) -> str:
    """The shape of a line as it is: an indented line is never a label (plain-text sources
    indent paragraphs and table rows; menus scraped from a page are not indented)."""
    kind = shape(raw.strip())
    return TEXT if kind == LABEL and raw[:1] in " \t" else kind


class Layout:
    """Every line's shape, the runs of labels, and (for a whole page) the article block.

    Only a text with as many short lines as a page's menus has all its lines looked at.
    Of any other text (most articles) only the head and the tail are, up to its first and
    from its last prose line, and only when a rule asks: that is where menus would be, and
    it keeps long articles cheap."""

    def __init__(self, doc: Document, min_run: int = 3, page_labels: int = 10, page_share: float = 0.15):
        self.raw = doc.text.split("\n")  # no reference to doc: a memo must not make a cycle
        lengths = list(map(len, self.raw))
        self.short = sum(map(LABEL_CHARS.__ge__, lengths)) - lengths.count(0)
        self.short_run = longest_short_run(lengths) if self.short >= min_run else 0
        if self.short >= page_labels:  # then the closer look: no sentence mark and no digit
            self.short = len(SHORT_LINE.findall(f"\n{doc.text}\n"))
        self.min_run = min_run
        self.whole = self.short >= page_labels
        self.is_page = False
        self.article: List[Tuple[int, int]] = []
        if self.whole:
            in_runs = sum(end - start for start, end in self.label_runs)
            filled = len(self.raw) - self.shapes.count(BLANK)
            self.is_page = in_runs >= page_labels and in_runs >= page_share * filled
            if self.is_page:
                self.article = article_blocks(self.texts, self.shapes)

    @cached_property
    def scan(self) -> tuple:
        """(texts, shapes, first prose, last prose) of all lines, or of the edges only."""
        if not self.whole:
            return edge_shapes(self.raw)
        texts = [t.strip() for t in self.raw]
        shapes = [line_shape(t) for t in self.raw]
        prose = [i for i, s in enumerate(shapes) if s == PROSE]
        return texts, shapes, prose[0] if prose else len(texts), prose[-1] if prose else -1

    texts = property(lambda self: self.scan[0])
    shapes = property(lambda self: self.scan[1])
    first_prose = property(lambda self: self.scan[2])
    last_prose = property(lambda self: self.scan[3])

    @cached_property
    def label_runs(self) -> List[Tuple[int, int]]:
        if self.short_run < self.min_run:
            return []
        if self.whole:
            return runs(self.shapes, LABEL, self.min_run)
        tail = self.last_prose + 1
        return (runs(self.shapes[:self.first_prose], LABEL, self.min_run)
                + [(tail + s, tail + e) for s, e in runs(self.shapes[tail:], LABEL, self.min_run)])

    def in_article(self, index: int) -> bool:
        return any(start <= index < end for start, end in self.article)

    def outside_text(self, index: int) -> bool:
        """Before the first or after the last prose line, or outside a page's article; a
        text without prose has no outside."""
        if self.is_page:
            return not self.in_article(index)
        return self.last_prose >= 0 and (index < self.first_prose or index > self.last_prose)


def longest_short_run(lengths: Sequence[int]) -> int:
    """The most short lines in a row (blank lines between them do not count)."""
    best = run = 0
    for n in lengths:
        if n > LABEL_CHARS:
            run = 0
        elif n:
            run += 1
            best = max(best, run)
    return best


def edge_shapes(raw: Sequence[str]):
    """(texts, shapes, first prose, last prose) looking only up to the first prose line
    and from the last one; the lines between are UNSEEN (and their text left empty). A
    line of text that goes on in lower case on the next line is hard-wrapped prose."""
    texts, shapes = [""] * len(raw), [UNSEEN] * len(raw)
    first = last = len(raw)

    def look(i: int) -> bool:
        texts[i] = raw[i].strip()
        shapes[i] = line_shape(raw[i])
        if shapes[i] in (TEXT, LABEL) and (wraps(raw, i) or (texts[i][:1].islower() and i > 0 and wraps(raw, i - 1))):
            shapes[i] = PROSE
        return shapes[i] == PROSE

    for i in range(len(raw)):
        if look(i):
            first = i
            break
    for i in range(len(raw) - 1, first - 1, -1):
        if look(i):
            last = i
            break
    if first == len(raw):
        return texts, shapes, first, -1
    return texts, shapes, first, last


def wraps(raw: Sequence[str], i: int) -> bool:
    """Whether line i is hard-wrapped: long, not ending a sentence, and the next line goes
    on in lower case."""
    if i + 1 >= len(raw) or not raw[i + 1].lstrip()[:1].islower():
        return False
    text = raw[i].strip()
    return len(text) >= 30 and not ends_sentence(text) and words_in(text) >= 6


def layout(doc: Document) -> Layout:
    return doc.memo("boilerplate.layout", Layout)


def runs(shapes: Sequence[str], kind: str, min_length: int) -> List[Tuple[int, int]]:
    """(start, end) of each run of at least min_length lines of one shape; blank lines
    inside a run do not break it."""
    out, start, count, last = [], None, 0, None
    for i, s in enumerate(shapes + [None]):
        if s == kind:
            if start is None:
                start, count = i, 0
            count, last = count + 1, i
        elif s != BLANK:
            if start is not None and count >= min_length:
                out.append((start, last + 1))
            start = None
    return out


# The weights of the article block: prose counts its characters, a label costs LINE_COST,
# other text counts for half. A second block counts when it holds at least
# SECOND_BLOCK of the first's weight (an article cut in two by a block of links).
LINE_COST = 40
SECOND_BLOCK = 0.3


def weight(text: str, kind: str) -> float:
    if kind == BLANK:
        return 0
    if kind == PROSE:
        return len(text) - LINE_COST
    if kind == TEXT and DIGIT.search(text) and ("," in text or words_in(text) >= 3):
        return len(text) - LINE_COST  # a line of data: a table row, a list of dates
    return len(text) * 0.5 - LINE_COST


def article_blocks(texts: Sequence[str], shapes: Sequence[str]) -> List[Tuple[int, int]]:
    weights = [weight(t, s) for t, s in zip(texts, shapes)]
    total, start, end = heaviest_run(weights, 0, len(weights))
    if end <= start:
        return []
    blocks = [(start, end)]
    for lo, hi in ((0, start), (end, len(weights))):
        other, s, e = heaviest_run(weights, lo, hi)
        if e > s and other >= SECOND_BLOCK * total:
            blocks.append((s, e))
    return blocks


def heaviest_run(weights: Sequence[float], lo: int, hi: int) -> Tuple[float, int, int]:
    """(sum, start, end) of the run of weights[lo:hi] with the largest sum (Kadane)."""
    best, best_start, best_end = 0.0, lo, lo
    current, start = 0.0, lo
    for i in range(lo, hi):
        if current <= 0:
            current, start = 0.0, i
        current += weights[i]
        if current > best:
            best, best_start, best_end = current, start, i + 1
    return best, best_start, best_end


def delete_line(line: Line) -> Fix:
    return Fix("delete the line", (Edit(line.number, 1, line.number + 1, 1, ""),), safe=False)


class LineRule(DocumentRule):
    """A structural rule that reports whole lines, each with a fix that deletes it."""

    fixable = True

    def report_line(self, doc: Document, line: Line, message: Optional[str] = None, **data):
        return self.report(doc.line_span(line), doc, message, delete_line(line), **data)


# -- navigation lines ------------------------------------------------------------------
SEPARATORS = re.compile(r"\s+(?:[|›•·»/]|::)\s+|\s*\|\s*|\s*[›•]\s*")
NAVIGATION_MARK = re.compile(r"[|›•·»]")


def has_navigation_mark(text: str) -> bool:
    return NAVIGATION_MARK.search(text) is not None or " / " in text or "::" in text


class NavigationLine(LineRule):
    code, name = "B201", "navigation-line"
    message = "navigation or breadcrumb line: '{match}'"
    what = ("A line of short items joined by separators (\" | \", \" › \", \" » \", \" / \", \" • \"), "
            "or a separator and an item: a site's menu bar or breadcrumb trail, e.g. "
            "\"Home › News › World\" or \" | Local News\".")
    why = "Navigation is page chrome: it is not part of the article and repeats on every page of a site."
    flagged = "Putin's invasion does not go as planned\n\n | Local News\n\nLocal News | News Today\n\nThe war dragged on."
    not_flagged = ("Putin's invasion does not go as planned\n\nThe vote was 52 | 48 in the end, "
                   "officials said.\n\nThe ratio of yes / no answers was high.")
    options = {"max_item_words": 4, "max_length": 120}

    def check(self, doc):
        if not has_navigation_mark(doc.text):
            return
        for line in doc.lines:
            text = line.text.strip()
            if len(text) <= self.config["max_length"] and has_navigation_mark(text) and self.is_navigation(text):
                yield self.report_line(doc, line)

    def is_navigation(self, text: str) -> bool:
        if ends_sentence(text):
            return False
        items = [item for item in SEPARATORS.split(text)]
        if len(items) < 2:
            return False
        leading_separator = not items[0]
        items = [item for item in items if item]
        if not items or (len(items) < 2 and not leading_separator):
            return False
        limit = self.config["max_item_words"]
        return all(words_in(item) <= limit and not ends_sentence(item) for item in items)


# -- menus and page chrome ---------------------------------------------------------------
class Menu(LineRule):
    code, name = "B202", "menu"
    message = "menu or link list line: '{match}'"
    what = ("A run of at least `min_run` short link labels (a few words, no sentence punctuation, no "
            "digits), one a line, before the article's first sentence, after its last, or outside "
            "the article block of a whole page: a site menu, a share bar, a list of sections.")
    why = ("Menus are page chrome that text extraction left in; each item alone looks harmless, "
           "but a run of them at the edge of the text is navigation, not article.")
    flagged = ("Skip to content\nHome\nWorld\nBusiness\nOpinion\nTech\n"
               "Putin's invasion does not go as planned\n\nThe war dragged on for ten weeks, "
               "longer than anyone in Moscow had planned for.")
    not_flagged = ("Putin's invasion does not go as planned\n\nThe war dragged on for ten weeks, "
                   "longer than anyone in Moscow had planned for.\n\nWhat we know\n\nKyiv held.\n\n"
                   "The talks went on for three more days without any result, officials said.")

    def check(self, doc):
        page = layout(doc)
        for start, end in page.label_runs:
            for i in range(start, end):
                if page.shapes[i] == LABEL and page.outside_text(i):
                    yield self.report_line(doc, doc.lines[i])


class PageChrome(LineRule):
    code, name = "B203", "page-chrome"
    message = "page chrome outside the article: '{match}'"
    what = ("In a text that is a whole web page (many runs of link labels), a line outside the "
            "article's block of prose that is not itself prose: bylines, dates, counters, "
            "buttons, teaser titles; and anywhere on the page a line without a letter (a counter, "
            "a separator). Blocks of short lines that mostly hold numbers are kept, but for their "
            "bare numbers: they are tables and lists of data.")
    why = "The article is the block of prose; what surrounds it on a page is chrome a scraper kept."
    flagged = ("Home\nWorld\nBusiness\nOpinion\nTech\nSport\nVideo\nPodcasts\nWeather\nSearch\n"
               "Putin's invasion does not go as planned\nBy Jane Doe, Moscow correspondent\n"
               "The war dragged on for ten weeks, longer than anyone in Moscow had planned for.\n"
               "Officials in Kyiv said the front had not moved for a month, and the talks stalled.\n"
               "Belarus kept its army at home, which the Kremlin did not welcome at all.\n"
               "Share this article\nAbout us\nContact\nCareers\nTerms of use\nPrivacy")
    not_flagged = ("Putin's invasion does not go as planned\nBy Jane Doe, Moscow correspondent\n"
                   "The war dragged on for ten weeks, longer than anyone in Moscow had planned for.\n"
                   "Officials in Kyiv said the front had not moved for a month, and the talks stalled.")

    def check(self, doc):
        page = layout(doc)
        if not page.is_page:
            return
        in_menu = set()
        for start, end in page.label_runs:
            in_menu.update(range(start, end))
        for block in self.data_blocks(page):
            in_menu.update(i for i in block if LETTERS.search(page.texts[i]))
        for i, kind in enumerate(page.shapes):
            if kind == BLANK or i in in_menu:
                continue
            if (kind in (LABEL, TEXT) and not page.in_article(i)) or not LETTERS.search(page.texts[i]):
                yield self.report_line(doc, doc.lines[i])  # a bare number on a page is a counter

    @staticmethod
    def data_blocks(page: Layout, min_lines: int = 4, share: float = 0.3):
        """Runs of non-prose lines outside the article where many lines hold digits."""
        run: List[int] = []
        for i, kind in enumerate(page.shapes + [PROSE]):
            if kind in (LABEL, TEXT) and not page.in_article(i):
                run.append(i)
            elif kind != BLANK:
                if len(run) >= min_lines and sum(1 for j in run if DIGIT.search(page.texts[j])) >= share * len(run):
                    yield run
                run = []


# -- comment sections and lists of other headlines ------------------------------------
# The heading that opens readers' comments, alone on its line: "Comments", "Top Rated
# Comments", "10 thoughts on “...”", "Leave a Reply", "Kommentare", "Комментарии"... A
# singular "Comment" or "Kommentar" is left out: it labels an opinion piece.
COMMENT_HEADING = re.compile(
    r"(?:top rated |all |reader |readers' |user |show |view |read all |leser)?"
    r"(?:comments|kommentare|commentaires|comentarios|commenti|comentários|reacties|komentarze"
    r"|комментарии|коментарі|обсуждение|обговорення)(?:\s*\(\d+\))?\s*:?"
    r"|\d+\s+(?:thoughts?|responses?|replies) (?:on|to) .*"
    r"|leave a (?:reply|comment)|join the (?:discussion|conversation)|laisser un commentaire"
    r"|deja (?:un|tu) comentario|lascia un commento|deixe (?:um|seu|o seu) comentário"
    r"|оставить комментарий|залишити коментар",
    re.IGNORECASE)
# the first comment's signature, a name or a time stamp: "averagjoe says:", "Catherine on May 3,
# 2018 at 5:23 pm said:" (not "..., he said:", which opens a quotation)
SIGNATURE_VERBS = r"(?:says|said|wrote|schreibt|a écrit|escribió|dice|scrive|escreveu|пишет|пише):"
SIGNATURE_END = re.compile(SIGNATURE_VERBS + r"[^\S\n]*\n")
SIGNATURE = re.compile(r"\S+(?: \S+){0,2} (?:says|wrote|schreibt|a écrit|escribe|scrive|escreve|пишет|пише):"
                       r"|.{0,60}\b\d{1,2}:\d{2}(?: ?[ap]m)? " + SIGNATURE_VERBS, re.IGNORECASE)
# A count of comments ("12 comments") also stands under headlines: it opens the comments
# only when most of the article's prose is above it.
COMMENT_COUNT = re.compile(
    r"\d+\s+(?:comments?|kommentare?|commentaires?|comentarios?|commenti|comentários?|komentarzy"
    r"|комментари[йяев]|коментар[іяів]*)",
    re.IGNORECASE)


def line_finder(*patterns: re.Pattern) -> re.Pattern:
    """A regex that finds, in "\n" + lower-cased text + "\n", a line that one of the
    (lower-case, case-insensitive) patterns matches whole: a cheap look at a whole text
    before any per-line work."""
    body = "|".join(f"(?:{p.pattern})" for p in patterns)
    return re.compile(rf"\n[^\S\n]*(?:{body})[^\S\n]*(?=\n)")


class TailSection(LineRule):
    """A rule that reports a heading after the article's prose and every line after it."""

    heading: re.Pattern
    finder: re.Pattern  # line_finder of the headings
    options = {"min_prose": 2}

    def check(self, doc):
        if not self.has_heading(doc.lowered or doc.text.lower()):
            return
        page = layout(doc)
        texts = page_texts(page)
        shapes = [shape(t) if s == UNSEEN else s for t, s in zip(texts, page.shapes)]
        # in a whole page, only the prose of its main article block counts
        start, end = page.article[0] if page.is_page else (0, len(texts))
        is_prose = [s == PROSE and start <= i < end for i, s in enumerate(shapes)]
        total, above = sum(is_prose), 0
        for i, text in enumerate(texts):
            if is_prose[i]:
                above += 1
            elif above >= self.config["min_prose"] and len(text) <= 120 and self.opens_section(text, above, total):
                for j in range(i, len(texts)):
                    if texts[j]:
                        yield self.report_line(doc, doc.lines[j])
                return

    def has_heading(self, low: str) -> bool:
        return self.finder.search(f"\n{low}\n") is not None

    def opens_section(self, text: str, above: int, total: int) -> bool:
        return self.heading.fullmatch(text) is not None


class CommentSection(TailSection):
    code, name = "B204", "comment-section"
    message = "readers' comments after the article: '{match}'"
    what = ("The heading of a comment section (\"Comments\", \"12 comments\", \"10 thoughts on ...\", "
            "\"Leave a Reply\", \"Kommentare\", \"Комментарии\") after at least `min_prose` lines of the "
            "article's prose (in a whole page: of its main article block), and every line after it to "
            "the end of the text. A bare count (\"12 comments\") counts only below most of the prose.")
    why = ("Readers' comments are not the article: they are other authors' text, often longer than "
           "the story, and they end up in the corpus as if the journalist wrote them.")
    flagged = ("Putin's invasion does not go as planned\n\nThe war dragged on for ten weeks, longer than "
               "anyone in Moscow had planned for.\n\nOfficials in Kyiv said the front had not moved for a "
               "month, and the talks stalled.\n\nBelarus kept its army at home, which the Kremlin did not "
               "welcome at all.\n\nComments\n\nGreat piece, thanks for writing it!\n\nI disagree with "
               "almost every word of this article.")
    not_flagged = ("Putin's invasion does not go as planned\n\nComments\n\nThe war dragged on for ten weeks, "
                   "longer than anyone in Moscow had planned for.\n\nOfficials in Kyiv said the front had "
                   "not moved for a month, and the comments of the Kremlin were few.")
    heading = COMMENT_HEADING
    finder = line_finder(COMMENT_HEADING, COMMENT_COUNT)

    def has_heading(self, low: str) -> bool:
        return super().has_heading(low) or (":\n" in low and SIGNATURE_END.search(low) is not None)

    def opens_section(self, text, above, total):
        return bool(COMMENT_HEADING.fullmatch(text) or SIGNATURE.fullmatch(text)
                    or (COMMENT_COUNT.fullmatch(text) and above >= 2 * (total - above)))


# The heading of a block of other stories that ends a page: "Recommended Articles", "Most
# Popular", "More from Reuters", "You may also like", "Meistgelesen", "Самое читаемое"...
# Ambiguous headings that also open boxes inside an article ("Related", "Read more") are
# left out.
RELATED_HEADING = re.compile(
    r"(?:recommended (?:articles|stories|reading|for you|videos)|most (?:popular|read|viewed|shared|commented)"
    r"(?: (?:on|in|at|from) .{1,40})?|popular (?:on|in|at) .{1,40}|more (?:from|on|at) .{1,40}|more stories"
    r"(?: from .{1,40})?|you (?:may|might) also (?:like|enjoy)|what to read next|read next|up next"
    r"|(?:from )?around the web|sponsored (?:stories|links|content)|promoted (?:stories|links)|trending(?: now)?"
    r"|top stories(?: today)?(?: headlines)?|latest (?:news|stories|headlines)|editors?'? picks"
    r"|meistgelesen(?:e artikel)?|am meisten gelesen|das könnte sie auch interessieren|weitere artikel"
    r"|les plus lus|à lire aussi|vous aimerez aussi|lo más (?:leído|visto)|más leídas|te puede interesar"
    r"|i più letti|potrebbe interessarti|mais (?:lidas|lidos)|você pode gostar|najczęściej czytane"
    r"|самое (?:читаемое|популярное)|читайте также|новости по теме|материалы по теме|найпопулярніше"
    r"|читайте також|новини за темою)\s*:?",
    re.IGNORECASE)


class RelatedSection(TailSection):
    code, name = "B207", "related-section"
    message = "other stories after the article: '{match}'"
    what = ("The heading of a block of other stories (\"Recommended Articles\", \"Most Popular\", "
            "\"More from ...\", \"You may also like\", \"Meistgelesen\", \"Самое читаемое\") after at "
            "least `min_prose` lines of the article's prose and below two thirds of it, and every line after "
            "it to the end of the text.")
    why = ("A page ends with teasers of other stories; kept in the text they glue other articles' "
           "headlines and first sentences to this one.")
    flagged = ("Putin's invasion does not go as planned\n\nThe war dragged on for ten weeks, longer than "
               "anyone in Moscow had planned for.\n\nOfficials in Kyiv said the front had not moved for a "
               "month, and the talks stalled.\n\nMost Popular\n\nHow the Fed decides rates, in "
               "five charts\n\nA new poll shows a tight race in South Carolina")
    not_flagged = ("Putin's invasion does not go as planned\n\nThe war dragged on for ten weeks, longer than "
                   "anyone in Moscow had planned for.\n\nRelated\n\nOfficials in Kyiv said the front had "
                   "not moved for a month, and the talks stalled.")
    heading = RELATED_HEADING

    def opens_section(self, text, above, total):
        # such a box also stands inside an article: only below most of the prose is it the end
        return RELATED_HEADING.fullmatch(text) is not None and above >= 2 * (total - above)

    finder = line_finder(RELATED_HEADING)


def page_texts(page: Layout) -> List[str]:
    """Every line's stripped text (a text that is not a page only had its edges stripped)."""
    if page.whole or UNSEEN not in page.shapes:
        return page.texts
    return [t.strip() for t in page.raw]


LIST_ITEM = re.compile(r"[-•*·]\s+\S")
LIST_LINE = re.compile(r"\n[^\S\n]*[-•*·]\s")  # in "\n" + text
LETTERS = re.compile(r"[^\W\d_]{2}")


class HeadlineList(LineRule):
    code, name = "B205", "headline-list"
    message = "list of other stories after the article: '{match}'"
    what = ("A run of at least `min_items` list items (\"- \", \"• \", \"* \"), one a line, after the "
            "article's last sentence: the headlines of related or recommended stories, or a poll's options.")
    why = "Lists after the end of the story link to other pages; their lines are other articles' headlines."
    flagged = ("Putin's invasion does not go as planned\n\nThe war dragged on for ten weeks, longer than "
               "anyone in Moscow had planned for.\n\n- NASA Europa mission could spot signs of life\n"
               "- Photos: Europa, mysterious icy moon of Jupiter\n- Keck Observatory: twin telescopes")
    not_flagged = ("Putin's invasion does not go as planned\n\nThe talks named three conditions:\n\n"
                   "- a ceasefire\n- an exchange of prisoners\n- a new round in Istanbul\n\nThe war dragged "
                   "on for ten weeks, longer than anyone in Moscow had planned for.")
    options = {"min_items": 2}

    def check(self, doc):
        if LIST_LINE.search("\n" + doc.text) is None:
            return
        page = layout(doc)
        if page.is_page or page.last_prose < 0:
            return
        # the lines after the last sentence: list items one a line, nothing between them
        lines = [i for i in range(page.last_prose + 1, len(page.texts)) if page.texts[i]]
        run: List[int] = []
        for i in lines + [None]:
            if i is not None and LIST_ITEM.match(page.texts[i]) and LETTERS.search(page.texts[i]):
                run.append(i)
                continue
            if len(run) >= self.config["min_items"]:
                for j in run:
                    yield self.report_line(doc, doc.lines[j])
            run = []


# -- captions and author bios -----------------------------------------------------------
# A credit at the end of a caption: "...in Delhi. Sanjeev Verma/Hindustan Times/Getty Images",
# "...Credit...Doug Mills/The New York Times", "(Photo: AP)", "...in New York.Reuters"
CREDIT_END = re.compile(
    r"(?:getty images|[./]\s?getty|/ap|, ap|via ap(?:, file)?\)?|ap photo|/afp|afp photo|/reuters|[.)]\s?reuters|/epa"
    r"|/dpa|shutterstock|/statista|[.)]\s?statista|\((?:ap|afp|reuters|getty images|epa|dpa)\)|\bcredit:\s?[^.]{1,60}"
    r"|credit\.{3}\S.*|\((?:photo|image|foto|фото)[^)]{0,60}\))\s*$",
    re.IGNORECASE)
# where a credit may be, found with one scan of the lower-cased text
CREDIT_MARK = re.compile(r"getty|/ap\b|, ap\b|\(ap\)|via ap|ap photo|afp|[./] ?reuters|/epa|/dpa|shutterstock|statista"
                         r"|credit(?::|\.\.\.)|\((?:photo|image|foto|фото)")
CREDIT_MARKS = ("getty", "/ap", ", ap\n", "(ap)", "via ap", "ap photo", "afp", "/reuters", ".reuters", ". reuters", "/epa",
                "/dpa", "shutterstock",
                "statista", "credit:", "credit...", "(photo", "(image", "(foto", "(фото")


class Caption(LineRule):
    code, name = "B206", "caption"
    message = "image caption left in the text: '{match}'"
    what = ("A photo caption: a line that ends in a photo credit (\"... Sanjeev Verma/Hindustan Times/Getty "
            "Images\", \"...Credit...Doug Mills/The New York Times\"), or a one-line paragraph between the "
            "headline and the first paragraph of prose that is not a sentence (at least `min_words` words, "
            "no sentence mark): the caption of the lead picture, or a standfirst.")
    why = "A caption describes a picture the text no longer shows; read as text it is a stray fragment."
    flagged = ("Putin's invasion does not go as planned\n\nRussian dictator Vladimir Putin and his friend, "
               "Belarusian dictator Alyaksandr Lukashenka\n\nSpeaking to the press on May 5, Lukashenka said "
               "the war had run into problems.")
    not_flagged = ("Putin's invasion does not go as planned\n\nSpeaking to the press on May 5, Lukashenka said "
                   "the war had run into problems.\n\nThe war dragged on\n\nOfficials in Kyiv said the front "
                   "had not moved.")
    options = {"min_words": 5}

    def check(self, doc):
        page = layout(doc)
        flagged = set()
        lead = self.lead_caption(page) if "\n\n" in doc.text else None  # a paragraph of its own
        if lead is not None:
            flagged.add(lead)
        low = (doc.lowered or doc.text.lower()) + "\n"
        if any(mark in low for mark in CREDIT_MARKS):
            for m in CREDIT_MARK.finditer(low):
                start, end = low.rfind("\n", 0, m.start()) + 1, low.find("\n", m.end())
                text = low[start:end if end >= 0 else len(low)].strip()
                if words_in(text) >= 3 and CREDIT_END.search(text[-80:]):
                    flagged.add(low.count("\n", 0, start))
        for i in sorted(flagged):
            yield self.report_line(doc, doc.lines[i])

    def lead_caption(self, page: Layout) -> Optional[int]:
        """The one-line paragraph just before the first prose, when it is not a sentence."""
        i = page.first_prose - 1
        while i >= 0 and page.shapes[i] == BLANK:
            i -= 1
        if i <= 0 or page.shapes[i] != TEXT or page.first_prose - i < 2:
            return None  # the first line is the headline; a caption stands in its own paragraph
        text = page.texts[i]
        if page.shapes[i - 1] != BLANK or words_in(text) < self.config["min_words"] or ":" in text[-2:]:
            return None
        before = [j for j in range(i) if page.shapes[j] != BLANK]
        return i if before else None


# A bio's role words, after "is a/an/the": "Jane Doe is a reporter at ...", "Molly Wood (@mollywood)
# is an Ideas contributor at WIRED", "Max Muster ist Korrespondent in Moskau".
BIO = re.compile(
    r"(?:[A-ZÀ-ÞА-ЯІЇЄҐ][\w.'’-]*\s+){1,4}(?:\([^)]{1,60}\)\s+)?"
    r"(?:is|was|ist|war|est|es|è|é|є|—|–|-)\s+(?:an?\s+|the\s+|un[ae]?\s+|ein(?:e)?\s+|uno?\s+|um[a]?\s+|il\s+|la\s+|le\s+|der\s+|die\s+)?"
    r"(?:[\w'’-]+\s+){0,5}?"
    r"(?:reporter|writer|editor|correspondent|journalist|columnist|contributor|author|blogger|curator"
    r"|photographer|freelancer|redakteur(?:in)?|korrespondent(?:in)?|autor(?:in)?|journalistin"
    r"|journaliste|correspondante?|rédact(?:eur|rice)|chroniqueu(?:r|se)|periodista|corresponsal|redactora?"
    r"|columnista|giornalista|corrispondente|redattore|jornalista|correspondente|colunista"
    r"|журналист(?:ка)?|корреспондент|обозреватель|редактор|журналіст(?:ка)?|кореспондент|оглядач)\b")
# as whole words: " is ", " was "...
BIO_COPULAS = tuple(f" {verb} " for verb in ("is", "was", "ist", "war", "est", "es", "è", "é", "є", "—", "–", "-"))
BIO_VERBS = re.compile(r"\b(?:writes|covers|reports on|schreibt|écrit|escribe|scrive|escreve|пишет|пише)\b")


class AuthorBio(LineRule):
    code, name = "B208", "author-bio"
    message = "author bio after the article: '{match}'"
    what = ("Among the last `max_lines` lines of a text, a line that introduces the author: a name "
            "(capitalised words, maybe a handle in brackets) followed by \"is a reporter / editor / "
            "correspondent ...\" in one of several languages.")
    why = "The bio describes the writer, not the news; it repeats under every article of that author."
    flagged = ("Putin's invasion does not go as planned\n\nThe war dragged on for ten weeks, longer than "
               "anyone in Moscow had planned for.\n\nJane Doe (@janedoe) is a senior correspondent at "
               "Example News, covering Russia and Belarus.")
    not_flagged = ("Putin's invasion does not go as planned\n\nThe war dragged on for ten weeks, longer than "
                   "anyone in Moscow had planned for.\n\nLukashenko is a former collective-farm director who "
                   "has ruled Belarus since 1994.")
    options = {"max_lines": 3}

    def check(self, doc):
        # the last lines alone: rsplit keeps the rest of the text in one piece
        last = doc.text.rsplit("\n", 4 * self.config["max_lines"])
        first_index = doc.text.count("\n") + 1 - len(last)
        tail = [i for i in range(len(last) - 1, 0, -1) if last[i].strip()][:self.config["max_lines"]]
        bios = [first_index + i for i in sorted(tail) if self.is_bio(last[i].strip())]
        if bios and not layout(doc).is_page:
            for i in bios:
                yield self.report_line(doc, doc.lines[i])

    def is_bio(self, text: str) -> bool:
        if len(text) > 400 or not text[:1].isupper():
            return False
        head = text[:160]
        if any(verb in head for verb in BIO_COPULAS) and BIO.match(text):
            return True
        return BIO_VERBS.search(head) is not None and self.is_writer_line(text)

    @staticmethod
    def is_writer_line(text: str) -> bool:
        """"Pulitzer Prize-winning journalist Michael Hiltzik writes a daily blog ...\""""
        head = text[:120].lower()
        return any(word in head.split(" writes")[0] for word in ("journalist", "columnist", "reporter", "writer"))
