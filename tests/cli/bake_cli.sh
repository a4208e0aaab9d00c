#!/bin/sh
# microcred bake / unbake through the command line (tests/vectors/bake, credentials
# signed by the JS reference in tests/vectors/verify):
#   - bake -> unbake -> `microcred verify` for JSON (Data Integrity) and VC-JWT in PNG
#     and SVG, through files and through a pipe; unbake gives back the credential;
#   - the 1EdTech baked samples unbake and verify as the reference says they should
#     (the JSON ones with --trust-fragment-keys; simple-jwt lacks the "sub" claim that
#     OB 3.0 section 8.2 requires, and the JS reference rejects it too);
#   - the Mozilla bakery samples (Open Badges 2.0) unbake;
#   - corrupt PNGs and hostile SVGs give exit 2 and a clear one-line error.
set -u
prog="${MC_PROGRAM:-build/microcred}"
root="${MC_SOURCE_DIR:-.}"
b="$root/tests/vectors/bake"
v="$root/tests/vectors/verify"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

# expect STATUS GREP-PATTERN ARGS...: runs microcred ARGS, checks the exit status and
# that stdout + stderr match the pattern.
expect() {
	want=$1
	pattern=$2
	shift 2
	"$prog" "$@" >"$tmp/out" 2>&1
	rc=$?
	if [ "$rc" -eq "$want" ] && { [ -z "$pattern" ] || grep -q -- "$pattern" "$tmp/out"; }; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: microcred $*: want exit $want and /$pattern/, got exit $rc:"
		sed 's/^/    /' "$tmp/out" | head -20
	fi
}

check() {
	if "$@"; then pass=$((pass + 1)); else
		fail=$((fail + 1))
		echo "FAIL: $*"
	fi
}

K="--keys $v/issuer-key.pub.json"
expect 0 "Examples:" bake --help
expect 0 "Examples:" unbake --help
expect 2 "give the output file with -o" bake "$b/bakery/unbaked.png" "$v/signed.jwt"
expect 2 "give one IMAGE" unbake
expect 3 "nonexistent" unbake "$tmp/nonexistent.png"

