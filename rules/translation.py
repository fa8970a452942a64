"""Machine translation: the traces it leaves in text. Notices that say so outright are the
pattern pack translation_notices.toml (T101); the rules here need a little logic.

Every rule looks first at something cheap the document already has (its set of words, whether
it is ASCII, a substring), so clean text costs almost nothing. Data files (rules/data/):
ukrainian-place-names.toml, places-en.txt, and the shared word list of rules/lexicon.py.
"""
from __future__ import annotations

import operator
import re
import sys
from functools import lru_cache
from importlib import resources
from itertools import chain, islice
from typing import Dict, FrozenSet, Iterator, List, Tuple

from newslint import DocumentRule

from .lexicon import zipf_table

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

COMMON_WORD = 4.0  # Zipf value of a word too common to be a name ("president", "jury")


# -- data -----------------------------------------------------------------------------
def _data(name: str) -> str:
    return resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def russian_era_names() -> Dict[str, str]:
    """Russian-made spelling of a Ukrainian place -> its Ukrainian-made spelling."""
    table = tomllib.loads(_data("ukrainian-place-names.toml"))["russian-era"]
    return {old: new for new, olds in table.items() for old in olds}


@lru_cache(maxsize=1)
def not_places() -> Tuple[str, ...]:
    """Phrases in which a Russian-era spelling is part of another English name ("chicken Kiev")."""
    return tuple(tomllib.loads(_data("ukrainian-place-names.toml"))["not-a-place"]["phrases"])


@lru_cache(maxsize=1)
def place_names() -> Dict[str, str]:
    """Lower-case place name -> the name as written."""
    lines = (line.strip() for line in _data("places-en.txt").splitlines())
    return {name.lower(): name for name in lines if name and not name.startswith("#")}


@lru_cache(maxsize=1)
def known_words() -> FrozenSet[str]:
    """The word list's words in lower case."""
    return frozenset(zipf_table())


@lru_cache(maxsize=1)
def known_forms() -> FrozenSet[str]:
    """The word list's words in lower case, Capitalised and in CAPITALS."""
    words = known_words()
    return frozenset(chain(words, (w.capitalize() for w in words), (w.upper() for w in words)))


@lru_cache(maxsize=1)
def rare_capitalised() -> FrozenSet[str]:
    """The word list's words that are not common, Capitalised: names it knows ("Sergei", "Kiev")
    and rare words. A common word beside its misspelling ("President", "Preesident") is a typo,
    not a name spelled two ways."""
    return frozenset(w.capitalize() for w, value in zipf_table().items() if value < COMMON_WORD)


def zipf(word: str) -> float:
    return zipf_table().get(word.lower(), 0.0)


ASCII_LETTERS = bytes(c if 65 <= c <= 90 or 97 <= c <= 122 else 32 for c in range(256))


def letter_runs(doc) -> List[str]:
    """The document's runs of ASCII letters in order ("Lukashenko's" gives "Lukashenko", "s"),
    made by C code alone: the T rules' cheap view of the words."""
    return doc.memo("translation.letter_runs",
                    lambda d: d.text.encode().translate(ASCII_LETTERS).decode("ascii").split())


def word_types(doc) -> FrozenSet[str]:
    """The distinct letter runs: a vocabulary for dictionary look-ups."""
    return doc.memo("translation.word_types", lambda d: frozenset(letter_runs(d)))


def unknown_words(doc) -> FrozenSet[str]:
    """The document's words that the word list lacks in any case: names, typos, run-together
    words. In clean English text a few per document, so the rules may loop over them."""
    return doc.memo("translation.unknown_words", lambda d: word_types(d) - known_forms())


ENGLISH_SHARE = 0.5  # of a text's distinct words known to the word list; measured on ../shared/data:
# English news 0.6-1.0 (a few Reuters tables 0.4-0.5), German, French, Italian pages 0.1-0.45


ENGLISH_ONLY = (" English text only: at least half of the document's distinct words are in the English "
                "word list.")


def in_english(doc) -> bool:
    """Whether most of the document's words are English words: the rules that take a word the
    English list lacks for a name, a typo or a run-together pair say nothing about German
    nouns, Italian verbs or a page in Korean."""
    return doc.memo("translation.in_english",
                    lambda d: len(unknown_words(d)) <= (1 - ENGLISH_SHARE) * len(word_types(d)))


