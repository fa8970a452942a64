"""Documents that repeat other documents of the corpus: duplicates (the same body, or nearly)
and reused passages (paragraphs shared with another article).

Both rules group what they find into clusters named by one representative, the document most
likely to be the original: the one whose publisher (URL host or source field) a republication
notice or wire credit of another member names, else the earliest dated (a `date`,
`published`... field), else the first by path and record. Each finding names the other
document (`other`: path, record, record_number, line), the `similarity` and the `cluster`
(the representative's `path[record]`) in its data. Findings do not depend on the order the
documents come in, nor on the number of processes.
"""
from __future__ import annotations

from array import array
from collections import defaultdict
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from newslint import CorpusRule
from newslint.finding import DocRef, Span
from .duplicates_text import BANDS, PARAGRAPH_DTYPE, fingerprints, pack, pack_names, unpack, unpack_names

_EMPTY_BANDS = bytes(8 * BANDS)
MAX_BUCKET = 64  # an LSH bucket holding more documents pairs each only with its next neighbours
BUCKET_WINDOW = 8


class _Members:
    """Columns every comparing rule keeps per document: where it is, its body's hash and
    words, when it is dated, who published it and whom its notices credit."""

    def __init__(self):
        self.refs: List[DocRef] = []
        self.body_hash, self.words = array("Q"), array("q")
        self.dates: List[Optional[str]] = []
        self.names: List[Tuple[str, ...]] = []
        self.credits: List[Tuple[str, ...]] = []

    def add(self, ref, body_hash, words, date, names, credits) -> None:
        self.refs.append(ref)
        self.body_hash.append(body_hash)
        self.words.append(words)
        self.dates.append(date)
        self.names.append(tuple(names))
        self.credits.append(tuple(credits))

    def same_bodies(self, rank: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        """Documents in order of body (hash and word count), then path; and where each body's
        first document is in that order."""
        hashes, words = np.frombuffer(self.body_hash, np.uint64), np.frombuffer(self.words, np.int64)
        order = np.lexsort((rank, words, hashes))
        hashes, words = hashes[order], words[order]
        return order, np.concatenate(([True], (hashes[1:] != hashes[:-1]) | (words[1:] != words[:-1])))

    def ranks(self) -> np.ndarray:
        """Each document's place in path and record order: what makes results independent of
        the order the documents were merged in."""
        order = sorted(range(len(self.refs)), key=lambda i: _ref_key(self.refs[i]))
        rank = np.empty(len(order), np.int64)
        rank[order] = np.arange(len(order))
        return rank

    def originals_first(self, members: Sequence[int], rank: np.ndarray) -> List[int]:
        """Members sorted with the likeliest original first."""
        credited = {name for i in members for name in self.credits[i]}
        return sorted(members, key=lambda i: (not credited.intersection(self.names[i]),
                                              *_date_key(self.dates[i]), int(rank[i])))

    def other(self, i: int, line: int, **more) -> dict:
        ref = self.refs[i]
        return {"path": ref.path, "record": ref.record, "record_number": ref.record_number, "line": line, **more}


class Duplicate(CorpusRule):
    code, name = "D201", "duplicate"
    message = "duplicate of another document"
    what = ("A document whose body (the text after the headline) is the same as another document's, "
            "or nearly: exactly the same after normalising case, white space, punctuation and quote "
            "styles, or with a Jaccard similarity of its 5-word shingles of at least `min_similarity` "
            "(MinHash with LSH finds the candidates, each pair is confirmed on its shingles: the Jaccard of the two sets, each shingle hashed to 32 bits). "
            "The headline, a dateline, and lines flagged by boilerplate rules (B) do not count. Each "
            "document of a cluster but its representative is reported, naming the document it "
            "copies most closely.")
    why = ("The same story fetched twice, republished under another headline or lightly edited "
           "weighs twice in a corpus, skews counts and leaks between training and test splits.")
    flagged = ["Wire story\n\nThe central bank raised rates on Tuesday, its first rise in a decade.",
               "Same story, new headline\n\nThe central bank raised rates on  Tuesday -- its first rise "
               "in a decade!"]
    not_flagged = ["Wire story\n\nThe central bank raised rates on Tuesday, its first rise in a decade.",
                   "Other story\n\nThe central bank kept rates on Tuesday, after its first rise in a decade."]
    options = {"min_words": 8, "min_similarity": 0.8}

    def map(self, doc, findings):
        return self.map_batch([doc], [findings])[0]

    def map_batch(self, docs, findings):
        return [(fp.body_hash, fp.words, fp.first_line, fp.bands, fp.shingles, fp.date, fp.names, fp.credits)
                if fp.words >= self.config["min_words"] else None for fp in fingerprints(docs, findings)]

    def keys(self, value):
        # documents with the same body, or in the same LSH bucket: all that finalize compares
        return [value[0], *np.frombuffer(value[3], np.uint64).tolist()]

    def pack(self, value):
        body_hash, words, (line, column, end_column, excerpt), bands, shingles, date, names, credits = value
        return pack((body_hash, words, line, column, end_column),
                    (excerpt.encode(), bands, shingles, (date or "").encode(), pack_names(names), pack_names(credits)))

    def unpack(self, data):
        (body_hash, words, line, column, end_column), (excerpt, bands, shingles, date, names, credits) = unpack(data)
        return (body_hash, words, (line, column, end_column, excerpt.decode()), bands, shingles,
                date.decode() or None, unpack_names(names), unpack_names(credits))

    def start(self):
        state = _Members()
        state.lines, state.excerpts = array("q"), []
        state.bands, state.has_bands = bytearray(), bytearray()
        state.shingles, state.shingle_end = bytearray(), array("q")
        return state

    def merge(self, state, ref, value):
        body_hash, words, first_line, bands, shingles, date, names, credits = value
        state.add(ref, body_hash, words, date, names, credits)
        state.lines.extend(first_line[:3])
        state.excerpts.append(first_line[3])
        state.bands += bands or _EMPTY_BANDS
        state.has_bands.append(bool(bands))
        state.shingles += shingles
        state.shingle_end.append(len(state.shingles) // 4)
        return state

    def finalize(self, state, reported=None):
        n = len(state.refs)
        if n < 2:
            return
        rank = state.ranks()
        shingles = np.frombuffer(state.shingles, np.uint32)
        ends = np.frombuffer(state.shingle_end, np.int64)
        starts = np.concatenate(([0], ends[:-1]))

        def shingles_of(i):
            return shingles[starts[i]:ends[i]]

        # exact groups: the same body hash and word count (and, to be sure, the same shingles)
        order, new = state.same_bodies(rank)
        groups: Dict[int, List[int]] = {}  # first document by path -> the group's documents
        sizes = np.diff(np.append(np.flatnonzero(new), n))
        for start, size in zip(np.flatnonzero(new)[sizes > 1].tolist(), sizes[sizes > 1].tolist()):
            same_shingles: List[List[int]] = []
            for i in order[start:start + size].tolist():
                match = next((g for g in same_shingles if np.array_equal(shingles_of(g[0]), shingles_of(i))), None)
                if match is None:
                    same_shingles.append([i])
                else:
                    match.append(i)
            groups.update((g[0], g) for g in same_shingles if len(g) > 1)
        copies = np.zeros(n, bool)  # documents that are not the first of their group
        for members in groups.values():
            copies[members[1:]] = True
        nodes = np.flatnonzero(~copies)
        has_bands = np.frombuffer(state.has_bands, np.uint8).astype(bool)
        compared = nodes[has_bands[nodes]]
        compared = compared[np.argsort(rank[compared], kind="stable")]  # path order, however they were merged
        edges = self._near_pairs(compared, np.frombuffer(state.bands, np.uint64).reshape(n, BANDS),
                                 shingles_of, rank)
        yield from self._report(state, groups, edges, rank, reported)

    def _near_pairs(self, docs, bands, shingles_of, rank) -> List[Tuple[int, int, float]]:
        """Confirmed near-duplicate pairs among `docs`, as a spanning forest: a candidate
        whose documents are already joined is not compared."""
        threshold = self.config["min_similarity"]
        if len(docs) < 2 or threshold > 1:
            return []
        # band keys in order: the documents of equal keys (a bucket) come together
        order = np.argsort(bands[docs].ravel())
        keys, owner = bands[docs].ravel()[order], order // BANDS
        boundary = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1], [True])))
        size, start = np.diff(boundary), boundary[:-1]
        pairs = [np.empty((0, 2), np.int64)]
        for k in np.unique(size[size > 1]).tolist():
            members = np.sort(owner[start[size == k][:, None] + np.arange(k)], axis=1)  # in path order
            if k <= MAX_BUCKET:
                a, b = np.triu_indices(k, 1)
            else:  # a huge bucket (a template): each document with its next few
                a = np.repeat(np.arange(k), BUCKET_WINDOW)
                b = a + np.tile(np.arange(1, BUCKET_WINDOW + 1), k)
                a, b = a[b < k], b[b < k]
            pairs.append(np.stack((members[:, a].ravel(), members[:, b].ravel()), axis=1))
        pairs = np.concatenate(pairs)
        if not len(pairs):
            return []
        pair_id, shared = np.unique(pairs[:, 0] * len(docs) + pairs[:, 1], return_counts=True)
        a, b = docs[pair_id // len(docs)], docs[pair_id % len(docs)]
        # most shared bands first (the likeliest pairs), then path order
        order = np.lexsort((rank[b], rank[a], -shared))
        parent = {}

        def find(x):
            while parent.get(x, x) != x:
                parent[x] = parent.get(parent[x], parent[x])
                x = parent[x]
            return x

        edges = []
        for i, j in zip(a[order].tolist(), b[order].tolist()):
            ri, rj = find(i), find(j)
            if ri == rj:
                continue
            x, y = shingles_of(i), shingles_of(j)
            if len(x) > len(y):
                x, y = y, x
            if len(x) < threshold * len(y):  # too different in size to be similar enough
                continue
            at = np.searchsorted(y, x)
            common = int(np.count_nonzero(y[np.minimum(at, len(y) - 1)] == x))
            similarity = common / (len(x) + len(y) - common)
            if similarity >= threshold:
                parent[ri] = rj
                edges.append((i, j, similarity))
        return edges

    def _report(self, state, groups, edges, rank, reported):
        group_of = {i: lead for lead, members in groups.items() for i in members}
        neighbours = defaultdict(list)
        for i, j, similarity in edges:
            neighbours[i].append((j, similarity))
            neighbours[j].append((i, similarity))
        seen = set()
        for start in sorted(set(group_of.values()) | set(neighbours), key=lambda i: rank[i]):
            if start in seen:
                continue
            nodes, stack = [], [start]  # the component of `start`: exact groups joined by near pairs
            seen.add(start)
            while stack:
                node = stack.pop()
                nodes.append(node)
                for other, _ in neighbours[node]:
                    if other not in seen:
                        seen.add(other)
                        stack.append(other)
            members = [i for node in nodes for i in groups.get(node, [node])]
            ranked = state.originals_first(members, rank)
            representative = ranked[0]
            place = {i: k for k, i in enumerate(ranked)}
            lead = {node: min(groups.get(node, [node]), key=place.get) for node in nodes}
            cluster = state.refs[representative].label()
            # a tree from the representative's group: each group copies its parent in the tree
            root = group_of.get(representative, representative)
            parent, queue, visited = {}, [root], {root}
            while queue:
                node = queue.pop(0)
                for other, similarity in sorted(neighbours[node], key=lambda e: (-e[1], rank[e[0]])):
                    if other not in visited:
                        visited.add(other)
                        parent[other] = (node, similarity)
                        queue.append(other)
            for node in nodes:
                for i in groups.get(node, [node]):
                    if i != lead[node] and (reported is None or reported(state.refs[i].path)):
                        yield self._finding(state, i, lead[node], 1.0, cluster, len(members))
                if node in parent and (reported is None or reported(state.refs[lead[node]].path)):
                    yield self._finding(state, lead[node], lead[parent[node][0]], parent[node][1],
                                        cluster, len(members))

    def _finding(self, state, i, other, similarity, cluster, size):
        line, column, end_column = state.lines[3 * i:3 * i + 3]
        label = state.refs[other].label()
        if similarity == 1.0:
            message = f"duplicate of {label} (same body; cluster of {size})"
        else:
            message = (f"near-duplicate of {label} (Jaccard {similarity:.2f} on 5-word shingles; "
                       f"cluster of {size})")
        return self.finding(state.refs[i], Span(line, column, line, end_column, state.excerpts[i]), message,
                            cluster=cluster, similarity=round(similarity, 3),
                            other=state.other(other, state.lines[3 * other]), exact=similarity == 1.0)


class ReusedPassage(CorpusRule):
    code, name = "D202", "reused-passage"
    message = "paragraphs shared with another document"
    what = ("A run of at least `min_paragraphs` consecutive paragraphs (`min_words` words or more) "
            "that another document holds in the same order: a wire story inside a longer article, a "
            "press release pasted into a report. Paragraphs are compared after normalising case, "
            "white space and punctuation; a paragraph that more than `max_documents` documents hold is "
            "left out as boilerplate, and pairs that share almost everything are duplicates (D201). "
            "The finding is on the later copy (see D201 for the order) and gives the lines on both sides.")
    why = ("Reused passages are republication that whole-document comparison misses: they carry "
           "another outlet's text (and rights) and count twice in a corpus.")
    flagged = ["Wire story\n\nThe central bank raised its main rate by half a point on Tuesday, the "
               "first rise in a decade.\n\nIts governor said inflation had stayed above target for too "
               "long and would not fall by itself.",
               "Local view\n\nShop owners in the high street fear for their loans this winter.\n\nThe "
               "central bank raised its main rate by half a point on Tuesday, the first rise in a decade."
               "\n\nIts governor said inflation had stayed above target for too long and would not fall "
               "by itself.\n\nThe chamber of commerce will meet on Friday to discuss what comes next."]
    not_flagged = ["Wire story\n\nThe central bank raised its main rate by half a point on Tuesday, the "
                   "first rise in a decade.\n\nIts governor said inflation had stayed above target.",
                   "Local view\n\nShop owners in the high street fear for their loans this winter.\n\nThe "
                   "central bank raised its main rate by half a point on Tuesday, the first rise in a "
                   "decade.\n\nThe chamber of commerce will meet on Friday to discuss what comes next."]
    options = {"min_paragraphs": 2, "min_words": 30, "min_paragraph_words": 8, "max_documents": 50,
               "max_share": 0.9}

    def map(self, doc, findings):
        return self.map_batch([doc], [findings])[0]

    def map_batch(self, docs, findings):
        least = self.config["min_paragraphs"] * PARAGRAPH_DTYPE.itemsize
        return [(fp.body_hash, fp.words, fp.paragraphs, fp.date, fp.names, fp.credits)
                if len(fp.paragraphs) >= least else None for fp in fingerprints(docs, findings)]

    def keys(self, value):
        # the same body (one of them is compared), or a paragraph long enough to be compared
        paragraphs = np.frombuffer(value[2], PARAGRAPH_DTYPE)
        return [value[0], *paragraphs["hash"][paragraphs["words"] >= self.config["min_paragraph_words"]].tolist()]

    def pack(self, value):
        body_hash, words, paragraphs, date, names, credits = value
        return pack((body_hash, words), (paragraphs, (date or "").encode(), pack_names(names), pack_names(credits)))

    def unpack(self, data):
        (body_hash, words), (paragraphs, date, names, credits) = unpack(data)
        return body_hash, words, paragraphs, date.decode() or None, unpack_names(names), unpack_names(credits)

    def start(self):
        state = _Members()
        state.paragraphs, state.paragraph_end = bytearray(), array("q")
        return state

    def merge(self, state, ref, value):
        body_hash, words, paragraphs, date, names, credits = value
        state.add(ref, body_hash, words, date, names, credits)
        state.paragraphs += paragraphs
        state.paragraph_end.append(len(state.paragraphs) // PARAGRAPH_DTYPE.itemsize)
        return state

    def finalize(self, state, reported=None):
        n = len(state.refs)
        if n < 2:
            return
        rank = state.ranks()
        words = np.frombuffer(state.words, np.int64)
        # one document per body: copies of the same body are duplicates, not reuse
        order, new = state.same_bodies(rank)
        keep = np.zeros(n, bool)
        keep[order[new]] = True
        paragraphs = np.frombuffer(state.paragraphs, PARAGRAPH_DTYPE)
        ends = np.frombuffer(state.paragraph_end, np.int64)
        counts = np.diff(np.concatenate(([0], ends)))
        doc = np.repeat(np.arange(n), counts)
        number = np.arange(len(paragraphs)) - np.repeat(ends - counts, counts)
        usable = keep[doc] & (paragraphs["words"] >= self.config["min_paragraph_words"])
        index = np.flatnonzero(usable)
        index = index[np.lexsort((rank[doc[index]], paragraphs["hash"][index]))]
        hashes = paragraphs["hash"][index]
        boundary = np.flatnonzero(np.concatenate(([True], hashes[1:] != hashes[:-1], [True])))
        shared = defaultdict(list)  # (document, document) -> [(paragraph, paragraph)]
        for s, e in zip(boundary[:-1].tolist(), boundary[1:].tolist()):
            if e - s < 2 or len(set(doc[index[s:e]].tolist())) > self.config["max_documents"]:
                continue
            held = [(int(doc[p]), int(number[p])) for p in index[s:e]]
            for x in range(len(held)):
                for y in range(x + 1, len(held)):
                    (a, pa), (b, pb) = held[x], held[y]
                    if a != b:
                        shared[(a, b)].append((pa, pb))
        starts = ends - counts
        reports = []
        for (a, b), matched in shared.items():
            if len(matched) < self.config["min_paragraphs"]:
                continue
            run = self._longest_run(sorted(set(matched)), paragraphs, starts[a])
            if run is None:
                continue
            share = run[2] / max(int(words[a]), 1), run[2] / max(int(words[b]), 1)
            all_words = sum(int(paragraphs["words"][starts[a] + pa]) for pa in {p for p, _ in matched})
            limit = self.config["max_share"]
            if all_words >= limit * words[a] and all_words >= limit * words[b]:
                continue  # they share nearly everything: a duplicate (D201)
            reports.append((a, b, run, share))
        yield from self._report(state, reports, paragraphs, starts, rank, reported)

    def _longest_run(self, matched, paragraphs, start_a):
        """(first pair, length, words) of the longest run of paragraphs in the same order on
        both sides, if it is long enough."""
        best = None
        length, first, run_words = 0, None, 0
        previous = None
        for pa, pb in matched:
            if previous is not None and pa == previous[0] + 1 and pb == previous[1] + 1:
                length += 1
            else:
                length, first, run_words = 1, (pa, pb), 0
            run_words += int(paragraphs["words"][start_a + pa])
            previous = (pa, pb)
            if best is None or run_words > best[2]:
                best = (first, length, run_words)
        if best and best[1] >= self.config["min_paragraphs"] and best[2] >= self.config["min_words"]:
            return best
        return None

    def _report(self, state, reports, paragraphs, starts, rank, reported):
        parent = {}

        def find(x):
            while parent.get(x, x) != x:
                x = parent[x]
            return x

        for a, b, _, _ in reports:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        components = defaultdict(list)
        for i in {i for a, b, _, _ in reports for i in (a, b)}:
            components[find(i)].append(i)
        cluster_of, place = {}, {}
        for members in components.values():
            ranked = state.originals_first(members, rank)
            for k, i in enumerate(ranked):
                cluster_of[i], place[i] = ranked[0], k
        for a, b, ((pa, pb), length, run_words), share in reports:
            if place[a] < place[b]:  # the finding goes on the later copy
                a, b, pa, pb, share = b, a, pb, pa, (share[1], share[0])
            if reported is not None and not reported(state.refs[a].path):
                continue
            first_a, last_a = paragraphs[starts[a] + pa], paragraphs[starts[a] + pa + length - 1]
            first_b, last_b = paragraphs[starts[b] + pb], paragraphs[starts[b] + pb + length - 1]
            lines = f"lines {first_b['first']}-{last_b['last']}"
            span = Span(int(first_a["first"]), 1, int(last_a["last"]), int(last_a["end_column"]), "")
            yield self.finding(
                state.refs[a], span,
                f"{length} paragraphs ({run_words} words, {share[0]:.0%} of this document) also in "
                f"{state.refs[b].label()} {lines}",
                cluster=state.refs[cluster_of[a]].label(), similarity=round(share[0], 3),
                other=state.other(b, int(first_b["first"]), end_line=int(last_b["last"])))


# -- helpers ---------------------------------------------------------------------------------------
def _ref_key(ref: DocRef):
    return ref.path, ref.record_number or 0, ref.record or ""


_DATE_FORMATS = ("%d-%b-%Y %H:%M:%S.%f", "%d-%b-%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d",
                 "%d %B %Y", "%B %d, %Y", "%d.%m.%Y", "%Y/%m/%d")


def _date_key(text: Optional[str]) -> Tuple[int, str]:
    """(0, ISO date-time in UTC) for a date we can read, (1, "") for none."""
    if not text:
        return 1, ""
    when = None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        for form in _DATE_FORMATS:
            try:
                when = datetime.strptime(text, form)
                break
            except ValueError:
                pass
        if when is None:
            try:
                when = parsedate_to_datetime(text)
            except (TypeError, ValueError, IndexError):
                return 1, ""
    if when.tzinfo is not None:
        when = when.astimezone(timezone.utc).replace(tzinfo=None)
    return 0, when.isoformat()
