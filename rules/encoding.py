"""Encoding damage: a legacy-encoded source file, mojibake, lost, control and invisible
characters, HTML entities left in the text, and words that mix Latin and Cyrillic letters.
(Leftover HTML tags are a pattern pack: encoding_markup.toml.)

Clean text must cost almost nothing: pure-ASCII text (a flag CPython keeps on every string)
skips every rule below that looks for non-ASCII characters, and each rule looks for its
characters with one precompiled regex over the whole text before any per-line work.
"""
from __future__ import annotations

import html
import re
import unicodedata
from html.entities import html5
from typing import Callable, FrozenSet, Iterator, List, Tuple

import ftfy
from ftfy.badness import is_bad
from ftfy.chardata import CHARMAP_ENCODINGS

from newslint import DocumentRule
from newslint.finding import Edit, Fix, Span

# -- helpers -----------------------------------------------------------------------------

SpanOf = Callable[[int, int], Span]


def _texts(doc, may_hold: Callable[[FrozenSet[str]], bool] = None) -> List[Tuple[str, SpanOf]]:
    """(text, span_of) of the document's text and of its title field when the headline is one
    (JSONL). With `may_hold`, a test on a text's set of characters, only the non-ASCII texts
    that pass it: being ASCII is a flag CPython keeps, and the set is one pass over the text
    that the rules share."""
    if may_hold is not None and doc.text.isascii() and (doc.title is None or doc.title.isascii()):
        return []  # the common case, answered first

    def wanted(text):
        return may_hold is None or (not text.isascii() and may_hold(_characters(doc, text)))

    texts = [(doc.text, doc.span)] if wanted(doc.text) else []
    if doc.title is not None and doc.title.strip() and wanted(doc.title):
        texts.append((doc.headline.text, doc.title_span))
    return texts


def _characters(doc, text: str) -> FrozenSet[str]:
    """The set of characters of the document's text (one pass, which the E rules share) or title."""
    return doc.memo("encoding.characters", lambda d: frozenset(d.text)) if text is doc.text else frozenset(text)


def _char_set(ranges: str) -> FrozenSet[str]:
    """The characters of a regex class body such as "\\x00-\\x08\\x0b" (ranges and single characters)."""
    out, i = set(), 0
    while i < len(ranges):
        if i + 2 < len(ranges) and ranges[i + 1] == "-":
            out.update(map(chr, range(ord(ranges[i]), ord(ranges[i + 2]) + 1)))
            i += 3
        else:
            out.add(ranges[i])
            i += 1
    return frozenset(out)


def _line_around(text: str, start: int, end: int) -> Tuple[int, int]:
    return text.rfind("\n", 0, start) + 1, (text.find("\n", end) + 1 or len(text) + 1) - 1


def _is_word_char(ch: str, extra: str = "") -> bool:
    return ch.isalnum() or unicodedata.category(ch)[0] == "M" or ch in extra


def _word_around(text: str, start: int, end: int, extra: str = "") -> Tuple[int, int]:
    """text[start:end] widened to whole words; `extra` characters count as word characters."""
    while start > 0 and _is_word_char(text[start - 1], extra):
        start -= 1
    while end < len(text) and _is_word_char(text[end], extra):
        end += 1
    return start, end


def _widened_matches(regex, text: str, widen) -> Iterator[Tuple[int, int]]:
    """Each match widened by `widen(text, start, end)` (to its word, its line); a match inside
    the widened stretch of an earlier one is not reported again."""
    pos = 0
    while True:
        m = regex.search(text, pos)
        if m is None:
            return
        start, end = widen(text, m.start(), m.end())
        pos = max(end, m.end())
        yield start, end


def _deletion(rule, doc, text: str, span_of: SpanOf, start: int, end: int, what: str, safe: bool = True):
    """A finding for characters the fix deletes; the message shows them in their context."""
    span = span_of(start, end)
    context = text[max(0, start - 20):end + 20]
    return rule.report(span, doc, f"{what} {_codepoints(text[start:end][:3])} in '{_shown(context)}'",
                       Fix(f"delete the {what}s", (_edit(span, ""),), safe=safe))


def _edit(span: Span, replacement: str) -> Edit:
    return Edit(span.line, span.column, span.end_line, span.end_column, replacement)


def _codepoints(chars: str) -> str:
    return ", ".join(f"U+{ord(c):04X} {_char_name(c)}" for c in dict.fromkeys(chars))


