/*
 * Signals sent by the process to itself: kill, raise (tgkill), sigqueue; what the handler sees in
 * siginfo and ucontext; nesting, SA_NODEFER, SA_RESETHAND; masks, pending sets, sigsuspend,
 * sigtimedwait; real-time queueing order; SIG_IGN and default-ignore; sigaction's own checks.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

static int depth;
static char log_buf[1024];
static size_t log_len;

static void note(const char *fmt, int a) {
  log_len += (size_t)snprintf(log_buf + log_len, sizeof log_buf - log_len, fmt, a);
}

static void flush_log(const char *what) {
  printf("%s: %s\n", what, log_buf);
  log_len = 0;
  log_buf[0] = 0;
}

static void set(int sig, void (*fn)(int, siginfo_t *, void *), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = fn;
  sa.sa_flags = SA_SIGINFO | flags;
  if (sigaction(sig, &sa, NULL)) perror("sigaction");
}

static unsigned long blocked_now(void) {
  sigset_t s;
  sigprocmask(SIG_BLOCK, NULL, &s);
  unsigned long m = 0;
  for (int i = 1; i < 64; i++)
    if (sigismember(&s, i)) m |= 1ul << (i - 1);
  return m;
}

static void show_info(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = ctx;
  unsigned long mask = 0;
  for (int i = 1; i < 64; i++)
    if (sigismember(&uc->uc_sigmask, i)) mask |= 1ul << (i - 1);
  printf("  handler: sig=%d code=%d errno=%d pid=%s uid=%s value=%d; blocked in handler=%#lx saved mask=%#lx trapno=%lld\n",
         sig, si->si_code, si->si_errno, si->si_pid == getpid() ? "self" : "other", si->si_uid == getuid() ? "self" : "other",
         si->si_code == SI_QUEUE ? si->si_value.sival_int : -1, blocked_now(), mask,
         (long long)uc->uc_mcontext.gregs[REG_TRAPNO]);
}

static void nest_inner(int sig, siginfo_t *si, void *ctx) {
  (void)si;
  (void)ctx;
  note("<inner %d>", sig);
}

static void nest_outer(int sig, siginfo_t *si, void *ctx) {
  static int calls;
  (void)si;
  (void)ctx;
  note("<outer %d", sig);
  if (calls++ == 0) {
    raise(SIGUSR2); /* not blocked: runs now, nested */
    raise(SIGUSR1); /* blocked while this handler runs: runs after it returns */
  }
  note(" outer %d>", sig);
}

static int raises;

static void recursive(int sig, siginfo_t *si, void *ctx) {
  (void)si;
  (void)ctx;
  depth++;
  note("<%d", depth);
  if (++raises < 3) raise(sig);
  note(" %d>", depth);
  depth--;
}

static void oneshot(int sig, siginfo_t *si, void *ctx) {
  (void)si;
  (void)ctx;
  note("<oneshot %d>", sig);
}

static void order(int sig, siginfo_t *si, void *ctx) {
  (void)ctx;
  if (sig >= SIGRTMIN)
    note(sig == SIGRTMIN ? "<RTMIN v=%d>" : "<RTMIN+2 v=%d>", si->si_code == SI_QUEUE ? si->si_value.sival_int : -1);
  else
    note("<%d>", sig);
}

