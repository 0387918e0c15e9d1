/* Process groups and sessions: setpgid/getpgid/getpgrp, setsid/getsid, kill of a whole group,
 * kill(0), the errors setpgid gives, and an orphan being adopted when its parent exits. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *e(int r) { return r == 0 ? "0" : errno == EPERM ? "EPERM" : errno == ESRCH ? "ESRCH" : errno == EACCES ? "EACCES" : errno == EINVAL ? "EINVAL" : strerror(errno); }

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc > 2 && strcmp(argv[1], "wait-forever") == 0) {
    write(atoi(argv[2]), "x", 1);
    for (;;) pause();
  }
  int st;
  /* A child makes its own group; the parent sees it. */
  int go[2];
  pipe(go);
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    char b;
    read(go[0], &b, 1);
    exit(getpgrp() == getpid() ? 0 : 1);
  }
  printf("setpgid(child, 0) by the parent: %s\n", e(setpgid(c, 0)));
  printf("getpgid(child) == child: %d, differs from ours: %d\n", getpgid(c) == c, getpgid(c) != getpgrp());
  write(go[1], "x", 1);
  waitpid(c, &st, 0);
  printf("child saw itself as group leader: %d\n", WEXITSTATUS(st) == 0);
  printf("setpgid of a pid that is not our child: %s\n", e(setpgid(1, 0)));
  printf("getpgid of a pid that does not exist: %s\n", e(getpgid(999999) < 0 ? -1 : 0));
  printf("setpgid with a negative pgid: %s\n", e(setpgid(0, -5)));

  /* setsid in a child: new session and group; it cannot then join another session's group. */
  fflush(stdout);
  c = fork();
  if (c == 0) {
    pid_t s = setsid();
    int ok = s == getpid() && getsid(0) == getpid() && getpgrp() == getpid();
    int again = setsid() == -1 && errno == EPERM;
    int join = setpgid(0, getppid()) == -1 && errno == EPERM;
    exit(ok && again && join ? 0 : 1);
  }
  waitpid(c, &st, 0);
  printf("setsid in a child: new session, second setsid EPERM, leaving the session EPERM: %d\n", WEXITSTATUS(st) == 0);

  /* A group of three that sleep; one kill(-pgid) ends them all. */
  pid_t kids[3];
  pid_t pg = 0;
  for (int i = 0; i < 3; i++) {
    fflush(stdout);
    kids[i] = fork();
    if (kids[i] == 0) {
      for (;;) pause();
    }
    if (i == 0) pg = kids[0];
    setpgid(kids[i], pg);
  }
  printf("kill(-pgid, 0) on the group: %s\n", e(kill(-pg, 0)));
  printf("kill(-pgid, SIGTERM): %s\n", e(kill(-pg, SIGTERM)));
  for (int i = 0; i < 3; i++) {
    waitpid(kids[i], &st, 0);
    printf("  member %d: signal %d\n", i, WIFSIGNALED(st) ? WTERMSIG(st) : 0);
  }
  printf("kill of the now empty group: %s\n", e(kill(-pg, SIGTERM)));

  /* kill(0, sig) reaches every process of the caller's group, the caller included: a child
   * that leads a group of its own (never ours: the harness that runs us shares it) does it. */
  fflush(stdout);
  c = fork();
  if (c == 0) {
    setpgid(0, 0);
    signal(SIGUSR1, SIG_IGN);
    fflush(stdout);
    pid_t member = fork();
    if (member == 0) {
      signal(SIGUSR1, SIG_DFL);
      for (;;) pause();
    }
    usleep(10000);
    int r = kill(0, SIGUSR1);
    waitpid(member, &st, 0);
    exit(r == 0 && WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR1 ? 0 : 1);
  }
  waitpid(c, &st, 0);
  printf("kill(0, SIGUSR1) from a group leader reached its member and spared itself (ignored): %d\n", WIFEXITED(st) && WEXITSTATUS(st) == 0);

  /* After exec the parent can no longer move the child (EACCES). */
  fflush(stdout);
  int sync[2];
  pipe(sync);
  c = fork();
  if (c == 0) {
    close(sync[0]);
    char fdarg[16];
    snprintf(fdarg, sizeof fdarg, "%d", sync[1]);
    char *args[] = {"/proc/self/exe", "wait-forever", fdarg, NULL};
    execv("/proc/self/exe", args);
    exit(127);
  }
  close(sync[1]);
  char b;
  read(sync[0], &b, 1);
  printf("setpgid of a child after it exec'd: %s\n", e(setpgid(c, 0)));
  kill(c, SIGKILL);
  waitpid(c, &st, 0);

  /* An orphan: the middle process exits, the grandchild is adopted by someone else. */
  int rep[2];
  pipe(rep);
  fflush(stdout);
  c = fork();
  if (c == 0) {
    pid_t mid = getpid();
    if (fork() == 0) {
      while (getppid() == mid) usleep(1000);
      char ok = 'y';
      write(rep[1], &ok, 1);
      exit(0);
    }
    exit(0);
  }
  waitpid(c, &st, 0);
  close(rep[1]);
  char got = 'n';
  read(rep[0], &got, 1);
  printf("orphan adopted by a new parent: %c\n", got);
  return 0;
}