# Round trips: bake, unbake, verify.
for img in bakery/unbaked.png bakery/unbaked.svg 1edtech/simple-json.png 1edtech/simple-jwt.svg; do
	ext=${img##*.}
	for cred in signed-rdfc.json signed-jcs.json signed.jwt; do
		out="$tmp/baked.$ext"
		expect 0 "" bake -o "$out" "$b/$img" "$v/$cred"
		expect 0 "" unbake -o "$tmp/unbaked.txt" "$out"
		# Exactly the credential (its file's final newline is not part of it).
		printf '%s' "$(cat "$v/$cred")" >"$tmp/want.txt"
		check cmp -s "$tmp/want.txt" "$tmp/unbaked.txt"
		expect 0 "VERIFIED" verify --offline $K "$tmp/unbaked.txt"
		"$prog" unbake "$out" >"$tmp/piped.txt" 2>&1
		expect 0 "VERIFIED" verify --offline $K "$tmp/piped.txt"
	done
done
# Replacing: the note, and still one badge.
expect 0 "already carried a badge; it was replaced" bake -o "$tmp/re.png" "$b/1edtech/simple-json.png" "$v/signed.jwt"
expect 0 '"form": "png-itxt-ob3"' unbake --json "$tmp/re.png"
expect 0 '"kind": "jws"' unbake --json "$tmp/re.png"
expect 0 "already carried a badge" bake -o "$tmp/re.svg" "$b/bakery/baked.svg" "$v/signed-rdfc.json"
expect 0 '"form": "svg-ob3"' unbake --json "$tmp/re.svg"
check test "$(grep -o '<openbadges:credential' "$tmp/re.svg" | wc -l)" -eq 1
check test "$(grep -c 'openbadges:assertion' "$tmp/re.svg")" -eq 0
# Standard output and standard input.
"$prog" bake -o - "$b/bakery/unbaked.svg" "$v/signed.jwt" >"$tmp/stdout.svg" 2>"$tmp/err"
check grep -q 'verify="eyJ' "$tmp/stdout.svg"
expect 0 "eyJ" unbake - <"$tmp/stdout.svg"

# The 1EdTech samples.
for s in simple-json.png simple-json.svg; do
	"$prog" unbake -o "$tmp/s.txt" "$b/1edtech/$s"
	expect 0 "VERIFIED (eddsa-rdfc-2022)" verify --offline --trust-fragment-keys "$tmp/s.txt"
	expect 1 "NOT VERIFIED" verify --offline "$tmp/s.txt"
done
for s in simple-jwt_v1.png simple-jwt_v1.svg; do
	"$prog" unbake -o "$tmp/s.txt" "$b/1edtech/$s"
	expect 0 "VERIFIED (vc-jwt)" verify --offline "$tmp/s.txt"
done
for s in simple-jwt.png simple-jwt.svg; do
	"$prog" unbake -o "$tmp/s.txt" "$b/1edtech/$s"
	expect 1 'no "sub" claim' verify --offline "$tmp/s.txt"
	expect 1 "signature is valid" verify --offline "$tmp/s.txt" # only the claim fails
done
expect 0 '"form": "png-itxt-ob2"' unbake --json "$b/1edtech/ob20-simple-badge.png"
expect 0 '"@context":"https://w3id.org/openbadges/v2"' unbake "$b/1edtech/ob20-simple-badge.png"

# The Mozilla bakery samples (Open Badges 2.0 SVG).
expect 0 '^{"verify":{"url":"http://example.org"}}$' unbake "$b/bakery/baked.svg"
expect 0 '"verify": "http://example.org"' unbake --json "$b/bakery/baked.svg"
expect 0 '^{verify:' unbake "$b/bakery/bad-json.svg"
expect 0 '"kind": "url"' unbake --json "$b/bakery/no-json.svg"
expect 2 "carries no badge" unbake "$b/bakery/unbaked.svg"
expect 2 "carries no badge" unbake "$b/bakery/unbaked.png"

# Hostile SVGs: refused, never expanded or fetched.
for h in billion-laughs xxe-system xxe-url parameter-entity; do
	expect 2 "refuses DTD declarations" unbake "$b/hostile/$h.svg"
	expect 2 "refuses DTD declarations" bake -o "$tmp/h.svg" "$b/hostile/$h.svg" "$v/signed.jwt"
done
check test ! -e "$tmp/h.svg"
expect 2 "&fromdtd; which is not declared" unbake "$b/hostile/external-dtd-entity.svg"
expect 2 "only text or CDATA" unbake "$b/hostile/xinclude.svg"
expect 0 "urn:example:pi-test" unbake "$b/hostile/stylesheet-pi.svg"

# Corrupt PNGs.
png="$b/1edtech/ob20-simple-badge.png"
size=$(wc -c <"$png")
head -c $((size - 20)) "$png" >"$tmp/trunc.png"
expect 2 "truncated" unbake "$tmp/trunc.png"
cp "$png" "$tmp/crc.png"
printf 'X' | dd of="$tmp/crc.png" bs=1 seek=600 conv=notrunc 2>/dev/null
expect 2 "bad CRC" unbake "$tmp/crc.png"
expect 2 "bad CRC" bake -o "$tmp/never.png" "$tmp/crc.png" "$v/signed.jwt"
check test ! -e "$tmp/never.png"
cp "$png" "$tmp/huge.png"
printf '\377\377\377\360' | dd of="$tmp/huge.png" bs=1 seek=33 conv=notrunc 2>/dev/null
expect 2 "claims" unbake "$tmp/huge.png"

# Not an image, not a credential.
expect 2 "not a PNG or SVG" unbake "$v/signed-rdfc.json"
expect 2 "neither a PNG nor an SVG" bake -o "$tmp/x" "$v/signed-rdfc.json" "$v/signed.jwt"
printf 'hello\n' >"$tmp/hello.txt"
expect 2 "hello.txt: the credential is neither" bake -o "$tmp/x" "$b/bakery/unbaked.png" "$tmp/hello.txt"
printf '{"a": }' >"$tmp/bad.json"
expect 2 "bad.json: the credential is not valid JSON" bake -o "$tmp/x" "$b/bakery/unbaked.svg" "$tmp/bad.json"

echo "bake cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
