// SPDX-License-Identifier: GPL-2.0
/*
 * Two SDT markers (provider ptool_sdt: start, stop) written as
 * <sys/sdt.h> writes them, without needing that header: a nop, and a
 * .note.stapsdt note naming it. tests/integration/list-sdt.sh caches this
 * binary with perf buildid-cache --add and lists its markers.
 */
#include <stdio.h>

#define SDT_BASE							\
	".ifndef _.stapsdt.base\n"					\
	".pushsection .stapsdt.base,\"aG\",\"progbits\",.stapsdt.base,comdat\n" \
	".weak _.stapsdt.base\n"					\
	".hidden _.stapsdt.base\n"					\
	"_.stapsdt.base: .space 1\n"					\
	".size _.stapsdt.base, 1\n"					\
	".popsection\n"							\
	".endif\n"

#define SDT_MARKER(provider, name)					\
	__asm__ __volatile__("990: nop\n"				\
		".pushsection .note.stapsdt,\"?\",\"note\"\n"		\
		".balign 4\n"						\
		".4byte 992f-991f, 994f-993f, 3\n"			\
		"991: .asciz \"stapsdt\"\n"				\
		"992: .balign 4\n"					\
		"993: .8byte 990b\n"					\
		".8byte _.stapsdt.base\n"				\
		".8byte 0\n"						\
		".asciz \"" provider "\"\n"				\
		".asciz \"" name "\"\n"					\
		".asciz \"\"\n"						\
		"994: .balign 4\n"					\
		".popsection\n" SDT_BASE)

int main(void)
{
	SDT_MARKER("ptool_sdt", "start");
	puts("sdt_demo");
	SDT_MARKER("ptool_sdt", "stop");
	return 0;
}
