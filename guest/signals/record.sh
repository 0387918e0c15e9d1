#!/usr/bin/env bash
# Runs the natively built signal programs (guest/build/signals, from guest/signals/build.sh) and
# records what they did into test/fixtures/signals/<name>.json:
#   {"status": N, "stderr": "...", "stdout": "..."}
# status is the exit code, or 128 + the signal number when the program was killed by one.
# Each program runs with the environment PATH=/usr/bin:/bin LC_ALL=C only, stdin from /dev/null,
# the working directory /, an 8 MiB stack limit and no core dumps. deadlock* programs never end
# natively and are not recorded (test/kernel/signals.test.ts checks them under enclu only).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
ulimit -c 0
ulimit -s 8192
exec python3 - "$root" <<'PY'
import json, os, subprocess, sys

root = sys.argv[1]
build = os.path.join(root, "guest", "build", "signals")
fixtures = os.path.join(root, "test", "fixtures", "signals")
os.makedirs(fixtures, exist_ok=True)
count = 0
for fn in sorted(os.listdir(build)):
    path = os.path.join(build, fn)
    if fn.endswith(".tmp") or fn.startswith("deadlock") or not os.access(path, os.X_OK):
        continue
    p = subprocess.run(["env", "-i", "PATH=/usr/bin:/bin", "LC_ALL=C", path], stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd="/", timeout=60)
    status = p.returncode if p.returncode >= 0 else 128 - p.returncode
    rec = {"status": status, "stderr": p.stderr.decode("utf-8"), "stdout": p.stdout.decode("utf-8")}
    text = json.dumps(rec, indent=2, sort_keys=True, ensure_ascii=True) + "\n"
    with open(os.path.join(fixtures, fn + ".json"), "w", encoding="ascii", newline="\n") as f:
        f.write(text)
    count += 1
print(f"recorded {count} fixtures under test/fixtures/signals")
PY
