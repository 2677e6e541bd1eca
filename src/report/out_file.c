// SPDX-License-Identifier: GPL-2.0
#include "ptool/out_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ptool/strbuf.h"

int out_file_open(struct out_file *of, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	int fd, err;

	of->path = path;
	of->tmp = NULL;
	of->fp = NULL;
	if (!strcmp(path, "-")) {
		of->fp = stdout;
		return 0;
	}
	strbuf_addf(&sb, "%s.tmp.XXXXXX", path);
	of->tmp = strbuf_detach(&sb, NULL);
	fd = mkstemp(of->tmp);
	if (fd < 0) {
		err = -errno;
		free(of->tmp);
		of->tmp = NULL;
		return err;
	}
	/* what a plain creat() would give: 0666 less the umask */
	{
		mode_t um = umask(0);

		umask(um);
		fchmod(fd, 0666 & ~um);
	}
	of->fp = fdopen(fd, "w");
	if (!of->fp) {
		err = -errno;
		close(fd);
		unlink(of->tmp);
		free(of->tmp);
		of->tmp = NULL;
		return err;
	}
	return 0;
}

int out_file_commit(struct out_file *of, int write_err)
{
	int err = write_err;

	if (!of->tmp) {
		if (!err && fflush(of->fp))
			err = -errno;
		return err;
	}
	if (fclose(of->fp) && !err)
		err = -errno ? -errno : -EIO;
	if (!err && rename(of->tmp, of->path))
		err = -errno;
	if (err)
		unlink(of->tmp);
	free(of->tmp);
	of->tmp = NULL;
	of->fp = NULL;
	return err;
}
