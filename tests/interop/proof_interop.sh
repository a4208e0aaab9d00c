#!/bin/sh
# Data Integrity interop with the JS reference (../shared/interop), both ways:
#   - credentials `microcred sign` signs (rdfc, jcs; a URL key and a did:key) verify in
#     `node verify.mjs`, and are byte-identical to what `node sign.mjs` writes for the
#     same key and --created;
#   - the harness README's known-answer proofValues (seed 01..01, created
#     2025-01-15T09:00:00Z) come out exactly;
#   - credentials `node sign.mjs` signs verify in microcred (proof_verify driver);
#   - a proof set (a JS rdfc proof plus a microcred jcs proof) verifies in both;
#   - a changed achievement name is rejected by both.
# Usage: proof_interop.sh PROOF_VERIFY (built by proof.cmake). Exit 0 all passed,
# 1 a failure, 77 harness or node missing.
set -u
drv="${1:?usage: proof_interop.sh PROOF_VERIFY}"
root="${MC_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
mc="${MC_PROGRAM:-$root/build/microcred}"
harness="$(sh "$root/tests/interop/harness-dir")" || exit 77
created=2025-01-15T09:00:00Z
now=2026-01-01T00:00:00Z
S1=0101010101010101010101010101010101010101010101010101010101010101
S7=0707070707070707070707070707070707070707070707070707070707070707
# From ../shared/interop/README.md, "Known-answer values from the fixed seeds".
KA_RDFC=zGabbfRvxBZHFRea5zTsZtXCXR9hSHQYiBWP7cXXrvHxiqt3GTgESMC8KudHurBNBxFiksneD1Jf6FnqsfbZpPNG
KA_JCS=z2pwV4T43w1sYM9bc8kLc9UQeh2tmXwDv57p9GFQDXN8Akx5TpGLXwE2FRXdaZURGRHgEWJ3PQm5NYjvfmEHTzAE9
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL: $*" >&2
}

node_verify() { (cd "$harness" && node verify.mjs --quiet --now "$now" "$@") >"$tmp/node.out" 2>&1; }
c_verify() { "$drv" "$@" >"$tmp/c.out" 2>&1; }
proof_value() { node -e 'const d=JSON.parse(require("fs").readFileSync(process.argv[1]));const p=[].concat(d.proof);console.log(p[p.length-1].proofValue)' "$1"; }
# One character of credentialSubject.achievement.name changed.
tamper() {
	node -e '
		const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		d.credentialSubject.achievement.name += "!";
		process.stdout.write(JSON.stringify(d, null, 2) + "\n");
	' "$1"
}
# The example with issuer.id set to a did:key (verify.mjs wants issuer == controller).
for_issuer() {
	node -e '
		const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		d.issuer = {...d.issuer, id: process.argv[2]};
		process.stdout.write(JSON.stringify(d, null, 2) + "\n");
	' "$1" "$2"
}

cp "$harness/example-unsigned.json" "$tmp/unsigned.json"
(cd "$harness" && node keygen.mjs --seed $S1 --controller https://example.edu/issuers/565049) >"$tmp/key.json" || exit 1
(cd "$harness" && node keygen.mjs --seed $S1 --controller https://example.edu/issuers/565049 --public) >"$tmp/key.pub.json" || exit 1
(cd "$harness" && node keygen.mjs --seed $S7) >"$tmp/didkey.json" || exit 1
did=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).controller)' "$tmp/didkey.json")
for_issuer "$tmp/unsigned.json" "$did" >"$tmp/unsigned-didkey.json"

for fmt in rdfc jcs; do
	jsflag=""
	[ $fmt = jcs ] && jsflag=--jcs
	# microcred -> node
	if "$mc" sign --key "$tmp/key.json" --format $fmt --created $created "$tmp/unsigned.json" >"$tmp/mc-$fmt.json"; then ok; else bad "microcred sign --format $fmt"; fi
	if node_verify --keys "$tmp/key.pub.json" "$tmp/mc-$fmt.json"; then ok; else bad "node verify.mjs rejects microcred's $fmt credential: $(cat "$tmp/node.out")"; fi
	# byte-identical with the JS reference
	(cd "$harness" && node sign.mjs $jsflag --created $created "$tmp/key.json" "$tmp/unsigned.json") >"$tmp/js-$fmt.json" 2>"$tmp/node.err" || bad "node sign.mjs $jsflag: $(cat "$tmp/node.err")"
	if cmp -s "$tmp/mc-$fmt.json" "$tmp/js-$fmt.json"; then ok; else bad "$fmt: microcred and node sign.mjs wrote different bytes"; fi
	# node -> microcred
	if c_verify --keys "$tmp/key.pub.json" "$tmp/js-$fmt.json"; then ok; else bad "microcred rejects node's $fmt credential: $(cat "$tmp/c.out")"; fi
	# did:key both ways
	"$mc" sign --key "$tmp/didkey.json" --format $fmt --created $created "$tmp/unsigned-didkey.json" >"$tmp/mc-didkey-$fmt.json" || bad "microcred sign did:key $fmt"
	if node_verify "$tmp/mc-didkey-$fmt.json"; then ok; else bad "node rejects microcred's did:key $fmt credential: $(cat "$tmp/node.out")"; fi
	(cd "$harness" && node sign.mjs $jsflag --created $created "$tmp/didkey.json" "$tmp/unsigned-didkey.json") >"$tmp/js-didkey-$fmt.json" 2>"$tmp/node.err"
	if c_verify "$tmp/js-didkey-$fmt.json"; then ok; else bad "microcred rejects node's did:key $fmt credential: $(cat "$tmp/c.out")"; fi
	if cmp -s "$tmp/mc-didkey-$fmt.json" "$tmp/js-didkey-$fmt.json"; then ok; else bad "did:key $fmt: different bytes"; fi
	# tampering
	tamper "$tmp/mc-$fmt.json" >"$tmp/t-mc-$fmt.json"
	if node_verify --keys "$tmp/key.pub.json" "$tmp/t-mc-$fmt.json"; then bad "node accepts a tampered $fmt credential"; else ok; fi
	tamper "$tmp/js-$fmt.json" >"$tmp/t-js-$fmt.json"
	if c_verify --keys "$tmp/key.pub.json" "$tmp/t-js-$fmt.json"; then bad "microcred accepts a tampered $fmt credential"; else
		if grep -q "The signature does not match" "$tmp/c.out"; then ok; else bad "tampered $fmt: no clear message: $(cat "$tmp/c.out")"; fi
	fi
done

# Known answers.
[ "$(proof_value "$tmp/mc-rdfc.json")" = $KA_RDFC ] && ok || bad "rdfc proofValue is not the README's known answer"
[ "$(proof_value "$tmp/mc-jcs.json")" = $KA_JCS ] && ok || bad "jcs proofValue is not the README's known answer"

# A proof set: node's rdfc proof plus microcred's jcs proof by the did:key.
"$mc" sign --key "$tmp/didkey.json" --format jcs --created $created "$tmp/js-rdfc.json" >"$tmp/set.json" || bad "microcred sign (adding to a proof set)"
if c_verify --keys "$tmp/key.pub.json" "$tmp/set.json"; then ok; else bad "microcred rejects the proof set: $(cat "$tmp/c.out")"; fi
[ "$(grep -c '\[ok\]   The signature by' "$tmp/c.out")" = 2 ] && ok || bad "proof set: expected two valid signatures: $(cat "$tmp/c.out")"

echo "proof interop: $pass passed, $fail failed"
[ $fail -eq 0 ]
