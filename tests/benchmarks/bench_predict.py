#!/usr/bin/env python3
"""Prediction benchmark (issue: model runtime). In one run on this machine:
  (a) the published approach - one full forward per item at batch 1 with vocabulary logits at every position, then
      the A/B/C logits of the last one - in the independent Python reference on Debian's PyTorch;
  (b) `cci predict` (batched by length, prefix computed once, only the three needed logit rows);
on a random ~56M-parameter model (hidden 512, 8 layers, 8 heads, 4 KV heads, 32,000-token vocabulary, the demo
tokenizer) over the demo test split. Prints items/s and peak memory of both, whether the predictions agree, and
(b)'s achieved GFLOP/s on the FLOPs it needs - over its scoring job as cci times it, and over the whole process -
against this machine's measured fp32 matmul rate (the better of libtorch's product and oneDNN's sgemm, which cci's
CPU path calls).
Usage: bench_predict.py CCI [--style NAME] [--threads N] [--items N]"""
import argparse
import ctypes
import json
import os
import re
import resource
import subprocess
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference"))
import cci_prompts  # noqa: E402
import llama_reference  # noqa: E402

DEMO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "resources", "demo")


def matmul_rates(threads):
    """fp32 GFLOP/s of a 2048^3 product: libtorch's (its BLAS), and oneDNN's sgemm (what cci's CPU path calls)
    when libdnnl is on this machine. The better of the two is the machine's rate."""
    torch.set_num_threads(threads)
    a, b, c = torch.randn(2048, 2048), torch.randn(2048, 2048), torch.empty(2048, 2048)
    rates = {}

    def timed(name, product):
        product()
        start = time.time()
        for _ in range(10):
            product()
        rates[name] = 2 * 2048 ** 3 * 10 / (time.time() - start) / 1e9

    timed("libtorch", lambda: torch.mm(a, b, out=c))
    try:
        dnnl = ctypes.CDLL("libdnnl.so.2")
    except OSError:
        return rates
    f, i64, p = ctypes.c_float, ctypes.c_int64, ctypes.c_void_p
    dnnl.dnnl_sgemm.argtypes = [ctypes.c_char, ctypes.c_char, i64, i64, i64, f, p, i64, p, i64, f, p, i64]
    n = 2048
    timed("oneDNN", lambda: dnnl.dnnl_sgemm(b"N", b"N", n, n, n, 1.0, a.data_ptr(), n, b.data_ptr(), n, 0.0,
                                            c.data_ptr(), n))
    return rates


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("cci")
    ap.add_argument("--style", default="CustomRef")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--items", type=int, default=40)
    a = ap.parse_args()
    work, model, data, items = cci_prompts.benchmark_setup(
        a.cci, DEMO, "cci-bench-predict-", ["--hidden", "512", "--layers", "8", "--heads", "8", "--kv-heads", "4",
                                            "--intermediate", "1376", "--vocab", "32000"], "test", a.items)
    # The token ids of every prompt, exactly as cci builds them.
    ids = cci_prompts.token_ids(a.cci, model, cci_prompts.prompt_texts(a.cci, data, model, a.style), work)
    tokenizer = json.load(open(os.path.join(model, "tokenizer.json"), encoding="utf-8"))["model"]["vocab"]
    letters = [tokenizer["A"], tokenizer["B"], tokenizer["C"]]
    cfg = json.load(open(os.path.join(model, "config.json")))

    rates = matmul_rates(a.threads)
    rate = max(rates.values())

    # (b) cci predict, as a child process.
    out = os.path.join(work, "pred.json")
    start = time.time()
    child = subprocess.run([a.cci, "predict", "--model", model, "--data", data, "-o", out, "--style", a.style,
                            "--threads", str(a.threads), "--quiet"], check=True, capture_output=True, text=True)
    report = child.stdout + child.stderr
    cci_seconds = time.time() - start
    # cci's own timing of the job (prompts, tokenization, batching, forward passes), without process start and load.
    scoring_seconds = float(re.search(r"items in ([0-9.]+) s", report).group(1))
    cci_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    cci_choices = [int(r["output"][-1]) - 1 for r in json.load(open(out, encoding="utf-8"))]

    # (a) the published approach in the Python reference.
    torch.set_num_threads(a.threads)
    py_choices = []
    start = time.time()
    cfg_w = llama_reference.load(model)
    with torch.no_grad():
        for seq in ids:
            logits = llama_reference.forward(*cfg_w, seq)  # [T, vocab]: every position, the whole vocabulary
            py_choices.append(int(torch.argmax(logits[-1, letters])))
    py_seconds = time.time() - start
    py_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # FLOPs (b) needs: the shared prefix once, each item's remaining tokens, causal attention, three logit rows.
    prefix = 0
    shortest = min(len(s) for s in ids)
    while prefix + 1 < shortest and all(s[prefix] == ids[0][prefix] for s in ids):
        prefix += 1
    H, L, I = cfg["hidden_size"], cfg["num_hidden_layers"], cfg["intermediate_size"]
    q_dim = cfg["num_attention_heads"] * cfg["head_dim"]
    kv_dim = cfg["num_key_value_heads"] * cfg["head_dim"]
    linear = L * (H * (q_dim + 2 * kv_dim) + q_dim * H + 3 * H * I)

    def tokens_flops(start_pos, count):
        attention = sum(4 * q_dim * (start_pos + i + 1) for i in range(count)) * L
        return 2 * linear * count + attention

    needed = tokens_flops(0, prefix) + sum(tokens_flops(prefix, len(s) - prefix) + 2 * H * 3 for s in ids)
    n = len(ids)
    print(f"model: {cfg['vocab_size']}-token vocabulary, {L} layers, hidden {H}; "
          f"{n} items of the demo test split, style {a.style}, {sum(map(len, ids)) / n:.0f} tokens per prompt "
          f"(longest {max(map(len, ids))}), shared prefix {prefix} tokens; {a.threads} threads")
    print(f"(a) published approach (Python reference, batch 1, all-position logits; model load included): "
          f"{n / py_seconds:.3f} items/s "
          f"({py_seconds / n:.2f} s/item), peak RSS {py_rss:.0f} MiB")
    print(f"(b) cci predict: {n / cci_seconds:.3f} items/s ({cci_seconds / n:.2f} s/item, process start and model "
          f"load included), peak RSS {cci_rss:.0f} MiB")
    print(f"speed-up (b)/(a): {py_seconds / cci_seconds:.2f}x (target >= 2x); predictions identical: "
          f"{py_choices == cci_choices}")
    print(f"machine fp32 matmul {rate:.0f} GFLOP/s (2048^3, the better of " +
          ", ".join(f"{k} {v:.0f}" for k, v in rates.items()) + ")")
    print(f"(b) achieved {needed / scoring_seconds / 1e9:.1f} GFLOP/s on the {needed / 1e9:.0f} GFLOP it needs over "
          f"its scoring job ({scoring_seconds:.2f} s) -> {100 * needed / scoring_seconds / 1e9 / rate:.0f}% of the "
          f"matmul rate (target >= 70%); over the whole process ({cci_seconds:.2f} s, process start and model load "
          f"included) {needed / cci_seconds / 1e9:.1f} GFLOP/s -> {100 * needed / cci_seconds / 1e9 / rate:.0f}%")


if __name__ == "__main__":
    main()
