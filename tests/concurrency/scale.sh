#!/bin/sh
# Scale-out (issue 9): four processes awarding at once on one database — on
# PostgreSQL in pg/concurrency/scale (MC_TEST_DB_URL, tests/support/testdb.sh), on
# one SQLite file in concurrency/scale.
#   - `microcred award --csv a.csv` twice (the same rows: the same job and award
#     keys, so together they award each row once), `--csv b.csv` and `--csv c.csv`
#     (other rows), all four at the same moment.
# Then: every row awarded exactly once, credential numbers 1..N without holes, no
# two credentials share an award key or a status entry, each credential's
# statusListIndex is its recorded one, one issue entry per credential in the
# Then four processes revoke at once (disjoint credentials, one status list): the
# transparency log has leaf indexes 0..M-1 without holes, one revoke entry per
# revoked credential (and, once awards log issuance, one issue entry per
# credential), and `microcred log audit` is clean.
# (The same race through four `microcred serve` processes waits on an HTTP award
# API; the processes here are the CLI's.)
#   scale.sh AWARD_FIXTURE
# Exit 0 passed, 1 failed, 77 skipped.
set -u
fixture="${1:?usage: scale.sh AWARD_FIXTURE}"
root="${MC_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
mc="${MC_PROGRAM:-$root/build/microcred}"
rows=${SCALE_ROWS:-60}
tmp="$(mktemp -d)"
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT INT TERM
. "$root/tests/support/testdb.sh"
MICROCRED_DB="$(mc_test_db "$tmp/m.db")" || exit 1
export MICROCRED_DB
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL: $*" >&2
}

"$mc" init --base-url http://127.0.0.1:8080 >/dev/null || exit 1
"$mc" issuer create --name "Scale University" >/dev/null || exit 1
"$fixture" "$MICROCRED_DB" scale-university || exit 1
for f in a b c; do
	{
		echo "email,name,micro_credential"
		i=1
		while [ $i -le "$rows" ]; do
			echo "$f$i@example.com,Learner $f$i,data-analysis"
			i=$((i + 1))
		done
	} >"$tmp/$f.csv"
done

"$mc" award --csv "$tmp/a.csv" --json >"$tmp/a1.out" 2>"$tmp/a1.err" &
p1=$!
"$mc" award --csv "$tmp/a.csv" --json >"$tmp/a2.out" 2>"$tmp/a2.err" &
p2=$!
"$mc" award --csv "$tmp/b.csv" --json >"$tmp/b.out" 2>"$tmp/b.err" &
p3=$!
"$mc" award --csv "$tmp/c.csv" --json >"$tmp/c.out" 2>"$tmp/c.err" &
p4=$!
st=0
for p in $p1 $p2 $p3 $p4; do
	wait "$p" || st=$?
done
[ $st = 0 ] && ok || bad "a bulk run failed (exit $st): $(cat "$tmp"/*.err)"

num() { sed -n "s/.*\"$1\": \\([0-9]*\\).*/\\1/p" "$2"; }
a1=$(num awarded "$tmp/a1.out")
a2=$(num awarded "$tmp/a2.out")
[ $((${a1:-0} + ${a2:-0})) = "$rows" ] && ok || bad "the two runs of a.csv awarded ${a1:-?} + ${a2:-?} rows, want $rows in all"
[ "$(num awarded "$tmp/b.out")" = "$rows" ] && ok || bad "b.csv: $(cat "$tmp/b.out")"
[ "$(num awarded "$tmp/c.out")" = "$rows" ] && ok || bad "c.csv: $(cat "$tmp/c.out")"

total=$((3 * rows))
want="credentials=$total keys=$total revocation=$total suspension=$total max_number=$total events=$total mismatched=0"
got=$("$fixture" "$MICROCRED_DB" --check)
[ "$got" = "$want" ] && ok || bad "credentials after the race: $got; want $want"

# Four processes revoking at once (credential numbers k, k+4, k+8, ... each): every
# revocation sets its own bit in the one shared status list (no lost update) and
# appends one log entry.
revoke_each=${SCALE_REVOKE:-8}
for k in 1 2 3 4; do
	(
		i=0
		while [ $i -lt "$revoke_each" ]; do
			"$mc" revoke $((k + 4 * i)) --reason "scale test" >/dev/null 2>>"$tmp/revoke$k.err" || exit 1
			i=$((i + 1))
		done
	) &
	eval "r$k=\$!"
done
st=0
for k in 1 2 3 4; do
	eval "wait \$r$k" || st=$?
done
[ $st = 0 ] && ok || bad "a revoking process failed: $(cat "$tmp"/revoke*.err)"
revoked=$((4 * revoke_each))

sql() { mc_test_db_sql "$MICROCRED_DB" "$1" | tr '\n' ' ' | sed 's/ *$//'; }
got=$(sql "SELECT COUNT(DISTINCT number), MIN(number), MAX(number) FROM credentials")
[ "$got" = "$total|1|$total" ] && ok || bad "credential numbers: count|min|max = $got, want $total|1|$total"
got=$(sql "SELECT COUNT(*) FROM credentials WHERE state = 'revoked'")
[ "$got" = "$revoked" ] && ok || bad "$got credentials revoked, want $revoked"
leaves=$(sql "SELECT COUNT(*) FROM tlog_leaves")
got=$(sql "SELECT COUNT(DISTINCT leaf_index), MIN(leaf_index), MAX(leaf_index) FROM tlog_leaves")
[ "$leaves" -gt 0 ] && [ "$got" = "$leaves|0|$((leaves - 1))" ] && ok ||
	bad "log leaves: $leaves, distinct|min|max = $got, want indexes 0..$((leaves - 1)) without holes"
got=$(sql "SELECT COUNT(DISTINCT credential_id) FROM tlog_leaves WHERE type = 'revoke'")
[ "$got" = "$revoked" ] && ok || bad "credentials with a revoke entry: $got, want $revoked"
# Issuance entries, once awards append them, must cover every credential once.
got=$(sql "SELECT COUNT(*), COUNT(DISTINCT credential_id) FROM tlog_leaves WHERE type = 'issue'")
[ "$got" = "0|0" ] || [ "$got" = "$total|$total" ] && ok || bad "issue entries count|distinct = $got, want $total|$total (or none)"
"$mc" log sth >/dev/null 2>"$tmp/sth.err" && ok || bad "log sth: $(cat "$tmp/sth.err")"
if "$mc" log audit >"$tmp/audit.out" 2>&1; then ok; else bad "log audit: $(cat "$tmp/audit.out")"; fi

echo "$pass passed, $fail failed ($total credentials from 4 processes on $(case "$MICROCRED_DB" in postgres*) echo PostgreSQL ;; *) echo SQLite ;; esac))"
[ $fail = 0 ]
