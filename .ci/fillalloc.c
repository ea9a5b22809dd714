/*
 * fillalloc: the project's poisoned-allocation shim, loaded with LD_PRELOAD into the test JVMs by
 * .ci/fill-check. Every block that malloc, realloc (its new part), memalign, posix_memalign,
 * aligned_alloc, valloc and pvalloc hand out is filled with one byte, TRICKS_FILL_BYTE (0xFF if
 * unset: NaN in float32 and float64, -1 in every signed integer). calloc keeps its zeros. Code that
 * reads only memory it wrote gives the same bits under every byte; code that reads memory nobody
 * wrote gives a different answer per byte, on every machine, every time.
 *
 * Build: cc -O2 -shared -fPIC -o fillalloc.so fillalloc.c   (glibc)
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_realloc(void *ptr, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

static int fill_value = -1;

static unsigned char fill_byte(void) {
    if (fill_value < 0) {
        const char *text = getenv("TRICKS_FILL_BYTE");
        fill_value = text != NULL ? (int) (strtoul(text, NULL, 0) & 0xFFu) : 0xFF;
    }
    return (unsigned char) fill_value;
}

static void *poison(void *block, size_t from, size_t to) {
    if (block != NULL && to > from) {
        memset((unsigned char *) block + from, fill_byte(), to - from);
    }
    return block;
}

void *malloc(size_t size) {
    return poison(__libc_malloc(size), 0, size);
}

void *realloc(void *ptr, size_t size) {
    size_t old = ptr != NULL ? malloc_usable_size(ptr) : 0;
    void *grown = __libc_realloc(ptr, size);
    return poison(grown, old < size ? old : size, size);
}

void *memalign(size_t alignment, size_t size) {
    return poison(__libc_memalign(alignment, size), 0, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    return poison(__libc_memalign(alignment, size), 0, size);
}

int posix_memalign(void **out, size_t alignment, size_t size) {
    if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0) {
        return 22; /* EINVAL */
    }
    void *block = __libc_memalign(alignment, size);
    if (block == NULL) {
        return 12; /* ENOMEM */
    }
    *out = poison(block, 0, size);
    return 0;
}

void *valloc(size_t size) {
    return poison(__libc_memalign((size_t) sysconf(_SC_PAGESIZE), size), 0, size);
}

void *pvalloc(size_t size) {
    size_t page = (size_t) sysconf(_SC_PAGESIZE);
    size_t rounded = (size + page - 1) / page * page;
    return poison(__libc_memalign(page, rounded), 0, rounded);
}
