"""English words and how common they are, from rules/data/english-word-zipf.txt.gz.

A word's Zipf value is log10 of its uses per billion words: "the" is 7.6, "coup" 3.6, a rare
word 1.5. Loaded once per process, on first use. This module defines no rule.
"""
from __future__ import annotations

import gzip
from bisect import bisect_left, bisect_right
from functools import lru_cache
from importlib import resources
from itertools import accumulate
from typing import Dict, List, Optional, Tuple

DATA = "data/english-word-zipf.txt.gz"


@lru_cache(maxsize=1)
def zipf_table() -> Dict[str, float]:
    """Lower-case word -> Zipf value."""
    table: Dict[str, float] = {}
    text = gzip.decompress(resources.files(__package__).joinpath(DATA).read_bytes()).decode("utf-8")
    for block in text.split("\n@")[1:]:  # the first block is the header
        value, *words = block.split("\n")
        table.update(dict.fromkeys(filter(None, words), float(value)))
    return table


def zipf(word: str) -> Optional[float]:
    """How common a word is (None for a word the list does not hold)."""
    return zipf_table().get(word.lower())


class Completions:
    """How likely a string is to be what is left of a longer word cut at a random letter:
    the summed frequency of the words (of Zipf >= `min_zipf`) it begins, each divided by the
    number of places such a word can be cut."""

    def __init__(self, min_zipf: float, min_length: int = 4):
        table = zipf_table()
        self.words: List[str] = sorted(w for w, z in table.items() if z >= min_zipf and len(w) >= min_length)
        masses = (10 ** table[w] / (len(w) - 2) for w in self.words)
        self.cumulative: List[float] = [0.0, *accumulate(masses)]

    def mass(self, prefix: str) -> float:
        lo, hi = self._range(prefix)
        return self.cumulative[hi] - self.cumulative[lo]

    def likeliest(self, prefix: str) -> Optional[str]:
        """The most common word that `prefix` begins, if any."""
        lo, hi = self._range(prefix)
        table = zipf_table()
        return max(self.words[lo:hi], key=table.__getitem__, default=None)

    def _range(self, prefix: str) -> Tuple[int, int]:
        prefix = prefix.lower()
        # words strictly longer than the prefix that start with it
        return bisect_right(self.words, prefix), bisect_left(self.words, prefix + "\uffff")
