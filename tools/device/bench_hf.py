#!/usr/bin/env python3
"""The Hugging Face side of tools/device-check.sh: LoRA / QLoRA training throughput and peak memory with
transformers + PEFT (+ bitsandbytes), and multiple-choice scoring as the published code does it (one forward per
item, full logits) and batched, on the same model folder and the same chat texts `cci` uses. Prints one JSON object.

Usage: bench_hf.py MODEL_DIR PROMPTS.jsonl --device cuda --train-steps 12 --seq-length 1024 [--qlora]
PROMPTS.jsonl is `cci prompt DATA --style S --model MODEL_DIR --jsonl` (each line's "text" is the chat text).
"""
import argparse
import json
import sys
import time

import torch


def load_model(path, device, dtype, qlora):
    import transformers
    kwargs = {"attn_implementation": "sdpa"}
    if qlora:
        kwargs["quantization_config"] = transformers.BitsAndBytesConfig(
            load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=dtype)
        kwargs["device_map"] = {"": device}
    try:
        model = transformers.AutoModelForCausalLM.from_pretrained(path, dtype=dtype, **kwargs)
    except TypeError:  # transformers before 4.56 names it torch_dtype
        model = transformers.AutoModelForCausalLM.from_pretrained(path, torch_dtype=dtype, **kwargs)
    return model if qlora else model.to(device)


def synchronize(device):
    if device.startswith("cuda"):
        torch.cuda.synchronize()


def peak_bytes(device):
    return torch.cuda.max_memory_allocated() if device.startswith("cuda") else 0


def reset_peak(device):
    if device.startswith("cuda"):
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats()


def train(args, dtype, qlora):
    """LoRA r 16 on the seven projections and lm_head, AdamW, gradient checkpointing, batch 1 of seq-length tokens."""
    import peft
    reset_peak(args.device)
    model = load_model(args.model, args.device, dtype, qlora)
    if qlora:
        model = peft.prepare_model_for_kbit_training(model, use_gradient_checkpointing=True,
                                                     gradient_checkpointing_kwargs={"use_reentrant": False})
    else:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        model.enable_input_require_grads()
    config = peft.LoraConfig(r=16, lora_alpha=32, lora_dropout=0.0, task_type="CAUSAL_LM",
                             target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj",
                                             "down_proj", "lm_head"])
    model = peft.get_peft_model(model, config)  # adapters in fp32 over a bf16 base (autocast_adapter_dtype)
    model.train()
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=2e-4, weight_decay=0.0)
    vocab = model.config.vocab_size
    generator = torch.Generator().manual_seed(0)
    times, losses = [], []
    for step in range(args.warmup_steps + args.train_steps):
        ids = torch.randint(0, vocab, (1, args.seq_length), generator=generator).to(args.device)
        synchronize(args.device)
        start = time.perf_counter()
        with torch.autocast(device_type="cuda", dtype=dtype, enabled=args.device.startswith("cuda")):
            loss = model(input_ids=ids, labels=ids).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        synchronize(args.device)
        if step >= args.warmup_steps:
            times.append(time.perf_counter() - start)
        losses.append(loss.item())
    result = {"tokens_per_s": args.seq_length * len(times) / sum(times), "peak_memory": peak_bytes(args.device),
              "steps": len(times), "seq_length": args.seq_length, "first_loss": losses[0], "last_loss": losses[-1],
              "trainable_parameters": sum(p.numel() for p in trainable)}
    del model, optimizer
    return result


def letter_ids(tokenizer):
    ids = [tokenizer.convert_tokens_to_ids(letter) for letter in "ABC"]
    if any(i is None or i == tokenizer.unk_token_id for i in ids):
        sys.exit("bench_hf: the tokenizer has no A/B/C tokens")
    return ids


@torch.no_grad()
def score(args, dtype, texts):
    """Items per second: the published loop (one forward per item, full logits) and left-padded batches."""
    import transformers
    tokenizer = transformers.AutoTokenizer.from_pretrained(args.model)
    model = load_model(args.model, args.device, dtype, False).eval()
    letters = letter_ids(tokenizer)
    encoded = [tokenizer(t, add_special_tokens=False, return_tensors="pt").input_ids for t in texts]
    out = {}
    # The published loop.
    for ids in encoded[:2]:
        model(input_ids=ids.to(args.device))
    synchronize(args.device)
    start = time.perf_counter()
    published = []
    for ids in encoded:
        logits = model(input_ids=ids.to(args.device)).logits[0, -1]
        published.append(torch.softmax(logits[letters].float(), -1).tolist())
    synchronize(args.device)
    out["published_loop_items_per_s"] = len(encoded) / (time.perf_counter() - start)
    # Batched, left padding, last position only.
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    batch = args.score_batch
    order = sorted(range(len(encoded)), key=lambda i: encoded[i].shape[1])
    synchronize(args.device)
    start = time.perf_counter()
    batched = [None] * len(encoded)
    for first in range(0, len(order), batch):
        chunk = order[first:first + batch]
        longest = max(encoded[i].shape[1] for i in chunk)
        ids = torch.full((len(chunk), longest), pad, dtype=torch.long)
        mask = torch.zeros((len(chunk), longest), dtype=torch.long)
        for row, i in enumerate(chunk):
            n = encoded[i].shape[1]
            ids[row, longest - n:] = encoded[i][0]
            mask[row, longest - n:] = 1
        try:
            logits = model(input_ids=ids.to(args.device), attention_mask=mask.to(args.device), logits_to_keep=1).logits
        except TypeError:
            logits = model(input_ids=ids.to(args.device), attention_mask=mask.to(args.device)).logits
        for row, i in enumerate(chunk):
            batched[i] = torch.softmax(logits[row, -1, letters].float(), -1).tolist()
    synchronize(args.device)
    out["batched_items_per_s"] = len(encoded) / (time.perf_counter() - start)
    out["batch"] = batch
    out["items"] = len(encoded)
    out["mean_prompt_tokens"] = sum(e.shape[1] for e in encoded) / len(encoded)
    out["published_probs"] = published
    del model
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("prompts")
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--train-steps", type=int, default=12)
    parser.add_argument("--warmup-steps", type=int, default=3)
    parser.add_argument("--seq-length", type=int, default=1024,
                        help="training sequence length; 0: the mean prompt length plus a 24-token answer (as cci trains)")
    parser.add_argument("--score-batch", type=int, default=8)
    parser.add_argument("--qlora", action="store_true", help="also train with a bitsandbytes NF4 base")
    args = parser.parse_args()
    dtype = torch.bfloat16 if args.device.startswith("cuda") else torch.float32
    texts = [json.loads(line)["text"] for line in open(args.prompts, encoding="utf-8") if line.strip()]
    import transformers
    import peft
    result = {"torch": torch.__version__, "transformers": transformers.__version__, "peft": peft.__version__,
              "device": torch.cuda.get_device_name() if args.device.startswith("cuda") else "cpu"}
    result["scoring"] = score(args, dtype, texts)
    if args.seq_length <= 0:
        args.seq_length = round(result["scoring"]["mean_prompt_tokens"]) + 24
    result["lora"] = train(args, dtype, False)
    if args.qlora:
        try:
            import bitsandbytes
            result["bitsandbytes"] = bitsandbytes.__version__
            result["qlora"] = train(args, dtype, True)
        except ImportError as e:
            result["qlora"] = {"skipped": "bitsandbytes is not installed here: " + str(e)}
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
