#!/usr/bin/env python3
"""Adapter conformance: trains a short LoRA run with `cci train` on a tiny model, then the independent Python
reference (llama_reference.py on Debian's python3-torch) applies the saved PEFT adapter with PEFT's formula
W' = W + (lora_alpha / r) * B @ A, scores the dev prompts' A/B/C logits itself, and must reproduce the
probabilities `cci predict --adapter` writes (1e-5).
With --qlora the run trains on the NF4 base (--load_in_4bit) and predicts with --load-in-4bit; the reference
quantises the base's linear weights itself (nf4_reference.py) before applying the adapter. Without it, the model
`cci merge-adapter` saves is read back by the reference too and must give the same probabilities as base + adapter.
Usage: compare_adapter.py CCI DEMO_DIR WORK_DIR [--qlora]"""
import json
import os
import shutil
import subprocess
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cci_prompts  # noqa: E402
import llama_reference  # noqa: E402
import nf4_reference  # noqa: E402

LINEAR = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


def main() -> None:
    qlora = "--qlora" in sys.argv
    cci, demo, work = [a for a in sys.argv[1:] if a != "--qlora"]
    os.makedirs(work, exist_ok=True)
    model, run = os.path.join(work, "model"), os.path.join(work, "run")
    for folder in (model, run):  # neither make-tiny-model nor train writes over an earlier one
        shutil.rmtree(folder, ignore_errors=True)
    dev = os.path.join(demo, "demo_dev.json")
    subprocess.run([cci, "make-tiny-model", model, "--hidden", "32", "--intermediate", "64", "--corpus", dev,
                    "--corpus", os.path.join(demo, "demo_train.json")], check=True, capture_output=True)
    subprocess.run([cci, "train", "--model", model, "--train", dev, "--out", run, "--epochs", "1", "--grad-accum", "8",
                    "--lr", "5e-3", "--warmup", "1", "--lora-r", "4", "--lora-alpha", "8", "--quiet"]
                   + (["--load_in_4bit"] if qlora else []),
                   check=True, capture_output=True)
    pred = os.path.join(work, "pred.json")
    subprocess.run([cci, "predict", "--model", model, "--adapter", os.path.join(run, "adapter"), "--data", dev,
                    "-o", pred, "--quiet"] + (["--load-in-4bit"] if qlora else []), check=True, capture_output=True)
    ours = {r["id"]: r["probs"] for r in json.load(open(os.path.join(work, "pred.probs.json")))}

    # The prompts' token ids, as cci builds them.
    texts = cci_prompts.prompt_texts(cci, dev, model)
    ids = dict(zip((key for key, _ in texts), cci_prompts.token_ids(cci, model, texts, work)))

    cfg, weights = llama_reference.load(model)
    quantised = 0
    if qlora:
        for name in list(weights):
            if name.endswith(".weight") and name.split(".")[-2] in LINEAR:
                weights[name] = nf4_reference.quantize_dequantize(weights[name])
                quantised += 1
    adapter_cfg = json.load(open(os.path.join(run, "adapter", "adapter_config.json")))
    scale = adapter_cfg["lora_alpha"] / adapter_cfg["r"]
    lora = llama_reference.read_safetensors(os.path.join(run, "adapter", "adapter_model.safetensors"))
    applied = 0
    for key, a in lora.items():
        if ".lora_A." not in key:
            continue
        b = lora[key.replace(".lora_A.", ".lora_B.")]
        target = key.replace("base_model.model.", "", 1).replace(".lora_A.weight", ".weight")
        weights[target] = weights[target] + scale * (b @ a)
        applied += 1
    vocab = json.load(open(os.path.join(model, "tokenizer.json"), encoding="utf-8"))["model"]["vocab"]
    letters = [vocab["A"], vocab["B"], vocab["C"]]
    worst = 0.0
    with torch.no_grad():
        for key, seq in ids.items():
            logits = llama_reference.forward(cfg, weights, seq)[-1, letters]
            probs = torch.softmax(logits.double(), dim=-1).tolist()
            worst = max(worst, max(abs(p - q) for p, q in zip(probs, ours[key])))
    merged_worst = 0.0
    if not qlora:
        merged = os.path.join(work, "merged")
        subprocess.run(["rm", "-rf", merged], check=True)
        subprocess.run([cci, "merge-adapter", "--model", model, "--adapter", os.path.join(run, "adapter"), "-o", merged,
                        "--quiet"], check=True, capture_output=True)
        merged_cfg, merged_weights = llama_reference.load(merged)
        with torch.no_grad():
            for key, seq in ids.items():
                logits = llama_reference.forward(merged_cfg, merged_weights, seq)[-1, letters]
                probs = torch.softmax(logits.double(), dim=-1).tolist()
                merged_worst = max(merged_worst, max(abs(p - q) for p, q in zip(probs, ours[key])))
        print(f"merged model (cci merge-adapter) read by the reference: max |difference| = {merged_worst:.2e}")
    print(f"adapter: {applied} LoRA modules applied with the PEFT formula ({quantised} base weights as NF4); "
          f"{len(ids)} dev items; "
          f"max |cci - reference| probability = {worst:.2e}")
    sys.exit(0 if worst < 1e-5 and merged_worst < 1e-5 and applied > 0 and (quantised > 0) == qlora else 1)


if __name__ == "__main__":
    main()
