"""D201 duplicate, D202 reused-passage, B301 corpus-boilerplate, and the fingerprints they share."""
import collections
import json
import os
import random
import re

import pytest

from newslint import Document, Linter
from newslint.registry import load_registry
from newslint.rules.duplicates_text import fingerprints

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "..", "shared", "data", "corpus")
REUTERS = os.path.join(CORPUS, "reuters21578.jsonl")

STORY = ("The central bank raised its main interest rate by half a point on Tuesday, the first rise in "
         "more than a decade, and said more increases were likely before the end of the year. "
         "Economists had expected a smaller step. The governor told reporters that inflation had stayed "
         "above the target for too long and would not come down by itself.")
OTHER = ("Heavy rain flooded the old town overnight and forced the closure of two schools and the main "
         "bridge. Firefighters pumped water from dozens of cellars while the river kept rising, and the "
         "mayor asked residents to stay at home until the evening. Forecasters expect the rain to ease on "
         "Thursday but warned of more storms at the weekend.")


def check(texts, select=("D201",), jobs=1, **kw):
    docs = [t if isinstance(t, Document) else Document(t, path=f"news/{i:02d}.txt", **kw)
            for i, t in enumerate(texts)]
    return Linter(select=list(select)).check_documents(docs, jobs=jobs)


_WORD = re.compile(r"[\W_]+")


def jaccard(a, b):
    def shingles(text):
        w = _WORD.sub(" ", text.lower()).split()
        return {tuple(w[i:i + 5]) for i in range(len(w) - 4)}
    x, y = shingles(a), shingles(b)
    return len(x & y) / len(x | y)


# -- D201 ------------------------------------------------------------------------------------------
def test_exact_duplicate_ignores_headline_case_space_punctuation_and_quotes():
    copy = STORY.upper().replace(" ", "  ").replace(".", "!").replace("governor", "\u201cgovernor\u201d")
    (finding,) = check([f"Rates up\n\n{STORY}", f"A new headline\n\n{copy}"])
    assert (finding.path, finding.line, finding.code) == ("news/01.txt", 3, "D201")
    assert finding.data["exact"] and finding.data["similarity"] == 1.0
    assert finding.data["cluster"] == "news/00.txt"
    assert finding.data["other"] == {"path": "news/00.txt", "record": None, "record_number": None, "line": 3}
    assert finding.message == "duplicate of news/00.txt (same body; cluster of 2)"


def test_lines_flagged_by_boilerplate_rules_do_not_count():
    with_link = f"Rates up\n\n{STORY}\n\nSkip to content\n"
    unflagged = check([f"Rates up\n\n{STORY}", with_link], select=["D201"])  # B101 does not run
    assert [f.data["exact"] for f in unflagged] == [False]
    found = check([f"Rates up\n\n{STORY}", with_link], select=["D201", "B101"])
    assert [(f.code, f.data.get("exact") if f.data else None) for f in found if f.code == "D201"] == [("D201", True)]


def test_a_dateline_does_not_count():
    a = f"Rates up\n\nNEW YORK, March 2 - {STORY}"
    b = f"Rates up\n\nNEW YORK, March 3 (Reuters) - {STORY}"
    (finding,) = check([a, b])
    assert finding.data["exact"]


def test_a_record_line_repeating_its_title_is_not_body():
    a = Document(f"Rates up\n{STORY}", path="a.jsonl", record="1", record_number=1, title="Rates up")
    b = Document(f"Bank moves\n{STORY}", path="a.jsonl", record="2", record_number=2, title="Bank moves")
    (finding,) = check([a, b])
    assert finding.record == "2" and finding.data["exact"] and finding.line == 2


def test_near_duplicate_is_confirmed_on_exact_shingles():
    edited = STORY.replace("Tuesday", "Wednesday")
    (finding,) = check([f"Rates up\n\n{STORY}", f"Rates up again\n\n{edited}"])
    assert not finding.data["exact"]
    assert finding.data["similarity"] == pytest.approx(jaccard(STORY, edited), abs=0.001)
    assert "near-duplicate of news/00.txt (Jaccard" in finding.message


