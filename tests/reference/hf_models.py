"""Random checkpoints written by transformers itself, for the conformance tests against the Hugging Face stack: a
model folder made by `cci make-tiny-model` (for its tokenizer, built from the demo corpus's characters) whose config
and weights are then replaced by a randomly initialised Llama / Mistral / Qwen2 / Qwen3 / Gemma / Gemma 2 / Gemma 3
(text) / EXAONE 4.0 causal LM saved with save_pretrained. Also: the A/B/C probabilities of the dev prompts under a transformers (or PEFT) model, scored as the
published code scores them (last-position logits of the letter tokens, softmax)."""
import json
import os
import subprocess

import oracles

torch, transformers, tokenizers = oracles.require("torch", "transformers", "tokenizers")

# Norm weights, which transformers initialises to 1, are randomised too, and the initializer range is wide enough
# that the three letters get clearly different probabilities: a test on flat outputs could not fail.
INIT_RANGE = 0.25


# transformers' config and causal-LM classes of each model_type the tests write.
ARCHITECTURES = {
    "llama": ("LlamaConfig", "LlamaForCausalLM"),
    "mistral": ("MistralConfig", "MistralForCausalLM"),
    "qwen2": ("Qwen2Config", "Qwen2ForCausalLM"),
    "qwen3": ("Qwen3Config", "Qwen3ForCausalLM"),
    "gemma": ("GemmaConfig", "GemmaForCausalLM"),
    "gemma2": ("Gemma2Config", "Gemma2ForCausalLM"),
    "gemma3_text": ("Gemma3TextConfig", "Gemma3ForCausalLM"),
    "exaone4": ("Exaone4Config", "Exaone4ForCausalLM"),
}


def make_checkpoint(cci, demo, folder, arch="llama", dtype=torch.float32, shard=None, seed=0, **config):
    """A transformers-written random checkpoint of `arch` in `folder`; returns the model (fp32, eval mode)."""
    subprocess.run(["rm", "-rf", folder], check=True)
    subprocess.run([cci, "make-tiny-model", folder, "--corpus", os.path.join(demo, "demo_dev.json"), "--corpus",
                    os.path.join(demo, "demo_train.json")], check=True, capture_output=True)
    made = json.load(open(os.path.join(folder, "config.json")))
    os.remove(os.path.join(folder, "model.safetensors"))
    os.remove(os.path.join(folder, "config.json"))
    settings = dict(vocab_size=made["vocab_size"], hidden_size=64, intermediate_size=172, num_hidden_layers=2,
                    num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=4096, rms_norm_eps=1e-5,
                    initializer_range=INIT_RANGE, bos_token_id=made.get("bos_token_id"),
                    eos_token_id=made.get("eos_token_id"), tie_word_embeddings=False)
    settings.update(config)
    if arch == "gemma3":  # multimodal: the text model with a small vision tower beside it
        vision = dict(model_type="siglip_vision_model", hidden_size=32, intermediate_size=64, num_hidden_layers=1,
                      num_attention_heads=2, image_size=28, patch_size=14)
        cfg = transformers.Gemma3Config(text_config=transformers.Gemma3TextConfig(**settings).to_dict(),
                                        vision_config=vision, mm_tokens_per_image=1,
                                        tie_word_embeddings=settings["tie_word_embeddings"])
        cls = transformers.Gemma3ForConditionalGeneration
    elif arch in ARCHITECTURES:
        config_class, model_class = (getattr(transformers, name) for name in ARCHITECTURES[arch])
        cfg, cls = config_class(**settings), model_class
    else:
        raise ValueError(arch)
    torch.manual_seed(seed)
    model = cls(cfg)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("norm.weight"):
                p.copy_(1.0 + 0.3 * torch.randn_like(p))
            elif name.endswith(".bias"):  # initialised to 0: random, so a bias left out shows
                p.copy_(0.3 * torch.randn_like(p))
    model = model.to(dtype)
    kwargs = {"max_shard_size": shard} if shard else {}
    model.save_pretrained(folder, **kwargs)
    return model.float().eval()


# EXAONE 3.x is Llama's architecture under its own names (LG's remote modelling code, which transformers does not
# ship, so there is no PyPI oracle for it): its module tree transformer.wte, transformer.h.N.{ln_1, attn.attention.
# {q,k,v,out}_proj, ln_2, mlp.{c_fc_0, c_fc_1, c_proj}}, transformer.ln_f, and its config keys.
EXAONE_NAMES = [("model.embed_tokens.", "transformer.wte."), ("model.norm.", "transformer.ln_f."),
                ("model.layers.", "transformer.h."), ("self_attn.o_proj.", "attn.attention.out_proj."),
                ("self_attn.", "attn.attention."), ("mlp.gate_proj.", "mlp.c_fc_0."), ("mlp.up_proj.", "mlp.c_fc_1."),
                ("mlp.down_proj.", "mlp.c_proj."), ("input_layernorm.", "ln_1."), ("post_attention_layernorm.", "ln_2.")]
