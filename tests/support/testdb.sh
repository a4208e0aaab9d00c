# Sourced by the test scripts (sh): a fresh database on the backend the run asks for.
#
#   . "$(dirname "$0")/../support/testdb.sh"
#   export MICROCRED_DB="$(mc_test_db "$tmp/m.db")"
#
# Without MC_TEST_DB_URL, mc_test_db prints its argument (an SQLite file). With
# MC_TEST_DB_URL=postgresql://... (the pg/ variants, tests/support/pg.cmake) it
# creates an empty schema on that server and prints a URL whose search_path is that
# schema. Sourcing checks the server once: when the run has none
# (MC_TEST_PG_STATE says why), the script exits 77 (skipped) with the reason.

mc_test_db() {
	if [ -z "${MC_TEST_DB_URL:-}" ]; then
		printf '%s\n' "$1"
		return 0
	fi
	mc_test_db_schema="t_$$_$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')"
	psql "$MC_TEST_DB_URL" -qAt -c "CREATE SCHEMA $mc_test_db_schema" >/dev/null || return 1
	case "$MC_TEST_DB_URL" in
	*\?*) printf '%s&options=-csearch_path%%3D%s\n' "$MC_TEST_DB_URL" "$mc_test_db_schema" ;;
	*) printf '%s?options=-csearch_path%%3D%s\n' "$MC_TEST_DB_URL" "$mc_test_db_schema" ;;
	esac
}

# mc_test_db_sql DB SQL: runs SQL on a database mc_test_db gave (sqlite3 or psql).
mc_test_db_sql() {
	case "$1" in
	postgres://* | postgresql://*) psql "$1" -qAt -v ON_ERROR_STOP=1 -c "$2" ;;
	*) sqlite3 "$1" "$2" ;;
	esac
}

if [ -n "${MC_TEST_DB_URL:-}" ]; then
	if ! command -v psql >/dev/null 2>&1; then
		echo "skipped: psql (the PostgreSQL client) is not installed"
		exit 77
	fi
	if ! psql "$MC_TEST_DB_URL" -qAt -c "SELECT 1" >/dev/null 2>&1; then
		mc_test_db_state=$(head -n 1 "${MC_TEST_PG_STATE:-/nonexistent}" 2>/dev/null || true)
		if [ "$mc_test_db_state" != ready ]; then
			echo "skipped: no PostgreSQL server for this run (${mc_test_db_state:-tests/support/pg-server did not start one})"
			exit 77
		fi
		echo "FAIL: the test PostgreSQL server at $MC_TEST_DB_URL does not answer" >&2
		exit 1
	fi
fi
