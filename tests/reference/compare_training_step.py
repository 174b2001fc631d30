#!/usr/bin/env python3
"""The published training step against `cci train`: the published recipe built with transformers + PEFT (LoRA r16
alpha32 on all seven projections + lm_head, prompt tokens labelled -100, the loss summed over the step's labelled
tokens and divided by their number as transformers' loss does with num_items_in_batch, AdamW with weight decay 0.1,
transformers' cosine schedule with warm-up, clipping at 1.0, gradient accumulation) on a random Llama and a random
Gemma 2 (norms around attention and MLP, GELU, soft-capping, a sliding window shorter than the items), and DoRA
(use_dora) on the Llama, written by
transformers and demo training items - dropout 0, the same initial adapter (PEFT's initialisation, saved and given
to `cci train --init-adapter`) and the same example order (the run's data_order.jsonl) - gives the loss of every
optimizer step and the final adapter of `cci train` (fp32, <= 1e-4). The chat text is rendered by transformers'
apply_chat_template from the model's tokenizer_config.json and tokenized by the model's tokenizer in transformers.
Run with the oracle environment's python (tools/py-deps.sh).
Usage: compare_training_step.py CCI DEMO_DIR WORK_DIR"""
import json
import os
import subprocess
import sys

import hf_models
import oracles

torch, transformers = hf_models.torch, hf_models.transformers
peft, safetensors_torch = oracles.require("peft", "safetensors.torch")

TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj", "lm_head"]
ITEMS, ACCUM, EPOCHS, LR, WARMUP = 44, 4, 2, 2e-3, 3
LETTERS = ("A", "B", "C")


def examples(cci, data, base):
    """{item id: (input ids, labels)}: the chat prompt with the generation prompt (prompt tokens labelled -100),
    then "<letter>. <inference>" and the eos token."""
    tok = transformers.AutoTokenizer.from_pretrained(base)
    rows = [json.loads(line) for line in subprocess.run([cci, "prompt", data, "--style", "CustomRef", "--jsonl"],
                                                        check=True, capture_output=True, text=True).stdout.split("\n")
            if line]
    items = {s["id"]: s for s in json.load(open(data, encoding="utf-8"))}
    out = {}
    for r in rows:
        item = items[r["id"]]
        gold = [k for k in ("inference_1", "inference_2", "inference_3") if item["output"] == k][0]
        letter = LETTERS[int(gold[-1]) - 1]
        messages = [{"role": "system", "content": r["system"]}, {"role": "user", "content": r["user"]}]
        text = tok.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)
        prompt = tok(text, add_special_tokens=False)["input_ids"]
        target = tok(f"{letter}. {item['input'][gold]}", add_special_tokens=False)["input_ids"] + [tok.eos_token_id]
        out[r["id"]] = (prompt + target, [-100] * len(prompt) + target)
    return out


# The random base models trained: Llama (the published recipe's family) and Gemma 2, whose norms around attention
# and MLP, GELU gate, soft-capped scores and logits and a sliding window shorter than the items are trained through.
BASES = [  # name, checkpoint, DoRA
    ("llama", dict(arch="llama"), False),
    ("gemma2", dict(arch="gemma2", head_dim=16, query_pre_attn_scalar=24, attn_logit_softcapping=5.0,
                    final_logit_softcapping=10.0, sliding_window=64), False),
    # DoRA (use_dora): magnitudes initialised to the weights' row norms, trained beside A and B.
    ("llama-dora", dict(arch="llama"), True),
]


def main() -> None:
    cci, demo, work = sys.argv[1:]
    os.makedirs(work, exist_ok=True)
    chosen = json.load(open(os.path.join(demo, "demo_train.json"), encoding="utf-8"))[:ITEMS]
    data = os.path.join(work, "train.json")
    json.dump(chosen, open(data, "w", encoding="utf-8"), ensure_ascii=False)
    failures = []
    for name, spec, dora in BASES:
        failures += [f"{name}: {f}" for f in compare(cci, demo, data, os.path.join(work, name), name, spec, dora)]
    for f in failures[:20]:
        print("  " + f)
    sys.exit(1 if failures else 0)


