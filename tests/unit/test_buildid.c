// SPDX-License-Identifier: GPL-2.0
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "ptool/buildid.h"

static const unsigned char want[20] = {
	0xde, 0xad, 0xbe, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab,
	0xcd, 0xef, 0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe,
};

enum layout { WITH_SECTIONS, PHDRS_ONLY, NO_NOTE };

/*
 * A minimal ELF64 file: header, one note (an unrelated note first, then
 * the build-id), and either section headers or a PT_NOTE program header.
 */
static void write_elf(const char *path, enum layout lay)
{
	unsigned char buf[1024] = { 0 };
	Elf64_Ehdr *eh = (void *)buf;
	size_t off = sizeof(*eh), note_off, note_len, str_off, sh_off;
	static const char shstr[] = "\0.note.gnu.build-id\0.shstrtab";
	Elf64_Nhdr nh;
	int fd;

	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_DYN;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_ehsize = sizeof(*eh);

	if (lay == PHDRS_ONLY) {
		eh->e_phoff = off;
		eh->e_phentsize = sizeof(Elf64_Phdr);
		eh->e_phnum = 1;
		off += sizeof(Elf64_Phdr);
	}
	note_off = off;
	/* an ABI tag note that must be skipped */
	nh = (Elf64_Nhdr){ .n_namesz = 4, .n_descsz = 16, .n_type = 1 };
	memcpy(buf + off, &nh, sizeof(nh));
	memcpy(buf + off + sizeof(nh), "GNU", 4);
	off += sizeof(nh) + 4 + 16;
	if (lay != NO_NOTE) {
		nh = (Elf64_Nhdr){ .n_namesz = 4, .n_descsz = 20, .n_type = 3 };
		memcpy(buf + off, &nh, sizeof(nh));
		memcpy(buf + off + sizeof(nh), "GNU", 4);
		memcpy(buf + off + sizeof(nh) + 4, want, 20);
		off += sizeof(nh) + 4 + 20;
	}
	note_len = off - note_off;
	if (lay == PHDRS_ONLY) {
		Elf64_Phdr *ph = (void *)(buf + eh->e_phoff);

		ph->p_type = PT_NOTE;
		ph->p_offset = note_off;
		ph->p_filesz = note_len;
		ph->p_memsz = note_len;
		ph->p_align = 4;
	} else {
		Elf64_Shdr *sh;

		str_off = off;
		memcpy(buf + off, shstr, sizeof(shstr));
		off += sizeof(shstr);
		off = (off + 7) & ~7ul;
		sh_off = off;
		sh = (void *)(buf + sh_off);
		sh[1].sh_name = 1;
		sh[1].sh_type = SHT_NOTE;
		sh[1].sh_offset = note_off;
		sh[1].sh_size = note_len;
		sh[1].sh_addralign = 4;
		sh[2].sh_name = 20;
		sh[2].sh_type = SHT_STRTAB;
		sh[2].sh_offset = str_off;
		sh[2].sh_size = sizeof(shstr);
		sh[2].sh_addralign = 1;
		off += 3 * sizeof(Elf64_Shdr);
		eh->e_shoff = sh_off;
		eh->e_shentsize = sizeof(Elf64_Shdr);
		eh->e_shnum = 3;
		eh->e_shstrndx = 2;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, off), (ssize_t)off);
	close(fd);
}

static char tmpdir[64];

static int setup(void **state)
{
	strcpy(tmpdir, "/tmp/ptool-buildid.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void check_layout(enum layout lay)
{
	char path[128], hex[2 * BUILDID_MAX + 1];
	struct buildid b = { .size = 0 };

	snprintf(path, sizeof(path), "%s/elf%d", tmpdir, (int)lay);
	write_elf(path, lay);
	if (lay == NO_NOTE) {
		assert_int_equal(buildid_read(path, &b), -ENODATA);
		return;
	}
	assert_int_equal(buildid_read(path, &b), 0);
	assert_int_equal(b.size, 20);
	assert_memory_equal(b.data, want, 20);
	assert_string_equal(buildid_hex(&b, hex, sizeof(hex)),
			    "deadbeef0123456789abcdef1032547698badcfe");
}

static void test_sections(void **state)
{
	check_layout(WITH_SECTIONS);
}

static void test_phdrs(void **state)
{
	check_layout(PHDRS_ONLY);
}

static void test_no_note(void **state)
{
	check_layout(NO_NOTE);
}

static void test_errors(void **state)
{
	char path[128];
	struct buildid b;
	FILE *f;

	snprintf(path, sizeof(path), "%s/text", tmpdir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("not an ELF file\n", f);
	fclose(f);
	assert_int_equal(buildid_read(path, &b), -ENOEXEC);
	snprintf(path, sizeof(path), "%s/missing", tmpdir);
	assert_int_equal(buildid_read(path, &b), -ENOENT);
}

/* the test binary itself: Debian's toolchain links with --build-id */
static void test_self(void **state)
{
	struct buildid a, b;
	char hex[8];
	int fd;

	assert_int_equal(buildid_read("/proc/self/exe", &a), 0);
	assert_true(a.size >= 16);
	fd = open("/proc/self/exe", O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(buildid_read_fd(fd, &b), 0);
	close(fd);
	assert_int_equal(a.size, b.size);
	assert_memory_equal(a.data, b.data, a.size);
	/* a short buffer is cut, never overrun */
	buildid_hex(&a, hex, sizeof(hex));
	assert_int_equal(strlen(hex), 6);
}

static void test_notes(void **state)
{
	unsigned char buf[128] = { 0 };
	uint32_t w[3];
	struct buildid b;
	size_t off = 0;

	/* an odd-sized note first: name "Linux" padded to 8, desc 3 -> 4 */
	w[0] = 6; w[1] = 3; w[2] = 1;
	memcpy(buf, w, 12);
	memcpy(buf + 12, "Linux", 6);
	off = 12 + 8 + 4;
	w[0] = 4; w[1] = 20; w[2] = 3;
	memcpy(buf + off, w, 12);
	memcpy(buf + off + 12, "GNU", 4);
	memcpy(buf + off + 16, want, 20);
	assert_int_equal(buildid_from_notes(buf, off + 36, &b), 0);
	assert_int_equal(b.size, 20);
	assert_memory_equal(b.data, want, 20);
	/* cut short: not found, no overrun */
	for (size_t n = 0; n < off + 36; n++)
		assert_int_equal(buildid_from_notes(buf, n, &b), -ENODATA);
	/* a size that points past the end */
	w[0] = 0xfffffff0; w[1] = 0; w[2] = 3;
	memcpy(buf, w, 12);
	assert_int_equal(buildid_from_notes(buf, sizeof(buf), &b), -ENODATA);
	assert_int_equal(buildid_read_notes("/nonexistent/notes", &b), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_phdrs),
		cmocka_unit_test(test_no_note),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_self),
		cmocka_unit_test(test_notes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
