#!/usr/bin/env python3
"""Model conformance: for tiny models (GQA; rope_scaling linear, dynamic past max_position_embeddings, llama3; tied
embeddings; bf16 and f16 weights) made by `cci make-tiny-model`, the workbench's logits at every position equal the
independent Python reference (tests/reference/llama_reference.py on Debian's python3-torch) to 1e-5 of the largest
logit (fp32), and the KV-cache path equals the full forward (except for dynamic scaling past the limit, where
Hugging Face's cache differs from a full recomputation in the same way).
Usage: compare_model.py CCI MODEL_LOGITS_TOOL CORPUS.json WORK_DIR"""
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

VARIANTS = [
    ("gqa", []),
    ("mha_tied", ["--kv-heads", "4", "--tie"]),
    ("rope_linear", ["--rope-scaling", "linear:2.5"]),
    ("rope_dynamic", ["--rope-scaling", "dynamic:2.0", "--max-positions", "64"]),
    ("rope_llama3", ["--rope-scaling", "llama3:8.0", "--hidden", "128", "--heads", "4"]),
    ("bf16", ["--dtype", "bfloat16"]),
    ("f16", ["--dtype", "float16", "--kv-heads", "1"]),
]


def main() -> None:
    cci, tool, corpus, work = sys.argv[1:]
    os.makedirs(work, exist_ok=True)
    failures = []
    for name, extra in VARIANTS:
        model = os.path.join(work, name)
        shutil.rmtree(model, ignore_errors=True)  # make-tiny-model never writes over a model
        subprocess.run([cci, "make-tiny-model", model, "--corpus", corpus, "--seed", "7"] + extra, check=True,
                       capture_output=True)
        vocab = json.load(open(os.path.join(model, "config.json")))["vocab_size"]
        ids = [1] + [(i * 37 + 11) % vocab for i in range(99)]  # 100 tokens, past 64 positions for "dynamic"
        ids_path = os.path.join(work, name + "_ids.json")
        json.dump(ids, open(ids_path, "w"))
        ours = json.loads(subprocess.run([tool, model, ids_path, "37"], check=True, capture_output=True,
                                         text=True).stdout)
        reference = json.loads(subprocess.run([sys.executable, os.path.join(HERE, "llama_reference.py"), model,
                                               ids_path], check=True, capture_output=True, text=True).stdout)
        scale = max(abs(v) for row in reference for v in row)
        worst = max(abs(a - b) for ra, rb in zip(ours["all"], reference) for a, b in zip(ra, rb)) / scale
        worst_cache = max(abs(a - b) for ra, rb in zip(ours["cached"], ours["all"]) for a, b in zip(ra, rb)) / scale
        print(f"{name}: max |ours - reference| = {worst:.2e}, KV cache vs full = {worst_cache:.2e} "
              f"(relative to the largest logit {scale:.3g})")
        if len(ours["all"]) != len(reference) or worst > 1e-5:
            failures.append(f"{name}: logits differ from the reference by {worst:.2e}")
        # Dynamic NTK scaling recomputes the frequencies from the current length, so keys cached before the
        # sequence passed max_position_embeddings keep the old ones - in Hugging Face's cache exactly as here.
        if worst_cache > 1e-5 and name != "rope_dynamic":
            failures.append(f"{name}: the KV-cache path differs from the full forward by {worst_cache:.2e}")
    for f in failures:
        print("  " + f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
