"""Bad input: each gets a clear finding naming the file and line or record, and every other
document is still linted. Legacy encodings are decoded to the right text."""
import gzip
import json
import os
from pathlib import Path

import pytest

from newslint import Linter
from newslint.decoding import decode
from newslint.sources import UsageError, read_path
from test_inputs import lint, markers, write  # noqa: F401  (markers is a fixture)

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
GOOD = "Headline\n\nMARKER in a body of several words.\n"


def read_bytes(tmp_path, data, name="records.jsonl"):
    return list(read_path(str(write(tmp_path / name, data))))


def codes(found, path):
    return [(record, line, column, code) for p, record, line, column, code in found if p == str(path)]


def messages(path, *select):
    return [f.message for f in Linter(select=list(select)).check_paths([path])]


# -- one folder holding every kind of bad input beside good documents ----------------------------
def test_every_good_document_is_linted_beside_every_kind_of_bad_input(tmp_path, markers):
    folder = tmp_path / "corpus"
    records = [{"id": f"g{i}", "text": GOOD} for i in range(1, 5)]
    lines = [json.dumps(r) for r in records]
    write(folder / "a-good.txt", GOOD)
    write(folder / "binary.txt", bytes(range(256)) * 4)
    write(folder / "broken-utf8.txt", GOOD.encode() + b"caf\xc3 \xff\n" + "Ünïcödé MARKER\n".encode())
    write(folder / "cp1251.txt", "Заголовок\n\nMARKER в тексте статьи о погоде в Москве.\n".encode("cp1251"))
    write(folder / "empty.txt", b"")
    write(folder / "malformed.jsonl", "\n".join([lines[0], '{"id": "bad", "text": ', lines[1], "[1, 2]",
                                                '{"id": "notext", "body": "x"}', lines[2]]) + "\n")
    many = "".join(json.dumps({"id": f"t{i}", "text": f"Headline {i}\n\nMARKER {i * i} in a body of words"}) + "\n" for i in range(999))
    compressed = gzip.compress(many.encode())
    write(folder / "truncated.jsonl.gz", compressed[:len(compressed) // 2])
    write(folder / "object.json", json.dumps({"id": "x", "text": GOOD}))
    write(folder / "records.json", json.dumps(records[:2]))
    write(folder / "z-good.txt", GOOD)

    found = lint(markers, "--include", "*.txt", "--include", "*.json*", "--select", "E9,S101", str(folder))
    where = {os.path.basename(path): [] for path, *_ in found}
    for path, record, line, column, code in found:
        where[os.path.basename(path)].append((record, line, column, code))
    assert where["a-good.txt"] == where["z-good.txt"] == [(None, 3, 1, "S999")]
    assert where["binary.txt"] == [(None, 1, 1, "E901")]
    assert where["broken-utf8.txt"] == [(None, 3, 1, "S999"), (None, 4, 4, "E902"), (None, 5, 9, "S999")]
    assert where["cp1251.txt"] == [(None, 3, 1, "S999")]
    assert where["empty.txt"] == [(None, 1, 1, "S101")]
    assert where["malformed.jsonl"] == [("g1", 3, 1, "S999"), ("#2", 0, 0, "E901"), ("g2", 3, 1, "S999"),
                                        ("#4", 0, 0, "E901"), ("notext", 0, 0, "E901"), ("g3", 3, 1, "S999")]
    truncated = where["truncated.jsonl.gz"]
    assert truncated[-1][1:] == (0, 0, "E901") and len(truncated) > 1
    assert all(code == "S999" for *_, code in truncated[:-1])
    assert where["object.json"] == [(None, 1, 1, "E901")]
    assert where["records.json"] == [("g1", 3, 1, "S999"), ("g2", 3, 1, "S999")]


# -- missing paths --------------------------------------------------------------------------------
def test_a_missing_path_is_a_usage_error_naming_it(tmp_path):
    """The command line turns this into exit 2 (tests/test_cli.py)."""
    write(tmp_path / "there.txt", GOOD)
    with pytest.raises(UsageError, match="nothere.txt: no such file or folder"):
        Linter().check_paths([tmp_path / "there.txt", tmp_path / "nothere.txt"])


# -- binary files, broken and undecodable text ---------------------------------------------------
def test_a_binary_file_is_named_and_not_read(tmp_path):
    path = write(tmp_path / "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert messages(path, "E") == ["binary file (holds NUL bytes), not read as text"]


def test_invalid_utf8_is_replaced_and_located_and_the_text_still_linted(tmp_path, markers):
    # the last character of line 2 cut in half, a stray byte in line 4
    data = "Un été à Noël\r\nRésumé".encode()[:-1] + b"\r\nMARKER\r\nun \xff deux\r\n"
    path = write(tmp_path / "cut.txt", data)
    found = lint(markers, "--select", "E902,S999", str(path))
    assert codes(found, path) == [(None, 2, 6, "E902"), (None, 3, 1, "S999")]
    assert messages(path, "E902") == [
        "invalid UTF-8: 2 broken byte sequences replaced by U+FFFD, the first at line 2, column 6"]


def test_mostly_utf8_with_one_broken_byte_is_not_taken_for_a_legacy_encoding():
    text = "Новости дня\n\nВ Киеве открылась выставка современного искусства."
    data = text.encode()
    cut = len("Новости дня\n\nВ Киеве".encode())
    decoded = decode(data[:cut] + b"\xff" + data[cut:])
    assert (decoded.encoding, decoded.invalid, decoded.first_invalid) == ("utf-8", 1, (3, 8))
    assert decoded.text.replace("\ufffd", "") == text


def test_bytes_that_decode_under_no_encoding(tmp_path):
    path = write(tmp_path / "noise.txt", bytes(range(1, 256)) * 20)
    (finding,) = Linter().check_paths([path])
    assert (finding.code, finding.line) == ("E902", 1)
    assert finding.message.startswith("cannot decode: not UTF-8")


def test_an_unreadable_file(tmp_path):
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = write(tmp_path / "locked.txt", GOOD)
    path.chmod(0)
    assert messages(path, "E901") == ["cannot read: Permission denied"]


# -- legacy encodings -----------------------------------------------------------------------------
# Article-like texts written for these tests (not taken from any site).
ARTICLES = {
    "ru": """Мэрия Москвы продлила ремонт Садового кольца до конца октября

Работы на участке между Смоленской площадью и Крымским мостом продлятся ещё шесть недель, сообщили в столичном департаменте транспорта. По словам представителей ведомства, подрядчик не успел заменить старые коммуникации под проезжей частью.

«Мы понимаем, что водители устали от пробок, но экономить на качестве не будем», — заявил заместитель руководителя департамента. Движение по внешней стороне кольца будет частично ограничено по ночам, а днём откроют две полосы из трёх.
""",
    "uk": """У Львові відкрили оновлену бібліотеку для дітей

Після двох років реконструкції у центрі міста знову працює дитяча бібліотека імені Лесі Українки. Міська рада виділила на ремонт понад двадцять мільйонів гривень.

«Ми хотіли, щоб діти приходили сюди не лише по книжки, а й просто провести час», — розповіла директорка закладу. Бібліотека працюватиме щодня, крім понеділка.
""",
    "bg": """Софийската община започва ремонт на още три булеварда

Столичната община обяви, че от понеделник започва ремонтът на булевардите „Витоша“, „Патриарх Евтимий“ и „Скобелев“. Работите ще продължат до края на септември, а движението ще бъде частично ограничено.
""",
    "fr": """Grève à la SNCF : le trafic sera très perturbé jeudi

Les syndicats de cheminots ont confirmé mercredi soir le mouvement de grève prévu pour jeudi. Selon la direction, seul un TGV sur trois circulera, et le trafic des trains régionaux sera « fortement dégradé » dans la plupart des régions.

« Nous ne voulons pas pénaliser les voyageurs, mais le gouvernement refuse d’entendre nos revendications », a déclaré un représentant syndical à l’issue d’une réunion au ministère.
""",
    "de": """Stadtrat beschließt neues Radwegenetz für München

Der Münchner Stadtrat hat am Dienstag mit großer Mehrheit ein neues Radwegenetz beschlossen. Bis 2030 sollen mehr als 80 Kilometer geschützte Radwege entstehen, vor allem entlang der großen Ausfallstraßen.

„Wir wollen, dass sich auch Kinder und ältere Menschen auf dem Rad sicher fühlen“, sagte die Mobilitätsreferentin nach der Sitzung. Die Kosten schätzt die Stadt auf rund 120 Millionen Euro.
""",
    "es": """El Gobierno aprueba una subida del salario mínimo del 5 %

El Consejo de Ministros aprobó este martes una subida del salario mínimo interprofesional, que pasará a 1.134 euros mensuales en catorce pagas. La medida beneficiará a cerca de dos millones y medio de trabajadores, según el Ministerio de Trabajo.

«Es una buena noticia para quienes más lo necesitan», afirmó la vicepresidenta tras la reunión.
""",
    "ja": """東京都、来年度から公立小学校の給食費を無償化へ

東京都は十二日、来年度から都内の公立小学校に通う児童の給食費を無償化する方針を明らかにした。物価の高騰で家計の負担が増えていることを受けた措置で、必要な費用は年間およそ三百億円と見込まれている。

知事は記者会見で「子育て世帯を支えることは都の重要な責任だ」と述べた。
""",
    "zh": """北京今年将新建五十个口袋公园

北京市园林绿化局十日表示，今年全市将新建和改造五十个口袋公园，重点分布在老城区和人口密集的居住区。每个公园面积不大，但都将配备座椅、健身器材和儿童游乐设施。

相关负责人介绍，口袋公园的选址充分听取了居民意见，不少地块原本是闲置的边角地或临时停车场。
""",
    "zh_tw": """台北市今年將新建五十座口袋公園

台北市政府工務局十日表示，今年全市將新建和改造五十座口袋公園，重點分布在老舊社區和人口密集的住宅區。每座公園面積不大，但都將設置座椅、健身器材和兒童遊戲設施。
""",
}
# What a legacy file of each language would hold where the encoding lacks a character.
PLAIN_PUNCTUATION = {"«": '"', "»": '"', "„": '"', "“": '"', "”": '"', "’": "'", "—": "-"}


def legacy_text(text, encoding):
    return "".join(c if c.encode(encoding, "ignore") else PLAIN_PUNCTUATION[c] for c in text)


# (language, the file's encoding, the names newslint may give: the encoding or a superset of it)
LEGACY = [
    ("ru", "cp1251", {"cp1251"}), ("uk", "cp1251", {"cp1251"}), ("bg", "cp1251", {"cp1251"}),
    ("ru", "koi8-r", {"koi8-r"}), ("uk", "koi8-u", {"koi8-u"}), ("ru", "iso8859-5", {"iso8859-5"}),
    ("ru", "cp866", {"cp866"}), ("ru", "mac-cyrillic", {"mac-cyrillic"}),
    ("fr", "latin-1", {"iso8859-1", "cp1252"}), ("es", "latin-1", {"iso8859-1", "cp1252"}),
    ("fr", "cp1252", {"cp1252"}), ("de", "cp1252", {"cp1252"}),
    ("ja", "shift_jis", {"shift_jis", "cp932", "shift_jis_2004"}), ("ja", "euc-jp", {"euc_jp", "euc_jis_2004"}),
    ("zh", "gb18030", {"gb18030"}), ("zh", "gbk", {"gbk", "gb18030"}), ("zh_tw", "big5", {"big5", "big5hkscs"}),
]


@pytest.mark.parametrize("language,encoding,names", LEGACY, ids=[f"{lang}-{enc}" for lang, enc, _ in LEGACY])
def test_a_legacy_encoded_article_is_decoded_right_and_named(tmp_path, language, encoding, names):
    text = legacy_text(ARTICLES[language], encoding)
    headline_and_lead = "\n\n".join(text.split("\n\n")[:2]) + "\n"
    for name, version in [("full.txt", text), ("short.txt", headline_and_lead)]:
        path = write(tmp_path / name, version.encode(encoding))
        (doc,) = read_path(str(path))
        assert doc.text == version, f"{name} decoded as {doc.encoding}"
        assert doc.encoding in names
        (finding,) = Linter(select=["E101"]).check_paths([path])
        assert (finding.path, finding.line) == (str(path), 1)
        assert finding.data["encoding"] == doc.encoding
        assert finding.data["confidence"] == round(doc.encoding_confidence, 3) > 0
        assert doc.encoding in finding.message and f"{doc.encoding_confidence:.2f}" in finding.message


def test_a_legacy_encoded_jsonl_record_is_decoded_from_its_text(tmp_path):
    """Encoding detection sees the record's text, not the JSON syntax around it."""
    text = ARTICLES["ru"]
    raw = json.dumps({"id": "n1", "title": "Ремонт Садового кольца", "text": text}, ensure_ascii=False)
    (doc,) = read_bytes(tmp_path, raw.encode("cp1251") + b"\n")
    assert (doc.text, doc.title, doc.encoding) == (text, "Ремонт Садового кольца", "cp1251")


def test_a_jsonl_record_with_broken_utf8_is_reported_and_linted(tmp_path):
    line = '{"id": "c1", "text": "Titre\\n\\nMARKER et résumé'.encode() + b"\xff" + b'"}\n'
    problem, doc = read_bytes(tmp_path, b'{"id": "ok", "text": "fine"}\n' + line)[1:]
    assert (problem.code, problem.ref.record, problem.line) == ("E902", "c1", 0)
    assert "1 broken byte sequence replaced by U+FFFD" in problem.message
    assert doc.text == "Titre\n\nMARKER et résumé\ufffd"


# -- record files ---------------------------------------------------------------------------------
def test_a_truncated_gzip_keeps_the_records_before_the_cut(tmp_path):
    records = [json.dumps({"id": f"r{i}", "text": f"Record {i}\n\nbody"}) for i in range(1, 2001)]
    data = gzip.compress(("\n".join(records) + "\n").encode())
    items = read_bytes(tmp_path, data[:len(data) // 2], "cut.jsonl.gz")
    *docs, problem = items
    assert [d.record for d in docs] == [f"r{i}" for i in range(1, len(docs) + 1)] and len(docs) > 100
    assert (problem.code, problem.ref.record_number) == ("E901", len(docs) + 1)
    assert problem.message.startswith(f"compressed file is truncated or corrupt after line {len(docs)}")


def test_a_file_named_gz_that_is_not_gzip(tmp_path):
    (problem,) = read_bytes(tmp_path, b'{"id": "a", "text": "plain"}\n', "fake.jsonl.gz")
    assert problem.code == "E901" and "truncated or corrupt" in problem.message


@pytest.mark.parametrize("line,message", [
    ('{"id": "m", "text": "unterminated', "line 2: malformed JSON record"),
    ('{"id": "m", "body": "no text field"}', "record 2 has no 'text' field"),
    ('{"id": "m", "text": 42}', "record 2 has a non-text (int) 'text' field"),
    ('"just a string"', "record 2 is a JSON str, not an object"),
])
def test_a_bad_jsonl_line_in_the_middle_of_a_file(tmp_path, line, message):
    good = '{"id": "g%d", "text": "Headline\\n\\nbody"}'
    items = read_bytes(tmp_path, ("\n".join([good % 1, line, good % 3]) + "\n").encode())
    assert [type(i).__name__ for i in items] == ["Document", "Problem", "Document"]
    assert items[1].ref.record_number == 2 and items[1].line == 0 and items[1].message.startswith(message)
    assert [items[0].record, items[2].record] == ["g1", "g3"]


@pytest.mark.parametrize("data", [b'{"id": "x", "text": "y"}', b"", b'"text"', b"[1, 2"])
def test_a_json_file_that_is_not_an_array_of_records(tmp_path, data):
    items = read_bytes(tmp_path, data, "records.json")
    assert items and all(i.code == "E901" for i in items)
    assert items[0].message in ("a .json input must hold one JSON array of records",
                                "record 1 is a JSON int, not an object")


def test_a_malformed_element_of_a_json_array_ends_the_file_with_a_finding(tmp_path):
    items = read_bytes(tmp_path, b'[{"id": "a", "text": "one"}, {"id": "b", "text": oops}, {"id": "c", "text": "x"}]',
                         "records.json")
    assert [getattr(i, "record", None) for i in items[:1]] == ["a"]
    assert items[1].code == "E901" and items[1].ref.record_number == 2
    assert "the rest of the file is not read" in items[1].message


def test_a_json_array_with_broken_utf8_is_read_and_reported(tmp_path):
    items = read_bytes(tmp_path, b'[{"id": "a", "text": "caf\xc3"}, {"id": "b", "text": "fine"}]', "records.json")
    assert [i.record for i in items[:2]] == ["a", "b"] and items[0].text == "caf\ufffd"
    assert (items[2].code, items[2].message) == ("E902", "invalid UTF-8: 1 broken byte sequence replaced by U+FFFD")


# -- on real text ---------------------------------------------------------------------------------
@pytest.mark.slow
def test_legacy_decoding_on_real_ukrainian_and_russian_text():
    """The WMT22 source documents (real Ukrainian and Russian text) saved in legacy encodings
    decode back to the same text; the same text in UTF-8 with one stray byte stays UTF-8."""
    path = DATA / "mt" / "wmt22-uk-ru-en.jsonl"
    if not path.exists():
        pytest.skip("../shared/data is not here")
    sources = [json.loads(line)["source"] for line in path.open(encoding="utf-8")][::2]
    for encoding, required in [("cp1251", 0.995), ("koi8-r", 1.0)]:
        right = 0
        for text in sources:
            data = text.encode(encoding, "replace")
            right += decode(data).text == data.decode(encoding)
        assert right / len(sources) >= required, (encoding, right, len(sources))
    for text in sources:
        data = text.encode()
        middle = len(text[:len(text) // 2].encode())
        decoded = decode(data[:middle] + b"\xff" + data[middle:])
        assert (decoded.encoding, decoded.invalid) == ("utf-8", 1) and decoded.text.replace("\ufffd", "") == text
