"""Reference side of the tokenizer conformance test: the Hugging Face tokenizers library (Rust, through its Python
binding from PyPI). reference_rows() gives, for each {"id", "text"}, the ids with and without special tokens and the
decode of the ids with and without special tokens. As a program it times encoding for the benchmark:
Usage: tokenizer_reference.py --bench TOKENIZER_JSON TEXTS.jsonl   (prints {"load_ms", "tokens", "bytes", "seconds"})"""
import json
import sys
import time

import oracles


def load(path):
    tokenizers = oracles.require("tokenizers")
    return tokenizers.Tokenizer.from_file(path)


def reference_rows(path, rows):
    tokenizer = load(path)
    out = {}
    for row in rows:
        ids = tokenizer.encode(row["text"], add_special_tokens=True).ids
        out[row["id"]] = {
            "ids": ids,
            "ids_plain": tokenizer.encode(row["text"], add_special_tokens=False).ids,
            "decoded": tokenizer.decode(ids, skip_special_tokens=False),
            "decoded_skip": tokenizer.decode(ids, skip_special_tokens=True),
        }
    return out


def bench(path, texts_path):
    t0 = time.perf_counter()
    tokenizer = load(path)
    load_ms = (time.perf_counter() - t0) * 1e3
    with open(texts_path, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    tokens = 0
    start = time.perf_counter()
    for text in texts:
        tokens += len(tokenizer.encode(text, add_special_tokens=False).ids)
    seconds = time.perf_counter() - start
    print(json.dumps({"load_ms": load_ms, "tokens": tokens, "bytes": sum(len(t.encode()) for t in texts),
                      "seconds": seconds}))


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "--bench":
        sys.exit(__doc__)
    bench(sys.argv[2], sys.argv[3])
