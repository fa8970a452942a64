"""Headline rules (H): cut mid-word (body and word-list evidence), dangling word, unclosed
quote or bracket, missing headline, error-page headline, urgency label; and the bars on real
headlines (slow, skipped without ../shared/data)."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newslint import Document, Linter
from newslint.rules.lexicon import Completions, zipf

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
SCORER = ROOT.parent / "shared" / "tools" / "score_headlines.py"
LINTER = Linter(select=["H"])


def h_findings(text, **kw):
    return [(f.code, f.line, f.excerpt) for f in LINTER.check_documents([Document(text, **kw)])]


def codes(text, **kw):
    return [code for code, _, _ in h_findings(text, **kw)]


# -- H101 truncated-headline ------------------------------------------------------------

def test_cut_name_is_found_from_the_body_and_named():
    text = "Putin Says Igor Kalinovs\n\nThe analyst Igor Kalinovsky said the army was in disarray."
    (finding,) = LINTER.check_documents([Document(text)])
    assert (finding.code, finding.line, finding.excerpt) == ("H101", 1, "Kalinovs")
    assert finding.data == {"evidence": "body", "completion": "Kalinovsky"}


def test_a_name_the_body_uses_whole_is_not_cut():
    # "Bebo" is no English word, but the body uses it whole: a name, not a cut.
    assert codes("Exclusive look at Bebo\n\nBebo is a social network popular in Britain.") == []


@pytest.mark.parametrize("headline", [
    "Gas prices surge in Northe",        # no word, starts "northeast"
    "Car Bomb Kills Police Official in Sp",
    "Obama Welcomes Specter to the Pa",  # two letters that are no headline's last word
    "Sri Lankan president promises to end war in 48 ho",
])
def test_headlines_cut_mid_word_are_flagged_without_a_body(headline):
    assert codes(headline + "\n") == ["H101"]


@pytest.mark.parametrize("headline", [
    "Gas prices surge in Northeast US",
    "Car Bomb Kills Police Official in Spain",
    "Court upholds ban",                 # headlinese: common in headlines, not in books
    "Strongest earthquake in 150 years hits Taiwan",
    "Apple unveils new iPod",            # mixed case: a product name
    "Obama to Muslims: we are not at war with Islam",
    "Election results: 2,000",
])
def test_complete_headlines_are_not_flagged(headline):
    assert codes(headline + "\n") == []


def test_ellipsis_ending_is_a_cut():
    assert h_findings("Putin says he will...\n\nBody.") == [("H101", 1, "...")]
    assert codes("Putin says he will\u2026\n\nBody.") == ["H101"]


def test_wire_style_capitals_trust_only_the_body():
    # Capital headlines abbreviate: CORP is no cut when the body has "Corp".
    assert codes("ACME CORP\n\nAcme Corp said on Tuesday it would cut jobs.") == []
    assert codes("ACME INTL\n\nAcme International said on Tuesday it would cut jobs.") == []
    assert codes("TALKS WITH KALINOVS\n\nIgor Kalinovsky said talks went well.") == ["H101"]


def test_title_field_headline_is_reported_on_line_zero():
    (finding,) = LINTER.check_documents([Document("Body about the Northeast.", title="Gas prices surge in Northe")])
    assert (finding.code, finding.line, finding.column) == ("H101", 0, 21)


def test_body_text_standing_first_is_no_headline_to_check():
    long_line = "Prices rose in the Northe " * 12
    assert "H101" not in codes(long_line + "\n")


def test_likelihood_option_trades_recall_for_precision():
    strict = Linter(select=["H101"], rules={"H101": {"likelihood": 1e9}})
    loose = Linter(select=["H101"], rules={"H101": {"likelihood": 0.01}})
    doc = "Police seize drugs in Car\n"  # "car" is a word, but also the start of many
    assert strict.check_text(doc) == [] and [f.code for f in loose.check_text(doc)] == ["H101"]


# -- the word list -----------------------------------------------------------------------

def test_word_list_frequencies():
    assert zipf("the") > 7 and 3 < zipf("coup") < 5 and zipf("Kalinovsky") is None
    assert zipf("labor") is not None  # a SCOWL word the frequency list lacks gets a value


def test_completions_only_of_longer_words():
    completions = Completions(min_zipf=2.5)
    assert completions.mass("northe") > 0 and completions.likeliest("northe").startswith("northe")
    assert completions.mass("zzzzq") == 0 and completions.likeliest("zzzzq") is None
    assert completions.likeliest("Northe") == completions.likeliest("northe")


# -- H102 dangling-headline-word, H103 unbalanced-headline-quote -------------------------

@pytest.mark.parametrize("headline, found", [
    ("Putin meets Lukashenko for talks on the", ["H102"]),
    ("Bill Changing Credit Card Rules Is Sent to", ["H102"]),
    ("FED SETS RATES FOR", ["H102"]),
    ("Germany Adopts Plan A", []),           # a capital A in a mixed-case headline
    ("Wildfire spreads across OR", []),      # OR is Oregon
    ("Talks With Who?", []),
])
def test_dangling_function_word(headline, found):
    assert [c for c in codes(headline + "\n") if c == "H102"] == found


@pytest.mark.parametrize("headline, found", [
    ("France recognises Libyan rebels as \u201clegitimate", ["H103"]),
    ("Obama to Muslims: 'America is not", ["H103"]),
    ("Storm hits coast (updated", ["H103"]),
    ("France recognises Libyan rebels as \u201clegitimate\u201d", []),
    ("Militant group 'protests' placards used at funeral", []),
    ("Putin\u2019s party wins in Moody's view", []),
    ("\u201eWir schaffen das\u201c, sagt Merkel", []),  # German quotes pair „…“
])
def test_unclosed_quote_or_bracket(headline, found):
    assert [c for c in codes(headline + "\n") if c == "H103"] == found


# -- H104 missing-headline, H105 error-page-headline, H106 shouting-headline-prefix ---------

def test_missing_headline_from_body_text_and_from_an_empty_title():
    body = ("Americans have gone to the polls four times this month to vote in major, statewide races, "
            "and in Virginia the results surprised almost every pollster who followed the campaign.")
    assert codes(body + "\n") == ["H104"]
    assert codes("Some body text here.", title="") == ["H104"]
    assert codes("") == []  # an empty document is S101's


def test_error_page_headline():
    assert codes("404 Not Found\n\nThe page you requested could not be found.\n") == ["H105"]
    assert "H105" in codes("Just a moment...\n\nChecking your browser.\n")
    assert "H105" not in codes("Page of history turned as Kohl dies\n\nHelmut Kohl died.\n")


@pytest.mark.parametrize("headline, found", [
    ("Urgent: Putin\u2019s Peace Efforts Intensify", ["H106"]),
    ("BREAKING Earthquake hits Chile", ["H106"]),
    ("Exclusive: Major sports bodies guilty of lack of women at board level", ["H106"]),
    ("Exclusive look at Bebo", []),
    ("Breaking the Silence on Abuse", []),
    ("Updated: 18 Nov 2019 9:38 pm", []),
])
def test_urgency_label(headline, found):
    assert [c for c in codes(headline + "\n\nBody text.") if c == "H106"] == found


# -- the bars on real headlines ------------------------------------------------------------

@pytest.mark.slow
def test_headline_bars_on_real_headlines():
    if not (DATA / "headlines" / "complete.txt").exists() or not SCORER.exists():
        pytest.skip("../shared/data is not here")
    newslint = str(Path(sys.executable).parent / "newslint")
    run = subprocess.run([sys.executable, str(SCORER), str(DATA / "headlines" / "complete.txt"), "--cmd", f"{newslint} --select H"],
                         capture_output=True, text=True, timeout=600)
    last = run.stdout.strip().splitlines()[-1]
    m = re.search(r"false positives ([\d.]+) .* recall cut mid-word ([\d.]+), cut after a word ([\d.]+)", last)
    assert m, run.stdout + run.stderr
    false_positives, recall_midword = float(m.group(1)), float(m.group(2))
    assert false_positives <= 0.005 and recall_midword >= 0.80, last
