#!/usr/bin/env python3
"""SentencePiece conformance: trains a small BPE SentencePiece model (byte fallback on) on the test texts with
Debian's python3-sentencepiece, then checks that `cci tokenize` on a folder holding that tokenizer.model gives the
ids of sp.encode (plus the bos id) for every text, and that decoding gives sp.decode's text. Texts that contain
control-token strings (<s>, </s>) are checked for the control ids instead, since the workbench, like Hugging Face's
Llama tokenizer, reads them as tokens.
Usage: compare_sentencepiece.py CCI TEXTS.jsonl WORK_DIR"""
import json
import os
import subprocess
import sys

import sentencepiece as spm


def main() -> None:
    cci, texts_path, work = sys.argv[1:]
    os.makedirs(work, exist_ok=True)
    with open(texts_path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    corpus = os.path.join(work, "corpus.txt")
    with open(corpus, "w", encoding="utf-8") as f:
        for r in rows[::5]:
            f.write(r["text"].replace("\n", " ") + "\n")
    model_dir = os.path.join(work, "model")
    os.makedirs(model_dir, exist_ok=True)
    spm.SentencePieceTrainer.train(input=corpus, model_prefix=os.path.join(model_dir, "tokenizer"), vocab_size=800,
                                   model_type="bpe", byte_fallback=True, character_coverage=0.9995,
                                   minloglevel=2)
    with open(os.path.join(model_dir, "tokenizer_config.json"), "w") as f:
        json.dump({"add_bos_token": True, "add_eos_token": False, "bos_token": "<s>", "eos_token": "</s>"}, f)
    sp = spm.SentencePieceProcessor(model_file=os.path.join(model_dir, "tokenizer.model"))

    plain = [r for r in rows if "<s>" not in r["text"] and "</s>" not in r["text"] and "<unk>" not in r["text"]]
    texts = os.path.join(work, "texts.jsonl")
    with open(texts, "w", encoding="utf-8") as f:
        for r in plain:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    out = subprocess.run([cci, "tokenize", "--tokenizer", model_dir, "--jsonl", texts], check=True,
                         capture_output=True, text=True).stdout
    ours = {json.loads(line)["id"]: json.loads(line)["ids"] for line in out.split("\n") if line}
    failures = []
    for r in plain:
        want = [sp.bos_id()] + sp.encode(r["text"])
        if ours[r["id"]] != want:
            failures.append(f"{r['id']}: ids differ: ours {ours[r['id']][:12]} reference {want[:12]}")
    decode_in = os.path.join(work, "decode.jsonl")
    with open(decode_in, "w", encoding="utf-8") as f:
        for r in plain:
            f.write(json.dumps({"id": r["id"], "ids": sp.encode(r["text"])}) + "\n")
    out = subprocess.run([cci, "tokenize", "--tokenizer", model_dir, "--jsonl", decode_in, "--decode"], check=True,
                         capture_output=True, text=True).stdout
    for line in filter(None, out.split("\n")):
        row = json.loads(line)
        want = sp.decode(sp.encode(next(r["text"] for r in plain if r["id"] == row["id"])))
        if row["text"] != want:
            failures.append(f"{row['id']}: decode differs: ours {row['text'][:40]!r} reference {want[:40]!r}")
    special = subprocess.run([cci, "tokenize", "--tokenizer", model_dir, "--no-special"], input="가<s>나</s>",
                             check=True, capture_output=True, text=True).stdout
    want = sp.encode("가") + [sp.bos_id()] + sp.encode("나") + [sp.eos_id()]
    if json.loads(special) != want:
        failures.append(f"control tokens in text: ours {special.strip()} expected {want}")
    print(f"sentencepiece: {len(plain)} texts, {len(failures)} differences")
    for f in failures[:15]:
        print("  " + f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
