/*
 * Reading an enclave image: the ELF program headers (PT_LOAD for the bytes, PT_NOTE for the
 * layout), never the section headers.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sgxlib.h"

static int fail(char *error, size_t size, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(error, size, fmt, ap);
	va_end(ap);
	return rc;
}

static int read_file(const char *path, uint8_t **bytes, size_t *length, char *error, size_t error_size)
{
	struct stat st;
	uint8_t *buf;
	size_t done = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return fail(error, error_size, -errno, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return fail(error, error_size, -EINVAL, "%s: not a regular file", path);
	}
	buf = malloc(st.st_size > 0 ? (size_t)st.st_size : 1);
	if (buf == NULL) {
		close(fd);
		return fail(error, error_size, -ENOMEM, "%s: out of memory", path);
	}
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + done, (size_t)st.st_size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int rc = n < 0 ? -errno : -EIO;

			free(buf);
			close(fd);
			return fail(error, error_size, rc, "%s: read failed", path);
		}
		done += (size_t)n;
	}
	close(fd);
	*bytes = buf;
	*length = done;
	return 0;
}

static int in_file(size_t file_size, uint64_t offset, uint64_t length)
{
	return offset <= file_size && length <= file_size - offset;
}

/* The descriptor of the "enclu" note of type ENCLU_LAYOUT_NOTE_TYPE in a PT_NOTE segment. */
static const uint8_t *find_layout_note(const uint8_t *file, size_t size, const Elf64_Phdr *ph,
				       unsigned phnum, uint32_t *desc_size)
{
	unsigned i;

	for (i = 0; i < phnum; i++) {
		uint64_t at, end;

		if (ph[i].p_type != PT_NOTE || !in_file(size, ph[i].p_offset, ph[i].p_filesz))
			continue;
		at = ph[i].p_offset;
		end = ph[i].p_offset + ph[i].p_filesz;
		while (end - at >= sizeof(Elf64_Nhdr)) {
			Elf64_Nhdr nh;
			uint64_t name_at, desc_at, next;

			memcpy(&nh, file + at, sizeof(nh));
			name_at = at + sizeof(nh);
			desc_at = name_at + ((nh.n_namesz + 3ULL) & ~3ULL);
			next = desc_at + ((nh.n_descsz + 3ULL) & ~3ULL);
			if (next > end)
				break;
			if (nh.n_type == ENCLU_LAYOUT_NOTE_TYPE && nh.n_namesz == ENCLU_LAYOUT_NOTE_NAMESZ &&
			    memcmp(file + name_at, ENCLU_LAYOUT_NOTE_NAME, ENCLU_LAYOUT_NOTE_NAMESZ) == 0) {
				*desc_size = nh.n_descsz;
				return file + desc_at;
			}
			at = next;
		}
	}
	return NULL;
}

static int check_layout(const struct sgxlib_image *img, const char *path, char *error, size_t error_size)
{
	const struct enclu_layout_header *h = &img->layout;
	uint64_t end = 0;
	unsigned i, tcs_pages = 0;

	if (h->enclave_size < 2 * SGX_PAGE_SIZE || (h->enclave_size & (h->enclave_size - 1)) != 0)
		return fail(error, error_size, -EINVAL, "%s: enclave size %#llx is not a power of two of at least two pages",
			    path, (unsigned long long)h->enclave_size);
	if (h->image_size == 0 || h->image_size > h->enclave_size || h->image_size % SGX_PAGE_SIZE != 0)
		return fail(error, error_size, -EINVAL, "%s: bad image size %#llx", path,
			    (unsigned long long)h->image_size);
	if (h->ssa_frame_size == 0 || h->nssa == 0 || h->ntcs == 0 || h->ntcs > SGXLIB_MAX_TCS)
		return fail(error, error_size, -EINVAL, "%s: bad SSA frame size, NSSA or TCS count", path);

	for (i = 0; i < img->nruns; i++) {
		const struct enclu_layout_run *r = &img->runs[i];
		uint64_t type = (r->secinfo & SGX_SECINFO_PAGE_TYPE_MASK) >> SGX_SECINFO_PAGE_TYPE_SHIFT;

		if (r->size == 0)
			continue;
		if (r->offset % SGX_PAGE_SIZE != 0 || r->size % SGX_PAGE_SIZE != 0 || r->offset < end ||
		    r->offset + r->size > h->image_size)
			return fail(error, error_size, -EINVAL, "%s: run %u [%#llx, +%#llx) is unaligned, unsorted or outside the image",
				    path, i, (unsigned long long)r->offset, (unsigned long long)r->size);
		if (type != SGX_PAGE_TYPE_TCS && type != SGX_PAGE_TYPE_REG)
			return fail(error, error_size, -EINVAL, "%s: run %u has page type %llu", path, i,
				    (unsigned long long)type);
		if ((r->secinfo & ~(SGX_SECINFO_PAGE_TYPE_MASK | SGX_SECINFO_PERMISSION_MASK)) != 0 ||
		    (type == SGX_PAGE_TYPE_TCS && (r->secinfo & SGX_SECINFO_PERMISSION_MASK) != 0) ||
		    ((r->secinfo & SGX_SECINFO_W) && !(r->secinfo & SGX_SECINFO_R)))
			return fail(error, error_size, -EINVAL, "%s: run %u has bad SECINFO flags %#llx", path, i,
				    (unsigned long long)r->secinfo);
		if (type == SGX_PAGE_TYPE_TCS)
			tcs_pages += (unsigned)(r->size / SGX_PAGE_SIZE);
		end = r->offset + r->size;
	}
	if (tcs_pages != h->ntcs)
		return fail(error, error_size, -EINVAL, "%s: %u TCS pages in the runs, %u in the header", path,
			    tcs_pages, h->ntcs);
	return 0;
}

