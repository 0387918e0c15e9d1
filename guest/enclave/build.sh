#!/usr/bin/env bash
# Builds the test enclave twice from the same objects:
#   guest/build/enclave/test_enclave.so        TCS.NSSA = 1
#   guest/build/enclave/test_enclave_nssa2.so  TCS.NSSA = 2 (the enclave handles its own exceptions)
# The images are linked at 0 with enclave.lds.S (run through cpp) and must contain no relocation
# at all; the build fails otherwise. Skips everything when the outputs are newer than every input.
# Environment: CC (default gcc); ENCLAVE_OUT_DIR (default guest/build/enclave);
# ENCLAVE_EXTRA_SOURCES (space-separated .c/.S files linked into both images; forces a rebuild).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
out_dir="${ENCLAVE_OUT_DIR:-$(cd "$here/.." && pwd)/build/enclave}"
CC="${CC:-gcc}"
read -r -a extra_sources <<<"${ENCLAVE_EXTRA_SOURCES:-}"

sources=("$here/entry.S" "$here/faults.S" "$here/enclave.c" "$here/libc.c")
inputs=("${sources[@]}" "$here/enclave.lds.S" "$here/enclave_layout.h" "$here/enclave_abi.h"
	"$here/enclu_layout.h" "$here/build.sh")
variants=(1 2)

output_for() {
	if [ "$1" = 1 ]; then echo "$out_dir/test_enclave.so"; else echo "$out_dir/test_enclave_nssa$1.so"; fi
}

up_to_date() {
	[ "${#extra_sources[@]}" -eq 0 ] || return 1
	local v out f
	for v in "${variants[@]}"; do
		out="$(output_for "$v")"
		[ -f "$out" ] || return 1
		for f in "${inputs[@]}"; do
			[ "$f" -nt "$out" ] && return 1
		done
	done
	return 0
}

if up_to_date; then
	exit 0
fi

mkdir -p "$out_dir"
work="$(mktemp -d "$out_dir/.build.XXXXXX")"
trap 'rm -rf "$work"' EXIT

cflags=(-ffreestanding -nostdlib -static-pie -fPIE -fno-stack-protector -mno-red-zone -O2
	-mgeneral-regs-only -fno-asynchronous-unwind-tables -fno-unwind-tables -fcf-protection=none
	-std=gnu11 -Wall -Wextra -I"$here")

objects=()
for src in "${sources[@]}" "${extra_sources[@]}"; do
	obj="$work/$(basename "$src").o"
	extra=()
	[ "$(basename "$src")" = libc.c ] && extra=(-fno-tree-loop-distribute-patterns)
	"$CC" "${cflags[@]}" "${extra[@]}" -c -o "$obj" "$src"
	objects+=("$obj")
done

for v in "${variants[@]}"; do
	out="$(output_for "$v")"
	lds="$work/enclave.nssa$v.lds"
	"$CC" -E -P -undef -x c -D__ASSEMBLER__ -DENCLAVE_NSSA="$v" -I"$here" -o "$lds" "$here/enclave.lds.S"
	tmp="$work/$(basename "$out")"
	"$CC" "${cflags[@]}" \
		-Wl,-T,"$lds" \
		-Wl,--build-id=none \
		-Wl,--no-undefined \
		-Wl,-z,max-page-size=4096 \
		-Wl,-z,norelro \
		-Wl,-z,noexecstack \
		-Wl,--hash-style=gnu \
		-o "$tmp" "${objects[@]}"

	relocs="$(readelf -rW "$tmp")"
	if ! grep -q 'There are no relocations in this file' <<<"$relocs"; then
		echo "enclave: $(basename "$out") has relocations; enclave code must be position-independent without any:" >&2
		echo "$relocs" >&2
		exit 1
	fi
	if readelf -dW "$tmp" | grep -Eq '\((RELA?|RELR|JMPREL|TEXTREL)\)'; then
		echo "enclave: $(basename "$out") has dynamic relocation tags" >&2
		exit 1
	fi

	chmod 0644 "$tmp"
	mv -f "$tmp" "$out"
done
