#!/usr/bin/env bash
# Builds every guest/threads/*.c into guest/build/threads/:
#   <name>       gcc -static -O1 -pthread
#   <name>.musl  musl-gcc -static -O1   (only when musl-gcc is on PATH)
# bench_* programs are benchmarks (bench/run.ts), not tests. An output newer than its source is
# not rebuilt. Environment: CC (default gcc), MUSL_CC (default musl-gcc).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(cd "$here/.." && pwd)/build/threads"
mkdir -p "$out"
cc="${CC:-gcc}"
musl_cc="${MUSL_CC:-musl-gcc}"
have_musl=0
if command -v "$musl_cc" >/dev/null 2>&1; then have_musl=1; else echo "threads: $musl_cc not found, skipping musl builds" >&2; fi
build() {
  local compiler="$1" src="$2" target="$3"
  if [ "$target" -nt "$src" ]; then return; fi
  echo "  CC  threads/$(basename "$target")"
  "$compiler" -static -O1 -pthread -Wall -o "$target.tmp" "$src"
  mv -f "$target.tmp" "$target"
}
for src in "$here"/*.c; do
  name="$(basename "$src" .c)"
  build "$cc" "$src" "$out/$name"
  case "$name" in bench_*) continue ;; esac
  if [ "$have_musl" = 1 ]; then build "$musl_cc" "$src" "$out/$name.musl"; fi
done
