#!/usr/bin/env python3
"""TensorBoard events of `cci train` read back with the tensorboard package (PyPI), as TensorBoard and
`wandb sync --sync-tensorboard` read them, for a run killed (kill -9) one step past a checkpoint and resumed: every
scalar tag's (step, value) series equals metrics.jsonl's numbers (as float32) with each step once - the restart
marker drops the points the first attempt logged past its checkpoint -, and the hparams plugin's session holds
run.json's configuration and ends in success; `cci runs --export-tensorboard` writes the same from metrics.jsonl
alone. Every record's CRC-32C is checked by tensorboard's own reader.
Usage: compare_tensorboard.py CCI DEMO_DIR WORK_DIR"""
import glob
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import time

import oracles

event_accumulator, event_file_loader, plugin_data_pb2 = oracles.require(
    "tensorboard.backend.event_processing.event_accumulator",
    "tensorboard.backend.event_processing.event_file_loader", "tensorboard.plugins.hparams.plugin_data_pb2")

TAGS = {"train": {"loss": "train/loss", "lr": "train/learning_rate", "grad_norm": "train/grad_norm",
                  "tokens_per_s": "train/tokens_per_second", "epoch": "train/epoch", "memory": "system/memory_bytes",
                  "peak_memory": "system/peak_memory_bytes"},
        "dev": {"loss": "dev/loss", "accuracy": "dev/accuracy"}}


def f32(x):
    return struct.unpack("f", struct.pack("f", x))[0]


def expected_series(run):
    series = {}
    with open(os.path.join(run, "metrics.jsonl"), encoding="utf-8") as f:
        for line in f:
            point = json.loads(line)
            for field, tag in TAGS[point["split"]].items():
                if field in point:
                    series.setdefault(tag, []).append((point["step"], f32(point[field])))
    return series


def compare_run(label, run, failures):
    """The accumulated scalars against metrics.jsonl, and the hparams session against run.json."""
    acc = event_accumulator.EventAccumulator(run, size_guidance={event_accumulator.SCALARS: 0})
    acc.Reload()
    expected = expected_series(run)
    ours = {tag: [(e.step, e.value) for e in acc.Scalars(tag)] for tag in acc.Tags()["scalars"]}
    if set(ours) != set(expected):
        failures.append(f"{label}: tags {sorted(ours)}, metrics.jsonl has {sorted(expected)}")
    for tag, points in expected.items():
        if ours.get(tag) != points:
            got = ours.get(tag, [])
            failures.append(f"{label}: {tag} differs: {len(got)} points, metrics.jsonl {len(points)}; first "
                            f"difference {next(((a, b) for a, b in zip(got, points) if a != b), None)}")
    content = acc.PluginTagToContent("hparams")
    with open(os.path.join(run, "run.json"), encoding="utf-8") as f:
        record = json.load(f)
    start = plugin_data_pb2.HParamsPluginData.FromString(content["_hparams_/session_start_info"])
    values = {k: v.WhichOneof("kind") and getattr(v, v.WhichOneof("kind"))
              for k, v in start.session_start_info.hparams.items()}
    for key, value in record["config"].items():
        if isinstance(value, (bool, int, float, str)) and values.get(key) != value:
            failures.append(f"{label}: hparam {key} is {values.get(key)!r}, run.json {value!r}")
    experiment = plugin_data_pb2.HParamsPluginData.FromString(content["_hparams_/experiment"]).experiment
    if [m.name.tag for m in experiment.metric_infos] != ["dev/accuracy", "dev/loss", "train/loss"]:
        failures.append(f"{label}: hparams metrics {[m.name.tag for m in experiment.metric_infos]}")
    end = plugin_data_pb2.HParamsPluginData.FromString(content["_hparams_/session_end_info"])
    if end.session_end_info.status != 1:
        failures.append(f"{label}: the session does not end in success")
    return sum(len(p) for p in expected.values())


def main() -> None:
    cci, demo_dir, work = sys.argv[1:]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    model = os.path.join(work, "model")
    dev = os.path.join(demo_dir, "demo_dev.json")
    subprocess.run([cci, "make-tiny-model", model, "--corpus", dev], check=True, capture_output=True)
    base = [cci, "train", "--model", model, "--train", dev, "--dev", dev, "--lora-r", "2", "--lr", "3e-3",
            "--grad-accum", "4", "--eval-every", "3", "--checkpoint-every", "2", "--quiet"]
    failures, points = [], 0
    # Killed after a checkpoint with steps logged past it, then resumed (the second attempt's file alone is what an
    # uninterrupted run writes; the comparison covers both).
    killed = os.path.join(work, "killed")
    process = subprocess.Popen(base + ["--out", killed, "--epochs", "2"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    metrics = os.path.join(killed, "metrics.jsonl")
    deadline = time.time() + 300
    while time.time() < deadline and process.poll() is None:
        if os.path.exists(metrics):
            with open(metrics, encoding="utf-8") as f:
                steps = [json.loads(l)["step"] for l in f if l.strip() and '"train"' in l]
            if len(steps) >= 5 and steps[-1] % 2 == 1:  # one step past the checkpoint of an even step
                break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    logged = max(steps) if steps else 0
    subprocess.run([cci, "train", "--resume", killed, "--quiet"], check=True, capture_output=True)
    files = sorted(glob.glob(os.path.join(killed, "events.out.tfevents.*")))
    first_steps = [e.step for e in event_file_loader.EventFileLoader(files[0]).Load()
                   if e.HasField("summary") and any(v.tag == "train/loss" for v in e.summary.value)]
    if len(files) != 2 or not first_steps or max(first_steps) != logged:
        failures.append(f"resumed: {len(files)} event files; the first attempt's steps {first_steps}, logged {logged}")
    points += compare_run("resumed", killed, failures)
    # Exported from metrics.jsonl: one file replaces the run's event files.
    out = subprocess.run([cci, "runs", killed, "--export-tensorboard"], check=True, capture_output=True,
                         text=True).stdout.split()
    if sorted(glob.glob(os.path.join(killed, "events.out.tfevents.*"))) != out:
        failures.append(f"export: wrote {out}, the folder holds {glob.glob(os.path.join(killed, 'events.out.*'))}")
    points += compare_run("exported", killed, failures)
    print(f"tensorboard: {points} points compared with metrics.jsonl, {len(failures)} differences")
    for f in failures[:20]:
        print("  " + f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
