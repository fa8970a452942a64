#!/usr/bin/env python3
"""What each rule reports on the real text of ../shared/data: its findings per set, and for a
rule that flags lines of the labelled boilerplate pages, its precision against those labels.

    python bench/rule_counts.py [--data ../shared/data] [--cmd "newslint --isolated"]

Sets: the four line-labelled boilerplate sets (each page saved as a text file, as
score_lines.py does), the Reuters-21578 corpus, and the WMT22 uk/ru→en documents split into
human and machine translations. A line-flagging finding counts as right when the line it
starts on is labelled boilerplate, wrong when labelled content (title and unlabelled lines
are not scored), so the precision of a B rule is the one score_lines.py would give it alone.
Not a test: it prints a Markdown table.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import shlex
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOILERPLATE_SETS = ("aeb-naive", "aeb-after-trafilatura", "aeb-after-justext", "trafilatura-eval-naive")


def run(cmd: str, path: str) -> list:
    done = subprocess.run(shlex.split(cmd) + ["--exit-zero", "--jobs", "2", "--output-format", "jsonl", path],
                          capture_output=True, text=True, check=True)
    return [json.loads(line) for line in done.stdout.splitlines()]


def boilerplate_set(cmd: str, path: Path):
    """Findings per code, and per code (right, wrong) on labelled lines."""
    records = [json.loads(line) for line in open(path, encoding="utf-8")]
    with tempfile.TemporaryDirectory() as folder:
        for r in records:
            with open(os.path.join(folder, f"{r['id']}.txt"), "w", encoding="utf-8") as out:
                out.write(r["text"] + "\n")
        findings = run(cmd, folder)
    labels = {(r["id"], n): line["label"] for r in records for n, line in enumerate(r["lines"], 1)}
    counts, judged = collections.Counter(), collections.defaultdict(lambda: [0, 0])
    for f in findings:
        counts[f["code"]] += 1
        label = labels.get((os.path.basename(f["path"])[:-4], f["line"]))
        if f["code"].startswith("B") and label in ("boilerplate", "content"):
            judged[f["code"]][label == "content"] += 1
    return counts, judged


def mt_sets(cmd: str, path: Path):
    """Findings per code on human and on machine translations, and each side's words."""
    counts = {"human": collections.Counter(), "machine": collections.Counter()}
    words = collections.Counter()
    with tempfile.TemporaryDirectory() as folder:
        sides = {"human": "human_references", "machine": "mt_outputs"}
        for side, key in sides.items():
            with open(os.path.join(folder, f"{side}.jsonl"), "w", encoding="utf-8") as out:
                for line in open(path, encoding="utf-8"):
                    record = json.loads(line)
                    for system, text in record[key].items():
                        out.write(json.dumps({"id": f"{record['id']}:{system}", "text": text}) + "\n")
                        words[side] += len(text.split())
            for f in run(cmd, os.path.join(folder, f"{side}.jsonl")):
                counts[side][f["code"]] += 1
    return counts, words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--cmd", default=f"{ROOT / '.venv' / 'bin' / 'newslint'} --isolated")
    args = parser.parse_args()
    data = Path(args.data)

    columns, judged = {}, collections.defaultdict(lambda: [0, 0])
    for name in BOILERPLATE_SETS:
        columns[name], set_judged = boilerplate_set(args.cmd, data / "boilerplate" / f"{name}.jsonl")
        for code, (right, wrong) in set_judged.items():
            judged[code][0] += right
            judged[code][1] += wrong
    columns["reuters"] = collections.Counter(f["code"] for f in run(args.cmd, str(data / "corpus" / "reuters21578.jsonl")))
    mt, words = mt_sets(args.cmd, data / "mt" / "wmt22-uk-ru-en.jsonl")
    columns["wmt human"], columns["wmt machine"] = mt["human"], mt["machine"]

    names = list(columns)
    print("| code | " + " | ".join(names) + " | B rules on labelled lines: boilerplate / content (precision) |")
    print("|---|" + "---|" * (len(names) + 1))
    for code in sorted(set().union(*columns.values())):
        right, wrong = judged.get(code, (0, 0))
        precision = f"{right:,} / {wrong:,} ({right / (right + wrong):.3f})" if right + wrong else ""
        print(f"| {code} | " + " | ".join(f"{columns[n][code]:,}" if columns[n][code] else "" for n in names)
              + f" | {precision} |")
    print(f"\nWMT22 words: human {words['human']:,}, machine {words['machine']:,}")


if __name__ == "__main__":
    main()
