"""Bytes to text: UTF-8 (with or without BOM) first, else the encoding chardet detects."""
from __future__ import annotations

import codecs
from typing import NamedTuple

import chardet

BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


class Decoded(NamedTuple):
    text: str
    encoding: str  # "utf-8" for UTF-8 input, with or without BOM
    confidence: float


class UndecodableError(ValueError):
    pass


def looks_binary(data: bytes) -> bool:
    """NUL bytes in the first 8 KiB of a file without a UTF-16/32 byte order mark."""
    return b"\x00" in data[:8192] and not any(data.startswith(bom) for bom, _ in BOMS)


def decode(data: bytes) -> Decoded:
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    else:
        for bom, name in BOMS:
            if data.startswith(bom):
                try:
                    return Decoded(data.decode(name), name, 1.0)
                except UnicodeDecodeError as exc:
                    raise UndecodableError(f"starts with a {name} byte order mark but is not {name}: {exc.reason}") from None
    try:
        return Decoded(data.decode("utf-8"), "utf-8", 1.0)
    except UnicodeDecodeError as exc:
        first_error = exc
    guess = chardet.detect(data)
    encoding, confidence = guess.get("encoding"), guess.get("confidence") or 0.0
    if not encoding:
        raise UndecodableError(f"not UTF-8 (invalid byte at offset {first_error.start}) "
                               "and chardet detects no encoding")
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise UndecodableError(f"not UTF-8 and not valid {encoding} either ({exc})") from None
    return Decoded(text, encoding.lower(), confidence)
