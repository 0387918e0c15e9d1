/*
 * Finding a symbol in the vDSO the kernel mapped at AT_SYSINFO_EHDR, the way a dynamic linker
 * does: program headers -> PT_DYNAMIC -> DT_SYMTAB/DT_STRTAB and a hash table (DT_GNU_HASH or
 * DT_HASH), with DT_VERSYM/DT_VERDEF for the symbol version. The vDSO is never relocated, so its
 * DT_* addresses are link-time addresses: add the load bias (where the image is minus where the
 * PT_LOAD that starts at file offset 0 was linked).
 */
#include <elf.h>
#include <stddef.h>
#include <string.h>
#include <sys/auxv.h>

#include "sgxlib.h"

/* Bits 14:0 of a DT_VERSYM entry are the version index; bit 15 marks a hidden version. */
#define VERSYM_INDEX_MASK 0x7fff

struct dso {
	uintptr_t bias;
	const Elf64_Sym *symtab;
	const char *strtab;
	const uint32_t *sysv_hash;
	const uint32_t *gnu_hash;
	const uint16_t *versym;
	const Elf64_Verdef *verdef;
};

/* The SysV ELF hash (System V ABI, "Hash Table"). */
static uint32_t sysv_hash(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	uint32_t h = 0, high;

	while (*p != 0) {
		h = (h << 4) + *p++;
		high = h & 0xf0000000u;
		if (high != 0)
			h ^= high >> 24;
		h &= ~high;
	}
	return h;
}

/* The GNU hash: h = h * 33 + c, from 5381. */
static uint32_t gnu_hash(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	uint32_t h = 5381;

	while (*p != 0)
		h = h * 33 + *p++;
	return h;
}

static int open_dso(const void *ehdr, struct dso *d)
{
	const Elf64_Ehdr *eh = ehdr;
	const Elf64_Phdr *ph;
	const Elf64_Dyn *dyn = NULL;
	int have_bias = 0;
	unsigned i;

	memset(d, 0, sizeof(*d));
	if (eh == NULL || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_phentsize != sizeof(Elf64_Phdr))
		return -1;
	ph = (const Elf64_Phdr *)((uintptr_t)ehdr + eh->e_phoff);
	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && ph[i].p_offset == 0 && !have_bias) {
			d->bias = (uintptr_t)ehdr - ph[i].p_vaddr;
			have_bias = 1;
		}
	}
	if (!have_bias)
		return -1;
	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_DYNAMIC)
			dyn = (const Elf64_Dyn *)(d->bias + ph[i].p_vaddr);
	}
	if (dyn == NULL)
		return -1;
	for (; dyn->d_tag != DT_NULL; dyn++) {
		uintptr_t p = d->bias + dyn->d_un.d_ptr;

		switch (dyn->d_tag) {
		case DT_SYMTAB:
			d->symtab = (const Elf64_Sym *)p;
			break;
		case DT_STRTAB:
			d->strtab = (const char *)p;
			break;
		case DT_HASH:
			d->sysv_hash = (const uint32_t *)p;
			break;
		case DT_GNU_HASH:
			d->gnu_hash = (const uint32_t *)p;
			break;
		case DT_VERSYM:
			d->versym = (const uint16_t *)p;
			break;
		case DT_VERDEF:
			d->verdef = (const Elf64_Verdef *)p;
			break;
		default:
			break;
		}
	}
	return d->symtab != NULL && d->strtab != NULL ? 0 : -1;
}

/* The name of version index `index` in the version definitions. */
static const char *version_name(const struct dso *d, uint16_t index)
{
	const Elf64_Verdef *vd = d->verdef;

	while (vd != NULL) {
		if ((vd->vd_flags & VER_FLG_BASE) == 0 && (vd->vd_ndx & VERSYM_INDEX_MASK) == index) {
			const Elf64_Verdaux *aux = (const Elf64_Verdaux *)((uintptr_t)vd + vd->vd_aux);

			return d->strtab + aux->vda_name;
		}
		if (vd->vd_next == 0)
			break;
		vd = (const Elf64_Verdef *)((uintptr_t)vd + vd->vd_next);
	}
	return NULL;
}

