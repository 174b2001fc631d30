"""The token ids of prompts exactly as cci builds them, for the Python-side checks and benchmarks: the chat text of
each item from `cci prompt --model --jsonl`, tokenized by `cci tokenize --no-special` (the template writes the
special tokens itself, as apply_chat_template does)."""
import json
import os
import subprocess


def prompt_texts(cci, corpus, model, style="CustomRef"):
    """[(item id, chat text with the generation prompt)] in corpus order."""
    out = subprocess.run([cci, "prompt", corpus, "--style", style, "--model", model, "--jsonl"], check=True,
                         capture_output=True, text=True).stdout
    return [(r["id"], r["text"]) for r in map(json.loads, filter(None, out.split("\n")))]


def token_ids(cci, model, texts, work):
    """The ids of each (key, text) under the model's tokenizer, without added special tokens, in order."""
    path = os.path.join(work, "texts.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for key, text in texts:
            f.write(json.dumps({"id": key, "text": text}, ensure_ascii=False) + "\n")
    out = subprocess.run([cci, "tokenize", "--tokenizer", model, "--jsonl", path, "--no-special"], check=True,
                         capture_output=True, text=True).stdout
    return [json.loads(line)["ids"] for line in filter(None, out.split("\n"))]


def benchmark_setup(cci, demo, prefix, model_args, split, items):
    """A work folder with a random model made by `cci make-tiny-model MODEL_ARGS` over the demo corpus's characters
    and the first `items` items of a demo split. Returns (work, model folder, data file, items)."""
    import tempfile
    work = tempfile.mkdtemp(prefix=prefix)
    model = os.path.join(work, "model")
    corpora = [os.path.join(demo, f"demo_{s}.json") for s in ("train", "dev", "test")]
    subprocess.run([cci, "make-tiny-model", model] + model_args + sum((["--corpus", c] for c in corpora), []),
                   check=True, capture_output=True)
    data = os.path.join(work, f"{split}.json")
    chosen = json.load(open(os.path.join(demo, f"demo_{split}.json"), encoding="utf-8"))[:items]
    json.dump(chosen, open(data, "w", encoding="utf-8"), ensure_ascii=False)
    return work, model, data, chosen
