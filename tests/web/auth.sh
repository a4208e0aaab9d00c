#!/bin/sh
# Accounts and access control over real HTTP on loopback: `microcred serve` on a
# free port against a temporary demo database, driven with curl. Sign-up (with
# validation), log-in, wrong password, log-out, session cookie flags, CSRF
# (missing / wrong token -> 403, cross-account token -> 403), account settings,
# password change ending other sessions, API bearer tokens (CLI create/list/revoke,
# allowed and denied by role and by issuer), a learner who cannot read another
# learner's private evidence, secrets never in the access log, and the rate limits
# (log-in and verification -> 429 with Retry-After) on a second server start.
set -u
prog="${MC_PROGRAM:-build/microcred}"
command -v curl >/dev/null || { echo "web/auth: skipped: curl is not installed"; exit 77; }
command -v python3 >/dev/null || { echo "web/auth: skipped: python3 is not installed (used to pick a port)"; exit 77; }
# Argon2id with interactive limits: the same code path, a tenth of the time.
MICROCRED_PASSWORD_LIMITS=interactive
export MICROCRED_PASSWORD_LIMITS
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
db="$tmp/web.db"
"$prog" init --db "$db" --base-url "$B" >"$tmp/init.out" 2>&1 || { cat "$tmp/init.out"; exit 1; }
"$prog" demo --db "$db" >"$tmp/demo.out" 2>&1 || { echo "web/auth: microcred demo failed:"; tail "$tmp/demo.out"; exit 1; }

start() { # start [SERVE OPTIONS...]
	rm -f "$tmp/serve.out"
	"$prog" serve --listen "127.0.0.1:$port" --db "$db" --threads 2 --offline-verify --access-log "$tmp/access.log" \
		"$@" >"$tmp/serve.out" 2>"$tmp/serve.err" &
	pid=$!
	i=0
	until grep -q "microcred serving on http://127.0.0.1:$port" "$tmp/serve.out" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
			echo "web/auth: the server did not start:"
			cat "$tmp/serve.out" "$tmp/serve.err"
			exit 1
		fi
		sleep 0.1
	done
}
stop() {
	kill "$pid" && wait "$pid" 2>/dev/null
	pid=
	# Under -DMC_SANITIZE=ON the server reports memory errors and leaks at exit.
	if grep -q "Sanitizer\|runtime error" "$tmp/serve.err"; then
		bad "the server reported a sanitizer error:"
		grep -A20 "Sanitizer\|runtime error" "$tmp/serve.err" | head -40
	else ok; fi
}

# req NAME WANT-STATUS PATH [CURL ARGS...]: body in $tmp/body, headers in $tmp/hdr
req() {
	name=$1 want=$2 path=$3
	shift 3
	got=$(curl -s -o "$tmp/body" -D "$tmp/hdr" -w "%{http_code}" "$@" "$B$path")
	if [ "$got" = "$want" ]; then ok; else
		bad "$name: want $want, got $got for $path"
		head -c 400 "$tmp/body"
		echo
	fi
}
has() { # has NAME FILE PATTERN
	if grep -qi -- "$3" "$2"; then ok; else bad "$1: /$3/ not in $2"; head -c 400 "$2"; echo; fi
}
hasnt() {
	if grep -qi -- "$3" "$2"; then bad "$1: /$3/ unexpectedly in $2"; else ok; fi
}
csrf_of() { # the hidden csrf field of the last page
	sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$tmp/body" | head -1
}

start --login-limit 1000
PW="zebra crossing 42"

# ---- sign-up ----
req signup-page 200 /signup -c "$tmp/zoe"
has signup-form "$tmp/body" 'name="password"'
has signup-label "$tmp/body" '<label for="email">'
has anon-csrf-cookie "$tmp/hdr" 'Set-Cookie: mc_csrf=.*HttpOnly; SameSite=Lax'
T=$(csrf_of)
[ -n "$T" ] && ok || bad "signup page has no csrf token"
req signup-no-csrf 403 /signup -b "$tmp/zoe" -H 'Accept: application/json' \
	--data-urlencode email=zoe@example.org --data-urlencode name=Zoe --data-urlencode "password=$PW"
