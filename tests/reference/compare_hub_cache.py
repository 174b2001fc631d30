#!/usr/bin/env python3
"""Hub model ids resolved from the local Hugging Face cache: a cache laid out as huggingface_hub documents it
(blobs/, snapshots/COMMIT/ with links into blobs, refs/BRANCH_OR_TAG) holding two commits of one model, each with
its own chat template. For every revision asked (the default main, a tag, a commit hash) and every way the cache
folder is set (HF_HUB_CACHE, HF_HOME, XDG_CACHE_HOME), `cci prompt --model ORG/NAME [--revision R]` must use the
snapshot huggingface_hub's snapshot_download(local_files_only=True) returns, and render what
transformers' AutoTokenizer.from_pretrained(ORG/NAME, revision=R) renders from the cache. A revision or model that is
not cached is refused by both; cci names the `hf download` command.
Usage: compare_hub_cache.py CCI DEMO_DIR WORK_DIR"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

import oracles

os.environ["HF_HUB_OFFLINE"] = "1"  # before huggingface_hub is imported: nothing may be fetched
hub, transformers = oracles.require("huggingface_hub", "transformers")

REPO = "cci-test/tiny-chat"
COMMITS = {"1" * 40: "[v1]{% for m in messages %}<{{ m.role }}>{{ m.content }}{% endfor %}",
           "2" * 40: "[v2]{% for m in messages %}({{ m.role }}){{ m.content }}{% endfor %}"}


def add_snapshot(repo_folder, commit, files):
    """Stores each file as a blob named by its hash and links it from snapshots/COMMIT, as huggingface_hub does."""
    for name, data in files.items():
        blob = hashlib.sha256(data).hexdigest()
        os.makedirs(os.path.join(repo_folder, "blobs"), exist_ok=True)
        with open(os.path.join(repo_folder, "blobs", blob), "wb") as f:
            f.write(data)
        link = os.path.join(repo_folder, "snapshots", commit, name)
        os.makedirs(os.path.dirname(link), exist_ok=True)
        os.symlink(os.path.relpath(os.path.join(repo_folder, "blobs", blob), os.path.dirname(link)), link)


def make_cache(cache, tokenizer_json):
    repo_folder = os.path.join(cache, "models--" + REPO.replace("/", "--"))
    for commit, template in COMMITS.items():
        config = {"bos_token": "<s>", "eos_token": "</s>", "tokenizer_class": "PreTrainedTokenizerFast"}
        add_snapshot(repo_folder, commit, {"tokenizer.json": tokenizer_json, "chat_template.jinja": template.encode(),
                                           "tokenizer_config.json": json.dumps(config).encode(),
                                           "config.json": json.dumps({"model_type": "llama"}).encode()})
    os.makedirs(os.path.join(repo_folder, "refs"), exist_ok=True)
    for ref, commit in (("main", "2" * 40), ("v1", "1" * 40)):
        with open(os.path.join(repo_folder, "refs", ref), "w") as f:
            f.write(commit)


def cci_resolve(cci, corpus, env, revision):
    args = [cci, "prompt", corpus, "--style", "Baseline", "--model", REPO, "--jsonl"]
    if revision:
        args += ["--revision", revision]
    r = subprocess.run(args, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        return None, None, r.stderr
    folder = re.search(r"\): (.*)$", r.stderr.splitlines()[0]).group(1)
    return folder, json.loads(r.stdout.splitlines()[0])["text"], r.stderr


def main() -> None:
    cci, demo_dir, work = sys.argv[1:]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    with open(os.path.join(oracles.shared_tokenizers("llama3"), "tokenizer.json"), "rb") as f:
        tokenizer_json = f.read()
    corpus = os.path.join(demo_dir, "demo_dev.json")
    first = json.loads(subprocess.run([cci, "prompt", corpus, "--style", "Baseline", "--jsonl"], check=True,
                                      capture_output=True, text=True).stdout.splitlines()[0])
    messages = [{"role": "user", "content": first["user"]}]
    if first["system"]:
        messages.insert(0, {"role": "system", "content": first["system"]})
    layouts = {  # how users point huggingface_hub at a cache, and the cache folder that follows
        "HF_HUB_CACHE": ({"HF_HUB_CACHE": os.path.join(work, "a")}, os.path.join(work, "a")),
        "HF_HOME": ({"HF_HOME": os.path.join(work, "b")}, os.path.join(work, "b", "hub")),
        "XDG_CACHE_HOME": ({"XDG_CACHE_HOME": os.path.join(work, "c")}, os.path.join(work, "c", "huggingface", "hub")),
    }
    failures, checked = [], 0
    base_env = {k: v for k, v in os.environ.items()
                if k not in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "HF_HOME", "XDG_CACHE_HOME")}
    base_env["HF_HUB_OFFLINE"] = "1"
    for label, (variables, cache) in layouts.items():
        make_cache(cache, tokenizer_json)
        env = dict(base_env, **variables)
        for revision in (None, "main", "v1", "1" * 40, "2" * 40):
            checked += 1
            where = f"{label} revision {revision or '(default)'}"
            expected = hub.snapshot_download(REPO, revision=revision, cache_dir=cache, local_files_only=True)
            folder, text, err = cci_resolve(cci, corpus, env, revision)
            if folder is None:
                failures.append(f"{where}: cci failed: {err.strip()}")
                continue
            if os.path.realpath(folder) != os.path.realpath(expected):
                failures.append(f"{where}: cci used {folder}, huggingface_hub {expected}")
            tokenizer = transformers.AutoTokenizer.from_pretrained(REPO, revision=revision, cache_dir=cache,
                                                                   local_files_only=True)
            reference = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
            if reference != text:
                failures.append(f"{where}: transformers renders {reference[:40]!r}, cci {text[:40]!r}")
        # Not cached: both refuse; cci names the download command.
        for revision, command in (("v9", f"hf download {REPO} --revision v9"), ("3" * 40, "hf download")):
            checked += 1
            try:
                hub.snapshot_download(REPO, revision=revision, cache_dir=cache, local_files_only=True)
                failures.append(f"{label} {revision}: huggingface_hub found a snapshot that is not there")
            except Exception:  # noqa: BLE001 - LocalEntryNotFoundError and its kin
                pass
            folder, _, err = cci_resolve(cci, corpus, env, revision)
            if folder is not None or command not in err:
                failures.append(f"{label} {revision}: cci did not refuse naming `{command}`: {err.strip()}")
    print(f"hub cache: {checked} resolutions compared with huggingface_hub and transformers, {len(failures)} "
          f"differences")
    for f in failures[:20]:
        print("  " + f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
