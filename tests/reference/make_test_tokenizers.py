#!/usr/bin/env python3
"""Writes small tokenizer.json files that exercise the components the real tokenizers in the conformance test do
not use (Metaspace prepend_scheme/split, Digits, Whitespace, Split behaviours, NFKC/NFD/Lowercase/Strip, added
tokens with lstrip/rstrip/single_word/normalized, continuing-subword prefix and end-of-word suffix, fuse_unk,
Bert/Roberta post-processing, Strip and Metaspace decoders). Vocabulary and merges are learned here by a plain BPE
count over the given texts; the reference library is the oracle for how they are applied.
Usage: make_test_tokenizers.py TEXTS.jsonl... OUT_DIR"""
import collections
import json
import os
import sys


def byte_level_alphabet():
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    table, n = {}, 0
    for b in range(256):
        if b in printable:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + n)
            n += 1
    return table


def learn(words, merges_wanted, prefix="", suffix=""):
    """words: list of symbol lists (initial symbols already carry prefix/suffix). Returns (vocab set, merges)."""
    vocab = set(s for w in words for s in w)
    words = [list(w) for w in words]
    merges = []
    for _ in range(merges_wanted):
        counts = collections.Counter()
        for w in words:
            for a, b in zip(w, w[1:]):
                counts[(a, b)] += 1
        if not counts:
            break
        (a, b), n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        if n < 2:
            break
        merged = a + (b[len(prefix):] if prefix and b.startswith(prefix) else b)
        merges.append((a, b))
        vocab.add(merged)
        for w in words:
            i = 0
            while i < len(w) - 1:
                if w[i] == a and w[i + 1] == b:
                    w[i:i + 2] = [merged]
                i += 1
    return vocab, merges


def ids_for(vocab, first):
    ordered = list(first) + sorted(v for v in vocab if v not in first)
    return {tok: i for i, tok in enumerate(ordered)}


def added(content, id_, special=False, lstrip=False, rstrip=False, single_word=False, normalized=None):
    return {"id": id_, "content": content, "single_word": single_word, "lstrip": lstrip, "rstrip": rstrip,
            "normalized": (not special) if normalized is None else normalized, "special": special}


def metaspace_tokenizer(texts):
    words = []
    for t in texts:
        for w in t.replace(" ", " \u2581").split(" "):
            if w:
                words.append(list(w))
    vocab, merges = learn(words, 400)
    specials = ["<unk>", "<s>", "</s>"]
    bytes_ = ["<0x%02X>" % b for b in range(256)]
    vocab.update(["\u2581"])
    ids = ids_for(vocab | set(bytes_), specials + bytes_)
    n = len(ids)
    return {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [added("<unk>", 0, True), added("<s>", 1, True), added("</s>", 2, True),
                         added("[MASK]", n, special=False, lstrip=True, rstrip=True, normalized=False),
                         added("화자", n + 1, single_word=True, normalized=True),
                         added("OK", n + 2, normalized=True)],
        "normalizer": {"type": "NFKC"},
        "pre_tokenizer": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "first", "split": True},
        "post_processor": {"type": "TemplateProcessing",
                           "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}},
                                      {"Sequence": {"id": "A", "type_id": 0}},
                                      {"SpecialToken": {"id": "</s>", "type_id": 0}}],
                           "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
                           "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]},
                                              "</s>": {"id": "</s>", "ids": [2], "tokens": ["</s>"]}}},
        "decoder": {"type": "Sequence", "decoders": [{"type": "ByteFallback"},
                                                     {"type": "Metaspace", "replacement": "\u2581",
                                                      "prepend_scheme": "first", "split": True}]},
        "model": {"type": "BPE", "dropout": None, "unk_token": "<unk>", "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": True, "byte_fallback": True, "ignore_merges": False,
                  "vocab": ids, "merges": [a + " " + b for a, b in merges]},
    }


