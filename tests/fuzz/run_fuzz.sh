#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) into build/fuzz and runs each for
# SECONDS (default 20) on its corpus, build/fuzz/corpus-NAME (seeded from seeds/NAME and
# kept between runs). Exits non-zero when a target finds a crash; the input that caused it
# is left in build/fuzz/artifacts-NAME/.
#   usage: tests/fuzz/run_fuzz.sh [SECONDS]
set -euo pipefail

seconds=${1:-20}
if ! [[ $seconds =~ ^[0-9]+$ ]] || ((seconds < 1)); then
  echo "usage: $0 [SECONDS]  (a whole number of seconds per target, default 20)" >&2
  exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$root/build/fuzz

CC=clang CXX=clang++ cmake -S "$here" -B "$build" -G Ninja >/dev/null
cmake --build "$build" -j2

status=0
for name in fuzz_csv fuzz_idx; do
  corpus=$build/corpus-$name
  artifacts=$build/artifacts-$name
  mkdir -p "$corpus" "$artifacts"
  cp "$here/seeds/$name"/* "$corpus"/
  args=(-max_total_time="$seconds" -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1
        -artifact_prefix="$artifacts/")
  [[ -f $here/$name.dict ]] && args+=(-dict="$here/$name.dict")
  echo "== $name: ${seconds}s on $corpus"
  set +e
  "$build/$name" "${args[@]}" "$corpus" >"$build/$name.log" 2>&1
  rc=$?
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/$name.log" | tail -n 1)
  if ((rc != 0)); then
    status=1
    echo "!! $name found a crash (exit $rc); log: $build/$name.log" >&2
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)|artifact_prefix|Test unit written' "$build/$name.log" >&2 || true
  else
    echo "   $name: ${runs:-?} executions, no crash; corpus now $(ls "$corpus" | wc -l) inputs"
  fi
done
exit $status