def test_threshold_is_an_option():
    edited = STORY.replace("Tuesday", "Wednesday")
    texts = [f"Rates up\n\n{STORY}", f"Rates up again\n\n{edited}"]
    strict = Linter(select=["D201"], rules={"D201": {"min_similarity": 0.9}})
    assert strict.check_documents([Document(t, path=f"{i}.txt") for i, t in enumerate(texts)]) == []


def test_different_stories_are_not_duplicates():
    assert check([f"Rates\n\n{STORY}", f"Floods\n\n{OTHER}", f"Both\n\n{STORY[:150]} {OTHER[150:]}"]) == []


def test_cluster_has_one_representative_and_each_finding_names_a_confirmed_pair():
    versions = [STORY, STORY.replace("Tuesday", "Monday"), STORY.replace("Tuesday", "Monday").replace(
        "smaller step", "smaller move"), STORY]
    found = check([f"Headline {i}\n\n{t}" for i, t in enumerate(versions)])
    assert sorted(f.path for f in found) == ["news/01.txt", "news/02.txt", "news/03.txt"]
    assert {f.data["cluster"] for f in found} == {"news/00.txt"}
    for f in found:
        other = versions[int(f.data["other"]["path"][5:7])]
        assert f.data["similarity"] == pytest.approx(jaccard(versions[int(f.path[5:7])], other), abs=0.001)
        assert "cluster of 4" in f.message


def test_the_earliest_dated_document_is_the_representative():
    docs = [Document(f"H\n\n{STORY}", path="a.jsonl", record=str(n), record_number=n, meta={"date": date})
            for n, date in ((1, "2023-05-02T10:00:00Z"), (2, "2023-05-01"), (3, "02-MAY-2023 09:00:00.00"))]
    found = check(docs)
    assert {f.data["cluster"] for f in found} == {"a.jsonl[2]"}
    assert sorted(f.record for f in found) == ["1", "3"]


def test_the_original_a_republication_credit_names_is_the_representative():
    copy = Document(f"H\n\nKYIV, July 3 (Reuters) - {STORY}", path="a/copy.txt")
    original = Document(f"H\n\n{STORY}", path="b/original.txt", url="https://www.reuters.com/world/x")
    found = check([copy, original], select=["D201", "D102"])
    (dup,) = [f for f in found if f.code == "D201"]
    assert dup.path == "a/copy.txt" and dup.data["cluster"] == "b/original.txt"


def test_results_do_not_depend_on_input_order_or_jobs():
    rng = random.Random(7)
    words = (STORY + " " + OTHER).split()
    texts = []
    for n in range(60):
        base = words[:] if n % 3 else words[::-1]
        for _ in range(n % 4):
            base[rng.randrange(len(base))] = "changed"
        texts.append(f"Story {n}\n\n" + " ".join(base))
    docs = [Document(t, path=f"news/{i:02d}.txt") for i, t in enumerate(texts)]
    linter = Linter(select=["D201", "D202", "B301"])
    first = [f.to_dict() for f in linter.check_documents(docs, jobs=1)]
    assert first and json.dumps(first) == json.dumps([f.to_dict() for f in linter.check_documents(docs, jobs=2)])
    shuffled = docs[:]
    rng.shuffle(shuffled)
    assert json.dumps(first) == json.dumps([f.to_dict() for f in linter.check_documents(shuffled, jobs=1)])


def test_a_huge_lsh_bucket_pairs_the_same_documents_in_any_order():
    words = (STORY + " " + OTHER).split()
    texts = []
    for n in range(80):  # more than MAX_BUCKET documents of one template, each edited in one place
        edited = words[:]
        edited[n % len(words)] = f"changed{n}"
        texts.append(f"Story {n}\n\n" + " ".join(edited))
    docs = [Document(t, path=f"news/{i:02d}.txt") for i, t in enumerate(texts)]
    linter = Linter(select=["D201"])
    first = [f.to_dict() for f in linter.check_documents(docs, jobs=1)]
    shuffled = docs[::-1]
    assert len(first) == 79 and first == [f.to_dict() for f in linter.check_documents(shuffled, jobs=1)]


