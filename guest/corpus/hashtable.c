/* Chained hash table keyed by heap-allocated strings: thousands of
   inserts with rehashing, lookups, updates, deletions, word counting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

struct entry { struct entry *next; char *key; long value; uint32_t hash; };
struct table { struct entry **buckets; size_t nbuckets, count, rehashes; };

static uint32_t fnv1a(const char *s) {
    uint32_t h = 2166136261u;
    while (*s) { h ^= (unsigned char)*s++; h *= 16777619u; }
    return h;
}

static void rehash(struct table *t) {
    size_t nb = t->nbuckets ? t->nbuckets * 2 : 8;
    struct entry **b = calloc(nb, sizeof *b);
    for (size_t i = 0; i < t->nbuckets; i++) {
        struct entry *e = t->buckets[i];
        while (e) {
            struct entry *nx = e->next;
            size_t j = e->hash & (nb - 1);
            e->next = b[j];
            b[j] = e;
            e = nx;
        }
    }
    free(t->buckets);
    t->buckets = b;
    t->nbuckets = nb;
    t->rehashes++;
}

static struct entry *lookup(struct table *t, const char *key) {
    if (!t->nbuckets) return NULL;
    uint32_t h = fnv1a(key);
    for (struct entry *e = t->buckets[h & (t->nbuckets - 1)]; e; e = e->next)
        if (e->hash == h && strcmp(e->key, key) == 0) return e;
    return NULL;
}

static void put(struct table *t, const char *key, long v) {
    struct entry *e = lookup(t, key);
    if (e) { e->value += v; return; }
    if (t->count + 1 > t->nbuckets * 3 / 4) rehash(t);
    e = malloc(sizeof *e);
    e->key = strdup(key);
    e->hash = fnv1a(key);
    e->value = v;
    size_t j = e->hash & (t->nbuckets - 1);
    e->next = t->buckets[j];
    t->buckets[j] = e;
    t->count++;
}

static int del(struct table *t, const char *key) {
    if (!t->nbuckets) return 0;
    uint32_t h = fnv1a(key);
    for (struct entry **pp = &t->buckets[h & (t->nbuckets - 1)]; *pp; pp = &(*pp)->next) {
        struct entry *e = *pp;
        if (e->hash == h && strcmp(e->key, key) == 0) {
            *pp = e->next;
            free(e->key);
            free(e);
            t->count--;
            return 1;
        }
    }
    return 0;
}

static uint32_t st = 7;
static uint32_t rnd(void) { st ^= st << 13; st ^= st >> 17; st ^= st << 5; return st; }

static void make_word(char *buf, uint32_t n) {
    static const char *syl[] = {"ka", "lo", "mi", "nu", "pe", "ra", "si", "to", "va", "ze", "qu", "x"};
    int len = 0;
    do { len += sprintf(buf + len, "%s", syl[n % 12]); n /= 12; } while (n);
}

int main(void) {
    struct table t = {0};
    char w[64];
    for (uint32_t i = 0; i < 10000; i++) {
        make_word(w, rnd() % 8000);
        put(&t, w, 1);
    }
    printf("distinct=%zu buckets=%zu rehashes=%zu\n", t.count, t.nbuckets, t.rehashes);
    long maxv = 0;
    char maxw[64] = "";
    size_t longest = 0, empty = 0;
    uint64_t sum = 0;
    for (size_t i = 0; i < t.nbuckets; i++) {
        size_t len = 0;
        for (struct entry *e = t.buckets[i]; e; e = e->next) {
            len++;
            sum += (uint64_t)e->value * e->hash;
            if (e->value > maxv || (e->value == maxv && strcmp(e->key, maxw) < 0)) { maxv = e->value; strcpy(maxw, e->key); }
        }
        if (len > longest) longest = len;
        if (!len) empty++;
    }
    printf("most frequent %s=%ld longest chain=%zu empty=%zu sum=%llu\n", maxw, maxv, longest, empty, (unsigned long long)sum);
    int deleted = 0;
    for (uint32_t n = 0; n < 8000; n += 2) { make_word(w, n); deleted += del(&t, w); }
    printf("deleted=%d remaining=%zu\n", deleted, t.count);
    int present = 0;
    long total = 0;
    for (uint32_t n = 0; n < 8000; n++) {
        make_word(w, n);
        struct entry *e = lookup(&t, w);
        if (e) { present++; total += e->value; }
    }
    printf("present=%d total=%ld\n", present, total);
    for (uint32_t n = 0; n < 5; n++) {
        make_word(w, n * 1001 + 2);
        struct entry *e = lookup(&t, w);
        printf("word %s -> %ld\n", w, e ? e->value : -1L);
    }
    for (size_t i = 0; i < t.nbuckets; i++) {
        struct entry *e = t.buckets[i];
        while (e) { struct entry *nx = e->next; free(e->key); free(e); e = nx; }
    }
    free(t.buckets);
    return 0;
}
