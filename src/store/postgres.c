/* The PostgreSQL backend of the database driver (db_internal.h), on libpq.
 *
 * One struct mc_db is one PGconn; the web server opens one per worker thread, so a
 * process holds a pool of as many connections as it has threads, each closed with
 * its mc_db. Statements are prepared once per connection (PQprepare, named
 * "mc<N>") and executed with PQexecPrepared; parameters travel as text except blobs,
 * which travel in binary; results come back as text, and bytea columns are
 * hex-decoded on demand.
 *
 * SQLite semantics the domain stores rely on, kept here:
 *   - a failing statement inside a transaction fails alone (SQLite rolls back that
 *     statement only; PostgreSQL would abort the whole transaction). INSERTs inside
 *     a transaction therefore run under a savepoint, sent in one round trip with
 *     the statement through libpq's pipeline mode;
 *   - conflicts (serialization failure, deadlock, lock timeout) are MC_ESTATE with
 *     mc_db_retryable() true, so mc_app_tx retries the whole transaction. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/buf.h"

#include "store/db_internal.h"

#define BYTEA_OID 17
/* pg_advisory_lock key serialising migrations between processes opening the same
 * database at once ("microcre" in ASCII). */
#define MIGRATION_LOCK_KEY "7883681190493938277"

struct pg {
	PGconn *conn;
	char *where;      /* the URL without its password, for messages */
	unsigned gen;     /* bumped when the connection is re-established */
	unsigned next_id; /* names prepared statements */
	int64_t changes;  /* rows changed by the last INSERT/UPDATE/DELETE */
};

struct pg_stmt {
	struct mc_db *db;
	char name[24];
	char *sql;    /* the rewritten text, for re-preparing after a reconnect */
	unsigned gen; /* the connection generation it was prepared on */
	bool guarded; /* INSERT: runs under a savepoint in a transaction */
	int nparams;
	char **vals; /* owned copies; NULL = SQL NULL */
	int *lens, *fmts;
	PGresult *res; /* set from the first step until DONE or reset */
	int row, nrows;
	/* Decoded bytea of the current row, per column (NULL until asked for). */
	unsigned char **blobs;
	size_t *blob_lens;
	int ncols;
};

static struct pg *conn_of(struct mc_db *db)
{
	return db->impl;
}

/* ---- errors ---- */

static bool sqlstate_is(const char *state, const char *want)
{
	return state && strcmp(state, want) == 0;
}

/* Maps a failed result (or, with res NULL, the connection's error) to an mc_err. */
static int fail(struct mc_db *db, const PGresult *res, struct mc_err *err, const char *what)
{
	struct pg *p = conn_of(db);
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	const char *constraint = res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : NULL;
	if (!msg) {
		msg = PQerrorMessage(p->conn);
		if (!msg || !*msg)
			msg = "unknown error";
	}
	/* libpq messages end in a newline; keep errors on one line. */
	char one[512];
	snprintf(one, sizeof(one), "%s", msg);
	for (char *c = one; *c; c++)
		if (*c == '\n')
			*c = (c[1] ? ' ' : '\0');
	if (sqlstate_is(state, "40001") || sqlstate_is(state, "40P01") || sqlstate_is(state, "55P03")) {
		db->retryable = true;
		return mc_err_set(err, MC_ESTATE, "conflict with a concurrent transaction (%s: %s); retry",
		                  state, one);
	}
	if (sqlstate_is(state, "23505"))
		return mc_err_set(err, MC_EEXIST, "already exists (%s%s%s)", constraint ? constraint : one,
		                  detail ? ": " : "", detail ? detail : "");
	if (state && strncmp(state, "23", 2) == 0)
		return mc_err_set(err, MC_EINVAL, "refused by the database (%s%s%s)", one,
		                  constraint ? ": " : "", constraint ? constraint : "");
	if (state && strncmp(state, "22", 2) == 0)
		return mc_err_set(err, MC_EINVAL, "refused by the database (%s)", one);
	return mc_err_set(err, MC_EIO, "database error while %s on %s: %s%s%s", what, p->where, one,
	                  state ? " SQLSTATE " : "", state ? state : "");
}

