/* atexit handlers run in reverse order of registration after main
   returns; a handler may register another; stdout is flushed after them. */
#include <stdio.h>
#include <stdlib.h>

static int counter;
static void h1(void) { printf("handler 1 (counter=%d)\n", ++counter); }
static void h2(void) { printf("handler 2 (counter=%d)\n", ++counter); }
static void late(void) { printf("late handler (counter=%d)\n", ++counter); }
static void h3(void) { printf("handler 3 registers another (counter=%d)\n", ++counter); atexit(late); }

int main(void) {
    if (atexit(h1) || atexit(h2) || atexit(h3)) { printf("atexit failed\n"); return 1; }
    for (int i = 0; i < 30; i++) atexit(h1);
    printf("main returning\n");
    return 0;
}