def is_capitalised(word: str) -> bool:
    return word[:1].isupper() and word[1:].islower()


def unknown_names(doc) -> List[str]:
    """The unknown words of four letters or more written Capitalised: names the word list
    lacks ("Lukashenka", "Dameidlo"). T102 and T103 start from them."""
    return doc.memo("translation.unknown_names",
                    lambda d: [w for w in unknown_words(d) if len(w) >= 4 and is_capitalised(w)])


@lru_cache(maxsize=4096)
def _whole_word(word: str) -> re.Pattern:
    return re.compile(r"(?<![\w@#/.\-])%s(?:['\u2019]s)?(?![\w@/\-]|\.\w)" % re.escape(word))


def occurrences(text: str, word: str) -> Iterator[re.Match]:
    """Where `word` stands as a whole word (not inside a longer word, URL, e-mail or hashtag)."""
    return _whole_word(word).finditer(text)


def mid_sentence(text: str, start: int) -> bool:
    """Whether the word at `start` follows a lower-case word, digit or comma on its line."""
    return start >= 2 and text[start - 1] == " " and (text[start - 2].islower() or text[start - 2] in "0123456789,;:")


NEXT_WORD = re.compile(r"['\u2019]?s?[^\w\s]*\s+(\w)")


def in_running_text(text: str, start: int, end: int) -> bool:
    """Whether the word at text[start:end] stands in a sentence, not in a Title Case run (a
    headline, a name of several words): it follows a lower-case word and is followed by a
    lower-case word or ends the sentence."""
    if not mid_sentence(text, start):
        return False
    if text[end:end + 1] in (".", "!", "?", ""):
        return True
    m = NEXT_WORD.match(text, end)
    return m is not None and not m.group(1).isupper()


# -- T102 ------------------------------------------------------------------------------
FOLDS = (("shch", "sh"), ("sch", "sh"), ("kh", "h"), ("zh", "z"), ("ts", "c"), ("tz", "c"),
         ("ck", "k"), ("x", "ks"), ("ph", "f"), ("w", "v"), ("ou", "u"), ("j", "y"),
         ("iy", "y"), ("yi", "y"), ("ii", "y"), ("yy", "y"), ("ij", "y"), ("i", "y"),
         ("ye", "e"), ("ie", "e"))
DOUBLED = re.compile(r"(.)\1+")
TRIPLED_LETTER = re.compile(r"(.)\1\1")


@lru_cache(maxsize=1 << 16)
def transliteration_key(name: str) -> str:
    """What is left of a name when the choices that transliterating Cyrillic leaves open are
    folded away: y/i/j, kh/h, ts/c, zh/z, doubled letters, a final -a/-o (Lukashenka and
    Lukashenko), so Zelensky, Zelenskyy and Zelenskiy share a key."""
    key = name.lower()
    for old, new in FOLDS:
        key = key.replace(old, new)
    key = DOUBLED.sub(r"\1", key)
    if len(key) >= 6 and key[-1] in "ao":
        key = key[:-1] + "@"
    return key


def _a_sound(spellings) -> bool:
    """Whether the spellings are a drawn-out sound ("Hmm", "Hmmm"; "Um", "Ummm"; "Arrrr"): each is
    shorter than a name or holds a letter three times. "Alllure" beside "Allure" is a typo."""
    return all(len(s) < 4 or TRIPLED_LETTER.search(s) for s in spellings)


