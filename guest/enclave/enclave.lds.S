/*
 * Linker script of the test enclave, run through cpp with ENCLAVE_NSSA defined (1 or 2).
 *
 * The image is linked at 0, the enclave base, and laid out in pages:
 *   TCS pages | SSA frames | text | rodata (+ layout note) | data + bss | thread data | stacks
 * The TCS pages and the layout note are written here with data statements (QUAD/LONG): the
 * linker evaluates them with the final offsets, so the TCS fields hold enclave offsets and no
 * relocation is ever needed. Code reaches everything PC-relative; the build rejects any
 * relocation.
 */
#include "enclave_layout.h"
#include "enclu_layout.h"

#ifndef ENCLAVE_NSSA
#error "ENCLAVE_NSSA must be defined"
#endif
#if ENCLAVE_NSSA < 1 || ENCLAVE_NSSA > ENCLAVE_MAX_NSSA
#error "ENCLAVE_NSSA out of range"
#endif

#define PAGE ENCLAVE_PAGE_SIZE
#define SSA_FRAME_BYTES (ENCLAVE_SSA_FRAME_PAGES * PAGE)

/* SDM TCS layout: STATE 0, FLAGS 8, OSSA 16, CSSA 24, NSSA 28, OENTRY 32, AEP 40, OFSBASGX 48,
 * OGSBASGX 56, FSLIMIT 64, GSLIMIT 68, reserved (zero) up to 4096. */
#define TCS_PAGE(i, flags)						\
	QUAD(0)								\
	QUAD(flags)							\
	QUAD(__enclave_ssa + (i) * ENCLAVE_NSSA * SSA_FRAME_BYTES)	\
	LONG(0)								\
	LONG(ENCLAVE_NSSA)						\
	QUAD(enclave_entry)						\
	QUAD(0)								\
	QUAD(__enclave_tdata + (i) * PAGE)				\
	QUAD(__enclave_tdata + (i) * PAGE)				\
	LONG(0xfff)							\
	LONG(0xfff)							\
	. = ALIGN(PAGE);

#define TCS_FLAGS(i) ((i) == ENCLAVE_DBGOPTIN_TCS ? 1 : 0)

#define LAYOUT_RUN(start, end, secinfo, measure, kind)			\
	QUAD(start)							\
	QUAD((end) - (start))						\
	QUAD(secinfo)							\
	QUAD((measure) | ((kind) << ENCLU_RUN_KIND_SHIFT))

/* SECS.SIZE: the smallest power of two (at least 2 pages) that holds the image. */
#define POW2_AT_LEAST(x)						\
	((x) <= 0x2000 ? 0x2000 : (x) <= 0x4000 ? 0x4000 :		\
	 (x) <= 0x8000 ? 0x8000 : (x) <= 0x10000 ? 0x10000 :		\
	 (x) <= 0x20000 ? 0x20000 : (x) <= 0x40000 ? 0x40000 :		\
	 (x) <= 0x80000 ? 0x80000 : (x) <= 0x100000 ? 0x100000 :	\
	 (x) <= 0x200000 ? 0x200000 : (x) <= 0x400000 ? 0x400000 :	\
	 (x) <= 0x800000 ? 0x800000 : 0x1000000)

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(enclave_entry)

PHDRS
{
	tcs    PT_LOAD FLAGS(6);	/* TCS pages, SSA frames */
	text   PT_LOAD FLAGS(5);
	rodata PT_LOAD FLAGS(4);
	data   PT_LOAD FLAGS(6);	/* data, bss, thread data, stacks */
	note   PT_NOTE FLAGS(4);
}

