/* Helpers shared by the commands: errors, input, output. */
#include "cli/cli.h"

#include "microcred/app.h"
#include "microcred/json.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int mc__cli_fail(const char *cmd, const struct mc_err *err)
{
	fprintf(stderr, "microcred %s: error: %s\n", cmd, err->msg[0] ? err->msg : mc_err_name(err->code));
	return mc_err_exit_status(err->code);
}

int mc__cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "microcred %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nRun 'microcred %s --help' for usage.\n", cmd);
	return MC_EXIT_USAGE;
}

bool mc__cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return true;
	}
	return false;
}

int mc__cli_read(const char *path, struct mc_buf *b, struct mc_err *err)
{
	b->max = MC_CLI_MAX_INPUT;
	return mc_buf_read_file(b, path, err);
}

int mc__cli_write_stdout(const void *p, size_t n, struct mc_err *err)
{
	if (n && fwrite(p, 1, n, stdout) != n)
		return mc_err_set(err, MC_EIO, "cannot write to standard output: %s", strerror(errno));
	if (fflush(stdout) != 0)
		return mc_err_set(err, MC_EIO, "cannot write to standard output: %s", strerror(errno));
	return 0;
}

int mc__cli_write_file(const char *path, const void *p, size_t n, unsigned mode, struct mc_err *err)
{
	if (!path || strcmp(path, "-") == 0)
		return mc__cli_write_stdout(p, n, err);

	size_t len = strlen(path);
	char *tmp = malloc(len + 16);
	if (!tmp)
		return mc_err_set(err, MC_ENOMEM, "out of memory");
	snprintf(tmp, len + 16, "%s.tmpXXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int rc = mc_err_set(err, MC_EIO, "cannot create %s: %s", path, strerror(errno));
		free(tmp);
		return rc;
	}
	/* mkstemp creates 0600; widen only when asked (secret keys stay 0600). */
	if (fchmod(fd, mode) != 0 || (n && write(fd, p, n) != (ssize_t)n) || fsync(fd) != 0) {
		int rc = mc_err_set(err, MC_EIO, "cannot write %s: %s", path, strerror(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		return rc;
	}
	close(fd);
	if (rename(tmp, path) != 0) {
		int rc = mc_err_set(err, MC_EIO, "cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return rc;
	}
	free(tmp);
	return 0;
}

int mc__cli_open_app(const char *cmd, struct mc_app *app, const char *db, const char *base_url)
{
	struct mc_err err = {0};
	if (mc_app_open(app, db, base_url, &err) != 0)
		return mc__cli_fail(cmd, &err);
	return 0;
}

int mc__cli_print_json(const char *cmd, const struct mc_json *v)
{
	struct mc_buf out;
	struct mc_err err = {0};
	int status = 0;
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	if (mc_json_write(&out, v, MC_JSON_PRETTY) != 0 || mc_buf_putc(&out, '\n') != 0 ||
	    mc__cli_write_stdout(out.ptr, out.len, &err) != 0)
		status = mc__cli_fail(cmd, &err);
	mc_buf_release(&out);
	return status;
}