static void plain(int sig) { note("<plain %d>", sig); }

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);

  printf("kill(getpid(), SIGUSR1):\n");
  set(SIGUSR1, show_info, 0);
  printf("  kill returned %d\n", kill(getpid(), SIGUSR1));
  printf("raise(SIGUSR1):\n");
  raise(SIGUSR1);
  printf("sigqueue(SIGUSR1, 42):\n");
  sigqueue(getpid(), SIGUSR1, (union sigval){.sival_int = 42});
  printf("with sa_mask = {SIGUSR2, SIGTERM}:\n");
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = show_info;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  sigaddset(&sa.sa_mask, SIGUSR2);
  sigaddset(&sa.sa_mask, SIGTERM);
  sigaddset(&sa.sa_mask, SIGKILL);
  sigaction(SIGUSR1, &sa, NULL);
  struct sigaction back;
  sigaction(SIGUSR1, NULL, &back);
  printf("  stored mask has SIGKILL: %d, SIGUSR2: %d\n", sigismember(&back.sa_mask, SIGKILL), sigismember(&back.sa_mask, SIGUSR2));
  raise(SIGUSR1);

  set(SIGUSR1, nest_outer, 0);
  set(SIGUSR2, nest_inner, 0);
  raise(SIGUSR1);
  flush_log("nested");

  set(SIGUSR1, recursive, SA_NODEFER);
  raises = 0;
  raise(SIGUSR1);
  flush_log("SA_NODEFER");
  set(SIGUSR1, recursive, 0);
  raises = 0;
  raise(SIGUSR1);
  flush_log("without SA_NODEFER");

  set(SIGURG, oneshot, SA_RESETHAND);
  raise(SIGURG);
  raise(SIGURG); /* default action of SIGURG: ignore */
  struct sigaction now;
  sigaction(SIGURG, NULL, &now);
  flush_log("SA_RESETHAND");
  printf("  SIGURG handler is now %s\n", now.sa_handler == SIG_DFL ? "SIG_DFL" : "still set");

  /* Blocked, pending, then unblocked. */
  set(SIGUSR1, order, 0);
  set(SIGUSR2, order, 0);
  set(SIGRTMIN, order, 0);
  set(SIGRTMIN + 2, order, 0);
  sigset_t all, old, pend;
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, &old);
  raise(SIGUSR2);
  raise(SIGUSR2);
  sigqueue(getpid(), SIGRTMIN + 2, (union sigval){.sival_int = 1});
  sigqueue(getpid(), SIGRTMIN + 2, (union sigval){.sival_int = 2});
  sigqueue(getpid(), SIGRTMIN, (union sigval){.sival_int = 3});
  raise(SIGUSR1);
  sigqueue(getpid(), SIGRTMIN + 2, (union sigval){.sival_int = 4});
  sigpending(&pend);
  printf("pending while blocked: USR1=%d USR2=%d RTMIN=%d RTMIN+2=%d TERM=%d\n", sigismember(&pend, SIGUSR1),
         sigismember(&pend, SIGUSR2), sigismember(&pend, SIGRTMIN), sigismember(&pend, SIGRTMIN + 2), sigismember(&pend, SIGTERM));
  printf("unblocking\n");
  sigprocmask(SIG_SETMASK, &old, NULL);
  flush_log("delivery order (each handler interrupted by the next)");
  struct sigaction ser;
  memset(&ser, 0, sizeof ser);
  ser.sa_sigaction = order;
  ser.sa_flags = SA_SIGINFO;
  sigfillset(&ser.sa_mask);
  int sers[] = {SIGUSR1, SIGUSR2, SIGRTMIN, SIGRTMIN + 2};
  for (int i = 0; i < 4; i++) sigaction(sers[i], &ser, NULL);
  sigprocmask(SIG_BLOCK, &all, &old);
  sigqueue(getpid(), SIGRTMIN + 2, (union sigval){.sival_int = 5});
  raise(SIGUSR2);
  sigqueue(getpid(), SIGRTMIN, (union sigval){.sival_int = 6});
  sigqueue(getpid(), SIGRTMIN + 2, (union sigval){.sival_int = 7});
  raise(SIGUSR1);
  sigprocmask(SIG_SETMASK, &old, NULL);
  flush_log("delivery order (sa_mask full)");

  /* sigsuspend: SIGUSR1 pending while blocked, then let through. */
  sigset_t usr1, wait_mask;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  sigprocmask(SIG_BLOCK, &usr1, &old);
  raise(SIGUSR1);
  sigprocmask(SIG_BLOCK, NULL, &wait_mask);
  sigdelset(&wait_mask, SIGUSR1);
  errno = 0;
  int r = sigsuspend(&wait_mask);
  int e = errno;
  flush_log("sigsuspend handler");
  printf("  sigsuspend returned %d errno=%s; blocked after=%#lx\n", r, e == EINTR ? "EINTR" : strerror(e), blocked_now());
  sigprocmask(SIG_SETMASK, &old, NULL);

  /* sigtimedwait: takes a pending blocked signal without running its handler. */
  sigprocmask(SIG_BLOCK, &usr1, &old);
  sigqueue(getpid(), SIGUSR1, (union sigval){.sival_int = 7});
  siginfo_t si;
  memset(&si, 0, sizeof si);
  r = sigwaitinfo(&usr1, &si);
  printf("sigwaitinfo: %d code=%d value=%d pid=%s\n", r, si.si_code, si.si_value.sival_int, si.si_pid == getpid() ? "self" : "other");
  struct timespec ts = {0, 20 * 1000 * 1000}, t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  errno = 0;
  r = sigtimedwait(&usr1, &si, &ts);
  e = errno;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  long waited = (t1.tv_sec - t0.tv_sec) * 1000000000L + (t1.tv_nsec - t0.tv_nsec);
  printf("sigtimedwait with nothing pending: %d errno=%s, waited at least 20 ms: %s\n", r, e == EAGAIN ? "EAGAIN" : strerror(e),
         waited >= 20 * 1000 * 1000 ? "yes" : "no");
  struct timespec zero = {0, 0}, badts = {0, 1000000000};
  errno = 0;
  r = sigtimedwait(&usr1, &si, &zero);
  printf("sigtimedwait, zero timeout: %d errno=%s\n", r, errno == EAGAIN ? "EAGAIN" : strerror(errno));
  errno = 0;
  r = sigtimedwait(&usr1, &si, &badts);
  printf("sigtimedwait, bad timeout: %d errno=%s\n", r, errno == EINVAL ? "EINVAL" : strerror(errno));
  sigprocmask(SIG_SETMASK, &old, NULL);
  flush_log("no handler ran");

  /* Ignored signals are dropped, even while blocked once they are ignored. */
  signal(SIGUSR2, SIG_IGN);
  raise(SIGUSR2);
  sigprocmask(SIG_BLOCK, &all, &old);
  signal(SIGUSR2, plain);
  raise(SIGUSR2);
  signal(SIGUSR2, SIG_IGN);
  sigpending(&pend);
  printf("SIGUSR2 pending after SIG_IGN: %d\n", sigismember(&pend, SIGUSR2));
  signal(SIGUSR2, plain);
  raise(SIGWINCH); /* default: ignore, but it is blocked, so it stays pending */
  sigpending(&pend);
  printf("SIGWINCH pending while blocked: %d\n", sigismember(&pend, SIGWINCH));
  sigprocmask(SIG_SETMASK, &old, NULL);
  raise(SIGCHLD);
  flush_log("ignored");

  /* The checks of sigaction, sigprocmask and kill. */
  struct sigaction k;
  memset(&k, 0, sizeof k);
  k.sa_handler = plain;
  errno = 0;
  { long rv = sigaction(SIGKILL, &k, NULL); int en = errno; printf("sigaction(SIGKILL): %ld %s\n", rv, strerror(en)); }
  errno = 0;
  { long rv = sigaction(SIGSTOP, NULL, &k); int en = errno; printf("sigaction(SIGSTOP, NULL, &old): %ld %s\n", rv, strerror(en)); }
  errno = 0;
  { long rv = syscall(SYS_rt_sigaction, 65, NULL, &k, 8); int en = errno; printf("sigaction(65): %ld %s\n", rv, strerror(en)); }
  errno = 0;
  { long rv = syscall(SYS_rt_sigaction, SIGUSR1, NULL, &k, 16); int en = errno; printf("rt_sigaction sigsetsize 16: %ld %s\n", rv, strerror(en)); }
  errno = 0;
  { long rv = syscall(SYS_rt_sigprocmask, 7, &all, NULL, 8); int en = errno; printf("rt_sigprocmask how=7: %ld %s\n", rv, strerror(en)); }
  errno = 0;
  { long rv = syscall(SYS_rt_sigprocmask, SIG_BLOCK, (void *)8, NULL, 8); int en = errno; printf("rt_sigprocmask bad pointer: %ld %s\n", rv, strerror(en)); }
  errno = 0;
  { long rv = kill(getpid(), 65); int en = errno; printf("kill(getpid(), 65): %ld %s\n", rv, strerror(en)); }
  errno = 0;
  { long rv = kill(getpid(), 0); int en = errno; printf("kill(getpid(), 0): %ld %s\n", rv, strerror(en)); }
  errno = 0;
  { long rv = syscall(SYS_tgkill, getpid(), getpid() + 1000000, SIGUSR1); int en = errno; printf("tgkill(pid, pid+1, SIGUSR1): %ld %s\n", rv, strerror(en)); }
  errno = 0;
  { long rv = syscall(SYS_tgkill, 0, gettid(), SIGUSR1); int en = errno; printf("tgkill(0, tid, SIGUSR1): %ld %s\n", rv, strerror(en)); }
  errno = 0;
  { long rv = syscall(SYS_rt_sigpending, &pend, 16); int en = errno; printf("rt_sigpending size 16: %ld %s\n", rv, strerror(en)); }

  /* Flags: unknown bits are dropped, SA_RESTORER is reported back. */
  unsigned long ksa[4] = {(unsigned long)plain, 0xffffffffffffffffUL, 0, 0};
  unsigned long kold[4];
  syscall(SYS_rt_sigaction, SIGUSR2, ksa, NULL, 8);
  syscall(SYS_rt_sigaction, SIGUSR2, NULL, kold, 8);
  printf("all flag bits set, read back: %#lx\n", kold[1]);
  syscall(SYS_rt_sigaction, SIGUSR2, NULL, kold, 8);
  struct sigaction viaLibc;
  sigaction(SIGUSR1, NULL, &viaLibc);
  printf("libc sets SA_RESTORER: %d, restorer set: %d\n", (viaLibc.sa_flags & 0x04000000) != 0, viaLibc.sa_restorer != NULL);
  return 0;
}
