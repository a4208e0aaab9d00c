#!/bin/sh
# microcred serve over real HTTP on loopback, against a demo database: every
# route, content negotiation, caching, HEAD, security headers, RFC 9457 problems,
# the limits (413 for a large body with or without Content-Length, 400 for deep
# JSON, 431 for huge headers) with the server still serving afterwards, template
# escaping of hostile input, and a graceful stop on SIGTERM.
set -u
prog="${MC_PROGRAM:-build/microcred}"
command -v curl >/dev/null || { echo "web/serve: skipped: curl is not installed"; exit 77; }
command -v python3 >/dev/null || { echo "web/serve: skipped: python3 is not installed (used to pick a port)"; exit 77; }
tmp=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL $*"
}

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
B="http://127.0.0.1:$port"
. "$(dirname "$0")/../support/testdb.sh"
db=$(mc_test_db "$tmp/web.db") || exit 1
"$prog" init --db "$db" --base-url "$B" >"$tmp/init.out" 2>&1 || { cat "$tmp/init.out"; exit 1; }
"$prog" demo --db "$db" >"$tmp/demo.out" 2>&1 || { echo "web/serve: microcred demo failed:"; tail "$tmp/demo.out"; exit 1; }

"$prog" serve --listen "127.0.0.1:$port" --db "$db" --threads 2 --offline-verify >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
i=0
until grep -q "microcred serving on http://127.0.0.1:$port" "$tmp/serve.out" 2>/dev/null; do
	i=$((i + 1))
	if [ $i -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
		echo "web/serve: the server did not start:"
		cat "$tmp/serve.out" "$tmp/serve.err"
		exit 1
	fi
	sleep 0.1
done
ok

# get NAME WANT-STATUS WANT-CONTENT-TYPE-PREFIX PATH [CURL ARGS...]: body in $tmp/body, headers in $tmp/hdr
get() {
	name=$1 want=$2 ctype=$3 path=$4
	shift 4
	got=$(curl -s -o "$tmp/body" -D "$tmp/hdr" -w "%{http_code} %{content_type}" "$@" "$B$path")
	case "$got" in
	"$want $ctype"*) ok ;;
	*) bad "$name: want '$want $ctype...', got '$got' for $path"; head -c 300 "$tmp/body"; echo ;;
	esac
}
has() { # has NAME FILE PATTERN
	if grep -q -- "$3" "$2"; then ok; else bad "$1: /$3/ not in $2"; head -c 300 "$2"; echo; fi
}
hasnt() {
	if grep -q -- "$3" "$2"; then bad "$1: /$3/ unexpectedly in $2"; else ok; fi
}

"$prog" award list --db "$db" >"$tmp/awards"
active=$(awk '$3 == "active" {print $2; exit}' "$tmp/awards" | sed 's/urn:uuid://')
revoked=$(awk '$3 == "revoked" {print $2; exit}' "$tmp/awards" | sed 's/urn:uuid://')
issuer=$("$prog" issuer list --db "$db" --json | sed -n 's/.*"slug": "\([^"]*\)".*/\1/p' | head -1)
[ -n "$active" ] && [ -n "$revoked" ] && [ -n "$issuer" ] && ok || bad "demo data: active=$active revoked=$revoked issuer=$issuer"

# ---- pages and documents ----
get home 200 text/html /
has home-lists "$tmp/body" 'href="/achievements/'
has csp "$tmp/hdr" "Content-Security-Policy: default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'"
for h in "X-Content-Type-Options: nosniff" "X-Frame-Options: DENY" "Referrer-Policy:" "Cross-Origin-Opener-Policy:" "Permissions-Policy:"; do
	has "header $h" "$tmp/hdr" "$h"
done
slug=$(sed -n 's/.*href="\/achievements\/\([^"]*\)".*/\1/p' "$tmp/body" | head -1)
get search 200 text/html "/?q=zzzz-no-such-title"
has search-empty "$tmp/body" "<strong>0</strong> published"

