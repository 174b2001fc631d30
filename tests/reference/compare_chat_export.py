#!/usr/bin/env python3
"""`cci prompt --export chat-jsonl` read by the tools it is for: the lines load with `datasets` (as TRL,
LLaMA-Factory and Axolotl load JSON lines), every row is conversational for TRL, the assistant message is the gold
"{letter}. {inference}" read here from the corpus itself, and the system and user messages rendered by transformers'
apply_chat_template (Qwen-3's real template saved by transformers 5, enable_thinking=False) are exactly the chat text
`cci prompt --model --template-kwargs` shows - what cci scores. TRL's own apply_chat_template formats every row.
Usage: compare_chat_export.py CCI DEMO_DIR WORK_DIR"""
import json
import os
import subprocess
import sys

import oracles

transformers, datasets, trl_data = oracles.require("transformers", "datasets", "trl.data_utils")


def main() -> None:
    cci, demo_dir, work = sys.argv[1:]
    os.makedirs(work, exist_ok=True)
    model = os.path.join(work, "qwen3-saved")
    tokenizer = transformers.AutoTokenizer.from_pretrained(oracles.shared_tokenizers("qwen3"))
    tokenizer.save_pretrained(model)  # chat_template.jinja, as transformers 5 writes every model folder
    tokenizer = transformers.AutoTokenizer.from_pretrained(model)
    failures, rows_checked = [], 0
    for split, style in (("demo_train.json", "CustomRef"), ("demo_test.json", "SystemRefOfficialTerm")):
        corpus_file = os.path.join(demo_dir, split)
        out = os.path.join(work, split.replace(".json", ".chat.jsonl"))
        subprocess.run([cci, "prompt", corpus_file, "--style", style, "--export", "chat-jsonl", "-o", out],
                       check=True, capture_output=True)
        shown = subprocess.run([cci, "prompt", corpus_file, "--style", style, "--model", model,
                                "--template-kwargs", "enable_thinking=false", "--jsonl"],
                               check=True, capture_output=True, text=True).stdout
        texts = [json.loads(line)["text"] for line in shown.splitlines() if line]
        with open(corpus_file, encoding="utf-8") as f:
            items = json.load(f)
        rows = datasets.load_dataset("json", data_files=out, split="train")
        if len(rows) != len(items) or len(texts) != len(items):
            failures.append(f"{split}: {len(rows)} exported rows, {len(texts)} shown, {len(items)} items")
            continue
        for i, (row, item, text) in enumerate(zip(rows, items, texts)):
            rows_checked += 1
            where = f"{split} item {item['id']}"
            messages = row["messages"]
            if not trl_data.is_conversational(row):
                failures.append(f"{where}: TRL does not see a conversation")
            gold = item.get("output", "")
            if gold:
                index = int(gold[-1]) - 1
                expected = f"{'ABC'[index]}. {item['input'][gold]}"
                if messages[-1] != {"role": "assistant", "content": expected}:
                    failures.append(f"{where}: assistant message {messages[-1]!r}, expected {expected!r}")
                prompt = messages[:-1]
            else:
                if messages[-1]["role"] != "user":
                    failures.append(f"{where}: no answer, yet the last message is {messages[-1]['role']}")
                prompt = messages
            rendered = tokenizer.apply_chat_template(prompt, tokenize=False, add_generation_prompt=True,
                                                     enable_thinking=False)
            if rendered != text:
                at = next((k for k, (x, y) in enumerate(zip(rendered, text)) if x != y), min(len(rendered), len(text)))
                failures.append(f"{where}: transformers renders {rendered[at - 20:at + 30]!r}, cci shows "
                                f"{text[at - 20:at + 30]!r}")
            formatted = trl_data.apply_chat_template(row, tokenizer)
            if not formatted.get("text", "").startswith(rendered[: len(rendered) // 2]):
                failures.append(f"{where}: TRL's formatting does not start with the prompt")
    print(f"chat-jsonl export: {rows_checked} rows checked, {len(failures)} problems")
    for f in failures[:20]:
        print("  " + f)
    sys.exit(1 if failures or rows_checked == 0 else 0)


if __name__ == "__main__":
    main()
