/**
 * Linux x86-64 signal ABI: the structures of the rt signal frame and the constants around them,
 * spelled as in the kernel's uapi headers (include/uapi/asm-generic/siginfo.h, signal-defs.h,
 * ucontext.h; arch/x86/include/uapi/asm/sigcontext.h, signal.h, ucontext.h; include/uapi/linux/signal.h).
 *
 * A layout lists every field once with its byte offset, its width and the C type it mirrors. Unions
 * are bytes: members of different union arms share offsets. test/kernel/sigframe.test.ts compiles
 * the headers of the machine it runs on and checks every offset and size here.
 */
import {
  SEGV_PKUERR, SI_KERNEL, SI_USER, SIGBUS, SIGCHLD, SIGFPE, SIGILL, SIGIO, SIGKILL, SIGSEGV, SIGSTOP, SIGSYS, SIGTRAP,
} from './linux.js';

// ---------------------------------------------------------------------------------------------
// Layouts

/** Field is one member of a C structure: byte offset, width in bytes, and its C type. */
export interface Field {
  readonly off: number;
  readonly size: number;
  readonly ctype: string;
}

/** Layout is a C structure: its C name, the header that defines it, its size and its fields. */
export interface Layout<K extends string> {
  readonly ctype: string;
  readonly header: string;
  readonly size: number;
  readonly fields: { readonly [P in K]: Field };
  /** off maps each field to its offset (the same numbers as `fields`, for terse accessors). */
  readonly off: { readonly [P in K]: number };
}

function layout<K extends string>(
  ctype: string,
  header: string,
  size: number,
  spec: { readonly [P in K]: readonly [off: number, size: number, ctype: string] },
): Layout<K> {
  const fields = {} as { [P in K]: Field };
  const off = {} as { [P in K]: number };
  for (const k of Object.keys(spec) as K[]) {
    const [o, s, t] = spec[k];
    fields[k] = { off: o, size: s, ctype: t };
    off[k] = o;
  }
  return { ctype, header, size, fields, off };
}

/**
 * SIGINFO mirrors `siginfo_t` (include/uapi/asm-generic/siginfo.h): si_signo, si_errno, si_code,
 * then `union __sifields` at 16, padded to SI_MAX_SIZE (128). Field names are the accessor macros.
 */
export const SIGINFO = layout('siginfo_t', 'include/uapi/asm-generic/siginfo.h', 128, {
  si_signo: [0, 4, 'int'],
  si_errno: [4, 4, 'int'],
  si_code: [8, 4, 'int'],
  // _kill, _rt, _sigchld
  si_pid: [16, 4, '__kernel_pid_t'],
  si_uid: [20, 4, '__kernel_uid32_t'],
  // _timer
  si_tid: [16, 4, '__kernel_timer_t'],
  si_overrun: [20, 4, 'int'],
  // _timer, _rt: union sigval (si_int is its int arm, si_ptr its pointer arm)
  si_value: [24, 8, 'sigval_t'],
  si_int: [24, 4, 'int'],
  si_ptr: [24, 8, 'void *'],
  // _sigchld
  si_status: [24, 4, 'int'],
  si_utime: [32, 8, '__kernel_clock_t'],
  si_stime: [40, 8, '__kernel_clock_t'],
  // _sigfault: SIGILL, SIGFPE, SIGSEGV, SIGBUS, SIGTRAP
  si_addr: [16, 8, 'void *'],
  si_addr_lsb: [24, 2, 'short'],
  si_lower: [32, 8, 'void *'],
  si_upper: [40, 8, 'void *'],
  si_pkey: [32, 4, '__u32'],
  si_perf_data: [24, 8, 'unsigned long'],
  si_perf_type: [32, 4, '__u32'],
  si_perf_flags: [36, 4, '__u32'],
  // _sigpoll
  si_band: [16, 8, 'long'],
  si_fd: [24, 4, 'int'],
  // _sigsys
  si_call_addr: [16, 8, 'void *'],
  si_syscall: [24, 4, 'int'],
  si_arch: [28, 4, 'unsigned int'],
});

/** STACK_T mirrors `stack_t` (arch/x86/include/uapi/asm/signal.h); 4 bytes of padding follow ss_flags. */
export const STACK_T = layout('stack_t', 'arch/x86/include/uapi/asm/signal.h', 24, {
  ss_sp: [0, 8, 'void *'],
  ss_flags: [8, 4, 'int'],
  ss_size: [16, 8, '__kernel_size_t'],
});

