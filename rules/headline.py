"""The headline: cut off, ending in a dangling word, with an unclosed quote, or missing.

The word lists are data: rules/data/headline-words.toml; how common a word is comes from
rules/data/english-word-zipf.txt.gz (see rules/lexicon.py).
"""
from __future__ import annotations

import re
import sys
from functools import lru_cache
from importlib import resources

from newslint import DocumentRule
from newslint.finding import Span

from .lexicon import Completions, zipf
from .structure import HEADLINE_QUOTE_CHARS, unpaired_quotes

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

WORD_RE = re.compile(r"[\w'\u2019]+")  # matched on the reversed headline: its last word
WORD_TAIL_RE = re.compile(r"\w*")
BRACKETS = {"(": ")", "[": "]", "{": "}"}
BRACKET_RE = re.compile(r"[()\[\]{}]")
MAX_HEADLINE = 250  # a first line longer than this is body text, not a headline
LONG_SENTENCE = 150  # ... and so is one this long that ends like a sentence


@lru_cache(maxsize=1)
def headline_words() -> dict:
    data = resources.files(__package__).joinpath("data/headline-words.toml").read_bytes()
    words = tomllib.loads(data.decode("utf-8"))
    return {key: set(value) for key, value in words.items()}


@lru_cache(maxsize=1)
def completions() -> Completions:
    return Completions(min_zipf=2.5)


def is_body_text(line: str) -> bool:
    """Whether a first line reads as body text rather than as a headline."""
    return len(line) > MAX_HEADLINE or (len(line) > LONG_SENTENCE and line.rstrip("\"'\u201d\u2019)")[-1:] in ".!?")


def is_english(text: str) -> bool:
    """Whether a headline can be read as English (the word list is English): it has words
    before its last, and a quarter or more of those in lower case are English words (names
    and acronyms do not count)."""
    words = WORD_RE.findall(text)[:-1]
    lower = [w for w in words if w.islower()]
    return bool(words) and sum(zipf(w) is not None for w in lower) * 4 >= len(lower)


def continues(doc, head) -> bool:
    """Whether a headline line goes on in the next line (a hard-wrapped first line): the next
    line follows without a blank line and does not start with a capital, or the headline is
    in capitals (wire style, where the next line may go on in capitals too)."""
    if head.line == 0:
        return False
    following = doc.body.split("\n", 1)[0].lstrip()  # the line after the headline's, if any
    return bool(following) and (not following[:1].isupper() or head.text.upper() == head.text)


def last_word(text: str):
    """(start, word) of the headline's last word when the headline ends in one."""
    m = WORD_RE.match(text[::-1])
    return (len(text) - m.end(), m.group()[::-1]) if m else (len(text), "")


class HeadlineRule(DocumentRule):
    """A rule about a headline that is there to check (not missing, not body text)."""

    def check(self, doc):
        checked = doc.memo("checked_headline", checked_headline)
        if checked is not None:
            yield from self.check_headline(doc, *checked)

    def check_headline(self, doc, text: str, start: int, word: str):
        """`word` is the headline's last word, from `start`."""
        raise NotImplementedError


def checked_headline(doc):
    """(text, start, word) of a headline there is to check, computed once for the H rules."""
    head = doc.headline
    if head is None or is_body_text(head.text) or continues(doc, head):
        return None
    return (head.text, *last_word(head.text))


class TruncatedHeadline(HeadlineRule):
    code, name = "H101", "truncated-headline"
    message = "headline cut off: '{match}'"
    what = ("An English headline that ends inside a word: its last word is a proper prefix of a word "
            "in the body, or is no word (or a far likelier start of a longer word than a word itself), "
            "or the headline ends in an ellipsis.")
    why = ("Scrapers and feeds cut titles at a character limit; a cut headline is a wrong title in "
           "the corpus and in everything built from it.")
    flagged = "Says Igor Kalinovs\n\nThe analyst Igor Kalinovsky said the army is in disarray."
    not_flagged = "Says Igor Kalinovsky\n\nThe analyst Igor Kalinovsky said the army is in disarray."
    options = {"likelihood": 7.0, "likelihood_at_limit": 3.5}

    def check_headline(self, doc, text, start, word):
        if text.endswith(("...", "\u2026")) and doc.body.strip() and is_english(text):  # a lone line may be a sentence
            kept = len(text.rstrip(".\u2026"))
            yield self.report(doc.title_span(kept, len(text)), doc,
                              f"headline ends in an ellipsis: cut off at '{text[-40:]}'", evidence="ellipsis")
            return
        completion = self.cut_word(doc, text, word)
        if completion and is_english(text):
            evidence, whole = completion
            where = "the body has" if evidence == "body" else "likely"
            yield self.report(doc.title_span(start, len(text)), doc,
                              f"headline cut off mid-word: '{word}' ({where} '{whole}')",
                              evidence=evidence, completion=whole)

    def cut_word(self, doc, text: str, word: str):
        """(evidence, completion) when `word`, ending the headline, is a cut word."""
        if len(word) < 2 or not word.isalpha():
            return None  # digits, apostrophes, a single letter
        lower = word.lower()
        known = zipf(lower)
        all_caps = text.isupper()
        if all_caps and known is not None:
            return None  # capitals are abbreviation-heavy wire style: only unknown words are checked
        words = headline_words()
        if lower in words["dangling"] or lower in words["headlinese"]:
            return None
        suspicious = False
        if not all_caps:
            if not word[1:].islower():
                return None  # an acronym or a name like iPod in a mixed-case headline
            mass = completions().mass(lower)
            limit = len(text) in words["length_limits"]
            likelihood = self.config["likelihood_at_limit" if limit else "likelihood"]
            suspicious = mass > 0 and (known is None or (len(word) == 2 and lower not in words["short_endings"])
                                       or mass > likelihood * 10 ** known)
            if not suspicious and known is not None:
                return None
        # The body decides when it uses the word: whole (complete) or only longer (cut).
        used = words_starting(doc.body, lower)
        if lower in used:
            return None
        if used:
            return "body", max(used.values(), key=lambda w: (zipf(w) or 0, w))
        return ("word-list", completions().likeliest(lower)) if suspicious else None


