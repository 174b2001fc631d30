#!/usr/bin/env python3
# Generates the bundled demo corpus (resources/demo/demo_{train,dev,test}.json) from the synthetic scenarios in
# demo_scenarios.py: balanced categories, 11-30 turns, and the chat noise the refinement rules target.
# Deterministic: the same script always writes the same files.  Usage: tools/make_demo_corpus.py [OUT_DIR]
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from demo_scenarios import CLOSINGS, OPENINGS, SCENARIOS, SMALL_TALK  # noqa: E402

CATEGORIES = ["원인", "후행사건", "전제", "동기", "반응"]
SPLITS = [("train", 150, 11), ("dev", 40, 22), ("test", 40, 33)]
SYMBOL_ONLY = ["^^", ":)", "~~", "ㅇㅇ", "ㅇㅇㅇ", "?!", "ㅋㅋㅋ", "ㅠㅠ"]


def add_noise(text, rng):
    r = rng.random()
    if r < 0.12:
        text += rng.choice([" ㅋㅋ", "ㅋㅋㅋ", " ㅠㅠ", "ㅎㅎ", "~", "!!"])
    elif r < 0.18:
        text = text.replace(" ", "  ", 1)
    elif r < 0.22 and " " in text:
        text = text.replace(" ", "\n", 1)
    elif r < 0.27:
        text += rng.choice(["....", "......", "???", "?? ㅠ", " ^^"])
    elif r < 0.30:
        text = rng.choice(["아 ", "음 ", "근데 "]) + text
    return text


def build_lines(scenario, rng):
    lines = []
    if rng.random() < 0.8:
        lines += rng.choice(OPENINGS)
    for _ in range(rng.randint(0, 3)):
        lines += rng.choice(SMALL_TALK)
    key_pos = len(lines) + scenario["key"]
    second_pos = len(lines) + scenario["second"]
    lines += scenario["core"]
    for _ in range(rng.randint(0, 2)):
        lines += rng.choice(SMALL_TALK)
    if rng.random() < 0.6:
        lines += rng.choice(CLOSINGS)
    # Speakers of the inserted blocks are fixed per block; the key facts stay with the scenario's speakers.
    return lines, key_pos, second_pos


def make_item(split, number, category, scenario_index, rng):
    scenario = SCENARIOS[scenario_index]
    lines, key_pos, second_pos = build_lines(scenario, rng)
    conv, ids = [], []
    uid = f"DEMO{split[:2].upper()}{number:05d}.1."
    key_id = second_id = None
    for pos, (speaker, text) in enumerate(lines):
        noisy = add_noise(text, rng) if pos not in (key_pos,) or rng.random() < 0.3 else text
        pieces = [noisy]
        # Sometimes a speaker sends one thought as two messages in a row.
        if rng.random() < 0.12 and " " in noisy.strip() and pos not in (key_pos, second_pos):
            cut = noisy.index(" ", len(noisy) // 3) if " " in noisy[len(noisy) // 3:] else noisy.index(" ")
            pieces = [noisy[:cut], noisy[cut + 1:]]
        for piece in pieces:
            utt_id = uid + str(len(conv) + 1)
            conv.append({"speaker": speaker, "utterance": piece, "utterance_id": utt_id})
            if pos == key_pos and key_id is None:
                key_id = utt_id
            if pos == second_pos and second_id is None:
                second_id = utt_id
        if rng.random() < 0.06:
            conv.append({"speaker": speaker, "utterance": rng.choice(SYMBOL_ONLY),
                         "utterance_id": uid + str(len(conv) + 1)})
    while len(conv) > 30:  # trim small talk at the end, never the scenario
        conv.pop()
    while len(conv) < 11:
        speaker = 3 - conv[-1]["speaker"]
        conv.append({"speaker": speaker, "utterance": rng.choice(["ㅋㅋㅋ 그러게", "응응", "맞아~"]),
                     "utterance_id": uid + str(len(conv) + 1)})
    refs = [key_id]
    if rng.random() < 0.25 and second_id is not None and second_id != key_id:
        refs.append(second_id)
        refs.sort(key=lambda r: int(r.rsplit(".", 1)[1]))
    correct, wrong1, wrong2 = scenario["inf"][category]
    options = [correct, wrong1, wrong2]
    rng.shuffle(options)
    gold = options.index(correct)
    return {
        "id": f"cci-demo-{split}-{number:06d}",
        "input": {
            "conversation": conv,
            "reference_id": refs,
            "category": category,
            "inference_1": options[0],
            "inference_2": options[1],
            "inference_3": options[2],
        },
        "output": "" if split == "test" else f"inference_{gold + 1}",
    }


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "resources", "demo")
    for split, count, seed in SPLITS:
        rng = random.Random(seed)
        items = []
        for i in range(count):
            category = CATEGORIES[i % len(CATEGORIES)]
            scenario_index = (i * 7 + seed) % len(SCENARIOS)
            items.append(make_item(split, i + 1, category, scenario_index, rng))
        path = os.path.join(out_dir, f"demo_{split}.json")
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(items, f, ensure_ascii=False, indent=4)
        os.replace(path + ".tmp", path)
        print(f"{path}: {len(items)} items")


if __name__ == "__main__":
    main()
