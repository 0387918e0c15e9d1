/*
 * Every user-mode exception class, caught by one SA_SIGINFO handler that prints what the kernel
 * reported (signal, si_code, si_addr, and uc_mcontext's RIP, TRAPNO, ERR, CR2, EFLAGS) and then
 * resumes after the faulting instruction by editing RIP in the ucontext. Addresses are printed
 * relative to labels of the assembly stubs or to the data page, so the output does not depend on
 * where the program or its mappings were placed.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

/* Each stub: <name>_fn is called, <name>_insn faults, the handler resumes at <name>_resume. */
#define STUB(name, before, insn) \
  asm(".text\n.globl " #name "_fn, " #name "_insn, " #name "_resume\n" #name "_fn:\n" before "\n" \
      #name "_insn:\n" insn "\n" #name "_resume:\nret\n"); \
  extern char name##_fn[], name##_insn[], name##_resume[];

STUB(div0, "xor %ecx,%ecx\nmov $1,%eax\nxor %edx,%edx", "divl %ecx")
STUB(idivovf, "movabs $0x8000000000000000,%rax\ncqo\nmov $-1,%rcx", "idivq %rcx")
STUB(ud2, "", "ud2")
STUB(int3, "", "int3")
STUB(hlt, "", "hlt")
STUB(inb, "", "inb $0x80,%al")
STUB(outb, "", "outb %al,$0x80")
STUB(cli, "", "cli")
STUB(intn, "", "int $0x41")
STUB(noncanon, "movabs $0x8000000000000000,%rax", "movq (%rax),%rax")
STUB(unmapped, "", "movq (%rdi),%rax")
STUB(rowrite, "", "movq $1,(%rdi)")
STUB(nxexec, "", "jmp *%rdi")
STUB(kaddr, "movabs $0xffffffff81000000,%rax", "movq (%rax),%rax")
STUB(step, "pushfq\norq $0x100,(%rsp)\npopfq", "nop")

typedef void (*stub_fn)(void *);

static const char *cur_name;
static char *cur_insn, *cur_resume, *cur_page;
static unsigned long last_pf;

static void rel(char *buf, size_t n, unsigned long v) {
  if (v == 0)
    snprintf(buf, n, "0");
  else if (cur_page && v >= (unsigned long)cur_page && v < (unsigned long)cur_page + 4096)
    snprintf(buf, n, "page+%lu", v - (unsigned long)cur_page);
  else if (v >= (unsigned long)cur_insn && v <= (unsigned long)cur_resume + 16)
    snprintf(buf, n, "insn+%lu", v - (unsigned long)cur_insn);
  else if (v == last_pf)
    snprintf(buf, n, "last-pf");
  else if (v >= 0xffff800000000000ul)
    snprintf(buf, n, "%#lx", v);
  else
    snprintf(buf, n, "other");
}

static void handler(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = ctx;
  greg_t *g = uc->uc_mcontext.gregs;
  char addr[64], rip[64], cr2[64];
  rel(addr, sizeof addr, (unsigned long)si->si_addr);
  rel(rip, sizeof rip, g[REG_RIP]);
  rel(cr2, sizeof cr2, g[REG_CR2]);
  /* The arithmetic flags are left out: they depend on stack addresses, which ASLR moves. */
  printf("%-9s sig=%-2d code=%-3d addr=%-9s rip=%-7s trapno=%-2lld err=%#-5llx cr2=%-9s efl=%#llx\n", cur_name, sig,
         si->si_code, addr, rip, (long long)g[REG_TRAPNO], (long long)g[REG_ERR], cr2, (long long)g[REG_EFL] & 0x50702);
  if (g[REG_TRAPNO] == 14) last_pf = g[REG_CR2];
  g[REG_EFL] &= ~0x100L; /* stop single-stepping */
  g[REG_RIP] = (greg_t)cur_resume;
}

static void run(const char *name, char *fn, char *insn, char *resume, char *page) {
  cur_name = name;
  cur_insn = insn;
  cur_resume = resume;
  cur_page = page;
  ((stub_fn)fn)(page);
}

#define RUN(name, page) run(#name, name##_fn, name##_insn, name##_resume, page)

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO;
  int sigs[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP};
  for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, NULL);

  char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *nx = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  nx[0] = (char)0xc3;
  /* A hole between two mapped pages, made last so that no later mapping fills it. */
  char *three = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *gone = three + 4096;
  munmap(gone, 4096);

  RUN(div0, NULL);
  RUN(idivovf, NULL);
  RUN(ud2, NULL);
  RUN(unmapped, gone + 8);
  RUN(int3, NULL);
  RUN(hlt, NULL);
  RUN(inb, NULL);
  RUN(outb, NULL);
  RUN(cli, NULL);
  RUN(intn, NULL);
  RUN(noncanon, NULL);
  run("unmapped", unmapped_fn, unmapped_insn, unmapped_resume, gone + 0x123);
  run("rowrite0", rowrite_fn, rowrite_insn, rowrite_resume, ro + 0x40);
  (void)*(volatile char *)ro; /* now the page is present: the write fault has the P bit */
  run("rowrite", rowrite_fn, rowrite_insn, rowrite_resume, ro + 0x80);
  run("nxexec", nxexec_fn, nxexec_insn, nxexec_resume, nx);
  RUN(kaddr, NULL);
  RUN(step, NULL);
  RUN(ud2, NULL);
  printf("done\n");
  return 0;
}
