#!/usr/bin/env bash
# Builds the threaded suites with ThreadSanitizer into build/tsan and runs them; any data
# race the sanitizer sees fails the run. OpenMP is left out of this build (TSan cannot see
# libgomp's barriers), so the trainer runs on one thread and only our own threading — the
# training worker, its session, the Inspect engine and the GUI thread — is under test.
#   usage: tests/tsan/run_tsan.sh
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$root/build/tsan
suites=(test_training_worker test_train_screen test_inspect_screen)

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNETWRIGHT_OPENMP=OFF -DNETWRIGHT_BLAS=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=thread -fno-omit-frame-pointer" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" >/dev/null
cmake --build "$build" -j2 --target "${suites[@]}"

export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$here/suppressions.txt"
export QT_QPA_PLATFORM=offscreen
export NETWRIGHT_DATA_DIR=${NETWRIGHT_DATA_DIR:-$root/data}
for suite in "${suites[@]}"; do
  echo "== $suite under ThreadSanitizer"
  "$build/tests/$suite"
done
