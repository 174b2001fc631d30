#!/usr/bin/env python3
"""Model conformance against transformers: random checkpoints written by transformers' save_pretrained (Llama and
Mistral, Qwen2, Qwen3; fp32 sharded, bf16, tied embeddings with full multi-head attention, llama3 rope scaling,
attention biases, Qwen3's q/k norms and a head_dim apart from hidden_size) give the same A/B/C probabilities in
`cci predict` as transformers' own classes in fp32 (<= 1e-4 absolute).
Run with the oracle environment's python (tools/py-deps.sh).
Usage: compare_hf_model.py CCI DEMO_DIR WORK_DIR"""
import os
import sys

import hf_models

torch = hf_models.torch

VARIANTS = [
    ("llama_fp32_sharded", dict(arch="llama", shard="100KB")),
    ("llama_bf16", dict(arch="llama", dtype=torch.bfloat16)),
    ("llama_tied_mha", dict(arch="llama", tie_word_embeddings=True, num_key_value_heads=4)),
    ("llama_rope_llama3", dict(arch="llama", rope_theta=500000.0, rope_scaling={
        "rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
        "original_max_position_embeddings": 64})),
    ("mistral_fp32", dict(arch="mistral", sliding_window=4096)),
    # Qwen2: q/k/v biases; its config names a sliding window that use_sliding_window leaves off.
    ("qwen2_fp32_tied", dict(arch="qwen2", tie_word_embeddings=True, sliding_window=16, use_sliding_window=False)),
    # Qwen3: per-head q/k RMSNorm, a head_dim that does not divide hidden_size, attention_bias on q/k/v/o.
    ("qwen3_fp32_bias", dict(arch="qwen3", head_dim=24, attention_bias=True)),
    ("qwen3_bf16", dict(arch="qwen3", head_dim=16, dtype=torch.bfloat16)),
    # Llama with attention_bias: q/k/v and o biases.
    ("llama_attention_bias", dict(arch="llama", attention_bias=True)),
]


def main() -> None:
    cci, demo, work = sys.argv[1:]
    os.makedirs(work, exist_ok=True)
    data = hf_models.subset(demo, work)
    failures = []
    for name, spec in VARIANTS:
        folder = os.path.join(work, name)
        hf_models.make_checkpoint(cci, demo, folder, seed=len(name), **spec)
        shards = sorted(f for f in os.listdir(folder) if f.endswith(".safetensors"))
        model = hf_models.load(folder)
        reference = hf_models.probabilities(model, hf_models.prompt_ids(cci, data, folder), hf_models.letter_ids(folder))
        try:
            ours = hf_models.cci_probabilities(cci, folder, data, work, name)
        except Exception as e:  # noqa: BLE001 - the failure is reported with cci's message
            failures.append(f"{name}: cci predict failed: {getattr(e, 'stderr', b'').decode(errors='replace') or e}")
            continue
        worst, flat = hf_models.worst_difference(ours, reference), hf_models.spread(reference)
        print(f"{name}: {len(shards)} safetensors file(s), {len(reference)} items, "
              f"max |cci - transformers| probability = {worst:.2e} (largest |p - 1/3| {flat:.2f})")
        if worst > 1e-4:
            failures.append(f"{name}: probabilities differ from transformers by {worst:.2e}")
        if flat < 0.05:
            failures.append(f"{name}: the random model is too flat to test ({flat:.3f})")
        if "shard" in spec and len(shards) < 2:
            failures.append(f"{name}: expected a sharded checkpoint, got {shards}")
    for f in failures:
        print("  " + f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
