/*
 * Build-time constants of the test enclave, shared by the linker script (through cpp), the
 * assembly and the C code. ENCLAVE_NSSA is not here: it only changes the TCS pages and the SSA
 * area, which the linker script lays out, and the code reads it back from the layout note.
 */
#ifndef ENCLAVE_LAYOUT_H
#define ENCLAVE_LAYOUT_H

#define ENCLAVE_PAGE_SIZE		4096

/* Thread control structures: TCS i sits at offset i * 4096. */
#define ENCLAVE_NTCS			3
/*
 * TCS.FLAGS.DBGOPTIN is set on this TCS only. On an opt-out entry EENTER clears RFLAGS.TF and a
 * POPF inside the enclave cannot set it again (SDM, EENTER: "Any attempt to set TF via a POPF
 * instruction while inside the enclave clears TF"), so the single-step ECALL raises #DB only on
 * this TCS.
 */
#define ENCLAVE_DBGOPTIN_TCS		2

/* SECS.SSAFRAMESIZE, in pages. */
#define ENCLAVE_SSA_FRAME_PAGES		1
/* The largest NSSA a build may use (the entry code keeps one save slot per SSA frame). */
#define ENCLAVE_MAX_NSSA		2

/*
 * Per-thread stacks, one region per TCS: [handler stack][main stack]. An ECALL (CSSA = 0) runs
 * on the main stack; an entry with CSSA >= 1 (the exception handler) runs on the handler stack,
 * so it never touches the interrupted ECALL's frames.
 */
#define ENCLAVE_MAIN_STACK_PAGES	4
#define ENCLAVE_HANDLER_STACK_PAGES	2
#define ENCLAVE_THREAD_STACK_PAGES	(ENCLAVE_MAIN_STACK_PAGES + ENCLAVE_HANDLER_STACK_PAGES)

/* Page runs in the layout note (TCS, SSA, text, rodata, data, thread data, stacks). */
#define ENCLAVE_LAYOUT_NRUNS		7

/* SECS fields the enclave is built for (the loader copies them from the layout note). */
#define ENCLAVE_ATTRIBUTES		0x6	/* DEBUG (bit 1) | MODE64BIT (bit 2) */
#define ENCLAVE_XFRM			0x3	/* x87 | SSE */
#define ENCLAVE_MISCSELECT		0x0

/*
 * The per-thread data page (FS and GS base of each TCS). Offsets used by the entry code.
 * struct enclave_thread_data in enclave.c mirrors them.
 */
#define TD_SELF				0	/* linear address of this page */
#define TD_SLOTS			64	/* one save slot per CSSA value */
#define TD_SLOT_SIZE			32
#define TD_SLOT_URSP			0	/* untrusted RSP at EENTER */
#define TD_SLOT_URBP			8	/* untrusted RBP at EENTER */
#define TD_SLOT_EXIT			16	/* RCX at EENTER: the address after the host's ENCLU */
#define TD_SLOT_RFLAGS			24	/* RFLAGS at EENTER (AC and DF are given back at EEXIT) */

#define RFLAGS_TF			0x100
#define RFLAGS_DF			0x400
#define RFLAGS_AC			0x40000

#define ENCLU_EEXIT			4

#endif
