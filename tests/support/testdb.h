/* A fresh database for each test, on the backend the run asks for.
 *
 * Unit tests build an SQLite path as before and then call
 *     mc_test_db_fresh(path, sizeof(path));
 * Without MC_TEST_DB_URL in the environment nothing changes (the SQLite file).
 * With MC_TEST_DB_URL=postgresql://... (tests/support/pg.cmake sets it for the pg/
 * variants of the suites) a new empty schema is created on that server and path
 * becomes a URL whose search_path is that schema: as isolated as a new file, and
 * far quicker than CREATE DATABASE. When the server the run started is missing
 * (MC_TEST_PG_STATE names the file tests/support/pg-server wrote), the test exits 77
 * (skipped) with the reason. Header-only: unit tests are one source file each. */
#ifndef MC_TESTS_SUPPORT_TESTDB_H
#define MC_TESTS_SUPPORT_TESTDB_H

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The PostgreSQL server URL of this run, or NULL for SQLite. */
static inline const char *mc_test_db_server(void)
{
	const char *u = getenv("MC_TEST_DB_URL");
	return u && *u ? u : NULL;
}

static inline void mc_test_db_unavailable(const char *url, const char *why)
{
	const char *state = getenv("MC_TEST_PG_STATE");
	char reason[512] = "";
	FILE *f = state ? fopen(state, "r") : NULL;
	if (f) {
		if (!fgets(reason, sizeof(reason), f))
			reason[0] = '\0';
		fclose(f);
	}
	reason[strcspn(reason, "\n")] = '\0';
	if (strcmp(reason, "ready") != 0) {
		printf("skipped: no PostgreSQL server for this run (%s)\n",
		       *reason ? reason : "tests/support/pg-server did not start one");
		fflush(stdout);
		exit(77);
	}
	fprintf(stderr, "test database %s: %s\n", url, why);
	exit(1);
}

/* Leaves path alone for SQLite; otherwise creates a schema and replaces path with
 * its URL. */
static inline void mc_test_db_fresh(char *path, size_t size)
{
	static unsigned seq;
	const char *server = mc_test_db_server();
	if (!server)
		return;
	PGconn *c = PQconnectdb(server);
	if (PQstatus(c) != CONNECTION_OK) {
		char why[512];
		snprintf(why, sizeof(why), "%s", PQerrorMessage(c));
		PQfinish(c);
		mc_test_db_unavailable(server, why);
	}
	char schema[64], sql[128];
	snprintf(schema, sizeof(schema), "t_%ld_%u_%ld", (long)getpid(), seq++, (long)(random() % 100000));
	snprintf(sql, sizeof(sql), "CREATE SCHEMA %s", schema);
	PGresult *r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		fprintf(stderr, "test database: %s: %s", sql, PQerrorMessage(c));
		exit(1);
	}
	PQclear(r);
	PQfinish(c);
	int n = snprintf(path, size, "%s%soptions=-csearch_path%%3D%s", server,
	                 strchr(server, '?') ? "&" : "?", schema);
	if (n < 0 || (size_t)n >= size) {
		fprintf(stderr, "test database URL too long for the test's buffer (%zu bytes)\n", size);
		exit(1);
	}
}

/* "sqlite" or "postgres": what mc_db_backend() should say in this run. */
static inline const char *mc_test_db_backend(void)
{
	return mc_test_db_server() ? "postgres" : "sqlite";
}

#endif