/* ---- connection ---- */

/* The URL with any password replaced by "***": it goes into error messages. */
static char *redact(const char *url)
{
	const char *scheme = strstr(url, "://");
	const char *host = scheme ? strchr(scheme + 3, '@') : NULL;
	const char *slash = scheme ? strchr(scheme + 3, '/') : NULL;
	if (!host || (slash && slash < host))
		return mc_xstrdup(url);
	const char *colon = memchr(scheme + 3, ':', (size_t)(host - scheme - 3));
	if (!colon)
		return mc_xstrdup(url);
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_buf_append(&b, url, (size_t)(colon + 1 - url));
	mc_buf_puts(&b, "***");
	mc_buf_puts(&b, host);
	return mc_buf_detach(&b, NULL);
}

static int pg_exec_raw(struct mc_db *db, const char *sql, struct mc_err *err, const char *what);

static int setup_session(struct mc_db *db, struct mc_err *err)
{
	/* Times are RFC 3339 UTC text written by the application; the session zone
	 * only matters to {{NOW}} defaults, which convert explicitly, but a fixed zone
	 * keeps anything else deterministic. A lock wait gives up after 10 s, like the
	 * SQLite backend's busy timeout, as a retryable conflict (55P03) instead of
	 * waiting forever on a connection that holds a transaction open. */
	return pg_exec_raw(db, "SET TIME ZONE 'UTC'; SET lock_timeout = '10s'", err,
	                   "setting up the session");
}

/* Library code never prints: server notices ("relation already exists, skipping")
 * are dropped instead of going to stderr. */
static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static int pg_open(struct mc_db *db, const char *url, struct mc_err *err)
{
	struct pg *p = mc_xcalloc(1, sizeof(*p));
	p->where = redact(url);
	/* application_name first so that the URL may override it; client_encoding
	 * after the URL so that it cannot: everything we send and read is UTF-8. */
	const char *const keys[] = {"application_name", "dbname", "client_encoding", NULL};
	const char *const vals[] = {"microcred", url, "UTF8", NULL};
	p->conn = PQconnectdbParams(keys, vals, 1);
	db->impl = p;
	if (!p->conn || PQstatus(p->conn) != CONNECTION_OK) {
		const char *m = p->conn ? PQerrorMessage(p->conn) : "out of memory";
		char one[512];
		snprintf(one, sizeof(one), "%s", m);
		for (char *c = one; *c; c++)
			if (*c == '\n')
				*c = (c[1] ? ' ' : '\0');
		mc_err_set(err, MC_EIO,
		           "cannot connect to the PostgreSQL database %s: %s (check the host, port, user, "
		           "password and "
		           "database name in the URL, and that the server is running)",
		           p->where, one);
		PQfinish(p->conn);
		free(p->where);
		free(p);
		db->impl = NULL;
		return MC_EIO;
	}
	PQsetNoticeProcessor(p->conn, quiet, NULL);
	int rc = setup_session(db, err);
	if (rc) {
		PQfinish(p->conn);
		free(p->where);
		free(p);
		db->impl = NULL;
	}
	return rc;
}

static void pg_close(struct mc_db *db)
{
	struct pg *p = conn_of(db);
	if (!p)
		return;
	PQfinish(p->conn);
	free(p->where);
	free(p);
	db->impl = NULL;
}

/* A connection lost between transactions (server restart, idle timeout) is
 * re-established once; its prepared statements are re-prepared on next use. Inside
 * a transaction the work is lost anyway, so the error goes up as retryable. */
