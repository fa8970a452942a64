"""Structure rules (S): quotations split across paragraphs and unpaired quotation marks (with
apostrophes that look like closing quotes), one-sentence paragraphs, hard-wrapped lines, the
repeated headline; and the seeds' split quotations."""
from pathlib import Path

import pytest

from newslint import Document, Linter
from newslint.rules.structure import quote_marks, unpaired_quotes

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "examples" / "seeds"
LINTER = Linter(select=["S"])


def s_findings(text, **kw):
    return [(f.code, f.line) for f in LINTER.check_documents([Document(text, **kw)]) if f.code != "S101"]


def paras(*paragraphs):
    return "Headline\n\n" + "\n\n".join(paragraphs) + "\n"


# -- quotation marks ----------------------------------------------------------------------

def test_apostrophes_are_not_quotation_marks():
    assert list(quote_marks("It\u2019s Putin\u2019s war in the \u201990s, don't")) == []
    # After a letter, ’ may close a quote or be a possessive: a weak closer, never reported alone.
    (mark,) = quote_marks("the soldiers\u2019 morale")
    assert (mark.opens, mark.strong) == (False, False)
    assert not any(m.opens for m in unpaired_quotes("rock \u2018n\u2019 roll, Pay 'N Pak"))


def test_closers_after_punctuation_are_strong():
    marks = list(quote_marks("\u2018They ran.\u2019 And \u2018the Sever\u2019 group."))
    assert [(m.opens, m.strong) for m in marks] == [(True, False), (False, True), (True, False), (False, False)]


@pytest.mark.parametrize("text", [
    "\u201cHe said \u2018no\u2019 twice,\u201d she said.",
    "\u201eWir schaffen das\u201c, sagte sie.",
    "\u00abNous y arriverons\u00bb, dit-il.",
    "Ridha Chalghoum: \u00ab La Tunisie a pu r\u00e9duire la dette \u00bb",
    "Home \u00bb News \u00bb World \u00bb Europe",
    "Read the whole story here \u00bb",
    "\u00bbWir schaffen das\u00ab, sagte sie.",
    'He said "no" and "yes".',
    '14" and 16" screens make more sense than a "complete" redesign.',
    "the \u2018indomitable spirit\u2019 of troops",
])
def test_paired_quotations(text):
    assert unpaired_quotes(text) == []


# -- S102 split-quotation, S103 unbalanced-quotation ----------------------------------------

def test_quote_split_across_paragraphs_is_reported_at_its_opening():
    text = paras("He said: \u2018They are running away. They have no desire to fight.",
                 "The authorities are indifferent.\u2019 Others agreed.")
    assert s_findings(text) == [("S102", 3)]


def test_split_over_three_paragraphs_with_straight_double_quotes():
    text = paras('"It was like the end of the world.', "But we are resilient.", 'We will rebuild." She left.')
    assert s_findings(text) == [("S102", 3)]


def test_the_multi_paragraph_convention_is_not_a_split():
    text = paras("\u201cThey are running away.", "\u201cThe authorities are indifferent,\u201d he said.")
    assert s_findings(text) == []


def test_possessive_after_s_does_not_close_a_carried_quote():
    text = paras("\u2018They are running away.", "The soldiers\u2019 morale is low, he said.", "Then he left.")
    assert s_findings(text) == [("S103", 3)]


def test_unbalanced_quotation_marks():
    assert s_findings(paras("He said it would \u201cdrag on in this way. \u201c. Then he left.")) == \
        [("S103", 3), ("S103", 3)]
    assert s_findings(paras("The talks ended.\u201d He left.")) == [("S103", 3)]
    assert s_findings(paras("He called it \u201ca farce\u201d and left.")) == []


def test_quote_never_closed_after_max_paragraphs():
    text = paras("\u201cIt began here.", "One.", "Two.", "Three.", "Four.", "Five.")
    assert s_findings(text) == [("S103", 3)]


def test_straight_single_quotes_are_not_tracked_in_bodies():
    assert s_findings(paras("The players' union said 'no.", "Talks went on.")) == []


def test_seed_split_quotations():
    if not SEEDS.exists():
        pytest.skip("examples/seeds missing")
    found = {(f.path.rsplit("/", 1)[-1][:3], f.code, f.line)
             for f in LINTER.check_paths([SEEDS]) if f.code in ("S102", "S103")}
    assert {("000", "S102", 5), ("000", "S102", 21), ("002", "S102", 30)} <= found
    assert not {f for f in found if f[0] in ("000", "002") and f[1] == "S103"}


# -- S104 one-sentence-paragraphs -----------------------------------------------------------

def test_fragmentation_is_one_finding_at_the_document_start():
    text = paras(*[f"Sentence number {n} stands alone." for n in range(12)])
    assert s_findings(text) == [("S104", 1)]


def test_mostly_longer_paragraphs_are_not_fragmented():
    parts = [f"Sentence {n} is here. Another follows it." for n in range(4)] + [f"Alone {n}." for n in range(8)]
    assert s_findings(paras(*parts)) == []
    assert s_findings(paras(*[f"Alone {n}." for n in range(5)])) == []  # too few paragraphs


# -- S105 hard-wrapped-lines ----------------------------------------------------------------

WRAPPED = ("BAHIA COCOA REVIEW\nSALVADOR, Feb 26 - Showers continued throughout the week in\n"
           "the Bahia cocoa zone, alleviating the drought since early\nJanuary and improving prospects\n"
           "for the coming temporao,\nalthough normal humidity levels have not been restored,\n"
           "Comissaria Smith said in its weekly review.\n    The dry period means the temporao will be late.\n")


def test_hard_wrapped_body_is_one_finding_with_an_unwrapping_fix():
    (finding,) = [f for f in LINTER.check_documents([Document(WRAPPED)]) if f.code == "S105"]
    assert finding.line == 2 and finding.data["breaks"] == 3 and not finding.fix.safe
    (edit,) = finding.fix.edits
    assert (edit.line, edit.column) == (2, 1)
    assert "week in the Bahia cocoa zone" in edit.replacement
    assert "prospects for the coming temporao, although normal" in edit.replacement
    assert "early\nJanuary" in edit.replacement  # an upper-case start may begin a sentence: left alone


def test_short_lines_that_end_sentences_are_not_wrapping():
    poem = paras("Line one ends here.\nLine two ends too.\nAnd line three.\nAnd four.")
    assert s_findings(poem) == []


def test_long_lines_with_a_few_breaks_are_not_wrapping():
    line = "word " * 60
    text = paras(f"{line}and\nthen {line}and\nthen {line}and\nthen {line}.")
    assert s_findings(text) == []


# -- S106 repeated-headline -----------------------------------------------------------------

def test_repeated_headline_in_a_text_file():
    assert s_findings("Markets rally again\n\nMarkets rally again\n\nShares rose in Europe on Tuesday.\n") == [("S106", 3)]
    assert s_findings("Home\n\nHome\n\nShares rose in Europe on Tuesday.\n") == []  # a menu item


def test_record_text_starting_with_its_title_once_is_the_usual_form():
    text = "BAHIA COCOA REVIEW\nShowers continued throughout the week in the cocoa zone today.\n"
    assert s_findings(text, title="BAHIA COCOA REVIEW") == []
    assert s_findings("BAHIA COCOA REVIEW\nBAHIA COCOA REVIEW\n" + text, title="BAHIA COCOA REVIEW") == [("S106", 2)]
