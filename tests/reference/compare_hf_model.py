#!/usr/bin/env python3
"""Model conformance against transformers: random checkpoints written by transformers' save_pretrained (Llama and
Mistral, Qwen2, Qwen3, Gemma, Gemma 2, Gemma 3 text and multimodal, EXAONE 4.0; fp32 sharded, bf16, tied embeddings with full
multi-head attention, llama3 rope scaling, attention biases, q/k norms, a head_dim apart from hidden_size, sliding
windows shorter than the prompts, Gemma's norms, scales and soft-capping, EXAONE 4.0's post-norms and global layers
without rotary embedding; EXAONE 3.5 as a transformers Llama rewritten in its layout) give the same A/B/C probabilities in
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
    # Sliding windows far shorter than the prompts: Mistral's on every layer, Qwen2's from max_window_layers on.
    ("mistral_window", dict(arch="mistral", sliding_window=24)),
    ("qwen2_window", dict(arch="qwen2", sliding_window=20, use_sliding_window=True, max_window_layers=1)),
    # Gemma: (1 + weight) norms, scaled embeddings, GELU (tanh) gate, tied embeddings.
    ("gemma_fp32", dict(arch="gemma", head_dim=16, rms_norm_eps=1e-6)),
    # Gemma 2: norms around attention and MLP, query_pre_attn_scalar, soft-capped scores and logits (caps low enough
    # to bite), sliding window on every other layer.
    ("gemma2_fp32", dict(arch="gemma2", head_dim=16, num_hidden_layers=3, query_pre_attn_scalar=24,
                         attn_logit_softcapping=5.0, final_logit_softcapping=3.0, sliding_window=20)),
    ("gemma2_bf16", dict(arch="gemma2", head_dim=16, query_pre_attn_scalar=16, sliding_window=20,
                         dtype=torch.bfloat16)),
    # Gemma 3: q/k norms, local rotary base on the sliding layers, linear scaling on the global ones.
    ("gemma3_fp32", dict(arch="gemma3_text", head_dim=16, num_hidden_layers=3, sliding_window=20, initializer_range=0.1,
                         layer_types=["sliding_attention", "full_attention", "sliding_attention"],
                         rope_parameters={"full_attention": {"rope_type": "linear", "factor": 4.0,
                                                             "rope_theta": 1000000.0},
                                          "sliding_attention": {"rope_type": "default", "rope_theta": 10000.0}})),
    # EXAONE 4.0: norms after attention and MLP only, q/k norms, sliding layers with the rotary embedding and
    # global layers without (hybrid), untied.
    ("exaone4_hybrid", dict(arch="exaone4", num_hidden_layers=4, sliding_window=20,
                            layer_types=["sliding_attention", "sliding_attention", "sliding_attention",
                                         "full_attention"])),
    ("exaone4_global", dict(arch="exaone4", sliding_window=None,
                            layer_types=["full_attention", "full_attention"])),
    # Gemma 3 as most sizes are published: Gemma3ForConditionalGeneration, whose language model cci scores (a tiny
    # vision tower beside it); as save_pretrained writes it (language_model.model.*) and in the layout of
    # transformers' modules (model.language_model.*).
    ("gemma3_multimodal", dict(arch="gemma3", head_dim=16, num_hidden_layers=3, sliding_window=20,
                               initializer_range=0.1, tie_word_embeddings=True,
                               layer_types=["sliding_attention", "full_attention", "sliding_attention"])),
    ("gemma3_multimodal_module_layout", dict(arch="gemma3", head_dim=16, num_hidden_layers=2, sliding_window=20,
                                             initializer_range=0.1, tie_word_embeddings=True, module_layout=True,
                                             layer_types=["sliding_attention", "full_attention"])),
    # EXAONE 3.5: a transformers Llama (llama3 rope scaling, GQA) rewritten in EXAONE's layout; cci reads that copy.
    ("exaone3_as_llama", dict(arch="llama", exaone3=True, rope_theta=1000000.0, rope_scaling={
        "rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
        "original_max_position_embeddings": 64})),
]


def main() -> None:
    cci, demo, work = sys.argv[1:]
    os.makedirs(work, exist_ok=True)
    data = hf_models.subset(demo, work)
    failures = []
    for name, spec in VARIANTS:
        folder = os.path.join(work, name)
        spec = dict(spec)
        exaone3 = spec.pop("exaone3", False)
        module_layout = spec.pop("module_layout", False)
        hf_models.make_checkpoint(cci, demo, folder, seed=len(name), **spec)
        if module_layout:
            hf_models.renamed(folder, hf_models.GEMMA3_MODULE_LAYOUT)
        shards = sorted(f for f in os.listdir(folder) if f.endswith(".safetensors"))
        model = hf_models.load(folder)
        reference = hf_models.probabilities(model, hf_models.prompt_ids(cci, data, folder), hf_models.letter_ids(folder))
        ours_folder = folder
        if exaone3:
            ours_folder = folder + "_exaone"
            hf_models.exaone3_from_llama(folder, ours_folder)
        try:
            ours = hf_models.cci_probabilities(cci, ours_folder, data, work, name)
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
