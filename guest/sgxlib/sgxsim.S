/*
 * uint64_t sgxsim_enclu(struct sgxsim_call *c)   (sgxsim.c)
 *
 * Runs one ENCLU with the leaf, TCS, RDI and RSI of *c, RCX = sgxsim_aep, R12-R15 set to known
 * values and c->host_flags ORed into RFLAGS. On a CPU without SGX the ENCLU raises #UD and
 * sgxsim.c's signal handler stands in for it. Afterwards *c receives every register as the exit
 * left it, and how: 0 EEXIT (back at the instruction after the ENCLU), 1 an AEX (at the AEP),
 * 2 the ENCLU itself faulted.
 */

#define C_LEAF		0
#define C_TCS		8
#define C_RDI		16
#define C_RSI		24
#define C_HOST_FLAGS	32
#define C_HOW		40
#define C_RAX		48
#define C_RBX		56
#define C_RCX		64
#define C_RDX		72
#define C_RSI_OUT	80
#define C_RDI_OUT	88
#define C_R8		96
#define C_R9		104
#define C_R10		112
#define C_R11		120
#define C_R12		128
#define C_R13		136
#define C_R14		144
#define C_R15		152
#define C_RFLAGS	160
#define C_RSP		168
#define C_RBP		176
#define C_RSP_BEFORE	184
#define C_RBP_BEFORE	192

#define FRAME_CALL	-48

	.macro RECORD how
	pushfq
	push	%rax
	mov	FRAME_CALL(%rbp), %rax
	mov	%rbx, C_RBX(%rax)
	mov	%rcx, C_RCX(%rax)
	mov	%rdx, C_RDX(%rax)
	mov	%rsi, C_RSI_OUT(%rax)
	mov	%rdi, C_RDI_OUT(%rax)
	mov	%r8, C_R8(%rax)
	mov	%r9, C_R9(%rax)
	mov	%r10, C_R10(%rax)
	mov	%r11, C_R11(%rax)
	mov	%r12, C_R12(%rax)
	mov	%r13, C_R13(%rax)
	mov	%r14, C_R14(%rax)
	mov	%r15, C_R15(%rax)
	mov	%rbp, C_RBP(%rax)
	lea	16(%rsp), %rcx
	mov	%rcx, C_RSP(%rax)
	pop	%rcx
	mov	%rcx, C_RAX(%rax)
	pop	%rcx
	mov	%rcx, C_RFLAGS(%rax)
	movq	$\how, C_HOW(%rax)
	jmp	.Ldone
	.endm

	.text
	.globl sgxsim_enclu
	.type sgxsim_enclu, @function
sgxsim_enclu:
	push	%rbp
	mov	%rsp, %rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	push	%rdi
	movabs	$0x1212121212121212, %r12
	movabs	$0x1313131313131313, %r13
	movabs	$0x1414141414141414, %r14
	movabs	$0x1515151515151515, %r15
	mov	%rsp, C_RSP_BEFORE(%rdi)
	mov	%rbp, C_RBP_BEFORE(%rdi)
	pushfq
	mov	C_HOST_FLAGS(%rdi), %rax
	or	%rax, (%rsp)
	popfq
	mov	C_LEAF(%rdi), %rax
	mov	C_TCS(%rdi), %rbx
	mov	C_RSI(%rdi), %rsi
	mov	C_RDI(%rdi), %rdi
	lea	sgxsim_aep(%rip), %rcx
	.globl sgxsim_enclu_insn
sgxsim_enclu_insn:
	enclu
	RECORD 0

	.globl sgxsim_aep
sgxsim_aep:
	RECORD 1

	.globl sgxsim_enclu_fault
sgxsim_enclu_fault:
	RECORD 2

.Ldone:
	pushfq
	andq	$~0x40400, (%rsp)		/* AC and DF */
	popfq
	lea	-40(%rbp), %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	ret
	.size sgxsim_enclu, . - sgxsim_enclu

	.section .note.GNU-stack, "", @progbits