# -- fingerprints ----------------------------------------------------------------------------------
def test_a_fingerprint_does_not_depend_on_the_batch():
    docs = [Document(f"H{i}\n\n{t}", path=f"{i}.txt") for i, t in
            enumerate([STORY, "", OTHER, "  \n\n", "\u00abCa va\u00bb, dit-il \u2014 tr\u00e8s bien. " * 5, "x"])]
    together = fingerprints(docs, [[] for _ in docs])
    for doc, fp in zip(docs, together):
        alone = Document(doc.text, path=doc.path)
        assert fingerprints([alone], [[]])[0] == fp


def test_unicode_punctuation_and_quotes_are_normalised():
    a = "H\n\n\u00abLe pr\u00e9sident\u00bb a dit: \u201cnous allons voter demain\u201d \u2014 puis il est parti sans r\u00e9pondre aux questions."
    b = "H\n\n\"le Pr\u00e9sident\" a dit : 'nous allons voter demain' - puis il est parti sans r\u00e9pondre aux questions !"
    (finding,) = check([a, b])
    assert finding.data["exact"]


def test_values_survive_packing_for_the_index():
    registry = load_registry()
    doc = Document(f"H\n\n{STORY}\n\n{OTHER}", path="a.jsonl", record="x", record_number=3,
                   url="https://www.example.com/a", meta={"date": "2024-01-01"})
    for code in ("D201", "D202", "B301"):
        rule = registry.get(code)
        (value,) = rule.map_batch([doc], [[]])
        assert value is not None and rule.unpack(rule.pack(value)) == value


# -- D202 ------------------------------------------------------------------------------------------
WIRE = ("The central bank raised its main rate by half a point on Tuesday, the first rise in a decade "
        "and more than most economists had expected.\n\n"
        "Its governor said inflation had stayed above target for too long and would not fall by itself, "
        "and that the board was ready to act again in the summer.\n\n"
        "Markets took the news calmly: the currency rose slightly and bond yields barely moved.")
LOCAL = ("Shop owners in the high street fear for their loans this winter, as the cost of heating and "
         "rent keeps climbing.\n\n" + WIRE + "\n\nThe chamber of commerce will meet on Friday to discuss "
         "what comes next for the town's businesses and their workers.")


def test_reused_passage_gives_the_lines_on_both_sides():
    (finding,) = check([f"Rates up\n\n{WIRE}", f"Local view\n\n{LOCAL}"], select=["D202"])
    assert (finding.path, finding.line, finding.end_line) == ("news/01.txt", 5, 9)
    assert finding.data["other"] == {"path": "news/00.txt", "record": None, "record_number": None,
                                     "line": 3, "end_line": 7}
    assert finding.data["cluster"] == "news/00.txt"
    assert finding.message.startswith("3 paragraphs (")


def test_duplicates_are_not_reused_passages():
    assert check([f"Rates up\n\n{WIRE}", f"Rates again\n\n{WIRE}"], select=["D202"]) == []


def test_indented_lines_start_paragraphs():
    wrapped = "\n".join("    " + p.replace(", ", ",\n", 1) for p in WIRE.split("\n\n"))
    (finding,) = check([f"Rates up\n\n{wrapped}", f"Local view\n\n{LOCAL}"], select=["D202"])
    assert finding.data["other"]["path"] == "news/00.txt"


# -- B301 ------------------------------------------------------------------------------------------
def site(n, footer="Follow the Springfield Daily on social media", folder="site"):
    return [Document(f"Story {i}\n\nThe council met on day {i} to discuss item {i * 7} of its agenda.\n\n{footer}",
                     path=f"{folder}/{i:02d}.txt") for i in range(n)]


def test_corpus_boilerplate_has_the_count_in_the_message():
    found = check(site(12), select=["B301"])
    assert len(found) == 12
    assert found[0].message == "'Follow the Springfield Daily on social media' repeats in 12 documents of site"
    assert (found[0].line, found[0].column, found[0].end_column) == (5, 1, 45)
    assert found[0].data == {"count": 12, "source": "site"}


def test_corpus_boilerplate_needs_enough_documents_of_one_source():
    assert check(site(9), select=["B301"]) == []
    assert check(site(6) + site(6, folder="other"), select=["B301"]) == []
    copies = site(5) + [Document(d.text, path=f"site/copy{i}.txt") for i, d in enumerate(site(5))]
    assert check(copies, select=["B301"]) == []  # the same text counts once


