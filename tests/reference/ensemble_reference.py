#!/usr/bin/env python3
# Independent reference for `cci vote` and `cci analyze`: recomputes the published hard vote and the report's
# statistics from the prediction files with plain Python, and compares them with the workbench's outputs.
# Usage: ensemble_reference.py GOLD SUBMISSION_OUT REPORT_JSON PRED...   (exit 1 on any difference)
import json
import math
import sys

CATS = ["원인", "후행사건", "전제", "동기", "반응"]


def answers(path):
    with open(path, encoding="utf-8") as f:
        return [int(x["output"][-1]) - 1 for x in json.load(f)]


def close(a, b, what):
    if a is None or b is None:
        ok = a is None and b is None
    else:
        ok = abs(a - b) <= 1e-9
    if not ok:
        print(f"MISMATCH {what}: reference {a}, workbench {b}")
    return ok


def kappa(a, b):
    n = len(a)
    po = sum(x == y for x, y in zip(a, b)) / n
    pe = sum((a.count(c) / n) * (b.count(c) / n) for c in range(3))
    return None if abs(1 - pe) < 1e-12 else (po - pe) / (1 - pe)


def main():
    gold_path, submission, report_path, preds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    with open(gold_path, encoding="utf-8") as f:
        gold_items = json.load(f)
    gold = [int(x["output"][-1]) - 1 for x in gold_items]
    cats = [CATS.index(x["input"]["category"]) for x in gold_items]
    votes = [answers(p) for p in preds]
    n, m = len(gold), len(preds)
    ens = [max([v[i] for v in votes], key=[v[i] for v in votes].count) for i in range(n)]
    with open(report_path, encoding="utf-8") as f:
        rep = json.load(f)
    ok = True
    # The vote written by `cci vote` (run on the same files) must be the published hard vote.
    if submission != "-":
        ok &= answers(submission) == ens or not print("MISMATCH submission answers")
    acc = lambda ans: sum(a == g for a, g in zip(ans, gold)) / n
    for k in range(m):
        ok &= close(acc(votes[k]), rep["models"][k]["accuracy"], f"accuracy {k}")
        for c, name in enumerate(CATS):
            idx = [i for i in range(n) if cats[i] == c]
            ref = sum(votes[k][i] == gold[i] for i in idx) / len(idx) if idx else None
            ok &= close(ref, rep["models"][k]["per_category"][name], f"per_category {k} {name}")
        for c in range(3):
            ok &= close(votes[k].count(c) / n, rep["models"][k]["position_share"][c], f"position_share {k} {c}")
    ok &= close(acc(ens), rep["ensemble"]["accuracy"], "ensemble accuracy")
    ok &= close(sum(any(v[i] == gold[i] for v in votes) for i in range(n)) / n, rep["oracle_accuracy"], "oracle")
    # Fleiss' kappa.
    counts = [[sum(v[i] == c for v in votes) for c in range(3)] for i in range(n)]
    p_bar = sum((sum(x * x for x in row) - m) / (m * (m - 1)) for row in counts) / n
    p_e = sum((sum(row[c] for row in counts) / (n * m)) ** 2 for c in range(3))
    ok &= close((p_bar - p_e) / (1 - p_e), rep["fleiss_kappa"], "fleiss")
    for x in range(m):
        for y in range(m):
            a, b = votes[x], votes[y]
            ok &= close(sum(p == q for p, q in zip(a, b)) / n, rep["pairwise"]["agreement"][x][y], f"agreement {x} {y}")
            ok &= close(kappa(a, b), rep["pairwise"]["cohen_kappa"][x][y], f"kappa {x} {y}")
            ra = [p == g for p, g in zip(a, gold)]
            rb = [q == g for q, g in zip(b, gold)]
            n11 = sum(p and q for p, q in zip(ra, rb))
            n00 = sum((not p) and (not q) for p, q in zip(ra, rb))
            n10 = sum(p and not q for p, q in zip(ra, rb))
            n01 = sum(q and not p for p, q in zip(ra, rb))
            ok &= close(n00 / n, rep["pairwise"]["double_fault"][x][y], f"double fault {x} {y}")
            den = n11 * n00 + n01 * n10
            ok &= close(None if den == 0 else (n11 * n00 - n01 * n10) / den, rep["pairwise"]["q"][x][y], f"Q {x} {y}")
    hist = [0] * (m + 1)
    for i in range(n):
        c = sorted(counts[i], reverse=True)
        hist[c[0] - c[1]] += 1
    ok &= (hist == rep["vote_margin_histogram"]) or not print("MISMATCH margins", hist, rep["vote_margin_histogram"])
    for k in range(m):
        rest = [v for j, v in enumerate(votes) if j != k]
        loo = [max([v[i] for v in rest], key=[v[i] for v in rest].count) for i in range(n)]
        ok &= close(acc(loo), rep["leave_one_out"][k]["accuracy"], f"leave-one-out {k}")
        flips = [gold_items[i]["id"] for i in range(n) if loo[i] != ens[i]]
        ok &= (flips == rep["leave_one_out"][k]["flips"]) or not print("MISMATCH flips", k)
    print("OK" if ok else "NOT OK")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
