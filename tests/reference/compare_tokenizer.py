#!/usr/bin/env python3
"""Tokenizer conformance driver: `cci tokenize` against the Hugging Face tokenizers library (Rust, through its
Python binding from PyPI; run this with the oracle environment's python) on the same texts. Checks ids with and
without special tokens, and decode with and without special tokens, for every text; prints the first differences
and exits 1 when any. A TOKENIZER of the form shared:NAME is ../shared/tokenizers/NAME/tokenizer.json.
Usage: compare_tokenizer.py --cci CCI --tokenizer FILE --texts A.jsonl [B.jsonl...] --work DIR"""
import argparse
import json
import os
import subprocess
import sys

import oracles
import tokenizer_reference


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def run_cci(cci, args, out_path):
    with open(out_path, "w", encoding="utf-8") as out:
        result = subprocess.run([cci, "tokenize"] + args, stdout=out, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        sys.exit("cci tokenize failed: " + result.stderr)
    return {row["id"]: row for row in read_jsonl(out_path)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cci", required=True)
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--texts", nargs="+", required=True)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    if a.tokenizer.startswith("shared:"):
        a.tokenizer = os.path.join(oracles.shared_tokenizers(a.tokenizer[len("shared:"):]), "tokenizer.json")
    os.makedirs(a.work, exist_ok=True)
    rows = []
    for path in a.texts:
        rows += read_jsonl(path)
    texts = os.path.join(a.work, "texts.jsonl")
    write_jsonl(texts, rows)

    reference = tokenizer_reference.reference_rows(a.tokenizer, rows)
    ours = run_cci(a.cci, ["--tokenizer", a.tokenizer, "--jsonl", texts, "--tokens"], os.path.join(a.work, "ids.jsonl"))
    plain = run_cci(a.cci, ["--tokenizer", a.tokenizer, "--jsonl", texts, "--no-special"],
                    os.path.join(a.work, "ids_plain.jsonl"))
    ids_in = os.path.join(a.work, "decode_in.jsonl")
    write_jsonl(ids_in, [{"id": r["id"], "ids": reference[r["id"]]["ids"]} for r in rows])
    decoded = run_cci(a.cci, ["--tokenizer", a.tokenizer, "--jsonl", ids_in, "--decode"],
                      os.path.join(a.work, "decoded.jsonl"))
    decoded_skip = run_cci(a.cci, ["--tokenizer", a.tokenizer, "--jsonl", ids_in, "--decode", "--skip-special"],
                           os.path.join(a.work, "decoded_skip.jsonl"))

    failures = []
    for row in rows:
        key, ref = row["id"], reference[row["id"]]
        checks = [("ids", ours[key]["ids"], ref["ids"]), ("ids without special tokens", plain[key]["ids"], ref["ids_plain"]),
                  ("decode", decoded[key]["text"], ref["decoded"]),
                  ("decode skipping special tokens", decoded_skip[key]["text"], ref["decoded_skip"])]
        for what, got, want in checks:
            if got != want:
                detail = ""
                if isinstance(got, list):
                    at = next((i for i, (x, y) in enumerate(zip(got, want)) if x != y), min(len(got), len(want)))
                    detail = f" first difference at token {at}: ours {got[at:at + 5]} ({ours[key]['tokens'][at:at + 5]}) reference {want[at:at + 5]}"
                else:
                    detail = f" ours {got!r} reference {want!r}"
                failures.append(f"{key}: {what} differ{detail}; text {row['text'][:80]!r}")
    total = len(rows)
    tokens = sum(len(r["ids"]) for r in reference.values())
    print(f"{os.sep.join(a.tokenizer.split(os.sep)[-3:])}: {total} texts, {tokens} tokens, "
          f"{len(failures)} differences")
    for f in failures[:15]:
        print("  " + f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