/**
 * SIGCONTEXT mirrors the x86-64 `struct sigcontext` (arch/x86/include/uapi/asm/sigcontext.h).
 * cs, gs, fs and ss are u16 each. The fourth u16 was `__pad0` until Linux 4.6; it holds SS when
 * uc_flags has UC_SIGCONTEXT_SS (the header keeps both names in a union). gs/fs are written as 0
 * since 2.5.64 and never restored. `fpstate` points at the FP state (`struct _fpstate_64`/`_xstate`).
 */
export const SIGCONTEXT = layout('struct sigcontext', 'arch/x86/include/uapi/asm/sigcontext.h', 256, {
  r8: [0, 8, '__u64'],
  r9: [8, 8, '__u64'],
  r10: [16, 8, '__u64'],
  r11: [24, 8, '__u64'],
  r12: [32, 8, '__u64'],
  r13: [40, 8, '__u64'],
  r14: [48, 8, '__u64'],
  r15: [56, 8, '__u64'],
  rdi: [64, 8, '__u64'],
  rsi: [72, 8, '__u64'],
  rbp: [80, 8, '__u64'],
  rbx: [88, 8, '__u64'],
  rdx: [96, 8, '__u64'],
  rax: [104, 8, '__u64'],
  rcx: [112, 8, '__u64'],
  rsp: [120, 8, '__u64'],
  rip: [128, 8, '__u64'],
  eflags: [136, 8, '__u64'],
  cs: [144, 2, '__u16'],
  gs: [146, 2, '__u16'],
  fs: [148, 2, '__u16'],
  ss: [150, 2, '__u16'],
  err: [152, 8, '__u64'],
  trapno: [160, 8, '__u64'],
  oldmask: [168, 8, '__u64'],
  cr2: [176, 8, '__u64'],
  fpstate: [184, 8, 'struct _fpstate *'],
  reserved1: [192, 64, '__u64[8]'],
});

/**
 * UCONTEXT mirrors the kernel's `struct ucontext` (include/uapi/asm-generic/ucontext.h, included by
 * arch/x86/include/uapi/asm/ucontext.h). Its sigset_t is the kernel's 8-byte one; glibc's
 * ucontext_t differs after uc_mcontext (a 128-byte sigset and __fpregs_mem), so it is not this.
 */
export const UCONTEXT = layout('struct ucontext', 'include/uapi/asm-generic/ucontext.h', 304, {
  uc_flags: [0, 8, 'unsigned long'],
  uc_link: [8, 8, 'struct ucontext *'],
  uc_stack: [16, 24, 'stack_t'],
  uc_mcontext: [40, 256, 'struct sigcontext'],
  uc_sigmask: [296, 8, 'sigset_t'],
});

/**
 * RT_SIGFRAME mirrors the 64-bit `struct rt_sigframe` (arch/x86/include/asm/sigframe.h; not uapi):
 * the restorer's address, where the handler's RET goes, then the ucontext and the siginfo. The FP
 * state follows it, higher on the stack.
 */
export const RT_SIGFRAME = layout('struct rt_sigframe', 'arch/x86/include/asm/sigframe.h', 440, {
  pretcode: [0, 8, 'char *'],
  uc: [8, 304, 'struct ucontext'],
  info: [312, 128, 'struct siginfo'],
});

/**
 * FPSTATE_64 mirrors `struct _fpstate_64` (arch/x86/include/uapi/asm/sigcontext.h): the 512-byte
 * FXSAVE image in its 64-bit form (SDM Vol. 1, Table 10-2). Bytes 464..511 are ignored by the CPU;
 * the kernel stores `struct _fpx_sw_bytes` there (sw_reserved).
 */
