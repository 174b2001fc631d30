#!/usr/bin/env python3
# Generates synthetic prediction files for the demo corpus (resources/demo/predictions/): five imaginary models
# with different accuracies and partly shared mistakes, in the submission format with .probs.json sidecars, for
# the dev split (labelled: accuracy can be measured) and the test split. Deterministic.
# They demonstrate `cci vote`, `cci analyze` and the Ensemble view; they come from no real model.
import json
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO = os.path.join(HERE, "..", "resources", "demo")
MODELS = [("solar-lora-style1", 0.92), ("solar-lora-style2", 0.88), ("solar-qlora-style3", 0.85),
          ("llama3-baseline", 0.78), ("solar-lora-style5", 0.83)]


def hidden_gold(item, rng):
    # Test items carry no gold; the demo models still need a "truth" to be right or wrong about.
    if item["output"]:
        return int(item["output"][-1]) - 1
    return rng.randrange(3)


def main():
    out_dir = os.path.join(DEMO, "predictions")
    os.makedirs(out_dir, exist_ok=True)
    for split in ("dev", "test"):
        with open(os.path.join(DEMO, f"demo_{split}.json"), encoding="utf-8") as f:
            items = json.load(f)
        rng = random.Random(99)
        truth = [hidden_gold(x, rng) for x in items]
        hard = [rng.random() for _ in items]  # shared difficulty: hard items fool several models
        for m, (name, acc) in enumerate(MODELS):
            mr = random.Random(1000 + m * 17 + len(split))
            preds, probs = [], []
            for i, item in enumerate(items):
                p_right = acc + (0.25 if hard[i] > 0.3 else -0.6) * (1 - acc) * 1.5
                right = mr.random() < max(0.05, min(0.995, p_right))
                wrong = [k for k in range(3) if k != truth[i]]
                answer = truth[i] if right else wrong[(i + (1 if hard[i] > 0.8 else m)) % 2]
                logits = [mr.gauss(0, 0.6) for _ in range(3)]
                logits[answer] += 2.0 + mr.random()
                z = sum(math.exp(x) for x in logits)
                probs.append({"id": item["id"], "probs": [round(math.exp(x) / z, 6) for x in logits]})
                out = json.loads(json.dumps(item))
                out["output"] = f"inference_{answer + 1}"
                preds.append(out)
            stem = os.path.join(out_dir, f"{name}_{split}")
            with open(stem + ".json", "w", encoding="utf-8") as f:
                json.dump(preds, f, ensure_ascii=False, indent=4)
            with open(stem + ".probs.json", "w", encoding="utf-8") as f:
                json.dump(probs, f, ensure_ascii=False, indent=4)
            print(stem)


if __name__ == "__main__":
    main()
