/*
 * hello_enclave [ENCLAVE]: loads the test enclave through the mainline ABI (/dev/sgx_enclave),
 * calls ECALL 0 (add) on its first TCS through __vdso_sgx_enter_enclave and prints the result.
 * ENCLAVE defaults to ../enclave/test_enclave.so next to this program; its SIGSTRUCT is read from
 * ENCLAVE.sigstruct (made by `enclu sign`).
 * Exit status: 0 success, 1 failure, 2 no SGX device on this machine.
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enclave_abi.h"
#include "sgxlib.h"

static const char *default_enclave(const char *argv0, char *buf, size_t size)
{
	char copy[4096];

	snprintf(copy, sizeof(copy), "%s", argv0);
	snprintf(buf, size, "%s/../enclave/test_enclave.so", dirname(copy));
	return buf;
}

int main(int argc, char **argv)
{
	char path_buf[4096];
	const char *path = argc > 1 ? argv[1] : default_enclave(argv[0], path_buf, sizeof(path_buf));
	struct sgxlib_options options = { .abi = SGXLIB_ABI_MAINLINE };
	struct sgxlib_enclave enclave;
	struct sgx_enclave_run run;
	struct enclave_args args;
	vdso_sgx_enter_enclave_t enter;
	int rc;

	rc = sgxlib_load(&enclave, path, &options);
	if (rc == -ENODEV) {
		fprintf(stderr, "hello_enclave: no SGX device: %s\n"
				"hello_enclave: this program needs the mainline SGX driver; run it under enclu\n",
			enclave.error);
		return 2;
	}
	if (rc != 0) {
		fprintf(stderr, "hello_enclave: loading %s failed: %s\n", path, enclave.error);
		return 1;
	}

	enter = sgxlib_vdso_sgx_enter_enclave();
	if (enter == NULL) {
		fprintf(stderr, "hello_enclave: the vDSO has no %s@%s\n", SGX_VDSO_ENTER_ENCLAVE, SGX_VDSO_VERSION);
		sgxlib_unload(&enclave);
		return 1;
	}

	memset(&args, 0, sizeof(args));
	args.in[0] = 40;
	args.in[1] = 2;
	args.status = ~0ULL;
	memset(&run, 0, sizeof(run));
	run.tcs = enclave.tcs[0];

	rc = enter(ENCLAVE_ECALL_ADD, (unsigned long)&args, 0, SGX_ENCLU_EENTER, 0, 0, &run);
	if (rc != 0 || run.function != SGX_ENCLU_EEXIT) {
		fprintf(stderr, "hello_enclave: __vdso_sgx_enter_enclave returned %d, function %u, vector %u, error code %#x, address %#llx\n",
			rc, run.function, run.exception_vector, run.exception_error_code,
			(unsigned long long)run.exception_addr);
		sgxlib_unload(&enclave);
		return 1;
	}
	if (args.status != ENCLAVE_STATUS_OK) {
		fprintf(stderr, "hello_enclave: ECALL 0 returned status %llu\n", (unsigned long long)args.status);
		sgxlib_unload(&enclave);
		return 1;
	}

	printf("hello_enclave: enclave at %#llx (%u TCS), ECALL 0: %llu + %llu = %llu\n",
	       (unsigned long long)enclave.base, enclave.ntcs, (unsigned long long)args.in[0],
	       (unsigned long long)args.in[1], (unsigned long long)args.out[0]);
	sgxlib_unload(&enclave);
	return 0;
}
