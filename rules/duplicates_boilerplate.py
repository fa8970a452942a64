"""Boilerplate learned from the corpus: lines that many documents of one source repeat."""
from __future__ import annotations

import math
from array import array
from collections import defaultdict

import numpy as np

from newslint import CorpusRule
from newslint.finding import Span
from .duplicates_text import EXCERPT, LINE_DTYPE, fingerprints, pack, source_of, unpack

_SOURCE_SALT = np.uint64(0x8CB92BA72F3D8DD7)


class CorpusBoilerplate(CorpusRule):
    code, name = "B301", "corpus-boilerplate"
    message = "line repeated across the source's documents"
    what = ("A line that at least `min_documents` documents of the same source hold, and at least "
            "`min_share` of them: a footer, a sign-off, a menu that no phrase list knows. A source is a "
            "URL host (JSON records with a `url`), else the JSONL file, else the folder. Lines are "
            "compared after normalising case, white space and punctuation; documents with the same "
            "text count once, and a line starting in lower case (the rest of a hard-wrapped "
            "sentence) is not counted. The count is in the message and in `count`.")
    why = ("Every site adds its own lines to every page; a corpus learns them as if they were news. "
           "Lines repeated across a source find that boilerplate without a pattern for each site.")
    flagged = [f"Story {n}\n\nThe council met on day {n} to discuss item {n} of its agenda.\n\n"
               "Follow Springfield Daily on social media" for n in range(1, 11)]
    not_flagged = [f"Story {n}\n\nThe council met on day {n} to discuss item {n} of its agenda.\n\n"
                   "Follow Springfield Daily on social media" for n in range(1, 10)]
    options = {"min_documents": 10, "min_share": 0.05}

    def map(self, doc, findings):
        return self.map_batch([doc], [findings])[0]

    def map_batch(self, docs, findings):
        return [(source_of(doc), fp.text_hash, fp.lines, fp.excerpts) if fp.lines else None
                for doc, fp in zip(docs, fingerprints(docs, findings))]

    def pack(self, value):
        source, text_hash, lines, excerpts = value
        return pack((text_hash,), (source.encode(), lines, excerpts.encode()))

    def unpack(self, data):
        (text_hash,), (source, lines, excerpts) = unpack(data)
        return source.decode(), text_hash, lines, excerpts.decode()

    def start(self):
        return {"refs": [], "sources": {}, "source": array("q"), "text_hash": array("Q"),
                "lines": bytearray(), "line_end": array("q"), "excerpts": []}

    def merge(self, state, ref, value):
        source, text_hash, lines, excerpts = value
        state["refs"].append(ref)
        state["source"].append(state["sources"].setdefault(source, len(state["sources"])))
        state["text_hash"].append(text_hash)
        state["lines"] += lines
        state["line_end"].append(len(state["lines"]) // LINE_DTYPE.itemsize)
        state["excerpts"].append(excerpts)
        return state

    def finalize(self, state, reported=None):
        n = len(state["refs"])
        if not n:
            return
        source = np.frombuffer(state["source"], np.int64)
        lines = np.frombuffer(state["lines"], LINE_DTYPE)
        ends = np.frombuffer(state["line_end"], np.int64)
        doc = np.repeat(np.arange(n), np.diff(np.concatenate(([0], ends))))
        # a document counts once per text: the first of each (source, text)
        text_hash = np.frombuffer(state["text_hash"], np.uint64)
        order = np.lexsort((np.arange(n), text_hash, source))
        first = order[np.concatenate(([True], (source[order][1:] != source[order][:-1]) |
                                      (text_hash[order][1:] != text_hash[order][:-1])))]
        counted = np.zeros(n, bool)
        counted[first] = True
        documents = np.bincount(source[first], minlength=len(state["sources"]))
        # a line's key: its hash within its source; count the distinct documents holding it
        with np.errstate(over="ignore"):
            key = lines["hash"] ^ ((source[doc].astype(np.uint64) + np.uint64(1)) * _SOURCE_SALT)
        mine = counted[doc]
        held_key, held_doc = key[mine], doc[mine]
        order = np.lexsort((held_doc, held_key))
        held_key, held_doc = held_key[order], held_doc[order]
        distinct = np.concatenate(([True], (held_key[1:] != held_key[:-1]) | (held_doc[1:] != held_doc[:-1])))
        held_key = held_key[distinct]
        if not len(held_key):
            return
        starts = np.flatnonzero(np.concatenate(([True], held_key[1:] != held_key[:-1])))
        keys, count = held_key[starts], np.diff(np.append(starts, len(held_key)))
        line_source = source[doc]
        needed = np.maximum(self.config["min_documents"],
                            np.ceil(self.config["min_share"] * documents - 1e-9)).astype(np.int64)
        at = np.searchsorted(keys, key).clip(0, len(keys) - 1)
        found = np.flatnonzero((keys[at] == key) & (count[at] >= needed[line_source]))
        if reported is not None:
            by_path = {path: reported(path) for path in {ref.path for ref in state["refs"]}}
            wanted = np.array([by_path[ref.path] for ref in state["refs"]], bool)
            found = found[wanted[doc[found]]]
        # a short line's excerpt is its place among its document's short lines
        short = lines["chars"] <= EXCERPT
        short_before = np.cumsum(short) - short
        first_short = short_before[np.concatenate(([0], ends[:-1]))] if len(lines) else short_before
        place = (short_before - np.repeat(first_short, np.diff(np.concatenate(([0], ends)))))[found].tolist()
        names = {number: name for name, number in state["sources"].items()}
        split = {}
        for i, line, chars, times, src, is_short, k in zip(
                doc[found].tolist(), lines["line"][found].tolist(), lines["chars"][found].tolist(),
                count[at[found]].tolist(), line_source[found].tolist(), short[found].tolist(), place):
            excerpt = ""
            if is_short:
                if i not in split:
                    split[i] = state["excerpts"][i].split("\n")
                excerpt = split[i][k].strip()
            what = f"'{excerpt}'" if excerpt else f"a {chars}-character line"
            yield self.finding(state["refs"][i], Span(line, 1, line, chars + 1, excerpt),
                               f"{what} repeats in {times:,} documents of {names[src]}",
                               count=times, source=names[src])