static int symbol_matches(const struct dso *d, uint32_t index, const char *name, const char *version)
{
	const Elf64_Sym *sym = &d->symtab[index];
	unsigned type = ELF64_ST_TYPE(sym->st_info);
	unsigned bind = ELF64_ST_BIND(sym->st_info);

	if (sym->st_shndx == SHN_UNDEF || (type != STT_FUNC && type != STT_OBJECT && type != STT_NOTYPE) ||
	    (bind != STB_GLOBAL && bind != STB_WEAK) || strcmp(d->strtab + sym->st_name, name) != 0)
		return 0;
	if (version != NULL && d->versym != NULL && d->verdef != NULL) {
		const char *v = version_name(d, d->versym[index] & VERSYM_INDEX_MASK);

		if (v == NULL || strcmp(v, version) != 0)
			return 0;
	}
	return 1;
}

static uint32_t lookup_sysv(const struct dso *d, const char *name, const char *version)
{
	uint32_t nbucket = d->sysv_hash[0];
	const uint32_t *bucket = &d->sysv_hash[2];
	const uint32_t *chain = &bucket[nbucket];
	uint32_t i;

	if (nbucket == 0)
		return 0;
	for (i = bucket[sysv_hash(name) % nbucket]; i != STN_UNDEF; i = chain[i]) {
		if (symbol_matches(d, i, name, version))
			return i;
	}
	return 0;
}

static uint32_t lookup_gnu(const struct dso *d, const char *name, const char *version)
{
	uint32_t nbuckets = d->gnu_hash[0];
	uint32_t symoffset = d->gnu_hash[1];
	uint32_t bloom_size = d->gnu_hash[2];
	uint32_t bloom_shift = d->gnu_hash[3];
	const uint64_t *bloom = (const uint64_t *)&d->gnu_hash[4];
	const uint32_t *buckets = (const uint32_t *)&bloom[bloom_size];
	const uint32_t *chain = &buckets[nbuckets];
	uint32_t h = gnu_hash(name);
	uint64_t word, mask;
	uint32_t i;

	if (nbuckets == 0 || bloom_size == 0)
		return 0;
	word = bloom[(h / 64) % bloom_size];
	mask = (1ULL << (h % 64)) | (1ULL << ((h >> bloom_shift) % 64));
	if ((word & mask) != mask)
		return 0;
	i = buckets[h % nbuckets];
	if (i < symoffset)
		return 0;
	for (;; i++) {
		uint32_t ch = chain[i - symoffset];

		if ((ch | 1) == (h | 1) && symbol_matches(d, i, name, version))
			return i;
		if (ch & 1)
			return 0;
	}
}

void *sgxlib_vdso_lookup_in(const void *ehdr, const char *name, const char *version, enum sgxlib_hash how)
{
	struct dso d;
	uint32_t index = 0;

	if (open_dso(ehdr, &d) != 0)
		return NULL;
	if (how == SGXLIB_HASH_ANY)
		how = d.gnu_hash != NULL ? SGXLIB_HASH_GNU : SGXLIB_HASH_SYSV;
	if (how == SGXLIB_HASH_GNU && d.gnu_hash != NULL)
		index = lookup_gnu(&d, name, version);
	else if (how == SGXLIB_HASH_SYSV && d.sysv_hash != NULL)
		index = lookup_sysv(&d, name, version);
	if (index == 0)
		return NULL;
	return (void *)(d.bias + d.symtab[index].st_value);
}

void *sgxlib_vdso_lookup(const char *name, const char *version)
{
	const void *ehdr = (const void *)getauxval(AT_SYSINFO_EHDR);

	return ehdr != NULL ? sgxlib_vdso_lookup_in(ehdr, name, version, SGXLIB_HASH_ANY) : NULL;
}

vdso_sgx_enter_enclave_t sgxlib_vdso_sgx_enter_enclave(void)
{
	return (vdso_sgx_enter_enclave_t)sgxlib_vdso_lookup(SGX_VDSO_ENTER_ENCLAVE, SGX_VDSO_VERSION);
}
