#!/usr/bin/env python3
# Can a small model learn the demo task from random weights? An independent check, run by hand (not in ctest):
# the demo training split with every item under all 6 orders of its candidates (so the answer letter is uniform),
# rendered and tokenized by `cci` (CustomRef style, the tiny model's chat template), then a plain PyTorch transformer
# trained with all weights free and the loss on the answer letter only; dev accuracy is printed every 1,000 steps.
# Then, for comparison, `cci train` (LoRA, the full SFT target) on the same items.
# Usage: /usr/bin/python3 tests/benchmarks/demo_learnability.py build/app/cli/cci [STEPS]
import itertools
import json
import os
import subprocess
import sys
import tempfile

import torch

CCI = os.path.abspath(sys.argv[1])
STEPS = int(sys.argv[2]) if len(sys.argv) > 2 else 9000
DEMO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "resources", "demo")


def permuted(items):
    out = []
    for it in items:
        gold = int(it["output"][-1]) - 1
        texts = [it["input"][f"inference_{k}"] for k in (1, 2, 3)]
        for n, order in enumerate(itertools.permutations(range(3))):
            inp = dict(it["input"])
            for k in range(3):
                inp[f"inference_{k + 1}"] = texts[order[k]]
            out.append({"id": f"{it['id']}-{n}", "input": inp, "output": f"inference_{order.index(gold) + 1}"})
    return out


def token_ids(work, name, model):
    prompts = subprocess.run([CCI, "prompt", f"{work}/{name}.json", "--style", "CustomRef", "--model", model, "--jsonl"],
                             check=True, capture_output=True, text=True).stdout
    with open(f"{work}/{name}.prompts.jsonl", "w") as f:
        f.write(prompts)
    ids = subprocess.run([CCI, "tokenize", "--tokenizer", model, "--no-special", "--jsonl", f"{work}/{name}.prompts.jsonl"],
                         check=True, capture_output=True, text=True).stdout
    return [json.loads(line)["ids"] for line in ids.splitlines()]


class Block(torch.nn.Module):
    def __init__(self, h):
        super().__init__()
        self.attn = torch.nn.MultiheadAttention(h, 4, batch_first=True)
        self.norm1, self.norm2 = torch.nn.LayerNorm(h), torch.nn.LayerNorm(h)
        self.mlp = torch.nn.Sequential(torch.nn.Linear(h, 2 * h), torch.nn.GELU(), torch.nn.Linear(2 * h, h))

    def forward(self, x, mask):
        y = self.norm1(x)
        x = x + self.attn(y, y, y, attn_mask=mask, need_weights=False)[0]
        return x + self.mlp(self.norm2(x))


class Reader(torch.nn.Module):
    """Token + learned position embeddings, pre-norm causal blocks, logits of the last position."""

    def __init__(self, vocab, h=128, layers=2, positions=2048):
        super().__init__()
        self.tokens, self.positions = torch.nn.Embedding(vocab, h), torch.nn.Embedding(positions, h)
        self.blocks = torch.nn.ModuleList(Block(h) for _ in range(layers))
        self.head = torch.nn.Linear(h, vocab)

    def forward(self, ids):
        t = ids.shape[1]
        mask = torch.triu(torch.full((t, t), float("-inf")), 1)
        x = self.tokens(ids) + self.positions(torch.arange(t))
        for block in self.blocks:
            x = block(x, mask)
        return self.head(x[:, -1])


def main():
    torch.manual_seed(0)
    torch.set_num_threads(2)
    work = tempfile.mkdtemp(prefix="cci-learnability-")
    model = f"{work}/tiny"
    subprocess.run([CCI, "make-tiny-model", model, "--corpus", f"{DEMO}/demo_train.json", "--corpus", f"{DEMO}/demo_dev.json",
                    "--hidden", "128", "--heads", "4", "--kv-heads", "4", "--intermediate", "256"], check=True, capture_output=True)
    train = permuted(json.load(open(f"{DEMO}/demo_train.json")))
    dev = json.load(open(f"{DEMO}/demo_dev.json"))
    for name, items in (("train", train), ("dev", dev)):
        with open(f"{work}/{name}.json", "w") as f:
            json.dump(items, f, ensure_ascii=False)
    vocab_json = json.load(open(f"{model}/tokenizer.json"))["model"]["vocab"]
    letters = [vocab_json[c] for c in "ABC"]
    train_ids, dev_ids = token_ids(work, "train", model), token_ids(work, "dev", model)
    train_gold = [int(it["output"][-1]) - 1 for it in train]
    dev_gold = [int(it["output"][-1]) - 1 for it in dev]
    reader = Reader(len(vocab_json) + 8)
    optimizer = torch.optim.AdamW(reader.parameters(), lr=1e-3)
    print(f"{len(train)} training items (6 orders each), {len(dev)} dev items; chance 1/3, "
          f"most frequent dev answer {max(dev_gold.count(k) for k in range(3)) / len(dev):.3f}")
    for step in range(STEPS):
        k = step % len(train_ids)
        loss = torch.nn.functional.cross_entropy(reader(torch.tensor([train_ids[k]])), torch.tensor([letters[train_gold[k]]]))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if (step + 1) % 1000 == 0:
            with torch.no_grad():
                right = sum(int(reader(torch.tensor([ids]))[0, letters].argmax()) == g for ids, g in zip(dev_ids, dev_gold))
            print(f"PyTorch, all weights, letter loss: step {step + 1}: dev accuracy {right / len(dev):.3f}", flush=True)
    run = subprocess.run([CCI, "train", "--model", model, "--train", f"{work}/train.json", "--dev", f"{work}/dev.json",
                          "--out", f"{work}/run", "--epochs", "3", "--lr", "1e-3", "--grad-accum", "1", "--warmup", "20",
                          "--lora-r", "64", "--lora-alpha", "64", "--lora-dropout", "0", "--no-gradient-checkpointing",
                          "--threads", "2", "--quiet"], capture_output=True, text=True)
    print(run.stderr.strip().splitlines()[0] if run.stderr.strip() else f"cci train exited {run.returncode}")
    for line in open(f"{work}/run/metrics.jsonl"):
        m = json.loads(line)
        if m["split"] == "dev":
            print(f"cci train (LoRA r 64, SFT target): epoch {m['epoch']}: dev loss {m['loss']:.3f}, dev accuracy {m['accuracy']:.3f}")


if __name__ == "__main__":
    main()
