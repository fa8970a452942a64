"""Boilerplate (B) rules: edge cases, the pattern-rule prefilter, and the bars on the real
line-labeled sets in ../shared/data/boilerplate (slow; skipped when the data is absent)."""
import pytest

from newslint import Document
from newslint.patterns import PatternRule


def _lines(rule, text):
    return [f.line for f in rule.check(Document(text))]


def _rule(**spec):
    base = {"code": "B199", "name": "test-rule", "message": "m", "scope": "line"}
    return PatternRule({**base, **spec}, "<test>")


@pytest.mark.parametrize("match", ["line", "start", "search"])
def test_prefilter_finds_what_the_per_line_regex_finds(match):
    rule = _rule(match=match, phrases=["Read also:", "Skip to content"], patterns=[r"see\s+more\s*$"])
    text = ("Skip to content\nHeadline\n  READ ALSO: a story\nread also: another\nSee More\n"
            "A line that mentions skip to content inside it.\n\tskip   to content\nsee more")
    slow = [n for n, line in enumerate(text.split("\n"), 1) if any(rule._matches(line))]
    assert rule.prefilter is not None
    assert _lines(rule, text) == slow


@pytest.mark.parametrize("pattern", [r"ab|cd", r"a?bc", r"(?:x|y)?z", r"(?:foo|bar) baz", r"\d+ comments", r"x[|]y"])
def test_patterns_guarded_by_their_first_characters_find_the_same_lines(pattern):
    rule = _rule(match="start", patterns=[pattern])
    text = "Headline\nab\ncd\nbc\nz\nyz\nfoo baz\nbar baz\n12 comments\nx|y\nnothing\n"
    slow = [n for n, line in enumerate(text.split("\n"), 1) if any(rule._matches(line))]
    assert slow and _lines(rule, text) == slow


@pytest.mark.parametrize("match", ["line", "start", "search"])
def test_prefilter_match_spanning_lines_does_not_hide_the_next_line(match):
    # "\\s" in a pattern crosses line ends in the whole-text prefilter: the first date's
    # match there runs on through the second line, which must still be checked
    rule = _rule(match=match, patterns=[r"updated:?\s+\d{1,2}(?:[\s,]+\w{1,9}){0,6}\s*$"])
    text = "Headline\nUpdated: 06 December 2019\nUpdated 1 May 2020\nBody of the story."
    slow = [n for n, line in enumerate(text.split("\n"), 1) if any(rule._matches(line))]
    assert slow == [2, 3]
    assert _lines(rule, text) == slow


def test_prefilter_is_skipped_for_upper_case_patterns():
    rule = _rule(match="start", patterns=[r"Photo:\s\S+"])
    assert rule.prefilter is None
    assert _lines(rule, "Headline\nphoto: AP\nBody.") == [2]


def test_prefilter_keeps_offsets_when_lower_casing_would_move_them():
    # 'İ' lowers to two characters: the rule falls back to the exact per-line scan
    text = "İstanbul news\nSkip to content\nBody."
    assert Document(text).lowered is None
    assert _lines(_rule(match="line", phrases=["Skip to content"]), text) == [2]


def test_case_sensitive_rule_uses_the_text_as_it_is():
    rule = _rule(match="start", ignorecase=False, phrases=["ADVERTISEMENT"])
    assert _lines(rule, "Headline\nAdvertisement\nADVERTISEMENT\nBody.") == [3]


# -- the rules on edge cases ---------------------------------------------------------------
from pathlib import Path  # noqa: E402

from newslint import Linter  # noqa: E402

B_RULES = Linter(select=["B1", "B2"])  # this family's pattern packs and structural rules

ARTICLE = ("The war dragged on for ten weeks, longer than anyone in Moscow had planned for.\n\n"
           "Officials in Kyiv said the front had not moved for a month, and the talks stalled.\n\n"
           "Belarus kept its army at home, which the Kremlin did not welcome at all.\n")


def flagged(text, code=None):
    """{line: code} of this family's findings on a text."""
    found = {}
    for f in B_RULES.check_text(text):
        if code is None or f.code == code:
            found.setdefault(f.line, f.code)
    return found


