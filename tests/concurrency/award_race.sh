#!/bin/sh
# Concurrent awards on one SQLite file (WAL), through the CLI.
#   - two `microcred award --csv a.csv` at once (the same completions: the same job,
#     the same award keys) plus one `--csv b.csv` (other rows) at the same time;
#   - three `microcred award --key direct:same` at once.
# Then: every row awarded exactly once (the two a.csv runs' "awarded" add up to its
# row count), no two credentials share an award key or a status entry (revocation
# or suspension list + index), numbers are 1..N without gaps, one credential.awarded
# event per credential, and each credential's statusListIndex is its recorded one.
#   award_race.sh AWARD_FIXTURE
# Exit 0 passed, 1 failed.
set -u
fixture="${1:?usage: award_race.sh AWARD_FIXTURE}"
root="${MC_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
mc="${MC_PROGRAM:-$root/build/microcred}"
rows=${AWARD_RACE_ROWS:-150}
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

"$mc" init --base-url http://127.0.0.1:8080 >/dev/null || exit 1
"$mc" issuer create --name "Race University" >/dev/null || exit 1
"$fixture" "$MICROCRED_DB" race-university || exit 1
for f in a b; do
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
for k in 1 2 3; do
	"$mc" award --credential data-analysis --email same@example.com --key direct:same >"$tmp/d$k.out" 2>&1 &
	eval "d$k=\$!"
done
st=0
for p in $p1 $p2 $p3; do
	wait "$p" || st=$?
done
[ $st = 0 ] && ok || bad "a bulk run failed (exit $st): $(cat "$tmp/a1.err" "$tmp/a2.err" "$tmp/b.err")"
for k in 1 2 3; do
	eval "wait \$d$k" || bad "direct award $k failed: $(cat "$tmp/d$k.out")"
done

num() { sed -n "s/.*\"$1\": \\([0-9]*\\).*/\\1/p" "$2"; }
a1=$(num awarded "$tmp/a1.out")
a2=$(num awarded "$tmp/a2.out")
s1=$(num skipped "$tmp/a1.out")
s2=$(num skipped "$tmp/a2.out")
[ $((a1 + a2)) = "$rows" ] && ok || bad "the two runs of a.csv awarded $a1 + $a2 rows, want $rows in all"
[ $((a1 + s1)) = "$rows" ] && [ $((a2 + s2)) = "$rows" ] && ok || bad "awarded + skipped per run: $a1+$s1, $a2+$s2"
[ "$(num awarded "$tmp/b.out")" = "$rows" ] && ok || bad "b.csv: $(cat "$tmp/b.out")"
created=$(grep -l "^awarded credential" "$tmp"/d?.out | wc -l)
[ "$created" = 1 ] && ok || bad "$created direct awards with the same key created a credential, want 1"

total=$((2 * rows + 1))
want="credentials=$total keys=$total revocation=$total suspension=$total max_number=$total events=$total mismatched=0"
got=$("$fixture" "$MICROCRED_DB" --check)
[ "$got" = "$want" ] && ok || bad "after the race: $got; want $want"
echo "$pass passed, $fail failed"
[ $fail = 0 ]