has signup-no-csrf-type "$tmp/body" '/problems/csrf'
req signup-wrong-csrf 403 /signup -b "$tmp/zoe" --data-urlencode csrf=AAAA"$T" \
	--data-urlencode email=zoe@example.org --data-urlencode name=Zoe --data-urlencode "password=$PW"
# A token without its cookie (another browser) is refused too.
req signup-csrf-no-cookie 403 /signup --data-urlencode "csrf=$T" \
	--data-urlencode email=zoe@example.org --data-urlencode name=Zoe --data-urlencode "password=$PW"
req signup-short 400 /signup -b "$tmp/zoe" --data-urlencode "csrf=$T" \
	--data-urlencode email=zoe@example.org --data-urlencode name=Zoe --data-urlencode "password=short"
has signup-short-msg "$tmp/body" 'id="password-msg">too short'
has signup-keeps-email "$tmp/body" 'value="zoe@example.org"'
hasnt signup-no-echo "$tmp/body" 'value="short"'
req signup-common 400 /signup -b "$tmp/zoe" --data-urlencode "csrf=$T" \
	--data-urlencode email=zoe@example.org --data-urlencode name=Zoe --data-urlencode "password=Password123"
has signup-common-msg "$tmp/body" 'most common passwords'
req signup-bad-email 400 /signup -b "$tmp/zoe" --data-urlencode "csrf=$T" \
	--data-urlencode email=zoe --data-urlencode name=Zoe --data-urlencode "password=$PW"
has signup-email-msg "$tmp/body" 'id="email-msg">.*not an email'
req signup 303 /signup -b "$tmp/zoe" -c "$tmp/zoe" --data-urlencode "csrf=$T" \
	--data-urlencode email=zoe@example.org --data-urlencode name="Zoe <Quinn>" --data-urlencode "password=$PW" \
	--data-urlencode next=/account
has signup-redirect "$tmp/hdr" '^Location: /account'
# The session cookie: HttpOnly, SameSite=Lax, Path=/, not Secure on http.
has cookie-flags "$tmp/hdr" '^Set-Cookie: mc_session=[A-Za-z0-9_-]\{43\}; Path=/; HttpOnly; SameSite=Lax; Max-Age='
hasnt cookie-not-secure "$tmp/hdr" 'Set-Cookie: mc_session=.*Secure'
req signup-page-signed-in 200 /signup -b "$tmp/zoe"
req signup-again 409 /signup -b "$tmp/zoe" --data-urlencode "csrf=$(csrf_of)" \
	--data-urlencode email=ZOE@example.org --data-urlencode name=Zoe --data-urlencode "password=$PW"
# A demo account made by staff (no sign-up of its own) cannot be claimed by signing up.
req signup-page-2 200 /signup -c "$tmp/mallory" -b "$tmp/mallory"
req signup-claim-2 409 /signup -b "$tmp/mallory" --data-urlencode "csrf=$(csrf_of)" \
	--data-urlencode email=ben@learners.example --data-urlencode name=M --data-urlencode "password=$PW"

# ---- signed in ----
req account 200 /account -b "$tmp/zoe"
has account-email "$tmp/body" 'value="zoe@example.org"'
has account-escaped "$tmp/body" 'Zoe &lt;Quinn&gt;'
has account-private "$tmp/hdr" 'Cache-Control: private, no-store'
has nav-logout "$tmp/body" 'action="/logout"'
ZT=$(csrf_of)
req account-anon 303 /account
has account-anon-login "$tmp/hdr" '^Location: /login?next=/account'
req me-anon-api 401 /api/v1/issuers/northbridge-university/tokens
has me-anon-problem "$tmp/hdr" 'Content-Type: application/problem+json'
has me-anon-www "$tmp/hdr" 'WWW-Authenticate: Bearer'

# Settings: validation in the form, then saved.
req settings-bad-did 400 /account -b "$tmp/zoe" --data-urlencode "csrf=$ZT" \
	--data-urlencode name=Zoe --data-urlencode did="not a did"