export const FPSTATE_64 = layout('struct _fpstate_64', 'arch/x86/include/uapi/asm/sigcontext.h', 512, {
  cwd: [0, 2, '__u16'],
  swd: [2, 2, '__u16'],
  /** The abridged tag byte of FXSAVE (one bit per physical register), not the FSAVE tag word. */
  twd: [4, 2, '__u16'],
  fop: [6, 2, '__u16'],
  rip: [8, 8, '__u64'],
  rdp: [16, 8, '__u64'],
  mxcsr: [24, 4, '__u32'],
  mxcsr_mask: [28, 4, '__u32'],
  st_space: [32, 128, '__u32[32]'],
  xmm_space: [160, 256, '__u32[64]'],
  reserved2: [416, 48, '__u32[12]'],
  sw_reserved: [464, 48, 'struct _fpx_sw_bytes'],
});

/** FPX_SW_BYTES mirrors `struct _fpx_sw_bytes` (arch/x86/include/uapi/asm/sigcontext.h). */
export const FPX_SW_BYTES = layout('struct _fpx_sw_bytes', 'arch/x86/include/uapi/asm/sigcontext.h', 48, {
  magic1: [0, 4, '__u32'],
  extended_size: [4, 4, '__u32'],
  xfeatures: [8, 8, '__u64'],
  xstate_size: [16, 4, '__u32'],
  padding: [20, 28, '__u32[7]'],
});

/**
 * XSAVE_HEADER mirrors `struct _header` (arch/x86/include/uapi/asm/sigcontext.h), the 64-byte XSAVE
 * header at offset 512 of the XSAVE area (SDM Vol. 1, 13.4.2): xfeatures is XSTATE_BV, and
 * reserved1[0] is what the SDM calls XCOMP_BV (0 in the standard format a signal frame uses).
 */
export const XSAVE_HEADER = layout('struct _header', 'arch/x86/include/uapi/asm/sigcontext.h', 64, {
  xfeatures: [0, 8, '__u64'],
  reserved1: [8, 16, '__u64[2]'],
  reserved2: [24, 40, '__u64[5]'],
});

/** XSTATE mirrors `struct _xstate` (arch/x86/include/uapi/asm/sigcontext.h): legacy area, header, YMM_Hi128. */
export const XSTATE = layout('struct _xstate', 'arch/x86/include/uapi/asm/sigcontext.h', 832, {
  fpstate: [0, 512, 'struct _fpstate_64'],
  xstate_hdr: [512, 64, 'struct _header'],
  ymmh: [576, 256, 'struct _ymmh_state'],
});

/** KSIGACTION mirrors the x86-64 kernel `struct sigaction` of rt_sigaction (arch/x86/include/uapi/asm/signal.h). */
export const KSIGACTION = layout('struct sigaction', 'arch/x86/include/uapi/asm/signal.h', 32, {
  sa_handler: [0, 8, '__sighandler_t'],
  sa_flags: [8, 8, 'unsigned long'],
  sa_restorer: [16, 8, '__sigrestore_t'],
  sa_mask: [24, 8, 'sigset_t'],
});

// ---------------------------------------------------------------------------------------------
// Constants

/** sigaction flags (include/uapi/asm-generic/signal-defs.h; SA_RESTORER from arch/x86/include/uapi/asm/signal.h). */
export const SA_NOCLDSTOP = 0x00000001, SA_NOCLDWAIT = 0x00000002, SA_SIGINFO = 0x00000004,
  SA_UNSUPPORTED = 0x00000400, SA_EXPOSE_TAGBITS = 0x00000800, SA_RESTORER = 0x04000000,
  SA_ONSTACK = 0x08000000, SA_RESTART = 0x10000000, SA_NODEFER = 0x40000000, SA_RESETHAND = 0x80000000;

/** sigaltstack flags (include/uapi/linux/signal.h). SS_AUTODISARM is bit 31 (an int: negative in C). */
export const SS_ONSTACK = 1, SS_DISABLE = 2, SS_AUTODISARM = 0x80000000, SS_FLAG_BITS = SS_AUTODISARM;

/** Alternate stack sizes (arch/x86/include/uapi/asm/signal.h). */
export const MINSIGSTKSZ = 2048, SIGSTKSZ = 8192;

/** uc_flags bits (arch/x86/include/uapi/asm/ucontext.h). */
export const UC_FP_XSTATE = 0x1, UC_SIGCONTEXT_SS = 0x2, UC_STRICT_RESTORE_SS = 0x4;

/** Special handlers (include/uapi/asm-generic/signal-defs.h). */
export const SIG_DFL = 0, SIG_IGN = 1, SIG_ERR = -1;

