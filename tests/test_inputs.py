"""Inputs: folders, JSON Lines (plain and gzipped), JSON arrays, standard input, field names,
line ends and byte order marks, and that every reader streams."""
import gzip
import io
import json
import os
import threading

import pytest
from click.testing import CliRunner

from newslint import cli
from newslint.document import Document
from newslint.sources import Fields, find_inputs, read_json_array, read_jsonl, read_path

# Two marker rules make positions easy to check: MARKER anywhere in a line, HEADMARK in the headline.
MARKERS = '''
[[rule]]
code = "S998"
name = "test-headline-marker"
message = "headline marker"
scope = "headline"
match = "search"
ignorecase = false
phrases = ["HEADMARK"]
what = "test"
why = "test"
flagged = "HEADMARK here\\n\\nbody"
not_flagged = "headline\\n\\nbody"

[[rule]]
code = "S999"
name = "test-marker"
message = "marker"
scope = "line"
match = "search"
ignorecase = false
phrases = ["MARKER"]
what = "test"
why = "test"
flagged = "headline\\n\\nMARKER"
not_flagged = "headline\\n\\nbody"
'''


@pytest.fixture
def markers(tmp_path):
    path = tmp_path / "markers.toml"
    path.write_text(MARKERS, encoding="utf-8")
    return str(path)


