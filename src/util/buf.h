/* Growable byte buffers and small allocation helpers shared by every module. */
#ifndef WARTA_BUF_H
#define WARTA_BUF_H

#include <stddef.h>
#include <stdarg.h>

/* Allocation failure is not recoverable in a reader: these abort() (never exit()). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);          /* NULL in, NULL out */
char *xstrndup(const char *s, size_t n);

/* A NUL-terminated growable string; data is never NULL after buf_init. */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};

void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);                       /* len = 0, keeps memory */
void buf_add(struct buf *b, const char *s, size_t n);
void buf_adds(struct buf *b, const char *s);          /* NULL adds nothing */
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* A new string formatted like vprintf (caller frees). */
char *str_vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
char *buf_steal(struct buf *b);   /* caller frees the string; b is left empty (reusable, nothing to free) */

/* Trims ASCII and Unicode-ish whitespace at both ends in place; returns s. */
char *str_trim(char *s);
/* Collapses runs of whitespace (incl. NBSP U+00A0) into one space and trims; in place. */
char *str_squeeze_space(char *s);
int str_casecmp_ascii(const char *a, const char *b);
int str_ncasecmp_ascii(const char *a, const char *b, size_t n);
int str_starts_with(const char *s, const char *prefix);

#endif
