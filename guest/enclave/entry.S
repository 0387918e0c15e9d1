/*
 * Enclave entry point (TCS.OENTRY) and the header of the layout note.
 *
 * EENTER leaves: RAX = CSSA, RBX = address of the TCS used, RCX = address of the instruction
 * after the host's ENCLU; RDI/RSI/RDX/R8-R15 as the host set them; RSP/RBP still the host's;
 * FS/GS bases = this TCS's thread data page. The entry code saves the host's RSP, RBP, RCX and
 * RFLAGS in the save slot of this CSSA (in the thread data page, through %gs), switches to the
 * thread's stack (main stack for CSSA 0, handler stack otherwise), clears RFLAGS.AC and DF, calls
 * enclave_dispatch(), then gives back the host's stack, AC and DF, scrubs the scratch registers
 * and EEXITs to the saved RCX (which EEXIT takes in RBX). RBP, RSP and R12-R15 come back as the
 * host had them (R12-R15 are callee-saved in the C code and never touched here).
 */
#include "enclave_layout.h"
#include "enclave_abi.h"
#include "enclu_layout.h"

	.section .text.entry, "ax", @progbits
	.globl enclave_entry
	.type enclave_entry, @function
enclave_entry:
	/* TCS index: the TCS pages are the first pages of the enclave. */
	lea	__enclave_base(%rip), %r10
	mov	%rbx, %r11
	sub	%r10, %r11
	shr	$12, %r11
	cmp	$ENCLAVE_NTCS, %r11
	jae	.Lbad_entry
	mov	%eax, %eax			/* CSSA, zero-extended */
	cmp	$ENCLAVE_MAX_NSSA, %rax
	jae	.Lbad_entry

	/* Save slot of this CSSA: RDX = CSSA * TD_SLOT_SIZE. */
	mov	%rax, %rdx
	shl	$5, %rdx
	mov	%rsp, %gs:TD_SLOTS + TD_SLOT_URSP(%rdx)
	mov	%rbp, %gs:TD_SLOTS + TD_SLOT_URBP(%rdx)
	mov	%rcx, %gs:TD_SLOTS + TD_SLOT_EXIT(%rdx)

	/* Stack: top of this thread's region, or below the main stack for a nested entry. */
	lea	1(%r11), %r9
	imul	$ENCLAVE_THREAD_STACK_PAGES * ENCLAVE_PAGE_SIZE, %r9, %r9
	lea	__enclave_stacks(%rip), %r8
	add	%r8, %r9
	test	%eax, %eax
	jz	1f
	sub	$ENCLAVE_MAIN_STACK_PAGES * ENCLAVE_PAGE_SIZE, %r9
1:	mov	%r9, %rsp
	xor	%ebp, %ebp

	/* Keep the host's RFLAGS; run with AC and DF clear. */
	pushfq
	pop	%r9
	mov	%r9, %gs:TD_SLOTS + TD_SLOT_RFLAGS(%rdx)
	and	$~(RFLAGS_AC | RFLAGS_DF), %r9
	push	%r9
	popfq

	push	%rdx				/* slot offset, for the exit path */
	push	%rdx				/* keeps RSP 16-byte aligned at the call */

	/* enclave_dispatch(ecall = RDI, args = RSI, cssa, thread data, tcs index) */
	lea	__enclave_tdata(%rip), %rcx
	mov	%r11, %r8
	shl	$12, %r11
	add	%r11, %rcx
	mov	%eax, %edx
	call	enclave_dispatch
	/* RAX = status, RDX = value */

	pop	%r10
	pop	%r10
	mov	%rax, %rdi
	mov	%rdx, %rsi

	/* Give back the host's AC and DF. */
	mov	%gs:TD_SLOTS + TD_SLOT_RFLAGS(%r10), %r11
	and	$(RFLAGS_AC | RFLAGS_DF), %r11
	pushfq
	pop	%rax
	and	$~(RFLAGS_AC | RFLAGS_DF), %rax
	or	%r11, %rax
	push	%rax
	popfq

	mov	%gs:TD_SLOTS + TD_SLOT_EXIT(%r10), %rbx
	mov	%gs:TD_SLOTS + TD_SLOT_URBP(%r10), %rbp
	mov	%gs:TD_SLOTS + TD_SLOT_URSP(%r10), %rsp
	jmp	.Lexit

.Lbad_entry:
	/* Not reachable with a correct CPU: leave on the host's stack without reading RDI/RSI. */
	mov	%rcx, %rbx
	mov	$ENCLAVE_STATUS_BAD_ENTRY, %edi
	xor	%esi, %esi

.Lexit:
	xor	%ecx, %ecx
	xor	%edx, %edx
	xor	%r8d, %r8d
	xor	%r9d, %r9d
	xor	%r10d, %r10d
	xor	%r11d, %r11d
	mov	$ENCLU_EEXIT, %eax
	.globl enclave_eexit
enclave_eexit:
	enclu
	ud2
	.size enclave_entry, . - enclave_entry

/* Header of the layout note; the linker script appends the descriptor. */
	.section .note.enclu.layout, "a", @note
	.balign 4
	.long	ENCLU_LAYOUT_NOTE_NAMESZ
	.long	ENCLU_LAYOUT_HEADER_SIZE + ENCLAVE_LAYOUT_NRUNS * ENCLU_LAYOUT_RUN_SIZE
	.long	ENCLU_LAYOUT_NOTE_TYPE
	.asciz	ENCLU_LAYOUT_NOTE_NAME
	.balign 4

	.section .note.GNU-stack, "", @progbits
