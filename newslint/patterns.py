"""Pattern rules: phrase lists and regexes kept as TOML data, so adding a site's boilerplate
needs no Python. Loading a pattern file only parses TOML and checks the regexes; they are
compiled when a rule first checks a document.

    [[rule]]
    code = "B102"
    name = "read-also-link"
    message = "inline related-article link: '{match}'"
    scope = "line"        # headline | line | body | document
    match = "start"       # line: the pattern covers the whole line; start: the line starts
                          # with it; search: anywhere (reports each match)
    phrases = ["Read also:", "Related:"]
    patterns = ['see also\\s*:']
    what = "..."; why = "..."; flagged = "..."; not_flagged = "..."

A pattern's named groups, e.g. `(?P<publisher>...)`, become the finding's structured data
and fill "{publisher}" in the message. `requires = ["translat", ...]` lists strings one of which
every match contains: a document holding none of them is skipped at the cost of a substring
search, which spares regexes that cannot start with a literal from scanning clean text.
`standalone = true` (line scope) skips a line that goes on with the sentence of the line
before it, as in hard-wrapped text ("...earned 1.20 dlrs per\nshare on sales of...").

A pack can add entries to a rule defined elsewhere:

    [[extend]]
    rule = "read-also-link"
    phrases = ["Lesen Sie auch:"]
"""
from __future__ import annotations

import itertools
import re
import sys
import weakref
from functools import cached_property
from typing import Iterable, List, Optional, Sequence

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .document import Document
from .finding import Edit, Finding, Fix
from .rule import CODE_RE, DocumentRule, Rule

SCOPES = ("headline", "line", "body", "document")
MATCHES = ("line", "start", "search")
RULE_KEYS = {"code", "name", "message", "severity", "scope", "match", "ignorecase", "languages",
             "max_length", "phrases", "patterns", "what", "why", "flagged", "not_flagged", "fix",
             "requires", "standalone"}
EXTEND_KEYS = {"rule", "phrases", "patterns"}


class PatternError(ValueError):
    pass


def phrase_regex(phrase: str) -> str:
    """A literal phrase as a regex: any run of white space matches any other, and a phrase
    that starts or ends with a word character only matches whole words."""
    body = r"\s+".join(re.escape(part) for part in phrase.split())
    if phrase[:1].isalnum():
        body = r"(?<!\w)" + body
    if phrase[-1:].isalnum():
        body += r"(?!\w)"
    return body


