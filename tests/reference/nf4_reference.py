"""Independent NF4 reference (QLoRA's NormalFloat-4 with double quantisation), written from the description in
the fine-tuning issue: blocks of 64 values scaled by their absolute maximum, each value replaced by the nearest of
the 16 levels (the lower one on a tie), and the block maxima quantised again - their mean subtracted, then
symmetric 8-bit codes with one scale (max |value| / 127) per 256 maxima. Only the dequantised weight is needed by
the conformance tests, so codes are kept as level indices here (no nibble packing)."""
import torch

LEVELS = torch.tensor([-1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635,
                       -0.18477343022823334, -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725,
                       0.24611230194568634, 0.33791524171829224, 0.44070982933044434, 0.5626170039176941,
                       0.7229568362236023, 1.0], dtype=torch.float32)


def _pad(flat, multiple):
    extra = (-flat.numel()) % multiple
    return torch.cat([flat, flat.new_zeros(extra)]) if extra else flat


def stored_absmax(absmax):
    """The block maxima after double quantisation."""
    mean = absmax.mean()
    centred = _pad(absmax - mean, 256).view(-1, 256)
    scale = centred.abs().amax(dim=1) / 127.0
    safe = torch.where(scale > 0, scale, torch.ones_like(scale))
    codes = torch.clamp(torch.round(centred / safe[:, None]), -127, 127)
    return (codes * scale[:, None]).reshape(-1)[:absmax.numel()] + mean


def quantize_dequantize(weight):
    """The weight as a QLoRA model computes with it: quantised to NF4 and read back, in float32."""
    flat = _pad(weight.detach().float().reshape(-1), 64).view(-1, 64)
    absmax = stored_absmax(flat.abs().amax(dim=1))
    safe = torch.where(absmax > 0, absmax, torch.ones_like(absmax))
    normalised = torch.clamp(flat / safe[:, None], -1.0, 1.0)
    # Nearest level: the first index of the smallest distance, i.e. the lower level on an exact tie.
    codes = (normalised[:, :, None] - LEVELS[None, None, :]).abs().argmin(dim=2)
    values = LEVELS[codes] * absmax[:, None]
    return values.reshape(-1)[:weight.numel()].view(weight.shape)
