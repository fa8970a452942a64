"""Speed, memory and quality of the corpus comparing rules (D201 duplicate, D202 reused-passage,
B301 corpus-boilerplate).

    python bench/bench_duplicates.py stage       # the duplicate stage on Reuters: docs/s per core
    python bench/bench_duplicates.py quality     # the Reuters bars: exact groups, near pairs, Jaccard
    python bench/bench_duplicates.py synthetic   # 1,000,000 articles made from Reuters, end to end
    python bench/bench_duplicates.py index       # an indexed pre-commit run on five changed files

`stage` reads Reuters into memory first, then times what the comparing rules cost: map (in
batches, as the engine calls it), merge and finalize; CPU time of this one process, so it is
per core. `synthetic` writes the corpus to a temporary folder (never into the repository),
runs `newslint --jobs 2` on it and samples the resident memory of newslint and its worker
processes together. Data is read from ../shared/data (next to the repository).
"""
from __future__ import annotations

import argparse
import collections
import gc
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DATA = os.path.join(REPO, "..", "shared", "data", "corpus")
REUTERS = os.path.join(DATA, "reuters21578.jsonl")
NEAR_PAIRS = os.path.join(DATA, "reuters21578.neardup_pairs_body_j80.json")
CODES = ("D201", "D202", "B301")
NEWSLINT = os.path.join(os.path.dirname(sys.executable), "newslint")


# -- the stage --------------------------------------------------------------------------------------
def stage(codes=CODES, repeat: int = 3) -> None:
    from newslint.registry import load_registry
    from newslint.runner import BATCH_DOCS
    from newslint.sources import Fields, read_path

    docs = [d for d in read_path(REUTERS, Fields()) if hasattr(d, "text")]
    gc.freeze()  # the documents stay for the repeats; in a run they stream through
    registry = load_registry()
    rules = [registry.get(code) for code in codes]
    best = None
    for _ in range(repeat):
        started = time.process_time()
        states = [rule.start() for rule in rules]
        for at in range(0, len(docs), BATCH_DOCS):
            batch = docs[at:at + BATCH_DOCS]
            found = [[] for _ in batch]
            for number, rule in enumerate(rules):
                for doc, value in zip(batch, rule.map_batch(batch, found)):
                    if value is not None:
                        states[number] = rule.merge(states[number], doc.ref, value)
            for doc in batch:  # as in a run, where a batch's documents go once mapped
                del doc.__dict__["_fingerprint"]
        mapped = time.process_time()
        counts = collections.Counter(f.code for rule, state in zip(rules, states) for f in rule.finalize(state))
        done = time.process_time()
        if best is None or done - started < best[0]:
            best = (done - started, mapped - started, done - mapped, counts)
    total, map_merge, finalize, counts = best
    print(f"Reuters: {len(docs)} documents, rules {', '.join(codes)}, best of {repeat} (CPU seconds, one process)")
    print(f"  map+merge {map_merge:.2f} s, finalize {finalize:.2f} s, total {total:.2f} s")
    print(f"  {len(docs) / total:,.0f} documents/s per core; findings {dict(sorted(counts.items()))}")


# -- the Reuters bars ---------------------------------------------------------------------------------
_NOT_WORD = re.compile(r"[\W_]+")


def _words(text):
    return _NOT_WORD.sub(" ", (text or "").lower()).split()


def _shingles(text):
    w = _words(text)
    return {tuple(w[i:i + 5]) for i in range(len(w) - 4)}


