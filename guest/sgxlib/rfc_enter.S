/*
 * int sgxlib_rfc_enter(struct sgxlib_rfc_run *run)
 *
 * Entry for the RFC ABI: one ENCLU (sgxlib_rfc_enclu_insn) is the EENTER/ERESUME site and the
 * AEP, and the address registered with SGX_IOC_ENCLU_REGISTER. An exception the kernel would turn
 * into a signal at that ENCLU instead resumes at sgxlib_rfc_handler with RDI = trap number,
 * RSI = error code, RDX = fault address, and RSP/RBP as they were at the ENCLU (after an AEX the
 * CPU reloads them from the SSA), so the handler finds this call's frame through RBP.
 * After EEXIT the enclave's RDI/RSI are stored in the run; RBP/RSP are the enclave's to restore.
 */

#define RUN_TCS		0
#define RUN_FUNCTION	8
#define RUN_VECTOR	12
#define RUN_ERROR	14
#define RUN_ADDR	16
#define RUN_RDI		24
#define RUN_RSI		32
#define RUN_HANDLER	40

#define EENTER		2
#define ERESUME		3
#define EEXIT		4
#define EINVAL		22
#define RFLAGS_DF	0x400
#define RFLAGS_AC	0x40000

/* The run pointer is the last thing pushed: -48(%rbp). */
#define FRAME_RUN	-48

	.text
	.globl sgxlib_rfc_enter
	.type sgxlib_rfc_enter, @function
sgxlib_rfc_enter:
	push	%rbp
	mov	%rsp, %rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	push	%rdi				/* RSP is now 16-byte aligned */

.Lenter:
	mov	FRAME_RUN(%rbp), %r8
	mov	RUN_FUNCTION(%r8), %eax
	cmp	$EENTER, %eax
	je	1f
	cmp	$ERESUME, %eax
	je	1f
	mov	$-EINVAL, %eax
	jmp	.Lreturn
1:	mov	RUN_TCS(%r8), %rbx
	mov	RUN_RDI(%r8), %rdi
	mov	RUN_RSI(%r8), %rsi
	lea	sgxlib_rfc_enclu_insn(%rip), %rcx
	.globl sgxlib_rfc_enclu_insn
sgxlib_rfc_enclu_insn:
	enclu

	/* EEXIT lands here (the enclave's target is the address after the ENCLU). */
	mov	FRAME_RUN(%rbp), %r8
	movl	$EEXIT, RUN_FUNCTION(%r8)
	mov	%rdi, RUN_RDI(%r8)
	mov	%rsi, RUN_RSI(%r8)
	xor	%eax, %eax
	jmp	.Lreturn

	.globl sgxlib_rfc_handler
	.type sgxlib_rfc_handler, @function
sgxlib_rfc_handler:
	/* EAX: 3 after an AEX (the synthetic state), 2 if EENTER itself faulted. */
	mov	FRAME_RUN(%rbp), %r8
	mov	%eax, RUN_FUNCTION(%r8)
	mov	%di, RUN_VECTOR(%r8)
	mov	%si, RUN_ERROR(%r8)
	mov	%rdx, RUN_ADDR(%r8)
	/* The enclave may have been interrupted with AC or DF set; C code needs both clear. */
	pushfq
	andq	$~(RFLAGS_AC | RFLAGS_DF), (%rsp)
	popfq
	mov	RUN_HANDLER(%r8), %rax
	test	%rax, %rax
	jz	.Lreturn_zero
	lea	FRAME_RUN(%rbp), %rsp
	mov	%r8, %rdi
	call	*%rax
	cmp	$0, %eax
	jle	.Lreturn
	mov	FRAME_RUN(%rbp), %r8
	mov	%eax, RUN_FUNCTION(%r8)
	jmp	.Lenter

.Lreturn_zero:
	xor	%eax, %eax
.Lreturn:
	lea	-40(%rbp), %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	ret
	.size sgxlib_rfc_enter, . - sgxlib_rfc_enter

	.section .note.GNU-stack, "", @progbits
