/* Creating an enclave from an image, through /dev/sgx_enclave (mainline) or /dev/sgx (RFC). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sgxlib.h"

_Static_assert(offsetof(struct sgx_secs, attributes) == 48, "SECS.ATTRIBUTES");
_Static_assert(offsetof(struct sgx_secs, isv_prod_id) == 256, "SECS.ISVPRODID");
_Static_assert(offsetof(struct sgx_enclave_run, user_data) == 32, "sgx_enclave_run.user_data");

static int fail(struct sgxlib_enclave *e, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->error, sizeof(e->error), fmt, ap);
	va_end(ap);
	return rc;
}

static int errno_is_missing_device(int err)
{
	return err == ENOENT || err == ENODEV || err == ENXIO;
}

static int prot_of(uint64_t secinfo)
{
	uint64_t type = (secinfo & SGX_SECINFO_PAGE_TYPE_MASK) >> SGX_SECINFO_PAGE_TYPE_SHIFT;
	int prot = 0;

	/* The kernel maps TCS pages read/write whatever their (zero) SECINFO permissions. */
	if (type == SGX_PAGE_TYPE_TCS)
		return PROT_READ | PROT_WRITE;
	if (secinfo & SGX_SECINFO_R)
		prot |= PROT_READ;
	if (secinfo & SGX_SECINFO_W)
		prot |= PROT_WRITE;
	if (secinfo & SGX_SECINFO_X)
		prot |= PROT_EXEC;
	return prot;
}