class InconsistentNameSpelling(DocumentRule):
    code, name = "T102", "inconsistent-name-spelling"
    message = "one name spelled two ways"
    severity = "warning"
    what = ("A name written in two spellings in one document that differ only where transliteration "
            "from Cyrillic leaves a choice (Lukashenka / Lukashenko, Zelensky / Zelenskyy, Sergei / "
            "Sergey), or a Ukrainian place in its Ukrainian and its Russian-made spelling (Kyiv / Kiev). "
            "Reported once, at the first use of the rarer spelling; the `spellings` data field counts each. "
            "Drawn-out sounds ('Hmm' / 'Hmmm', 'Arrrr') are no names." + ENGLISH_ONLY)
    why = ("Human editors keep one spelling per person; machine translation transliterates each "
           "sentence on its own, and stitched or aggregated copy mixes sources with different style "
           "books. Either way the text is not what one editor wrote.")
    flagged = ("Lukashenka speaks\n\nBelarusian leader Alyaksandr Lukashenka said the war dragged on. "
               "Asked about the army, Lukashenko said he would not send troops.")
    not_flagged = ("Lukashenko speaks\n\nBelarusian leader Alexander Lukashenko said the war dragged on. "
                   "Asked about the army, Lukashenko said he would not send troops. The president of the "
                   "Commission and the Preesident of the board met.")

    def check(self, doc):
        # One spelling of a pair is (nearly) always missing from the word list: only documents
        # with such a name are looked at, and only its names are grouped.
        unknown = unknown_names(doc)
        if not unknown or not in_english(doc):
            return
        renamed = russian_era_names()

        def key(word):
            return transliteration_key(renamed.get(word, word))

        # only a spelling that shares its key with an unknown name can make a finding
        groups: Dict[str, set] = {}
        for word in unknown:
            groups.setdefault(key(word), set()).add(word)
        for word in word_types(doc) & rare_capitalised():
            spellings = groups.get(key(word))
            if spellings is not None:
                spellings.add(word)
        for spellings in groups.values():
            if len(spellings) > 1 and not _a_sound(spellings):
                yield from self._finding(doc, sorted(spellings))

    def _finding(self, doc, spellings: List[str]):
        starts = {s: [m.start() for m in occurrences(doc.text, s)] for s in spellings}
        starts = {s: found for s, found in starts.items() if found}  # not only inside a URL or compound
        if len(starts) < 2:
            return
        rare = min(starts, key=lambda s: (len(starts[s]), -starts[s][0]))
        listed = ", ".join(f"{s} ({len(starts[s])}\u00d7)" for s in sorted(starts, key=starts.get))
        start = starts[rare][0]
        yield self.report(doc.span(start, start + len(rare)), doc, f"one name spelled two ways: {listed}",
                          spellings={s: len(found) for s, found in starts.items()})


# -- T103 ------------------------------------------------------------------------------
SENTENCE_START = re.compile(r"[.!?][\"'\u201d\u2019)]? +([^\W\d_])")


def written_in_lower_case(text: str) -> bool:
    """Whether most sentences start with a small letter: the text's own style (chat, a wire
    story keyed in lower case), in which a lower-case name is no translation error."""
    starts = SENTENCE_START.findall(text)
    return sum(c.islower() for c in starts) * 2 > len(starts)


class LowercasedProperNoun(DocumentRule):
    code, name = "T103", "lowercased-proper-noun"
    message = "proper noun in lower case"
    severity = "warning"
    what = ("A name written in lower case in the middle of a sentence: a place of the built-in list "
            "(countries, capitals, large cities, US states, Ukrainian cities: 'kyiv'), or a word the same "
            "document writes capitalised at least as often mid-sentence and that is not an ordinary "
            "English word. Documents whose sentences mostly start in lower case are skipped: there "
            "lower case is the style. Names in `deliberate` are never flagged (Ukrainian outlets write "
            "'russia' and 'moscow' in lower case on purpose)." + ENGLISH_ONLY)
    why = ("Machine translation and some scrapers lose capitals ('the advance on kyiv stalled'); a "
           "lower-cased name is a reliable mark that no editor read the text.")
    flagged = ("Putin's invasion\n\nThe reluctance is due to the heavy losses suffered as the advance on "
               "kyiv stalled.")
    not_flagged = ("Putin's invasion\n\nThe reluctance is due to the heavy losses suffered as the advance on "
                   "Kyiv stalled. Ukrainian officials write russia in lower case. Visit kyiv.example.org.")
    options = {"deliberate": ["russia", "russia's", "russian", "russians", "moscow", "putin", "putin's",
                              "kremlin"]}

    def check(self, doc):
        if not in_english(doc):
            return
        words, places = word_types(doc), place_names()
        # a name the word list lacks, written capitalised and in lower case ("Dameidlo", "dameidlo")
        capitalised = {w.lower(): w for w in unknown_names(doc)}
        candidates = (words & places.keys()) | {lower for lower in capitalised if lower in words}
        if candidates:
            candidates -= set(self.config["deliberate"])
        if not candidates or written_in_lower_case(doc.text):
            return
        text = doc.text
        for word in sorted(candidates):
            found = [m.start() for m in occurrences(text, word) if mid_sentence(text, m.start())]
            if not found:
                continue
            proper = places.get(word) or capitalised[word]
            if word not in places:
                written = [m for m in occurrences(text, proper) if in_running_text(text, m.start(), m.end())]
                if len(written) < len(found):
                    continue
            where = found[0]
            yield self.report(doc.span(where, where + len(word)), doc,
                              f"proper noun in lower case: '{word}' ({len(found)}\u00d7), write '{proper}'",
                              word=word, proper=proper, count=len(found))


