#!/bin/sh
# microcred log end to end on a real SQLite file: signed tree heads, inclusion
# proofs, and audits that fail and name the first bad index after an entry is
# edited, deleted or reordered with the sqlite3 command line; specific errors for
# bad input.
set -u
prog="${MC_PROGRAM:-build/microcred}"
if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "cli/log: skipped: the sqlite3 command line is not installed (apt install sqlite3)"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db="$tmp/t.db"
pass=0
fail=0
check() { # check NAME STATUS(expected) ACTUAL-STATUS PATTERN FILE
	if [ "$2" -eq "$3" ] && grep -q -- "$4" "$5"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $1: want exit $2 and /$4/, got $3:"
		sed 's/^/    /' "$5" | head -10
	fi
}
run() { # run NAME STATUS PATTERN ARGS...
	name=$1 want=$2 pat=$3
	shift 3
	"$prog" "$@" >"$tmp/out" 2>&1
	check "$name" "$want" $? "$pat" "$tmp/out"
}
hex() { printf '%064x' "$1"; }

run help 0 "Example" log --help
run empty-sth 0 "tree size  0" log sth --db "$db"
i=1
while [ $i -le 40 ]; do
	"$prog" log append --db "$db" --type issue --credential "urn:uuid:cred-$i" --sha256 "$(hex $i)" >/dev/null || {
		echo "FAIL append $i"
		exit 1
	}
	i=$((i + 1))
done
"$prog" log sth --db "$db" --json >"$tmp/early.json"
check sth-json 0 $? '"tree_size": 40' "$tmp/early.json"
while [ $i -le 50 ]; do
	"$prog" log append --db "$db" --type issue --credential "urn:uuid:cred-$i" --sha256 "$(hex $i)" >/dev/null
	i=$((i + 1))
done
run revoke-entry 0 "appended entry 50" log append --db "$db" --type revoke --credential urn:uuid:cred-7 --sha256 "$(hex 7)"
run sth 0 "tree size  51" log sth --db "$db"
run prove 0 "recorded in the log at index 16 (issue" log prove urn:uuid:cred-17 --db "$db"
run prove-json 0 '"leaf_index": 6' log prove urn:uuid:cred-7 --db "$db" --json
run prove-unknown 2 "no issue entry for credential 'urn:uuid:nope'" log prove urn:uuid:nope --db "$db"
run audit 0 "audit passed: 51 entries replayed" log audit --db "$db" --since-sth "$tmp/early.json"
run audit-json 0 '"ok": true' log audit --db "$db" --json
run entries 0 '"leaf_input"' log entries --db "$db" --start 49 --end 60

# Tampering, each on a fresh copy of the good log.
sqlite3 "$db" ".backup '$tmp/good.db'"
fresh() { rm -f "$tmp/x.db" "$tmp/x.db-wal" "$tmp/x.db-shm"; cp "$tmp/good.db" "$tmp/x.db"; }

fresh
sqlite3 "$tmp/x.db" "UPDATE tlog_leaves SET entry = replace(entry, 'cred-24', 'cred-99') WHERE leaf_index = 23"
run edit-entry 1 "first bad index 23" log audit --db "$tmp/x.db"
grep -q "entry 23 does not match its leaf hash" "$tmp/out" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL edit-entry: no finding for entry 23"; }

fresh
sqlite3 "$tmp/x.db" "DELETE FROM tlog_leaves WHERE leaf_index = 31"
run delete-entry 1 "first bad index 31" log audit --db "$tmp/x.db" --since-sth "$tmp/early.json"
run delete-json 1 '"first_bad_index": 31' log audit --db "$tmp/x.db" --json

fresh
sqlite3 "$tmp/x.db" "DELETE FROM tlog_leaves WHERE leaf_index = 50"
run delete-last 1 "first bad index 50" log audit --db "$tmp/x.db"

fresh
# Rewrite entry 10 together with its leaf hash: the stored block hashes and the
# signed heads still give it away.
sqlite3 "$tmp/x.db" "UPDATE tlog_leaves SET (entry, leaf_hash) = (SELECT entry, leaf_hash FROM tlog_leaves WHERE leaf_index = 45) WHERE leaf_index = 10"
run rewrite-with-hash 1 "first bad index 10" log audit --db "$tmp/x.db" --since-sth "$tmp/early.json"

fresh
sqlite3 "$tmp/x.db" "UPDATE tlog_leaves SET leaf_index = -1 WHERE leaf_index = 4; UPDATE tlog_leaves SET leaf_index = 4 WHERE leaf_index = 5; UPDATE tlog_leaves SET leaf_index = 5 WHERE leaf_index = -1"
run reorder 1 "first bad index 4" log audit --db "$tmp/x.db"

# Hiding the truncation from the database (counter, heads) does not hide it from a
# tree head an auditor kept.
fresh
sqlite3 "$tmp/x.db" "DELETE FROM tlog_leaves WHERE leaf_index >= 35; UPDATE counters SET value = 35 WHERE name = 'tlog'; DELETE FROM tlog_sths WHERE tree_size > 35"
run truncated 1 "first bad index 35" log audit --db "$tmp/x.db" --since-sth "$tmp/early.json"

# Bad input: specific messages, nothing appended.
run bad-type 2 "unknown log entry type 'expire'" log append --db "$db" --type expire --credential urn:x --sha256 "$(hex 1)"
run bad-sha 2 "64 hex digits" log append --db "$db" --type issue --credential urn:x --sha256 abc
run bad-sub 2 "unknown subcommand 'tree'" log tree --db "$db"
run prove-noarg 2 "needs a credential id" log prove --db "$db"
echo '{"tree_size": 3}' >"$tmp/bad-sth.json"
run bad-since 2 "tree head: \"timestamp\" must be" log audit --db "$db" --since-sth "$tmp/bad-sth.json"
run url-and-db 2 "not both" log audit --db "$db" --url http://127.0.0.1:9/log/v1
run url-down 3 "127.0.0.1" log audit --url http://127.0.0.1:9/log/v1
run unchanged 0 "tree size  51" log sth --db "$db"

echo "cli/log: passed $pass, failed $fail"
[ $fail -eq 0 ]