get badge-page 200 text/html "/credentials/$active"
has badge-verified "$tmp/body" '<section class="report ok"'
has badge-status "$tmp/body" '<span class="state-pill">Active</span>'
get badge-revoked 200 text/html "/credentials/$revoked"
has revoked-status "$tmp/body" '<span class="state-pill">Revoked</span>'
has revoked-report "$tmp/body" '<section class="report bad"'
get cred-json 200 application/vc+ld+json "/credentials/$active.json"
"$prog" export "urn:uuid:$active" --db "$db" --format json >"$tmp/export.json" 2>/dev/null
if cmp -s "$tmp/body" "$tmp/export.json" || python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' "$tmp/body" "$tmp/export.json"; then ok; else bad "credential JSON differs from microcred export"; fi
etag=$(sed -n 's/^ETag: \(.*\)\r$/\1/p' "$tmp/hdr")
[ -n "$etag" ] && ok || bad "credential JSON has no ETag"
get cred-304 304 "" "/credentials/$active.json" -H "If-None-Match: $etag"
get cred-ld 200 application/ld+json "/credentials/$active" -H "Accept: application/ld+json"
get cred-vc 200 application/vc+ld+json "/credentials/$active" -H "Accept: application/vc+ld+json"
get cred-json-accept 200 application/json "/credentials/$active" -H "Accept: application/json"
get cred-html 200 text/html "/credentials/$active" -H "Accept: text/html,application/xhtml+xml,*/*;q=0.8"
get cred-wildcard 200 text/html "/credentials/$active" -H "Accept: */*"
get cred-jwt-none 404 application/problem+json "/credentials/$active.jwt"
has jwt-problem "$tmp/body" '"type":"http://127.0.0.1:[0-9]*/problems/no-jwt"'
get cred-unknown 404 application/problem+json "/credentials/00000000-0000-7000-8000-000000000000.json"
get cred-unknown-html 404 text/html "/credentials/nope"

get issuer-page 200 text/html "/issuers/$issuer"
get issuer-json 200 application/ld+json "/issuers/$issuer.json"
has issuer-profile "$tmp/body" '"Profile"'
get issuer-accept 200 application/json "/issuers/$issuer" -H "Accept: application/json"
get issuer-did-key 404 application/problem+json "/issuers/$issuer/did.json"
has did-key-why "$tmp/body" "not did:web"
get well-known 404 application/problem+json "/.well-known/did.json"
get achievement-page 200 text/html "/achievements/$slug"
get achievement-json 200 application/ld+json "/achievements/$slug.json"
has achievement-ob "$tmp/body" '"MicroCredential"'
get status-list 200 application/vc+ld+json "/status/$issuer/revocation-1"
has status-list-type "$tmp/body" 'BitstringStatusListCredential'
get status-unknown 404 application/problem+json "/status/$issuer/revocation-99"
get status-bad 404 application/problem+json "/status/$issuer/whatever"
get openapi 200 application/json /api/openapi.json
has openapi-version "$tmp/body" '"openapi": "3.1.0"'
get health 200 application/json /healthz
get css 200 text/css /static/style.css
css_etag=$(sed -n 's/^ETag: \(.*\)\r$/\1/p' "$tmp/hdr")
get css-304 304 "" /static/style.css -H "If-None-Match: $css_etag"
get css-versioned 200 text/css "/static/style.css?v=1"
has css-immutable "$tmp/hdr" "immutable"
get problem-page 200 text/html /problems/body-too-large

# ---- errors ----
get not-found 404 application/problem+json /no/such/page -H "Accept: application/json"
has problem-fields "$tmp/body" '"title":"Not Found","status":404,"detail":".*","instance":"/no/such/page"'
has problem-csp "$tmp/hdr" "Content-Security-Policy:"
get not-found-html 404 text/html /no/such/page
get not-found-api 404 application/problem+json /api/v1/nothing
get method 405 application/problem+json /api/v1/verify
has allow "$tmp/hdr" "Allow: POST"

# ---- HEAD ----
curl -s -I "$B/credentials/$active" >"$tmp/head" 2>&1
has head-200 "$tmp/head" "HTTP/1.1 200"
has head-length "$tmp/head" "Content-Length: [1-9]"
n=$(curl -s -X HEAD --max-time 5 "$B/credentials/$active" 2>/dev/null | wc -c)
[ "$n" -eq 0 ] && ok || bad "HEAD returned a body of $n bytes"