def bytelevel_tokenizer(texts):
    table = byte_level_alphabet()
    words = []
    for t in texts:
        for w in t.lower().split():
            words.append([table[b] for b in (" " + w).encode("utf-8")])
    vocab, merges = learn(words, 600)
    vocab.update(table.values())
    ids = ids_for(vocab, ["<s>", "<pad>", "</s>"] + [table[b] for b in range(256)])
    mask = len(ids)
    return {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [added("<s>", 0, True), added("<pad>", 1, True), added("</s>", 2, True),
                         added("<mask>", mask, True, lstrip=True)],
        "normalizer": {"type": "Sequence", "normalizers": [{"type": "NFD"}, {"type": "Lowercase"},
                                                           {"type": "Strip", "strip_left": True, "strip_right": True}]},
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Digits", "individual_digits": True},
            {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True}]},
        "post_processor": {"type": "RobertaProcessing", "sep": ["</s>", 2], "cls": ["<s>", 0],
                           "trim_offsets": True, "add_prefix_space": True},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                  "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False,
                  "vocab": ids, "merges": [[a, b] for a, b in merges]},
    }


def subword_tokenizer(texts):
    words = []
    for t in texts:
        for w in t.split():
            chars = list(w)
            words.append([chars[0]] + ["##" + c for c in chars[1:]] if chars else [])
    vocab, merges = learn([w for w in words if w], 400, prefix="##")
    ids = ids_for(vocab, ["[UNK]", "[CLS]", "[SEP]"])
    return {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [added("[UNK]", 0, True), added("[CLS]", 1, True), added("[SEP]", 2, True)],
        "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "Replace", "pattern": {"Regex": "\\s+"}, "content": " "},
            {"type": "Replace", "pattern": {"String": "~"}, "content": "-"}]},
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": "[.,!?]"}, "behavior": "MergedWithNext", "invert": False},
            {"type": "Split", "pattern": {"String": "-"}, "behavior": "Contiguous", "invert": False},
            {"type": "Split", "pattern": {"Regex": "\\p{N}+"}, "behavior": "MergedWithPrevious", "invert": False},
            {"type": "Whitespace"}]},
        "post_processor": {"type": "BertProcessing", "sep": ["[SEP]", 2], "cls": ["[CLS]", 1]},
        "decoder": {"type": "Sequence", "decoders": [
            {"type": "Replace", "pattern": {"String": "##"}, "content": ""},
            {"type": "Strip", "content": " ", "start": 0, "stop": 1}]},
        "model": {"type": "BPE", "dropout": None, "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "end_of_word_suffix": None, "fuse_unk": True, "byte_fallback": False,
                  "vocab": ids, "merges": [a + " " + b for a, b in merges]},
    }


def split_tokenizer(texts):
    words = []
    for t in texts:
        for w in t.split():
            words.append(list(w))
    vocab, merges = learn(words, 300)
    ids = ids_for(vocab, ["<unk>"])
    return {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": [added("<unk>", 0, True)],
        "normalizer": None,
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": "[가-힣]+"}, "behavior": "Removed", "invert": True},
            {"type": "WhitespaceSplit"}]},
        "post_processor": None,
        "decoder": None,
        "model": {"type": "BPE", "dropout": None, "unk_token": "<unk>", "fuse_unk": False, "byte_fallback": False,
                  "vocab": ids, "merges": [a + " " + b for a, b in merges]},
    }


def main() -> None:
    *inputs, out_dir = sys.argv[1:]
    texts = []
    for path in inputs:
        with open(path, encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for line in f if line.strip()]
    sample = texts[::7][:300]
    os.makedirs(out_dir, exist_ok=True)
    for name, make in [("metaspace", metaspace_tokenizer), ("bytelevel", bytelevel_tokenizer),
                       ("subword", subword_tokenizer), ("split", split_tokenizer)]:
        with open(os.path.join(out_dir, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(make(sample), f, ensure_ascii=False)


if __name__ == "__main__":
    main()