def compare(cci, demo, data, work, name, spec, dora):
    """The failures of one base model's comparison."""
    os.makedirs(work, exist_ok=True)
    base = os.path.join(work, "base")
    hf_models.make_checkpoint(cci, demo, base, seed=3, **spec)

    # The initial adapter: PEFT's own initialisation (A Kaiming-uniform, B zero), saved.
    torch.manual_seed(1)
    config = peft.LoraConfig(r=16, lora_alpha=32, lora_dropout=0.0, target_modules=TARGETS, task_type="CAUSAL_LM",
                             use_dora=dora)
    model = peft.get_peft_model(hf_models.load(base), config)
    init = os.path.join(work, "init_adapter")
    model.save_pretrained(init)

    run = os.path.join(work, "run")
    subprocess.run(["rm", "-rf", run], check=True)
    subprocess.run([cci, "train", "--model", base, "--train", data, "--out", run, "--epochs", str(EPOCHS),
                    "--grad-accum", str(ACCUM), "--lr", str(LR), "--warmup", str(WARMUP), "--lora-r", "16",
                    "--lora-alpha", "32", "--lora-dropout", "0", "--init-adapter", init, "--max-seq-length", "4096",
                    "--quiet"] + (["--use-dora"] if dora else []), check=True, capture_output=True)
    cci_losses = [json.loads(line)["loss"] for line in open(os.path.join(run, "metrics.jsonl"))
                  if json.loads(line).get("split") == "train"]
    order = [json.loads(line)["ids"] for line in open(os.path.join(run, "data_order.jsonl"))]

    # The same steps in transformers + PEFT.
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=LR, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1)
    total_steps = EPOCHS * ((ITEMS + ACCUM - 1) // ACCUM)
    scheduler = transformers.get_cosine_schedule_with_warmup(optimizer, WARMUP, total_steps)
    prepared = examples(cci, data, base)
    losses = []
    for ids in order:
        for first in range(0, len(ids), ACCUM):
            step_items = [prepared[i] for i in ids[first:first + ACCUM]]
            # Labelled tokens of the step: each label after the first position is predicted once.
            tokens = sum(sum(1 for t in labels[1:] if t != -100) for _, labels in step_items)
            step_loss = 0.0
            for input_ids, labels in step_items:
                out = model(input_ids=torch.tensor([input_ids]), labels=torch.tensor([labels]),
                            num_items_in_batch=torch.tensor(tokens))
                out.loss.backward()
                step_loss += out.loss.item()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            losses.append(step_loss)

    failures = []
    if len(losses) != len(cci_losses) or len(losses) < 20:
        failures.append(f"{len(cci_losses)} optimizer steps in cci, {len(losses)} in the reference (at least 20 wanted)")
    worst_loss = max((abs(a - b) for a, b in zip(cci_losses, losses)), default=float("inf"))
    trained = safetensors_torch.load_file(os.path.join(run, "adapter", "adapter_model.safetensors"))
    state = peft.get_peft_model_state_dict(model, save_embedding_layers=False)  # the LoRA tensors only
    reference = {k.replace(".default", ""): v for k, v in state.items()}
    missing = set(reference) ^ set(trained)
    worst_adapter = max((abs(trained[k] - v).max().item() for k, v in reference.items() if k in trained),
                        default=float("inf"))
    moved = max((abs(trained[k] - v).max().item() for k, v in
                 safetensors_torch.load_file(os.path.join(init, "adapter_model.safetensors")).items() if k in trained),
                default=0.0)
    print(f"{name}: {len(losses)} optimizer steps: loss {losses[0]:.4f} -> {losses[-1]:.4f} (transformers + PEFT), "
          f"{cci_losses[0]:.4f} -> {cci_losses[-1]:.4f} (cci); max |difference| {worst_loss:.2e}")
    print(f"{name}: final adapter: {len(reference)} tensors, max |cci - PEFT| = {worst_adapter:.2e} "
          f"(training moved them by up to {moved:.2e})")
    for step, (a, b) in enumerate(zip(cci_losses, losses)):
        if abs(a - b) > 1e-4:
            failures.append(f"step {step + 1}: loss {a:.6f} in cci, {b:.6f} in the reference")
    if missing:
        failures.append(f"adapter tensors in only one of the two: {sorted(missing)[:4]}")
    if worst_adapter > 1e-4:
        failures.append(f"the final adapters differ by {worst_adapter:.2e}")
    if losses[-1] > losses[0] - 0.05 or moved < 1e-3:
        failures.append("training did not move the loss or the adapter: the comparison would be empty")
    return failures


if __name__ == "__main__":
    main()
