"""The encoding (E1xx) rules on edge cases, and their bars on real data (slow: ../shared/data)."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newslint import Document
from newslint.patterns import load_pattern_file
from newslint.registry import rule_classes
from newslint.rules import encoding

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
RULES = {rule.code: rule for rule in [cls() for cls in rule_classes(encoding)]
         + load_pattern_file(str(ROOT / "rules" / "encoding_markup.toml"))[0]}


def check(code, text, title=None):
    return list(RULES[code].check(Document(text, title=title)))


def excerpts(code, text, title=None):
    return [f.excerpt for f in check(code, text, title)]


def fixed(finding):
    """The replacement of a finding's single edit."""
    (edit,) = finding.fix.edits
    return edit.replacement


# -- E102 mojibake -----------------------------------------------------------------------

def test_mojibake_span_is_the_damaged_words_and_the_fix_their_repair():
    (finding,) = check("E102", "Headline\n\nThe mayor of Liège said cafÃ© owners in HÃ´tel de Ville agree.")
    assert finding.excerpt == "cafÃ© owners in HÃ´tel"
    assert (finding.line, finding.column) == (3, 25)
    assert fixed(finding) == "café owners in Hôtel" and finding.fix.safe
    assert "UTF-8 read as windows-1252 in places" in finding.message  # "Liège" is clean


def test_mojibake_one_finding_per_damaged_line():
    text = "РџСЂРёРІРµС‚ РјРёСЂ\n\nClean line.\nThe minister’s plan вЂ” a draft.\n"
    findings = check("E102", text)
    assert [f.line for f in findings] == [1, 4]
    assert fixed(findings[0]) == "Привет мир" and fixed(findings[1]) == "—"
    assert "windows-1251" in findings[0].message


def test_mojibake_in_a_title_field_is_reported_on_line_zero():
    (finding,) = check("E102", "Clean body text.", title="ZÃ¼rich votes")
    assert finding.line == 0 and fixed(finding) == "Zürich"


def test_clean_multilingual_text_and_ascii_are_not_mojibake():
    clean = ("Łódź, Škoda, İstanbul, Øresund, Þórsmörk, «Résumé» à 5×£3 — 10 µg at −5 °C.\n"
             "Він сказав: «Рік був важким». Ці люди п’ять років чекали.\n"
             "Η ¨ανατροφή¨ δυστυχώς. 日本語のテキスト。한국어 텍스트.\n")
    assert check("E102", clean) == []
    assert check("E102", "Plain ASCII text & more <tags>.") == []


def test_lossy_repair_is_unsafe():
    (finding,) = check("E102", "Headline\n\nThe ICR has been upgraded to â€œbb+â€? from â€œbbâ€?")
    assert "\ufffd" in fixed(finding) and not finding.fix.safe


def test_c1_controls_read_as_windows_1252_are_safe_only_when_every_code_page_agrees():
    dash, = check("E102", "Headline\n\nStart-up series \x96 part six")
    assert fixed(dash) == "–" and dash.fix.safe
    letter, = check("E102", "Headline\n\nWiadomo\x9cci z kraju")  # 0x9C: "œ" in cp1252, "ś" in cp1250
    assert not letter.fix.safe


# -- E103 replacement character ----------------------------------------------------------

def test_replacement_character_reports_its_word():
    (finding,) = check("E103", "Headline\n\nThe Sloven\ufffdina text.")
    assert finding.excerpt == "Sloven\ufffdina" and finding.fix is None


# -- E104 control characters -------------------------------------------------------------

def test_control_characters_but_not_tab_newline_or_form_feed():
    findings = check("E104", "Head\n\nA\x00B\tC\x0cD\x1bE\x7fF\n")
    assert [f.excerpt for f in findings] == ["\x00", "\x1b", "\x7f"]
    assert all(fixed(f) == "" and f.fix.safe for f in findings)
    assert "NUL" in findings[0].message