/** rt_sigprocmask `how` (include/uapi/asm-generic/signal-defs.h). */
export const SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;

/** Signal numbers beyond the classic 31 (arch/x86/include/uapi/asm/signal.h; _NSIG from include/asm-generic/signal.h). */
export const SIGRTMIN = 32, NSIG = 64;

/** FP state markers (arch/x86/include/uapi/asm/sigcontext.h). */
export const FP_XSTATE_MAGIC1 = 0x46505853, FP_XSTATE_MAGIC2 = 0x46505845, FP_XSTATE_MAGIC2_SIZE = 4;

/** XSAVE state components (arch/x86/include/asm/fpu/types.h): x87 and SSE are the legacy area. */
export const XFEATURE_MASK_FP = 0x1, XFEATURE_MASK_SSE = 0x2, XFEATURE_MASK_FPSSE = 0x3;

/** Size of the legacy area plus the XSAVE header: the smallest XSAVE image (arch/x86/include/asm/fpu/xstate.h). */
export const FXSAVE_SIZE = 512, XSAVE_HDR_SIZE = 64, XSAVE_HDR_OFFSET = 512;

/** User segment selectors (arch/x86/include/asm/segment.h): GDT entries 4, 5, 6 with RPL 3. */
export const USER32_CS = 0x23, USER_DS = 0x2b, USER_CS = 0x33;

/**
 * FIX_EFLAGS mirrors arch/x86/include/asm/sighandling.h: the RFLAGS bits rt_sigreturn takes from the
 * frame (AC OF DF TF SF ZF AF PF CF RF; no NT, IF, IOPL or ID on x86-64).
 */
export const X86_EFLAGS_CF = 1 << 0, X86_EFLAGS_PF = 1 << 2, X86_EFLAGS_AF = 1 << 4, X86_EFLAGS_ZF = 1 << 6,
  X86_EFLAGS_SF = 1 << 7, X86_EFLAGS_TF = 1 << 8, X86_EFLAGS_DF = 1 << 10, X86_EFLAGS_OF = 1 << 11,
  X86_EFLAGS_RF = 1 << 16, X86_EFLAGS_AC = 1 << 18;
export const FIX_EFLAGS = X86_EFLAGS_AC | X86_EFLAGS_OF | X86_EFLAGS_DF | X86_EFLAGS_TF | X86_EFLAGS_SF |
  X86_EFLAGS_ZF | X86_EFLAGS_AF | X86_EFLAGS_PF | X86_EFLAGS_CF | X86_EFLAGS_RF;

/** si_code values not in linux.ts (include/uapi/asm-generic/siginfo.h). */
export const SI_QUEUE = -1, SI_TIMER = -2, SI_MESGQ = -3, SI_ASYNCIO = -4, SI_SIGIO = -5, SI_DETHREAD = -7,
  SI_ASYNCNL = -60;
export const SEGV_BNDERR = 3, BUS_MCEERR_AR = 4, BUS_MCEERR_AO = 5, TRAP_BRANCH = 3, TRAP_HWBKPT = 4,
  TRAP_UNK = 5, TRAP_PERF = 6;
export const CLD_EXITED = 1, CLD_KILLED = 2, CLD_DUMPED = 3, CLD_TRAPPED = 4, CLD_STOPPED = 5, CLD_CONTINUED = 6;
export const POLL_IN = 1, POLL_OUT = 2, POLL_MSG = 3, POLL_ERR = 4, POLL_PRI = 5, POLL_HUP = 6;
export const SYS_SECCOMP = 1, SYS_USER_DISPATCH = 2;
/** How many si_code values each signal defines (the NSIG* limits of siginfo.h). */
export const NSIGILL = 11, NSIGFPE = 15, NSIGSEGV = 9, NSIGBUS = 5, NSIGTRAP = 6, NSIGCHLD = 6, NSIGPOLL = 6,
  NSIGSYS = 2;

// ---------------------------------------------------------------------------------------------
// Masks and the meaning of siginfo's union

/** sigmask mirrors include/linux/signal.h sigmask(): the bit of `sig` in a 64-bit sigset. */
export function sigmask(sig: number): bigint {
  return 1n << BigInt(sig - 1);
}

/** SIG_UNBLOCKABLE is sigmask(SIGKILL) | sigmask(SIGSTOP): set_current_blocked() strips them. */
export const SIG_UNBLOCKABLE = sigmask(SIGKILL) | sigmask(SIGSTOP);

