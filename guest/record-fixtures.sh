#!/usr/bin/env bash
# Runs the natively built guest programs and records what they did, for
# the emulator tests to compare against.
#
# Inputs:  guest/build/corpus/<name>.<variant>  (variant: O0, O2, musl.O2)
#          guest/build/faults/<name>
#          guest/corpus/args.txt                ("name arg1 arg2 ..." per line)
# Outputs: test/fixtures/corpus/<name>.<variant>.json
#          test/fixtures/faults/<name>.json
#
# Each program runs with:
#   - argv[1..] from args.txt (whitespace-split; none if not listed),
#   - the environment exactly PATH=/usr/bin:/bin and LC_ALL=C (env -i),
#   - stdin from /dev/null, the working directory /, stack limit 8 MiB,
#     no core dumps.
#
# Fixture format (JSON, keys sorted, ASCII only, trailing newline):
#   {
#     "args":   ["arg1", ...],   # argv[1..]; argv[0] is the program path
#     "status": N,               # exit code, or 128 + signal number if killed
#     "stderr": "...",           # exact bytes written to fd 2, as a string
#     "stdout": "..."            # exact bytes written to fd 1, as a string
#   }
# stdout/stderr are stored as JSON strings holding the output decoded as
# UTF-8; recording fails if a program writes bytes that are not valid UTF-8
# (so a string always round-trips to the exact bytes).
#
# Usage: guest/record-fixtures.sh   (build first: guest/corpus/build.sh and
#        guest/faults/build.sh)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
ulimit -c 0 2>/dev/null || true
ulimit -s 8192 2>/dev/null || true
exec python3 - "$root" <<'PY'
import json, os, subprocess, sys

root = sys.argv[1]
build = os.path.join(root, "guest", "build")
fixtures = os.path.join(root, "test", "fixtures")
env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C"}

args_map = {}
with open(os.path.join(root, "guest", "corpus", "args.txt"), encoding="utf-8") as f:
    for line in f:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        args_map[parts[0]] = parts[1:]

def run(path, args):
    # env -i gives the program exactly the environment above
    p = subprocess.run(["env", "-i"] + [k + "=" + v for k, v in env.items()] + [path] + args,
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       cwd="/", timeout=120)
    # env execs the program, so a signal death shows up as a negative code
    status = p.returncode if p.returncode >= 0 else 128 - p.returncode
    out = {"args": args, "status": status}
    for key, data in (("stdout", p.stdout), ("stderr", p.stderr)):
        try:
            out[key] = data.decode("utf-8", errors="strict")
        except UnicodeDecodeError as e:
            sys.exit(f"{path}: {key} is not valid UTF-8 ({e})")
    return out

def write(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=True) + "\n"
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="ascii", newline="\n") as f:
        f.write(text)
    os.replace(tmp, path)

count = 0
corpus_dir = os.path.join(build, "corpus")
variants = ("musl.O2", "O0", "O2")  # longest suffix first
if os.path.isdir(corpus_dir):
    for fn in sorted(os.listdir(corpus_dir)):
        path = os.path.join(corpus_dir, fn)
        if not os.path.isfile(path) or not os.access(path, os.X_OK) or fn.endswith(".tmp"):
            continue
        for v in variants:
            if fn.endswith("." + v):
                name = fn[: -len(v) - 1]
                break
        else:
            continue
        res = run(path, args_map.get(name, []))
        write(os.path.join(fixtures, "corpus", f"{name}.{v}.json"), res)
        count += 1
faults_dir = os.path.join(build, "faults")
if os.path.isdir(faults_dir):
    for fn in sorted(os.listdir(faults_dir)):
        path = os.path.join(faults_dir, fn)
        if not os.path.isfile(path) or not os.access(path, os.X_OK) or fn.endswith(".tmp") or "." in fn:
            continue
        res = run(path, args_map.get(fn, []))
        if res["status"] < 128:
            print(f"warning: fault program {fn} exited with {res['status']} instead of being killed", file=sys.stderr)
        write(os.path.join(fixtures, "faults", f"{fn}.json"), res)
        count += 1
print(f"recorded {count} fixtures under {os.path.relpath(fixtures, root)}")
PY
