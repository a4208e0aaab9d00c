#!/bin/sh
# Baked badges against the JS reference (../shared/interop):
#   - credentials signed by `node sign.mjs` and by `microcred sign` (eddsa-rdfc-2022,
#     eddsa-jcs-2022, VC-JWT), baked by `microcred bake` into PNG and SVG and taken out
#     by `microcred unbake`, verify in `node verify.mjs` and in `microcred verify`;
#   - a credential changed inside the baked SVG is rejected by both;
#   - the 1EdTech baked samples get the same verdict from both (their fragment key
#     given to both as a key file).
# Exit 0 all passed, 1 a failure, 77 harness or node missing.
set -u
root="${MC_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
mc="${MC_PROGRAM:-$root/build/microcred}"
harness="$(sh "$root/tests/interop/harness-dir")" || exit 77
b="$root/tests/vectors/bake"
created=2025-01-15T09:00:00Z
now=2026-01-01T00:00:00Z
S1=0101010101010101010101010101010101010101010101010101010101010101
ctl=https://example.edu/issuers/565049
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
c_verify() { "$mc" verify --offline --now "$now" "$@" >"$tmp/c.out" 2>&1; }

if ! (cd "$harness" && node keygen.mjs --seed $S1 --controller $ctl) >"$tmp/key.json" 2>"$tmp/err" ||
	! (cd "$harness" && node keygen.mjs --seed $S1 --controller $ctl --public) >"$tmp/pub.json" 2>>"$tmp/err"; then
	echo "FAIL: keygen.mjs: $(cat "$tmp/err")" >&2
	exit 1
fi
unsigned="$harness/example-unsigned.json"
sign_all() {
	(cd "$harness" && node sign.mjs --created $created "$tmp/key.json" "$unsigned") >"$tmp/js-rdfc.json" &&
		(cd "$harness" && node sign.mjs --jcs --created $created "$tmp/key.json" "$unsigned") >"$tmp/js-jcs.json" &&
		(cd "$harness" && node sign.mjs --jwt "$tmp/key.json" "$unsigned") >"$tmp/js.jwt" &&
		"$mc" sign --key "$tmp/key.json" --created $created "$unsigned" >"$tmp/c-rdfc.json" &&
		"$mc" sign --key "$tmp/key.json" --format jcs --created $created "$unsigned" >"$tmp/c-jcs.json" &&
		"$mc" sign --key "$tmp/key.json" --format jwt "$unsigned" >"$tmp/c.jwt"
}
if ! sign_all 2>"$tmp/err"; then
	echo "FAIL: signing: $(cat "$tmp/err")" >&2
	exit 1
fi

for img in bakery/unbaked.png bakery/unbaked.svg 1edtech/simple-json.png 1edtech/simple-jwt.svg; do
	ext=${img##*.}
	for cred in js-rdfc.json js-jcs.json js.jwt c-rdfc.json c-jcs.json c.jwt; do
		name="$cred in $img"
		if ! "$mc" bake -o "$tmp/baked.$ext" "$b/$img" "$tmp/$cred" 2>"$tmp/err"; then
			bad "$name: bake: $(cat "$tmp/err")"
			continue
		fi
		if ! "$mc" unbake -o "$tmp/out.txt" "$tmp/baked.$ext" 2>"$tmp/err"; then
			bad "$name: unbake: $(cat "$tmp/err")"
			continue
		fi
		if node_verify --keys "$tmp/pub.json" "$tmp/out.txt"; then ok; else
			bad "$name: node rejects the unbaked credential: $(cat "$tmp/node.out")"
		fi
		if c_verify --keys "$tmp/pub.json" "$tmp/out.txt"; then ok; else
			bad "$name: microcred rejects the unbaked credential: $(cat "$tmp/c.out")"
		fi
	done
done

# Tampering inside the baked image.
"$mc" bake -o "$tmp/t.svg" "$b/bakery/unbaked.svg" "$tmp/js-rdfc.json" 2>/dev/null
sed 's/Memory-Safe/Memory-Unsafe/' "$tmp/t.svg" >"$tmp/t2.svg"
if cmp -s "$tmp/t.svg" "$tmp/t2.svg"; then bad "tampering changed nothing"; fi
"$mc" unbake -o "$tmp/t.txt" "$tmp/t2.svg"
if node_verify --keys "$tmp/pub.json" "$tmp/t.txt"; then bad "node accepts a tampered baked credential"; else ok; fi
c_verify --keys "$tmp/pub.json" "$tmp/t.txt"
if [ $? -eq 1 ]; then ok; else bad "microcred accepts a tampered baked credential: $(cat "$tmp/c.out")"; fi

# The 1EdTech samples: the same verdict from both. Their key is named by its own
# fragment; handing it over as a key file lets both check it without that rule.
cat >"$tmp/1edtech-key.json" <<'KEY'
{
  "@context": "https://w3id.org/security/multikey/v1",
  "id": "https://example.com/issuers/876543#z6MkrvfzkMnvCroEUP2DVc9SHPE48CRsvHiVSusHioxTYu1x",
  "type": "Multikey",
  "controller": "https://example.com/issuers/876543",
  "publicKeyMultibase": "z6MkrvfzkMnvCroEUP2DVc9SHPE48CRsvHiVSusHioxTYu1x"
}
KEY
for s in simple-json.png:0 simple-json.svg:0 simple-jwt_v1.png:0 simple-jwt_v1.svg:0 simple-jwt.png:1 simple-jwt.svg:1; do
	f=${s%:*}
	want=${s#*:}
	"$mc" unbake -o "$tmp/s.txt" "$b/1edtech/$f"
	node_verify --keys "$tmp/1edtech-key.json" "$tmp/s.txt"
	nrc=$?
	c_verify --keys "$tmp/1edtech-key.json" "$tmp/s.txt"
	crc=$?
	# node: 0 verified, 3 not; microcred: 0 verified, 1 not.
	if [ "$want" -eq 0 ] && [ $nrc -eq 0 ] && [ $crc -eq 0 ]; then ok
	elif [ "$want" -eq 1 ] && [ $nrc -eq 3 ] && [ $crc -eq 1 ]; then ok
	else bad "$f: want $([ "$want" -eq 0 ] && echo verified || echo rejected) by both, node exit $nrc, microcred exit $crc: $(cat "$tmp/node.out" "$tmp/c.out" | head -30)"
	fi
done

echo "bake interop: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
