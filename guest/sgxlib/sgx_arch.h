/* Architectural SGX structures the loader fills in (SDM Vol. 3D; docs SGX-FACTS.md). */
#ifndef SGX_ARCH_H
#define SGX_ARCH_H

#include <stdint.h>

#define SGX_PAGE_SIZE			4096

/* ENCLU leaves (EAX). */
#define SGX_ENCLU_EENTER		2
#define SGX_ENCLU_ERESUME		3
#define SGX_ENCLU_EEXIT			4

/* SECS.ATTRIBUTES */
#define SGX_ATTR_INIT			(1ULL << 0)
#define SGX_ATTR_DEBUG			(1ULL << 1)
#define SGX_ATTR_MODE64BIT		(1ULL << 2)

/* SECINFO.FLAGS */
#define SGX_SECINFO_R			0x01
#define SGX_SECINFO_W			0x02
#define SGX_SECINFO_X			0x04
#define SGX_SECINFO_PERMISSION_MASK	0x07
#define SGX_SECINFO_PAGE_TYPE_SHIFT	8
#define SGX_SECINFO_PAGE_TYPE_MASK	(0xFFULL << SGX_SECINFO_PAGE_TYPE_SHIFT)
#define SGX_PAGE_TYPE_SECS		0
#define SGX_PAGE_TYPE_TCS		1
#define SGX_PAGE_TYPE_REG		2

#define SGX_SIGSTRUCT_SIZE		1808

struct sgx_secs {
	uint64_t size;			/*    0 */
	uint64_t base;			/*    8 */
	uint32_t ssa_frame_size;	/*   16 pages */
	uint32_t miscselect;		/*   20 */
	uint8_t reserved1[24];		/*   24 */
	uint64_t attributes;		/*   48 */
	uint64_t xfrm;			/*   56 */
	uint8_t mrenclave[32];		/*   64 */
	uint8_t reserved2[32];		/*   96 */
	uint8_t mrsigner[32];		/*  128 */
	uint8_t reserved3[32];		/*  160 */
	uint8_t config_id[64];		/*  192 */
	uint16_t isv_prod_id;		/*  256 */
	uint16_t isv_svn;		/*  258 */
	uint16_t config_svn;		/*  260 */
	uint8_t reserved4[3834];	/*  262 */
} __attribute__((aligned(SGX_PAGE_SIZE)));

struct sgx_secinfo {
	uint64_t flags;
	uint8_t reserved[56];
} __attribute__((aligned(64)));

_Static_assert(sizeof(struct sgx_secs) == SGX_PAGE_SIZE, "SECS is one page");
_Static_assert(sizeof(struct sgx_secinfo) == 64, "SECINFO is 64 bytes");

#endif