static int ensure_connected(struct mc_db *db, struct mc_err *err)
{
	struct pg *p = conn_of(db);
	if (PQstatus(p->conn) == CONNECTION_OK)
		return 0;
	if (db->in_tx) {
		db->retryable = true;
		return mc_err_set(err, MC_ESTATE, "the connection to %s was lost during a transaction; retry",
		                  p->where);
	}
	PQreset(p->conn);
	if (PQstatus(p->conn) != CONNECTION_OK)
		return fail(db, NULL, err, "reconnecting");
	p->gen++;
	return setup_session(db, err);
}

static int pg_exec_raw(struct mc_db *db, const char *sql, struct mc_err *err, const char *what)
{
	struct pg *p = conn_of(db);
	PGresult *res = PQexec(p->conn, sql);
	ExecStatusType s = PQresultStatus(res);
	int rc = 0;
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY)
		rc = fail(db, res, err, what);
	else if (strcmp(sql, "COMMIT") == 0 && strcmp(PQcmdStatus(res), "ROLLBACK") == 0)
		/* COMMIT of a transaction an earlier error aborted "succeeds" as a
		 * rollback: that is a failure to the caller. */
		rc = mc_err_set(err, MC_EIO,
		                "the transaction on %s was rolled back because a statement in it failed",
		                p->where);
	PQclear(res);
	return rc;
}

static int pg_exec(struct mc_db *db, const char *sql, struct mc_err *err)
{
	int rc = ensure_connected(db, err);
	return rc ? rc : pg_exec_raw(db, sql, err, "running SQL");
}

static int pg_begin(struct mc_db *db, enum mc_tx mode, struct mc_err *err)
{
	/* READ: one snapshot for all the reads. WRITE: READ COMMITTED; the statements'
	 * row locks (UPDATE ... RETURNING on counters and status lists) order concurrent
	 * writers. SERIAL: full serializability; conflicts surface as 40001. */
	static const char *const sql[] = {
	    [MC_TX_READ] = "BEGIN ISOLATION LEVEL REPEATABLE READ",
	    [MC_TX_WRITE] = "BEGIN ISOLATION LEVEL READ COMMITTED",
	    [MC_TX_SERIAL] = "BEGIN ISOLATION LEVEL SERIALIZABLE",
	};
	if ((unsigned)mode > MC_TX_SERIAL)
		return mc_err_set(err, MC_EINVAL, "unknown transaction mode %d", (int)mode);
	return pg_exec(db, sql[mode], err);
}

static int pg_migration_lock(struct mc_db *db, bool on, struct mc_err *err)
{
	return pg_exec(db,
	               on ? "SELECT pg_advisory_lock(" MIGRATION_LOCK_KEY ")"
	                  : "SELECT pg_advisory_unlock(" MIGRATION_LOCK_KEY ")",
	               err);
}

/* ---- statements ---- */

/* The highest $N outside quotes: the number of parameters to send. */
static int count_params(const char *sql)
{
	int max = 0;
	char quote = 0;
	for (const char *c = sql; *c; c++) {
		if (quote) {
			if (*c == quote)
				quote = 0;
		} else if (*c == '\'' || *c == '"') {
			quote = *c;
		} else if (*c == '$' && c[1] >= '0' && c[1] <= '9') {
			int n = 0;
			while (c[1] >= '0' && c[1] <= '9' && n < 100000)
				n = n * 10 + (*++c - '0');
			if (n > max)
				max = n;
		}
	}
	return max;
}

/* Statements whose failure a caller may survive inside a transaction: INSERTs (a
 * unique violation tells "created meanwhile by another process"). UPDATEs and
 * DELETEs run unguarded: a savepoint each would cost a subtransaction, and a
 * transaction that allocates many status indexes would pile them up. */
static bool is_guarded(const char *sql)
{
	while (*sql == ' ' || *sql == '\t' || *sql == '\n' || *sql == '(')
		sql++;
	return strncasecmp(sql, "INSERT", 6) == 0;
}

