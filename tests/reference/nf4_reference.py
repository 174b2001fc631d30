"""Independent NF4 reference (QLoRA's NormalFloat-4 with double quantisation, bitsandbytes' format), written from its
description: blocks of 64 values scaled by the reciprocal of their absolute maximum (divided by it in a last, partial
block), each value replaced by the level whose midpoint interval holds it (the lower level on a midpoint); the block
maxima, less their mean, coded per group of 256 into the signed 8-bit dynamic map (7 exponent bits: for exponent i the
midpoints of linspace(0.1, 1, 2^i + 1) times 10^(i - 6), both signs, then 0 and 1) after division by the group's
largest magnitude, to the nearer of the two map values around them. Runs on Debian's python3-torch; only the
dequantised weight is needed by the adapter conformance test, so codes are kept as level indices (no nibble
packing). The bit-exact comparison with bitsandbytes itself is tests/reference/compare_bnb_nf4.py."""
import torch

LEVELS = torch.tensor([-1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635,
                       -0.18477343022823334, -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725,
                       0.24611230194568634, 0.33791524171829224, 0.44070982933044434, 0.5626170039176941,
                       0.7229568362236023, 1.0], dtype=torch.float32)


def dynamic_map():
    values = []
    for i in range(7):
        bounds = torch.linspace(0.1, 1.0, 2 ** i + 1, dtype=torch.float32)
        means = (bounds[:-1] + bounds[1:]) / 2
        power = torch.tensor(10.0 ** (i - 6), dtype=torch.float32)
        values += (means * power).tolist() + (means * -power).tolist()
    values += [0.0, 1.0]
    return torch.tensor(sorted(values), dtype=torch.float32)


MAP = dynamic_map()


def stored_absmax(absmax):
    """The block maxima after double quantisation."""
    mean = absmax.mean()
    centred = absmax - mean
    out = torch.empty_like(absmax)
    search = MAP.clone()
    search[0] = -1.0
    for start in range(0, absmax.numel(), 256):
        group = centred[start:start + 256]
        scale = group.abs().max()
        if scale == 0:
            out[start:start + 256] = mean
            continue
        normed = group / scale
        below = (torch.searchsorted(search, normed, right=True) - 1).clamp(0, 254)
        above = below + 1
        pick = torch.where((normed - search[above]).abs() < (normed - search[below]).abs(), above, below)
        out[start:start + 256] = MAP[pick] * scale + mean
    return out


def quantize_dequantize(weight):
    """The weight as a QLoRA model computes with it: quantised to NF4 and read back, in float32."""
    flat = weight.detach().float().reshape(-1)
    n = flat.numel()
    blocks = [flat[i:i + 64] for i in range(0, n, 64)]
    absmax = torch.stack([b.abs().max() for b in blocks])
    midpoints = (LEVELS[:-1] + LEVELS[1:]) / 2
    stored = stored_absmax(absmax)
    out = []
    for k, block in enumerate(blocks):
        safe = absmax[k].clamp(min=1e-38)
        scaled = block * (1.0 / safe) if block.numel() == 64 else block / safe
        codes = torch.bucketize(scaled.clamp(-1, 1), midpoints)
        out.append(LEVELS[codes] * stored[k])
    return torch.cat(out).view(weight.shape)
