/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_STRBUF_H
#define PTOOL_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * A growable, always NUL-terminated byte buffer. Initialise with
 * STRBUF_INIT or strbuf_init(); release with strbuf_release().
 * Allocation failure aborts: a profiler that cannot allocate a few bytes
 * of text cannot do anything useful either.
 */
struct strbuf {
	size_t len;
	size_t alloc;
	char *buf;
};

extern char strbuf_empty[];
#define STRBUF_INIT { 0, 0, strbuf_empty }

/** strbuf_init - initialise @sb, reserving @hint bytes */
void strbuf_init(struct strbuf *sb, size_t hint);
/** strbuf_release - free the buffer and reset @sb to empty */
void strbuf_release(struct strbuf *sb);
/** strbuf_detach - hand the string to the caller (free() it); @sb is reset */
char *strbuf_detach(struct strbuf *sb, size_t *len);
/** strbuf_grow_slow - strbuf_grow() when the buffer must grow */
void strbuf_grow_slow(struct strbuf *sb, size_t extra);

/** strbuf_grow - make room for @extra more bytes */
static inline void strbuf_grow(struct strbuf *sb, size_t extra)
{
	if (sb->len + extra + 1 > sb->alloc || sb->len + extra + 1 <= sb->len)
		strbuf_grow_slow(sb, extra);
}
/** strbuf_reset - empty the buffer, keeping its allocation */
void strbuf_reset(struct strbuf *sb);
/** strbuf_setlen - truncate to @len bytes (len <= sb->len) */
void strbuf_setlen(struct strbuf *sb, size_t len);
/** strbuf_add - append @len bytes */
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
/** strbuf_addch - append a byte */
static inline void strbuf_addch(struct strbuf *sb, int c)
{
	strbuf_grow(sb, 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}
/** strbuf_addchars - append @n copies of @c */
void strbuf_addchars(struct strbuf *sb, int c, size_t n);
/** strbuf_addstr - append a C string */
void strbuf_addstr(struct strbuf *sb, const char *s);
/** strbuf_addf - append printf-style */
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/** strbuf_vaddf - append vprintf-style */
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/** strbuf_rtrim - drop trailing white space */
void strbuf_rtrim(struct strbuf *sb);
/**
 * strbuf_read_file - append the contents of @path
 * Returns the number of bytes read or -errno.
 */
long strbuf_read_file(struct strbuf *sb, const char *path, size_t hint);

/**
 * strbuf_read_regular - strbuf_read_file() of a regular file only (see
 * open_regular()): for files named by recordings and debug information,
 * which must not block the reader; anything else gives -EINVAL
 */
long strbuf_read_regular(struct strbuf *sb, const char *path, size_t hint);

/** xmalloc/xcalloc/xrealloc/xstrdup - allocate or abort with a message */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/** ALLOC_GROW - grow array @x (of @alloc slots) to hold at least @nr */
#define ALLOC_GROW(x, nr, alloc)                                          \
	do {                                                               \
		if ((size_t)(nr) > (size_t)(alloc)) {                      \
			size_t _n = (alloc) ? (size_t)(alloc) * 2 : 16;    \
			if (_n < (size_t)(nr))                             \
				_n = (nr);                                 \
			(x) = xrealloc((x), _n * sizeof(*(x)));            \
			(alloc) = _n;                                      \
		}                                                          \
	} while (0)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