# -- T104 ------------------------------------------------------------------------------
# Words that glue onto a neighbour when a space is lost and almost never start or end an
# English word themselves; a run-together must have one of them at its start or end.
GLUE = frozenset("the and but not that this with from was were have has had which would could should "
                 "their there they will what when who been also into than then".split())
FUNCTION = frozenset("a an the and but or of to in on at by for with from as is was are be it he she "
                     "we they you not that this his her its our".split())


def run_together_split(word: str, known: FrozenSet[str]):
    """(left, right) if `word` is two words with the space lost, one of them a GLUE word."""
    for size in range(2, len(word) - 1):
        left, right = word[:size], word[size:]
        if left in GLUE or right in GLUE:
            other = right if left in GLUE else left
            if other in known and (other in FUNCTION or other in GLUE or zipf(other) >= 3.0):
                return left, right
    return None


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def missing_a_letter(word: str) -> bool:
    """Whether a common word is `word` with one letter more: a misspelling ("withold",
    "witheld", "northen"), not two words run together."""
    table = zipf_table()
    return any(table.get(word[:i] + c + word[i:], 0.0) >= 3.0 for i in range(1, len(word)) for c in LETTERS)


class RunTogetherWords(DocumentRule):
    code, name = "T104", "run-together-words"
    message = "two words run together"
    severity = "warning"
    what = ("A lower-case token of at least `min_length` letters that is no English word but is two "
            "words with the space lost, one of them a function word that rarely begins or ends a "
            "word ('on timebut the', 'the informationand'). The word list is rules/data/english-word-zipf." + ENGLISH_ONLY)
    why = ("A lost space is a mark of careless extraction (text of two HTML elements joined) or of a "
           "translation engine's output stitched together; it breaks tokenisers and search.")
    flagged = "Kremlin insists\n\nOfficials still insist the operation is on timebut the army struggles."
    not_flagged = ("Kremlin insists\n\nOfficials still insist the operation is on time, but the army "
                   "struggles. Analysts did not forsee it; see www.timebut.example.")
    options = {"min_length": 6}

    def check(self, doc):
        if not in_english(doc):
            return
        known, words, places = known_words(), word_types(doc), place_names()
        for word in sorted(unknown_words(doc)):
            if (len(word) < self.config["min_length"] or not word.islower() or word in places
                    or word.capitalize() in words):
                continue
            split = run_together_split(word, known)
            if split is None or missing_a_letter(word):
                continue
            for m in occurrences(doc.text, word):
                yield self.report(doc.span(m.start(), m.start() + len(word)), doc,
                                  f"two words run together: '{word}' ({split[0]} {split[1]})",
                                  words=list(split))
                break


# -- T105, T106 ------------------------------------------------------------------------
# one space, or a line break and at most a paragraph's indent, between the two: words apart by
# runs of spaces are table cells ("nil     nil"), in a row or a column
DOUBLED_WORD = re.compile(r"(?<![\w'\u2019\-])([^\W\d_]+)(?:[ \u00a0]|[ \t]*(?:\r\n|\r|\n)[ \t]{0,4})(\1)"
                          r"(?![\w'\u2019\-])")


WRAPPED_LINE = 50  # characters: a shorter line is a heading or label; hard-wrapped text wraps at 60-80