# ---- verification ----
get verify-ok 200 application/json /api/v1/verify -X POST -H "Content-Type: application/vc+ld+json" --data-binary "@$tmp/export.json"
has verify-ok-true "$tmp/body" '"verified":true'
"$prog" export "urn:uuid:$revoked" --db "$db" --format json >"$tmp/revoked.json" 2>/dev/null
get verify-revoked 200 application/json /api/v1/verify -X POST -H "Content-Type: application/json" --data-binary "@$tmp/revoked.json"
has verify-revoked-false "$tmp/body" '"verified":false'
has verify-revoked-check "$tmp/body" '"id":"status.revocation","status":"failed"'
sed 's/"name":"\([^"]*\)"/"name":"\1 (edited)"/' "$tmp/export.json" >"$tmp/tampered.json"
get verify-tampered 200 application/json /api/v1/verify -X POST -H "Content-Type: application/json" --data-binary "@$tmp/tampered.json"
has verify-tampered-false "$tmp/body" '"verified":false'
get verify-garbage 400 application/problem+json /api/v1/verify -X POST --data-binary "hello"
has verify-garbage-type "$tmp/body" "problems/not-a-credential"
get verify-empty 400 application/problem+json /api/v1/verify -X POST
get verify-page 200 text/html /verify
has verify-form "$tmp/body" 'method="post" action="/verify" enctype="multipart/form-data">'
get verify-form-ok 200 text/html /verify -X POST --data-urlencode "credential@$tmp/export.json"
has verify-form-green "$tmp/body" '<section class="report ok"'
has verify-form-checks "$tmp/body" 'class="check ok"'

# ---- escaping of hostile input ----
get hostile 400 text/html /verify -X POST --data-urlencode 'credential=<script>alert(1)</script>"><img src=x onerror=alert(2)>'
hasnt hostile-script "$tmp/body" '<script>alert'
hasnt hostile-img "$tmp/body" '<img src=x'
has hostile-escaped "$tmp/body" '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;'
get hostile-search 200 text/html '/?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E'
hasnt hostile-search-script "$tmp/body" '<script>alert'
has hostile-search-attr "$tmp/body" 'value="&quot;&gt;&lt;script&gt;'
get hostile-path 404 text/html '/credentials/%3Cscript%3Ealert(1)%3C%2Fscript%3E'
hasnt hostile-path-script "$tmp/body" '<script>alert'

# ---- limits; the server keeps serving after each ----
head -c 1100000 /dev/zero | tr '\0' 'a' >"$tmp/big"
get too-large 413 application/problem+json /api/v1/verify -X POST --data-binary "@$tmp/big"
has too-large-type "$tmp/body" "problems/body-too-large"
get after-413 200 application/json /healthz
get too-large-chunked 413 application/problem+json /api/v1/verify -X POST -H "Transfer-Encoding: chunked" --data-binary "@$tmp/big"
get after-chunked 200 application/json /healthz
python3 -c 'print("[" * 200 + "]" * 200)' >"$tmp/deep.json"
get deep-json 400 application/problem+json /api/v1/verify -X POST -H "Content-Type: application/json" --data-binary "@$tmp/deep.json"
has deep-json-type "$tmp/body" "problems/json-too-deep"
get after-deep 200 application/json /healthz
long=$(head -c 70000 /dev/zero | tr '\0' 'x')
code=$(curl -s -o /dev/null -w "%{http_code}" -H "X-Long: $long" "$B/healthz")
case "$code" in 431 | 413 | 400) ok ;; *) bad "a 70 KB header got $code, want 431" ;; esac
get after-header 200 application/json /healthz

# ---- access log and graceful stop ----
has access-log "$tmp/serve.err" "GET /credentials/$active 200 [0-9]* [0-9]*us"
kill -TERM "$pid"
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do
	i=$((i + 1))
	sleep 0.1
done
if kill -0 "$pid" 2>/dev/null; then bad "the server did not stop on SIGTERM"; else
	wait "$pid"
	rc=$?
	[ $rc -eq 0 ] && ok || bad "the server exited with $rc after SIGTERM"
fi
pid=
has stopped "$tmp/serve.err" "stopped"

# ---- usage errors ----
"$prog" serve --listen nonsense >"$tmp/u" 2>&1
[ $? -eq 2 ] && ok || bad "serve --listen nonsense: want exit 2"
has usage-msg "$tmp/u" "want ADDR:PORT"
"$prog" serve --help >"$tmp/u" 2>&1
has help-example "$tmp/u" "microcred serve --listen 127.0.0.1:8080"

echo "web/serve: passed $pass, failed $fail"
[ $fail -eq 0 ]