def lint(markers, *args, input=None):
    """(exit code, [(location, code)]) of a run with only the marker rules."""
    result = CliRunner().invoke(cli.main, ["--isolated", "--pattern-file", markers, "--select", "S998,S999",
                                           "--output-format", "json", *args], input=input,
                                catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return [(f["path"], f["record"], f["line"], f["column"], f["code"]) for f in json.loads(result.stdout)]


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


# -- folders --------------------------------------------------------------------------------
@pytest.fixture
def tree(tmp_path):
    for name in ["a.txt", "sub/b.txt", "sub/deeper/c.txt", "sub/notes.md", "sub/data.jsonl",
                 ".hidden/d.txt", "sub/.git/e.txt", "sub/.svn/f.txt", "node_modules/g.txt",
                 "sub/__pycache__/h.txt", ".dotfile.txt", "drafts/i.txt"]:
        write(tmp_path / "corpus" / name, "Headline\n\nMARKER\n")
    return tmp_path / "corpus"


def relative(paths, top):
    return [os.path.relpath(p, top) for p in paths]


def test_folders_are_walked_for_txt_files_skipping_hidden_and_vcs_folders(tree):
    assert relative(find_inputs([str(tree)]), tree) == [
        "a.txt", "drafts/i.txt", "sub/b.txt", "sub/deeper/c.txt"]


def test_include_and_exclude_globs(tree):
    assert relative(find_inputs([str(tree)], include=["*.md", "*.jsonl"]), tree) == ["sub/data.jsonl", "sub/notes.md"]
    assert relative(find_inputs([str(tree)], exclude=["drafts", "c.txt"]), tree) == ["a.txt", "sub/b.txt"]
    # a glob with a slash matches the path
    assert relative(find_inputs([str(tree)], exclude=["*/sub/deeper/*"]), tree) == ["a.txt", "drafts/i.txt", "sub/b.txt"]


def test_a_named_file_is_read_whatever_its_suffix_but_exclude_still_applies(tree):
    named = str(tree / "sub" / "notes.md")
    assert find_inputs([named]) == [named]
    assert find_inputs([named], exclude=["*.md"]) == []


def test_a_file_named_twice_is_read_once(tree):
    a = str(tree / "a.txt")
    assert find_inputs([a, str(tree), a]).count(a) == 1


def test_include_and_exclude_on_the_command_line(tree, markers):
    found = lint(markers, "--include", "*.md", "--exclude", "deeper", str(tree))
    assert [os.path.relpath(path, tree) for path, *_ in found] == ["sub/notes.md"]


# -- JSON Lines, gzipped JSON Lines, JSON arrays -----------------------------------------------
RECORDS = [
    {"id": "r1", "title": "HEADMARK in a title field", "text": "First paragraph.\n\nSecond has MARKER."},
    {"id": "r2", "text": "HEADMARK as the first line\n\nMARKER"},
    {"text": "No id here\n\nbody MARKER"},
]
EXPECTED = [("r1", 0, 1, "S998"), ("r1", 3, 12, "S999"), ("r2", 1, 1, "S998"), ("r2", 3, 1, "S999"),
            ("#3", 3, 6, "S999")]


def jsonl(records):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


@pytest.mark.parametrize("name,data", [
    ("news.jsonl", jsonl(RECORDS)),
    ("news.jsonl.gz", gzip.compress(jsonl(RECORDS))),
    ("news.json", json.dumps(RECORDS, indent=1).encode("utf-8")),
])
def test_record_files_name_the_record_and_count_lines_in_its_text(tmp_path, markers, name, data):
    """A title field is the headline, on line 0; without one the text's first line is."""
    path = write(tmp_path / name, data)
    assert lint(markers, str(path)) == [(str(path), *expected) for expected in EXPECTED]


def test_record_number_is_the_line_of_the_jsonl_file(tmp_path):
    path = write(tmp_path / "gaps.jsonl", b'\n{"id": "a", "text": "x"}\n\n\n{"id": "b", "text": "y"}\n')
    assert [(d.record, d.record_number) for d in read_path(str(path))] == [("a", 2), ("b", 5)]


def test_configurable_field_names(tmp_path, markers):
    record = {"uid": "x-7", "headline": "HEADMARK", "body": "Para\n\nMARKER", "link": "https://example.com/a",
              "text": "the default field, not used", "title": "not used either"}
    path = write(tmp_path / "other.jsonl", jsonl([record]))
    fields = ["--text-field", "body", "--title-field", "headline", "--id-field", "uid", "--url-field", "link"]
    assert lint(markers, *fields, str(path)) == [(str(path), "x-7", 0, 1, "S998"), (str(path), "x-7", 3, 1, "S999")]
    (doc,) = read_path(str(path), Fields(text="body", title="headline", id="uid", url="link"))
    assert (doc.text, doc.title, doc.url, doc.record) == ("Para\n\nMARKER", "HEADMARK", "https://example.com/a", "x-7")
    assert doc.meta["text"] == "the default field, not used"


def test_numeric_ids_and_ids_that_are_empty(tmp_path):
    """A record without an id is `#N`, so it never reads like a record whose id is a number."""
    records = [{"id": 17, "text": "a"}, {"id": "", "text": "b"}, {"id": 2, "text": "c"}]
    path = write(tmp_path / "ids.jsonl", jsonl(records))
    assert [d.record for d in read_path(str(path))] == ["17", "#2", "2"]


# -- standard input ------------------------------------------------------------------------------
@pytest.mark.parametrize("stdin_name,data,expected", [
    (None, "HEADMARK\n\nMARKER\n", [("-", None, 1, 1, "S998"), ("-", None, 3, 1, "S999")]),
    ("article.txt", "HEADMARK\n\nMARKER\n", [("article.txt", None, 1, 1, "S998"), ("article.txt", None, 3, 1, "S999")]),
    ("feed.jsonl", jsonl(RECORDS[1:2]), [("feed.jsonl", "r2", 1, 1, "S998"), ("feed.jsonl", "r2", 3, 1, "S999")]),
    ("feed.jsonl.gz", gzip.compress(jsonl(RECORDS[1:2])),
     [("feed.jsonl.gz", "r2", 1, 1, "S998"), ("feed.jsonl.gz", "r2", 3, 1, "S999")]),
    ("feed.json", json.dumps(RECORDS[1:2]), [("feed.json", "r2", 1, 1, "S998"), ("feed.json", "r2", 3, 1, "S999")]),
])
def test_standard_input_with_stdin_filename_deciding_the_format(markers, stdin_name, data, expected):
    args = ["--stdin-filename", stdin_name] if stdin_name else []
    assert lint(markers, *args, "-", input=data) == expected


# -- line ends, byte order marks, columns -------------------------------------------------------
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_ends_and_columns_count_characters(tmp_path, markers, newline):
    text = newline.join(["HEADMARK — Überschrift", "", "Ça, l’été: « MARKER »", "日本語、MARKER"]) + newline
    path = write(tmp_path / "article.txt", text)
    assert lint(markers, str(path)) == [(str(path), None, 1, 1, "S998"), (str(path), None, 3, 14, "S999"),
                                        (str(path), None, 4, 5, "S999")]


def test_utf8_with_a_byte_order_mark(tmp_path, markers):
    path = write(tmp_path / "bom.txt", b"\xef\xbb\xbfHEADMARK and MARKER\r\n\r\nBody MARKER\r\n")
    assert lint(markers, str(path)) == [(str(path), None, 1, 1, "S998"), (str(path), None, 1, 14, "S999"),
                                        (str(path), None, 3, 6, "S999")]
    (doc,) = read_path(str(path))
    assert doc.encoding == "utf-8" and doc.text.startswith("HEADMARK")


def test_utf8_bom_on_a_jsonl_file(tmp_path):
    path = write(tmp_path / "bom.jsonl", b"\xef\xbb\xbf" + jsonl(RECORDS[1:]))
    assert [d.record for d in read_path(str(path))] == ["r2", "#2"]


def test_utf16_with_and_without_byte_order_mark_is_text(tmp_path):
    text = "Заголовок новости\n\nТекст статьи о погоде в Москве и области на выходные дни.\n"
    for name, data in [("bom.txt", text.encode("utf-16")), ("le.txt", text.encode("utf-16-le"))]:
        (doc,) = read_path(str(write(tmp_path / name, data)))
        assert isinstance(doc, Document) and doc.text == text and doc.encoding.startswith("utf-16")


# -- streaming ----------------------------------------------------------------------------------
def fifo_first_record_arrives_before_the_rest_is_written(tmp_path, name, head, tail, wrap=None):
    """Write `head` into a named pipe, wait until the reader has yielded a document, then write
    `tail`: a reader that loads the whole input before yielding would never see `head` alone."""
    path = tmp_path / name
    os.mkfifo(path)
    got_first, written_all = threading.Event(), threading.Event()

    def writer():
        with open(path, "wb") as raw:
            out = wrap(raw) if wrap else raw
            out.write(head)
            out.flush()
            got_first.wait(timeout=20)
            written_all.set()
            out.write(tail)
            out.close()

    thread = threading.Thread(target=writer)
    thread.start()
    items = read_path(str(path))
    first = next(items)
    streamed = not written_all.is_set()
    got_first.set()
    rest = list(items)
    thread.join()
    return first, rest, streamed


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("name,head,tail,wrap", [
    ("live.jsonl", b'{"id": "1", "text": "first"}\n', b'{"id": "2", "text": "second"}\n', None),
    ("live.jsonl.gz", b'{"id": "1", "text": "first"}\n', b'{"id": "2", "text": "second"}\n',
     lambda raw: gzip.GzipFile(fileobj=raw, mode="wb")),
    ("live.json", b'[{"id": "1", "text": "first"},', b' {"id": "2", "text": "second"}]', None),
])
def test_records_are_yielded_before_the_file_ends(tmp_path, name, head, tail, wrap):
    first, rest, streamed = fifo_first_record_arrives_before_the_rest_is_written(tmp_path, name, head, tail, wrap)
    assert streamed, "the reader waited for the end of the file before yielding the first record"
    assert [first.record] + [d.record for d in rest] == ["1", "2"]


class CountingStream(io.RawIOBase):
    """An endless JSONL stream that counts the bytes read from it."""

    def __init__(self, record: bytes, opening: bytes = b"", separator: bytes = b""):
        self.opening, self.record, self.separator = opening, record, separator
        self.consumed = 0
        self.buffer = b""

    def readable(self):
        return True

    def readinto(self, target):
        while len(self.buffer) < len(target):
            self.buffer += (self.opening if not self.consumed and not self.buffer else self.separator) + self.record
        n = len(target)
        target[:n], self.buffer = self.buffer[:n], self.buffer[n:]
        self.consumed += n
        return n


def test_jsonl_reader_reads_no_further_than_it_has_yielded():
    stream = CountingStream(b'{"id": "x", "text": "' + b"word " * 200 + b'"}\n')
    items = read_jsonl(io.BufferedReader(stream), "endless.jsonl", Fields())
    docs = [next(items) for _ in range(10)]
    assert [d.record_number for d in docs] == list(range(1, 11))
    assert stream.consumed < 64 * 1024  # an endless file: reading it whole would never return


def test_json_array_reader_parses_one_element_at_a_time():
    stream = CountingStream(b'{"id": "x", "text": "' + b"word " * 200 + b'"}', opening=b"[", separator=b",\n")
    items = read_json_array(io.TextIOWrapper(io.BufferedReader(stream), encoding="utf-8"), "endless.json", Fields())
    docs = [next(items) for _ in range(10)]
    assert [d.record_number for d in docs] == list(range(1, 11))
    assert stream.consumed < 256 * 1024


def test_gzipped_jsonl_is_decompressed_as_it_is_read():
    record = b'{"id": "x", "text": "' + b"word " * 200 + b'"}\n'
    compressed = gzip.compress(record * 20000)  # 20 MB of JSONL, 100 kB compressed
    source = io.BytesIO(compressed)
    items = read_jsonl(gzip.GzipFile(fileobj=source), "big.jsonl.gz", Fields())
    next(items)
    assert source.tell() < len(compressed) // 4
