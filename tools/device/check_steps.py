#!/usr/bin/env python3
"""Small steps of tools/device-check.sh that are easier in Python than in bash (standard library only):

  long-corpus IN.json OUT.json CHARS N   items whose conversations are repeated to about CHARS characters
  compare-probs A.probs.json B.probs.json TOLERANCE   largest |p_a - p_b|; exit 1 above TOLERANCE
  train-summary RUN_DIR [SKIP]           loss at the start and end, median tokens/s, CUDA peak memory, status
  items-per-s STDERR_FILE                the items/s `cci predict` reported
  mean-text-length PROMPTS.jsonl BASE    mean characters of the chat texts minus BASE (the style's overhead)
  merge RESULTS.json KEY VALUE.json      sets RESULTS[KEY] = VALUE (a JSON file, or a JSON literal)
"""
import json
import re
import statistics
import sys


def long_corpus(source, target, chars, count):
    items = json.load(open(source, encoding="utf-8"))
    labelled = [i for i in items if i.get("output")]
    out = []
    for item in labelled[:count]:
        conversation = item["input"]["conversation"]
        grown = list(conversation)
        k = 0
        while sum(len(str(u["utterance"])) for u in grown) < chars:
            u = dict(conversation[k % len(conversation)])
            u["utterance_id"] = "%s.r%d" % (u["utterance_id"], k)
            grown.insert(len(grown) - len(conversation), u)  # repeats before the original turns
            k += 1
        copy = json.loads(json.dumps(item))
        copy["input"]["conversation"] = grown
        out.append(copy)
    json.dump(out, open(target, "w", encoding="utf-8"), ensure_ascii=False, indent=1)


def compare_probs(a, b, tolerance):
    x, y = json.load(open(a)), json.load(open(b))
    assert [i["id"] for i in x] == [i["id"] for i in y], "different items"
    worst = max(abs(p - q) for i, j in zip(x, y) for p, q in zip(i["probs"], j["probs"]))
    agree = sum(max(range(3), key=lambda k: i["probs"][k]) == max(range(3), key=lambda k: j["probs"][k])
                for i, j in zip(x, y)) / len(x)
    print(json.dumps({"max_abs_diff": worst, "same_choice": agree, "tolerance": tolerance, "ok": worst <= tolerance}))
    return 0 if worst <= tolerance else 1


def train_summary(run, skip):
    lines = [json.loads(l) for l in open(run + "/metrics.jsonl") if l.strip()]
    train = [l for l in lines if l.get("split") == "train"]
    steady = train[skip:] or train
    first = statistics.mean(l["loss"] for l in train[:3])
    last = statistics.mean(l["loss"] for l in train[-3:])
    status = json.load(open(run + "/run.json")).get("status")
    print(json.dumps({"steps": len(train), "first_loss": first, "last_loss": last, "loss_fell": last < first,
                      "tokens_per_s": statistics.median(l["tokens_per_s"] for l in steady),
                      "cuda_peak_memory": max((l.get("cuda_peak_memory", 0) for l in train), default=0),
                      "status": status}))


def items_per_s(stderr_file):
    text = open(stderr_file, encoding="utf-8", errors="replace").read()
    found = re.findall(r"\(([0-9.e+]+) items/s\)", text)
    if not found:
        sys.exit("no items/s in " + stderr_file + ":\n" + text[-2000:])
    print(found[-1])


def mean_text_length(prompts, base):
    lengths = [len(json.loads(l)["text"]) for l in open(prompts, encoding="utf-8") if l.strip()]
    print(max(0, round(statistics.mean(lengths)) - base))


def merge(results, key, value):
    try:
        data = json.load(open(results))
    except FileNotFoundError:
        data = {}
    try:
        parsed = json.load(open(value))
    except (FileNotFoundError, OSError, json.JSONDecodeError):
        parsed = json.loads(value)
    data[key] = parsed
    json.dump(data, open(results, "w"), indent=2)


def main():
    command, args = sys.argv[1], sys.argv[2:]
    if command == "long-corpus":
        long_corpus(args[0], args[1], int(args[2]), int(args[3]))
    elif command == "compare-probs":
        sys.exit(compare_probs(args[0], args[1], float(args[2])))
    elif command == "train-summary":
        train_summary(args[0], int(args[1]) if len(args) > 1 else 3)
    elif command == "items-per-s":
        items_per_s(args[0])
    elif command == "mean-text-length":
        mean_text_length(args[0], int(args[1]))
    elif command == "merge":
        merge(args[0], args[1], args[2])
    else:
        sys.exit("unknown step " + command)


if __name__ == "__main__":
    main()
