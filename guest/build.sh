#!/usr/bin/env bash
# Builds everything under guest/ that runs inside the emulator.
# Output goes to guest/build/ (not committed). Each part has its own script.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
for part in vdso corpus faults signals threads procs enclave sgxlib; do
  if [ -x "$here/$part/build.sh" ]; then
    "$here/$part/build.sh"
  fi
done
