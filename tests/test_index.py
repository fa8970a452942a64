"""The incremental index: runs on a few files compared with the corpus seen before."""
import os
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest
from click.testing import CliRunner

from newslint import CorpusRule, Document, Linter
from newslint.cli import main
from newslint.finding import Span
from newslint.index import Index, IndexFileError, fingerprint
from newslint.runner import Engine

STORY = ("The central bank raised its main interest rate by half a point on Tuesday, the first rise in "
         "more than a decade, and said more increases were likely before the end of the year.")
OTHER = ("Heavy rain flooded the old town overnight and forced the closure of two schools and the main "
         "bridge, while firefighters pumped water from dozens of cellars.")
THIRD = ("The football club sold its stadium to the city for a symbolic sum after years of losses, and "
         "the supporters' trust promised to keep running the youth teams.")


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.mkdir("news")
    for name, text in (("a", STORY), ("b", OTHER), ("c", THIRD)):
        write(f"news/{name}.txt", f"Headline {name}\n\n{text}\n")
    return tmp_path


def write(path, text):
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)
    stamp = time.time_ns() + 10 ** 9 * len(text)  # a new modification time even on coarse clocks
    os.utime(path, ns=(stamp, stamp))


def run(*args):
    result = CliRunner().invoke(main, ["--select", "D201", "--no-progress", "--index", "index.db", *args])
    assert result.exit_code in (0, 1), result.output
    return [line.split(": ", 1)[1] for line in result.output.splitlines() if ": D201 " in line], result


def lines_of(path):
    return [line.split(": ", 1)[0] for line in run(path)[0]]


def test_a_run_on_one_file_compares_it_with_the_files_seen_before(corpus):
    assert run("news")[0] == []
    write("news/d.txt", f"Copied\n\n{STORY}\n")
    found, result = run("news/d.txt")
    assert found == ["D201 duplicate of news/a.txt (same body; cluster of 2)"]
    assert result.output.startswith("news/d.txt:3:1: D201")
    assert run("news/d.txt")[0] == found  # a repeated run says the same


def test_only_the_documents_of_the_run_are_reported(corpus):
    write("news/d.txt", f"Copied\n\n{STORY}\n")
    run("news")
    found, result = run("news/a.txt")  # a.txt is the original: its copy d.txt is not in this run
    assert found == [] and "d.txt" not in result.output


def test_an_edited_file_replaces_what_was_stored(corpus):
    write("news/d.txt", f"Copied\n\n{STORY}\n")
    run("news")
    write("news/a.txt", f"Headline a\n\n{THIRD}\n")  # a.txt no longer holds the story, but c's
    assert run("news/a.txt")[0] == []  # a.txt is first by path: the original
    assert run("news/c.txt")[0] == ["D201 duplicate of news/a.txt (same body; cluster of 2)"]
    assert run("news/d.txt")[0] == []


def test_a_file_changed_since_is_read_again_but_not_reported(corpus):
    run("news")
    write("news/b.txt", f"Headline b\n\n{STORY}\n")  # changed on disk, not named in the next run
    found, result = run("news/a.txt")
    assert found == [] and "news/b.txt" not in result.output  # a.txt is b's original: nothing to say
    write("news/d.txt", f"Copy\n\n{STORY}\n")
    found, _ = run("news/d.txt")
    assert found == ["D201 duplicate of news/a.txt (same body; cluster of 3)"]


def test_a_deleted_file_is_dropped(corpus):
    write("news/d.txt", f"Copied\n\n{STORY}\n")
    run("news")
    os.remove("news/a.txt")
    write("news/e.txt", f"Copied again\n\n{STORY}\n")
    found, _ = run("news/e.txt")
    assert found == ["D201 duplicate of news/d.txt (same body; cluster of 2)"]
    stored = sqlite3.connect("index.db").execute("SELECT DISTINCT path FROM documents ORDER BY path").fetchall()
    assert [p for (p,) in stored] == ["news/b.txt", "news/c.txt", "news/d.txt", "news/e.txt"]


def test_indexed_run_reports_what_a_full_run_reports_on_its_files(corpus):
    write("news/d.txt", f"Copied\n\n{STORY}\n")
    write("news/e.txt", f"Near\n\n{STORY.replace('Tuesday', 'Monday')}\n")
    run("news")
    full = CliRunner().invoke(main, ["--select", "D201", "--no-progress", "news"]).output
    for name in ("a", "d", "e"):
        path = f"news/{name}.txt"
        expected = [line for line in full.splitlines() if line.startswith(path + ":")]
        assert [line for line in run(path)[1].output.splitlines() if line.startswith(path + ":")] == expected


