#!/usr/bin/env bash
# Builds every guest/procs/*.c into guest/build/procs/:
#   <name>       gcc -static -O1 -pthread
#   <name>.musl  musl-gcc -static -O1   (only when musl-gcc is on PATH)
# plus the files execve.c tries to run: not-executable.txt (mode 644), garbage.bin (mode 755,
# not a program) and script.sh (a "#!" script whose interpreter is the corpus program ret42.O2).
# An output newer than its source is not rebuilt. Environment: CC (default gcc), MUSL_CC
# (default musl-gcc).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build_root="$(cd "$here/.." && pwd)/build"
out="$build_root/procs"
mkdir -p "$out"
cc="${CC:-gcc}"
musl_cc="${MUSL_CC:-musl-gcc}"
have_musl=0
if command -v "$musl_cc" >/dev/null 2>&1; then have_musl=1; else echo "procs: $musl_cc not found, skipping musl builds" >&2; fi
build() {
  local compiler="$1" src="$2" target="$3"
  if [ "$target" -nt "$src" ] && [ "$target" -nt "$here/../threads/kabi.h" ]; then return; fi
  echo "  CC  procs/$(basename "$target")"
  "$compiler" -static -O1 -pthread -Wall -I"$here/../threads" -o "$target.tmp" "$src"
  mv -f "$target.tmp" "$target"
}
for src in "$here"/*.c; do
  name="$(basename "$src" .c)"
  build "$cc" "$src" "$out/$name"
  if [ "$have_musl" = 1 ]; then build "$musl_cc" "$src" "$out/$name.musl"; fi
done
printf 'plain text, not a program\n' > "$out/not-executable.txt"
chmod 644 "$out/not-executable.txt"
printf 'MZ\x90\x00 this is not an ELF file\n' > "$out/garbage.bin"
chmod 755 "$out/garbage.bin"
printf '#!%s/corpus/ret42.O2 interp-arg\n' "$build_root" > "$out/script.sh"
chmod 755 "$out/script.sh"
