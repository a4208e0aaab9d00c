#!/bin/sh
# Awards per second by bulk-award processes sharing one database (issue 9): one and
# four processes on PostgreSQL (a throw-away server, tests/support/pg-server), and
# one and four on one SQLite file, in the same run. Each process awards its own CSV
# (`microcred award --csv`: one transaction and one eddsa-rdfc-2022 signature per
# row). Then the same over HTTP: one and four `microcred serve` processes on the
# database, four clients sending POST /api/v1/awards round-robin to the servers.
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
		"$mc" issuer create --db "$1" --name "Bench University" --owner owner@bench.example >/dev/null &&
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

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# run_http LABEL DB SERVERS: SERVERS `serve` processes; 4 clients (one curl process
# each, many requests) award rows/4 each through POST /api/v1/awards, round-robin.
run_http() {
	label=$1 db=$2 servers=$3
	token=$("$mc" token create bench-university --db "$db" --role editor --name bench 2>/dev/null |
		grep -o 'mc_[A-Za-z0-9_-]*' | head -1)
	[ -n "$token" ] || { echo "FAILED: $label: no API token"; return 1; }
	spids=""
	n=1
	while [ $n -le "$servers" ]; do
		port=$(free_port)
		"$mc" serve --db "$db" --listen "127.0.0.1:$port" --threads 2 --offline-verify --access-log off \
			>"$tmp/$label-s$n.out" 2>&1 &
		spids="$spids $!"
		i=0
		until grep -q "serving on" "$tmp/$label-s$n.out" 2>/dev/null; do
			i=$((i + 1))
			[ $i -gt 150 ] && { echo "FAILED: $label: server did not start"; kill $spids; return 1; }
			sleep 0.1
		done
		eval "url$n=http://127.0.0.1:$port"
		n=$((n + 1))
	done
	per=$((rows / 4))
	for c in 1 2 3 4; do
		k=1
		: >"$tmp/$label-c$c.cfg"
		while [ $k -le "$per" ]; do
			[ $k -gt 1 ] && echo next >>"$tmp/$label-c$c.cfg"
			s=$(((k + c) % servers + 1))
			eval "u=\$url$s"
			printf 'url = "%s/api/v1/awards"\nheader = "Authorization: Bearer %s"\nheader = "Content-Type: application/json"\ndata = "{\\"credential\\": \\"data-analysis\\", \\"email\\": \\"h%s-%s@example.com\\"}"\noutput = /dev/null\nwrite-out = "%%{http_code}\\n"\n' \
				"$u" "$token" "$c" "$k" >>"$tmp/$label-c$c.cfg"
			k=$((k + 1))
		done
	done
	start=$(now_ms)
	cpids=""
	for c in 1 2 3 4; do
		curl -s -K "$tmp/$label-c$c.cfg" >"$tmp/$label-c$c.codes" &
		cpids="$cpids $!"
	done
	for p in $cpids; do wait "$p"; done
	end=$(now_ms)
	kill $spids 2>/dev/null
	for p in $spids; do wait "$p" 2>/dev/null; done
	okn=$(cat "$tmp/$label"-c*.codes | grep -c '^201$')
	total=$((per * 4))
	if [ "$okn" -ne "$total" ]; then
		echo "FAILED: $label: $okn of $total awards answered 201 ($(cat "$tmp/$label"-c*.codes | sort | uniq -c | tr '\n' ' '))"
		return 1
	fi
	awk -v l="$label" -v n="$total" -v ms="$((end - start))" \
		'BEGIN { printf "  %-28s %6d awards in %7.2f s  %8.1f awards/s\n", l, n, ms / 1000, n * 1000 / ms }'
}

echo "$rows awards per configuration; $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs"
fail=0
db="$tmp/one.db"
setup "$db" && run "SQLite, 1 process" "$db" 1 || fail=1
db="$tmp/four.db"
setup "$db" && run "SQLite, 4 processes" "$db" 4 || fail=1
if command -v curl >/dev/null && command -v python3 >/dev/null; then
	for n in 1 4; do
		db="$tmp/http$n.db"
		label="SQLite, HTTP, $n server"
		[ $n -gt 1 ] && label="${label}s"
		setup "$db" && run_http "$label" "$db" $n || fail=1
	done
fi

if url=$(sh "$root/tests/support/pg-server" start "$pgdir" 2>"$tmp/pg.err"); then
	for n in 1 4; do
		psql "$url" -qc "CREATE DATABASE bench$n" >/dev/null || { fail=1; continue; }
		db=$(echo "$url" | sed "s|:///postgres?|:///bench$n?|")
		label="PostgreSQL, $n process"
		[ $n -gt 1 ] && label="${label}es"
		setup "$db" && run "$label" "$db" $n || fail=1
	done
	for n in 1 4; do
		psql "$url" -qc "CREATE DATABASE http$n" >/dev/null || { fail=1; continue; }
		db=$(echo "$url" | sed "s|:///postgres?|:///http$n?|")
		label="PostgreSQL, HTTP, $n server"
		[ $n -gt 1 ] && label="${label}s"
		setup "$db" && run_http "$label" "$db" $n || fail=1
	done
	echo "  (PostgreSQL $(psql "$url" -qAt -c 'SHOW server_version'), unix socket, fsync off — a test server)"
else
	echo "  PostgreSQL: skipped ($(head -n 2 "$tmp/pg.err" | tr '\n' ' '))"
fi
exit $fail