has settings-did-msg "$tmp/body" 'id="did-msg">.*is not a DID'
req settings-no-csrf 403 /account -b "$tmp/zoe" --data-urlencode name=Mallory
req settings 303 /account -b "$tmp/zoe" --data-urlencode "csrf=$ZT" --data-urlencode name="Zoe Quinn" \
	--data-urlencode did=did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK --data-urlencode public_profile=1
req settings-shown 200 "/account?saved=profile" -b "$tmp/zoe"
has settings-name "$tmp/body" 'value="Zoe Quinn"'
has settings-did "$tmp/body" 'value="did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"'
has settings-public "$tmp/body" 'name="public_profile" value="1" checked'
# The token is bound to the session: Zoe's token does not work for another account.
req login-page 200 /login -c "$tmp/ada" -b "$tmp/ada"
req login-ada 303 /login -c "$tmp/ada" -b "$tmp/ada" --data-urlencode "csrf=$(csrf_of)" \
	--data-urlencode email=ada@learners.example --data-urlencode password=demo-password-2026
req csrf-other-session 403 /account -b "$tmp/ada" --data-urlencode "csrf=$ZT" --data-urlencode name=Mallory
req csrf-header 303 /logout -X POST -b "$tmp/ada" -c "$tmp/ada" -H "X-CSRF-Token: $(curl -s -b "$tmp/ada" "$B/account" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)"

# ---- log-out, log-in ----
req logout-no-csrf 403 /logout -b "$tmp/zoe" -X POST
cp "$tmp/zoe" "$tmp/zoe-old"
req logout 303 /logout -b "$tmp/zoe" -c "$tmp/zoe" --data-urlencode "csrf=$ZT"
has logout-clears "$tmp/hdr" '^Set-Cookie: mc_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0'
req logged-out 303 /account -b "$tmp/zoe-old"
req login-page 200 "/login?next=/account" -c "$tmp/zoe" -b "$tmp/zoe"
has login-next "$tmp/body" 'name="next" value="/account"'
has login-label "$tmp/body" '<label for="password">'
LT=$(csrf_of)
req login-wrong 401 /login -b "$tmp/zoe" --data-urlencode "csrf=$LT" \
	--data-urlencode email=zoe@example.org --data-urlencode "password=zebra crossing 43"
has login-wrong-msg "$tmp/body" 'Wrong email or password'
hasnt login-wrong-nocookie "$tmp/hdr" 'Set-Cookie: mc_session'
req login-unknown 401 /login -b "$tmp/zoe" --data-urlencode "csrf=$LT" \
	--data-urlencode email=nobody@example.org --data-urlencode "password=$PW"
has login-unknown-msg "$tmp/body" 'Wrong email or password'
req login-no-csrf 403 /login -b "$tmp/zoe" --data-urlencode email=zoe@example.org --data-urlencode "password=$PW"
req login-offsite-next 303 /login -b "$tmp/zoe" -c "$tmp/zoe" --data-urlencode "csrf=$LT" \
	--data-urlencode email=Zoe@Example.org --data-urlencode "password=$PW" --data-urlencode next=//evil.example/
has login-no-open-redirect "$tmp/hdr" '^Location: /account'
# The session id changes at log-in (no fixation).
old=$(sed -n 's/.*mc_session\t//p' "$tmp/zoe-old")
new=$(sed -n 's/.*mc_session\t//p' "$tmp/zoe")
[ -n "$new" ] && [ "$new" != "$old" ] && ok || bad "session id not renewed at log-in"
req account-again 200 /account -b "$tmp/zoe"
ZT=$(csrf_of)

# Password change: wrong current one refused; then other sessions end.
req login-page 200 /login -c "$tmp/zoe2" -b "$tmp/zoe2"
req login-second 303 /login -c "$tmp/zoe2" -b "$tmp/zoe2" --data-urlencode "csrf=$(csrf_of)" \
	--data-urlencode email=zoe@example.org --data-urlencode "password=$PW"
