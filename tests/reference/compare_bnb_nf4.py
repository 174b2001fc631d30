#!/usr/bin/env python3
"""NF4 conformance against bitsandbytes (PyPI, its CPU backend): for weights of several shapes and dtypes (whole
blocks, a partial last block, more than 256 blocks, a zero block, outliers, bf16), the workbench's quantisation
equals bitsandbytes' quantize_4bit(blocksize=64, quant_type="nf4", compress_statistics=True) bit for bit - packed
codes, 8-bit codes of the block maxima, their scales and offset - and the 8-bit dynamic map equals
create_dynamic_map(signed=True). The dequantised values must equal what bitsandbytes' own quantisation state decodes
to by the documented formula (code[nibble] * (map[absmax code] * absmax scale of its group + offset), in float32,
then the weight's dtype), and dequantize_4bit wherever that kernel agrees with the formula: bitsandbytes 0.50's
CPU dequantize_4bit returns wrong values for some elements on AVX-512 machines (0.0139 for an element its own
state decodes to 3.99), so a disagreement of the kernel with its own state is reported, not counted against us.
Run with the oracle environment's python (tools/py-deps.sh).
Usage: compare_bnb_nf4.py NF4_CODES_TOOL WORK_DIR"""
import json
import os
import subprocess
import sys

import oracles

torch, bnb_functional, safetensors_torch = oracles.require("torch", "bitsandbytes.functional", "safetensors.torch")


def ties():
    """Values exactly on the midpoints between NF4 levels (they go to the lower level), in two blocks with maxima
    1 and 0.5 (so the block maxima themselves code exactly)."""
    levels = [-1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, 0.07958029955625534,
              0.16093020141124725, 0.5626170039176941, 0.7229568362236023]
    mids = [0.5 * (a + b) for a, b in zip(levels[:-1], levels[1:])]
    row = torch.tensor([1.0, 0.0] + mids * 8 + [0.25] * 6, dtype=torch.float32)
    return torch.stack([row, 0.5 * row])


def weights():
    g = torch.Generator().manual_seed(11)
    zero_block = torch.randn(4, 64, generator=g) * 0.02
    zero_block[1] = 0.0
    outliers = torch.randn(32, 96, generator=g) * 0.01
    outliers[3, 5], outliers[20, 90] = 4.0, -6.5
    return {
        "whole_blocks": torch.randn(48, 64, generator=g) * 0.02,
        "partial_last_block": torch.randn(7, 37, generator=g),
        "many_groups": torch.randn(300, 128, generator=g) * 0.05 + 0.01,  # 600 blocks: three groups of maxima
        "zero_block": zero_block,
        "outliers": outliers,
        "bf16": (torch.randn(64, 80, generator=g) * 0.03).to(torch.bfloat16),
        "ties": ties(),
    }


def decode_by_formula(packed, state, w):
    """The values bitsandbytes' quantisation state stands for, by the documented NF4 formula: the two 4-bit codes of
    a byte (high nibble first) index the NF4 code book; each block of 64 is scaled by its maximum, which is itself
    stored as an 8-bit code of the dynamic map times its group's scale, plus the offset. All in float32, then cast
    to the weight's dtype (as dequantize_4bit returns it)."""
    nested = state.state2
    absmax = nested.code[state.absmax.view(-1).long()].float()
    group = torch.arange(absmax.numel()) // nested.blocksize
    absmax = absmax * nested.absmax.view(-1).float()[group] + float(state.offset)
    bytes_ = packed.view(-1).to(torch.int64)
    codes = torch.stack([bytes_ >> 4, bytes_ & 15], dim=1).view(-1)[:w.numel()]
    levels = state.code.float()[codes]
    block = torch.arange(w.numel()) // state.blocksize
    return (levels * absmax[block]).to(w.dtype).float()


def main() -> None:
    tool, work = sys.argv[1:]
    os.makedirs(work, exist_ok=True)
    tensors = weights()
    path = os.path.join(work, "weights.safetensors")
    safetensors_torch.save_file({k: v.contiguous() for k, v in tensors.items()}, path)
    ours = json.loads(subprocess.run([tool, path], check=True, capture_output=True, text=True).stdout)
    failures = []
    reference_map = bnb_functional.create_dynamic_map(signed=True)
    mine_map = torch.tensor(ours["map"], dtype=torch.float32)
    differing_map = (mine_map != reference_map).nonzero().view(-1).tolist()
    print(f"8-bit dynamic map: {256 - len(differing_map)} of 256 values identical to create_dynamic_map(signed=True)"
          + (f"; first differing: index {differing_map[0]}, ours {mine_map[differing_map[0]].item()!r}, "
             f"bitsandbytes {reference_map[differing_map[0]].item()!r}" if differing_map else ""))
    if differing_map:
        failures.append("the 8-bit dynamic map differs from create_dynamic_map(signed=True)")
    for name, w in tensors.items():
        packed, state = bnb_functional.quantize_4bit(w, blocksize=64, compress_statistics=True, quant_type="nf4")
        mine = ours["tensors"][name]
        checks = {
            "packed codes": (mine["codes"], packed.view(-1).tolist()),
            "absmax codes": (mine["absmax_codes"], state.absmax.view(-1).tolist()),
            "absmax scales": (torch.tensor(mine["absmax_scale"], dtype=torch.float32).tolist(),
                              state.state2.absmax.view(-1).tolist()),
            "offset": (torch.tensor([mine["offset"]], dtype=torch.float32).tolist(), [float(state.offset)]),
        }
        decoded = decode_by_formula(packed, state, w)
        kernel = bnb_functional.dequantize_4bit(packed, state).float().view(-1)
        kernel_wrong = (kernel != decoded).nonzero().view(-1).tolist()
        if kernel_wrong:
            at = kernel_wrong[0]
            print(f"{name}: note - bitsandbytes' dequantize_4bit disagrees with its own quantisation state on "
                  f"{len(kernel_wrong)} of {decoded.numel()} values (first at {at}: kernel {kernel[at].item()!r}, "
                  f"its codes and maxima decode to {decoded[at].item()!r}); compared with the decoded values there")
        ours_dequantized = torch.tensor(mine["dequantized"], dtype=torch.float32)
        checks["dequantized values (decoded from bitsandbytes' state)"] = (ours_dequantized.tolist(), decoded.tolist())
        agree = (kernel == decoded).nonzero().view(-1)
        checks["dequantized values (dequantize_4bit where it agrees with its state)"] = (
            ours_dequantized[agree].tolist() if ours_dequantized.numel() == decoded.numel() else [],
            kernel[agree].tolist())
        differing = []
        for what, (got, want) in checks.items():
            if got != want:
                at = next((i for i, (x, y) in enumerate(zip(got, want)) if x != y), min(len(got), len(want)))
                differing.append(f"{what} (first at {at} of {len(want)}: ours {got[at:at + 3]} "
                                 f"bitsandbytes {want[at:at + 3]})")
        print(f"{name}: {tuple(w.shape)} {str(w.dtype).replace('torch.', '')}, {state.absmax.numel()} blocks: "
              + ("identical to bitsandbytes" if not differing else "; ".join(differing)))
        failures += [f"{name}: {d}" for d in differing]
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
