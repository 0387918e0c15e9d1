/* Self-modifying code on a read/write/execute page: patching an
   immediate between calls without any mprotect, code that increments
   its own immediate every time it runs, and a store that rewrites the
   very next instruction (x86 executes the new bytes). */
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>

typedef int (*fn0)(void);

int main(void) {
    unsigned char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) { printf("mmap rwx failed\n"); return 1; }

    /* 1: mov eax, imm32 ; ret -- patched directly between calls */
    static const unsigned char mov_ret[] = {0xB8, 0x01, 0x00, 0x00, 0x00, 0xC3};
    memcpy(p, mov_ret, sizeof mov_ret);
    fn0 f = (fn0)(void *)p;
    printf("direct patch:");
    for (uint32_t v = 1; v <= 5; v++) {
        uint32_t imm = v * 1111;
        memcpy(p + 1, &imm, 4);
        printf(" %d", f());
    }
    printf("\n");

    /* 2: code that bumps its own immediate:
          mov eax, imm32 ; inc dword [rip - 10] ; ret */
    static const unsigned char counter[] = {0xB8, 0x64, 0x00, 0x00, 0x00,     /* mov eax, 100 */
                                            0xFF, 0x05, 0xF6, 0xFF, 0xFF, 0xFF, /* inc dword [rip-10] */
                                            0xC3};
    memcpy(p + 64, counter, sizeof counter);
    fn0 g = (fn0)(void *)(p + 64);
    printf("self-incrementing:");
    for (int i = 0; i < 6; i++) printf(" %d", g());
    uint32_t stored;
    memcpy(&stored, p + 65, 4);
    printf(" (immediate now %u)\n", stored);

    /* 3: a store that rewrites the next instruction's immediate:
          xor eax, eax ; mov byte [rip + 1], 0x77 ; mov al, 0x11 ; ret */
    static const unsigned char next_insn[] = {0x31, 0xC0,
                                              0xC6, 0x05, 0x01, 0x00, 0x00, 0x00, 0x77,
                                              0xB0, 0x11,
                                              0xC3};
    memcpy(p + 128, next_insn, sizeof next_insn);
    fn0 h = (fn0)(void *)(p + 128);
    int first = h();
    p[138] = 0x11;             /* restore the old immediate byte */
    p[136] = 0x55;             /* and make the store write 0x55 next time */
    int second = h();
    printf("store to next instruction: 0x%x then 0x%x, byte now 0x%x\n", first, second, p[138]);

    /* 4: a loop whose body is rewritten by the loop itself: each pass
          overwrites the add's immediate with the loop counter.
          xor eax,eax ; mov ecx,5 ;
          L: add eax, imm32 ; mov [rip - 8], ecx ; dec ecx ; jnz L ; ret */
    static const unsigned char loop[] = {0x31, 0xC0,                         /* 0: xor eax, eax */
                                         0xB9, 0x05, 0x00, 0x00, 0x00,       /* 2: mov ecx, 5 */
                                         0x05, 0xE8, 0x03, 0x00, 0x00,       /* 7: add eax, 1000 (imm at 8) */
                                         0x89, 0x0D, 0xF6, 0xFF, 0xFF, 0xFF, /* 12: mov [rip-10], ecx -> 18-10 = 8 */
                                         0xFF, 0xC9,                         /* 18: dec ecx */
                                         0x75, 0xF1,                         /* 20: jnz 7 (rel8 = 7 - 22 = -15) */
                                         0xC3};                              /* 22: ret */
    memcpy(p + 256, loop, sizeof loop);
    fn0 k = (fn0)(void *)(p + 256);
    int lr = k();
    uint32_t imm;
    memcpy(&imm, p + 256 + 8, 4);
    printf("self-rewriting loop returned %d, immediate left as %u\n", lr, imm);
    munmap(p, 4096);
    return 0;
}