def _after_a_heading(text: str, m: re.Match) -> bool:
    """Whether the double spans a line break after a short line: a heading or label whose last
    word the next line starts with ("Docker builds with poetry" / "poetry is a tool..."),
    not a sentence wrapped onto the next line ("rose to" / "to 1.5 pct")."""
    if "\n" not in text[m.end(1):m.start(2)]:
        return False
    return m.end(1) - (text.rfind("\n", 0, m.start()) + 1) < WRAPPED_LINE


class DoubledWord(DocumentRule):
    code, name = "T105", "doubled-word"
    message = "word written twice"
    severity = "warning"
    what = ("A lower-case word written twice in a row ('the the', 'you you'), except doubles that "
            "English uses on purpose (`allowed`: 'had had', 'that that', 'bye bye'...). Capitalised "
            "doubles are left alone: names double ('Boutros Boutros-Ghali', 'Circus Circus'). Words apart by "
            "a run of spaces are table cells ('nil     nil'), not doubles; so is a short line (a heading, a "
            "label) whose last word the next line begins with ('Builds with poetry' / 'poetry is a tool')."
            + ENGLISH_ONLY)
    why = ("Translation engines echo a word when a sentence is split or re-joined, and editors' "
           "typos double words; either way a reader stumbles.")
    flagged = "Winter tyres\n\nBuy winter tyres with with a discount before the snow comes."
    not_flagged = "Winter tyres\n\nWhat he had had was enough. Shares of Circus Circus Enterprises rose."
    options = {"allowed": ["had", "that", "is", "do", "bye", "no", "so", "ha", "very", "knock", "tut",
                           "chop", "blah", "yada", "hush", "there", "now", "well", "come", "really",
                           "many", "far", "long", "night", "bla", "la", "pooh", "dum", "boo", "yeah",
                           "plus"]}  # "plus plus": how rating agencies write A++

    def check(self, doc):
        words = letter_runs(doc)
        if not any(map(operator.eq, words, islice(words, 1, None))):
            return  # no word repeats its neighbour: the common case, found at C speed
        if not in_english(doc):
            return
        allowed = set(self.config["allowed"])
        text = doc.text
        for m in DOUBLED_WORD.finditer(text):
            second = m.group(2)
            if not second.islower() or second in allowed:  # a capitalised double is a name
                continue
            if not _after_a_heading(text, m):
                yield self.report(doc.span(m.start(), m.end()), doc, f"word written twice: '{m.group()}'",
                                  word=second)


LIST_END = re.compile(r" and ([A-Z][\w\u2019'\-]+)(?![\w\u2019'\-]| [A-Z])")
# what stands between the first naming of the item and "and": more names, comma-separated
LIST_BETWEEN = re.compile(r"(?:, (?:the )?[A-Z][\w\u2019'\-]*(?: [A-Z][\w\u2019'\-]*){0,2})+,?")


class EchoedListItem(DocumentRule):
    code, name = "T106", "echoed-list-item"
    message = "list names an item twice"
    severity = "warning"
    what = ("An enumeration whose last item repeats an earlier one: 'between Russia, Belarus and "
            "Russia'. Only capitalised items, in one sentence, and not when the repeated word goes on "
            "as a longer name ('Tiger, Jaguar, Puma and Tiger Management').")
    why = ("It is how translation engines garble lists (an item echoed, another lost), and it changes "
           "the meaning.")
    flagged = ("Lukashenka's criticism\n\nHe echoed Russian propaganda tropes championing brotherhood "
               "between Russia, Belarus and Russia. Ukraine.")
    not_flagged = ("Lukashenka's criticism\n\nHe praised brotherhood between Russia, Belarus and Ukraine. "
                   "Robertson and his Tiger, Jaguar, Puma and Tiger Management funds agreed.")

    def check(self, doc):
        text = doc.text
        for m in LIST_END.finditer(text):
            item = m.group(1)
            if len(item) < 3:
                continue  # "Goldman Sachs and Co, Lazard Freres and Co": abbreviations repeat
            sentence = SENTENCE_END.split(text[max(0, m.start() - 200):m.start()])[-1]
            at = sentence.find(item + ", ")
            # the earlier item starts an item (not the tail of "Long Story, Short Story and Story"),
            # and only other names stand between the two
            if at < 0 or not starts_item(sentence, at) or not LIST_BETWEEN.fullmatch(sentence[at + len(item):]):
                continue
            start = m.start() - len(sentence) + at
            yield self.report(doc.span(start, m.end()), doc,
                              f"list names '{item}' twice: '{text[start:m.end()]}'", item=item)


