/* clone and clone3 directly: a thread made with raw flags (CLONE_CHILD_SETTID/CLEARTID,
 * CLONE_PARENT_SETTID, CLONE_SETTLS untouched), a process made by clone with a signal, clone3's
 * argument checks, and CLONE_VFORK suspending the parent. */
#define _GNU_SOURCE
#include <errno.h>
#include "kabi.h"
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int child_ran;
static pid_t parent_tid_slot, child_tid_slot;
static int thread_saw_pid_equal;

static int thread_fn(void *arg) {
  (void)arg;
  thread_saw_pid_equal = getpid() == (pid_t)(long)arg && syscall(SYS_gettid) != getpid();
  child_ran = 1;
  return 0; /* the glibc clone wrapper calls exit(0) with this */
}

static int proc_fn(void *arg) {
  (void)arg;
  return 42;
}

static volatile int vfork_child_done;
static int vfork_fn(void *arg) {
  (void)arg;
  vfork_child_done = 1;
  _exit(5);
}

static const char *err(long r) {
  if (r >= 0) return "ok";
  return errno == EINVAL ? "EINVAL" : errno == E2BIG ? "E2BIG" : errno == EFAULT ? "EFAULT" : strerror(errno);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  size_t sz = 256 * 1024;
  char *stack = malloc(sz);
  int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | CLONE_PARENT_SETTID |
              CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID;
  child_tid_slot = -1;
  long tid = clone(thread_fn, stack + sz, flags, (void *)(long)getpid(), &parent_tid_slot, NULL, &child_tid_slot);
  /* CLONE_CHILD_CLEARTID: the word is zeroed and woken when the thread exits. */
  while (1) {
    pid_t v = __atomic_load_n(&child_tid_slot, __ATOMIC_SEQ_CST);
    if (v == 0) break;
    syscall(SYS_futex, &child_tid_slot, FUTEX_WAIT, v, NULL, NULL, 0);
  }
  printf("thread clone: returned its tid in parent_tid: %d, ran: %d, same pid, own tid: %d, child_tid cleared: %d\n",
         parent_tid_slot == tid, child_ran, thread_saw_pid_equal, child_tid_slot == 0);

  pid_t p = clone(proc_fn, stack + sz, SIGCHLD, NULL);
  int st;
  int same = waitpid(p, &st, 0) == p;
  printf("process clone: waitpid %d, exit status %d\n", same, WEXITSTATUS(st));

  signal(SIGUSR1, SIG_IGN);
  p = clone(proc_fn, stack + sz, SIGUSR1, NULL);
  printf("clone with exit signal SIGUSR1: plain waitpid: %s", waitpid(p, &st, WNOHANG) == -1 && errno == ECHILD ? "ECHILD" : "unexpected");
  printf(", with __WCLONE: %d\n", waitpid(p, &st, __WCLONE) == p && WEXITSTATUS(st) == 42);

  p = clone(vfork_fn, stack + sz, CLONE_VM | CLONE_VFORK | SIGCHLD, NULL);
  printf("CLONE_VFORK: parent resumed after the child exited: %d", vfork_child_done);
  waitpid(p, &st, 0);
  printf(", status %d\n", WEXITSTATUS(st));

  struct kclone_args ca;
  memset(&ca, 0, sizeof ca);
  printf("clone3 with size 8: %s\n", err(syscall(SYS_clone3, &ca, 8)));
  printf("clone3 with size 8192: %s\n", err(syscall(SYS_clone3, &ca, 8192)));
  ca.flags = CLONE_THREAD | CLONE_SIGHAND | CLONE_VM;
  ca.exit_signal = SIGCHLD;
  printf("clone3 CLONE_THREAD with an exit signal: %s\n", err(syscall(SYS_clone3, &ca, sizeof ca)));
  memset(&ca, 0, sizeof ca);
  ca.stack = (uint64_t)(uintptr_t)stack;
  printf("clone3 with a stack but no size: %s\n", err(syscall(SYS_clone3, &ca, sizeof ca)));
  memset(&ca, 0, sizeof ca);
  ca.exit_signal = 65;
  printf("clone3 with exit signal 65: %s\n", err(syscall(SYS_clone3, &ca, sizeof ca)));
  memset(&ca, 0, sizeof ca);
  ca.flags = CLONE_SIGHAND;
  printf("clone3 CLONE_SIGHAND without CLONE_VM: %s\n", err(syscall(SYS_clone3, &ca, sizeof ca)));
  memset(&ca, 0, sizeof ca);
  ca.exit_signal = SIGCHLD;
  long r = syscall(SYS_clone3, &ca, sizeof ca);
  if (r == 0) _exit(9);
  printf("clone3 as fork: child status %d\n", waitpid(r, &st, 0) == r ? WEXITSTATUS(st) : -1);
  return 0;
}
