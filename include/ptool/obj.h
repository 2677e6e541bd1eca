/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_OBJ_H
#define PTOOL_OBJ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gelf.h>
#include <elfutils/libdw.h>

/*
 * ELF objects on disk (libelf, libdw): opening one, its sections, its
 * PT_LOAD segments and address translation, walking its symbol tables,
 * finding its separate debug file and handing out its DWARF. The
 * symbolizer (sym_), the probe finder (probe_) and perf.data's host
 * features build on this; the build-id itself is read by buildid.h and
 * /proc/kallsyms by kallsyms.h, both part of this module.
 *
 * Handles: an Elf opened here comes with the file descriptor behind it;
 * obj_elf_close() releases both.
 */

/** OBJ_DEBUG_ROOT - where distributions install debug files */
#define OBJ_DEBUG_ROOT	"/usr/lib/debug"

/**
 * obj_elf_open - open the ELF file at @path (read-only, mmapped)
 * @fdp: set to its file descriptor
 * Returns the handle, or NULL with errno set: from open(2), or ENOEXEC
 * when the file is not an ELF object.
 */
Elf *obj_elf_open(const char *path, int *fdp);

/** obj_elf_close - elf_end() @e and close @fd; NULL and -1 are no-ops */
void obj_elf_close(Elf *e, int fd);

/**
 * obj_section - the section of @e named @name, or NULL
 * @shdr: filled with its header when found
 */
Elf_Scn *obj_section(Elf *e, const char *name, GElf_Shdr *shdr);

/** obj_has_section_type - whether @e has a section of type @type */
bool obj_has_section_type(Elf *e, Elf64_Word type);

/**
 * obj_has_data_section - whether @e has a section named @name with
 * contents in the file (not SHT_NOBITS, as a stripped debug section is)
 */
bool obj_has_data_section(Elf *e, const char *name);

/**
 * obj_debuglink - the file name in @e's .gnu_debuglink section, lent by
 * @e, or NULL
 */
const char *obj_debuglink(Elf *e);

/**
 * struct obj_segs - the PT_LOAD program headers of an object, in file
 * order
 */
struct obj_segs {
	GElf_Phdr *v;
	size_t nr;
};

/**
 * obj_segs_load - fill @s with the PT_LOAD headers of @e (none when @e
 * has no program headers); free with obj_segs_release()
 */
void obj_segs_load(struct obj_segs *s, Elf *e);

/** obj_segs_release - free what obj_segs_load() allocated */
void obj_segs_release(struct obj_segs *s);

/**
 * obj_segs_find - the first segment whose file contents hold @x: a
 * virtual address, or with @is_offset a file offset; NULL when none does
 */
const GElf_Phdr *obj_segs_find(const struct obj_segs *s, uint64_t x,
			       bool is_offset);

/**
 * obj_segs_vaddr_to_off - the file offset of virtual address @vaddr
 * Returns 0, or -ENOENT when no segment's file contents hold it.
 */
int obj_segs_vaddr_to_off(const struct obj_segs *s, uint64_t vaddr,
			  uint64_t *off);

/**
 * obj_segs_off_to_vaddr - the virtual address of file offset @off
 * Returns 0, or -ENOENT when no segment's file contents hold it.
 */
int obj_segs_off_to_vaddr(const struct obj_segs *s, uint64_t off,
			  uint64_t *vaddr);

/**
 * obj_segs_map_off - the virtual address a mapping at file offset @off
 * shows, as perf maps sample addresses: an executable segment holding
 * @off in its file contents first, then any segment holding it in its
 * memory image, else @off itself (objects without program headers)
 */
uint64_t obj_segs_map_off(const struct obj_segs *s, uint64_t off);

/** obj_segs_end - one past the highest address any segment occupies */
uint64_t obj_segs_end(const struct obj_segs *s);

/**
 * obj_sym_fn - called for each entry of a symbol table
 * @sym: the entry
 * @name: its name in the table's string table, or NULL when unreadable
 * @idx: its index in the table (from 1: the null entry is skipped)
 * Returns 0 to go on; anything else stops the walk and is returned.
 */
typedef int (*obj_sym_fn)(void *arg, const GElf_Sym *sym, const char *name,
			  size_t idx);

/**
 * obj_sym_walk - walk the first symbol table of type @type (SHT_SYMTAB or
 * SHT_DYNSYM) in @e, in table order
 * Returns 0 when the walk ends (an empty or unreadable table walks
 * nothing), what @fn returned when it stopped it, or -ENOENT when @e has
 * no table of that type.
 */
int obj_sym_walk(Elf *e, Elf64_Word type, obj_sym_fn fn, void *arg);

/**
 * obj_debug_build_id - the debug file of build-id @id under a build-id
 * directory: @root/.build-id/xx/yyyy.debug
 * @root: the directory; NULL for OBJ_DEBUG_ROOT
 * @verify: refuse a file whose own build-id differs from @id
 * @fdp: set to its file descriptor
 * Returns the file's handle (obj_elf_close()), or NULL.
 */
Elf *obj_debug_build_id(const char *root, const uint8_t *id, size_t len,
			bool verify, int *fdp);

/**
 * obj_debug_link - the debug file that @e's .gnu_debuglink names, looked
 * up as gdb does: @root/DIR/NAME, DIR/.debug/NAME, DIR/NAME, where DIR
 * is the directory of @path (the file @e was opened from, never returned
 * itself)
 * @root: NULL for OBJ_DEBUG_ROOT
 * @id: with @len nonzero, a file with another build-id is refused
 * Returns the file's handle (obj_elf_close()), or NULL.
 */
Elf *obj_debug_link(Elf *e, const char *path, const char *root,
		    const uint8_t *id, size_t len, int *fdp);

/**
 * obj_cache_elf - a copy of the object with build-id @id in perf's
 * build-id cache @cache_dir (~/.debug): .build-id/xx/yyyy/elf, then
 * .build-id/xx/yyyy, or for @vdso [vdso]/xxyyyy/elf
 * Returns the file's handle (obj_elf_close()), or NULL.
 */
Elf *obj_cache_elf(const char *cache_dir, const uint8_t *id, size_t len,
		   bool vdso, int *fdp);

/**
 * obj_debuginfod_elf - fetch the debug file of a build-id from debuginfod
 * @path: the object it is for, named in messages
 * @build_id: its build-id
 * @len: bytes in @build_id
 * @fdp: set to the file's descriptor; close() it after elf_end()
 *
 * Asks the servers of DEBUGINFOD_URLS through elfutils' libdebuginfod,
 * whose own variables set the cache, timeout and size limit
 * (DEBUGINFOD_CACHE_PATH, DEBUGINFOD_TIMEOUT, DEBUGINFOD_MAXSIZE). Shows
 * the download's progress when stderr is a terminal. A file that is not
 * an ELF object carrying @build_id, or whose sections run past its end,
 * is refused with a warning, as is a failed download. Call it once per
 * object: every call may cost the library's timeout.
 *
 * Returns the file's ELF handle (elf_end() it), or NULL when there is
 * none, no server is set, or ptool is built without libdebuginfod.
 */
Elf *obj_debuginfod_elf(const char *path, const uint8_t *build_id,
			size_t len, int *fdp);

/**
 * obj_dwarf - a libdw handle on the DWARF of @e (dwarf_end() it; @e must
 * outlive it), or NULL
 * @need_cu: refuse DWARF without a compilation unit (a file with only
 *           .eh_frame opens too)
 */
Dwarf *obj_dwarf(Elf *e, bool need_cu);

#endif
