#!/usr/bin/env python3
"""Training benchmark (issue: fine-tuning engine). In one run on this machine, one optimizer step (gradient
accumulation over the same N demo items, ~1,000 tokens each) on a random ~124M-parameter Llama model (hidden 768,
12 layers, 12 heads, 4 KV heads, MLP 2048, 32,000-token vocabulary, the demo tokenizer), LoRA r 16 on the seven
projections and lm_head:
  (ref)  the same LoRA step in the independent Python reference on Debian's PyTorch, as Hugging Face + PEFT run it
         (with Debian's default BLAS and with OpenBLAS's OpenMP build, which cci's executables use; the faster counts):
         y = x W^T + (alpha / r) (x A^T) B^T, vocabulary logits at every position, cross-entropy on the target
         tokens, backward, AdamW;
  (cci)  `cci train` with LoRA (gradient checkpointing on, the default), LoRA without checkpointing, and QLoRA.
Prints training tokens/s (of the step) and peak RSS of each, the speed-up over the faster reference (target >= 1.2x),
and what gradient checkpointing saves in memory and costs in time.
Usage: bench_train.py CCI [--items N] [--threads N]"""
import argparse
import json
import os
import subprocess
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference"))
import cci_prompts  # noqa: E402
import llama_reference  # noqa: E402

DEMO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "resources", "demo")
LINEAR = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


OPENMP_BLAS = "/usr/lib/x86_64-linux-gnu/openblas-openmp"


def run_measured(cmd, env=None):
    """Runs a child; returns (seconds, peak RSS in MiB)."""
    start = time.time()
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{child.stderr.read().decode()}")
    return time.time() - start, usage.ru_maxrss / 1024