def test_a_crash_in_the_middle_of_a_run_leaves_the_index_as_it_was(corpus):
    run("news")
    before = sqlite3.connect("index.db").execute("SELECT path, record, doc_values FROM documents").fetchall()
    script = textwrap.dedent("""
        import os
        from newslint import Document, Linter
        from newslint.index import Index, fingerprint
        linter = Linter(select=["D201"])
        index = Index("index.db", fingerprint(linter.engine.document_rules + linter.engine.corpus_rules))
        docs = [Document("Replaced\\n\\nNothing like before at all, a new text.", path="news/a.txt")]
        engine = linter.engine
        for ref, _, values in engine.check_batch(docs):
            index.put(ref, {engine.corpus_rules[n].code: engine.corpus_rules[n].pack(v) for n, v in values})
        index._flush()
        os._exit(3)  # killed before the commit
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=corpus, capture_output=True, text=True)
    assert result.returncode == 3, result.stderr
    after = sqlite3.connect("index.db").execute("SELECT path, record, doc_values FROM documents").fetchall()
    assert after == before
    assert sqlite3.connect("index.db").execute("PRAGMA integrity_check").fetchone() == ("ok",)
    write("news/d.txt", f"Copied\n\n{STORY}\n")
    assert run("news/d.txt")[0] == ["D201 duplicate of news/a.txt (same body; cluster of 2)"]


def test_other_rules_or_settings_empty_the_index(corpus):
    run("news")
    with open("newslint.toml", "w", encoding="utf-8") as out:
        out.write("[rules.D201]\nmin_similarity = 0.9\n")
    write("news/d.txt", f"Copied\n\n{STORY}\n")
    found, result = run("news/d.txt")
    assert "it is filled again" in result.output
    assert found == []  # the stored documents were made with other settings: gone


def test_not_an_index(corpus):
    write("index.db", "just text, not SQLite" * 100)
    result = CliRunner().invoke(main, ["--index", "index.db", "news"])
    assert result.exit_code == 2 and "not a newslint index" in result.output


class CountWords(CorpusRule):
    """A corpus rule with the default (JSON) packing: reports documents whose word count
    another document has too."""
    code, name = "S999", "same-length"
    message = "same length"

    def map(self, doc, findings):
        return {"words": len(doc.words), "first": doc.words[:2], "raw": doc.text[:3].encode()}

    def start(self):
        return []

    def merge(self, state, ref, value):
        state.append((ref, value))
        return state

    def finalize(self, state, reported=None):
        seen = {}
        for ref, value in sorted(state):
            if value["words"] in seen:
                yield self.finding(ref, Span(1, 1, 1, 1, ""), f"as long as {seen[value['words']].label()}",
                                   raw=value["raw"].decode())
            seen.setdefault(value["words"], ref)


def test_the_index_keeps_any_corpus_rules_values_as_json(tmp_path):
    rule = CountWords()
    engine = Engine([rule])
    for name, text in (("a", "one two three"), ("b", "four five six")):
        (tmp_path / f"{name}.txt").write_text(text)
    a, b = (Document((tmp_path / f"{n}.txt").read_text(), path=str(tmp_path / f"{n}.txt")) for n in "ab")
    with Index(str(tmp_path / "i.db"), fingerprint([rule])) as index:
        assert engine.run([a], index=index) == []
    with Index(str(tmp_path / "i.db"), fingerprint([rule])) as index:
        (finding,) = engine.run([b], index=index)
    assert finding.path == b.path and finding.data == {"raw": "fou"} and a.path in finding.message
    assert rule.unpack(rule.pack({"x": b"\x00\xff", "y": [1, "z"]})) == {"x": b"\x00\xff", "y": [1, "z"]}


def test_opening_a_broken_file_fails_cleanly(tmp_path):
    path = tmp_path / "broken.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\x01" * 200)
    with pytest.raises(IndexFileError):
        Index(str(path), "x")


class SameWord(CorpusRule):
    """A corpus rule with keys: a document's words are its keys; it reports, for each document,
    the documents it was given, so a test sees what the index loaded."""
    code, name = "S998", "same-word"
    message = "given"

    def map(self, doc, findings):
        return doc.words

    def keys(self, value):
        return [sum(map(ord, word)) for word in value]

    def start(self):
        return []

    def merge(self, state, ref, value):
        state.append(ref)
        return state

    def finalize(self, state, reported=None):
        given = " ".join(sorted(os.path.basename(ref.path) for ref in state))
        for ref in state:
            yield self.finding(ref, Span(1, 1, 1, 1, ""), given)


def given_to(tmp_path, rule, texts, run_on):
    """What a run on `run_on` is given, after a run on all `texts` (name -> text) built the index."""
    for name, text in texts.items():
        (tmp_path / name).write_text(text)
    docs = {name: Document((tmp_path / name).read_text(), path=str(tmp_path / name)) for name in texts}
    engine = Engine([rule])
    with Index(str(tmp_path / "i.db"), fingerprint([rule])) as index:
        engine.run(list(docs.values()), index=index)
    with Index(str(tmp_path / "i.db"), fingerprint([rule])) as index:
        (finding,) = engine.run([docs[run_on]], index=index)
    return finding.message


def test_a_run_is_given_only_the_earlier_documents_linked_to_it_by_keys(tmp_path):
    texts = {"a.txt": "alpha beta", "b.txt": "beta gamma", "c.txt": "gamma delta", "d.txt": "omega",
             "x.txt": "alpha"}
    # x shares "alpha" with a, a "beta" with b, b "gamma" with c; nothing links d
    assert given_to(tmp_path, SameWord(), texts, "x.txt") == "a.txt b.txt c.txt x.txt"


def test_a_rule_without_keys_is_given_every_earlier_document(tmp_path):
    texts = {"a.txt": "one two", "b.txt": "three", "x.txt": "four five"}
    rule = CountWords()
    for name, text in texts.items():
        (tmp_path / name).write_text(text)
    engine = Engine([rule])
    docs = [Document((tmp_path / n).read_text(), path=str(tmp_path / n)) for n in texts]
    with Index(str(tmp_path / "i.db"), fingerprint([rule])) as index:
        engine.run(docs, index=index)
    with Index(str(tmp_path / "i.db"), fingerprint([rule])) as index:
        assert sorted(os.path.basename(ref.path) for ref, _ in index.earlier(rule.code)) == ["a.txt", "b.txt", "x.txt"]


def test_a_near_duplicate_is_found_through_its_lsh_bands_alone(corpus):
    long_story = f"{STORY} {OTHER} {THIRD}"
    write("news/long.txt", f"Long\n\n{long_story}\n")
    run("news")
    write("news/z.txt", f"Edited\n\n{long_story.replace('Tuesday', 'Monday')}\n")  # another body hash
    found, _ = run("news/z.txt")  # after long.txt by path: the copy
    assert found == ["D201 near-duplicate of news/long.txt (Jaccard 0.89 on 5-word shingles; cluster of 2)"]


def test_an_unrelated_stored_document_is_not_loaded(corpus):
    run("news")
    write("news/d.txt", f"Copied\n\n{STORY}\n")
    rules = Linter(select=["D201"]).engine.corpus_rules
    with Index("index.db", fingerprint(rules)) as index:
        engine = Engine(rules)
        loaded = []
        original = index.earlier

        def earlier(code, related=False):
            for ref, data in original(code, related):
                loaded.append(ref.path)
                yield ref, data
        index.earlier = earlier
        (finding,) = engine.run([Document(open("news/d.txt").read(), path="news/d.txt")], index=index)
    assert loaded == ["news/a.txt"] and "news/a.txt" in finding.message


def test_an_index_of_an_older_schema_is_filled_again(corpus):
    db = sqlite3.connect("index.db")
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("CREATE TABLE documents (path TEXT NOT NULL, record TEXT, record_number INTEGER, doc_values BLOB)")
    db.executemany("INSERT INTO meta VALUES (?, ?)", [("schema", "2"), ("fingerprint", "x")])
    db.commit()
    db.close()
    assert run("news")[0] == []
    write("news/d.txt", f"Copied\n\n{STORY}\n")
    assert run("news/d.txt")[0] == ["D201 duplicate of news/a.txt (same body; cluster of 2)"]


def test_the_keys_of_an_edited_or_deleted_file_go_with_it(corpus):
    run("news")
    db = sqlite3.connect("index.db")
    before = db.execute("SELECT COUNT(*) FROM keys").fetchone()[0]
    os.remove("news/b.txt")
    write("news/a.txt", f"Headline a\n\n{THIRD}\n")
    write("news/d.txt", f"Copied\n\n{STORY}\n")
    run("news/a.txt")
    run("news/d.txt")
    orphans = db.execute("SELECT COUNT(*) FROM keys WHERE doc NOT IN (SELECT id FROM documents)").fetchone()[0]
    paths = [p for (p,) in db.execute("SELECT path FROM documents ORDER BY path")]
    assert orphans == 0 and before > 0 and paths == ["news/a.txt", "news/c.txt", "news/d.txt"]