def test_c1_controls_inside_mojibake_are_left_to_e102():
    text = "Head\n\nAnioÅ\x82 PaÅ\x84ski\nA lone \x81 control."
    assert [f.line for f in check("E104", text)] == [4]
    assert [f.line for f in check("E102", text)] == [3]


# -- E105 invisible characters, E106 soft hyphens -----------------------------------------

@pytest.mark.parametrize("text", [
    "languages \u200b\u200bother than", "the \u200ciPhone 11", "COVID-\u206019", "Webseite\ufeff Menu",
    "bonitätsunabhängig!\u200e", "Weitere \u2068Artikel\u2069", "Kyi\u200bv",
])
def test_stray_invisible_characters(text):
    findings = check("E105", "Head\n\n" + text)
    assert findings and all(fixed(f) == "" and f.fix.safe for f in findings)
    assert "\u27e8U+" in findings[0].message  # the message makes the character visible


@pytest.mark.parametrize("text", [
    "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian: ZWNJ inside a word
    "\u0924\u0938\u094d\u200d\u0935\u0940\u0930",  # Devanagari: ZWJ
    "\U0001f939\u200d\u2640\ufe0f",  # an emoji ZWJ sequence
    "\u0e20\u0e32\u0e29\u0e32\u200b\u0e44\u0e17\u0e22",  # Thai: ZWSP marks a word break
    "\u05e9\u05dc\u05d5\u05dd \u200fworld",  # a bidi mark in a line with Hebrew
])
def test_invisible_characters_doing_their_job(text):
    assert check("E105", "Head\n\n" + text) == []


def test_soft_hyphens_one_finding_per_word():
    findings = check("E106", "Head\n\nDie Er\u00adwei\u00adte\u00adrung und Ver\u00adkehrs\u00adwende.")
    assert [f.excerpt.replace("\u00ad", "-") for f in findings] == ["Er-wei-te-rung", "Ver-kehrs-wende"]
    assert [fixed(f) for f in findings] == ["Erweiterung", "Verkehrswende"]
    assert findings[0].severity == "info"


# -- E107 entities, E108 tags -------------------------------------------------------------

def test_entities_named_and_numeric_with_their_characters():
    findings = check("E107", "AT&amp;T\n\nThe company&#8217;s profit&nbsp;rose; &#x2019; &frac14;")
    assert [f.excerpt for f in findings] == ["&amp;", "&#8217;", "&nbsp;", "&#x2019;", "&frac14;"]
    assert [fixed(f) for f in findings] == ["&", "\u2019", "\u00a0", "\u2019", "\u00bc"]


@pytest.mark.parametrize("text", ["AT&T", "R&D;", "Procter & Gamble", "&Co;", "Q&A;", "a &amp b", "&madeup;"])
def test_not_entities(text):
    assert check("E107", "Head\n\n" + text) == []


@pytest.mark.parametrize("text, expected", [
    ("The count ended.</p>", ["</p>"]),
    ('<a href="https://x.org/a">link</a>', ['<a href="https://x.org/a">', "</a>"]),
    ("line<br>break<br />again", ["<br>", "<br />"]),
    ("<!-- ad slot -->text", ["<!-- ad slot -->"]),
    ('<img src="a.jpg" alt="">', ['<img src="a.jpg" alt="">']),
    ("<script>var a = 1;</script>", ["<script>", "</script>"]),
])
def test_html_tags(text, expected):
    assert excerpts("E108", "Head\n\n" + text) == expected


@pytest.mark.parametrize("text", [
    "BARNES GROUP <B> EXPECTS SALES TO GROW", "Entertainment Marketing Inc <em>\nfor Crazy Eddie",
    "<B and R International\nInc.> said", "if 3 < 5 and 7 > 2", "<IBM> <GM> <T> <P> <S> <U>",
])
def test_wire_ticker_symbols_and_comparisons_are_not_tags(text):
    assert check("E108", "Head\n\n" + text) == []


# -- E109 mixed scripts ---------------------------------------------------------------------

