/*
 * The layout note of an enclave image: the list of pages a loader adds (and a signer measures),
 * in the ELF note ".note.enclu.layout" (PT_NOTE; owner "enclu", type 1). See README.md.
 * All fields little-endian. The descriptor starts 8-byte aligned in the file.
 */
#ifndef ENCLU_LAYOUT_H
#define ENCLU_LAYOUT_H

#define ENCLU_LAYOUT_NOTE_NAME		"enclu"
#define ENCLU_LAYOUT_NOTE_NAMESZ	6
#define ENCLU_LAYOUT_NOTE_TYPE		1
#define ENCLU_LAYOUT_VERSION		1
#define ENCLU_LAYOUT_HEADER_SIZE	64
#define ENCLU_LAYOUT_RUN_SIZE		32

/* enclu_layout_run.secinfo: exactly SECINFO.FLAGS. */
#define ENCLU_SECINFO_R			0x1
#define ENCLU_SECINFO_W			0x2
#define ENCLU_SECINFO_X			0x4
#define ENCLU_SECINFO_TCS		(1 << 8)	/* PAGE_TYPE = PT_TCS */
#define ENCLU_SECINFO_REG		(2 << 8)	/* PAGE_TYPE = PT_REG */

/* enclu_layout_run.flags */
#define ENCLU_RUN_MEASURE		0x1	/* EEXTEND every 256-byte chunk of every page */
#define ENCLU_RUN_KIND_SHIFT		8	/* bits 15:8: what the run holds (informational) */
#define ENCLU_RUN_KIND_TCS		1
#define ENCLU_RUN_KIND_SSA		2
#define ENCLU_RUN_KIND_TEXT		3
#define ENCLU_RUN_KIND_RODATA		4
#define ENCLU_RUN_KIND_DATA		5
#define ENCLU_RUN_KIND_TDATA		6
#define ENCLU_RUN_KIND_STACK		7

#ifndef __ASSEMBLER__
#include <stdint.h>

struct enclu_layout_header {
	uint32_t version;		/*  0 ENCLU_LAYOUT_VERSION */
	uint32_t nruns;			/*  4 */
	uint64_t enclave_size;		/*  8 SECS.SIZE: a power of two >= image_size */
	uint64_t image_size;		/* 16 end of the last run */
	uint32_t ssa_frame_size;	/* 24 SECS.SSAFRAMESIZE, pages */
	uint32_t miscselect;		/* 28 SECS.MISCSELECT */
	uint64_t attributes;		/* 32 SECS.ATTRIBUTES */
	uint64_t xfrm;			/* 40 SECS.XFRM */
	uint32_t ntcs;			/* 48 number of TCS pages */
	uint32_t nssa;			/* 52 TCS.NSSA of every TCS */
	uint64_t entry;			/* 56 TCS.OENTRY of every TCS */
};

struct enclu_layout_run {
	uint64_t offset;		/*  0 from the enclave base, page aligned */
	uint64_t size;			/*  8 bytes, a multiple of 4096 (0: an empty run, skip it) */
	uint64_t secinfo;		/* 16 SECINFO.FLAGS for every page of the run */
	uint64_t flags;			/* 24 ENCLU_RUN_* */
};

_Static_assert(sizeof(struct enclu_layout_header) == ENCLU_LAYOUT_HEADER_SIZE, "layout header size");
_Static_assert(sizeof(struct enclu_layout_run) == ENCLU_LAYOUT_RUN_SIZE, "layout run size");
#endif

#endif