static int prepare_on_server(struct mc_db *db, struct pg_stmt *s, struct mc_err *err)
{
	struct pg *p = conn_of(db);
	snprintf(s->name, sizeof(s->name), "mc%u", ++p->next_id);
	PGresult *res = PQprepare(p->conn, s->name, s->sql, 0, NULL);
	int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : fail(db, res, err, "preparing a statement");
	PQclear(res);
	if (!rc)
		s->gen = p->gen;
	return rc;
}

static int pg_prepare(struct mc_db *db, const char *sql, void **impl, struct mc_err *err)
{
	int rc = ensure_connected(db, err);
	if (rc)
		return rc;
	struct pg_stmt *s = mc_xcalloc(1, sizeof(*s));
	s->db = db;
	s->sql = mc_xstrdup(sql);
	s->guarded = is_guarded(sql);
	s->nparams = count_params(sql);
	if (s->nparams) {
		s->vals = mc_xcalloc((size_t)s->nparams, sizeof(*s->vals));
		s->lens = mc_xcalloc((size_t)s->nparams, sizeof(*s->lens));
		s->fmts = mc_xcalloc((size_t)s->nparams, sizeof(*s->fmts));
	}
	if ((rc = prepare_on_server(db, s, err))) {
		free(s->vals);
		free(s->lens);
		free(s->fmts);
		free(s->sql);
		free(s);
		return rc;
	}
	*impl = s;
	return 0;
}

static void drop_blobs(struct pg_stmt *s)
{
	for (int i = 0; i < s->ncols; i++)
		free(s->blobs[i]);
	free(s->blobs);
	free(s->blob_lens);
	s->blobs = NULL;
	s->blob_lens = NULL;
	s->ncols = 0;
}

static void drop_result(struct pg_stmt *s)
{
	drop_blobs(s);
	PQclear(s->res);
	s->res = NULL;
	s->row = s->nrows = 0;
}

static void pg_reset(void *impl)
{
	struct pg_stmt *s = impl;
	drop_result(s);
	for (int i = 0; i < s->nparams; i++) {
		free(s->vals[i]);
		s->vals[i] = NULL;
		s->lens[i] = s->fmts[i] = 0;
	}
}

static void pg_finalize(void *impl)
{
	struct pg_stmt *s = impl;
	pg_reset(s);
	/* The server-side statement goes with the connection (mc_db_close finalizes
	 * statements just before closing it); deallocating each costs a round trip. */
	free(s->vals);
	free(s->lens);
	free(s->fmts);
	free(s->sql);
	free(s);
}

static int set_param(struct pg_stmt *s, int i, const void *data, size_t n, int format)
{
	if (i < 1 || i > s->nparams)
		return MC_EINVAL;
	if (n > 0x3fffffff)
		return MC_ELIMIT;
	free(s->vals[i - 1]);
	char *v = NULL;
	if (data) {
		v = mc_xmalloc(n + 1);
		memcpy(v, data, n);
		v[n] = '\0';
	}
	s->vals[i - 1] = v;
	s->lens[i - 1] = (int)n;
	s->fmts[i - 1] = format;
	return 0;
}

static int pg_bind_text(void *impl, int i, const char *str, size_t n)
{
	/* Text parameters end at the first NUL on the wire; PostgreSQL text cannot hold
	 * NUL either. */
	const char *z = memchr(str, '\0', n);
	return set_param(impl, i, str, z ? (size_t)(z - str) : n, 0);
}

static int pg_bind_int(void *impl, int i, int64_t v)
{
	char t[24];
	int n = snprintf(t, sizeof(t), "%lld", (long long)v);
	return set_param(impl, i, t, (size_t)n, 0);
}

static int pg_bind_blob(void *impl, int i, const void *p, size_t n)
{
	return set_param(impl, i, n ? p : "", n, 1);
}

static int pg_bind_null(void *impl, int i)
{
	return set_param(impl, i, NULL, 0, 0);
}