def _char_name(ch: str) -> str:
    if unicodedata.category(ch) == "Cc":
        return CONTROL_NAMES.get(ord(ch), "control")
    return unicodedata.name(ch, "private use" if unicodedata.category(ch) == "Co" else "unnamed")


def _shown(text: str, limit: int = 40) -> str:
    """Text for a message: invisible and control characters made visible as ⟨U+XXXX⟩."""
    text = INVISIBLE_OR_CONTROL.sub(lambda m: "".join(f"\u27e8U+{ord(c):04X}\u27e9" for c in m.group()), text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _repairs_mojibake(line: str) -> bool:
    """Whether E102 reports this line; other rules leave such lines to it."""
    return not line.isascii() and ftfy.fix_encoding(line) != line


# -- E101 --------------------------------------------------------------------------------

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


# -- E102 --------------------------------------------------------------------------------

def _bytes_as_characters(low: int, high: int) -> FrozenSet[str]:
    """The non-ASCII characters bytes low..high are in the single-byte encodings ftfy repairs."""
    return frozenset(c for enc in CHARMAP_ENCODINGS for c in bytes(range(low, high + 1)).decode(enc) if c > "\x7f")


def _class(chars: FrozenSet[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


# UTF-8 lead bytes taking one, two and three continuation bytes, and the continuation bytes.
LEAD2 = _bytes_as_characters(0xC2, 0xDF)
LEAD3 = _bytes_as_characters(0xE0, 0xEF)
LEAD4 = _bytes_as_characters(0xF0, 0xF4)
LEADS, CONTINUATIONS = LEAD2 | LEAD3 | LEAD4, _bytes_as_characters(0x80, 0xBF)
C1_CONTROLS = _char_set("\x80-\x9f")
LOST_NO_BREAK_SPACE = "\u00c2\u00c3\u00c5\u00ce\u00d0\u00d9"  # leads ftfy restores a no-break space after
# A cheap necessary sign of UTF-8 read as a single-byte encoding: a lead byte followed by as many
# continuation bytes as it takes (as characters of one of those encodings), a lead byte before
# U+FFFD (a lost byte) or, for some, before a space (a lost no-break space), and C1 controls.
_CONTINUATION = _class(CONTINUATIONS)
MOJIBAKE_HINT = re.compile(
    f"{_class(LEADS)}(?:(?<={_class(LEAD2)}){_CONTINUATION}|(?<={_class(LEAD3)}){_CONTINUATION}{{2}}|"
    f"(?<={_class(LEAD4)}){_CONTINUATION}{{3}}|\ufffd)|[{LOST_NO_BREAK_SPACE}] |[\x80-\x9f]")


def _may_hold_mojibake(chars: FrozenSet[str]) -> bool:
    """MOJIBAKE_HINT can match a text with these characters."""
    return (not chars.isdisjoint(C1_CONTROLS) or not chars.isdisjoint(LOST_NO_BREAK_SPACE)
            or (not chars.isdisjoint(LEADS) and not (chars.isdisjoint(CONTINUATIONS) and "\ufffd" not in chars)))


class Mojibake(DocumentRule):
    code, name = "E102", "mojibake"
    message = "mojibake: '{match}'"
    fixable = True
    what = ("Mojibake: UTF-8 text that was read as windows-1252, latin-1, windows-1251, MacRoman or "
            "another single-byte encoding on the way (\"HÃ´tel\" for \"Hôtel\", \"вЂ™\" for \"’\"). "
            "A cheap regex finds lines holding a UTF-8 lead byte followed by continuation bytes as "
            "characters of such an encoding; ftfy then confirms with its badness heuristic and "
            "re-decodes the line. The finding carries ftfy's repair as its fix, marked unsafe when "
            "bytes were lost (U+FFFD), when the repaired line still looks like mojibake (text in "
            "another legacy code page, which ftfy half repairs) or when C1 controls were read as "
            "windows-1252 letters that other Windows code pages read otherwise.")
    why = ("Mojibake makes words unreadable and unsearchable, and once a corpus mixes damaged and clean "
           "copies of a name, nothing downstream matches them. The repair is mechanical and exact "
           "when no byte was lost.")
    flagged = "Police at the HÃ´tel de Ville\n\nThe mayorâ€™s office said nothing."
    not_flagged = ("Police at the Hôtel de Ville\n\nThe mayor’s office in Łódź said «Résumé» costs 5×£3 — "
                   "10 µg at −5 °C, as in Škoda’s Ålesund plant.")

    def check(self, doc):
        for text, span_of in _texts(doc, _may_hold_mojibake):
            for start, end in _widened_matches(MOJIBAKE_HINT, text, _line_around):
                finding = self._repair(doc, text[start:end], start, span_of)
                if finding is not None:
                    yield finding

    def _repair(self, doc, line: str, offset: int, span_of: SpanOf):
        fixed, steps = ftfy.fix_encoding_and_explain(line)
        if fixed == line:
            return None
        head = 0  # the changed middle: strip the common head and tail, widened to whole words
        while head < min(len(line), len(fixed)) and line[head] == fixed[head]:
            head += 1
        tail = 0
        while tail < min(len(line), len(fixed)) - head and line[-1 - tail] == fixed[-1 - tail]:
            tail += 1
        start, end = _word_around(line, head, len(line) - tail)
        before, after = line[start:end], fixed[start:len(fixed) - (len(line) - end)]
        how = _how_damaged(steps)
        # Safe: no byte was lost, the repaired line no longer looks like mojibake (else the text
        # is more likely in another legacy code page, which ftfy half repairs), and C1 controls
        # read as windows-1252 are ones every Windows code page reads alike (0x9C is "œ" there
        # but "ś" in windows-1250).
        c1 = {ch for ch in before if "\x80" <= ch <= "\x9f"}
        safe = (after.count("\ufffd") <= before.count("\ufffd") and not is_bad(fixed)
                and (how != C1_AS_WINDOWS_1252 or c1 <= CODE_PAGE_NEUTRAL_C1))
        span = span_of(offset + start, offset + end)
        return self.report(span, doc, f"mojibake ({how}): '{_shown(before)}' should be '{_shown(after)}'"
                           + ("" if safe else " (uncertain repair)"),
                           Fix("re-decode the mojibake", (_edit(span, after),), safe=safe),
                           damage=how, repair=after)


C1_AS_WINDOWS_1252 = "windows-1252 read as latin-1"
CODE_PAGE_NEUTRAL_C1 = {chr(b) for b in range(0x80, 0xA0)
                        if len({bytes([b]).decode(f"cp{page}", errors="replace")
                                for page in (1250, 1251, 1252, 1253, 1254, 1257)}) == 1}


def _how_damaged(steps) -> str:
    """ftfy's explanation of a repair, in words: "UTF-8 read as windows-1251"."""
    encoded = next((name for step, name in steps if step == "encode"), None)
    decoded = next((name for step, name in steps if step == "decode"), None)
    if encoded and decoded:
        if decoded == "windows-1252":
            return C1_AS_WINDOWS_1252
        return f"UTF-8 read as {encoded.replace('sloppy-', '')}"
    if any(name == "decode_inconsistent_utf8" for _, name in steps):
        return "UTF-8 read as windows-1252 in places"
    return C1_AS_WINDOWS_1252


# -- E103 --------------------------------------------------------------------------------

REPLACEMENT_RUN = re.compile("\ufffd+")


class ReplacementCharacter(DocumentRule):
    code, name = "E103", "replacement-character"
    message = "replacement character U+FFFD: '{match}'"
    what = ("The Unicode replacement character U+FFFD (\ufffd), which a decoder writes where it met "
            "bytes it could not decode.")
    why = ("The original characters are lost: the text was decoded with the wrong encoding or cut "
           "inside a multi-byte character. It cannot be repaired from the text; re-fetch or re-decode "
           "the source.")
    flagged = "Prices in Z\ufffdrich\n\nThe index fell in Z\ufffd\ufffdrich on Monday."
    not_flagged = "Prices in Zürich\n\nThe index fell in Zürich on Monday."

    def check(self, doc):
        for text, span_of in _texts(doc, lambda chars: "\ufffd" in chars):
            for m in REPLACEMENT_RUN.finditer(text):
                start, end = _word_around(text, m.start(), m.end())
                yield self.report(span_of(start, end), doc, count=len(m.group()))


# -- E104 --------------------------------------------------------------------------------

# ASCII controls that are not white space (as ftfy's remove_control_chars), DEL, and C1 controls.
CONTROLS = "\x00-\x08\x0b\x0e-\x1f\x7f-\x9f"
CONTROL_RUN = re.compile(f"[{CONTROLS}]+")
CONTROL_CHARACTERS = _char_set(CONTROLS)


ASCII_TEXT_BYTES = bytes(range(0x20, 0x7F)) + b"\t\n\x0c\r"


def _free_of_controls(doc, text: str) -> bool:
    """A fast test: nothing is left of ASCII text once its printable and white-space bytes are
    deleted (in C); other text is free of controls when its set of characters is."""
    if text.isascii():
        return not text.encode("ascii").translate(None, ASCII_TEXT_BYTES)
    return _characters(doc, text).isdisjoint(CONTROL_CHARACTERS)
CONTROL_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BACKSPACE", 0x0B: "VERTICAL TAB", 0x1A: "SUB",
                 0x1B: "ESCAPE", 0x7F: "DELETE"}


class ControlCharacter(DocumentRule):
    code, name = "E104", "control-character"
    message = "control character in the text"
    fixable = True
    what = ("ASCII control characters other than tab, newline and form feed (NUL, BEL, ESC, SUB ...), "
            "DEL, and C1 control characters (U+0080-U+009F) that are not part of a line E102 repairs. "
            "The fix deletes them.")
    why = ("They are never text: a NUL breaks databases and C tools, all of them are invalid in XML, "
           "and they mark binary junk or a lost character (SUB is ASCII's own replacement character).")
    flagged = "Markets\n\nThe WWF\x07 (2020) report was published."
    not_flagged = "Markets\n\nThe WWF (2020) report was published.\tTabs are fine."

    def check(self, doc):
        for text, span_of in _texts(doc):
            if _free_of_controls(doc, text):
                continue
            for m in CONTROL_RUN.finditer(text):
                line = text[slice(*_line_around(text, m.start(), m.end()))]
                if max(m.group()) >= "\x80" and _repairs_mojibake(line):
                    continue  # C1 controls on a line E102 repairs are its bytes
                yield _deletion(self, doc, text, span_of, m.start(), m.end(), "control character")


# -- E105, E106 --------------------------------------------------------------------------

ZERO_WIDTH = "\u200b\u200c\u200d"
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
ALWAYS_INVISIBLE = "\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffc"
INVISIBLE_RUN = re.compile(f"[{ZERO_WIDTH}{BIDI_CONTROLS}{ALWAYS_INVISIBLE}]+")
INVISIBLE_CHARACTERS = _char_set(ZERO_WIDTH + BIDI_CONTROLS + ALWAYS_INVISIBLE)
BIDI_CHARACTERS = _char_set(BIDI_CONTROLS)
# What a message shows as ⟨U+XXXX⟩: the invisible, control and private-use characters.
INVISIBLE_OR_CONTROL = re.compile(f"[{ZERO_WIDTH}{BIDI_CONTROLS}{ALWAYS_INVISIBLE}\u00ad\x00-\x08\x0b\x0e-\x1f"
                                  "\x7f-\x9f\ue000-\uf8ff\U000f0000-\U0010ffff]+")
RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff]")


def _uses_zero_width(ch: str) -> bool:
    """Scripts after Latin, Greek, Cyrillic and Armenian (Arabic, Indic, Thai, CJK ...) and emoji
    use zero-width (non-)joiners and spaces; general punctuation and white space do not."""
    return ch >= "\u0590" and not ("\u2000" <= ch <= "\u206f") and ch != "\ufeff"


class InvisibleCharacter(DocumentRule):
    code, name = "E105", "invisible-character"
    message = "invisible character in the text"
    fixable = True
    what = ("Invisible format characters with no job where they stand: zero-width spaces and "
            "(non-)joiners between letters of scripts that do not use them (Latin, Greek, Cyrillic; "
            "Arabic, Indic, Thai, CJK and emoji sequences do), bidi marks, embeddings and isolates in a "
            "line without right-to-left text, word joiners, invisible operators, a byte order mark "
            "inside the text, deprecated format characters and interlinear annotation or object "
            "replacement characters. The fix deletes them, which leaves the visible text unchanged.")
    why = ("They make equal words compare unequal (\"Kyiv\" with a zero-width space is another token), "
           "break search, deduplication and tokenisers, and show that markup or an editor's "
           "formatting leaked into the text.")
    flagged = "Wide-angle camera\n\nThe camera in the \u200ciPhone 11\u200c is wider. COVID-\u206019 spread."
    not_flagged = ("Wide-angle camera\n\nThe camera in the iPhone 11 is wider. "
                   "Persian: \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645, "
                   "emoji: \U0001f939\u200d\u2640\ufe0f, Hebrew with a mark: \u05e9\u05dc\u05d5\u05dd\u200f.")

    def check(self, doc):
        for text, span_of in _texts(doc, lambda chars: not chars.isdisjoint(INVISIBLE_CHARACTERS)):
            for m in INVISIBLE_RUN.finditer(text):
                before = text[m.start() - 1] if m.start() else ""
                after = text[m.end()] if m.end() < len(text) else ""
                line = text[slice(*_line_around(text, m.start(), m.end()))]
                flagged = [i for i, ch in enumerate(m.group(), m.start()) if self._stray(ch, before, after, line)]
                for start, end in _runs(flagged):
                    yield _deletion(self, doc, text, span_of, start, end, "invisible character")

    @staticmethod
    def _stray(ch: str, before: str, after: str, line: str) -> bool:
        if ch in ZERO_WIDTH:
            return not (_uses_zero_width(before) if before else False) and \
                not (_uses_zero_width(after) if after else False)
        if ch in BIDI_CHARACTERS:
            return RIGHT_TO_LEFT.search(line) is None
        return True


def _runs(indices):
    """(start, end) of each run of consecutive indices."""
    start = previous = None
    for i in indices:
        if previous is None or i != previous + 1:
            if start is not None:
                yield start, previous + 1
            start = i
        previous = i
    if start is not None:
        yield start, previous + 1


SOFT_HYPHEN = re.compile("\u00ad")


def _word_with_soft_hyphens(text: str, start: int, end: int) -> Tuple[int, int]:
    return _word_around(text, start, end, "\u00ad")


class SoftHyphen(DocumentRule):
    code, name = "E106", "soft-hyphen"
    message = "soft hyphen in '{match}'"
    severity = "info"
    fixable = True
    what = ("A word holding soft hyphens (U+00AD), the invisible hyphenation hints some sites (German ones "
            "especially) put into long words. One finding per word; the fix deletes them.")
    why = ("In plain text a soft hyphen is invisible but splits the word for every program: "
           "\"Erweiterungs\u00admöglichkeiten\" does not match \"Erweiterungsmöglichkeiten\" in search, "
           "deduplication or a tokeniser. Harmless to readers, hence only info.")
    flagged = "Neue Regeln\n\nDie Stadt prüft Erweiterungs\u00admöglichkeiten."
    not_flagged = "Neue Regeln\n\nDie Stadt prüft Erweiterungs-möglichkeiten und Erweiterungsmöglichkeiten."

    def check(self, doc):
        for text, span_of in _texts(doc, lambda chars: "\u00ad" in chars):
            for start, end in _widened_matches(SOFT_HYPHEN, text, _word_with_soft_hyphens):
                span = span_of(start, end)
                word = text[start:end]
                yield self.report(span, doc, f"soft hyphen in '{_shown(word.replace(chr(0xAD), '-'))}'",
                                  Fix("delete the soft hyphens", (_edit(span, word.replace("\u00ad", "")),)))


# -- E107 --------------------------------------------------------------------------------

ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


class HtmlEntity(DocumentRule):
    code, name = "E107", "html-entity"
    message = "HTML entity left in the text: '{match}'"
    fixable = True
    what = ("An HTML character reference left in plain text: a named entity of the HTML5 list "
            "(&amp;amp; &amp;nbsp; &amp;quot; ...) or a numeric one (&amp;#8217; &amp;#x2019;), always "
            "with its semicolon. The fix replaces it with the character it stands for (html.unescape).")
    why = ("The scraper or an export step escaped the text twice or never unescaped it; readers see "
           "\"AT&amp;amp;T\" and tools count a word that is not there.")
    flagged = "AT&amp;T results\n\nThe company&#8217;s profit rose&nbsp;5%."
    not_flagged = "AT&T results\n\nThe company's R&D budget rose; Procter & Gamble&Co. did not."

    def check(self, doc):
        for text, span_of in _texts(doc):
            if "&" not in text:
                continue
            for m in ENTITY.finditer(text):
                entity = m.group()
                if entity[1] != "#" and entity[1:] not in html5:
                    continue
                character = html.unescape(entity)
                span = span_of(m.start(), m.end())
                yield self.report(span, doc,
                                  f"HTML entity left in the text: '{entity}' (means {_shown(character)!r})",
                                  Fix("replace the entity with its character", (_edit(span, character),)),
                                  character=character)


# -- E109 --------------------------------------------------------------------------------

LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
CYRILLIC = "\u0400-\u052f"
SCRIPT_SEAM = re.compile(f"[{LATIN}{CYRILLIC}](?:(?<=[{LATIN}])[{CYRILLIC}]|(?<=[{CYRILLIC}])[{LATIN}])")
IS_CYRILLIC = re.compile(f"[{CYRILLIC}]")
IS_LATIN = re.compile(f"[{LATIN}]")
# Cyrillic letters that look like Latin ones, for the fix (Unicode confusables, the common ones).
CYRILLIC_TO_LATIN = dict(zip("АВЕКМНОРСТХУІЈЅЇаеорсухіјѕїһԁԛԝӏ", "ABEKMHOPCTXYIJSÏaeopcyxijsïhdqwl"))
LATIN_TO_CYRILLIC = {latin: cyrillic for cyrillic, latin in CYRILLIC_TO_LATIN.items() if latin not in "hdqwl"}


class MixedScriptWord(DocumentRule):
    code, name = "E109", "mixed-script-word"
    message = "word mixes Latin and Cyrillic letters: '{match}'"
    fixable = True
    what = ("A word that mixes Latin and Cyrillic letters, such as \"Kyiv\" typed with a Cyrillic \"К\" or "
            "a Ukrainian word with a Latin \"i\". When every letter of the smaller script has a look-alike "
            "in the larger one, the fix swaps them (marked unsafe: the larger script is a guess). Lines "
            "that E102 repairs as mojibake are left to it.")
    why = ("The word looks right and is wrong: search, spell checking, deduplication and entity linking "
           "all miss it. It comes from switching keyboard layouts, OCR and spam that dodges filters.")
    flagged = "Talks in \u041ayiv\n\nDelegations met in \u041ayiv on Monday."
    not_flagged = ("Talks in Kyiv\n\nDelegations met in Kyiv (\u041a\u0438\u0457\u0432) on Monday; "
                   "the iPhone-\u0432\u0435\u0440\u0441\u0456\u044f sold out.")

    def check(self, doc):
        for text, span_of in _texts(doc, _has_latin_and_cyrillic):
            for start, end in _widened_matches(SCRIPT_SEAM, text, _word_around):
                if _repairs_mojibake(text[slice(*_line_around(text, start, end))]):
                    continue
                word = text[start:end]
                span = span_of(start, end)
                swapped = _same_script(word)
                fix = None if swapped is None else Fix("replace the look-alike letters", (_edit(span, swapped),),
                                                       safe=False)
                yield self.report(span, doc, fix=fix, suggestion=swapped)


def _has_latin_and_cyrillic(chars: FrozenSet[str]) -> bool:
    letters = "".join(chars)
    return IS_CYRILLIC.search(letters) is not None and IS_LATIN.search(letters) is not None


def _same_script(word: str):
    """The word with its minority-script letters swapped for look-alikes, or None."""
    cyrillic, latin = len(IS_CYRILLIC.findall(word)), len(IS_LATIN.findall(word))
    if cyrillic == latin:
        return None
    table, minority = (CYRILLIC_TO_LATIN, IS_CYRILLIC) if latin > cyrillic else (LATIN_TO_CYRILLIC, IS_LATIN)
    if any(ch not in table for ch in minority.findall(word)):
        return None
    return "".join(table.get(ch, ch) if minority.match(ch) else ch for ch in word)


# -- E110 --------------------------------------------------------------------------------

PRIVATE_USE_RUN = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]+")


class PrivateUseCharacter(DocumentRule):
    code, name = "E110", "private-use-character"
    message = "private-use character in the text"
    severity = "info"
    fixable = True
    what = ("Characters of Unicode's private use areas (U+E000-U+F8FF and planes 15-16), which in scraped "
            "news are almost always icon-font glyphs (menu, star, share and arrow icons) copied with the "
            "text. The fix deletes them (unsafe: a private font could give them meaning).")
    why = ("Without the site's icon font they show as empty boxes and mean nothing; they mark lines of "
           "page chrome rather than article text.")
    flagged = "Rezept des Tages\n\n\ue838\ue838\ue838 Bewertung: Perfekt"
    not_flagged = "Rezept des Tages\n\n★★★ Bewertung: Perfekt"

    def check(self, doc):
        for text, span_of in _texts(doc, lambda chars: PRIVATE_USE_RUN.search("".join(chars)) is not None):
            for m in PRIVATE_USE_RUN.finditer(text):
                yield _deletion(self, doc, text, span_of, m.start(), m.end(), "private-use character", safe=False)
