#!/bin/sh
# Scale-out over HTTP (issue 9): four `microcred serve` processes on one database
# (PostgreSQL in pg/concurrency/http_scale, an SQLite file in concurrency/http_scale)
# receive concurrent awards through POST /api/v1/awards, from four clients at once,
# each client spreading its requests over all four servers, and every award sent
# twice (the same award_key, to different servers). Then: each award exists exactly
# once, credential numbers are 1..N without holes, no two credentials share a status
# entry, the transparency log has one issue entry per credential with leaf indexes
# 0..M-1 without holes, and `microcred log audit` is clean.
#   http_scale.sh AWARD_FIXTURE
set -u
fixture="${1:?usage: http_scale.sh AWARD_FIXTURE}"
root="${MC_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
mc="${MC_PROGRAM:-$root/build/microcred}"
per_client=${HTTP_SCALE_AWARDS:-25}
command -v curl >/dev/null || { echo "SKIP: curl is not installed"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: python3 is not installed (used to pick ports)"; exit 77; }
tmp="$(mktemp -d)"
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	for p in $pids; do wait "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
. "$root/tests/support/testdb.sh"
MICROCRED_DB="$(mc_test_db "$tmp/m.db")" || exit 1
export MICROCRED_DB
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
sql() { mc_test_db_sql "$MICROCRED_DB" "$1" | tr '\n' ' ' | sed 's/ *$//'; }

"$mc" init --base-url http://127.0.0.1:8080 >/dev/null || exit 1
"$mc" issuer create --name "Scale University" --owner owner@scale.example >/dev/null || exit 1
"$fixture" "$MICROCRED_DB" scale-university || exit 1
token=$("$mc" token create scale-university --role editor --name load-test 2>/dev/null | grep -o 'mc_[A-Za-z0-9_-]*' | head -1)
[ -n "$token" ] || { echo "FAIL: could not create an API token"; exit 1; }

urls=""
for n in 1 2 3 4; do
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	"$mc" serve --listen "127.0.0.1:$port" --threads 2 --offline-verify --access-log off \
		>"$tmp/serve$n.out" 2>"$tmp/serve$n.err" &
	pids="$pids $!"
	i=0
	until grep -q "microcred serving on" "$tmp/serve$n.out" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 150 ] && { echo "FAIL: server $n did not start: $(cat "$tmp/serve$n.err")"; exit 1; }
		sleep 0.1
	done
	eval "url$n=http://127.0.0.1:$port"
done

# client C sends award k to server (k+C) mod 4, and the same award again (same
# award_key) to the next server.
client() {
	c=$1
	k=1
	while [ $k -le "$per_client" ]; do
		for dup in 0 1; do
			s=$(((k + c + dup) % 4 + 1))
			eval "url=\$url$s"
			curl -s -o /dev/null -w '%{http_code}\n' -X POST "$url/api/v1/awards" \
				-H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
				-d "{\"credential\": \"data-analysis\", \"email\": \"c$c-$k@example.com\", \"name\": \"Learner $c-$k\", \"award_key\": \"load:$c:$k\"}"
		done
		k=$((k + 1))
	done >"$tmp/client$c.codes"
}
clients=""
for c in 0 1 2 3; do
	client "$c" &
	clients="$clients $!"
done
for p in $clients; do wait "$p"; done

total=$((4 * per_client))
codes=$(cat "$tmp"/client*.codes | sort | uniq -c | tr '\n' ' ')
answers=$(cat "$tmp"/client*.codes | wc -l)
[ "$answers" -eq $((2 * total)) ] && ok || bad "$answers HTTP answers, want $((2 * total))"
bad_codes=$(cat "$tmp"/client*.codes | grep -vc '^20[01]$')
[ "$bad_codes" -eq 0 ] && ok || bad "HTTP answers other than 200/201: $codes"
got=$(sql "SELECT COUNT(*), COUNT(DISTINCT award_key) FROM credentials")
[ "$got" = "$total|$total" ] && ok || bad "credentials|distinct award keys = $got, want $total|$total"
got=$(sql "SELECT COUNT(DISTINCT number), MIN(number), MAX(number) FROM credentials")
[ "$got" = "$total|1|$total" ] && ok || bad "credential numbers count|min|max = $got, want $total|1|$total"
got=$(sql "SELECT COUNT(DISTINCT revocation_list || ':' || revocation_index) FROM credentials")
[ "$got" = "$total" ] && ok || bad "distinct revocation status entries: $got, want $total"
leaves=$(sql "SELECT COUNT(*) FROM tlog_leaves")
got=$(sql "SELECT COUNT(DISTINCT leaf_index), MIN(leaf_index), MAX(leaf_index) FROM tlog_leaves")
[ "$leaves" -eq "$total" ] && [ "$got" = "$total|0|$((total - 1))" ] && ok ||
	bad "log leaves $leaves (indexes $got), want $total issue entries 0..$((total - 1))"
"$mc" log sth >/dev/null 2>&1 && "$mc" log audit >"$tmp/audit" 2>&1 && ok || bad "log audit: $(cat "$tmp/audit")"
for n in 1 2 3 4; do
	grep -qi "sanitizer\|runtime error" "$tmp/serve$n.err" && bad "server $n: $(grep -i -m3 'sanitizer\|runtime error' "$tmp/serve$n.err")"
done
echo "http_scale: $total awards through 4 servers (each sent twice): passed $pass, failed $fail"
[ $fail -eq 0 ]