def test_mixed_script_word_with_a_look_alike_fix():
    (finding,) = check("E109", "Head\n\nTalks in \u041ayiv ended.")
    assert finding.excerpt == "\u041ayiv" and fixed(finding) == "Kyiv" and not finding.fix.safe
    (ukrainian,) = check("E109", "Head\n\nУ Києвi відбулися.")  # a Latin i ends "Києві"
    assert fixed(ukrainian) == "Києві"  # the Latin i becomes the Cyrillic і


def test_mixed_script_word_without_look_alikes_has_no_fix():
    (finding,) = check("E109", "Head\n\nThe dobe\u044c\u044e\u0442 outcome.")
    assert finding.fix is None


@pytest.mark.parametrize("text", [
    "Kyiv (Київ)", "iPhone-версія", "Яндекс.Go",
    "ВІКІ is Ukrainian for WIKI", "NF-κB and 10μm",  # Greek next to Latin is left alone
])
def test_words_of_one_script(text):
    assert check("E109", "Head\n\n" + text) == []


def test_mojibake_that_mixes_scripts_is_left_to_e102():
    text = "Head\n\nLa r\u0413\u00a9gion se trouve \u0413\u00a0 l\u0432\u0402\u2122ouest"
    assert check("E102", text) and check("E109", text) == []


# -- E110 private use -----------------------------------------------------------------------

def test_private_use_characters():
    (finding,) = check("E110", "Head\n\nBewertung \ue838\ue838\ue839 Perfekt")
    assert finding.excerpt == "\ue838\ue838\ue839" and fixed(finding) == "" and not finding.fix.safe


# -- bars on real data (slow) ------------------------------------------------------------------

def shared(path):
    full = SHARED / path
    if not full.exists():
        pytest.skip(f"{full} is absent")
    return full


def newslint_command(*options):
    return " ".join([str(Path(sys.executable).parent / "newslint"), *options])


def score_encoding(*options):
    """(precision, recall) from the shared scorer's last line."""
    scorer, cases = shared("tools/score_encoding.py"), shared("data/encoding/ftfy-cases")
    run = subprocess.run([sys.executable, str(scorer), str(cases), "--cmd", newslint_command(*options)],
                         capture_output=True, text=True, check=True)
    last = run.stdout.strip().splitlines()[-1]
    precision, recall = re.search(r"P=([\d.]+) R=([\d.]+)", last).groups()
    return float(precision), float(recall)


@pytest.mark.slow
def test_mojibake_bars_on_ftfy_cases():
    precision, recall = score_encoding("--select", "E102,E103")
    assert precision >= 0.98 and recall >= 0.95


@pytest.mark.slow
def test_whole_family_on_ftfy_cases():
    """Every E rule together. The scorer counts as clean the cases that hold no mojibake; four of
    them hold what other E rules exist to find (SUB control characters twice, the entity
    &frac14;, a Cyrillic Е in "SENSЕ"), which costs precision here: see /work/notes/rules-E.md."""
    precision, recall = score_encoding("--select", "E1")
    assert precision >= 0.95 and recall >= 0.95


def e_findings(documents):
    return [f for doc in documents for rule in RULES.values() for f in rule.check(doc)]


@pytest.mark.slow
def test_clean_newswire_stays_clean():
    """Reuters-21578 (1987 newswire, ASCII): no E finding on any of its 21,578 stories."""
    from newslint.config import Settings
    from newslint.sources import read_path
    docs = read_path(str(shared("data/corpus/reuters21578.jsonl")), Settings().fields)
    assert e_findings(docs) == []


@pytest.mark.slow
def test_human_translations_stay_nearly_clean():
    """WMT22 human references: at most 1 E finding per 10,000 words (measured: 2 in 64,028 words,
    both a Cyrillic Н inside "WHO")."""
    docs, words = [], 0
    for line in shared("data/mt/wmt22-uk-ru-en.jsonl").open(encoding="utf-8"):
        for text in json.loads(line)["human_references"].values():
            docs.append(Document(text + "\n"))
            words += len(text.split())
    assert len(e_findings(docs)) <= words / 10_000