def test_navigation_lines_and_what_only_looks_like_them():
    text = "Headline\n\n | Local News\n\nHome › News › World\n\nThe vote was 52 | 48, officials said.\n\n" + ARTICLE
    assert set(flagged(text, "B201")) == {3, 5}


def test_a_menu_at_the_head_but_not_short_subheadings_inside_the_article():
    menu = "Home\nWorld\nBusiness\nOpinion\n"
    text = menu + "Putin's invasion does not go as planned\n\n" + ARTICLE + "\nWhat we know\n\nKyiv held.\n\n" + ARTICLE
    assert set(flagged(text, "B202")) == {1, 2, 3, 4}


def test_hard_wrapped_wire_text_is_left_alone():
    # lines that go on with the sentence of the line above are not boilerplate lines, even
    # when they start like a prompt ("share on"), a byline ("by the"), or end like a credit
    text = ("ACME CORP SETS DIVIDEND\n"
            "NEW YORK, March 2 - Acme Corp said it will pay 20 cts a\n"
            "share on its common stock, a company spokesman told Reuters\n"
            "by telephone, after the board met on Monday in New York.\n"
            "    The dividend is payable April 1 to holders of record\n"
            "March 16, the spokesman said, adding that he said:\n"
            "    \"We are pleased with the quarter.\"\n"
            "    Pay Nov Nine\n    Record Nov Two\n Reuter\n")
    assert flagged(text) == {}


def test_comment_section_after_the_article_but_not_a_quotation_opened_with_said():
    comments = "\nLeave a Reply\n\nGreat piece, thanks!\n\nI disagree with every word of it.\n"
    found = flagged("Headline\n\n" + ARTICLE + comments, "B204")
    assert sorted(found) == [9, 11, 13]
    quote = "Headline\n\n" + ARTICLE + "\nThe minister said:\n\nWe will not give up the city, ever.\n"
    assert flagged(quote, "B204") == {}


def test_a_box_of_other_stories_ends_the_text_only_below_most_of_the_prose():
    inline = "Headline\n\nThe war dragged on for ten weeks.\n\nMost Read\n\nSomething else\n\n" + ARTICLE + ARTICLE
    assert flagged(inline, "B207") == {}
    tail = "Headline\n\n" + ARTICLE + ARTICLE + "\nMost Read\n\nHow the Fed decides rates\n\nA poll in Iowa\n"
    assert sorted(flagged(tail, "B207")) == [14, 16, 18]


def test_list_items_after_the_last_sentence_are_other_headlines():
    items = "- NASA mission could spot signs of life\n- Photos: the icy moon of Jupiter\n"
    assert sorted(flagged("Headline\n\n" + ARTICLE + "\n" + items, "B205")) == [9, 10]
    middle = "Headline\n\nThe talks named conditions:\n\n- a ceasefire\n- an exchange of prisoners\n\n" + ARTICLE
    assert flagged(middle, "B205") == {}


def test_captions_by_their_credit_or_their_place_before_the_first_paragraph():
    text = ("Headline\n\nA man walks past a destroyed tank in Kharkiv region\n\n" + ARTICLE
            + "\nSoldiers rest near the front line in Donetsk. Jane Roe/Getty Images\n")
    assert sorted(flagged(text, "B206")) == [3, 11]


def test_author_bio_at_the_end_but_not_a_sentence_about_a_politician():
    assert list(flagged("Headline\n\n" + ARTICLE + "\nJane Doe is a senior correspondent at Example News.\n",
                        "B208").values()) == ["B208"]
    assert flagged("Headline\n\n" + ARTICLE + "\nLukashenko is a former farm director.\n", "B208") == {}


def test_phrase_packs_in_several_languages():
    lines = ["Lesen Sie auch: Die Lage an der Front", "Lire aussi : La guerre continue", "Читайте также: Новости",
             "Читайте також: Новини", "Leia também: A guerra", "Leggi anche: La guerra", "Lee también: La guerra",
             "Wir verwenden Cookies, um Ihnen das beste Erlebnis zu bieten.", "Tous droits réservés",
             "Фото: личный архив", "Anzeige", "Самое читаемое", "Подписывайтесь на наш канал в Telegram"]
    for line in lines:
        found = flagged(f"Headline\n\n{ARTICLE}\n{line}\n\n{ARTICLE}")
        assert set(found) == {9} and found[9].startswith("B1"), (line, found)


