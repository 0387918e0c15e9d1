#!/usr/bin/env bash
# Builds the enclave-loading library and its programs into guest/build/sgxlib/:
#   libsgxlib.a     image reading, both SGX ABIs' loaders, vDSO lookup, the RFC entry code
#   hello_enclave   loads test_enclave.so through /dev/sgx_enclave and calls ECALL 0 (static)
#   vdso_probe      looks symbols up in the process's vDSO with the library's lookup (static)
#   enclave_layout  prints the layout note of an image as JSON, as the library reads it (static)
#   sgxsim          runs an enclave image natively, ENCLU stood in for by signal handlers (static)
# Host programs: gcc -static -I guest/sgxlib -I guest/enclave prog.c guest/build/sgxlib/libsgxlib.a
# Each output is rebuilt only when an input is newer. Environment: CC (default gcc).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
guest="$(cd "$here/.." && pwd)"
out_dir="$guest/build/sgxlib"
CC="${CC:-gcc}"
AR="${AR:-ar}"
cflags=(-O2 -g -std=gnu11 -Wall -Wextra -I"$here" -I"$guest/enclave")

headers=("$here"/*.h "$guest/enclave/enclu_layout.h" "$guest/enclave/enclave_abi.h" "$here/build.sh")

# stale OUTPUT INPUT...: true when OUTPUT is missing or older than an input.
stale() {
	local out="$1" f
	shift
	[ -f "$out" ] || return 0
	for f in "$@"; do
		[ "$f" -nt "$out" ] && return 0
	done
	return 1
}

# build OUTPUT COMMAND...: runs COMMAND with "$tmp" as its output, then renames it to OUTPUT.
build() {
	local out="$1" tmp
	shift
	tmp="$out.tmp.$$"
	if ! "$@" -o "$tmp"; then
		rm -f "$tmp"
		exit 1
	fi
	mv -f "$tmp" "$out"
}

mkdir -p "$out_dir"

lib_sources=(image.c load.c vdso.c rfc_enter.S)
objects=()
for src in "${lib_sources[@]}"; do
	obj="$out_dir/${src%.*}.o"
	objects+=("$obj")
	if stale "$obj" "$here/$src" "${headers[@]}"; then
		echo "  CC  sgxlib/$src"
		build "$obj" "$CC" "${cflags[@]}" -c "$here/$src"
	fi
done

lib="$out_dir/libsgxlib.a"
if stale "$lib" "${objects[@]}"; then
	echo "  AR  sgxlib/libsgxlib.a"
	rm -f "$lib.tmp.$$"
	"$AR" rcs "$lib.tmp.$$" "${objects[@]}"
	mv -f "$lib.tmp.$$" "$lib"
fi

for prog in hello_enclave vdso_probe enclave_layout; do
	exe="$out_dir/$prog"
	if stale "$exe" "$here/$prog.c" "$lib" "${headers[@]}"; then
		echo "  LD  sgxlib/$prog"
		build "$exe" "$CC" -static "${cflags[@]}" "$here/$prog.c" "$lib"
	fi
done

# The signal handler of sgxsim runs with the enclave's FS base for a while: no stack protector.
exe="$out_dir/sgxsim"
if stale "$exe" "$here/sgxsim.c" "$here/sgxsim.S" "$lib" "${headers[@]}"; then
	echo "  LD  sgxlib/sgxsim"
	build "$exe" "$CC" -static -fno-stack-protector "${cflags[@]}" "$here/sgxsim.c" "$here/sgxsim.S" "$lib"
fi