/** SigInfoLayout names the arm of `union __sifields` in use (include/linux/signal.h enum siginfo_layout). */
export type SigInfoLayout =
  | 'kill' | 'timer' | 'poll' | 'fault' | 'fault-mceerr' | 'fault-bnderr' | 'fault-pkuerr' | 'fault-perf-event'
  | 'chld' | 'rt' | 'sys';

const SIG_SICODES: Record<number, { limit: number; layout: SigInfoLayout }> = {
  [SIGILL]: { limit: NSIGILL, layout: 'fault' },
  [SIGFPE]: { limit: NSIGFPE, layout: 'fault' },
  [SIGSEGV]: { limit: NSIGSEGV, layout: 'fault' },
  [SIGBUS]: { limit: NSIGBUS, layout: 'fault' },
  [SIGTRAP]: { limit: NSIGTRAP, layout: 'fault' },
  [SIGCHLD]: { limit: NSIGCHLD, layout: 'chld' },
  [SIGIO]: { limit: NSIGPOLL, layout: 'poll' },
  [SIGSYS]: { limit: NSIGSYS, layout: 'sys' },
};

/** siginfoLayout mirrors kernel/signal.c siginfo_layout(): which union arm (sig, si_code) uses. */
export function siginfoLayout(sig: number, code: number): SigInfoLayout {
  if (code > SI_USER && code < SI_KERNEL) {
    const s = SIG_SICODES[sig];
    if (s && code <= s.limit) {
      if (sig === SIGBUS && (code === BUS_MCEERR_AR || code === BUS_MCEERR_AO)) return 'fault-mceerr';
      if (sig === SIGSEGV && code === SEGV_BNDERR) return 'fault-bnderr';
      if (sig === SIGSEGV && code === SEGV_PKUERR) return 'fault-pkuerr';
      if (sig === SIGTRAP && code === TRAP_PERF) return 'fault-perf-event';
      return s.layout;
    }
    return code <= NSIGPOLL ? 'poll' : 'kill';
  }
  if (code === SI_TIMER) return 'timer';
  if (code === SI_SIGIO) return 'poll';
  if (code < 0) return 'rt';
  return 'kill';
}

// ---------------------------------------------------------------------------------------------
// Default actions

/** SigDefaultAction is a default disposition as signal(7) names it (Term, Core, Ign, Stop, Cont). */
export type SigDefaultAction = 'term' | 'core' | 'ign' | 'stop' | 'cont';

/** SIG_DEFAULT_ACTIONS is the "Standard signals" table of signal(7) for signals 1..31 on x86. */
export const SIG_DEFAULT_ACTIONS: Readonly<Record<number, SigDefaultAction>> = {
  1: 'term', // SIGHUP
  2: 'term', // SIGINT
  3: 'core', // SIGQUIT
  4: 'core', // SIGILL
  5: 'core', // SIGTRAP
  6: 'core', // SIGABRT
  7: 'core', // SIGBUS
  8: 'core', // SIGFPE
  9: 'term', // SIGKILL
  10: 'term', // SIGUSR1
  11: 'core', // SIGSEGV
  12: 'term', // SIGUSR2
  13: 'term', // SIGPIPE
  14: 'term', // SIGALRM
  15: 'term', // SIGTERM
  16: 'term', // SIGSTKFLT
  17: 'ign', // SIGCHLD
  18: 'cont', // SIGCONT
  19: 'stop', // SIGSTOP
  20: 'stop', // SIGTSTP
  21: 'stop', // SIGTTIN
  22: 'stop', // SIGTTOU
  23: 'ign', // SIGURG
  24: 'core', // SIGXCPU
  25: 'core', // SIGXFSZ
  26: 'term', // SIGVTALRM
  27: 'term', // SIGPROF
  28: 'ign', // SIGWINCH
  29: 'term', // SIGIO
  30: 'term', // SIGPWR
  31: 'core', // SIGSYS
};

/** sigDefaultAction returns the default disposition of `sig` (1..64); real-time signals terminate (signal(7)). */
export function sigDefaultAction(sig: number): SigDefaultAction {
  return SIG_DEFAULT_ACTIONS[sig] ?? 'term';
}
