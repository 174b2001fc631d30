#!/usr/bin/env python3
"""Chat-template conformance: `cci template` against transformers' apply_chat_template (Jinja2 - the engine users'
models really run; PyPI, run with the oracle environment's python) on the same templates and message lists.
Templates: the real chat_template strings of Llama-3, Qwen-3 and Gemma-3 (../shared/tokenizers), the workbench's
built-in templates, and tests/data/templates/*.jinja. Cases: short conversations with and without a system
message and a generation prompt, conversations that make templates raise, and demo prompts in two styles. The
special tokens are the ones cci resolves for the template (`cci template --show-source`), passed as
apply_chat_template's keyword arguments.
Usage: compare_chat_templates.py CCI DATA_DIR DEMO_FILE WORK_DIR"""
import glob
import json
import os
import subprocess
import sys

import oracles

transformers, tokenizers = oracles.require("transformers", "tokenizers")


def reference_renderer():
    """A transformers tokenizer to call apply_chat_template on (its vocabulary plays no part in rendering)."""
    model = tokenizers.models.WordLevel({"<unk>": 0}, unk_token="<unk>")
    return transformers.PreTrainedTokenizerFast(tokenizer_object=tokenizers.Tokenizer(model))


def render_reference(renderer, source, info, rows):
    """{case id: {"text"} or {"error"}} as apply_chat_template renders (or refuses) each case."""
    tokens = {k: info[k] for k in ("bos_token", "eos_token", "unk_token", "pad_token")}
    out = {}
    for c in rows:
        try:
            text = renderer.apply_chat_template(c["messages"], chat_template=source, tokenize=False,
                                                add_generation_prompt=c["add_generation_prompt"], **tokens)
            out[c["id"]] = {"text": text}
        except Exception as e:  # noqa: BLE001 - any exception the template raises is an expected outcome
            out[c["id"]] = {"error": f"{type(e).__name__}: {e}"}
    return out


def cases(cci, demo_file):
    base = [
        [{"role": "user", "content": "안녕하세요?"}],
        [{"role": "system", "content": "당신은 도우미입니다."}, {"role": "user", "content": "  질문이 있어요!  "}],
        [{"role": "system", "content": "sys"}, {"role": "user", "content": "첫 질문"},
         {"role": "assistant", "content": "<think>\n생각 중\n</think>\n\n답변입니다"},
         {"role": "user", "content": "둘째 질문\n둘째 줄"}],
        [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}, {"role": "user", "content": "c"},
         {"role": "assistant", "content": "d"}, {"role": "user", "content": "e"}],
        [{"role": "user", "content": "연속 1"}, {"role": "user", "content": "연속 2"}],
        [{"role": "user", "content": "특수 <s> </s> <|im_start|> {{ x }} {% y %} \\ \" '"}],
        [{"role": "user", "content": ""}],
        [{"role": "user", "content": "1"}, {"role": "assistant", "content": "2"}, {"role": "user", "content": "3"},
         {"role": "assistant", "content": "4"}, {"role": "user", "content": "5"}, {"role": "assistant", "content": "6"}],
    ]
    for style in ["CustomRef", "SystemRefOfficialTerm"]:
        out = subprocess.run([cci, "prompt", demo_file, "--style", style, "--jsonl"], check=True,
                             capture_output=True, text=True).stdout
        for line in out.split("\n")[:3]:
            if line:
                r = json.loads(line)
                base.append([{"role": "system", "content": r["system"]}, {"role": "user", "content": r["user"]}])
    rows = []
    for i, messages in enumerate(base):
        for gen in (True, False):
            rows.append({"id": f"case{i}_{'gen' if gen else 'nogen'}", "messages": messages, "add_generation_prompt": gen})
    return rows


def main() -> None:
    cci, data_dir, demo_file, work = sys.argv[1:]
    os.makedirs(work, exist_ok=True)
    rows = cases(cci, demo_file)
    cases_path = os.path.join(work, "cases.jsonl")
    with open(cases_path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    shared = oracles.shared_tokenizers()
    specs = [os.path.join(shared, m, "tokenizer_config.json") for m in ("llama3", "qwen3", "gemma3")]
    specs += ["llama2", "chatml", "llama3", "solar"]
    specs += sorted(glob.glob(os.path.join(data_dir, "templates", "*.jinja")))
    failures, compared = [], 0
    renderer = reference_renderer()
    for spec in specs:
        info = json.loads(subprocess.run([cci, "template", spec, "--show-source"], check=True, capture_output=True,
                                         text=True).stdout)
        name = spec if not os.path.exists(spec) else os.sep.join(spec.split(os.sep)[-3:])
        reference = render_reference(renderer, info["source"], info, rows)
        out = subprocess.run([cci, "template", spec, "--cases", cases_path], check=True, capture_output=True,
                             text=True).stdout
        ours = {r["id"]: r for r in map(json.loads, filter(None, out.split("\n")))}
        if all("error" in r for r in reference.values()):
            failures.append(f"{name}: the reference raised an error on every case (a broken test template?)")
        for key, ref in reference.items():
            compared += 1
            mine = ours[key]
            if ("error" in ref) != ("error" in mine):
                failures.append(f"{name} {key}: reference {'raised ' + ref['error'] if 'error' in ref else 'rendered'}, "
                                f"ours {'raised ' + mine['error'] if 'error' in mine else 'rendered'}")
            elif "text" in ref and ref["text"] != mine["text"]:
                a, b = mine["text"], ref["text"]
                at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
                failures.append(f"{name} {key}: texts differ at {at}: ours {a[max(0, at - 30):at + 40]!r} "
                                f"reference {b[max(0, at - 30):at + 40]!r}")
    print(f"chat templates: {len(specs)} templates, {compared} renders compared, {len(failures)} differences")
    for f in failures[:20]:
        print("  " + f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