SENTENCE_END = re.compile(r"[.!?]\s")


def starts_item(sentence: str, at: int) -> bool:
    """Whether the word at `at` starts the sentence, or follows a comma or a lower-case word
    ("between Russia", not "Long Story")."""
    before = sentence[:at]
    words = before.split()
    return not words or before.endswith(", ") or (before.endswith(" ") and words[-1][:1].islower())


# -- T107 ------------------------------------------------------------------------------
SPACED_PUNCTUATION = re.compile(r"(?<=[a-z\u00df-\u00ff\u0430-\u045f]) [.,](?![.\w])(?! \.)")
# starts at the quote mark, a rare character; in ASCII text the only quote mark is '"', and a
# regex that starts with a literal is found several times faster than one starting with a class
STRAY_QUOTE_TAIL = r"(?<=[.!?,;:] .)[.,;:!?](?!\.)"
STRAY_QUOTE = {False: re.compile(r"[\"\u201c\u201d]" + STRAY_QUOTE_TAIL), True: re.compile('"' + STRAY_QUOTE_TAIL)}


class SpacedPunctuation(DocumentRule):
    code, name = "T107", "spaced-punctuation"
    message = "stray space or quote mark before punctuation"
    severity = "info"
    what = ("A space before a full stop or comma after a lower-case word ('rarely buy tickets . They'), or a quote "
            "mark standing alone between two punctuation marks ('would drag on in this way. \u201c.'). "
            "Ellipses ('. . .') are left alone.")
    why = ("Translation engines and text re-assembled from segments leave punctuation detached from "
           "its word; English typesetting never does.")
    flagged = ("Lukashenka admits problems\n\nHe had not anticipated the conflict \u201cwould drag on in "
               "this way. \u201c. The dictator stressed his view.")
    not_flagged = ("Lukashenka admits problems\n\nHe said the conflict \u201cwould drag on\u201d. The ban "
                   "covers the . . . imports, he said.")

    def check(self, doc):
        text = doc.text
        matches: List[re.Match] = list(STRAY_QUOTE[text.isascii()].finditer(text))
        if " ." in text or " ," in text:
            matches += SPACED_PUNCTUATION.finditer(text)
        for m in sorted(matches, key=lambda m: m.start()):
            start = m.start()
            yield self.report(doc.span(start, m.end()), doc,
                              f"stray space or quote before punctuation: '{text[max(0, m.start() - 20):m.end()]}'")


# -- T108 ------------------------------------------------------------------------------
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
CYRILLIC_RUN = re.compile(r"[\u0400-\u04ff][\u0400-\u04ff\u0300-\u036f]+(?:[\s\-'\u2019]+[\u0400-\u04ff][\u0400-\u04ff\u0300-\u036f]*)*")
LATIN_LETTER = re.compile(r"[A-Za-z]")
ENCLOSING = {"(": ")", "\u00ab": "\u00bb", "\u201c": "\u201d", '"': '"', "\u201e": "\u201c", "'": "'", "[": "]"}


