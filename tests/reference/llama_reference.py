#!/usr/bin/env python3
"""Independent reference for the model runtime, written from the Hugging Face Llama equations on Debian's
python3-torch: reads config.json and model.safetensors itself and prints the logits of a token sequence at every
position. The driver (compare_model.py) checks the workbench against it.
Usage: llama_reference.py MODEL_DIR IDS.json  (prints a JSON list of rows)"""
import json
import math
import struct
import sys

import torch
import torch.utils.checkpoint

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    base = 8 + n
    tensors = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        begin, end = spec["data_offsets"]
        raw = bytearray(data[base + begin:base + end])
        t = torch.frombuffer(raw, dtype=DTYPES[spec["dtype"]]).reshape(spec["shape"]) if raw else \
            torch.zeros(spec["shape"], dtype=DTYPES[spec["dtype"]])
        tensors[name] = t.to(torch.float32)
    return tensors


def inverse_frequencies(cfg, seq_len):
    dim = cfg.get("head_dim") or cfg["hidden_size"] // cfg["num_attention_heads"]
    base = cfg.get("rope_theta", 10000.0)
    scaling = cfg.get("rope_scaling") or {}
    kind = scaling.get("rope_type", scaling.get("type"))
    if kind == "dynamic" and seq_len > cfg["max_position_embeddings"]:
        f = scaling["factor"]
        base = base * ((f * seq_len / cfg["max_position_embeddings"]) - (f - 1)) ** (dim / (dim - 2))
    inv = 1.0 / (torch.tensor(base, dtype=torch.float32) ** (torch.arange(0, dim, 2, dtype=torch.int64).float() / dim))
    if kind == "linear":
        inv = inv / scaling["factor"]
    if kind == "llama3":
        factor, low, high = scaling["factor"], scaling["low_freq_factor"], scaling["high_freq_factor"]
        old = scaling["original_max_position_embeddings"]
        low_wavelen, high_wavelen = old / low, old / high
        wavelen = 2 * math.pi / inv
        scaled = torch.where(wavelen > low_wavelen, inv / factor, inv)
        smooth = (old / wavelen - low) / (high - low)
        smoothed = (1 - smooth) * scaled / factor + smooth * scaled
        medium = ~(wavelen < high_wavelen) * ~(wavelen > low_wavelen)
        inv = torch.where(medium, smoothed, scaled)
    return inv


def rms_norm(x, weight, eps):
    variance = x.pow(2).mean(-1, keepdim=True)
    return weight * (x * torch.rsqrt(variance + eps))


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def load(model_dir):
    return json.load(open(f"{model_dir}/config.json")), read_safetensors(f"{model_dir}/model.safetensors")


def logits(model_dir, ids):
    return forward(*load(model_dir), ids)


def decoder_layer(cfg, w, i, x, cos, sin, causal, linear):
    """One decoder layer on x [T, hidden]."""
    heads, kv_heads = cfg["num_attention_heads"], cfg.get("num_key_value_heads", cfg["num_attention_heads"])
    dim = cfg.get("head_dim") or cfg["hidden_size"] // heads
    eps = cfg["rms_norm_eps"]
    T = x.shape[0]
    p = f"model.layers.{i}."
    h = rms_norm(x, w[p + "input_layernorm.weight"], eps)
    q = linear(p + "self_attn.q_proj.weight", h).view(T, heads, dim).transpose(0, 1)
    k = linear(p + "self_attn.k_proj.weight", h).view(T, kv_heads, dim).transpose(0, 1)
    v = linear(p + "self_attn.v_proj.weight", h).view(T, kv_heads, dim).transpose(0, 1)
    q = q * cos + rotate_half(q) * sin
    k = k * cos + rotate_half(k) * sin
    group = heads // kv_heads
    k = k[:, None].expand(kv_heads, group, T, dim).reshape(heads, T, dim)
    v = v[:, None].expand(kv_heads, group, T, dim).reshape(heads, T, dim)
    scores = q @ k.transpose(1, 2) / math.sqrt(dim) + causal
    attn = torch.softmax(scores, dim=-1) @ v
    x = x + linear(p + "self_attn.o_proj.weight", attn.transpose(0, 1).reshape(T, heads * dim))
    h = rms_norm(x, w[p + "post_attention_layernorm.weight"], eps)
    gate = linear(p + "mlp.gate_proj.weight", h)
    up = linear(p + "mlp.up_proj.weight", h)
    return x + linear(p + "mlp.down_proj.weight", torch.nn.functional.silu(gate) * up)


def forward(cfg, w, ids, linear=None, checkpoint=False):
    """Logits [T, vocab] at every position. `linear(name, x)` computes x @ w[name].T (a LoRA-aware version may be
    passed, e.g. by the training benchmark); `checkpoint` recomputes each layer in backward
    (torch.utils.checkpoint, as Hugging Face's gradient checkpointing)."""
    if linear is None:
        def linear(name, x):
            return x @ w[name].T
    T = len(ids)
    x = w["model.embed_tokens.weight"][torch.tensor(ids)]
    inv = inverse_frequencies(cfg, T)
    freqs = torch.outer(torch.arange(T, dtype=torch.int64).float(), inv)
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos(), emb.sin()
    causal = torch.full((T, T), float("-inf")).triu(1)
    for i in range(cfg["num_hidden_layers"]):
        if checkpoint:
            x = torch.utils.checkpoint.checkpoint(decoder_layer, cfg, w, i, x, cos, sin, causal, linear,
                                                  use_reentrant=False)
        else:
            x = decoder_layer(cfg, w, i, x, cos, sin, causal, linear)
    x = rms_norm(x, w["model.norm.weight"], cfg["rms_norm_eps"])
    if cfg.get("tie_word_embeddings"):
        return x @ w["model.embed_tokens.weight"].T
    return linear("lm_head.weight", x)


def main() -> None:
    model_dir, ids_path = sys.argv[1:]
    ids = json.load(open(ids_path))
    with torch.no_grad():
        print(json.dumps(logits(model_dir, ids).tolist()))


if __name__ == "__main__":
    main()
