"""Provenance rules in one document (D1xx): republication notices and their publisher, wire
credits, repeated paragraphs; pattern rules' named groups; and the Reuters corpus (slow,
skipped without ../shared/data)."""
import json
from pathlib import Path

import pytest

from newslint import Document, Linter
from newslint.patterns import PatternRule

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
LINTER = Linter(select=["D1"])


def d_findings(text, code):
    return [f for f in LINTER.check_documents([Document(text)]) if f.code == code]


# -- D101 republication-notice -------------------------------------------------------------
@pytest.mark.parametrize("notice,publisher", [
    ("This story was first published by the Atlantic Council. NV republishes with permission.", "Atlantic Council"),
    ("This article is republished from The Conversation under a Creative Commons license.", "The Conversation"),
    ("Originally published at Foreign Policy on March 3, 2022.", "Foreign Policy"),
    ("A version of this story first appeared in The Washington Post.", "The Washington Post"),
    ("Republished with permission from The Moscow Times.", "The Moscow Times"),
    ("The post Ukraine war: day 100 appeared first on Euromaidan Press.", "Euromaidan Press"),
    ("This article was first published in Ukrainian by Ukrainska Pravda.", "Ukrainska Pravda"),
    ("Dieser Artikel erschien zuerst bei Zeit Online.", "Zeit Online"),
    ("Cet article a été initialement publié dans Le Monde le 3 mars.", "Le Monde"),
    ("Este artículo fue publicado originalmente en El País.", "El País"),
    ("Материал впервые опубликован на сайте Новая газета.", "Новая газета"),
])
def test_notice_names_the_publisher_in_message_and_data(notice, publisher):
    (finding,) = d_findings(f"Headline\n\nThe war went on.\n\n{notice}", "D101")
    assert finding.data == {"publisher": publisher} and publisher in finding.message
    assert finding.line == 5


@pytest.mark.parametrize("text", [
    "The study, first published in The Lancet, found a link.",
    "The novel was first published in 1950.",
    "Officials published the figures with permission to travel.",
])
def test_news_about_publishing_is_no_notice(text):
    assert not d_findings(f"Headline\n\n{text}", "D101")


def test_patterns_of_one_rule_may_share_a_group_name():
    rule = PatternRule({"code": "D199", "name": "x", "message": "from {publisher}", "patterns": [
        r"seen in (?P<publisher>\w+)", r"told to (?P<publisher>\w+) by (?P=publisher)"]}, "test")
    found = list(rule.check(Document("Head\n\nSeen in Foo. Told to Bar by Bar.")))
    assert [(f.message, f.data) for f in found] == [("from Foo", {"publisher": "Foo"}),
                                                    ("from Bar", {"publisher": "Bar"})]


# -- D102 wire-credit ------------------------------------------------------------------------
@pytest.mark.parametrize("text,publisher,credit", [
    ("KYIV, July 3 (Reuters) - Ukraine resumed grain exports.", "Reuters", "dateline"),
    ("WASHINGTON (AP) \u2014 The Senate voted on Tuesday.", "Associated Press", "dateline"),
    ("(CNN)The Senate voted on Tuesday.", "CNN", "dateline"),
    ("The Senate voted on Tuesday.\n Reuter", "Reuters", "sign-off"),
    ("The Senate voted on Tuesday.\n REUTER^M", "Reuters", "sign-off"),
    ("The Senate voted on Tuesday, the minister said. \u2014 AFP\n\nMore news.", "AFP", "sign-off"),
    ("The Senate voted.\n\nCopyright 2023 The Associated Press. All rights reserved.", "Associated Press", "copyright"),
])
def test_wire_credits(text, publisher, credit):
    (finding,) = d_findings(f"Senate vote\n{text}", "D102")
    assert finding.data == {"publisher": publisher, "credit": credit} and publisher in finding.message


@pytest.mark.parametrize("text", [
    "CANADIAN PACIFIC (CP) CONFIRMS EARNINGS\nMONTREAL - Canadian Pacific said profit rose.",  # a ticker
    "JAPAN ASKS BANKS TO SELL - JIJI\nTOKYO - The ministry asked banks, Jiji said.\nMore follows.",
    "Grain\n\nExports resumed, Reuters reported (AP Photo/Efrem Lukatsky).",
    "Grain\n\nThe Terminal, whose owners are Katoen Natie and the Administraci\u00f3n Nacional de Puertos "
    "(ANP)- hires 77 people.",  # an acronym far into its line, no dateline
    "Grain\n\nA ship at the port.\n\u00a9 AFP",  # a photo's credit
])
def test_not_a_wire_credit(text):
    assert not d_findings(text, "D102")


# -- D103 repeated-paragraph ---------------------------------------------------------------
PARAGRAPH = "The city council approved the budget for next year on Tuesday after a long debate."


def test_repeated_paragraph_names_the_line_it_repeats():
    (finding,) = d_findings(f"Budget\n\n{PARAGRAPH}\n\nThe mayor welcomed it.\n\n{PARAGRAPH}", "D103")
    assert finding.line == 7 and finding.data == {"repeats_line": 3}


def test_a_repeated_hard_wrapped_block_is_one_finding():
    block = ["The company said it has obtained waivers from holders of its",
             "six mln dlrs principal amount of debentures due March 31,",
             "1991, of certain covenants through March 31, 1987."]
    text = "\n".join(["WAIVERS", *block, "    Other news followed in the next paragraph of text here.", *block])
    (finding,) = d_findings(text, "D103")
    assert finding.line == 6


def test_one_coinciding_line_of_a_hard_wrapped_text_is_no_repeat():
    line = "charge from early repayment of debt of 58 mln dlrs or 22 cts."
    text = f"RESULTS\nQuarter net excludes a\n{line}\n1986 nine months net excludes gains and a\n{line}\nReuter"
    assert not d_findings(text, "D103")


# -- seeds and real data -----------------------------------------------------------------------
def test_seed_republication_notice():
    found = [f for f in Linter(select=["D1"]).check_paths([ROOT / "examples" / "seeds"])
             if f.code == "D101"]
    assert [(Path(f.path).name, f.line, f.data["publisher"]) for f in found] == [
        ("001_2046b0676354d8cc.txt", 36, "Atlantic Council")]


@pytest.mark.slow
def test_reuters_wire_credits_name_reuters():
    """Every story of Reuters-21578 signs off "Reuter": each wire credit found there must name
    Reuters, and nearly every story must be credited."""
    corpus = DATA / "corpus" / "reuters21578.jsonl"
    if not corpus.exists():
        pytest.skip("../shared/data is not here")
    found = [f for f in Linter(select=["D102"]).check_paths([corpus], jobs=1)]
    publishers = {f.data["publisher"] for f in found}
    signed = sum(1 for line in open(corpus, encoding="utf-8")
                 if json.loads(line)["text"].rstrip().rsplit("\n", 1)[-1].strip().lower().startswith("reuter"))
    assert publishers == {"Reuters"} and len(found) >= 0.99 * signed
