#!/usr/bin/env python3
# Independent reference for `cci refine`: the published 9-rule cleaning written directly from its specification
# with Python's `re` and str methods (as the published system was written), plus the drop/merge step.
# Usage: refine_reference.py IN.json OUT.json
# Note: Python's \w does not count combining marks (Mn/Mc) as word characters while the workbench's spec does;
# the demo corpus has none, so outputs agree byte for byte there.
import json
import re
import sys


def refine_text(t):
    t = t.replace("\n", " ").replace("  ", " ")                         # 1
    t = re.sub(r"(?<!\S)ㅇ{2,}(?!\S)", "응", t)                          # 2
    t = re.sub(r"\.{4,}", "...", t)                                       # 3
    t = re.sub(r"\?{2,}", "??", t)
    t = re.sub(r"[~!><@_/\-\u11A2:;()^]", "", t)                          # 4
    t = re.sub(r"\b안녕\w*", "", t)                                       # 5
    t = re.sub(r"\b반갑습\w*", "", t)
    t = t.replace("name1", "화자1").replace("name2", "화자2")             # 6
    t = re.sub(r"[\u3131-\u314E\u314F-\u3163]+", "", t)                    # 7
    if not re.search(r"[\uAC00-\uD7A3]", t) and re.search(r"[^\w\s]", t):  # 8
        t = ""
    return t.strip()                                                      # 9


def ids_of(u):
    v = u["utterance_id"]
    return v if isinstance(v, list) else [v]


def refine_item(item):
    refs = set(item["input"]["reference_id"])
    kept = []
    for u in item["input"]["conversation"]:
        text = refine_text(str(u["utterance"]))  # the published code reads every utterance with str()
        if text:
            kept.append({"speaker": u["speaker"], "utterance": text, "utterance_id": u["utterance_id"]})
    merged, last_is_ref = [], False
    for u in kept:
        is_ref = any(i in refs for i in ids_of(u))
        if merged and merged[-1]["speaker"] == u["speaker"] and not is_ref and not last_is_ref:
            merged[-1]["utterance"] += " " + u["utterance"]
            merged[-1]["utterance_id"] = ids_of(merged[-1]) + ids_of(u)
        else:
            merged.append(dict(u))
        last_is_ref = is_ref
    merged = [u for u in merged if u["utterance"].strip()]
    out = json.loads(json.dumps(item))
    out["input"]["conversation"] = merged
    return out


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        data = json.load(f)
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump([refine_item(x) for x in data], f, ensure_ascii=False, indent=4)


if __name__ == "__main__":
    main()