req passwd-wrong 403 /account/password -b "$tmp/zoe" --data-urlencode "csrf=$ZT" \
	--data-urlencode current_password=nope-nope-nope --data-urlencode "new_password=giraffe ladder 77"
has passwd-wrong-msg "$tmp/body" 'id="current-msg">that is not your current password'
req passwd 303 /account/password -b "$tmp/zoe" --data-urlencode "csrf=$ZT" \
	--data-urlencode "current_password=$PW" --data-urlencode "new_password=giraffe ladder 77"
req passwd-keeps-me 200 /account -b "$tmp/zoe"
req passwd-ends-others 303 /account -b "$tmp/zoe2"

# ---- API tokens ----
ISS=northbridge-university
OTHER=digital-skills-council
owner=$("$prog" token create $ISS --db "$db" --role owner --name "ops" 2>"$tmp/tok.err")
editor=$("$prog" token create $ISS --db "$db" --role editor --name "SIS integration" 2>>"$tmp/tok.err")
assessor=$("$prog" token create $ISS --db "$db" --role assessor --name "LMS" --user assessor@northbridge.example 2>>"$tmp/tok.err")
council=$("$prog" token create $OTHER --db "$db" --role owner --name "council ops" 2>>"$tmp/tok.err")
case "$owner$editor$assessor$council" in
mc_*mc_*mc_*mc_*) ok ;;
*) bad "token create: $(cat "$tmp/tok.err")" ;;
esac
has token-shown-once "$tmp/tok.err" 'shown once'
"$prog" token create $ISS --db "$db" --role boss --name x >/dev/null 2>"$tmp/tok.bad"
[ $? -eq 2 ] && ok || bad "token create --role boss: want exit 2"
has token-bad-role "$tmp/tok.bad" "unknown role 'boss'"
"$prog" token create $ISS --db "$db" --role editor >/dev/null 2>"$tmp/tok.bad"
[ $? -eq 2 ] && ok || bad "token create without --name: want exit 2"
"$prog" token list $ISS --db "$db" >"$tmp/tok.list"
[ "$(wc -l <"$tmp/tok.list")" -eq 3 ] && ok || bad "token list: want 3 lines, got $(cat "$tmp/tok.list")"
has token-list-name "$tmp/tok.list" 'SIS integration'
hasnt token-list-secret "$tmp/tok.list" "$editor"
"$prog" token list $ISS --db "$db" --json >"$tmp/tok.json" && has token-list-json "$tmp/tok.json" '"role": "editor"'

bearer() { echo "Authorization: Bearer $1"; }
req token-owner 200 /api/v1/issuers/$ISS/tokens -H "$(bearer "$owner")"
has token-owner-list "$tmp/body" '"name":"SIS integration"'
hasnt token-owner-no-secret "$tmp/body" "$editor"
req token-editor-denied 403 /api/v1/issuers/$ISS/tokens -H "$(bearer "$editor")"
has token-editor-problem "$tmp/body" '/problems/forbidden'
req token-other-issuer 403 /api/v1/issuers/$ISS/tokens -H "$(bearer "$council")"
req token-council-own 200 /api/v1/issuers/$OTHER/tokens -H "$(bearer "$council")"
req token-garbage 401 /api/v1/issuers/$ISS/tokens -H "$(bearer mc_nonsense)"
has token-garbage-www "$tmp/hdr" 'error="invalid_token"'
req token-basic 401 /api/v1/issuers/$ISS/tokens -H "Authorization: Basic Zm9vOmJhcg=="
# A bearer request needs no CSRF token; a token never creates one above its role.
req token-create-api 201 /api/v1/issuers/$ISS/tokens -H "$(bearer "$owner")" -H 'Content-Type: application/json' \
	-d '{"role":"assessor","name":"made by API"}'
has token-create-api-secret "$tmp/body" '"token":"mc_'
api_id=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' "$tmp/body")
req token-create-denied 403 /api/v1/issuers/$ISS/tokens -H "$(bearer "$editor")" -H 'Content-Type: application/json' \
	-d '{"role":"owner","name":"escalate"}'
