// SPDX-License-Identifier: GPL-2.0
#include "ptool/tpfmt.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <traceevent/event-parse.h>
#include <traceevent/trace-seq.h>

#include "ptool/tfs.h"

struct tpfmt {
	struct tep_handle *tep;
};

struct tpfmt *tpfmt_new(int long_size, bool big_endian)
{
	struct tpfmt *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->tep = tep_alloc();
	if (!t->tep) {
		free(t);
		errno = ENOMEM;
		return NULL;
	}
	tep_set_long_size(t->tep, long_size);
	tep_set_page_size(t->tep, 4096);
	tep_set_file_bigendian(t->tep, big_endian ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
	tep_set_local_bigendian(t->tep, __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ?
				TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
	return t;
}

void tpfmt_free(struct tpfmt *t)
{
	if (!t)
		return;
	tep_free(t->tep);
	free(t);
}

static int format_id(const char *text, size_t len, int *id)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (n > 3 && !strncmp(p, "ID:", 3)) {
			char buf[32];

			if (n >= sizeof(buf))
				return -EINVAL;
			memcpy(buf, p + 3, n - 3);
			buf[n - 3] = '\0';
			*id = atoi(buf);
			return 0;
		}
		p += n + 1;
	}
	return -EINVAL;
}

int tpfmt_add_format(struct tpfmt *t, const char *system, const char *text,
		     size_t len)
{
	struct tep_event *ev = NULL;
	int id;

	while (len && !text[len - 1])
		len--;
	/*
	 * tracefs formats are plain text; libtraceevent's tokenizer reads
	 * a NUL or another control byte in one as the end and then trips
	 * over NULL tokens
	 */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			return -EINVAL;
	}
	if (format_id(text, len, &id))
		return -EINVAL;
	if (tep_find_event(t->tep, id))
		return -EEXIST;
	if (tep_parse_format(t->tep, &ev, text, len, system) || !ev)
		return -EINVAL;
	return ev->id;
}

int tpfmt_add_printk(struct tpfmt *t, const char *text, size_t len)
{
	char *buf = strndup(text, len);
	int ret;

	if (!buf)
		return -ENOMEM;
	ret = tep_parse_printk_formats(t->tep, buf);
	free(buf);
	return ret ? -EINVAL : 0;
}

int tpfmt_add_kallsyms(struct tpfmt *t, const char *text, size_t len)
{
	char *buf = strndup(text, len);
	int ret;

	if (!buf)
		return -ENOMEM;
	ret = tep_parse_kallsyms(t->tep, buf);
	free(buf);
	return ret ? -EINVAL : 0;
}

int tpfmt_load_tracefs(struct tpfmt *t, const struct tfs *tfs,
		       const char *system, const char *name)
{
	struct strbuf rel = STRBUF_INIT, text = STRBUF_INIT;
	long n;
	int ret;

	if (strchr(system, '/') || strchr(name, '/') || !*system || !*name)
		return -ENOENT;
	strbuf_addf(&rel, "events/%s/%s/format", system, name);
	n = tfs_read(tfs, rel.buf, &text);
	if (n < 0) {
		ret = (int)n;
		goto out;
	}
	ret = tpfmt_add_format(t, system, text.buf, text.len);
	if (ret == -EEXIST) {
		int id;

		ret = format_id(text.buf, text.len, &id) ? -EINVAL : id;
	}
out:
	strbuf_release(&rel);
	strbuf_release(&text);
	return ret;
}

bool tpfmt_has(const struct tpfmt *t, int id)
{
	return tep_find_event(t->tep, id) != NULL;
}

bool tpfmt_name(const struct tpfmt *t, int id, struct strbuf *out)
{
	struct tep_event *ev = tep_find_event(t->tep, id);

	if (!ev)
		return false;
	strbuf_addf(out, "%s:%s", ev->system, ev->name);
	return true;
}

static struct tep_event *raw_event(const struct tpfmt *t, const void *raw,
				   size_t size, struct tep_record *rec, int cpu)
{
	memset(rec, 0, sizeof(*rec));
	rec->data = (void *)raw;
	rec->size = (int)size;
	rec->cpu = cpu;
	if (size < 2)
		return NULL;
	return tep_find_event(t->tep, tep_data_type(t->tep, rec));
}

int tpfmt_format(const struct tpfmt *t, const void *raw, size_t size, int cpu,
		 struct strbuf *out)
{
	struct tep_record rec;
	struct trace_seq s;

	if (size < 8)
		return -EINVAL;
	if (!raw_event(t, raw, size, &rec, cpu))
		return -ENOENT;
	trace_seq_init(&s);
	tep_print_event(t->tep, &s, &rec, "%s", TEP_PRINT_INFO);
	trace_seq_terminate(&s);
	strbuf_add(out, s.buffer, s.len);
	trace_seq_destroy(&s);
	return 0;
}

int tpfmt_field_str(const struct tpfmt *t, const void *raw, size_t size,
		    const char *field, struct strbuf *out)
{
	struct tep_record rec;
	struct tep_event *ev = raw_event(t, raw, size, &rec, 0);
	struct tep_format_field *f;
	unsigned int off, len;

	if (!ev)
		return -ENOENT;
	f = tep_find_field(ev, field);
	if (!f)
		return -ENOENT;
	off = (unsigned int)f->offset;
	len = (unsigned int)f->size;
	if (f->flags & TEP_FIELD_IS_DYNAMIC) {
		unsigned long long v;

		if ((size_t)f->offset + f->size > size ||
		    tep_read_number_field(f, raw, &v))
			return -ENOENT;
		off = (unsigned int)(v & 0xffff);
		len = (unsigned int)(v >> 16);
	}
	if ((size_t)off + len > size)
		return -ENOENT;
	strbuf_add(out, (const char *)raw + off, strnlen((const char *)raw + off, len));
	return 0;
}

int tpfmt_field_u64(const struct tpfmt *t, const void *raw, size_t size,
		    const char *field, unsigned long long *val)
{
	struct tep_record rec;
	struct tep_event *ev = raw_event(t, raw, size, &rec, 0);
	struct tep_format_field *f;

	if (!ev)
		return -ENOENT;
	f = tep_find_field(ev, field);
	if (!f || (size_t)f->offset + f->size > size)
		return -ENOENT;
	if (tep_read_number_field(f, raw, val))
		return -ENOENT;
	return 0;
}

int tpfmt_field_array(const struct tpfmt *t, const void *raw, size_t size,
		      const char *field, unsigned long long *val, int max)
{
	struct tep_record rec;
	struct tep_event *ev = raw_event(t, raw, size, &rec, 0);
	struct tep_format_field *f;
	int n, esize;

	if (!ev)
		return -ENOENT;
	f = tep_find_field(ev, field);
	if (!f || (size_t)f->offset + f->size > size)
		return -ENOENT;
	esize = (f->flags & TEP_FIELD_IS_ARRAY) && f->arraylen ?
		f->size / (int)f->arraylen : f->size;
	if (esize != 1 && esize != 2 && esize != 4 && esize != 8)
		return -ENOENT;
	n = f->size / esize;
	if (n > max)
		n = max;
	for (int i = 0; i < n; i++)
		val[i] = tep_read_number(t->tep, (const char *)raw + f->offset +
					 i * esize, esize);
	return n;
}