static bool ok_status(const PGresult *res)
{
	ExecStatusType s = PQresultStatus(res);
	return s == PGRES_TUPLES_OK || s == PGRES_COMMAND_OK;
}

/* Runs s inside "SAVEPOINT; statement; RELEASE" in one round trip, and rolls back to
 * the savepoint when the statement fails, leaving the transaction usable. */
static PGresult *exec_guarded(struct mc_db *db, struct pg_stmt *s)
{
	PGconn *c = conn_of(db)->conn;
	if (PQenterPipelineMode(c) != 1)
		return NULL;
	PGresult *result = NULL;
	bool failed = false;
	int sent =
	    PQsendQueryParams(c, "SAVEPOINT mc_stmt", 0, NULL, NULL, NULL, NULL, 0) &&
	    PQsendQueryPrepared(c, s->name, s->nparams, (const char *const *)s->vals, s->lens, s->fmts, 0) &&
	    PQsendQueryParams(c, "RELEASE SAVEPOINT mc_stmt", 0, NULL, NULL, NULL, NULL, 0) &&
	    PQpipelineSync(c);
	if (sent) {
		for (int q = 0; q < 3; q++) {
			PGresult *r;
			while ((r = PQgetResult(c))) {
				if (!ok_status(r))
					failed = true;
				if (q == 1 && !result)
					result = r;
				else
					PQclear(r);
			}
		}
		PGresult *sync = PQgetResult(c); /* PGRES_PIPELINE_SYNC */
		PQclear(sync);
	}
	PQexitPipelineMode(c);
	if (failed) {
		PGresult *r = PQexec(c, "ROLLBACK TO SAVEPOINT mc_stmt; RELEASE SAVEPOINT mc_stmt");
		PQclear(r);
	}
	if (!sent && !result)
		return NULL;
	return result;
}

static int pg_step(struct mc_db *db, void *impl, struct mc_err *err)
{
	struct pg_stmt *s = impl;
	struct pg *p = conn_of(db);
	if (!s->res) {
		int rc = ensure_connected(db, err);
		if (rc)
			return rc;
		if (s->gen != p->gen && (rc = prepare_on_server(db, s, err)))
			return rc;
		PGresult *res;
		if (db->in_tx && s->guarded)
			res = exec_guarded(db, s);
		else
			res = PQexecPrepared(p->conn, s->name, s->nparams, (const char *const *)s->vals,
			                     s->lens, s->fmts, 0);
		if (!res || !ok_status(res)) {
			rc = fail(db, res, err, "running a statement");
			PQclear(res);
			return rc;
		}
		const char *cmd = PQcmdStatus(res);
		if (strncmp(cmd, "INSERT", 6) == 0 || strncmp(cmd, "UPDATE", 6) == 0 ||
		    strncmp(cmd, "DELETE", 6) == 0 || strncmp(cmd, "MERGE", 5) == 0)
			p->changes = strtoll(PQcmdTuples(res), NULL, 10);
		s->res = res;
		s->nrows = PQntuples(res);
		s->row = -1;
	}
	drop_blobs(s);
	if (++s->row < s->nrows)
		return MC_DB_ROW;
	drop_result(s);
	return MC_DB_DONE;
}

static bool have_cell(const struct pg_stmt *s, int i)
{
	return s->res && s->row >= 0 && s->row < s->nrows && i >= 0 && i < PQnfields(s->res);
}

