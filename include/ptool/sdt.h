/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_SDT_H
#define PTOOL_SDT_H

/*
 * The SDT markers perf list sdt shows: those recorded in the build-id
 * cache (<dir>/.build-id/xx/<rest> links to <dir>/<path>/<build-id>/, whose
 * "probes" file perf buildid-cache --add fills from the binary's
 * .note.stapsdt notes with "%provider:name=name" lines). As perf, an entry
 * counts only while its binary is still at its path with the same build-id.
 */

/**
 * sdt_cache_dir - the build-id cache, $HOME/.debug as perf's default;
 * a new string (free it), or NULL without $HOME
 */
char *sdt_cache_dir(void);

/**
 * sdt_cache_list - the "provider:name@build-id" of every SDT marker in the
 * cache @dir, sorted as perf sorts them
 * @out: set to a new array of new strings (free with sdt_strv_free())
 * Returns their number, or -errno when @dir cannot be read (-ENOENT: no
 * cache, which lists nothing).
 */
int sdt_cache_list(const char *dir, char ***out);

/**
 * sdt_cache_origname - the path of the binary of @build_id in the cache
 * @dir ("/usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30"); a new string,
 * or NULL
 */
char *sdt_cache_origname(const char *dir, const char *build_id);

/**
 * sdt_parse_probes - append to @v (@n entries, @alloc allocated) the
 * "provider:name@build_id" of each "%provider:name=..." line of @text,
 * the contents of a probes file
 */
void sdt_parse_probes(const char *text, const char *build_id, char ***v,
		      int *n, int *alloc);

/** sdt_strv_free - free @n strings and @v */
void sdt_strv_free(char **v, int n);

#endif
