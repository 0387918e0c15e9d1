/* Thread-local storage: initialized (.tdata) and zeroed (.tbss) __thread variables are per
 * thread, start from their initial values in every new thread, and live at distinct addresses. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define N 6

static __thread int counter = 42;
static __thread char name[16] = "initial";
static __thread long zeroed[64];

struct result {
  int start_counter;
  int start_name_ok;
  int start_zeroed;
  int end_counter;
  int end_name_ok;
  void *addr;
};
static struct result res[N];
static pthread_barrier_t bar;

static void *worker(void *arg) {
  long id = (long)arg;
  struct result *r = &res[id];
  r->start_counter = counter;
  r->start_name_ok = strcmp(name, "initial") == 0;
  long z = 0;
  for (int i = 0; i < 64; i++) z |= zeroed[i];
  r->start_zeroed = z == 0;
  counter = (int)id * 100;
  snprintf(name, sizeof name, "thread-%ld", id);
  for (int i = 0; i < 64; i++) zeroed[i] = id;
  /* Everyone has written their own copies before anyone checks. */
  pthread_barrier_wait(&bar);
  char want[16];
  snprintf(want, sizeof want, "thread-%ld", id);
  r->end_counter = counter;
  r->end_name_ok = strcmp(name, want) == 0;
  r->addr = &counter;
  pthread_barrier_wait(&bar);
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  counter = 7;
  strcpy(name, "main");
  pthread_barrier_init(&bar, NULL, N);
  pthread_t t[N];
  for (long i = 0; i < N; i++) pthread_create(&t[i], NULL, worker, (void *)i);
  for (int i = 0; i < N; i++) pthread_join(t[i], NULL);
  for (int i = 0; i < N; i++) {
    struct result *r = &res[i];
    int distinct = r->addr != (void *)&counter;
    for (int j = 0; j < N; j++)
      if (j != i && res[j].addr == r->addr) distinct = 0;
    printf("thread %d: started with counter=%d name_ok=%d zeroed=%d; ended with counter=%d name_ok=%d; own address=%d\n",
           i, r->start_counter, r->start_name_ok, r->start_zeroed, r->end_counter, r->end_name_ok, distinct);
  }
  printf("main: counter=%d name=%s\n", counter, name);
  return 0;
}
