#!/usr/bin/env python3
"""Checks that the recorded fixtures of each corpus program agree across
build variants (O0, O2, musl.O2): same stdout, stderr and status.

libc_variant is expected to differ between glibc and musl (it prints only
things the C standard leaves to the library). Exits 1 if anything else
differs. Usage: python3 guest/corpus/compare-variants.py
"""
import json
import os
import sys

EXPECTED_LIBC_DIFFERENCES = {"libc_variant"}

root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
fdir = os.path.join(root, "test", "fixtures", "corpus")
groups = {}
for fn in sorted(os.listdir(fdir)):
    if not fn.endswith(".json"):
        continue
    base = fn[: -len(".json")]
    for v in ("musl.O2", "O0", "O2"):
        if base.endswith("." + v):
            groups.setdefault(base[: -len(v) - 1], {})[v] = json.load(open(os.path.join(fdir, fn)))
            break

bad = 0
for name, vs in sorted(groups.items()):
    ref = vs.get("O2") or next(iter(vs.values()))
    for v, fx in sorted(vs.items()):
        diffs = [k for k in ("stdout", "stderr", "status") if fx[k] != ref[k]]
        if not diffs:
            continue
        if v == "musl.O2" and name in EXPECTED_LIBC_DIFFERENCES:
            print(f"{name}: {v} differs from O2 in {', '.join(diffs)} (expected)")
            continue
        print(f"{name}: {v} differs from O2 in {', '.join(diffs)}")
        bad += 1
    missing = {"O0", "O2", "musl.O2"} - set(vs)
    if missing:
        print(f"{name}: no fixture for {', '.join(sorted(missing))}")
print(f"{len(groups)} programs compared, {bad} unexpected differences")
sys.exit(1 if bad else 0)