def test_every_copyright_phrase_holds_a_required_string():
    # B105 skips a document holding none of its `requires`; a phrase without one would never match
    rule = B_RULES.registry.get("B105")
    for phrase in rule.spec["phrases"]:
        assert any(required in phrase.lower() for required in rule.requires), phrase


def test_findings_carry_an_unsafe_delete_line_fix():
    findings = [f for f in B_RULES.check_text("Skip to content\nHeadline\n\n" + ARTICLE + "\nAdvertisement\n")]
    assert findings and all(f.fix is not None and not f.fix.safe for f in findings)


def test_a_whole_page_has_its_chrome_flagged_around_the_article():
    menu = "".join(f"{word}\n" for word in ["Home", "World", "Business", "Opinion", "Tech", "Sport", "Video",
                                            "Podcasts", "Weather", "Search"])
    footer = "About us\nContact\nCareers\nTerms of use\nPrivacy\n"
    text = menu + "Putin's invasion\nBy Jane Doe, Moscow\n2 days\n" + ARTICLE.replace("\n\n", "\n") + footer
    found = flagged(text)
    assert set(range(1, 11)) <= set(found) and {12, 13} <= set(found)  # menu, byline, date
    assert not {14, 15, 16} & set(found)  # the article
    assert set(range(17, 22)) <= set(found)  # the footer


# -- bars on the shared real data (slow) ----------------------------------------------------
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def shared(path):
    full = SHARED / path
    if not full.exists():
        pytest.skip(f"{full} is not here")
    return full


def line_scores(name):
    """(precision, recall) of this family on a line-labeled set, as score_lines.py counts
    them: a page is the text of <id>.txt, a line is flagged when a B finding starts on it."""
    import json
    records = [json.loads(line) for line in shared(f"data/boilerplate/{name}").open(encoding="utf-8")]
    docs = [Document(r["text"] + "\n", path=f"{r['id']}.txt") for r in records]
    found = {(f.path[:-4], f.line) for f in B_RULES.check_documents(docs) if f.code.startswith("B")}
    tp = fp = fn = 0
    for r in records:
        for number, line in enumerate(r["lines"], 1):
            if line["label"] in ("content", "boilerplate"):
                hit, gold = (r["id"], number) in found, line["label"] == "boilerplate"
                tp, fp, fn = tp + (hit and gold), fp + (hit and not gold), fn + (gold and not hit)
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


@pytest.mark.slow
@pytest.mark.parametrize("name, min_precision, min_recall", [
    ("aeb-naive.jsonl", 0.97, 0.90),
    ("aeb-after-trafilatura.jsonl", 0.85, 0.50),
    ("aeb-after-justext.jsonl", 0.85, 0.50),
    ("trafilatura-eval-naive.jsonl", 0.90, 0.0),
])
def test_bars_on_line_labeled_pages(name, min_precision, min_recall):
    precision, recall = line_scores(name)
    assert precision >= min_precision and recall >= min_recall, (name, precision, recall)


@pytest.mark.slow
def test_seed_boilerplate_is_found_and_clean_lines_stay_clean():
    import json
    gold = [json.loads(line) for line in shared("gold/seeds.jsonl").open(encoding="utf-8")]
    findings = B_RULES.check_paths([shared("seeds")])
    lines = {}
    for f in findings:
        lines.setdefault(Path(f.path).name, set()).add(f.line)
    for item in gold:
        lo, hi = item["lines"]
        near = {n for n in lines.get(item["file"], ()) if lo <= n <= hi}
        if item.get("clean"):
            assert not near, item
        elif item["tier"] == "must" and "B" in item["families"]:
            assert near, item


@pytest.mark.slow
def test_clean_wire_text_has_next_to_no_boilerplate():
    from newslint.config import Settings
    from newslint.sources import read_path
    docs = read_path(str(shared("data/corpus/reuters21578.jsonl")), Settings().fields)
    findings = B_RULES.check_documents(docs)
    assert len(findings) <= 20, [(f.record, f.line, f.code, f.excerpt) for f in findings[:20]]
