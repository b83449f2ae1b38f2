#!/usr/bin/env bash
# Formats the C++ sources (app, core, ui, tests, tools) in place with .clang-format, or with
# --check lists the files that differ from it and fails, changing nothing. Version 14 is the
# one the style was measured with; other versions break some lines differently.
#   usage: scripts/format.sh [--check]
set -euo pipefail
cd "$(dirname "$0")/.."
format=$(command -v clang-format-14 || command -v clang-format || true)
if [ -z "$format" ]; then
  echo "format: clang-format not found (Debian: apt-get install clang-format-14)" >&2
  exit 2
fi
mapfile -t files < <(git ls-files -- 'app/*.cpp' 'app/*.h' 'core/*.cpp' 'core/*.h' 'ui/*.cpp' 'ui/*.h' \
  'tests/*.cpp' 'tests/*.h' 'tools/*.cpp' 'tools/*.h')
if [ "${1:-}" = --check ]; then
  # One run over every file; each difference is reported as FILE:LINE:COLUMN: error.
  if report=$("$format" --dry-run --Werror "${files[@]}" 2>&1); then
    echo "format: all ${#files[@]} files formatted"
    exit 0
  fi
  mapfile -t unformatted < <(grep -E '^[^ :]+:[0-9]+:[0-9]+: error' <<<"$report" | cut -d: -f1 | sort -u)
  printf 'format: not formatted: %s\n' "${unformatted[@]}" >&2
  echo "format: ${#unformatted[@]} of ${#files[@]} files differ; scripts/format.sh formats them" >&2
  exit 1
fi
"$format" -i "${files[@]}"