class PatternRule(DocumentRule):
    """A rule made from a table of a pattern file."""

    def __init__(self, spec: dict, origin: str):
        super().__init__()
        self.spec = spec
        self.origin = origin
        self.code = spec["code"]
        self.name = spec["name"]
        self.message = spec["message"]
        self.severity = spec.get("severity", "warning")
        self.what = spec.get("what", "")
        self.why = spec.get("why", "")
        self.flagged = spec.get("flagged", "")
        self.not_flagged = spec.get("not_flagged", "")
        self.scope = spec.get("scope", "line")
        self.match = spec.get("match", "search")
        self.languages = set(spec.get("languages", []))
        self.max_length = spec.get("max_length")
        self.fixable = spec.get("fix") == "delete-line"
        self.standalone = spec.get("standalone", False)
        self.ignorecase = spec.get("ignorecase", True)
        self.requires = [s.lower() if self.ignorecase else s for s in spec.get("requires", [])]
        self.ascii_requires = [s for s in self.requires if s.isascii()]  # all an ASCII text can hold
        self.phrases = spec.get("phrases", [])
        self.patterns = [_numbered_groups(p, i) for i, p in enumerate(spec.get("patterns", []))]
        # Regexes are compiled on first use: a run compiles only the selected rules'. The
        # patterns are checked now (the phrases are escaped: if the patterns compile
        # together, so does the whole).
        try:
            re.compile(_alternation(self.patterns), self.flags)
        except re.error as exc:
            raise PatternError(f"{origin}: rule {self.code}: bad pattern: {exc}") from None
        if self.scope == "line" and self.match != "search" and self.prefilter_parts is not None:
            LINE_SCANS[self.ignorecase].join(self)

    def __reduce__(self):
        return PatternRule, (self.spec, self.origin)  # built anew in a worker process: it joins its scan

    @property
    def flags(self) -> int:
        return re.IGNORECASE if self.ignorecase else 0

    @cached_property
    def regex(self) -> re.Pattern:
        return re.compile(_alternation([phrase_regex(p) for p in self.phrases] + self.patterns), self.flags)

    @cached_property
    def prefilter_parts(self):
        """(phrases, patterns) to look for in the (lower-cased) text, or None when the rule is
        not of line scope or a pattern has an upper-case letter: lower-cased text could not
        match it."""
        if self.scope != "line":
            return None
        phrases, patterns = self.phrases, self.patterns
        if self.ignorecase:
            if any(_has_upper(p) for p in patterns):
                return None
            phrases = [p.lower() for p in phrases]
        return phrases, patterns

    @cached_property
    def prefilter(self) -> Optional[List[re.Pattern]]:
        """Case-sensitive regexes over the whole (lower-cased) text that find every line the
        rule can match, so the exact per-line regex runs on those lines only. Anchored ones
        look for a newline first, which the regex engine finds fast. A match takes the newline
        at most and looks ahead for the rest: a pattern's "\\s" may run on through the next
        lines, and a match that took them would hide their own matches."""
        if self.prefilter_parts is None:
            return None
        phrases, patterns = self.prefilter_parts
        if self.match == "search":  # the trie, without look-behinds: lines to confirm may be too many, never too few
            return [re.compile(rf"(?=(?:{r}))", re.MULTILINE)
                    for r in ([_phrase_trie(phrases)] if phrases else []) + ([_alternation(patterns)] if patterns else [])]
        end = r"[^\S\n]*$" if self.match == "line" else ""  # the whole line, or its start
        return [re.compile(rf"\n(?=[^\S\n]*(?:{_line_start_parts(phrases, patterns)}){end})", re.MULTILINE)]

    def extended(self, phrases: Sequence[str], patterns: Sequence[str], origin: str) -> "PatternRule":
        spec = dict(self.spec)
        spec["phrases"] = list(spec.get("phrases", [])) + list(phrases)
        spec["patterns"] = list(spec.get("patterns", [])) + list(patterns)
        spec.pop("requires", None)  # the added entries need not contain the required strings
        return PatternRule(spec, f"{self.origin} + {origin}")

    def check(self, doc: Document) -> Iterable[Finding]:
        if self.languages and doc.language and doc.language not in self.languages:
            return
        if self.requires:
            text = (doc.lowered or doc.text.lower()) if self.ignorecase else doc.text
            if not any(required in text for required in (self.ascii_requires if text.isascii() else self.requires)):
                return
        if self.scope == "headline":
            head = doc.headline
            if head is not None:
                for start, end, groups in self._matches(head.text):
                    yield self._report(doc.title_span(start, end), doc, groups)
        elif self.scope == "line":
            for line in self._candidate_lines(doc):
                text = line.text
                if not text.strip() or (self.max_length and len(text) > self.max_length):
                    continue
                if self.standalone and _continues(doc, line):
                    continue
                for start, end, groups in self._matches(text):
                    span = doc.span(line.start + start, line.start + end)
                    fix = None
                    if self.fixable:
                        fix = Fix("delete the line", (Edit(line.number, 1, line.number + 1, 1, ""),), safe=False)
                    yield self._report(span, doc, groups, fix)
        else:
            text, base = (doc.body, doc.body_start) if self.scope == "body" else (doc.text, 0)
            for m in self.regex.finditer(text):
                if m.end() > m.start():
                    yield self._report(doc.span(base + m.start(), base + m.end()), doc, _groups(m))

    def _report(self, span, doc: Document, groups: dict, fix: Fix = None) -> Finding:
        """A pattern's named groups, e.g. (?P<publisher>...), become the finding's data and
        fill "{publisher}" in the message."""
        message = self.message
        for key, value in groups.items():
            message = message.replace("{%s}" % key, value)
        return self.report(span, doc, message, fix, **groups)

    def _candidate_lines(self, doc: Document):
        text = doc.lowered if self.ignorecase else doc.text
        if self.prefilter_parts is None or text is None:
            return doc.lines
        if self.match != "search" and not LINE_SCANS[self.ignorecase].may_match(doc, text):
            return ()  # no anchored line rule matches a line of this text: the common case
        # Scan "\n" + text, so an anchored match starts at the newline before its line,
        # whose index there is the line's offset in the text.
        text, shift = "\n" + text, 0 if self.match == "search" else 1
        numbers = set()
        for regex in self.prefilter:
            if regex.search(text) is not None:  # most documents stop here, cheaply
                numbers.update(doc.position(max(m.start() - 1 + shift, 0))[0] for m in regex.finditer(text))
        return [doc.lines[n - 1] for n in sorted(numbers)] if numbers else ()

    def _matches(self, text: str):
        """(start, end, named groups) of each match to report in one line or headline."""
        if self.match == "search":
            for m in self.regex.finditer(text):
                if m.end() > m.start():
                    yield m.start(), m.end(), _groups(m)
            return
        lead = len(text) - len(text.lstrip())
        stripped = text.strip()
        m = self.regex.fullmatch(stripped) if self.match == "line" else self.regex.match(stripped)
        if m:
            yield lead, lead + len(stripped), _groups(m)  # the whole line is the finding


