/* Heap-heavy linked lists: singly and doubly linked lists with tens of
   thousands of nodes, insertion, deletion, reversal, merge sort, and
   interleaved malloc/free of varying sizes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

struct node { struct node *next; int value; char tag[12]; };
struct dnode { struct dnode *prev, *next; long key; };

static uint32_t lcg = 1;
static uint32_t rnd(void) { lcg = lcg * 1664525u + 1013904223u; return lcg >> 8; }

static struct node *push(struct node *head, int v) {
    struct node *n = malloc(sizeof *n);
    if (!n) { printf("out of memory\n"); exit(1); }
    n->next = head;
    n->value = v;
    snprintf(n->tag, sizeof n->tag, "n%d", v % 100000);
    return n;
}

static struct node *reverse(struct node *h) {
    struct node *prev = NULL;
    while (h) { struct node *nx = h->next; h->next = prev; prev = h; h = nx; }
    return prev;
}

static struct node *merge(struct node *a, struct node *b) {
    struct node head, *t = &head;
    while (a && b) {
        if (a->value <= b->value) { t->next = a; a = a->next; } else { t->next = b; b = b->next; }
        t = t->next;
    }
    t->next = a ? a : b;
    return head.next;
}

static struct node *msort(struct node *h) {
    if (!h || !h->next) return h;
    struct node *slow = h, *fast = h->next;
    while (fast && fast->next) { slow = slow->next; fast = fast->next->next; }
    struct node *second = slow->next;
    slow->next = NULL;
    return merge(msort(h), msort(second));
}

static long cnt;
static unsigned long long list_hash(struct node *h, long *count) {
    uint64_t x = 0;
    long c = 0;
    for (; h; h = h->next, c++) x = x * 1000003u + (uint32_t)h->value + (uint8_t)h->tag[1];
    *count = c;
    return x;
}

/* checks the first and last bytes and a few in between */
static int intact(const unsigned char *p, size_t n, unsigned char tag) {
    size_t step = n / 8 + 1;
    for (size_t k = 0; k < n; k += step) if (p[k] != tag) return 0;
    return n == 0 || p[n - 1] == tag;
}

int main(void) {
    struct node *list = NULL;
    unsigned long long hv;
    for (int i = 0; i < 20000; i++) list = push(list, (int)(rnd() % 1000000));
    hv = list_hash(list, &cnt);
    printf("built: hash=%016llx count=%ld\n", hv, cnt);
    list = reverse(list);
    hv = list_hash(list, &cnt);
    printf("reversed: hash=%016llx\n", hv);
    /* delete every node whose value is divisible by 3 */
    struct node **pp = &list;
    long removed = 0;
    while (*pp) {
        if ((*pp)->value % 3 == 0) { struct node *d = *pp; *pp = d->next; free(d); removed++; }
        else pp = &(*pp)->next;
    }
    hv = list_hash(list, &cnt);
    printf("removed %ld, hash=%016llx count=%ld\n", removed, hv, cnt);
    list = msort(list);
    int sorted = 1;
    for (struct node *n = list; n && n->next; n = n->next) if (n->value > n->next->value) sorted = 0;
    hv = list_hash(list, &cnt);
    printf("sorted=%d first=%d hash=%016llx\n", sorted, list->value, hv);
    while (list) { struct node *n = list->next; free(list); list = n; }

    /* doubly linked list used as a deque with random operations */
    struct dnode sentinel = {&sentinel, &sentinel, 0};
    long size = 0, sum = 0;
    for (int i = 0; i < 50000; i++) {
        uint32_t op = rnd() % 10;
        if (op < 6 || size == 0) {
            struct dnode *n = malloc(sizeof *n);
            n->key = (long)(rnd() % 1000);
            if (op & 1) { n->next = sentinel.next; n->prev = &sentinel; }
            else { n->prev = sentinel.prev; n->next = &sentinel; }
            n->prev->next = n;
            n->next->prev = n;
            size++;
            sum += n->key;
        } else {
            struct dnode *victim = (op & 1) ? sentinel.next : sentinel.prev;
            victim->prev->next = victim->next;
            victim->next->prev = victim->prev;
            sum -= victim->key;
            free(victim);
            size--;
        }
    }
    long check = 0, back = 0;
    for (struct dnode *n = sentinel.next; n != &sentinel; n = n->next) check += n->key;
    for (struct dnode *n = sentinel.prev; n != &sentinel; n = n->prev) back++;
    printf("deque size=%ld back=%ld sum=%ld check=%ld\n", size, back, sum, check);
    while (sentinel.next != &sentinel) { struct dnode *n = sentinel.next; sentinel.next = n->next; free(n); }

    /* interleaved allocations of many sizes, with content checks */
    enum { SLOTS = 4096 };
    static unsigned char *slot[SLOTS];
    static size_t slen[SLOTS];
    int corrupt = 0;
    uint64_t total = 0;
    for (int round = 0; round < 20000; round++) {
        int s = (int)(rnd() % SLOTS);
        unsigned char tag = (unsigned char)(s * 7 + 1);
        if (slot[s]) {
            if (!intact(slot[s], slen[s], tag)) corrupt++;
            if (rnd() % 3 == 0) {
                size_t nl = 1 + rnd() % 1500;
                unsigned char *q = realloc(slot[s], nl);
                size_t keep = nl < slen[s] ? nl : slen[s];
                if (!intact(q, keep, tag)) corrupt++;
                memset(q, tag, nl);
                slot[s] = q;
                slen[s] = nl;
            } else {
                free(slot[s]);
                slot[s] = NULL;
            }
        } else {
            size_t n = 1 + (rnd() % 7 == 0 ? rnd() % 3000 : rnd() % 200);
            slot[s] = (rnd() & 1) ? malloc(n) : calloc(n, 1);
            if (!slot[s]) { printf("alloc failed\n"); return 1; }
            memset(slot[s], tag, n);
            slen[s] = n;
            total += n;
        }
    }
    int live = 0;
    for (int s = 0; s < SLOTS; s++) if (slot[s]) { live++; free(slot[s]); }
    printf("churn corrupt=%d live=%d total=%llu\n", corrupt, live, (unsigned long long)total);
    /* calloc must return zeroed memory even after reuse */
    int nonzero = 0;
    for (int i = 0; i < 200; i++) {
        unsigned char *p = malloc(1000 + i);
        memset(p, 0xAB, 1000 + i);
        free(p);
        unsigned char *q = calloc(1000 + i, 1);
        for (int k = 0; k < 1000 + i; k++) nonzero += q[k] != 0;
        free(q);
    }
    printf("calloc nonzero bytes: %d\n", nonzero);
    return 0;
}
