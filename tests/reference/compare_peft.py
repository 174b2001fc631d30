#!/usr/bin/env python3
"""Adapter conformance against PEFT, on a random Llama checkpoint written by transformers:
1. adapters written by `cci train` (LoRA, and DoRA with `--use-dora`) load in PeftModel.from_pretrained and give the
   probabilities `cci predict --adapter` gives;
2. adapters written by PEFT itself (init_lora_weights=False, so B is not zero; all seven projections + lm_head;
   plain LoRA, rsLoRA, per-module ranks and alphas (rank_pattern, alpha_pattern), and DoRA with magnitudes moved
   away from their initial values on some layers only (use_dora, layers_to_transform), modules_to_save copies) load in
   `cci predict --adapter` with PEFT's probabilities;
3. `cci merge-adapter` of the PEFT adapter equals PEFT's merge_and_unload(), tensor by tensor.
All in fp32, to 1e-4 (probabilities) and 1e-5 relative (merged weights). Run with the oracle environment's python.
Usage: compare_peft.py CCI DEMO_DIR WORK_DIR"""
import os
import subprocess
import sys

import hf_models
import oracles

torch = hf_models.torch
peft, safetensors_torch = oracles.require("peft", "safetensors.torch")

TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj", "lm_head"]


VARIANTS = {  # name: (seed, LoraConfig arguments beyond the common ones)
    "peft_lora": (8, {}),
    "peft_rslora": (9, {"use_rslora": True}),
    # The first matching pattern wins, in the file's order; a full module path and a bare name.
    "peft_patterns": (10, {"rank_pattern": {"model.layers.1.mlp.down_proj": 2, "q_proj": 4, "lm_head": 6},
                           "alpha_pattern": {"v_proj": 32, "layers.0.self_attn.o_proj": 4}}),
    "peft_dora_layers": (11, {"use_dora": True, "layers_to_transform": [1], "rank_pattern": {"up_proj": 4}}),
    # Modules trained whole and saved beside the LoRA tensors (their copies moved away from the base's).
    "peft_modules_to_save": (12, {"modules_to_save": ["model.norm", "layers.1.post_attention_layernorm"]}),
}


def peft_adapter(base_dir, out, variant):
    seed, extra = VARIANTS[variant]
    torch.manual_seed(seed)
    model = hf_models.load(base_dir)
    config = peft.LoraConfig(r=8, lora_alpha=16, lora_dropout=0.0, target_modules=TARGETS, init_lora_weights=False,
                             task_type="CAUSAL_LM", **extra)
    wrapped = peft.get_peft_model(model, config)
    with torch.no_grad():  # PEFT's init leaves B small; make the adapter move the answer
        for name, p in wrapped.named_parameters():
            if "lora_B" in name:
                p.mul_(5.0)
            if "lora_magnitude_vector" in name or "modules_to_save" in name:  # as trained: away from the base's
                p.mul_(1.0 + 0.3 * torch.randn_like(p))
    wrapped.save_pretrained(out)
    return wrapped.eval()


def merged_difference(merged_dir, reference_model):
    """The largest |cci merged - PEFT merged| over every tensor, relative to the tensor's largest value."""
    ours = {}
    for f in os.listdir(merged_dir):
        if f.endswith(".safetensors"):
            ours.update(safetensors_torch.load_file(os.path.join(merged_dir, f)))
    reference = reference_model.state_dict()
    missing = set(reference) - set(ours)
    if missing:
        return float("inf"), f"tensors missing from cci's merged model: {sorted(missing)[:5]}"
    worst = 0.0
    for name, want in reference.items():
        got = ours[name].float()
        worst = max(worst, ((got - want).abs().max() / want.abs().max().clamp(min=1e-12)).item())
    return worst, ""


def main() -> None:
    cci, demo, work = sys.argv[1:]
    os.makedirs(work, exist_ok=True)
    data = hf_models.subset(demo, work)
    base = os.path.join(work, "base")
    hf_models.make_checkpoint(cci, demo, base, seed=5)
    ids, letters = hf_models.prompt_ids(cci, data, base), hf_models.letter_ids(base)
    failures = []

    # 1. cci's adapters (LoRA, and DoRA with its magnitudes initialised by cci from the base weights) in PEFT.
    plain = hf_models.probabilities(hf_models.load(base), ids, letters)
    for label, extra in (("cci_adapter", []), ("cci_dora_adapter", ["--use-dora"])):
        run = os.path.join(work, "run_" + label)
        subprocess.run(["rm", "-rf", run], check=True)
        subprocess.run([cci, "train", "--model", base, "--train", data, "--out", run, "--epochs", "1", "--grad-accum",
                        "4", "--lr", "2e-2", "--warmup", "0", "--lora-r", "4", "--lora-alpha", "8", "--quiet"] + extra,
                       check=True, capture_output=True)
        adapter = os.path.join(run, "adapter")
        reference = hf_models.probabilities(peft.PeftModel.from_pretrained(hf_models.load(base), adapter).eval(), ids,
                                            letters)
        ours = hf_models.cci_probabilities(cci, base, data, work, label, ["--adapter", adapter])
        worst, moved = hf_models.worst_difference(ours, reference), hf_models.worst_difference(reference, plain)
        print(f"{label} (cci train {' '.join(extra)}) in PeftModel: max |cci - PEFT| probability = {worst:.2e} "
              f"(the adapter moves them by up to {moved:.2e})")
        if worst > 1e-4 or moved < 1e-3:
            failures.append(f"{label}: difference {worst:.2e}, effect {moved:.2e}")

    # 2. PEFT's adapters in cci; 3. the merge.
    for name in VARIANTS:
        out = os.path.join(work, name)
        wrapped = peft_adapter(base, out, name)
        reference = hf_models.probabilities(wrapped, ids, letters)
        try:
            ours = hf_models.cci_probabilities(cci, base, data, work, name, ["--adapter", out])
        except subprocess.CalledProcessError as e:
            failures.append(f"{name}: cci predict failed: {e.stderr.decode(errors='replace')}")
            continue
        worst, moved = hf_models.worst_difference(ours, reference), hf_models.worst_difference(reference, plain)
        print(f"{name} adapter in cci predict: max |cci - PEFT| probability = {worst:.2e} "
              f"(the adapter moves them by up to {moved:.2e})")
        if worst > 1e-4 or moved < 1e-3:
            failures.append(f"{name}: difference {worst:.2e}, effect {moved:.2e}")
        merged = os.path.join(work, name + "_merged")
        subprocess.run(["rm", "-rf", merged], check=True)
        subprocess.run([cci, "merge-adapter", "--model", base, "--adapter", out, "-o", merged, "--quiet"], check=True,
                       capture_output=True)
        worst_merge, problem = merged_difference(merged, wrapped.merge_and_unload())
        print(f"{name}: cci merge-adapter vs merge_and_unload(): max relative difference = {worst_merge:.2e}")
        if problem or worst_merge > 1e-5:
            failures.append(f"{name} merge: {problem or f'{worst_merge:.2e}'}")
    for f in failures:
        print("  " + f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
