#!/bin/sh
# The transparency log over HTTP: /log/v1/sth, entries, inclusion and consistency
# proofs served by `microcred serve` on a demo database, and `microcred log audit
# --url` replaying the whole log through them. The server must survive every request.
set -u
prog="${MC_PROGRAM:-build/microcred}"
command -v python3 >/dev/null || { echo "SKIP: python3 is not installed (used to pick a port)"; exit 77; }
command -v curl >/dev/null || { echo "SKIP: curl is not installed"; exit 77; }
tmp=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

db="$tmp/log.db"
"$prog" init --db "$db" >/dev/null 2>&1 && "$prog" demo --db "$db" >/dev/null 2>&1 || { echo "FAIL: demo database"; exit 1; }
# Tree heads are signed at most every few seconds; ask for a current one, as an
# operator would, so that it covers every demo award.
"$prog" log sth --db "$db" >/dev/null 2>&1 || { echo "FAIL: log sth"; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
B="http://127.0.0.1:$port"
"$prog" serve --listen "127.0.0.1:$port" --db "$db" --threads 2 --offline-verify >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
i=0
until grep -q "microcred serving on $B" "$tmp/serve.out" 2>/dev/null; do
	i=$((i + 1))
	if [ $i -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
		echo "FAIL: the server did not start: $(cat "$tmp/serve.err")"
		exit 1
	fi
	sleep 0.1
done

get() { curl -s -o "$tmp/body" -w '%{http_code}' "$B$1"; }
[ "$(get /log/v1/sth)" = 200 ] && grep -q '"tree_size":' "$tmp/body" && grep -q '"tree_head_signature"' "$tmp/body" && ok || bad "sth: $(cat "$tmp/body")"
size=$(sed 's/.*"tree_size":\([0-9]*\).*/\1/' "$tmp/body")
[ "$size" -gt 1 ] 2>/dev/null && ok || bad "tree size '$size' (the demo awards credentials, each logged)"
[ "$(get "/log/v1/entries?start=0&end=1")" = 200 ] && grep -q '"leaf_input"' "$tmp/body" && ok || bad "entries: $(cat "$tmp/body")"
[ "$(get "/log/v1/proof/consistency?first=1&second=$size")" = 200 ] && grep -q '"consistency"' "$tmp/body" && ok || bad "consistency: $(cat "$tmp/body")"
[ "$(get "/log/v1/proof/consistency?first=x")" = 400 ] && ok || bad "a bad parameter must be 400"
[ "$(get "/log/v1/proof/inclusion?hash=AAAA&tree_size=$size")" = 400 ] || [ "$(get "/log/v1/proof/inclusion?hash=AAAA&tree_size=$size")" = 404 ] && ok || bad "unknown hash: $(cat "$tmp/body")"
"$prog" log audit --url "$B/log/v1" >"$tmp/audit" 2>&1 && grep -q "audit passed: $size entries" "$tmp/audit" && ok || bad "log audit --url: $(cat "$tmp/audit")"
kill -0 "$pid" 2>/dev/null && ok || bad "the server died"
[ "$(get /healthz)" = 200 ] && ok || bad "the server stopped answering"
echo "web/log: passed $pass, failed $fail"
[ $fail -eq 0 ]
