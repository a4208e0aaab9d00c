#!/bin/sh
# Concurrent revocations and pathway completions on one SQLite file (WAL), through
# the CLI, on a database seeded by `microcred demo`:
#   - 16 processes each revoke a different credential of the same status list at
#     once: no update may be lost — afterwards every one of them verifies as revoked
#     against the one exported list, and the others still verify;
#   - 4 processes revoke the same credential at once: exactly one succeeds, the
#     others say it is already revoked;
#   - 3 processes award the last missing component of a pathway to the same learner
#     at once (different award keys): exactly one pathway credential.
#   lifecycle_race.sh
# Exit 0 passed, 1 failed.
set -u
root="${MC_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
mc="${MC_PROGRAM:-$root/build/microcred}"
n=${LIFECYCLE_RACE_N:-16}
tmp="$(mktemp -d)"
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT INT TERM
. "$(dirname "$0")/../support/testdb.sh"
MICROCRED_DB=$(mc_test_db "$tmp/m.db") || exit 1
export MICROCRED_DB
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL: $*" >&2
}

"$mc" demo --base-url http://127.0.0.1:8080 >/dev/null || { echo "FAIL: demo" >&2; exit 1; }
{
	echo "email,name,micro_credential"
	i=1
	while [ $i -le $((n + 2)) ]; do
		echo "race$i@example.com,Racer $i,negotiation-skills"
		i=$((i + 1))
	done
} >"$tmp/rows.csv"
"$mc" award --csv "$tmp/rows.csv" --quiet >/dev/null 2>&1 || { echo "FAIL: bulk award" >&2; exit 1; }
"$mc" award list --credential negotiation-skills --limit 1000 | awk '/race[0-9]+@/ {print $1}' | sort -n >"$tmp/nums"
[ "$(wc -l <"$tmp/nums")" -eq $((n + 2)) ] || { echo "FAIL: expected $((n + 2)) awards" >&2; exit 1; }
head -n "$n" "$tmp/nums" >"$tmp/victims"
tail -n 2 "$tmp/nums" >"$tmp/spared"

# ---- many revocations of one list at once ----
pids=""
for num in $(cat "$tmp/victims"); do
	"$mc" revoke "$num" --reason "race $num" >"$tmp/r$num.out" 2>&1 &
	pids="$pids $!"
done
for p in $pids; do wait "$p" || true; done
okcount=$(cat "$tmp"/r*.out | grep -c "is now revoked")
[ "$okcount" -eq "$n" ] && ok || bad "$okcount of $n concurrent revocations succeeded: $(grep -h error "$tmp"/r*.out | head -3)"
first=$(head -n 1 "$tmp/victims")
"$mc" export "$first" >"$tmp/c.json"
url=$(sed -n 's/.*"statusListCredential":"\([^"]*\)".*/\1/p' "$tmp/c.json")
"$mc" export --status-list "$url" >"$tmp/list.json" || bad "export the list"
lost=0
for num in $(cat "$tmp/victims"); do
	"$mc" export "$num" >"$tmp/c.json"
	if "$mc" verify --offline --status "$tmp/list.json" "$tmp/c.json" 2>&1 | grep -q "The issuer has revoked this credential"; then :; else
		lost=$((lost + 1))
	fi
done
[ $lost -eq 0 ] && ok || bad "$lost revocations are missing from the final list (lost updates)"
for num in $(cat "$tmp/spared"); do
	"$mc" export "$num" >"$tmp/c.json"
	"$mc" verify --offline --status "$tmp/list.json" "$tmp/c.json" >/dev/null 2>&1 && ok ||
		bad "credential $num was not revoked but does not verify"
done

# ---- the same credential revoked by several processes ----
same=$(head -n 1 "$tmp/spared")
pids=""
for k in 1 2 3 4; do
	"$mc" revoke "$same" --reason "same $k" >"$tmp/s$k.out" 2>&1 &
	pids="$pids $!"
done
for p in $pids; do wait "$p" || true; done
wins=$(cat "$tmp"/s*.out | grep -c "is now revoked")
already=$(cat "$tmp"/s*.out | grep -c "already revoked")
[ "$wins" -eq 1 ] && [ "$already" -eq 3 ] && ok || bad "same credential: $wins revocations, $already 'already revoked'"

# ---- the last component of a pathway awarded three times at once ----
pids=""
for k in 1 2 3; do
	"$mc" award --credential data-visualisation --email chloe@learners.example --key "direct:race-$k" \
		>"$tmp/p$k.out" 2>&1 &
	pids="$pids $!"
done
for p in $pids; do wait "$p" || true; done
nviz=$("$mc" award list --credential data-visualisation --email chloe@learners.example | grep -c urn:uuid)
[ "$nviz" -eq 3 ] && ok || bad "$nviz component awards, want 3 (distinct keys)"
npw=$("$mc" award list --credential data-science-foundations --email chloe@learners.example | grep -c urn:uuid)
[ "$npw" -eq 1 ] && ok || bad "$npw pathway credentials for chloe, want exactly 1"

echo "concurrency/lifecycle_race: passed $pass, failed $fail"
[ $fail -eq 0 ]
