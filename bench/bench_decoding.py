#!/usr/bin/env python3
"""How often newslint decodes legacy-encoded text to the right text, on real text.

    python bench/bench_decoding.py [--data ../shared/data]

Real text (the WMT22 Ukrainian and Russian source documents; the pages of the boilerplate sets
with accented Latin text) is saved in a legacy encoding, whole and cut to its first 80
characters, and decoded again. Compared: chardet's top guess alone, and newslint's decode
(near-ties compared on how broken the text looks). A last row saves the same texts as UTF-8
with one stray byte in the middle: newslint must keep them UTF-8, not take them for a legacy
encoding. Not a test: it prints a table.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import chardet

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newslint.decoding import decode  # noqa: E402

CYRILLIC = ("cp1251", "koi8-r", "koi8-u", "iso8859-5", "cp866", "mac-cyrillic")
LATIN = ("cp1252", "latin-1", "iso8859-15", "cp1250", "iso8859-2", "mac-roman")


def load(data: Path) -> tuple:
    cyrillic = [json.loads(line)["source"] for line in (data / "mt" / "wmt22-uk-ru-en.jsonl").open(encoding="utf-8")]
    latin = []
    for name in ("trafilatura-eval-naive", "aeb-naive"):
        for line in (data / "boilerplate" / f"{name}.jsonl").open(encoding="utf-8"):
            page = json.loads(line)
            body = "\n".join(x["text"] for x in page["lines"] if x["label"] in ("content", "title"))
            if sum(0xC0 <= ord(c) < 0x250 for c in body) >= 20:  # pages with accented Latin letters
                latin.append(body)
    return cyrillic, latin


def chardet_alone(data: bytes):
    guess = chardet.detect(data)["encoding"]
    try:
        return data.decode(guess) if guess else None
    except (UnicodeDecodeError, LookupError):
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    cyrillic, latin = load(args.data)
    print(f"{len(cyrillic)} Ukrainian and Russian documents, {len(latin)} pages of accented Latin text; "
          "each whole and cut to 80 characters\n")
    print("| saved as | texts | chardet's top guess | newslint |")
    print("|---|---|---|---|")
    for encoding, texts in [(e, cyrillic) for e in CYRILLIC] + [(e, latin) for e in LATIN]:
        n = alone = ours = 0
        for text in texts:
            for version in (text, text[:80]):
                data = version.encode(encoding, "replace")
                if data.isascii():
                    continue
                expected = data.decode(encoding)
                n += 1
                alone += chardet_alone(data) == expected
                ours += decode(data).text == expected
        print(f"| {encoding} | {n} | {alone / n:.1%} | {ours / n:.1%} |", flush=True)
    n = alone = ours = 0
    for text in cyrillic + latin:
        encoded = text.encode()
        if encoded.isascii():
            continue
        middle = len(text[:len(text) // 2].encode())
        data = encoded[:middle] + b"\xff" + encoded[middle:]
        expected = data.decode("utf-8", "replace")
        n += 1
        alone += chardet_alone(data) == expected
        decoded = decode(data)
        ours += decoded.text == expected and decoded.invalid == 1
    print(f"| UTF-8 with one stray byte | {n} | {alone / n:.1%} | {ours / n:.1%} |")


if __name__ == "__main__":
    main()