class LineScan:
    """Whether any anchored line rule (match "line" or "start") may match a line of a text,
    told for all of them by one regex: their phrases as one trie, whose shared beginnings a
    line start tests once. Only a text it finds (few) is scanned by each rule's own regexes."""

    def __init__(self):
        self.rules = weakref.WeakSet()  # a rule its registry drops leaves the scan
        self.regex = None  # compiled at the first document after a rule joined
        self.key = ""  # of a document's memo of what the regex found: new with each regex

    def join(self, rule: PatternRule) -> None:
        self.rules.add(rule)
        self.regex = None

    def may_match(self, doc: Document, text: str) -> bool:
        if self.regex is None:
            rules = sorted(self.rules, key=lambda r: (r.code, r.origin))
            alternatives = []  # for the rules that match whole lines, and for those that match line starts
            for match, end in (("line", r"[^\S\n]*$"), ("start", "")):
                parts = [r.prefilter_parts for r in rules if r.match == match]
                if parts:
                    alternatives.append(f"(?:{_line_start_parts(*_merged(parts))}){end}")
            self.regex = re.compile(rf"\n[^\S\n]*(?:{'|'.join(alternatives)})", re.MULTILINE)
            self.key = f"patterns.line_scan.{next(SCAN_NUMBERS)}"  # (hashing the regex itself is slow)
        regex = self.regex
        return doc.memo(self.key, lambda d: regex.search("\n" + text) is not None)


def _merged(parts: Sequence[tuple]) -> tuple:
    """The (phrases, patterns) of several rules as one; group names made unique."""
    phrases = sorted({phrase for rule_phrases, _ in parts for phrase in rule_phrases})
    patterns = [_numbered_groups(p, i) for i, p in enumerate(p for _, rule_patterns in parts for p in rule_patterns)]
    return phrases, patterns


LINE_SCANS = {True: LineScan(), False: LineScan()}  # by whether the rules ignore case
SCAN_NUMBERS = itertools.count()


# a pattern that begins with literal text: "also on ...", "(?:follow|like) ...", "\\d+ comments"
LITERAL_START = re.compile(r"\(\?:((?:[^\W\d_][^|()\\?*+{}\[\]]*\|)*[^\W\d_][^|()\\?*+{}\[\]]*)\)(?![?*{])"
                           r"|([^\W\d_])(?![?*{])|(\\d)")


def _pattern_first_chars(pattern: str):
    """The characters a pattern's match must begin with, as the inside of a character
    class, when it starts with literal text or a digit; None when it cannot tell."""
    m = LITERAL_START.match(pattern)
    if not m or _has_top_level_bar(pattern):
        return None
    if m[3]:
        return r"\d"
    return "".join(sorted({re.escape(a[0]) for a in m[1].split("|")})) if m[1] else re.escape(m[2])


def _has_top_level_bar(pattern: str) -> bool:
    """Whether the pattern is an alternation at its top ("a|b"), outside groups and classes."""
    depth, in_class, escaped = 0, False, False
    for c in pattern:
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
    return False


def _line_start_parts(phrases: Sequence[str], patterns: Sequence[str]) -> str:
    """Each part behind a look-ahead on the characters it can begin with, so a line start
    costs a character test per part: the phrases as one trie (a few tests however long the
    list), each pattern that begins with literal text."""
    firsts = "".join(sorted({re.escape(p.strip()[0]) for p in phrases}))
    parts = [_guarded(_phrase_trie(phrases), firsts)] if phrases else []
    return _alternation(parts + [_guarded(p, _pattern_first_chars(p)) for p in patterns])


