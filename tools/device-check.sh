#!/usr/bin/env bash
# The prepared GPU check: on a lent GPU machine (torch, transformers, peft, cmake and nvcc installed; no Qt, ICU or
# nlohmann-json headers and no network), within about 8 minutes:
#   1. builds `cci` headless against that machine's PyTorch wheel (ICU and nlohmann-json carried in
#      build-device-deps/, made here by tools/device-bundle.sh);
#   2. CPU-vs-CUDA: the same model's A/B/C probabilities within bf16 tolerance;
#   3. a LoRA and a QLoRA training run on CUDA: the loss falls, and a run stopped with SIGTERM resumes to the end;
#   4. the benchmark against the Hugging Face stack on the same GPU and the same random Llama checkpoint of SOLAR
#      width (hidden 4096, 32/8 heads, intermediate 14336, vocabulary 32000; CCI_CHECK_LAYERS layers, 8 = ~2B
#      parameters) on ~1,024-token items: LoRA and QLoRA training tokens/s and peak memory against transformers +
#      PEFT (+ bitsandbytes when installed), scoring items/s against the published loop and batched transformers.
# Everything goes to $OUT (the device tool's output folder) or device-check/: results.json, log.txt.
#
# On this machine (from the device tool): bash tools/device-bundle.sh, then
#   run(command="bash tools/device-check.sh", carry=["build-device-deps"], timeout_s=600)
# A CPU dry run of the whole script with small sizes (checks the plumbing, not the GPU):
#   CCI_CHECK_DEVICE=cpu CCI_CCI=build-cuda/app/cli/cci CCI_PYTHON=~/.cache/cci-workbench/pyenv/bin/python \
#   bash tools/device-check.sh
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=${OUT:-$root/device-check}
mkdir -p "$out"
work=$(mktemp -d /tmp/cci-device-check.XXXXXX)
device=${CCI_CHECK_DEVICE:-cuda}
python=${CCI_PYTHON:-python3}
results=$out/results.json
log=$out/log.txt
: >"$log"
steps=tools/device/check_steps.py
failures=0
started=$(date +%s)

say() { echo "[$(($(date +%s) - started)) s] $*" | tee -a "$log"; }
record() { "$python" "$steps" merge "$results" "$1" "$2"; }
fail() {
  say "FAIL: $*"
  failures=$((failures + 1))
  record "failure_$failures" "$(printf '%s' "$*" | "$python" -c 'import json,sys; print(json.dumps(sys.stdin.read()))')"
}

if [[ $device == cpu ]]; then
  # Dry run: small sizes, so that every step runs in a few minutes on a CPU.
  hidden=${CCI_CHECK_HIDDEN:-256} heads=8 kv=2 intermediate=${CCI_CHECK_INTERMEDIATE:-688} vocab=2000
  layers=${CCI_CHECK_LAYERS:-2} seq=1024 items=6 train_steps=3 train_file=resources/demo/demo_dev.json
else
  hidden=4096 heads=32 kv=8 intermediate=14336 vocab=32000 layers=${CCI_CHECK_LAYERS:-6} seq=1024 items=40 train_steps=12
  train_file=resources/demo/demo_train.json
fi
echo '{}' >"$results"
record started "\"$(date -u +%FT%TZ)\""
record sizes "{\"hidden\": $hidden, \"heads\": $heads, \"kv_heads\": $kv, \"intermediate\": $intermediate, \"vocab\": $vocab, \"layers\": $layers, \"seq_length\": $seq}"

# --- 1. build -------------------------------------------------------------------------------------------------------
cci=${CCI_CCI:-}
if [[ -z $cci ]]; then
  say "building cci against $("$python" -c 'import torch; print(torch.__version__)')"
  prefix=$("$python" -c 'import torch; print(torch.utils.cmake_prefix_path)')
  torchlib=$(cd "$prefix/../../lib" && pwd)
  generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  nvcc=$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)
  arch=$("$python" -c 'import torch; c = torch.cuda.get_device_capability() if torch.cuda.is_available() else (9, 0); print("%d.%d" % c)')
  if ! cmake -S . -B build-device "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DCCI_WITH_QT=OFF \
      -DCCI_BUILD_TESTS=OFF -DCCI_BUILD_BENCHMARKS=OFF -DCCI_WITH_SENTENCEPIECE=OFF \
      "-DCMAKE_PREFIX_PATH=$prefix;$root/build-device-deps" -DTORCH_LIBRARY="$torchlib/libtorch.so" \
      -Dc10_LIBRARY="$torchlib/libc10.so" -DCMAKE_CUDA_COMPILER="$nvcc" -DCMAKE_CUDA_STANDARD=17 \
      -DTORCH_CUDA_ARCH_LIST="$arch" >>"$log" 2>&1 ||
     ! cmake --build build-device --target cci -j "$(nproc)" >>"$log" 2>&1; then
    fail "the build failed (log.txt)"
    tail -40 "$log"
    exit 1
  fi
  cci=$root/build-device/app/cli/cci