SECTIONS
{
	. = 0;

	.tcs : {
		__enclave_base = .;
		__enclave_tcs = .;
		TCS_PAGE(0, TCS_FLAGS(0))
		TCS_PAGE(1, TCS_FLAGS(1))
		TCS_PAGE(2, TCS_FLAGS(2))
		__enclave_tcs_end = .;
	} :tcs

	.ssa (NOLOAD) : ALIGN(PAGE) {
		__enclave_ssa = .;
		. += ENCLAVE_NTCS * ENCLAVE_NSSA * SSA_FRAME_BYTES;
		__enclave_ssa_end = .;
	} :tcs

	.text : ALIGN(PAGE) {
		__enclave_text = .;
		*(.text.entry)
		*(.text .text.*)
		. = ALIGN(PAGE);
		__enclave_text_end = .;
	} :text

	.rodata : ALIGN(PAGE) {
		__enclave_rodata = .;
		*(.rodata.page)
		*(.rodata .rodata.*)
	} :rodata

	/* What -static-pie makes the linker create; kept read-only and checked empty of relocations. */
	.dynamic       : { *(.dynamic) }
	.dynsym        : { *(.dynsym) }
	.dynstr        : { *(.dynstr) }
	.hash          : { *(.hash) }
	.gnu.hash      : { *(.gnu.hash) }
	.rela.dyn      : { *(.rela.*) }

	/* The descriptor starts 8-byte aligned: the note starts at 4 mod 8 and its header plus
	 * the padded owner name take 20 bytes. */
	.note.enclu.layout ALIGN(8) + 4 : {
		KEEP(*(.note.enclu.layout))
		__enclave_layout = .;
		LONG(ENCLU_LAYOUT_VERSION)
		LONG(ENCLAVE_LAYOUT_NRUNS)
		QUAD(POW2_AT_LEAST(__enclave_end))
		QUAD(__enclave_end)
		LONG(ENCLAVE_SSA_FRAME_PAGES)
		LONG(ENCLAVE_MISCSELECT)
		QUAD(ENCLAVE_ATTRIBUTES)
		QUAD(ENCLAVE_XFRM)
		LONG(ENCLAVE_NTCS)
		LONG(ENCLAVE_NSSA)
		QUAD(enclave_entry)
		LAYOUT_RUN(__enclave_tcs, __enclave_tcs_end, ENCLU_SECINFO_TCS, ENCLU_RUN_MEASURE, ENCLU_RUN_KIND_TCS)
		LAYOUT_RUN(__enclave_ssa, __enclave_ssa_end, ENCLU_SECINFO_REG | ENCLU_SECINFO_R | ENCLU_SECINFO_W, ENCLU_RUN_MEASURE, ENCLU_RUN_KIND_SSA)
		LAYOUT_RUN(__enclave_text, __enclave_text_end, ENCLU_SECINFO_REG | ENCLU_SECINFO_R | ENCLU_SECINFO_X, ENCLU_RUN_MEASURE, ENCLU_RUN_KIND_TEXT)
		LAYOUT_RUN(__enclave_rodata, __enclave_data, ENCLU_SECINFO_REG | ENCLU_SECINFO_R, ENCLU_RUN_MEASURE, ENCLU_RUN_KIND_RODATA)
		LAYOUT_RUN(__enclave_data, __enclave_data_end, ENCLU_SECINFO_REG | ENCLU_SECINFO_R | ENCLU_SECINFO_W, ENCLU_RUN_MEASURE, ENCLU_RUN_KIND_DATA)
		LAYOUT_RUN(__enclave_tdata, __enclave_tdata_end, ENCLU_SECINFO_REG | ENCLU_SECINFO_R | ENCLU_SECINFO_W, ENCLU_RUN_MEASURE, ENCLU_RUN_KIND_TDATA)
		LAYOUT_RUN(__enclave_stacks, __enclave_stacks_end, ENCLU_SECINFO_REG | ENCLU_SECINFO_R | ENCLU_SECINFO_W, 0, ENCLU_RUN_KIND_STACK)
		__enclave_layout_end = .;
	} :rodata :note

	.data : ALIGN(PAGE) {
		__enclave_data = .;
		*(.data .data.*)
		*(.got .got.plt)
	} :data

	.bss (NOLOAD) : {
		*(.bss .bss.* COMMON)
		. = ALIGN(PAGE);
		__enclave_data_end = .;
	} :data

	.threaddata (NOLOAD) : ALIGN(PAGE) {
		__enclave_tdata = .;
		. += ENCLAVE_NTCS * PAGE;
		__enclave_tdata_end = .;
	} :data

	.stacks (NOLOAD) : ALIGN(PAGE) {
		__enclave_stacks = .;
		. += ENCLAVE_NTCS * ENCLAVE_THREAD_STACK_PAGES * PAGE;
		__enclave_stacks_end = .;
		__enclave_end = .;
	} :data

	/DISCARD/ : {
		*(.eh_frame .eh_frame_hdr .note.gnu.property .note.gnu.build-id .note.GNU-stack .comment .interp)
	}
}

ASSERT(__enclave_base == 0, "the enclave is linked at 0")
ASSERT(__enclave_tcs_end - __enclave_tcs == ENCLAVE_NTCS * PAGE, "one page per TCS")
ASSERT(__enclave_layout_end - __enclave_layout == ENCLU_LAYOUT_HEADER_SIZE + ENCLAVE_LAYOUT_NRUNS * ENCLU_LAYOUT_RUN_SIZE, "layout note size")
ASSERT(__enclave_layout % 8 == 0, "layout descriptor alignment")
ASSERT(SIZEOF(.rela.dyn) == 0, "the enclave must not need relocations")
