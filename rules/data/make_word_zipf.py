"""Rebuild english-word-zipf.txt.gz: English words with how common they are.

    python rules/data/make_word_zipf.py FREQUENCY_DICTIONARY SCOWL_FINAL_DIR > english-word-zipf.txt
    gzip -9n english-word-zipf.txt

FREQUENCY_DICTIONARY is SymSpell's frequency_dictionary_en_82_765.txt (shipped in the
`symspellpy` wheel, MIT): Google Books Ngram counts of the words of SCOWL. SCOWL_FINAL_DIR is
SCOWL's final/ folder (Debian package `scowl`: /usr/share/dict/scowl). A word's value is its
Zipf frequency, log10 of its count per billion words. Words of SCOWL that the frequency list
lacks (names, "labor") get a value from their SCOWL size class, which ranks words by how
common they are. See english-word-zipf.LICENSE.txt for the sources' terms.
"""
import glob
import math
import os
import sys

SPELLINGS = ("english", "american", "british", "british_z", "variant_1")
# SCOWL size class -> an assumed Zipf value for a word the frequency list lacks
SIZE_ZIPF = {10: 4.5, 20: 4.0, 35: 3.3, 40: 3.0, 50: 2.5, 55: 1.5, 60: 1.5, 70: 1.5}
MAX_SIZE = {"words": 50, "upper": 70, "proper-names": 70}  # abbreviations are left out


def main(frequency_path, scowl_dir):
    counts = {}
    for line in open(frequency_path, encoding="utf-8"):
        word, count = line.split()
        counts[word] = int(count)
    total = sum(counts.values())
    zipf = {w: round(math.log10(c / total * 1e9), 1) for w, c in counts.items()}
    for kind, max_size in MAX_SIZE.items():
        for path in sorted(glob.glob(os.path.join(scowl_dir, f"*-{kind}.*"))):
            spelling, size = os.path.basename(path).split("-")[0], int(path.rsplit(".", 1)[1])
            if spelling not in SPELLINGS or size > max_size:
                continue
            for word in open(path, encoding="utf-8", errors="replace"):
                word = word.strip().lower()
                if word and "'" not in word and word not in zipf:
                    zipf[word] = SIZE_ZIPF[size]
                elif word in zipf and zipf[word] < SIZE_ZIPF[size] and word not in counts:
                    zipf[word] = SIZE_ZIPF[size]
    print("# English words and their Zipf frequency (log10 of uses per billion words).")
    print("# Built by rules/data/make_word_zipf.py from SymSpell's frequency dictionary (Google Books")
    print("# Ngram counts, MIT) and SCOWL (Copyright 2000-2020 Kevin Atkinson); terms in")
    print("# english-word-zipf.LICENSE.txt. Format: a line '@Z' starts the words of Zipf value Z.")
    by_value = {}
    for word, value in zipf.items():
        by_value.setdefault(value, []).append(word)
    for value in sorted(by_value, reverse=True):
        print(f"@{value}")
        print("\n".join(sorted(by_value[value])))


if __name__ == "__main__":
    main(*sys.argv[1:3])