fi
cci=$(realpath "$cci")
export LD_LIBRARY_PATH=$root/build-device-deps/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
say "cci: $cci"
"$cci" doctor >"$out/doctor.txt" 2>&1
cat "$out/doctor.txt" >>"$log"
record doctor "$("$python" -c 'import json,sys; print(json.dumps(open(sys.argv[1]).read()))' "$out/doctor.txt")"
record build_seconds "$(($(date +%s) - started))"

# --- 2. CPU vs CUDA logits ------------------------------------------------------------------------------------------
say "CPU vs $device logits"
small=$work/small
"$cci" make-tiny-model "$small" --corpus resources/demo/demo_train.json --hidden 256 --layers 4 --heads 8 \
  --kv-heads 2 --intermediate 688 >>"$log" 2>&1 || fail "make-tiny-model (small)"
"$cci" predict --model "$small" --data resources/demo/demo_dev.json -o "$work/cpu.json" --device cpu --quiet 2>>"$log" ||
  fail "predict on the CPU"
"$cci" predict --model "$small" --data resources/demo/demo_dev.json -o "$work/dev.json" --device "$device" --quiet 2>>"$log" ||
  fail "predict on $device"
if comparison=$("$python" "$steps" compare-probs "$work/cpu.probs.json" "$work/dev.probs.json" 0.02); then
  record cpu_vs_device_logits "$comparison"
else
  record cpu_vs_device_logits "$comparison"
  fail "CPU and $device probabilities differ beyond bf16 tolerance: $comparison"
fi

# --- 3. LoRA and QLoRA training on the device, with a SIGTERM and a resume --------------------------------------------
train_and_resume() {  # NAME EXTRA-FLAGS...
  local name=$1
  shift
  local run=$work/$name
  local args=(train --model "$small" --train "$train_file" --dev resources/demo/demo_dev.json
              --epochs 2 --grad-accum 8 --lr 5e-3 --warmup 2 --device "$device" --checkpoint-every 4 --quiet "$@")
  "$cci" "${args[@]}" --out "$run" 2>>"$log" || { fail "$name training"; return; }
  record "$name" "$("$python" "$steps" train-summary "$run")"
  "$python" -c 'import json,sys; s=json.loads(sys.argv[1]); sys.exit(0 if s["loss_fell"] and s["status"]=="finished" else 1)' \
    "$("$python" "$steps" train-summary "$run")" || fail "$name: the loss did not fall or the run did not finish"
  # Stopped part-way by SIGTERM (a checkpoint is written), then resumed to the end.
  "$cci" "${args[@]}" --out "$run-stopped" 2>>"$log" &
  local pid=$! waited=0
  while [[ $(cat "$run-stopped/metrics.jsonl" 2>/dev/null | wc -l) -lt 3 && $waited -lt 3000 ]] && kill -0 $pid 2>/dev/null; do
    sleep 0.02
    waited=$((waited + 1))
  done
  kill -TERM $pid 2>/dev/null
  wait $pid
  if grep -q '"status": "finished"' "$run-stopped/run.json" 2>/dev/null; then
    record "${name}_resumed" '"not checked: the run finished before SIGTERM arrived"'
    return
  fi
  "$cci" train --resume "$run-stopped" --quiet 2>>"$log" || { fail "$name: resume failed"; return; }
  record "${name}_resumed" "$("$python" "$steps" train-summary "$run-stopped")"
}
say "LoRA training on $device"
train_and_resume lora
say "QLoRA training on $device"
train_and_resume qlora --load_in_4bit

# --- 4. benchmark against transformers + PEFT on a SOLAR-width random checkpoint ------------------------------------
say "benchmark model: hidden $hidden, $layers layers, vocabulary $vocab"
big=$work/solar-width
"$cci" make-tiny-model "$big" --corpus resources/demo/demo_train.json --hidden "$hidden" --layers "$layers" \
  --heads "$heads" --kv-heads "$kv" --intermediate "$intermediate" --vocab "$vocab" --dtype bfloat16 \
  --max-positions 4096 >>"$log" 2>&1 || fail "make-tiny-model (benchmark)"