req token-revoke-api 204 "/api/v1/issuers/$ISS/tokens/$api_id" -X DELETE -H "$(bearer "$owner")"
# Session users: staff roles decide.
req token-session-not-staff 403 /api/v1/issuers/$ISS/tokens -b "$tmp/zoe"
"$prog" token revoke $ISS "$(echo "$editor" | cut -c1-11)" --db "$db" >"$tmp/tok.rev" 2>&1
[ $? -eq 0 ] && ok || bad "token revoke: $(cat "$tmp/tok.rev")"
req token-revoked 401 /api/v1/issuers/$ISS/tokens -H "$(bearer "$editor")"
has token-revoked-msg "$tmp/body" 'revoked'
"$prog" token revoke $ISS mc_nothere --db "$db" >/dev/null 2>"$tmp/tok.rev"
[ $? -ne 0 ] && ok || bad "token revoke of an unknown token succeeded"

# ---- a learner never sees another learner's private evidence ----
"$prog" evidence submit --db "$db" --credential machine-learning-foundations --email ben@learners.example \
	--requirement 2 --text "ben's private lab notes" --json >"$tmp/ev.json" 2>&1
ev=$(sed -n 's/^  "id": "\([^"]*\)".*/\1/p' "$tmp/ev.json" | head -1)
[ -n "$ev" ] && ok || bad "evidence submit: $(cat "$tmp/ev.json")"
login() { # login JAR EMAIL PASSWORD
	curl -s -c "$1" -b "$1" -o "$tmp/lp" "$B/login"
	t=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$tmp/lp" | head -1)
	curl -s -c "$1" -b "$1" -o /dev/null -w "%{http_code}" "$B/login" --data-urlencode "csrf=$t" \
		--data-urlencode "email=$2" --data-urlencode "password=$3"
}
# Demo accounts log in with the published demo password; `user passwd` sets another.
printf '%s\n' "hedgehog lantern 9" | "$prog" user passwd ben@learners.example --db "$db" >"$tmp/pw.out" 2>&1
[ $? -eq 0 ] && ok || bad "user passwd: $(cat "$tmp/pw.out")"
printf '%s\n' "short" | "$prog" user passwd ben@learners.example --db "$db" >/dev/null 2>"$tmp/pw.err"
[ $? -eq 2 ] && ok || bad "user passwd with a short password: want exit 2"
has passwd-cli-msg "$tmp/pw.err" 'too short'
printf '%s\n' "hedgehog lantern 9" | "$prog" user passwd nobody@example.org --db "$db" >/dev/null 2>&1
[ $? -ne 0 ] && ok || bad "user passwd of an unknown user succeeded"
[ "$(login "$tmp/ben" ben@learners.example "demo-password-2026")" = 401 ] && ok || bad "ben: old demo password still works"
[ "$(login "$tmp/ben" ben@learners.example "hedgehog lantern 9")" = 303 ] && ok || bad "ben cannot log in"
[ "$(login "$tmp/ada" ada@learners.example demo-password-2026)" = 303 ] && ok || bad "ada cannot log in"
[ "$(login "$tmp/sam" assessor@northbridge.example demo-password-2026)" = 303 ] && ok || bad "assessor cannot log in"
[ "$(login "$tmp/kim" assessor@skills-council.example demo-password-2026)" = 303 ] && ok || bad "council assessor cannot log in"
req evidence-own 200 "/api/v1/evidence/$ev" -b "$tmp/ben"
has evidence-own-text "$tmp/body" "private lab notes"
req evidence-other-learner 403 "/api/v1/evidence/$ev" -b "$tmp/ada"
hasnt evidence-other-hidden "$tmp/body" "private lab notes"
req evidence-signed-up-learner 403 "/api/v1/evidence/$ev" -b "$tmp/zoe"
hasnt evidence-zoe-hidden "$tmp/body" "private lab notes"
req evidence-anon 401 "/api/v1/evidence/$ev"
hasnt evidence-anon-hidden "$tmp/body" "private lab notes"
req evidence-staff 200 "/api/v1/evidence/$ev" -b "$tmp/sam"
req evidence-other-staff 403 "/api/v1/evidence/$ev" -b "$tmp/kim"
req evidence-token 200 "/api/v1/evidence/$ev" -H "$(bearer "$assessor")"
req evidence-other-token 403 "/api/v1/evidence/$ev" -H "$(bearer "$council")"
hasnt evidence-token-hidden "$tmp/body" "private lab notes"

