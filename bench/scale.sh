#!/bin/sh
# Awards per second by bulk-award processes sharing one database (issue 9): one and
# four processes on PostgreSQL (a throw-away server, tests/support/pg-server), and
# one and four on one SQLite file, in the same run. Each process awards its own CSV
# (`microcred award --csv`: one transaction and one eddsa-rdfc-2022 signature per
# row). The HTTP variant (four `microcred serve` behind one URL) waits on an award
# API in the web layer; the processes here are the CLI's.
#
#   bench/scale.sh BUILD_DIR        (SCALE_ROWS=N awards per configuration, default 2000)
set -u
build=${1:?usage: bench/scale.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
mc="$build/microcred"
fixture="$build/award_fixture"
rows=${SCALE_ROWS:-2000}
for p in "$mc" "$fixture"; do
	[ -x "$p" ] || { echo "skipped: $p is not built"; exit 0; }
done
tmp=$(mktemp -d)
pgdir="/tmp/mc-pg-bench-$$"
cleanup() {
	sh "$root/tests/support/pg-server" stop "$pgdir" >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

now_ms() { date +%s%3N; }

# setup DB: a fresh installation with one published micro-credential.
setup() {
	"$mc" init --db "$1" --base-url http://127.0.0.1:8080 >/dev/null &&
		"$mc" issuer create --db "$1" --name "Bench University" >/dev/null &&
		"$fixture" "$1" bench-university >/dev/null
}

# run LABEL DB PROCS: PROCS processes award rows/PROCS rows each; prints the rate.
run() {
	label=$1 db=$2 procs=$3
	per=$((rows / procs))
	k=1
	while [ $k -le "$procs" ]; do
		{
			echo "email,name,micro_credential"
			i=1
			while [ $i -le "$per" ]; do
				echo "p$k-$i@example.com,Learner $k $i,data-analysis"
				i=$((i + 1))
			done
		} >"$tmp/$label-$k.csv"
		k=$((k + 1))
	done
	start=$(now_ms)
	pids=""
	k=1
	while [ $k -le "$procs" ]; do
		"$mc" award --db "$db" --csv "$tmp/$label-$k.csv" --json >"$tmp/$label-$k.out" 2>&1 &
		pids="$pids $!"
		k=$((k + 1))
	done
	st=0
	for p in $pids; do wait "$p" || st=1; done
	end=$(now_ms)
	if [ $st != 0 ]; then
		echo "FAILED: $label: $(cat "$tmp/$label"-*.out | head -5)"
		return 1
	fi
	total=$((per * procs))
	awk -v l="$label" -v n="$total" -v ms="$((end - start))" \
		'BEGIN { printf "  %-28s %6d awards in %7.2f s  %8.1f awards/s\n", l, n, ms / 1000, n * 1000 / ms }'
}

echo "$rows awards per configuration; $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs"
fail=0
db="$tmp/one.db"
setup "$db" && run "SQLite, 1 process" "$db" 1 || fail=1
db="$tmp/four.db"
setup "$db" && run "SQLite, 4 processes" "$db" 4 || fail=1

if url=$(sh "$root/tests/support/pg-server" start "$pgdir" 2>"$tmp/pg.err"); then
	for n in 1 4; do
		psql "$url" -qc "CREATE DATABASE bench$n" >/dev/null || { fail=1; continue; }
		db=$(echo "$url" | sed "s|:///postgres?|:///bench$n?|")
		label="PostgreSQL, $n process"
		[ $n -gt 1 ] && label="${label}es"
		setup "$db" && run "$label" "$db" $n || fail=1
	done
	echo "  (PostgreSQL $(psql "$url" -qAt -c 'SHOW server_version'), unix socket, fsync off — a test server)"
else
	echo "  PostgreSQL: skipped ($(head -n 2 "$tmp/pg.err" | tr '\n' ' '))"
fi
exit $fail