# Items of about $seq prompt tokens (the vocabulary is characters): measure the style's overhead once, then size
# the conversations to fill the rest.
"$python" "$steps" long-corpus resources/demo/demo_train.json "$work/long.json" $((seq / 2)) "$items"
"$cci" prompt "$work/long.json" --style CustomRef --model "$big" --jsonl >"$work/prompts.jsonl" 2>>"$log"
overhead=$("$python" "$steps" mean-text-length "$work/prompts.jsonl" $((seq / 2)))
"$python" "$steps" long-corpus resources/demo/demo_train.json "$work/long.json" $((seq - overhead)) "$items"
"$cci" prompt "$work/long.json" --style CustomRef --model "$big" --jsonl >"$work/prompts.jsonl" 2>>"$log"
mean_prompt=$("$python" "$steps" mean-text-length "$work/prompts.jsonl" 0)
record mean_prompt_characters "$mean_prompt"

bench_train() {  # NAME EXTRA-FLAGS...
  local name=$1
  shift
  "$cci" train --model "$big" --train "$work/long.json" --out "$work/bench-$name" --epochs 1 --grad-accum 1 \
    --max-seq-length $((mean_prompt + 256)) --lora-r 16 --lora-dropout 0 --device "$device" --checkpoint-every 0 --quiet "$@" \
    2>>"$log" || { fail "cci $name benchmark run"; return; }
  record "cci_$name" "$("$python" "$steps" train-summary "$work/bench-$name" 3)"
}
say "cci LoRA / QLoRA training benchmark"
bench_train lora
bench_train qlora --load_in_4bit
say "cci scoring benchmark"
"$cci" predict --model "$big" --data "$work/long.json" -o "$work/bench-pred.json" --device "$device" --batch 8 \
  --quiet 2>"$work/predict.err" || fail "cci scoring benchmark"
cat "$work/predict.err" >>"$log"
record cci_scoring_items_per_s "$("$python" "$steps" items-per-s "$work/predict.err")"

say "transformers + PEFT benchmark"
if "$python" tools/device/bench_hf.py "$big" "$work/prompts.jsonl" --device "$device" --seq-length 0 \
    --train-steps "$train_steps" --qlora >"$work/hf.json" 2>>"$log"; then
  record hf "$work/hf.json"
else
  fail "the transformers benchmark failed (log.txt)"
fi

# Ratios against the targets of the issue: LoRA >= 1.0x transformers + PEFT tokens/s at <= its peak memory; QLoRA
# >= 0.8x bitsandbytes; scoring >= 3x the published loop and >= 1.0x batched transformers.
"$python" - "$results" <<'EOF'
import json, sys
path = sys.argv[1]
r = json.load(open(path))
ratios = {}
hf = r.get("hf", {})
def ratio(a, b):
    return a / b if a and b else None
for name in ("lora", "qlora"):
    ours, theirs = r.get("cci_" + name, {}), hf.get(name, {})
    if "tokens_per_s" in ours and "tokens_per_s" in theirs:
        ratios[name + "_tokens_per_s"] = ratio(ours["tokens_per_s"], theirs["tokens_per_s"])
        ratios[name + "_peak_memory"] = ratio(ours.get("cuda_peak_memory"), theirs.get("peak_memory"))
scoring = hf.get("scoring", {})
ours = r.get("cci_scoring_items_per_s")
ratios["scoring_vs_published_loop"] = ratio(ours, scoring.get("published_loop_items_per_s"))
ratios["scoring_vs_batched_transformers"] = ratio(ours, scoring.get("batched_items_per_s"))
r["ratios"] = ratios
r["targets"] = {"lora_tokens_per_s": ">= 1.0", "lora_peak_memory": "<= 1.0", "qlora_tokens_per_s": ">= 0.8",
                "qlora_peak_memory": "<= 1.0", "scoring_vs_published_loop": ">= 3", "scoring_vs_batched_transformers": ">= 1.0"}
json.dump(r, open(path, "w"), indent=2)
print(json.dumps(ratios, indent=2))
EOF
record seconds "$(($(date +%s) - started))"
record failures "$failures"
rm -rf "$work"
say "done: $failures failure(s); $results"
[[ $failures -eq 0 ]]