# ---- secrets stay out of the logs ----
stop
for s in "$owner" "$council" "$assessor" "$PW" "demo-password-2026" "$new" "$ZT"; do
	if grep -qF -- "$s" "$tmp/access.log" "$tmp/serve.err" "$tmp/serve.out"; then bad "a secret is in the logs"; else ok; fi
done

# ---- rate limits (a fresh server: the limits live in memory) ----
start --verify-rate 1
# Ten attempts pass (wrong: 401); then 429. A slow machine refills the bucket a
# little (10 per 300 s), so allow a few more attempts before the first 429.
status=""
i=0
while [ $i -lt 16 ]; do
	i=$((i + 1))
	curl -s -c "$tmp/rl" -b "$tmp/rl" -o "$tmp/lp" "$B/login"
	t=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$tmp/lp" | head -1)
	c=$(curl -s -b "$tmp/rl" -o "$tmp/body" -D "$tmp/hdr" -w "%{http_code}" "$B/login" \
		--data-urlencode "csrf=$t" --data-urlencode email=finn@learners.example --data-urlencode "password=guess number $i")
	status="$status $c"
	[ "$c" = 429 ] && break
done
case "$status" in
" 401 401 401 401 401 401 401 401 401 401"*429) ok ;;
*) bad "log-in limit: want ten 401 then 429, got$status" ;;
esac
has login-429-retry "$tmp/hdr" '^Retry-After: [0-9]'
has login-429-msg "$tmp/body" 'too many log-in attempts'
# Even the right password waits now.
req login-blocked 429 /login -b "$tmp/rl" --data-urlencode "csrf=$t" --data-urlencode email=finn@learners.example \
	--data-urlencode password=demo-password-2026 -H 'Accept: application/json'
has login-blocked-problem "$tmp/body" '/problems/rate-limited'
# Verification: 1 per second, bursts of 2.
codes=""
i=0
while [ $i -lt 20 ]; do
	i=$((i + 1))
	c=$(curl -s -o "$tmp/body" -D "$tmp/hdr" -w "%{http_code}" "$B/api/v1/verify" -H 'Content-Type: application/json' -d '{}')
	codes="$codes $c"
	[ "$c" = 429 ] && break
done
case "$codes" in
" 400 400"*429) ok ;;
*) bad "verify limit: want a burst of 2 then 429, got$codes" ;;
esac
has verify-429-retry "$tmp/hdr" '^Retry-After: [0-9]'
has verify-429-type "$tmp/body" '/problems/rate-limited'
# The server keeps serving, and other pages are not limited.
req after-limits 200 /healthz
sleep 1.1
req verify-again 400 /api/v1/verify -H 'Content-Type: application/json' -d '{}'
stop

# ---- behind https (a TLS-terminating proxy): cookies are Secure ----
start --base-url https://badges.example.test
req https-signup-page 200 /signup
has https-csrf-cookie-secure "$tmp/hdr" '^Set-Cookie: mc_csrf=.*; HttpOnly; SameSite=Lax; Secure'
T=$(csrf_of)
C=$(sed -n 's/^Set-Cookie: mc_csrf=\([^;]*\);.*/\1/p' "$tmp/hdr" | tr -d '\r')
req https-login 303 /login -H "Cookie: mc_csrf=$C" --data-urlencode "csrf=$T" \
	--data-urlencode email=zoe@example.org --data-urlencode "password=giraffe ladder 77"
has https-session-secure "$tmp/hdr" '^Set-Cookie: mc_session=.*; HttpOnly; SameSite=Lax; Max-Age=[0-9]*; Secure'
has https-hsts "$tmp/hdr" '^Strict-Transport-Security: max-age='
stop

echo "web/auth: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
