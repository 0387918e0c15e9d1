#!/usr/bin/env bash
# Builds the guest vDSO image: guest/build/vdso/vdso.so.
# Skips the link when the output is newer than every input. Fails if the image has any
# relocation or a layout other than one PT_LOAD (R+X) plus PT_DYNAMIC.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
out_dir="$(cd "$here/.." && pwd)/build/vdso"
out="$out_dir/vdso.so"
inputs=("$here/vdso.S" "$here/vdso.lds" "$here/vdso.map" "$here/build.sh")
CC="${CC:-gcc}"

up_to_date() {
  [ -f "$out" ] || return 1
  local f
  for f in "${inputs[@]}"; do
    [ "$f" -nt "$out" ] && return 1
  done
  return 0
}

if up_to_date; then
  exit 0
fi

mkdir -p "$out_dir"
tmp="$(mktemp "$out_dir/.vdso.so.XXXXXX")"
trap 'rm -f "$tmp"' EXIT

"$CC" -shared -nostdlib -fPIC \
  -Wa,--noexecstack \
  -Wl,--hash-style=both \
  -Wl,-T,"$here/vdso.lds" \
  -Wl,--version-script,"$here/vdso.map" \
  -Wl,-soname,linux-vdso.so.1 \
  -Wl,--build-id=none \
  -Wl,--no-undefined \
  -Wl,-z,max-page-size=4096 \
  -Wl,-z,norelro \
  -o "$tmp" "$here/vdso.S"

relocs="$(readelf -rW "$tmp")"
if ! grep -q 'There are no relocations in this file' <<<"$relocs"; then
  echo "vdso: the image has relocations:" >&2
  echo "$relocs" >&2
  exit 1
fi

segments="$(readelf -lW "$tmp" | awk '$1 ~ /^(LOAD|DYNAMIC|NOTE|INTERP|TLS|PHDR|GNU_[A-Z_]+)$/ { print $1 }' | sort | tr '\n' ' ')"
if [ "$segments" != "DYNAMIC LOAD " ]; then
  echo "vdso: unexpected program headers: $segments" >&2
  exit 1
fi

chmod 0644 "$tmp"
mv -f "$tmp" "$out"
trap - EXIT
