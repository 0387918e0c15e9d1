/*
 * The vDSO image mapped into every guest process (AT_SYSINFO_EHDR).
 *
 * For now it exports no function that glibc looks up (__vdso_clock_gettime, __vdso_gettimeofday,
 * __vdso_time, __vdso_getcpu, __vdso_clock_getres), so glibc falls back to real system calls.
 * It only carries a version marker so that the symbol table, hash tables and LINUX_2.6 version
 * definition exist and can be checked.
 *
 * Rules for anything added here: position-independent code only, no data that needs a
 * relocation (no absolute addresses, no GOT), no writable data, no .eh_frame. The kernel maps the
 * bytes unchanged at an arbitrary page-aligned address.
 */

	.section .rodata, "a", @progbits
	.balign 4
	.globl __vdso_enclu_image_version
	.type __vdso_enclu_image_version, @object
	.size __vdso_enclu_image_version, 4
__vdso_enclu_image_version:
	.long 1

	/* Code goes here; it is empty until the first real vDSO function. */
	.text

	/* No executable stack request. */
	.section .note.GNU-stack, "", @progbits