static bool pg_col_null(void *impl, int i)
{
	struct pg_stmt *s = impl;
	return !have_cell(s, i) || PQgetisnull(s->res, s->row, i);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The bytes of a bytea cell (text format "\x0a1b..."), decoded once per row and
 * NUL-terminated like SQLite's column text. */
static const unsigned char *bytea_cell(struct pg_stmt *s, int i, size_t *n)
{
	if (!s->blobs) {
		s->ncols = PQnfields(s->res);
		s->blobs = mc_xcalloc((size_t)s->ncols, sizeof(*s->blobs));
		s->blob_lens = mc_xcalloc((size_t)s->ncols, sizeof(*s->blob_lens));
	}
	if (!s->blobs[i]) {
		const char *t = PQgetvalue(s->res, s->row, i);
		size_t tl = (size_t)PQgetlength(s->res, s->row, i);
		unsigned char *out = mc_xmalloc(tl / 2 + 1);
		size_t o = 0;
		if (tl >= 2 && t[0] == '\\' && t[1] == 'x') {
			for (size_t k = 2; k + 1 < tl; k += 2) {
				int hi = hexval(t[k]), lo = hexval(t[k + 1]);
				if (hi < 0 || lo < 0)
					break;
				out[o++] = (unsigned char)(hi << 4 | lo);
			}
		} else {
			/* bytea_output = escape (a server setting): let libpq decode it. */
			size_t ul = 0;
			unsigned char *u = PQunescapeBytea((const unsigned char *)t, &ul);
			free(out);
			out = mc_xmalloc(ul + 1);
			if (u)
				memcpy(out, u, ul);
			PQfreemem(u);
			o = u ? ul : 0;
		}
		out[o] = '\0';
		s->blobs[i] = out;
		s->blob_lens[i] = o;
	}
	*n = s->blob_lens[i];
	return s->blobs[i];
}

static const char *pg_col_text(void *impl, int i)
{
	struct pg_stmt *s = impl;
	if (pg_col_null(s, i))
		return NULL;
	if (PQftype(s->res, i) == BYTEA_OID) {
		size_t n;
		return (const char *)bytea_cell(s, i, &n);
	}
	return PQgetvalue(s->res, s->row, i);
}

static size_t pg_col_len(void *impl, int i)
{
	struct pg_stmt *s = impl;
	if (pg_col_null(s, i))
		return 0;
	if (PQftype(s->res, i) == BYTEA_OID) {
		size_t n;
		bytea_cell(s, i, &n);
		return n;
	}
	return (size_t)PQgetlength(s->res, s->row, i);
}

static int64_t pg_col_int(void *impl, int i)
{
	struct pg_stmt *s = impl;
	if (pg_col_null(s, i))
		return 0;
	const char *v = PQgetvalue(s->res, s->row, i);
	/* Booleans ("t"/"f") from comparisons read as 1/0, as in SQLite. */
	if (v[0] == 't' && !v[1])
		return 1;
	if (v[0] == 'f' && !v[1])
		return 0;
	return strtoll(v, NULL, 10);
}

static const void *pg_col_blob(void *impl, int i, size_t *n)
{
	struct pg_stmt *s = impl;
	*n = 0;
	if (pg_col_null(s, i))
		return NULL;
	if (PQftype(s->res, i) == BYTEA_OID)
		return bytea_cell(s, i, n);
	*n = (size_t)PQgetlength(s->res, s->row, i);
	return PQgetvalue(s->res, s->row, i);
}

static int64_t pg_changes(struct mc_db *db)
{
	return conn_of(db)->changes;
}

const struct mc__db_ops mc__postgres_ops = {
    .name = "postgres",
    .autoinc_pk = "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
    .blob = "BYTEA",
    .now = "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
    .open = pg_open,
    .close = pg_close,
    .exec = pg_exec,
    .begin = pg_begin,
    .migration_lock = pg_migration_lock,
    .prepare = pg_prepare,
    .finalize = pg_finalize,
    .reset = pg_reset,
    .bind_text = pg_bind_text,
    .bind_int = pg_bind_int,
    .bind_blob = pg_bind_blob,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .col_null = pg_col_null,
    .col_text = pg_col_text,
    .col_len = pg_col_len,
    .col_int = pg_col_int,
    .col_blob = pg_col_blob,
    .changes = pg_changes,
};
