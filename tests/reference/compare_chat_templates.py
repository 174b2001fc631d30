#!/usr/bin/env python3
"""Chat-template conformance: `cci template` against transformers' apply_chat_template (Jinja2 - the engine users'
models really run; PyPI, run with the oracle environment's python) on the same templates and message lists.
Templates: the real chat_template strings of Llama-3, Qwen-3 and Gemma-3 (../shared/tokenizers), the workbench's
built-in templates, and tests/data/templates/*.jinja. Cases: short conversations with and without a system
message and a generation prompt, conversations that make templates raise, and demo prompts in two styles. The
special tokens are the ones cci resolves for the template (`cci template --show-source`), passed as
apply_chat_template's keyword arguments (an empty one is left out: the template sees it undefined).
Model folders as transformers 5 saves them (chat_template.jinja, additional_chat_templates/NAME.jinja, and the older
tokenizer_config.json forms) are read by `cci template FOLDER[#NAME]` and by AutoTokenizer.from_pretrained, and
rendered with template keyword arguments (`--template-kwargs`, apply_chat_template(**kwargs)).
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
    tokens = {k: info[k] for k in ("bos_token", "eos_token", "unk_token", "pad_token") if info[k]}
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


def compare_cases(label, ours_text, reference, failures):
    """Adds to `failures` where cci's lines differ from the reference's outcomes; returns the renders compared."""
    ours = {r["id"]: r for r in map(json.loads, filter(None, ours_text.split("\n")))}
    if all("error" in r for r in reference.values()):
        failures.append(f"{label}: the reference raised an error on every case (a broken test template?)")
    for key, ref in reference.items():
        mine = ours[key]
        if ("error" in ref) != ("error" in mine):
            failures.append(f"{label} {key}: reference {'raised ' + ref['error'] if 'error' in ref else 'rendered'}, "
                            f"ours {'raised ' + mine['error'] if 'error' in mine else 'rendered'}")
        elif "text" in ref and ref["text"] != mine["text"]:
            a, b = mine["text"], ref["text"]
            at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            failures.append(f"{label} {key}: texts differ at {at}: ours {a[max(0, at - 30):at + 40]!r} "
                            f"reference {b[max(0, at - 30):at + 40]!r}")
    return len(reference)


# A template reading keyword arguments of every JSON type (a dict iterated in its keys' order) and the special
# tokens, which a keyword argument may replace.
KWARGS_TEMPLATE = (
    "{{ bos_token }}{% for m in messages %}<{{ m.role }}>{{ m.content }}{% endfor %}"
    "|think={{ enable_thinking }}|n={{ n | default(1) * 2 }}|x={{ ratio | default(0.5) }}|s={{ label }}"
    "|l={{ items | default([]) | join(',') }}"
    "|d={% for k, v in (opts | default({})).items() %}{{ k }}:{{ v }};{% endfor %}|none={{ nothing is none }}"
    "|undef={{ missing is defined }}|tools={{ tools is none }}|docs={{ documents is none }}"
    "{% if add_generation_prompt %}<assistant>{% endif %}")
KWARGS_SETS = [
    ("", {}),
    ("enable_thinking=false", {"enable_thinking": False}),
    ("enable_thinking=True", {"enable_thinking": True}),
    ('{"enable_thinking": false, "n": 21, "ratio": 0.25, "label": "낮음", "items": [1, "b"], '
     '"opts": {"z": 1, "a": 2}, "nothing": null}',
     {"enable_thinking": False, "n": 21, "ratio": 0.25, "label": "낮음", "items": [1, "b"],
      "opts": {"z": 1, "a": 2}, "nothing": None}),
    ('n=3,label=plain text,items=[1,2],opts={"b":"x,y","a":null},bos_token=<BOS>,nothing=None,ratio=1e-3',
     {"n": 3, "label": "plain text", "items": [1, 2], "opts": {"b": "x,y", "a": None}, "bos_token": "<BOS>",
      "nothing": None, "ratio": 1e-3}),
]


def model_folders(shared, work):
    """[(label, folder, template name or None)]: folders saved by transformers as users' models have them."""
    qwen = transformers.AutoTokenizer.from_pretrained(os.path.join(shared, "qwen3"))
    folders = []
    single = os.path.join(work, "folder_jinja")  # transformers 5: chat_template.jinja, none in tokenizer_config
    qwen.save_pretrained(single)
    folders.append(("chat_template.jinja", single, None))
    several = os.path.join(work, "folder_named")  # a default and additional_chat_templates/NAME.jinja
    qwen.chat_template = {"default": KWARGS_TEMPLATE, "tool_use": "{{ messages | length }}:" + KWARGS_TEMPLATE}
    qwen.save_pretrained(several)
    folders += [("named default", several, None), ("named tool_use", several, "tool_use")]
    no_default = os.path.join(work, "folder_no_default")  # named templates only: no name is an error
    qwen.chat_template = {"rag": "R" + KWARGS_TEMPLATE, "tool_use": "T" + KWARGS_TEMPLATE}
    qwen.save_pretrained(no_default)
    folders += [("no default, rag", no_default, "rag")]
    legacy = os.path.join(work, "folder_config_list")  # the older layout: a named list in tokenizer_config.json
    qwen.chat_template = {"default": "D" + KWARGS_TEMPLATE, "extra": "E" + KWARGS_TEMPLATE}
    qwen.save_pretrained(legacy, save_jinja_files=False)
    folders += [("config list default", legacy, None), ("config list extra", legacy, "extra")]
    # A stale template in tokenizer_config.json beside chat_template.jinja: the file wins, as in transformers.
    stale = os.path.join(work, "folder_stale_config")
    qwen.chat_template = KWARGS_TEMPLATE
    qwen.save_pretrained(stale)
    with open(os.path.join(stale, "tokenizer_config.json"), encoding="utf-8") as f:
        config = json.load(f)
    config["chat_template"] = "STALE {{ messages }}"
    with open(os.path.join(stale, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f)
    folders.append(("file over config", stale, None))
    return folders


def compare_model_folders(cci, shared, work, rows, failures):
    """Every saved folder and template name, under every keyword-argument set, against AutoTokenizer."""
    compared = 0
    for label, folder, name in model_folders(shared, work):
        reference_tokenizer = transformers.AutoTokenizer.from_pretrained(folder)
        spec = folder + ("#" + name if name else "")
        for kwargs_text, kwargs in KWARGS_SETS:
            reference = {}
            for c in rows:
                try:
                    text = reference_tokenizer.apply_chat_template(
                        c["messages"], chat_template=name, tokenize=False,
                        add_generation_prompt=c["add_generation_prompt"], **kwargs)
                    reference[c["id"]] = {"text": text}
                except Exception as e:  # noqa: BLE001 - the template's own errors are expected outcomes
                    reference[c["id"]] = {"error": f"{type(e).__name__}: {e}"}
            args = [cci, "template", spec, "--cases", os.path.join(work, "cases.jsonl")]
            if kwargs_text:
                args += ["--template-kwargs", kwargs_text]
            out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
            compared += compare_cases(f"{label} [{kwargs_text or 'no kwargs'}]", out, reference, failures)
    # Without a name, a folder of named templates and no default is refused by both.
    try:
        transformers.AutoTokenizer.from_pretrained(os.path.join(work, "folder_no_default")).apply_chat_template(
            rows[0]["messages"], tokenize=False)
        failures.append("reference: no error for named templates without a default")
    except ValueError:
        pass
    refused = subprocess.run([cci, "template", os.path.join(work, "folder_no_default"), "--cases",
                              os.path.join(work, "cases.jsonl")], capture_output=True, text=True)
    if refused.returncode == 0 or "#NAME" not in refused.stderr:
        failures.append(f"named templates without a default: cci did not refuse naming FOLDER#NAME: {refused.stderr}")
    return compared


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
        compared += compare_cases(name, out, reference, failures)
    folder_renders = compare_model_folders(cci, shared, work, rows, failures)
    print(f"chat templates: {len(specs)} templates, {compared} renders compared; model folders and keyword "
          f"arguments: {folder_renders} renders compared; {len(failures)} differences")
    for f in failures[:20]:
        print("  " + f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