def _guarded(regex: str, first) -> str:
    """The regex behind a look-ahead on its first characters (a character class's inside)."""
    return regex if not first else f"(?=[{first}])(?:{regex})"


def _continues(doc: Document, line) -> bool:
    """Whether a line goes on with the sentence of the line before it: it starts in lower
    case and the line before is long and ends without a sentence mark (hard wrapping)."""
    first = line.text.lstrip()[:1]
    if line.number < 2 or not first.islower():
        return False
    before = doc.lines[line.number - 2].text.strip()
    return len(before) >= 30 and before[-1] not in ".!?:;…\"”»)"


def _numbered_groups(pattern: str, number: int) -> str:
    """The pattern with its group names made unique to it ("publisher" -> "publisher__3"), so
    several patterns of one rule can name a group alike: they are compiled as one regex."""
    return re.sub(r"\(\?P([<=])(\w+)", lambda m: f"(?P{m[1]}{m[2]}__{number}", pattern)


def _groups(match) -> dict:
    return {key.split("__")[0]: value.strip() for key, value in match.groupdict().items()
            if value and value.strip()}


def _alternation(parts: Sequence[str]) -> str:
    return "|".join(f"(?:{p})" for p in parts)


def _phrase_trie(phrases: Sequence[str]) -> str:
    """A regex matching the same as the phrases' phrase_regex alternation (without the
    look-behind), with common beginnings shared: "skip to (?:content|main)"."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for unit in re.findall(r"\s+|.", phrase.strip()):
            node = node.setdefault(r"\s+" if unit.isspace() else re.escape(unit), {})
        node[""] = {}  # a phrase ends here

    def build(node: dict, last: str) -> str:
        alternatives = []
        for unit, child in sorted(node.items()):
            if unit:
                alternatives.append(unit + build(child, unit))
            else:  # a phrase ending in a letter or digit must end a word
                alternatives.append(r"(?!\w)" if last[-1:].isalnum() else "")
        return alternatives[0] if len(alternatives) == 1 else "(?:%s)" % "|".join(alternatives)

    return build(trie, "")


def _has_upper(pattern: str) -> bool:
    """Whether a regex has an upper-case literal letter (escapes such as \\S do not count)."""
    return any(c.isupper() for c in re.sub(r"\\.|\(\?P<\w+>|\(\?P=\w+\)", "", pattern))


def load_pattern_file(path: str, data: bytes = None) -> tuple:
    """(rules, extensions) of one pattern file; extensions are (rule, phrases, patterns)."""
    try:
        spec = tomllib.loads((data if data is not None else open(path, "rb").read()).decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PatternError(f"{path}: cannot read pattern file: {exc}") from None
    unknown = set(spec) - {"rule", "extend"}
    if unknown:
        raise PatternError(f"{path}: unknown top-level key(s): {', '.join(sorted(unknown))}")
    rules: List[Rule] = []
    for i, table in enumerate(spec.get("rule", []), 1):
        where = f"{path}: rule #{i}"
        _check_keys(table, RULE_KEYS, where)
        for key in ("code", "name", "message"):
            if not isinstance(table.get(key), str):
                raise PatternError(f"{where}: '{key}' (a string) is required")
        if not CODE_RE.match(table["code"]):
            raise PatternError(f"{where}: code {table['code']!r} is not a family letter (BHTEDS) and three digits")
        if table.get("scope", "line") not in SCOPES:
            raise PatternError(f"{where}: scope must be one of {', '.join(SCOPES)}")
        if table.get("match", "search") not in MATCHES:
            raise PatternError(f"{where}: match must be one of {', '.join(MATCHES)}")
        if not (table.get("phrases") or table.get("patterns")):
            raise PatternError(f"{where}: give 'phrases' or 'patterns'")
        rules.append(PatternRule(table, path))
    extensions = []
    for i, table in enumerate(spec.get("extend", []), 1):
        where = f"{path}: extend #{i}"
        _check_keys(table, EXTEND_KEYS, where)
        if not isinstance(table.get("rule"), str):
            raise PatternError(f"{where}: 'rule' (the code or name to extend) is required")
        extensions.append((table["rule"], table.get("phrases", []), table.get("patterns", [])))
    return rules, extensions


def _check_keys(table: dict, allowed: set, where: str) -> None:
    unknown = set(table) - allowed
    if unknown:
        raise PatternError(f"{where}: unknown key(s): {', '.join(sorted(unknown))}")
