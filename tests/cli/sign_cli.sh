#!/bin/sh
# microcred sign: known answers, proof sets and chains, and errors.
# Usage: sign_cli.sh PROOF_VERIFY (the C verification driver built by
# tests/interop/proof.cmake). Exit 0 all passed, 1 a failure.
set -u
drv="${1:?usage: sign_cli.sh PROOF_VERIFY}"
root="${MC_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
mc="${MC_PROGRAM:-$root/build/microcred}"
vec="$root/tests/vectors/proof-cli"
cred="$root/tests/vectors/interop/example-unsigned.json"
created=2025-01-15T09:00:00Z
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL: $*" >&2
}
# expect STATUS PATTERN -- ARGS...: exit status, and a one-line message matching
# PATTERN (usage errors add the line "Run 'microcred sign --help' for usage.").
expect() {
	want=$1 pat=$2
	shift 3
	"$mc" sign "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ $got -ne "$want" ]; then
		bad "sign $*: exit $got, expected $want ($(cat "$tmp/err"))"
	elif [ -n "$pat" ] && ! { head -n 1 "$tmp/err" | grep -q -- "$pat" &&
		[ "$(grep -vc "for usage" "$tmp/err")" -eq 1 ]; }; then
		bad "sign $*: expected one line matching '$pat', got: $(cat "$tmp/err")"
	else
		ok
	fi
}

# Known answers: the same bytes as the JS reference.
expect 0 "" -- --key "$vec/issuer-key.json" --created $created "$cred"
cmp -s "$tmp/out" "$vec/signed-rdfc.json" && ok || bad "rdfc output differs from signed-rdfc.json"
expect 0 "" -- --key "$vec/issuer-key.json" --format jcs --created $created "$cred"
cmp -s "$tmp/out" "$vec/signed-jcs.json" && ok || bad "jcs output differs from signed-jcs.json"
expect 0 "" -- -k "$vec/issuer-key.json" -f eddsa-jcs-2022 --created $created - <"$cred"
cmp -s "$tmp/out" "$vec/signed-jcs.json" && ok || bad "jcs from stdin differs"

# A proof set and a chain, verified by mc_proof_verify_all.
"$mc" sign --key "$vec/issuer-key.json" --proof-id urn:uuid:first --created $created "$cred" >"$tmp/one.json" || bad "sign one"
"$mc" sign --key "$vec/issuer-key.json" --format jcs --created $created "$tmp/one.json" >"$tmp/set.json" || bad "sign set"
"$mc" sign --key "$vec/issuer-key.json" --previous-proof urn:uuid:first --created $created "$tmp/set.json" >"$tmp/chain.json" || bad "sign chain"
if "$drv" --keys "$vec/issuer-key.pub.json" "$tmp/chain.json" >"$tmp/report" 2>&1; then ok; else bad "chain does not verify: $(cat "$tmp/report")"; fi
[ "$(grep -c 'The signature by https://example.edu/issuers/565049 is valid' "$tmp/report")" = 3 ] && ok || bad "expected 3 valid signatures: $(cat "$tmp/report")"
grep -q 'builds on 1 earlier proof' "$tmp/report" && ok || bad "chain check missing: $(cat "$tmp/report")"

# Help and errors.
"$mc" sign --help >"$tmp/help" 2>&1 && grep -q "Example" "$tmp/help" && ok || bad "sign --help"
expect 2 "--key KEY.json is required" -- "$cred"
expect 2 "takes one CREDENTIAL" -- --key "$vec/issuer-key.json"
expect 2 "--format must be rdfc, jcs or jwt" -- --key "$vec/issuer-key.json" --format xml "$cred"
expect 2 "unknown option" -- --key "$vec/issuer-key.json" --bogus "$cred"
expect 3 "no-such-key.json" -- --key "$tmp/no-such-key.json" "$cred"
expect 2 "secret" -- --key "$vec/issuer-key.pub.json" "$cred"
expect 2 "created" -- --key "$vec/issuer-key.json" --created yesterday "$cred"
expect 2 "previous proof" -- --key "$vec/issuer-key.json" --previous-proof urn:uuid:none "$tmp/set.json"
printf '[1, 2]' >"$tmp/array.json"
expect 2 "array.json" -- --key "$vec/issuer-key.json" "$tmp/array.json"
# A term no context defines cannot be signed with eddsa-rdfc-2022 (safe mode) ...
sed 's/"name": "Systems Programming/"favouriteColour": "blue", "name": "Systems Programming/' "$cred" >"$tmp/undefined.json"
grep -q favouriteColour "$tmp/undefined.json" || bad "test setup: no undefined term inserted"
expect 2 "undefined.json" -- --key "$vec/issuer-key.json" "$tmp/undefined.json"
# ... but can with eddsa-jcs-2022, which does not process JSON-LD.
expect 0 "" -- --key "$vec/issuer-key.json" --format jcs "$tmp/undefined.json"

# --format jwt: a compact JWS that microcred verify accepts with the public key.
"$mc" sign --key "$vec/issuer-key.json" --format jwt "$cred" >"$tmp/c.jwt" 2>"$tmp/err" &&
	grep -q '^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$' "$tmp/c.jwt" && ok || bad "sign --format jwt: $(cat "$tmp/err")"
"$mc" verify --offline --keys "$vec/issuer-key.pub.json" "$tmp/c.jwt" >"$tmp/v" 2>&1 && grep -q "VERIFIED (vc-jwt)" "$tmp/v" && ok ||
	bad "verify of the signed JWT: $(cat "$tmp/v")"
expect 2 "RS256" -- --key "$vec/issuer-key.json" --format jwt --alg RS256 "$cred"

echo "sign cli: $pass passed, $fail failed"
[ $fail -eq 0 ]