class UntranslatedFragment(DocumentRule):
    code, name = "T108", "untranslated-fragment"
    message = "untranslated fragment in Cyrillic"
    severity = "warning"
    what = ("Cyrillic words inside a text written in the Latin alphabet (at least `min_latin_share` of "
            "its letters): 'we owe you a great debt \u0434\u044f\u043a\u0443\u0454\u043c\u043e thank you'. "
            "Left alone: a fragment in brackets or quote marks (a gloss of the original name), part of "
            "a URL, e-mail, hashtag or domain, and a word that mixes alphabets (the encoding rules' case).")
    why = ("A translation engine leaves words it cannot translate in the source language; a Cyrillic "
           "fragment in English copy shows the text was machine-translated and not proofread.")
    flagged = ("Thanks to volunteers\n\nWe owe you a great debt \u0434\u044f\u043a\u0443\u0454\u043c\u043e "
               "thank you for everything.")
    not_flagged = ("Kommersant reports\n\nThe newspaper Kommersant (\u041a\u043e\u043c\u043c\u0435\u0440"
                   "\u0441\u0430\u043d\u0442\u044a) reported it; see https://\u043f\u0440\u0435\u043c\u0438"
                   "\u044f.\u0440\u0444/ for details.")
    options = {"min_latin_share": 0.8}

    def check(self, doc):
        text = doc.text
        if text.isascii() or not CYRILLIC.search(text):
            return
        cyrillic, latin = len(CYRILLIC.findall(text)), len(LATIN_LETTER.findall(text))
        if latin < self.config["min_latin_share"] * (latin + cyrillic):
            return  # a Cyrillic text, or a bilingual one
        for m in CYRILLIC_RUN.finditer(text):
            start, end = m.span()
            before, after = text[start - 1:start], text[end:end + 2]
            if (before.isalpha() or after[:1].isalpha() or before in "#@/." and before
                    or after[:1] in ".@" and after[1:2].isalpha()):
                continue  # mixed-script word, URL, domain, e-mail or hashtag
            if before in ENCLOSING and after[:1] == ENCLOSING[before]:
                continue  # a gloss: Kommersant (Коммерсантъ)
            yield self.report(doc.span(start, end), doc, f"untranslated fragment in Cyrillic: '{m.group()}'")


# -- T109 ------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def russian_era_pattern() -> Tuple[FrozenSet[str], re.Pattern]:
    """(first words of the Russian-era spellings, a regex finding any of them)."""
    names = sorted(russian_era_names(), key=len, reverse=True)
    first_words = frozenset(re.findall(r"[A-Za-z]+", name)[0] for name in names)
    regex = re.compile(r"(?<![\w\-])(%s)(?:['\u2019]s)?(?![\w\-])" % "|".join(re.escape(n) for n in names))
    return first_words, regex


class RussianEraPlaceName(DocumentRule):
    code, name = "T109", "russian-era-place-name"
    message = "Ukrainian place in its Russian-made spelling"
    severity = "info"
    what = ("A Ukrainian place name spelled from its Russian form (Kiev, Kharkov, Volchansk, "
            "Krasnoarmeysk, Gulyaypole: Kyiv, Kharkiv, Vovchansk, Pokrovsk, Huliaipole), from the list in "
            "rules/data/ukrainian-place-names.toml. Reported once per spelling, with the Ukrainian one "
            "in the `ukrainian` data field. Established English names (Odessa, Chernobyl, Dnieper) "
            "and phrases such as 'chicken Kiev' are not flagged.")
    why = ("A provenance hint, not an error by itself: English-language news has written the Ukrainian "
           "forms since 2019, so a recent text with Russian-made forms was most likely translated from "
           "a Russian-language source, or written from a Russian point of view. Older text (before "
           "2019) used Kiev as standard English.")
    flagged = ("Buffer zone secured\n\nUkrainian forces had seized several settlements, including "
               "Volchansk and Krasnoarmeysk, and moved on Gulyaypole.")
    not_flagged = ("Buffer zone secured\n\nUkrainian forces held Vovchansk, Pokrovsk and Huliaipole near "
                   "Kyiv's eastern front. The cafe served chicken Kiev.")

    def check(self, doc):
        first_words, regex = russian_era_pattern()
        if first_words.isdisjoint(word_types(doc)):
            return
        text, renamed, seen = doc.text, russian_era_names(), {}
        lowered = doc.lowered or text.lower()
        for m in regex.finditer(text):
            name = m.group(1)
            if any(_inside(lowered, m.start(), phrase.lower()) for phrase in not_places()):
                continue
            seen.setdefault(name, []).append(m.start())
        for name, starts in seen.items():
            yield self.report(doc.span(starts[0], starts[0] + len(name)), doc,
                              f"Russian-era spelling '{name}' ({len(starts)}\u00d7); the Ukrainian "
                              f"spelling is '{renamed[name]}': the text may come through Russian",
                              spelling=name, ukrainian=renamed[name], count=len(starts))


def _inside(lowered: str, start: int, phrase: str) -> bool:
    """Whether the word at `start` is part of `phrase` there."""
    lo = max(0, start - len(phrase))
    return phrase in lowered[lo:start + len(phrase)]
