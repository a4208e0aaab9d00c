/* Private to src/cli: the command table and helpers shared by the commands.
 *
 * Each command lives in src/cli/cmd_<name>.c as
 *     int mc__cmd_<name>(int argc, char **argv);   (argv[0] is the command name)
 * and returns the process exit status: 0 success / verified, 1 negative result,
 * 2 bad usage or invalid input, 3 environment error (I/O, database). */
#ifndef MC_CLI_CLI_H
#define MC_CLI_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "microcred/buf.h"
#include "microcred/err.h"

struct mc__cli_cmd {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
};

extern const struct mc__cli_cmd mc__cli_commands[];

/* Exit statuses. */
enum { MC_EXIT_OK = 0, MC_EXIT_NEGATIVE = 1, MC_EXIT_USAGE = 2, MC_EXIT_ENV = 3 };

/* Prints "microcred CMD: error: MSG" on stderr and returns the exit status for
 * err->code. */
int mc__cli_fail(const char *cmd, const struct mc_err *err);
/* Prints "microcred CMD: FORMAT" plus a hint to run --help; returns 2. */
int mc__cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* True when argv has -h or --help anywhere before a "--". */
bool mc__cli_wants_help(int argc, char **argv);
/* Reads FILE (or "-" for stdin) into b, which must be initialised; limit on size. */
int mc__cli_read(const char *path, struct mc_buf *b, struct mc_err *err);
/* Writes n bytes to stdout; returns 0 or an MC_EIO error. */
int mc__cli_write_stdout(const void *p, size_t n, struct mc_err *err);
/* Writes b to the file at path (or stdout when path is NULL or "-"), atomically
 * (temporary file, then rename) with the given mode. */
int mc__cli_write_file(const char *path, const void *p, size_t n, unsigned mode, struct mc_err *err);

/* Platform commands take --db PATH (else $MICROCRED_DB, else ./microcred.db) and
 * --base-url URL. Opens the application (creating and migrating the database);
 * on failure prints the error and returns the exit status (3 for I/O), else 0. */
struct mc_app;
int mc__cli_open_app(const char *cmd, struct mc_app *app, const char *db, const char *base_url);
/* Prints a JSON value (pretty, with a final newline) to stdout; returns 0 or an exit status. */
struct mc_json;
int mc__cli_print_json(const char *cmd, const struct mc_json *v);

/* Input size limit for documents read by the CLI (credentials, keys, contexts). */
#define MC_CLI_MAX_INPUT ((size_t)64 * 1024 * 1024)

int mc__cmd_help(int argc, char **argv);
int mc__cmd_version(int argc, char **argv);
int mc__cmd_jcs(int argc, char **argv);
int mc__cmd_keys(int argc, char **argv);
int mc__cmd_did(int argc, char **argv);
int mc__cmd_canon(int argc, char **argv);
int mc__cmd_jsonld(int argc, char **argv);
int mc__cmd_sign(int argc, char **argv);
int mc__cmd_verify(int argc, char **argv);
int mc__cmd_init(int argc, char **argv);
int mc__cmd_issuer(int argc, char **argv);
int mc__cmd_staff(int argc, char **argv);
int mc__cmd_credential(int argc, char **argv);
int mc__cmd_requirement(int argc, char **argv);
int mc__cmd_status(int argc, char **argv);
int mc__cmd_badge_image(int argc, char **argv);
int mc__cmd_certificate(int argc, char **argv);
int mc__cmd_bake(int argc, char **argv);
int mc__cmd_unbake(int argc, char **argv);
int mc__cmd_enrol(int argc, char **argv);
int mc__cmd_evidence(int argc, char **argv);
int mc__cmd_review(int argc, char **argv);
int mc__cmd_attendance(int argc, char **argv);
int mc__cmd_result(int argc, char **argv);
int mc__cmd_progress(int argc, char **argv);
int mc__cmd_award(int argc, char **argv);
int mc__cmd_export(int argc, char **argv);
int mc__cmd_revoke(int argc, char **argv);
int mc__cmd_suspend(int argc, char **argv);
int mc__cmd_reinstate(int argc, char **argv);
int mc__cmd_pathway(int argc, char **argv);
int mc__cmd_endorse(int argc, char **argv);
int mc__cmd_demo(int argc, char **argv);
int mc__cmd_serve(int argc, char **argv);
int mc__cmd_token(int argc, char **argv);
int mc__cmd_user(int argc, char **argv);
int mc__cmd_log(int argc, char **argv);

#endif
