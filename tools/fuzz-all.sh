#!/usr/bin/env bash
# Runs every libFuzzer target for SECONDS each (default 600) on its seed corpus, one after the other, keeping new
# corpus entries in build-fuzz/corpus/<target> and crash/timeout/leak reproducers in build-fuzz/artifacts/.
# Build first: CXX=clang++ cmake -S tests/fuzz -B build-fuzz && cmake --build build-fuzz -j2
# Usage: bash tools/fuzz-all.sh [SECONDS]
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
declare -A seeds=([fuzz_corpus]=corpus [fuzz_json_two_parts]=corpus [fuzz_refine]=text [fuzz_prompt_style]=style
                  [fuzz_annotations]=annotations [fuzz_tokenizer]=tokenizer [fuzz_chat_template]=chat_template
                  [fuzz_model_files]=model_files [fuzz_run_json]=run_json)
status=0
mkdir -p build-fuzz/artifacts
for target in fuzz_corpus fuzz_json_two_parts fuzz_refine fuzz_prompt_style fuzz_annotations fuzz_tokenizer fuzz_chat_template \
              fuzz_model_files fuzz_run_json; do
  corpus=build-fuzz/corpus/$target
  mkdir -p "$corpus"
  echo "== $target: ${seconds}s"
  if ! ./build-fuzz/$target -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix=build-fuzz/artifacts/$target- "$corpus" "tests/fuzz/seeds/${seeds[$target]}" \
       > "build-fuzz/$target.log" 2>&1; then
    echo "   FAILED: see build-fuzz/$target.log and build-fuzz/artifacts/"
    status=1
  fi
  grep -E "stat::number_of_executed_units|stat::new_units_added" "build-fuzz/$target.log" | sed 's/^/   /'
done
exit $status