def test_corpus_boilerplate_share_is_an_option():
    linter = Linter(select=["B301"], rules={"B301": {"min_share": 0.5}})
    docs = site(12) + [Document(f"Other {i}\n\nA different story about item {i}.", path=f"site/o{i:02d}.txt")
                       for i in range(20)]
    assert linter.check_documents(docs) == []


def test_lines_continuing_a_wrapped_sentence_are_not_boilerplate():
    docs = [Document(f"Story {i}\n\nThe council met on day {i} and the mayor\nsaid nothing.", path=f"s/{i}.txt")
            for i in range(12)]
    assert check(docs, select=["B301"]) == []


def test_source_is_the_url_host_for_records():
    docs = [Document(f"Item {i} happened on day {i}.\nSubscribe to our newsletter", path="crawl.jsonl",
                     record=str(i), record_number=i, url=f"https://www.example.com/{i}") for i in range(10)]
    found = check(docs, select=["B301"])
    assert len(found) == 10 and found[0].data["source"] == "example.com"


def test_empty_and_tiny_documents_do_not_fail():
    assert check(["", "  \n", "x", "Headline only\n", "\n\n\n"], select=["D", "B301"]) == []


# -- the bars on Reuters (slow) ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def reuters():
    if not os.path.exists(REUTERS):
        pytest.skip("../shared/data is not here")
    records = {}
    with open(REUTERS, encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            records[record["id"]] = record
    linter = Linter(select=["D201"])
    return records, linter.check_paths([REUTERS], jobs=1)


@pytest.mark.slow
def test_reuters_exact_duplicate_body_groups_are_all_found(reuters):
    records, findings = reuters
    groups = collections.defaultdict(set)
    for record in records.values():
        body = " ".join(_WORD.sub(" ", (record["body"] or "").lower()).split())
        if body:
            groups[body].add(record["id"])
    gold = [g for g in groups.values() if len(g) > 1]
    assert len(gold) == 362
    linked = collections.defaultdict(set)
    for f in findings:
        if f.data["exact"]:
            linked[f.record].add(f.data["other"]["record"])
    parent = {}

    def find(x):
        while parent.get(x, x) != x:
            x = parent[x]
        return x
    for a, others in linked.items():
        for b in others:
            parent[find(a)] = find(b)
    found = sum(1 for g in gold if len({find(i) for i in g}) == 1)
    different_titles = [g for g in gold if len({records[i]["title"] for i in g}) > 1]
    assert found == 362 and len(different_titles) == 69


@pytest.mark.slow
def test_reuters_near_pairs_recall_and_no_pair_below_07(reuters):
    records, findings = reuters
    with open(os.path.join(CORPUS, "reuters21578.neardup_pairs_body_j80.json"), encoding="utf-8") as stream:
        pairs = json.load(stream)
    cluster = {f.record: f.data["cluster"] for f in findings}
    for f in findings:
        cluster.setdefault(f.data["cluster"].split("[")[1][:-1], f.data["cluster"])
    hit = sum(1 for p in pairs if cluster.get(p["a"]) and cluster.get(p["a"]) == cluster.get(p["b"]))
    assert hit / len(pairs) >= 0.95
    def body(i):  # an unprocessed record has no body field: its text is the body
        return records[i]["body"] or records[i]["text"]
    lowest = min(jaccard(body(f.record), body(f.data["other"]["record"])) for f in findings)
    assert lowest >= 0.7


def test_statistics_count_clusters_documents_and_pairs(tmp_path):
    from click.testing import CliRunner
    from newslint.cli import main
    for i, text in enumerate([STORY, STORY, STORY.replace("Tuesday", "Monday"), OTHER, OTHER]):
        (tmp_path / f"{i}.txt").write_text(f"Headline {i}\n\n{text}\n")
    result = CliRunner().invoke(main, ["--select", "D201", "--statistics", "--no-progress", str(tmp_path)])
    assert result.output.splitlines()[-3:] == [
        "       3  D201  duplicate", "Clusters:", "       2  D201  duplicate: 5 documents, 3 pairs"]
