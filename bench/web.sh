#!/bin/sh
# Web server under load: wrk on loopback against `microcred serve` on a fresh demo
# database — the badge page (HTML), the credential JSON, and POST /api/v1/verify
# (a full eddsa-rdfc-2022 verification per request) — printing requests per second
# and p99 latency. Targets (issue 6, 2 cores): badge page >= 20,000 req/s, verify
# >= 5,000 req/s.
#
#   bench/web.sh [BUILD_DIR]     (BENCH_QUICK=1: 2 s per run instead of 10)
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${1:-$root/build}
prog=$build/microcred
[ -x "$prog" ] || { echo "skipped: $prog is not built"; exit 0; }
command -v wrk >/dev/null || { echo "skipped: wrk is not installed (apt-get install wrk)"; exit 0; }
command -v python3 >/dev/null || { echo "skipped: python3 is needed to pick a port"; exit 0; }
dur=10s
[ "${BENCH_QUICK:-0}" = 1 ] && dur=2s
conns=${WEB_BENCH_CONNECTIONS:-32}

tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
B=http://127.0.0.1:$port
"$prog" init --db "$tmp/b.db" --base-url "$B" >/dev/null 2>&1 && "$prog" demo --db "$tmp/b.db" >/dev/null 2>&1 || {
	echo "FAILED: could not make the demo database"
	exit 1
}
"$prog" serve --listen "127.0.0.1:$port" --db "$tmp/b.db" --access-log off --offline-verify --verify-rate off >"$tmp/out" 2>&1 &
pid=$!
i=0
until grep -q "serving on" "$tmp/out"; do
	i=$((i + 1))
	[ $i -gt 100 ] && { echo "FAILED: server did not start"; cat "$tmp/out"; exit 1; }
	sleep 0.1
done
id=$("$prog" award list --db "$tmp/b.db" | awk '$3 == "active" {print $2; exit}' | sed 's/urn:uuid://')
"$prog" export "urn:uuid:$id" --db "$tmp/b.db" --format json >"$tmp/cred.json" 2>/dev/null
cat >"$tmp/post.lua" <<LUA
local f = io.open("$tmp/cred.json", "rb")
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/vc+ld+json"
LUA

echo "host: $(getconf _NPROCESSORS_ONLN) CPUs shared by server and wrk; wrk -t2 -c$conns -d$dur"
run() { # run NAME TARGET PATH [wrk args]
	name=$1 target=$2 path=$3
	shift 3
	wrk -t2 -c"$conns" -d"$dur" --latency "$@" "$B$path" >"$tmp/wrk" 2>&1
	rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk")
	p99=$(awk '$1 == "99%" {print $2}' "$tmp/wrk")
	non2xx=$(awk '/Non-2xx/ {print $NF}' "$tmp/wrk")
	printf '  %-16s %10s req/s  p99 %8s  (target %s req/s)%s\n' "$name" "${rps:-?}" "${p99:-?}" "$target" \
		"${non2xx:+  NON-2XX: $non2xx}"
}
run "badge page" 20000 "/credentials/$id"
run "credential JSON" - "/credentials/$id.json"
run "verify API" 5000 /api/v1/verify -s "$tmp/post.lua"
curl -s -X POST -H "Content-Type: application/json" --data-binary "@$tmp/cred.json" "$B/api/v1/verify" | grep -q '"verified":true' ||
	echo "  FAILED: the verify endpoint did not verify the credential"
