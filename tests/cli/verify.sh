#!/bin/sh
# microcred verify, end to end through the command line, on credentials signed by the
# JavaScript reference (tests/vectors/verify): verdicts, exit statuses, revocation,
# tampering, batches, JSON output, offline behaviour and bad input.
set -u
prog="${MC_PROGRAM:-build/microcred}"
v="${MC_SOURCE_DIR:-.}/tests/vectors/verify"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

# expect STATUS GREP-PATTERN ARGS...: runs microcred verify ARGS, checks the exit status
# and that the output (stdout + stderr) matches the pattern.
expect() {
	want=$1
	pattern=$2
	shift 2
	"$prog" verify "$@" >"$tmp/out" 2>&1
	rc=$?
	if [ "$rc" -eq "$want" ] && grep -q -- "$pattern" "$tmp/out"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: verify $*: want exit $want and /$pattern/, got exit $rc:"
		sed 's/^/    /' "$tmp/out" | head -20
	fi
}

K="--keys $v/issuer-key.pub.json"
expect 0 "VERIFIED (eddsa-rdfc-2022)" $K --offline "$v/signed-rdfc.json"
expect 0 "VERIFIED (eddsa-jcs-2022)" $K --offline "$v/signed-jcs.json"
expect 0 "VERIFIED (vc-jwt)" $K --offline "$v/signed.jwt"
expect 0 "VERIFIED" --offline "$v/signed-didkey.json"
expect 0 "checks were skipped" $K --offline "$v/signed-rdfc.json"
# batch: all verified -> 0
expect 0 "signed.jwt: VERIFIED" $K --offline "$v/signed-rdfc.json" "$v/signed-jcs.json" "$v/signed.jwt"
# revocation through a list made by the reference
expect 1 "revoked" $K --status "$v/status-revoked.json" "$v/signed-rdfc.json"
expect 0 "has not been revoked" $K --status "$v/status-clean.json" "$v/signed-rdfc.json"
expect 1 "revoked" $K --status "$v/status-revoked.json" "$v/signed.jwt"
# without the issuer's key
expect 1 "could not be found" --offline "$v/signed-rdfc.json"
# tampering: one field of the credential
sed 's/Memory-Safe/Memory-Unsafe/' "$v/signed-rdfc.json" >"$tmp/tampered.json"
expect 1 "signature does not match" $K --offline "$tmp/tampered.json"
sed 's/2035-01-15/2045-01-15/' "$v/signed-jcs.json" >"$tmp/tampered-jcs.json"
expect 1 "NOT VERIFIED" $K --offline "$tmp/tampered-jcs.json"
# a batch with one bad credential -> 1
expect 1 "tampered.json: NOT VERIFIED" $K --offline "$v/signed-rdfc.json" "$tmp/tampered.json"
# verification time: before validFrom, after validUntil
expect 1 "not valid yet" $K --offline --now 2024-01-01T00:00:00Z "$v/signed-rdfc.json"
expect 1 "expired" $K --offline --now 2036-01-01T00:00:00Z "$v/signed-rdfc.json"
# JSON output
expect 0 '"verified": true' --json $K --offline "$v/signed-rdfc.json"
expect 1 '"status": "failed"' --json $K --offline "$tmp/tampered.json"
# not a credential at all -> 2
echo '{"a": 1}' >"$tmp/plain.json"
expect 2 "not a verifiable credential" "$tmp/plain.json"
printf '{"@context": [' >"$tmp/trunc.json"
expect 2 "not valid JSON" "$tmp/trunc.json"
echo 'hello world' >"$tmp/text.txt"
expect 2 "neither JSON nor a JSON Web Token" "$tmp/text.txt"
# unreadable input -> 3; bad usage -> 2
expect 3 "cannot open" "$tmp/missing.json"
expect 2 "at least one INPUT" --offline
expect 2 "now" --now yesterday "$v/signed-rdfc.json"
# alg none JWT
hdr=$(printf '{"alg":"none","typ":"JWT"}' | base64 | tr '+/' '-_' | tr -d '=\n')
payload=$(printf '{"iss":"x"}' | base64 | tr '+/' '-_' | tr -d '=\n')
echo "$hdr.$payload." >"$tmp/none.jwt"
expect 1 "none" "$tmp/none.jwt"

echo "cli/verify: passed $pass, failed $fail"
[ $fail -eq 0 ]
