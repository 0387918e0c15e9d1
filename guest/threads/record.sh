#!/usr/bin/env bash
# Runs the natively built threads programs (guest/build/threads, from guest/threads/build.sh) and
# records what they did into test/fixtures/threads/<name>.json:
#   {"status": N, "stderr": "...", "stdout": "..."}
# status is the exit code, or 128 + the signal number when the program was killed by one.
# Each program runs with the environment PATH=/usr/bin:/bin LC_ALL=C only, stdin from /dev/null,
# the working directory /, an 8 MiB stack limit and no core dumps. Benchmarks (bench_*), programs
# that never end natively (deadlock*) and the data files next to the programs are not recorded.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
ulimit -c 0
ulimit -s 8192
exec python3 - "$root" <<'PY'
import json, os, subprocess, sys

root = sys.argv[1]
build = os.path.join(root, "guest", "build", "threads")
fixtures = os.path.join(root, "test", "fixtures", "threads")
os.makedirs(fixtures, exist_ok=True)
count = 0
for fn in sorted(os.listdir(build)):
    path = os.path.join(build, fn)
    if fn.endswith((".tmp", ".txt", ".bin", ".sh")) or fn.startswith(("bench_", "deadlock")) or not os.access(path, os.X_OK):
        continue
    p = subprocess.run(["env", "-i", "PATH=/usr/bin:/bin", "LC_ALL=C", path], stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd="/", timeout=120)
    status = p.returncode if p.returncode >= 0 else 128 - p.returncode
    rec = {"status": status, "stderr": p.stderr.decode("utf-8"), "stdout": p.stdout.decode("utf-8")}
    text = json.dumps(rec, indent=2, sort_keys=True, ensure_ascii=True) + "\n"
    with open(os.path.join(fixtures, fn + ".json"), "w", encoding="ascii", newline="\n") as f:
        f.write(text)
    count += 1
print(f"recorded {count} fixtures under test/fixtures/threads")
PY
