#!/bin/sh
# VC-JWT interop with the JS reference (../shared/interop): for each profile (ob3,
# vc-jose-cose), key (Ed25519 -> EdDSA, RSA -> RS256) and key form (kid, jwk):
#   - the token microcred signs verifies in `node verify.mjs`;
#   - the token `node sign.mjs --jwt` signs verifies in microcred;
#   - both tokens are byte-identical (RSA PKCS#1 v1.5 and Ed25519 are deterministic);
#   - a tampered payload is rejected by both.
# Once with the checked-in keys (tests/vectors/jwt/harness) and once with keys made
# fresh by keygen.mjs. Usage: jwt_interop.sh JWT_TOOL (built by jwt.cmake).
# Exit 0 all passed, 1 a failure, 77 harness or node missing.
set -u
tool="${1:?usage: jwt_interop.sh JWT_TOOL}"
root="${MC_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
harness="$(sh "$root/tests/interop/harness-dir")" || exit 77
vec="$root/tests/vectors/jwt/harness"
now=2026-01-01T00:00:00Z
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL: $*" >&2
}

node_verify() { (cd "$harness" && node verify.mjs --quiet --now "$now" --keys "$1" "$2") >"$tmp/node.out" 2>&1; }
node_sign() { (cd "$harness" && node sign.mjs --jwt "$@") 2>"$tmp/node.err"; }

# Re-encodes the payload with one character of the first "name" changed.
tamper() {
	node -e '
		const t = require("fs").readFileSync(process.argv[1], "utf8").trim().split(".");
		const p = Buffer.from(t[1], "base64url").toString().replace(/"name":"(.)/,
			(m, c) => `"name":"${String.fromCharCode(c.charCodeAt(0) ^ 1)}`);
		process.stdout.write(t[0] + "." + Buffer.from(p).toString("base64url") + "." + t[2] + "\n");
	' "$1"
}

run_set() {
	label="$1"
	ed="$2"
	rsa="$3"
	for profile in ob3 vc-jose-cose; do
		for kind in ed25519 rsa; do
			if [ "$kind" = rsa ]; then key="$rsa" alg=RS256; else key="$ed" alg=EdDSA; fi
			for form in kid jwk; do
				jwkflag=""
				[ "$form" = jwk ] && jwkflag=--jwk
				name="$label $profile $alg $form"
				c="$tmp/c.jwt"
				js="$tmp/js.jwt"
				if ! "$tool" sign --profile "$profile" --alg "$alg" $jwkflag "$key" "$vec/credential.json" >"$c"; then
					bad "$name: microcred could not sign"
					continue
				fi
				if ! node_sign --jwt-profile "$profile" --alg "$alg" $jwkflag "$key" "$vec/credential.json" >"$js"; then
					bad "$name: node sign.mjs failed: $(cat "$tmp/node.err")"
					continue
				fi
				if cmp -s "$c" "$js"; then ok; else bad "$name: tokens differ (microcred vs sign.mjs)"; fi
				if node_verify "$key" "$c"; then ok; else bad "$name: node rejects microcred's token: $(cat "$tmp/node.out")"; fi
				if "$tool" verify --now "$now" --keys "$key" "$js" >"$tmp/c.out"; then ok; else
					bad "$name: microcred rejects sign.mjs's token: $(cat "$tmp/c.out")"
				fi
				tamper "$c" >"$tmp/t.jwt"
				if cmp -s "$c" "$tmp/t.jwt"; then bad "$name: tampering changed nothing"; continue; fi
				if node_verify "$key" "$tmp/t.jwt"; then bad "$name: node accepts a tampered token"; else ok; fi
				"$tool" verify --now "$now" --keys "$key" "$tmp/t.jwt" >"$tmp/c.out"
				rc=$?
				if [ $rc -eq 1 ] && grep -q "signature is not valid" "$tmp/c.out"; then ok; else
					bad "$name: microcred did not reject a tampered token (exit $rc): $(cat "$tmp/c.out")"
				fi
			done
		done
	done
}

run_set fixed "$vec/ed25519-key.json" "$vec/rsa-key.json"

ctl=https://example.edu/issuers/565049
if (cd "$harness" && node keygen.mjs --controller "$ctl") >"$tmp/ed.json" 2>"$tmp/node.err" &&
	(cd "$harness" && node keygen.mjs --rsa --controller "$ctl") >"$tmp/rsa.json" 2>>"$tmp/node.err"; then
	run_set fresh "$tmp/ed.json" "$tmp/rsa.json"
else
	bad "keygen.mjs failed: $(cat "$tmp/node.err")"
fi

echo "jwt interop: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
