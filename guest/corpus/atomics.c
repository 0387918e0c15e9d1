/* Atomic read-modify-write builtins in a single thread (lock-prefixed
   instructions): fetch_add/sub/and/or/xor at 8/16/32/64 bits,
   exchange, compare-exchange success and failure, test-and-set, fences. */
#include <stdio.h>
#include <stdint.h>
#include <stdbool.h>
#include <inttypes.h>

static uint8_t a8 = 250;
static uint16_t a16 = 65530;
static uint32_t a32 = 4000000000u;
static uint64_t a64 = 0xFFFFFFFFFFFFFFF0ULL;
static int64_t s64 = -5;

int main(void) {
    uint8_t o8 = __atomic_fetch_add(&a8, 10, __ATOMIC_SEQ_CST);
    uint16_t o16 = __atomic_fetch_add(&a16, 10, __ATOMIC_SEQ_CST);
    uint32_t o32 = __atomic_fetch_add(&a32, 500000000u, __ATOMIC_SEQ_CST);
    uint64_t o64 = __atomic_fetch_add(&a64, 0x20, __ATOMIC_SEQ_CST);
    printf("fetch_add old %u %u %u %" PRIx64 " new %u %u %u %" PRIx64 "\n", o8, o16, o32, o64, a8, a16, a32, a64);
    /* results are stored first: the evaluation order of printf arguments is unspecified */
    unsigned r1 = __atomic_add_fetch(&a8, 1, __ATOMIC_RELAXED);
    unsigned r2 = __atomic_sub_fetch(&a16, 100, __ATOMIC_RELAXED);
    printf("add_fetch %u sub_fetch %u\n", r1, r2);
    o32 = __atomic_fetch_and(&a32, 0xF0F0F0F0u, __ATOMIC_ACQ_REL);
    printf("fetch_and old %u new %08x\n", o32, a32);
    o32 = __atomic_fetch_or(&a32, 0x0000FFFFu, __ATOMIC_ACQ_REL);
    printf("fetch_or old %08x new %08x\n", o32, a32);
    o32 = __atomic_fetch_xor(&a32, 0xFFFFFFFFu, __ATOMIC_ACQ_REL);
    printf("fetch_xor old %08x new %08x\n", o32, a32);
    uint32_t f1 = __atomic_or_fetch(&a32, 1, __ATOMIC_SEQ_CST);
    uint32_t f2 = __atomic_and_fetch(&a32, 0xFF, __ATOMIC_SEQ_CST);
    uint32_t f3 = __atomic_xor_fetch(&a32, 0x5A, __ATOMIC_SEQ_CST);
    uint32_t f4 = __atomic_nand_fetch(&a32, 0x0F, __ATOMIC_SEQ_CST);
    printf("or_fetch %08x and_fetch %08x xor_fetch %08x nand_fetch %08x\n", f1, f2, f3, f4);
    int64_t olds = __atomic_fetch_sub(&s64, 10, __ATOMIC_SEQ_CST);
    printf("signed fetch_sub old %" PRId64 " new %" PRId64 "\n", olds, s64);
    uint64_t ex = __atomic_exchange_n(&a64, 0x1234, __ATOMIC_SEQ_CST);
    printf("exchange old %" PRIx64 " new %" PRIx64 "\n", ex, a64);
    uint64_t expected = 0x1234;
    bool ok1 = __atomic_compare_exchange_n(&a64, &expected, 0x5678, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    printf("cas success=%d value=%" PRIx64 " expected=%" PRIx64 "\n", ok1, a64, expected);
    expected = 0x1111;
    bool ok2 = __atomic_compare_exchange_n(&a64, &expected, 0x9999, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    printf("cas failure=%d value=%" PRIx64 " expected now=%" PRIx64 "\n", !ok2, a64, expected);
    uint16_t e16 = 0;
    bool ok3 = __atomic_compare_exchange_n(&a16, &e16, 7, true, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
    printf("weak cas16 ok=%d expected=%u\n", ok3, e16);
    uint32_t cur32 = a32;
    uint32_t prev = __sync_val_compare_and_swap(&a32, cur32, 77u);
    bool b = __sync_bool_compare_and_swap(&a32, 77u, 88u);
    printf("sync cas prev=%08x bool=%d now=%u\n", prev, b, a32);
    uint32_t g1 = __sync_fetch_and_add(&a32, 12);
    uint32_t g2 = __sync_add_and_fetch(&a32, 0);
    printf("sync fetch_and_add %u then %u\n", g1, g2);
    static volatile char flag;
    bool t1 = __atomic_test_and_set(&flag, __ATOMIC_SEQ_CST);
    bool t2 = __atomic_test_and_set(&flag, __ATOMIC_SEQ_CST);
    __atomic_clear(&flag, __ATOMIC_SEQ_CST);
    bool t3 = __atomic_test_and_set(&flag, __ATOMIC_SEQ_CST);
    printf("test_and_set %d %d %d\n", t1, t2, t3);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    __sync_synchronize();
    /* a CAS loop computing a running maximum */
    uint64_t mx = 0, seed = 99;
    for (int i = 0; i < 10000; i++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        uint64_t v = seed >> 40, cur = __atomic_load_n(&mx, __ATOMIC_ACQUIRE);
        while (v > cur && !__atomic_compare_exchange_n(&mx, &cur, v, true, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        }
        __atomic_fetch_add(&a64, v & 0xff, __ATOMIC_RELAXED);
    }
    __atomic_store_n(&s64, 42, __ATOMIC_RELEASE);
    int64_t loaded = __atomic_load_n(&s64, __ATOMIC_SEQ_CST);
    printf("cas max %" PRIu64 " sum %" PRIu64 " stored %" PRId64 " lock-free64=%d\n", mx, a64, loaded, __atomic_always_lock_free(8, 0));
    return 0;
}
