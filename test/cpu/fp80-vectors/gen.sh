#!/usr/bin/env bash
# Regenerates vectors.json by running the x87 instructions natively.
# Needs an x86-64 host and gcc.  Optional arguments: scale [seed]; the
# committed file is made with no arguments.  A larger set can be checked
# without committing it: FP80_VECTORS=/tmp/big.json npx vitest run test/cpu/fp80.test.ts
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${OUT:-$here/vectors.json}"
bin="$(mktemp -d)/fp80-gen"
gcc -O2 -Wall -Wextra -o "$bin" "$here/gen.c"
"$bin" "$@" > "$out"
rm -f "$bin"
echo "wrote $out ($(wc -c < "$out") bytes)"
