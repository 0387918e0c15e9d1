/*
 * vdso_probe NAME[@VERSION]...: looks each symbol up in this process's vDSO with sgxlib's lookup,
 * once through DT_GNU_HASH and once through DT_HASH, and prints
 *   NAME gnu=<offset from AT_SYSINFO_EHDR or -> sysv=<...>
 * vdso_probe --dump FILE: writes the vDSO image (its PT_LOAD extent, in whole pages) to FILE.
 * vdso_probe --file IMAGE NAME[@VERSION]...: the same lookups in a vDSO-like image file, mapped
 * as is (its PT_LOAD segments must have p_offset == p_vaddr, as the kernel's and guest/vdso's do).
 * Lets tests compare the lookup with readelf on the real kernel's vDSO and on the project's.
 */
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sgxlib.h"

static void print_offset(const char *label, const void *ehdr, const void *p)
{
	if (p == NULL)
		printf(" %s=-", label);
	else
		printf(" %s=%#lx", label, (unsigned long)((const char *)p - (const char *)ehdr));
}

static int dump(const void *ehdr, const char *file)
{
	const Elf64_Ehdr *eh = ehdr;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)((const char *)ehdr + eh->e_phoff);
	uint64_t first = UINT64_MAX, end = 0;
	unsigned i;
	FILE *f;

	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		if (ph[i].p_vaddr < first)
			first = ph[i].p_vaddr;
		if (ph[i].p_vaddr + ph[i].p_memsz > end)
			end = ph[i].p_vaddr + ph[i].p_memsz;
	}
	if (first == UINT64_MAX) {
		fprintf(stderr, "vdso_probe: the vDSO has no PT_LOAD\n");
		return 1;
	}
	end = (end + 4095) & ~(uint64_t)4095;
	f = fopen(file, "wb");
	if (f == NULL || fwrite(ehdr, 1, end - first, f) != end - first || fclose(f) != 0) {
		perror(file);
		return 1;
	}
	return 0;
}

/* Maps an image file whose segments sit at file offset == link address. */
static const void *map_image(const char *file)
{
	struct stat st;
	const Elf64_Ehdr *eh;
	const Elf64_Phdr *ph;
	void *p;
	unsigned i;
	int fd = open(file, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) != 0 || (size_t)st.st_size < sizeof(Elf64_Ehdr)) {
		perror(file);
		return NULL;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		perror(file);
		return NULL;
	}
	eh = p;
	ph = (const Elf64_Phdr *)((const char *)p + eh->e_phoff);
	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && (ph[i].p_offset != ph[i].p_vaddr || ph[i].p_offset + ph[i].p_filesz > (uint64_t)st.st_size)) {
			fprintf(stderr, "vdso_probe: %s: PT_LOAD %u is not at file offset == address\n", file, i);
			return NULL;
		}
	}
	return p;
}

int main(int argc, char **argv)
{
	const void *ehdr = (const void *)getauxval(AT_SYSINFO_EHDR);
	int i, first = 1;

	if (argc >= 3 && strcmp(argv[1], "--file") == 0) {
		ehdr = map_image(argv[2]);
		if (ehdr == NULL)
			return 1;
		first = 3;
	} else if (ehdr == NULL) {
		fprintf(stderr, "vdso_probe: no AT_SYSINFO_EHDR\n");
		return 2;
	} else if (argc == 3 && strcmp(argv[1], "--dump") == 0) {
		return dump(ehdr, argv[2]);
	}
	for (i = first; i < argc; i++) {
		char name[256];
		char *at;
		const char *version = NULL;

		snprintf(name, sizeof(name), "%s", argv[i]);
		at = strchr(name, '@');
		if (at != NULL) {
			*at = 0;
			version = at + 1;
		}
		printf("%s", argv[i]);
		print_offset("gnu", ehdr, sgxlib_vdso_lookup_in(ehdr, name, version, SGXLIB_HASH_GNU));
		print_offset("sysv", ehdr, sgxlib_vdso_lookup_in(ehdr, name, version, SGXLIB_HASH_SYSV));
		printf("\n");
	}
	return 0;
}
