/* Generated and rewritten machine code with W^X discipline: write x86-64
   instructions into a read/write page, mprotect it to read/execute and
   call it; mprotect back to read/write, change the code, make it
   executable again and call again. The emulator must not run stale code. */
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>

typedef int (*fn0)(void);
typedef int (*fn1)(int);
typedef int (*fn2)(int, int);

static unsigned char *page;

static void make_writable(void) {
    if (mprotect(page, 4096, PROT_READ | PROT_WRITE) != 0) { printf("mprotect rw failed\n"); _Exit(1); }
}
static void make_executable(size_t used) {
    __builtin___clear_cache((char *)page, (char *)page + used);
    if (mprotect(page, 4096, PROT_READ | PROT_EXEC) != 0) { printf("mprotect rx failed\n"); _Exit(1); }
}
static void put_imm32(unsigned char *p, uint32_t v) { memcpy(p, &v, 4); }

int main(void) {
    page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) { printf("mmap failed\n"); return 1; }

    /* mov eax, imm32 ; ret */
    static const unsigned char mov_ret[] = {0xB8, 0, 0, 0, 0, 0xC3};
    memcpy(page, mov_ret, sizeof mov_ret);
    put_imm32(page + 1, 1234);
    make_executable(sizeof mov_ret);
    int r1 = ((fn0)(void *)page)();
    make_writable();
    put_imm32(page + 1, 0xCAFE);
    make_executable(sizeof mov_ret);
    int r2 = ((fn0)(void *)page)();
    printf("mov eax,imm32: first call %d, after patch %d (0x%x)\n", r1, r2, r2);

    /* patch repeatedly in a loop */
    long total = 0;
    for (int i = 0; i < 20; i++) {
        make_writable();
        put_imm32(page + 1, (uint32_t)(i * i + 7));
        make_executable(sizeof mov_ret);
        total += ((fn0)(void *)page)();
    }
    printf("20 patched calls sum %ld\n", total);

    /* lea eax, [rdi + rsi + disp8] ; ret */
    make_writable();
    static const unsigned char lea_ret[] = {0x8D, 0x44, 0x37, 0x05, 0xC3};
    memcpy(page, lea_ret, sizeof lea_ret);
    make_executable(sizeof lea_ret);
    int r3 = ((fn2)(void *)page)(30, 12);
    make_writable();
    page[3] = 0xF6; /* disp8 = -10 */
    make_executable(sizeof lea_ret);
    int r4 = ((fn2)(void *)page)(30, 12);
    printf("lea: 30+12+5=%d, 30+12-10=%d\n", r3, r4);

    /* a loop: sum 1..n */
    make_writable();
    static const unsigned char sum_loop[] = {
        0x31, 0xC0,       /* xor eax, eax */
        0x85, 0xFF,       /* test edi, edi */
        0x7E, 0x06,       /* jle done */
        0x01, 0xF8,       /* loop: add eax, edi */
        0xFF, 0xCF,       /* dec edi */
        0x75, 0xFA,       /* jnz loop */
        0xC3};            /* done: ret */
    memcpy(page, sum_loop, sizeof sum_loop);
    make_executable(sizeof sum_loop);
    fn1 f = (fn1)(void *)page;
    printf("generated sum loop: f(0)=%d f(10)=%d f(1000)=%d\n", f(0), f(10), f(1000));

    /* replace the same bytes with: imul eax, edi, imm32 ; ret */
    make_writable();
    static const unsigned char imul_ret[] = {0x69, 0xC7, 0x07, 0x00, 0x00, 0x00, 0xC3};
    memcpy(page, imul_ret, sizeof imul_ret);
    make_executable(sizeof imul_ret);
    printf("replaced with imul 7: f(6)=%d f(-3)=%d\n", f(6), f(-3));

    /* the same code at a different offset in the page */
    make_writable();
    memcpy(page + 2000, sum_loop, sizeof sum_loop);
    make_executable(2000 + sizeof sum_loop);
    fn1 g = (fn1)(void *)(page + 2000);
    printf("offset 2000: g(100)=%d, first copy still imul: f(100)=%d\n", g(100), f(100));
    munmap(page, 4096);
    return 0;
}