static int read_sigstruct(struct sgxlib_enclave *e, const char *path, uint8_t *sigstruct)
{
	size_t done = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return fail(e, -errno, "%s: %s (sign the enclave first: enclu sign)", path, strerror(errno));
	while (done < SGX_SIGSTRUCT_SIZE) {
		ssize_t n = read(fd, sigstruct + done, SGX_SIGSTRUCT_SIZE - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	if (done == SGX_SIGSTRUCT_SIZE) {
		uint8_t extra;

		if (read(fd, &extra, 1) != 0)
			done = 0;
	}
	close(fd);
	if (done != SGX_SIGSTRUCT_SIZE)
		return fail(e, -EINVAL, "%s: a SIGSTRUCT is exactly %d bytes", path, SGX_SIGSTRUCT_SIZE);
	return 0;
}

static void fill_secs(const struct sgxlib_enclave *e, struct sgx_secs *secs)
{
	memset(secs, 0, sizeof(*secs));
	secs->size = e->size;
	secs->base = e->base;
	secs->ssa_frame_size = e->image.layout.ssa_frame_size;
	secs->miscselect = e->image.layout.miscselect;
	secs->attributes = e->image.layout.attributes;
	secs->xfrm = e->image.layout.xfrm;
}

static void collect_tcs(struct sgxlib_enclave *e)
{
	unsigned i;
	uint64_t off;

	e->ntcs = 0;
	for (i = 0; i < e->image.nruns; i++) {
		const struct enclu_layout_run *r = &e->image.runs[i];

		if (((r->secinfo & SGX_SECINFO_PAGE_TYPE_MASK) >> SGX_SECINFO_PAGE_TYPE_SHIFT) != SGX_PAGE_TYPE_TCS)
			continue;
		for (off = 0; off < r->size && e->ntcs < SGXLIB_MAX_TCS; off += SGX_PAGE_SIZE)
			e->tcs[e->ntcs++] = e->base + r->offset + off;
	}
}

/* A size-aligned range of `size` bytes, reserved PROT_NONE: mainline wants base % size == 0. */
static int reserve_aligned(struct sgxlib_enclave *e)
{
	uint8_t *area = mmap(NULL, e->size * 2, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	uint64_t start, base;

	if (area == MAP_FAILED)
		return fail(e, -errno, "reserving %#llx bytes of address space: %s",
			    (unsigned long long)(e->size * 2), strerror(errno));
	start = (uint64_t)(uintptr_t)area;
	base = (start + e->size - 1) & ~(e->size - 1);
	if (base > start)
		munmap(area, base - start);
	if (start + e->size * 2 > base + e->size)
		munmap((void *)(uintptr_t)(base + e->size), start + e->size * 2 - (base + e->size));
	e->base = base;
	return 0;
}

static int load_mainline(struct sgxlib_enclave *e, const uint8_t *sigstruct)
{
	struct sgx_secs *secs;
	struct sgx_enclave_create create;
	struct sgx_enclave_init init;
	unsigned i;
	int rc;

	rc = reserve_aligned(e);
	if (rc != 0)
		return rc;

	secs = aligned_alloc(SGX_PAGE_SIZE, sizeof(*secs));
	if (secs == NULL)
		return fail(e, -ENOMEM, "out of memory");
	fill_secs(e, secs);
	create.src = (uint64_t)(uintptr_t)secs;
	rc = ioctl(e->fd, SGX_IOC_ENCLAVE_CREATE, &create);
	free(secs);
	if (rc != 0)
		return fail(e, -errno, "SGX_IOC_ENCLAVE_CREATE (base %#llx, size %#llx): %s",
			    (unsigned long long)e->base, (unsigned long long)e->size, strerror(errno));

	for (i = 0; i < e->image.nruns; i++) {
		const struct enclu_layout_run *r = &e->image.runs[i];
		struct sgx_secinfo secinfo;
		uint64_t done = 0;

		if (r->size == 0)
			continue;
		memset(&secinfo, 0, sizeof(secinfo));
		secinfo.flags = r->secinfo;
		while (done < r->size) {
			struct sgx_enclave_add_pages add = {
				.src = (uint64_t)(uintptr_t)(e->image.pages + r->offset + done),
				.offset = r->offset + done,
				.length = r->size - done,
				.secinfo = (uint64_t)(uintptr_t)&secinfo,
				.flags = (r->flags & ENCLU_RUN_MEASURE) ? SGX_PAGE_MEASURE : 0,
				.count = 0,
			};

			rc = ioctl(e->fd, SGX_IOC_ENCLAVE_ADD_PAGES, &add);
			done += add.count;
			if (rc != 0 && errno != EINTR && errno != EAGAIN)
				return fail(e, -errno, "SGX_IOC_ENCLAVE_ADD_PAGES at offset %#llx: %s",
					    (unsigned long long)(r->offset + done), strerror(errno));
			if (rc == 0 && add.count == 0)
				return fail(e, -EIO, "SGX_IOC_ENCLAVE_ADD_PAGES at offset %#llx made no progress",
					    (unsigned long long)(r->offset + done));
		}
	}

	init.sigstruct = (uint64_t)(uintptr_t)sigstruct;
	if (ioctl(e->fd, SGX_IOC_ENCLAVE_INIT, &init) != 0)
		return fail(e, -errno, "SGX_IOC_ENCLAVE_INIT: %s", strerror(errno));

	for (i = 0; i < e->image.nruns; i++) {
		const struct enclu_layout_run *r = &e->image.runs[i];
		void *want = (void *)(uintptr_t)(e->base + r->offset);

		if (r->size == 0)
			continue;
		if (mmap(want, r->size, prot_of(r->secinfo), MAP_SHARED | MAP_FIXED, e->fd, 0) != want)
			return fail(e, -errno, "mmap of enclave offset %#llx (+%#llx): %s",
				    (unsigned long long)r->offset, (unsigned long long)r->size, strerror(errno));
	}
	return 0;
}

static int load_rfc(struct sgxlib_enclave *e, const struct sgxlib_options *opt, const uint8_t *sigstruct)
{
	struct sgx_rfc_enclu_register reg = {
		.enclu = opt->rfc_enclu != 0 ? opt->rfc_enclu : (uint64_t)(uintptr_t)sgxlib_rfc_enclu_insn,
		.handler = opt->rfc_handler != 0 ? opt->rfc_handler : (uint64_t)(uintptr_t)sgxlib_rfc_handler,
	};
	struct sgx_rfc_enclave_create create;
	struct sgx_rfc_enclave_init init;
	struct sgx_secs *secs;
	void *area;
	unsigned i;
	int rc;

	if (ioctl(e->fd, SGX_RFC_IOC_ENCLU_REGISTER, &reg) != 0)
		return fail(e, -errno, "SGX_IOC_ENCLU_REGISTER (enclu %#llx, handler %#llx): %s",
			    (unsigned long long)reg.enclu, (unsigned long long)reg.handler, strerror(errno));

	/* The driver places a mapping of /dev/sgx naturally aligned to its (power of two) length. */
	area = mmap(NULL, e->size, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_SHARED, e->fd, 0);
	if (area == MAP_FAILED)
		return fail(e, -errno, "mmap of %#llx bytes of %s: %s", (unsigned long long)e->size,
			    SGX_RFC_DEVICE, strerror(errno));
	e->base = (uint64_t)(uintptr_t)area;
	if (e->base % e->size != 0)
		return fail(e, -EINVAL, "the driver mapped the enclave at %#llx, not aligned to its size %#llx",
			    (unsigned long long)e->base, (unsigned long long)e->size);

	secs = aligned_alloc(SGX_PAGE_SIZE, sizeof(*secs));
	if (secs == NULL)
		return fail(e, -ENOMEM, "out of memory");
	fill_secs(e, secs);
	create.src = (uint64_t)(uintptr_t)secs;
	rc = ioctl(e->fd, SGX_RFC_IOC_ENCLAVE_CREATE, &create);
	free(secs);
	if (rc != 0)
		return fail(e, -errno, "SGX_IOC_ENCLAVE_CREATE (base %#llx, size %#llx): %s",
			    (unsigned long long)e->base, (unsigned long long)e->size, strerror(errno));

	for (i = 0; i < e->image.nruns; i++) {
		const struct enclu_layout_run *r = &e->image.runs[i];
		struct sgx_secinfo secinfo;
		uint64_t off;

		memset(&secinfo, 0, sizeof(secinfo));
		secinfo.flags = r->secinfo;
		for (off = 0; off < r->size; off += SGX_PAGE_SIZE) {
			struct sgx_rfc_enclave_add_page add = {
				.addr = e->base + r->offset + off,
				.src = (uint64_t)(uintptr_t)(e->image.pages + r->offset + off),
				.secinfo = (uint64_t)(uintptr_t)&secinfo,
				.mrmask = (r->flags & ENCLU_RUN_MEASURE) ? SGX_RFC_MRMASK_ALL : 0,
			};

			if (ioctl(e->fd, SGX_RFC_IOC_ENCLAVE_ADD_PAGE, &add) != 0)
				return fail(e, -errno, "SGX_IOC_ENCLAVE_ADD_PAGE at offset %#llx: %s",
					    (unsigned long long)(r->offset + off), strerror(errno));
		}
	}

	init.addr = e->base;
	init.sigstruct = (uint64_t)(uintptr_t)sigstruct;
	if (ioctl(e->fd, SGX_RFC_IOC_ENCLAVE_INIT, &init) != 0)
		return fail(e, -errno, "SGX_IOC_ENCLAVE_INIT: %s", strerror(errno));

	if (opt->rfc_protect) {
		for (i = 0; i < e->image.nruns; i++) {
			const struct enclu_layout_run *r = &e->image.runs[i];

			if (r->size != 0 &&
			    mprotect((void *)(uintptr_t)(e->base + r->offset), r->size, prot_of(r->secinfo)) != 0)
				return fail(e, -errno, "mprotect of enclave offset %#llx: %s",
					    (unsigned long long)r->offset, strerror(errno));
		}
	}
	return 0;
}

int sgxlib_load(struct sgxlib_enclave *e, const char *path, const struct sgxlib_options *options)
{
	struct sgxlib_options defaults = { .abi = SGXLIB_ABI_MAINLINE };
	const struct sgxlib_options *opt = options != NULL ? options : &defaults;
	const char *device;
	char sig_path[4096];
	uint8_t *sigstruct = NULL;
	int rc;

	memset(e, 0, sizeof(*e));
	e->fd = -1;
	e->abi = opt->abi;
	if (opt->abi != SGXLIB_ABI_MAINLINE && opt->abi != SGXLIB_ABI_RFC)
		return fail(e, -EINVAL, "unknown SGX ABI %d", (int)opt->abi);
	device = opt->device != NULL ? opt->device
		 : opt->abi == SGXLIB_ABI_MAINLINE ? SGX_ENCLAVE_DEVICE : SGX_RFC_DEVICE;

	e->fd = open(device, O_RDWR | O_CLOEXEC);
	if (e->fd < 0) {
		int err = errno;

		if (errno_is_missing_device(err))
			return fail(e, -ENODEV, "%s: %s", device, strerror(err));
		return fail(e, -err, "%s: %s", device, strerror(err));
	}

	rc = sgxlib_image_read(&e->image, path, e->error, sizeof(e->error));
	if (rc != 0)
		goto out;
	e->size = e->image.layout.enclave_size;

	if (opt->sigstruct_path != NULL) {
		snprintf(sig_path, sizeof(sig_path), "%s", opt->sigstruct_path);
	} else if ((size_t)snprintf(sig_path, sizeof(sig_path), "%s.sigstruct", path) >= sizeof(sig_path)) {
		rc = fail(e, -ENAMETOOLONG, "%s: path too long", path);
		goto out;
	}
	sigstruct = malloc(SGX_SIGSTRUCT_SIZE);
	if (sigstruct == NULL) {
		rc = fail(e, -ENOMEM, "out of memory");
		goto out;
	}
	rc = read_sigstruct(e, sig_path, sigstruct);
	if (rc != 0)
		goto out;

	rc = opt->abi == SGXLIB_ABI_MAINLINE ? load_mainline(e, sigstruct) : load_rfc(e, opt, sigstruct);
	if (rc == 0)
		collect_tcs(e);
out:
	free(sigstruct);
	if (rc != 0) {
		char saved[sizeof(e->error)];

		memcpy(saved, e->error, sizeof(saved));
		sgxlib_unload(e);
		memcpy(e->error, saved, sizeof(saved));
	}
	return rc;
}

void sgxlib_unload(struct sgxlib_enclave *e)
{
	if (e->base != 0 && e->size != 0)
		munmap((void *)(uintptr_t)e->base, e->size);
	if (e->fd >= 0)
		close(e->fd);
	sgxlib_image_free(&e->image);
	e->fd = -1;
	e->base = 0;
	e->ntcs = 0;
}