static int covered_by_runs(const struct sgxlib_image *img, uint64_t offset)
{
	unsigned i;

	for (i = 0; i < img->nruns; i++) {
		if (offset >= img->runs[i].offset && offset - img->runs[i].offset < img->runs[i].size)
			return 1;
	}
	return 0;
}

int sgxlib_image_read(struct sgxlib_image *img, const char *path, char *error, size_t error_size)
{
	uint8_t *file = NULL;
	size_t size = 0;
	Elf64_Ehdr eh;
	const Elf64_Phdr *ph;
	const uint8_t *desc;
	uint32_t desc_size = 0;
	unsigned i;
	int rc;

	memset(img, 0, sizeof(*img));
	rc = read_file(path, &file, &size, error, error_size);
	if (rc != 0)
		return rc;

	rc = -EINVAL;
	if (size < sizeof(eh)) {
		fail(error, error_size, rc, "%s: not an ELF file", path);
		goto out;
	}
	memcpy(&eh, file, sizeof(eh));
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB || eh.e_machine != EM_X86_64 ||
	    eh.e_phentsize != sizeof(Elf64_Phdr) || !in_file(size, eh.e_phoff, (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr)) ||
	    eh.e_phoff % 8 != 0) {
		fail(error, error_size, rc, "%s: not an ELF64 x86-64 image", path);
		goto out;
	}
	ph = (const Elf64_Phdr *)(file + eh.e_phoff);

	desc = find_layout_note(file, size, ph, eh.e_phnum, &desc_size);
	if (desc == NULL) {
		fail(error, error_size, rc, "%s: no %s layout note (PT_NOTE, type %d)", path,
		     ENCLU_LAYOUT_NOTE_NAME, ENCLU_LAYOUT_NOTE_TYPE);
		goto out;
	}
	if (desc_size < ENCLU_LAYOUT_HEADER_SIZE) {
		fail(error, error_size, rc, "%s: layout note too short", path);
		goto out;
	}
	memcpy(&img->layout, desc, sizeof(img->layout));
	if (img->layout.version != ENCLU_LAYOUT_VERSION) {
		fail(error, error_size, rc, "%s: layout note version %u, this loader reads %u", path,
		     img->layout.version, ENCLU_LAYOUT_VERSION);
		goto out;
	}
	if (img->layout.nruns > SGXLIB_MAX_RUNS ||
	    desc_size != ENCLU_LAYOUT_HEADER_SIZE + (uint64_t)img->layout.nruns * ENCLU_LAYOUT_RUN_SIZE) {
		fail(error, error_size, rc, "%s: layout note size does not match its %u runs", path, img->layout.nruns);
		goto out;
	}
	img->nruns = img->layout.nruns;
	memcpy(img->runs, desc + ENCLU_LAYOUT_HEADER_SIZE, (size_t)img->nruns * ENCLU_LAYOUT_RUN_SIZE);
	rc = check_layout(img, path, error, error_size);
	if (rc != 0)
		goto out;

	img->pages = aligned_alloc(SGX_PAGE_SIZE, img->layout.image_size);
	if (img->pages == NULL) {
		rc = fail(error, error_size, -ENOMEM, "%s: out of memory", path);
		goto out;
	}
	memset(img->pages, 0, img->layout.image_size);

	rc = -EINVAL;
	for (i = 0; i < eh.e_phnum; i++) {
		uint64_t page;

		if (ph[i].p_type != PT_LOAD)
			continue;
		if (ph[i].p_filesz > ph[i].p_memsz || ph[i].p_vaddr > img->layout.image_size ||
		    ph[i].p_memsz > img->layout.image_size - ph[i].p_vaddr ||
		    !in_file(size, ph[i].p_offset, ph[i].p_filesz)) {
			fail(error, error_size, rc, "%s: PT_LOAD %u lies outside the image described by the layout note", path, i);
			goto out;
		}
		for (page = ph[i].p_vaddr & ~(uint64_t)(SGX_PAGE_SIZE - 1); page < ph[i].p_vaddr + ph[i].p_filesz;
		     page += SGX_PAGE_SIZE) {
			if (!covered_by_runs(img, page)) {
				fail(error, error_size, rc, "%s: PT_LOAD %u has bytes at %#llx, in no page of the layout",
				     path, i, (unsigned long long)page);
				goto out;
			}
		}
		memcpy(img->pages + ph[i].p_vaddr, file + ph[i].p_offset, ph[i].p_filesz);
	}
	rc = 0;
out:
	free(file);
	if (rc != 0)
		sgxlib_image_free(img);
	return rc;
}

void sgxlib_image_free(struct sgxlib_image *img)
{
	free(img->pages);
	img->pages = NULL;
}
