#!/usr/bin/env python3
"""EDA reference: recomputes, from the corpus JSON alone, every number `cci eda` writes - category and gold-answer
counts and percentages, the turns histogram (bin 1) and total-length histogram (bin 50) with min/mean/max, and the
per-item total utterance length (code points) CSV - and compares with the summary JSON and CSV.
Usage: eda_reference.py CORPUS.json SUMMARY.json LENGTHS.csv"""
import csv
import json
import math
import sys

CATEGORIES = ["원인", "후행사건", "전제", "동기", "반응"]


def histogram(values, width):
    start = math.floor(min(values) / width) * width
    bins = int((max(values) - start) // width) + 1
    counts = [0] * bins
    for v in values:
        counts[int((v - start) // width)] += 1
    return {"min": min(values), "mean": sum(values) / len(values), "max": max(values),
            "bins": [{"from": start + i * width, "to": start + (i + 1) * width, "count": c} for i, c in enumerate(counts)]}


def main() -> None:
    corpus_path, summary_path, csv_path = sys.argv[1:]
    items = json.load(open(corpus_path, encoding="utf-8"))
    summary = json.load(open(summary_path, encoding="utf-8"))["raw"]
    problems = []

    def check(what, got, want):
        if isinstance(want, float) or isinstance(got, float):
            ok = abs(got - want) < 1e-9
        else:
            ok = got == want
        if not ok:
            problems.append(f"{what}: cci {got!r}, reference {want!r}")

    check("items", summary["items"], len(items))
    for entry, name in zip(summary["categories"], CATEGORIES):
        n = sum(1 for it in items if it["input"]["category"] == name)
        check(f"category {name}", entry["count"], n)
        check(f"category {name} %", entry["percent"], 100.0 * n / len(items))
    labeled = [it for it in items if it.get("output")]
    for k, entry in enumerate(summary["outputs"]):
        n = sum(1 for it in labeled if it["output"] == f"inference_{k + 1}")
        check(f"output {k + 1}", entry["count"], n)
        check(f"output {k + 1} %", entry["percent"], 100.0 * n / len(labeled) if labeled else 0.0)
    check("unlabeled", summary["unlabeled"], len(items) - len(labeled))
    turns = [len(it["input"]["conversation"]) for it in items]
    lengths = [sum(len(str(u["utterance"])) for u in it["input"]["conversation"]) for it in items]
    for key, values, width in [("turns", turns, 1), ("total_utterance_length", lengths, 50)]:
        want = histogram(values, width)
        got = summary[key]
        for field in ("min", "mean", "max"):
            check(f"{key} {field}", float(got[field]), float(want[field]))
        check(f"{key} bins", [(b["from"], b["to"], b["count"]) for b in got["bins"]],
              [(float(b["from"]), float(b["to"]), b["count"]) for b in want["bins"]])
    rows = list(csv.reader(open(csv_path, encoding="utf-8")))
    check("csv header", rows[0], ["id", "total_utterance_length"])
    check("csv rows", [(r[0], int(r[1])) for r in rows[1:]], [(it["id"], n) for it, n in zip(items, lengths)])
    print(f"{corpus_path}: {len(items)} items, {len(problems)} differences")
    for p in problems[:20]:
        print("  " + p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