def quality() -> None:
    """Gold: bodies equal after normalising (the records' `body` field), and the listed near pairs."""
    records = {}
    with open(REUTERS, encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            records[record["id"]] = record
    groups = collections.defaultdict(set)
    for record in records.values():
        if _words(record["body"]):
            groups[" ".join(_words(record["body"]))].add(record["id"])
    gold = [g for g in groups.values() if len(g) > 1]
    out = subprocess.run([NEWSLINT, "--jobs", "1", "--select", "D201", "--output-format", "json", REUTERS],
                         capture_output=True, text=True, check=False).stdout
    findings = json.loads(out)
    # exact groups: documents joined by exact findings
    parent = {}

    def find(x):
        while parent.get(x, x) != x:
            x = parent[x]
        return x
    for f in findings:
        if f["data"]["exact"]:
            a, b = find(f["record"]), find(f["data"]["other"]["record"])
            if a != b:
                parent[a] = b
    found = collections.defaultdict(set)
    for f in findings:
        if f["data"]["exact"]:
            for i in (f["record"], f["data"]["other"]["record"]):
                found[find(i)].add(i)
    found_groups = {frozenset(g) for g in found.values()}
    whole = sum(1 for g in gold if frozenset(g) in found_groups)
    titled = [g for g in gold if len({records[i]["title"] for i in g}) > 1]
    titled_found = sum(1 for g in titled if frozenset(g) in found_groups)
    print(f"exact-duplicate body groups: {whole}/{len(gold)} found whole; with different headlines: "
          f"{titled_found}/{len(titled)}; exact groups reported: {len(found_groups)}")
    # near pairs: both documents in one cluster
    cluster = {f["record"]: f["data"]["cluster"] for f in findings}
    for f in findings:  # a representative is the cluster it names
        rep = f["data"]["cluster"]
        cluster.setdefault(rep[rep.index("[") + 1:-1], rep)
    with open(NEAR_PAIRS, encoding="utf-8") as stream:
        pairs = json.load(stream)
    hit = sum(1 for p in pairs if cluster.get(p["a"]) is not None and cluster.get(p["a"]) == cluster.get(p["b"]))
    print(f"near-duplicate pairs (J >= 0.8) in one cluster: {hit}/{len(pairs)} = recall {hit / len(pairs):.3f}")
    similarities = []
    for f in findings:
        a, b = (_shingles(records[i]["body"] or records[i]["text"]) for i in (f["record"], f["data"]["other"]["record"]))
        similarities.append(len(a & b) / len(a | b) if a | b else 1.0)
    below = sum(1 for s in similarities if s < 0.7)
    print(f"reported pairs: {len(findings)}; lowest 5-word-shingle Jaccard of the bodies {min(similarities):.3f}; "
          f"below 0.7: {below}; clusters: {len(set(cluster.values()))}")


# -- the index: a pre-commit run -------------------------------------------------------------------
def _reuters_records():
    with open(REUTERS, encoding="utf-8") as stream:
        for line in stream:
            yield json.loads(line)


def _timed(command, cwd):
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    return time.perf_counter() - started, result


def index() -> None:
    """Reuters as one text file per article; a full run builds the index, then five edited
    files are checked against it, as a pre-commit hook does."""
    folder = tempfile.mkdtemp(prefix="newslint-index-")
    try:
        corpus = os.path.join(folder, "corpus")
        os.mkdir(corpus)
        for record in _reuters_records():
            with open(os.path.join(corpus, record["id"] + ".txt"), "w", encoding="utf-8") as out:
                out.write(record["text"])
        select = ["--select", ",".join(CODES), "--exit-zero", "--no-progress"]
        seconds, _ = _timed([NEWSLINT, *select, "--jobs", "2", "--index", "index.db", "corpus"], folder)
        size = os.path.getsize(os.path.join(folder, "index.db"))
        print(f"full run building the index: {seconds:.1f} s wall (--jobs 2), index {size / 1e6:.1f} MB")
        _, full = _timed([NEWSLINT, *select, "--jobs", "1", "--output-format", "json", "corpus"], folder)
        # five files a commit changes: three edited (one made a copy of another), two untouched
        names = sorted(os.listdir(corpus))[:5]
        changed = [os.path.join("corpus", n) for n in names]
        with open(os.path.join(folder, changed[0]), "a", encoding="utf-8") as out:
            out.write("\nA line added by an editor.\n")
        with open(os.path.join(folder, changed[1]), encoding="utf-8") as src, \
                open(os.path.join(folder, changed[2]), "w", encoding="utf-8") as out:
            out.write(src.read().replace("\n", "\n\n", 1))
        for _ in range(2):  # the second run is the one a developer waits for (warm caches)
            with_index, result = _timed([NEWSLINT, *select, "--jobs", "1", "--output-format", "json",
                                         "--index", "index.db", *changed], folder)
        without, _ = _timed([NEWSLINT, *select, "--jobs", "1", "--output-format", "json", *changed], folder)
        startup, _ = _timed([NEWSLINT, "--version"], folder)
        incremental = json.loads(result.stdout)
        _, again = _timed([NEWSLINT, *select, "--jobs", "1", "--output-format", "json", "corpus"], folder)
        expected = [f for f in json.loads(again.stdout) if f["path"] in changed]
        same = incremental == expected
        print(f"pre-commit run on 5 files against {len(os.listdir(corpus)):,} indexed: {with_index:.2f} s wall; "
              f"the same 5 files without the index: {without:.2f} s; newslint --version: {startup:.2f} s")
        print(f"  findings of the indexed run equal a full run's on those files: {same} "
              f"({len(incremental)} findings); full run before the edits: {len(json.loads(full.stdout))} findings")
    finally:
        shutil.rmtree(folder)



# -- a synthetic corpus of a million articles ----------------------------------------------------------
SITES = 300
_SENTENCE_END = re.compile(r"(?<=[a-z0-9][.!?])\s+(?=[A-Z])")
_DIGITS = "0123456789"


def _sentences():
    """Reuters' sentences, white space made single: the material new articles are made of."""
    pool, vocabulary = [], set()
    for record in _reuters_records():
        body = " ".join((record["body"] or "").split())
        if body.endswith(" Reuter"):
            body = body[:-7]
        for sentence in _SENTENCE_END.split(body):
            if 8 <= len(sentence.split()) <= 60:
                pool.append(sentence)
                vocabulary.update(w for w in sentence.split() if w.isalpha() and w.islower())
    return pool, sorted(vocabulary)


def synthesize(path: str, count: int, seed: int = 1987) -> dict:
    """`count` JSON records: new stories spliced from Reuters sentences (numbers and a few words
    changed, so each is a new text), and copies of recent stories with realistic edits:
    exact reposts under another headline, reordered paragraphs, typo noise, truncation, another
    site's boilerplate. Sites add boilerplate lines of their own."""
    rng = random.Random(seed)
    pool, vocabulary = _sentences()
    footers = [f"Follow Site {n} News on social media for more stories" for n in range(SITES)]
    headers = [f"Site {n} News | Home | World | Business | Sport" for n in range(SITES)]
    recent: collections.deque = collections.deque(maxlen=5000)
    kinds = collections.Counter()
    with open(path, "w", encoding="utf-8") as out:
        for number in range(count):
            site = rng.randrange(SITES)
            if recent and rng.random() < 0.25:
                title, paragraphs, when = rng.choice(recent)
                kind = rng.choice(("repost", "reorder", "typos", "truncate", "boilerplate"))
                paragraphs = list(paragraphs)
                if kind == "repost":
                    title = "Update: " + title
                elif kind == "reorder" and len(paragraphs) > 2:
                    i = rng.randrange(len(paragraphs) - 1)
                    paragraphs[i], paragraphs[i + 1] = paragraphs[i + 1], paragraphs[i]
                elif kind == "typos":
                    paragraphs = [_typos(p, rng) for p in paragraphs]
                elif kind == "truncate":
                    paragraphs = paragraphs[:max(2, len(paragraphs) * 2 // 3)]
                when += rng.randrange(1, 72) * 3600
            else:
                kind = "new"
                table = str.maketrans(_DIGITS, "".join(rng.sample(_DIGITS, 10)))
                paragraphs = []
                for _ in range(rng.randint(2, 6)):  # Reuters-sized: about 150 words
                    words = " ".join(rng.choice(pool) for _ in range(rng.randint(1, 2))).translate(table).split()
                    for _ in range(max(1, len(words) // 12)):
                        words[rng.randrange(len(words))] = rng.choice(vocabulary)
                    paragraphs.append(" ".join(words))
                title = " ".join(paragraphs[0].split()[:rng.randint(5, 10)]).upper()
                when = 1704067200 + rng.randrange(366 * 86400)
                recent.append((title, tuple(paragraphs), when))
            kinds[kind] += 1
            lines = [headers[site]] if site % 3 == 0 else []
            lines += paragraphs
            if site % 2 == 0:
                lines.append(footers[site])
            record = {"id": f"s{number}", "url": f"https://www.site{site}.example/{number}", "title": title,
                      "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(when)), "text": "\n\n".join(lines)}
            out.write(json.dumps(record) + "\n")
    return dict(kinds)


def _typos(paragraph: str, rng: random.Random) -> str:
    words = paragraph.split()
    for _ in range(max(1, len(words) // 40)):
        i = rng.randrange(len(words))
        word = words[i]
        if len(word) > 3:
            k = rng.randrange(len(word) - 1)
            words[i] = word[:k] + word[k + 1] + word[k] + word[k + 2:]
    return " ".join(words)


def _process_tree_memory(pid: int):
    """(sum of resident set sizes, sum of proportional set sizes) in bytes of pid and its children."""
    children = collections.defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as stream:
                    fields = stream.read().rsplit(")", 1)[1].split()
                children[int(fields[1])].append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    rss = pss = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, []))
        try:
            with open(f"/proc/{current}/smaps_rollup", encoding="ascii") as stream:
                for line in stream:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1]) * 1024
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
        except OSError:
            pass
    return rss, pss


def measure(command, cwd=None):
    """Wall time, peak memory (RSS and PSS summed over the process tree) and the result."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = [0, 0]

    def sample():
        while process.poll() is None:
            rss, pss = _process_tree_memory(process.pid)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            time.sleep(0.5)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    sampler.join()
    return time.perf_counter() - started, peak[0], peak[1], process.returncode, err


def synthetic(count: int = 1_000_000, keep: str = "", select: str = "") -> None:
    folder = keep or tempfile.mkdtemp(prefix="newslint-synthetic-")
    path = os.path.join(folder, f"synthetic-{count}.jsonl")
    try:
        if not os.path.exists(path):
            started = time.perf_counter()
            kinds = synthesize(path, count)
            print(f"made {count:,} articles ({os.path.getsize(path) / 1e9:.2f} GB) in "
                  f"{time.perf_counter() - started:.0f} s: {kinds}")
        out = os.path.join(folder, "findings.jsonl")
        command = [NEWSLINT, "--jobs", "2", "--no-progress", "--exit-zero", "--statistics",
                   "--output-format", "jsonl", "-o", out, path] + (["--select", select] if select else [])
        seconds, rss, pss, code, err = measure(command)
        print(f"newslint --jobs 2{' --select ' + select if select else ''}: {seconds:.0f} s wall "
              f"({count / seconds:,.0f} documents/s), peak memory {pss / 2 ** 30:.2f} GiB PSS "
              f"({rss / 2 ** 30:.2f} GiB RSS summed over processes), exit {code}")
        print("\n".join(line for line in err.splitlines()[-12:]))
    finally:
        if not keep:
            shutil.rmtree(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["stage", "quality", "synthetic", "index"])
    parser.add_argument("--count", type=int, default=1_000_000, help="synthetic: articles to make")
    parser.add_argument("--keep", default="", help="synthetic: a folder to make the corpus in and keep")
    parser.add_argument("--select", default="", help="synthetic: rules to run (default: all)")
    args = parser.parse_args()
    if not os.path.exists(REUTERS):
        sys.exit(f"{REUTERS} is missing: the benchmark needs ../shared/data")
    if args.what == "synthetic":
        synthetic(args.count, args.keep, args.select)
    elif args.what == "stage":
        stage(("D201", "D202"))  # the duplicate stage
        stage(CODES)  # with the corpus-learned boilerplate
    else:
        globals()[args.what]()


if __name__ == "__main__":
    main()