def reference_step(model, examples, threads, out, checkpoint):
    """The Python reference's LoRA step (run in a child process of its own for a clean peak RSS)."""
    torch.set_num_threads(threads)
    torch.manual_seed(42)
    cfg, w = llama_reference.load(model)
    r, scale = 16, 32 / 16
    lora = {}
    for name, weight in w.items():
        module = name.split(".")[-2] if name.endswith(".weight") else ""
        if module in LINEAR or name == "lm_head.weight":
            out_f, in_f = weight.shape
            a = torch.empty(r, in_f).uniform_(-1 / in_f ** 0.5, 1 / in_f ** 0.5).requires_grad_(True)
            b = torch.zeros(out_f, r).requires_grad_(True)
            lora[name] = (a, b)

    def linear(name, x):
        y = x @ w[name].T
        if name in lora:
            a, b = lora[name]
            y = y + scale * (torch.nn.functional.dropout(x, 0.01, True) @ a.T) @ b.T
        return y

    params = [t for pair in lora.values() for t in pair]
    opt = torch.optim.AdamW(params, lr=2e-4, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1)
    tokens = sum(len(ids) for ids, _ in examples)
    labelled = sum(len(ids) - p for ids, p in examples)
    start = time.time()
    opt.zero_grad()
    for ids, prompt_length in examples:
        logits = llama_reference.forward(cfg, w, ids, linear, checkpoint)  # every position, the whole vocabulary
        labels = torch.tensor(ids[prompt_length:])
        loss = torch.nn.functional.cross_entropy(logits[prompt_length - 1:-1], labels, reduction="sum") / labelled
        loss.backward()
    torch.nn.utils.clip_grad_norm_(params, 1.0)
    opt.step()
    seconds = time.time() - start
    json.dump({"tokens_per_s": tokens / seconds, "seconds": seconds}, open(out, "w"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("cci")
    ap.add_argument("--items", type=int, default=4)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reference-worker", nargs=5, metavar=("MODEL", "EXAMPLES", "THREADS", "OUT", "CHECKPOINT"))
    a = ap.parse_args()
    if a.reference_worker:
        model, examples, threads, out, checkpoint = a.reference_worker
        reference_step(model, json.load(open(examples)), int(threads), out, checkpoint == "1")
        return

    work, model, data, items = cci_prompts.benchmark_setup(
        a.cci, DEMO, "cci-bench-train-", ["--hidden", "768", "--layers", "12", "--heads", "12", "--kv-heads", "4",
                                          "--intermediate", "2048", "--vocab", "32000"], "train", a.items)

    # The SFT examples as cci builds them: prompt (chat template + generation prompt) + "{letter}. {inference}" + eos.
    texts = []
    for (key, text), item in zip(cci_prompts.prompt_texts(a.cci, data, model), items):
        gold = int(item["output"][-1]) - 1
        texts += [(key + "/p", text), (key + "/t", "ABC"[gold] + ". " + item["input"][f"inference_{gold + 1}"])]
    tokenized = cci_prompts.token_ids(a.cci, model, texts, work)
    eos = json.load(open(os.path.join(model, "tokenizer.json"), encoding="utf-8"))["model"]["vocab"]["</s>"]
    examples = [(p + t + [eos], len(p)) for p, t in zip(tokenized[0::2], tokenized[1::2])]
    examples_file = os.path.join(work, "examples.json")
    json.dump(examples, open(examples_file, "w"))
    tokens = sum(len(e[0]) for e in examples)

    # The reference as Debian's PyTorch runs it (OpenBLAS's pthread build: a thread pool beside libtorch's), and
    # with the OpenMP build cci's executables use (one pool): cci is compared with the faster of the two.
    blas_choices = [("", None)]
    if os.path.exists(os.path.join(OPENMP_BLAS, "libblas.so.3")):
        blas_choices.append((" [OpenMP BLAS]", dict(os.environ, LD_LIBRARY_PATH=OPENMP_BLAS)))
    results = {}
    for checkpoint in ("0", "1"):
        for blas_name, env in blas_choices:
            ref_out = os.path.join(work, "ref.json")
            _, rss = run_measured([sys.executable, os.path.abspath(__file__), a.cci, "--reference-worker", model,
                                   examples_file, str(a.threads), ref_out, checkpoint], env)
            results["reference" + (", checkpointing" if checkpoint == "1" else "") + blas_name] = (
                json.load(open(ref_out))["tokens_per_s"], rss)
    for name, extra in (("LoRA, no checkpointing", ["--no-gradient-checkpointing"]), ("LoRA, checkpointing", []),
                        ("QLoRA, no checkpointing", ["--load_in_4bit", "--no-gradient-checkpointing"]),
                        ("QLoRA, checkpointing", ["--load_in_4bit"])):
        run = os.path.join(work, "run-" + str(len(results)))
        _, rss = run_measured([a.cci, "train", "--model", model, "--train", data, "--out", run, "--epochs", "1",
                               "--grad-accum", str(a.items), "--threads", str(a.threads), "--quiet"] + extra)
        step = json.loads(open(os.path.join(run, "metrics.jsonl")).readline())
        results[name] = (step["tokens_per_s"], rss)

    cfg = json.load(open(os.path.join(model, "config.json")))
    params = sum(v.numel() for v in llama_reference.load(model)[1].values())
    print(f"model: {params / 1e6:.0f}M parameters ({cfg['num_hidden_layers']} layers, hidden {cfg['hidden_size']}, "
          f"vocabulary {cfg['vocab_size']}); one optimizer step over {len(examples)} items, {tokens} tokens "
          f"({tokens / len(examples):.0f} per item); LoRA r 16 on 7 projections + lm_head; {a.threads} threads")
    for name, (speed, rss) in results.items():
        if name.startswith("reference"):
            label, ratio = "Python reference (HF + PEFT step)" + name[len("reference"):], ""
        else:
            # Against the faster reference step with the same checkpointing choice.
            key = "reference" + (", checkpointing" if name.endswith(", checkpointing") else "")
            ref = max(results[key + blas][0] for blas, _ in blas_choices)
            label, ratio = f"cci train, {name}", f"  -> {speed / ref:.2f}x the reference"
        print(f"{label:50s} {speed:8.0f} tokens/s   peak RSS {rss:6.0f} MiB{ratio}")
    lora, plain = results["LoRA, checkpointing"], results["LoRA, no checkpointing"]
    print(f"gradient checkpointing (cci, LoRA): peak RSS {plain[1]:.0f} -> {lora[1]:.0f} MiB "
          f"({plain[1] - lora[1]:.0f} MiB saved), speed {plain[0]:.0f} -> {lora[0]:.0f} tokens/s "
          f"({100 * (1 - lora[0] / plain[0]):.0f}% slower)")
    q = results["QLoRA, checkpointing"]
    print(f"QLoRA against LoRA (checkpointing): peak RSS {lora[1]:.0f} -> {q[1]:.0f} MiB")


if __name__ == "__main__":
    main()
