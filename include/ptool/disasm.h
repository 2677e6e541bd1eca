/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_DISASM_H
#define PTOOL_DISASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptool/strbuf.h"

/*
 * x86 disassembly as GNU objdump -d prints it ("mov    %rsp,%rbp",
 * "jmp    118f <spin+0x36>", "(bad)"), for annotate. Decoding is done by
 * capstone in-process; a build without capstone (make DISASM=objdump)
 * runs objdump on the file instead, as perf does.
 */

struct disasm;

/**
 * disasm_name_fn - name an address for "<sym+0x1a>"
 * Append "sym" or "sym+0x1a" to @out and return 0, or return -ENOENT
 * (then only the address is printed).
 */
typedef int (*disasm_name_fn)(void *arg, uint64_t addr, struct strbuf *out);

/**
 * struct disasm_opts - what to decode and how to print it
 * @bits: 64 or 32 (ELFCLASS)
 * @intel: Intel syntax (-M intel) instead of AT&T
 * @name: names jump, call and rip-relative targets; may be NULL
 * @arg: passed to @name
 * @objdump: the objdump program to run where objdump decodes, NULL for
 *           "objdump" in $PATH
 */
struct disasm_opts {
	int bits;
	bool intel;
	const char *objdump;
	disasm_name_fn name;
	void *arg;
};

/**
 * struct disasm_insn - one decoded instruction
 * @addr: its address
 * @len: its length in bytes (1 for "(bad)")
 * @text: "mnemonic operands" with objdump's spacing (mnemonic padded to
 *        six columns), targets named, rip-relative comments appended
 */
struct disasm_insn {
	uint64_t addr;
	unsigned int len;
	char *text;
};

/** disasm_backend - "capstone" or "objdump": what this build decodes with */
const char *disasm_backend(void);

/**
 * disasm_new - a disassembler
 * @o: copied
 * Returns the disassembler (free with disasm_free()), or NULL with errno
 * set (ENOTSUP for an unsupported @bits, ENOMEM).
 */
struct disasm *disasm_new(const struct disasm_opts *o);

/** disasm_free - free @d; NULL is a no-op */
void disasm_free(struct disasm *d);

/**
 * disasm_range - decode [@addr, @addr + @len)
 * @buf: the bytes at @addr (used by the in-process decoder)
 * @path: the ELF file holding them at that address (used by the objdump
 *        fallback), may be NULL with capstone
 * @insns: set to a new array (free with disasm_insns_free())
 * @nr: set to its length
 * Undecodable bytes give one "(bad)" instruction each, as objdump prints.
 * Returns 0 or -errno (objdump fallback: it could not be run).
 */
int disasm_range(struct disasm *d, const uint8_t *buf, size_t len,
		 uint64_t addr, const char *path,
		 struct disasm_insn **insns, size_t *nr);

/** disasm_insns_free - free what disasm_range() returned */
void disasm_insns_free(struct disasm_insn *insns, size_t nr);

#endif