EXAONE_KEYS = {"num_hidden_layers": "num_layers", "rms_norm_eps": "layer_norm_epsilon",
               "hidden_act": "activation_function"}


def exaone3_from_llama(llama, folder):
    """The Llama checkpoint in `llama` written again in EXAONE 3.x's layout into `folder`."""
    from safetensors.torch import load_file, save_file
    import shutil
    subprocess.run(["rm", "-rf", folder], check=True)
    os.makedirs(folder)
    for f in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(os.path.join(llama, f), folder)
    config = json.load(open(os.path.join(llama, "config.json")))
    config = {EXAONE_KEYS.get(k, k): v for k, v in config.items()}
    config.update(model_type="exaone", architectures=["ExaoneForCausalLM"])
    json.dump(config, open(os.path.join(folder, "config.json"), "w"), indent=2)
    tensors = {}
    for shard in sorted(f for f in os.listdir(llama) if f.endswith(".safetensors")):
        for name, t in load_file(os.path.join(llama, shard)).items():
            for old, new in EXAONE_NAMES:
                name = name.replace(old, new)
            tensors[name] = t
    save_file(tensors, os.path.join(folder, "model.safetensors"), metadata={"format": "pt"})


# A multimodal Gemma 3 checkpoint in the layout of transformers' modules since 4.52 (model.language_model.*), which
# some checkpoints are saved in; save_pretrained writes the first-published one (language_model.model.*).
GEMMA3_MODULE_LAYOUT = [("language_model.model.", "model.language_model."), ("language_model.lm_head.", "lm_head."),
                        ("vision_tower.", "model.vision_tower."),
                        ("multi_modal_projector.", "model.multi_modal_projector.")]


def renamed(folder, pairs):
    """Rewrites the checkpoint in `folder` with each tensor name's first matching prefix replaced."""
    from safetensors.torch import load_file, save_file
    shards = sorted(f for f in os.listdir(folder) if f.endswith(".safetensors"))
    tensors = {}
    for shard in shards:
        for name, t in load_file(os.path.join(folder, shard)).items():
            for old, new in pairs:
                if name.startswith(old):
                    name = new + name[len(old):]
                    break
            tensors[name] = t
        os.remove(os.path.join(folder, shard))
    for index in [f for f in os.listdir(folder) if f.endswith(".index.json")]:
        os.remove(os.path.join(folder, index))
    save_file(tensors, os.path.join(folder, "model.safetensors"), metadata={"format": "pt"})


def load(folder):
    """The checkpoint as transformers loads it, in fp32."""
    return transformers.AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32).eval()


def letter_ids(folder):
    tok = tokenizers.Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))
    return [tok.token_to_id(letter) for letter in ("A", "B", "C")]


def prompt_ids(cci, corpus, folder, style="CustomRef"):
    """{item id: token ids} of each item's chat text (cci prompt), tokenized by the tokenizers library."""
    out = subprocess.run([cci, "prompt", corpus, "--style", style, "--model", folder, "--jsonl"], check=True,
                         capture_output=True, text=True).stdout
    tok = tokenizers.Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))
    rows = [json.loads(line) for line in out.split("\n") if line]
    return {r["id"]: tok.encode(r["text"], add_special_tokens=False).ids for r in rows}


def probabilities(model, ids, letters):
    """{item id: [p(A), p(B), p(C)]}: softmax over the letters' logits at the last position, one forward per item."""
    out = {}
    with torch.no_grad():
        for key, seq in ids.items():
            logits = model(torch.tensor([seq])).logits[0, -1, letters]
            out[key] = torch.softmax(logits.double(), dim=-1).tolist()
    return out


def cci_probabilities(cci, model_dir, data, work, name, extra=()):
    """{item id: probs} written by `cci predict`."""
    pred = os.path.join(work, name + ".json")
    subprocess.run([cci, "predict", "--model", model_dir, "--data", data, "-o", pred, "--quiet"] + list(extra),
                   check=True, capture_output=True)
    return {r["id"]: r["probs"] for r in json.load(open(os.path.join(work, name + ".probs.json")))}


def worst_difference(ours, reference):
    if set(ours) != set(reference):
        return float("inf")
    return max(abs(a - b) for key in reference for a, b in zip(ours[key], reference[key]))


def spread(reference):
    """How far the probabilities are from uniform (the largest |p - 1/3|): a check on a flat model would be empty."""
    return max(abs(p - 1 / 3) for probs in reference.values() for p in probs)


def subset(demo, work, items=12):
    """The first `items` dev items as a corpus file in `work`."""
    chosen = json.load(open(os.path.join(demo, "demo_dev.json"), encoding="utf-8"))[:items]
    path = os.path.join(work, "dev_subset.json")
    json.dump(chosen, open(path, "w", encoding="utf-8"), ensure_ascii=False)
    return path
