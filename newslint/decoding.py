"""Bytes to text: UTF-8 (with or without BOM) first, else the encoding chardet detects.

Three outcomes besides clean UTF-8:
- damaged UTF-8: mostly valid UTF-8 with a few broken bytes (a cut multi-byte character, a
  stray byte) is decoded as UTF-8, the broken bytes replaced by U+FFFD and counted;
- a legacy encoding (cp1251, shift_jis ...): chardet ranks the candidates; the ones that decode
  the whole input are kept, and among those nearly tied with the best the one whose text looks
  least broken wins (chardet alone mistakes some cp1251 for MacCyrillic, for example);
- nothing decodes: UndecodableError.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from typing import List, NamedTuple, Optional, Tuple

import chardet

from .document import normalise_newlines

BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# More valid non-ASCII UTF-8 characters than this many times the broken sequences means
# damaged UTF-8, not a legacy encoding: legacy text stays far below 1 on real articles.
UTF8_MAJORITY = 1
# Candidates within this fraction of chardet's best confidence are compared on their text.
NEAR_TIE = 0.1
# How much decoded text the comparison looks at (chardet itself looks at 200 kB).
COMPARE_CHARS = 200_000

NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
_SYMBOLS = "".join(re.escape(chr(i)) for i in range(0x80, 0x3000) if unicodedata.category(chr(i))[0] == "S")
# Signs of a wrong code page: a symbol inside a word ("м≥сце"), a C1 control character,
# a word of mixed case ("ещЄ"), a sentence that starts in lower case.
ODD_CHAR_RE = re.compile(rf"(?<=[^\W\d_])[{_SYMBOLS}](?=[^\W\d_])|[\x80-\x9f]")
WORD_RE = re.compile(r"[^\W\d_]{2,}")
SENTENCE_START_RE = re.compile(r"(?:^|[.!?]\s+)([^\W\d_])", re.M)


class Decoded(NamedTuple):
    text: str
    encoding: str  # a Python codec name; "utf-8" for UTF-8 input, with or without BOM
    confidence: float
    invalid: int = 0  # broken UTF-8 sequences replaced by U+FFFD
    first_invalid: Tuple[int, int] = (0, 0)  # (line, column) of the first one


class UndecodableError(ValueError):
    pass


class BinaryInputError(UndecodableError):
    """NUL bytes, and not UTF-16 or UTF-32 text."""


def decode(data: bytes) -> Decoded:
    if b"\x00" in data[:8192] and not any(data.startswith(bom) for bom, _ in BOMS):
        return _utf16_or_32(data)
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    else:
        for bom, name in BOMS:
            if data.startswith(bom):
                try:
                    return Decoded(data.decode(name), name, 1.0)
                except UnicodeDecodeError as exc:
                    raise UndecodableError(f"starts with a {name} byte order mark but is not {name}: "
                                           f"{exc.reason}") from None
    try:
        return Decoded(data.decode("utf-8"), "utf-8", 1.0)
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data)
    if damaged is not None and damaged[1]:
        return damaged[0]
    guesses = chardet.detect_all(data, compat_names=False)
    if damaged is not None and guesses[0]["encoding"] == "utf-8":
        return damaged[0]
    return _best_legacy(data, guesses)


def _utf16_or_32(data: bytes) -> Decoded:
    """Text with NUL bytes is UTF-16 or UTF-32 without a byte order mark, or it is binary."""
    guess = chardet.detect(data, compat_names=False)
    name = guess["encoding"] or ""
    if name.startswith(("utf-16", "utf-32")):
        try:
            return Decoded(data.decode(name), name, guess["confidence"])
        except UnicodeDecodeError:
            pass
    raise BinaryInputError("binary file (holds NUL bytes), not read as text")


def _damaged_utf8(data: bytes) -> Optional[Tuple[Decoded, bool]]:
    """The text with broken sequences replaced, and whether valid UTF-8 clearly dominates;
    None when nothing in it is valid multi-byte UTF-8."""
    text = data.decode("utf-8", "replace")
    broken = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = len(NON_ASCII_RE.findall(text)) - broken
    if valid <= 0:
        return None
    return Decoded(text, "utf-8", 1.0, broken, _first_invalid(data)), valid >= UTF8_MAJORITY * broken


def _first_invalid(data: bytes) -> Tuple[int, int]:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = normalise_newlines(data[:exc.start].decode("utf-8"))
        return before.count("\n") + 1, len(before) - before.rfind("\n")
    return 0, 0


def _best_legacy(data: bytes, guesses: List[dict]) -> Decoded:
    decodable = []
    for guess in guesses:
        name = guess["encoding"]
        if not name or name.startswith(("utf-8", "ascii")):
            continue
        try:
            decodable.append(Decoded(data.decode(name), codecs.lookup(name).name, guess["confidence"]))
        except (UnicodeDecodeError, LookupError):
            continue
    if not decodable:
        tried = ", ".join(g["encoding"] for g in guesses if g["encoding"])
        if not tried:
            raise UndecodableError("not UTF-8, and chardet finds no text encoding in it (binary data?)")
        raise UndecodableError(f"not UTF-8, and no encoding chardet proposes decodes it (tried: {tried})")
    best = decodable[0].confidence
    near = [d for d in decodable if d.confidence >= best * (1 - NEAR_TIE)]
    return min(near, key=lambda d: _oddity(d.text[:COMPARE_CHARS]))  # min keeps chardet's order on ties


def _oddity(text: str) -> int:
    """How broken a decoded text looks; only compared between decodings of the same bytes."""
    odd = len(ODD_CHAR_RE.findall(text))
    odd += sum(1 for w in WORD_RE.findall(text) if w not in (w.lower(), w.upper(), w.title()))
    odd += sum(1 for m in SENTENCE_START_RE.finditer(text) if m.group(1).islower())
    return odd