def words_starting(text: str, prefix: str) -> dict:
    """Lower-cased form -> a written form, of the words of a text that start with `prefix`
    (lower case). str.find rather than a regex made for each word: compiling costs more."""
    low = text.lower()
    source = text if len(low) == len(text) else low
    found, i = {}, low.find(prefix)
    while i >= 0:
        if i == 0 or not low[i - 1].isalnum():
            end = WORD_TAIL_RE.match(low, i + len(prefix)).end()
            found[low[i:end]] = source[i:end]
        i = low.find(prefix, i + 1)
    return found


class DanglingHeadline(HeadlineRule):
    code, name = "H102", "dangling-headline-word"
    message = "headline ends in '{match}': cut off after a word"
    what = "A headline that ends in an article, preposition, conjunction or possessive ('... talks with the')."
    why = "A complete headline does not end in a function word: the title was cut at a character limit."
    flagged = "Putin meets Lukashenko for talks on the\n\nThe two leaders met in Minsk on Friday."
    not_flagged = "Putin meets Lukashenko for talks on the border\n\nThe two leaders met in Minsk on Friday."

    def check_headline(self, doc, text, start, word):
        if word.lower() not in headline_words()["dangling"]:
            return
        if word.isupper() and text.upper() != text:
            return  # "Plan A", "OR" (Oregon) in a mixed-case headline
        yield self.report(doc.title_span(start, len(text)), doc)


class UnbalancedHeadline(HeadlineRule):
    code, name = "H103", "unbalanced-headline-quote"
    message = "headline opens a quotation mark or bracket and never closes it: '{match}'"
    what = "A headline with a quotation mark or bracket that it opens and does not close."
    why = "An unclosed quote or bracket in a title is a sign it was cut at a character limit."
    flagged = "Obama to Muslims: \u2018America is not\n\nThe president spoke in Cairo."
    not_flagged = "Obama to Muslims: \u2018America is not your enemy\u2019\n\nThe president spoke in Cairo."

    def check_headline(self, doc, text, start, word):
        if text.isascii() and not any(char in text for char in "\"'([{"):
            return  # the common case, cheaply
        if not BRACKET_RE.search(text) and not any(char in text for char in HEADLINE_QUOTE_CHARS):
            return
        opened = [(mark.start, mark.char) for mark in unpaired_quotes(text) if mark.opens]
        stack = []
        for m in BRACKET_RE.finditer(text):
            if m.group() in BRACKETS and text[m.end():m.end() + 1] not in ("", " ") + tuple(BRACKETS):
                # an opening bracket is followed by what it holds, not by space: "((" is a frown
                stack.append((m.start(), m.group()))
            elif stack and m.group() == BRACKETS[stack[-1][1]]:
                stack.pop()
        for start, char in sorted(opened + stack)[:1]:
            yield self.report(doc.title_span(start, len(text)), doc,
                              f"headline opens {char} and never closes it: cut off inside a quotation or bracket")


class MissingHeadline(DocumentRule):
    code, name = "H104", "missing-headline"
    message = "no headline: {match}"
    severity = "info"
    what = ("A document with no headline: a record whose title field is empty, or a text whose first "
            f"line is body text (longer than {MAX_HEADLINE} characters, or longer than {LONG_SENTENCE} "
            "and ending like a sentence).")
    why = "Extractors often drop the title; an article without its headline loses its topic and its identity."
    flagged = ("Americans have gone to the polls four times this month to vote in major, statewide races, "
               "and in Virginia the results surprised almost every pollster who had followed the campaign.\n")
    not_flagged = "Virginia vote surprises pollsters\n\nAmericans have gone to the polls four times this month.\n"

    def check(self, doc):
        if not doc.text.strip():
            return  # an empty document is S101's
        head = doc.headline
        if head is None:
            yield self.report(Span(0, 1, 0, 1, ""), doc, "no headline: the title field is empty")
        elif is_body_text(head.text):
            yield self.report(doc.title_span(0, 0), doc, "no headline: the text starts with body text")
