/* execve: run another corpus program; re-exec this program (/proc/self/exe) and check what
 * survives an exec (pid, parent, mask, pending signals, ignored signals, descriptors without
 * O_CLOEXEC) and what does not (handlers, O_CLOEXEC descriptors, other threads); failures. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;
static char self_dir[4096];

static void on_usr2(int sig) { (void)sig; }

static int after_exec(int argc, char **argv) {
  /* argv: self "after" expected_pid expected_ppid keep_fd cloexec_fd */
  if (argc < 7) return 50;
  pid_t want_pid = atoi(argv[2]), want_ppid = atoi(argv[3]);
  int keep = atoi(argv[4]), gone = atoi(argv[5]);
  printf("after exec: pid kept %d, parent kept %d\n", getpid() == want_pid, getppid() == want_ppid);
  printf("after exec: plain fd open %d, O_CLOEXEC fd closed %d\n", fcntl(keep, F_GETFD) >= 0, fcntl(gone, F_GETFD) == -1 && errno == EBADF);
  struct sigaction sa;
  sigaction(SIGUSR2, NULL, &sa);
  printf("after exec: handled SIGUSR2 is SIG_DFL %d\n", sa.sa_handler == SIG_DFL);
  sigaction(SIGINT, NULL, &sa);
  printf("after exec: ignored SIGINT still ignored %d\n", sa.sa_handler == SIG_IGN);
  sigset_t m, pend;
  sigprocmask(SIG_BLOCK, NULL, &m);
  sigpending(&pend);
  printf("after exec: SIGUSR1 still blocked %d, still pending %d\n", sigismember(&m, SIGUSR1), sigismember(&pend, SIGUSR1));
  stack_t ss;
  sigaltstack(NULL, &ss);
  printf("after exec: alternate stack disabled %d\n", (ss.ss_flags & SS_DISABLE) != 0);
  printf("after exec: argv[6] = %s\n", argv[6]);
  return 0;
}

static void *exec_from_thread(void *arg) {
  char **args = arg;
  execve("/proc/self/exe", args, environ);
  return NULL;
}

static void show(const char *what, int st) {
  if (WIFEXITED(st)) printf("%s: exit status %d\n", what, WEXITSTATUS(st));
  else printf("%s: signal %d\n", what, WTERMSIG(st));
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc > 1 && strcmp(argv[1], "after") == 0) return after_exec(argc, argv);
  if (argc > 1 && strcmp(argv[1], "pid") == 0) {
    printf("exec from a thread: pid kept %d\n", getpid() == atoi(argv[2]));
    return 0;
  }
  /* This program lives in guest/build/procs; the corpus is in guest/build/corpus. */
  strncpy(self_dir, argv[0], sizeof self_dir - 1);
  char *slash = strrchr(self_dir, '/');
  if (slash) *slash = 0;
  char corpus[4200];
  snprintf(corpus, sizeof corpus, "%s/../corpus/argv.O2", self_dir);

  fflush(stdout);
  pid_t p = fork();
  if (p == 0) {
    char *args[] = {corpus, "from", "execve", NULL};
    char *env[] = {"LC_ALL=C", NULL};
    execve(corpus, args, env);
    printf("execve failed: %s\n", strerror(errno));
    exit(127);
  }
  int st;
  waitpid(p, &st, 0);
  show("corpus program", st);

  /* Re-exec ourselves with state that must (or must not) survive. */
  fflush(stdout);
  p = fork();
  if (p == 0) {
    int keep = open("/dev/null", O_RDONLY);
    int gone = open("/dev/null", O_RDONLY | O_CLOEXEC);
    struct sigaction sa = {0};
    sa.sa_handler = on_usr2;
    sigaction(SIGUSR2, &sa, NULL);
    signal(SIGINT, SIG_IGN);
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    sigprocmask(SIG_BLOCK, &m, NULL);
    raise(SIGUSR1);
    static char altstack[65536];
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
    sigaltstack(&ss, NULL);
    char a[4][32];
    snprintf(a[0], 32, "%d", getpid());
    snprintf(a[1], 32, "%d", getppid());
    snprintf(a[2], 32, "%d", keep);
    snprintf(a[3], 32, "%d", gone);
    char *args[] = {argv[0], "after", a[0], a[1], a[2], a[3], "last-argument", NULL};
    execve("/proc/self/exe", args, environ);
    exit(127);
  }
  waitpid(p, &st, 0);
  show("re-exec", st);

  /* execve from a second thread: the other threads go away and the pid stays. */
  fflush(stdout);
  p = fork();
  if (p == 0) {
    static char pidbuf[32];
    snprintf(pidbuf, sizeof pidbuf, "%d", getpid());
    static char *args[4];
    args[0] = argv[0];
    args[1] = "pid";
    args[2] = pidbuf;
    args[3] = NULL;
    pthread_t t;
    pthread_create(&t, NULL, exec_from_thread, args);
    for (;;) pause();
  }
  waitpid(p, &st, 0);
  show("exec from a thread", st);

  /* vfork + exec, and vfork + _exit. */
  fflush(stdout);
  p = vfork();
  if (p == 0) {
    char *args[] = {corpus, "vforked", NULL};
    char *env[] = {NULL};
    execve(corpus, args, env);
    _exit(127);
  }
  waitpid(p, &st, 0);
  show("vfork + execve", st);
  volatile int touched = 0;
  p = vfork();
  if (p == 0) {
    touched = 1;
    _exit(6);
  }
  waitpid(p, &st, 0);
  printf("vfork + _exit: the child ran first in our memory %d, ", touched);
  show("status", st);

  /* posix_spawn (glibc: clone(CLONE_VM|CLONE_VFORK) on a stack of its own), and its error path. */
  char *sargs[] = {corpus, "spawned", NULL};
  char *senv[] = {NULL};
  fflush(stdout);
  int rc = posix_spawn(&p, corpus, NULL, NULL, sargs, senv);
  waitpid(p, &st, 0);
  printf("posix_spawn: %d, ", rc);
  show("spawned program", st);
  char missing[4200];
  snprintf(missing, sizeof missing, "%s/no-such-program", self_dir);
  sargs[0] = missing;
  rc = posix_spawn(&p, missing, NULL, NULL, sargs, senv);
  printf("posix_spawn of a missing file: %s\n", rc == 0 ? "0 (reported by the child)" : strerror(rc));
  if (rc == 0) {
    waitpid(p, &st, 0);
    show("missing spawned program", st);
  }

  /* Failures leave the caller running. */
  char path[4200];
  errno = 0;
  snprintf(path, sizeof path, "%s/no-such-program", self_dir);
  char *args[] = {path, NULL};
  execve(path, args, environ);
  printf("missing file: %s\n", strerror(errno));
  snprintf(path, sizeof path, "%s/not-executable.txt", self_dir);
  execve(path, args, environ);
  printf("file without execute permission: %s\n", strerror(errno));
  execve(self_dir, args, environ);
  printf("a directory: %s\n", strerror(errno));
  snprintf(path, sizeof path, "%s/garbage.bin", self_dir);
  execve(path, args, environ);
  printf("executable garbage: %s\n", strerror(errno));
  snprintf(path, sizeof path, "%s/script.sh", self_dir);
  fflush(stdout);
  p = fork();
  if (p == 0) {
    char *sargs[] = {path, "script-arg", NULL};
    execve(path, sargs, environ);
    printf("script: %s\n", strerror(errno));
    exit(127);
  }
  waitpid(p, &st, 0);
  show("#! script run by its interpreter (ret42)", st);
  return 0;
}
