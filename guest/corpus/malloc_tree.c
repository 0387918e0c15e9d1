/* AVL tree with tens of thousands of heap nodes: inserts, lookups,
   deletions, in-order traversal and height checks. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

struct avl { struct avl *l, *r; int key, h; long val; };

static int ht(struct avl *n) { return n ? n->h : 0; }
static int max(int a, int b) { return a > b ? a : b; }
static void fix(struct avl *n) { n->h = 1 + max(ht(n->l), ht(n->r)); }

static struct avl *rot_r(struct avl *y) { struct avl *x = y->l; y->l = x->r; x->r = y; fix(y); fix(x); return x; }
static struct avl *rot_l(struct avl *x) { struct avl *y = x->r; x->r = y->l; y->l = x; fix(x); fix(y); return y; }

static struct avl *balance(struct avl *n) {
    fix(n);
    int bf = ht(n->l) - ht(n->r);
    if (bf > 1) {
        if (ht(n->l->l) < ht(n->l->r)) n->l = rot_l(n->l);
        return rot_r(n);
    }
    if (bf < -1) {
        if (ht(n->r->r) < ht(n->r->l)) n->r = rot_r(n->r);
        return rot_l(n);
    }
    return n;
}

static long nodes;
static struct avl *insert(struct avl *n, int key, long val) {
    if (!n) {
        n = malloc(sizeof *n);
        n->l = n->r = NULL; n->key = key; n->h = 1; n->val = val;
        nodes++;
        return n;
    }
    if (key < n->key) n->l = insert(n->l, key, val);
    else if (key > n->key) n->r = insert(n->r, key, val);
    else { n->val += val; return n; }
    return balance(n);
}

static struct avl *remove_min(struct avl *n, struct avl **min) {
    if (!n->l) { *min = n; return n->r; }
    n->l = remove_min(n->l, min);
    return balance(n);
}

static struct avl *erase(struct avl *n, int key) {
    if (!n) return NULL;
    if (key < n->key) n->l = erase(n->l, key);
    else if (key > n->key) n->r = erase(n->r, key);
    else {
        struct avl *l = n->l, *r = n->r;
        free(n);
        nodes--;
        if (!r) return l;
        struct avl *m;
        r = remove_min(r, &m);
        m->l = l; m->r = r;
        return balance(m);
    }
    return balance(n);
}

static struct avl *find(struct avl *n, int key) {
    while (n && n->key != key) n = key < n->key ? n->l : n->r;
    return n;
}

static int check(struct avl *n, long *lo_key, int *ok, uint64_t *hash) {
    if (!n) return 0;
    int hl = check(n->l, lo_key, ok, hash);
    if (n->key <= *lo_key) *ok = 0;
    *lo_key = n->key;
    *hash = *hash * 6364136223846793005ULL + (uint64_t)n->key * 31 + (uint64_t)n->val;
    int hr = check(n->r, lo_key, ok, hash);
    if (hl - hr > 1 || hr - hl > 1 || n->h != 1 + max(hl, hr)) *ok = 0;
    return 1 + max(hl, hr);
}

static void destroy(struct avl *n) { if (n) { destroy(n->l); destroy(n->r); free(n); } }

static uint64_t s = 88172645463325252ULL;
static uint64_t rnd(void) { s ^= s << 13; s ^= s >> 7; s ^= s << 17; return s; }

static void report(const char *what, struct avl *root) {
    long lo = -1; int ok = 1; uint64_t h = 0;
    int height = check(root, &lo, &ok, &h);
    printf("%s: nodes=%ld height=%d valid=%d hash=%016llx\n", what, nodes, height, ok, (unsigned long long)h);
}

int main(void) {
    struct avl *root = NULL;
    for (int i = 0; i < 8000; i++) root = insert(root, (int)(rnd() % 30000), i);
    report("random inserts", root);
    for (int i = 0; i < 5000; i++) root = insert(root, i * 2, 1); /* ascending run */
    report("ascending inserts", root);
    int found = 0;
    long valsum = 0;
    for (int k = 0; k < 30000; k += 3) { struct avl *n = find(root, k); if (n) { found++; valsum += n->val; } }
    printf("lookups found=%d valsum=%ld\n", found, valsum);
    for (int i = 0; i < 6000; i++) root = erase(root, (int)(rnd() % 30000));
    report("after random erase", root);
    for (int k = 0; k < 12000; k++) root = erase(root, k);
    report("after range erase", root);
    destroy(root);
    root = NULL;
    nodes = 0;
    for (int i = 12000; i > 0; i--) root = insert(root, i, i);
    report("descending", root);
    destroy(root);
    return 0;
}
