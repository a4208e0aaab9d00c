#!/bin/sh
# Bitstring Status List interop with the JS reference (../shared/interop), both ways.
#   node -> microcred: a list from `node statuslist.mjs KEY --id URL --set I,J` has
#     exactly bits I and J set in `microcred status get`, and `microcred status check`
#     revokes a credential at I (the list's eddsa-rdfc-2022 or eddsa-jcs-2022 proof
#     verified) and passes one at another index;
#   microcred -> node: a list from `microcred status new/set --key` (signed
#     eddsa-rdfc-2022, or jcs) makes `node verify.mjs --status` reject a credential
#     `node sign.mjs` signed at a set index (exit 3) and accept it once cleared (exit 0);
#   the same verdict from both on: revoked, not revoked, an expired list, a list signed
#     by someone else, a suspension list for a revocation entry;
#   `microcred status new` and statuslist.mjs write the same bytes.
# Exit 0 all passed, 1 a failure, 77 harness or node missing.
set -u
root="${MC_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
mc="${MC_PROGRAM:-$root/build/microcred}"
harness="$(sh "$root/tests/interop/harness-dir")" || exit 77
S1=0101010101010101010101010101010101010101010101010101010101010101
S7=0707070707070707070707070707070707070707070707070707070707070707
URL=https://example.edu/status/revocation/1
NOW=2026-01-01T00:00:00Z
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL: $*" >&2
}
node_in() { (cd "$harness" && node "$@"); }
# Exit status of node verify.mjs (0 verified, 3 not) for credential $2 against list $1.
node_verdict() { node_in verify.mjs --quiet --keys "$tmp/key.pub.json" --status "$1" "$2" >"$tmp/node.out" 2>&1; echo $?; }
# Exit status of microcred status check (0 fine, 1 not) for credential $2 against list $1.
mc_verdict() { "$mc" status check --keys "$tmp/key.pub.json" --status "$1" --now $NOW "$2" >"$tmp/mc.out" 2>&1; echo $?; }
# The harness example with credentialStatus at index $1 of $URL (purpose $2), signed by node.
signed_at() {
	node -e '
		const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		d.credentialStatus.statusListIndex = process.argv[2];
		d.credentialStatus.id = process.argv[4] + "#" + process.argv[2];
		d.credentialStatus.statusPurpose = process.argv[3];
		d.credentialStatus.statusListCredential = process.argv[4];
		process.stdout.write(JSON.stringify(d, null, 2) + "\n");
	' "$harness/example-unsigned.json" "$1" "$2" "$URL" >"$tmp/u-$1-$2.json"
	node_in sign.mjs --created 2025-01-15T09:00:00Z "$tmp/key.json" "$tmp/u-$1-$2.json" >"$tmp/s-$1-$2.json" || bad "node sign.mjs (index $1)"
	echo "$tmp/s-$1-$2.json"
}
same() { # NAME LIST CRED WANT(0 fine / 1 not)
	n=$(node_verdict "$2" "$3")
	m=$(mc_verdict "$2" "$3")
	want_node=0
	[ "$4" = 1 ] && want_node=3
	if [ "$n" = "$want_node" ]; then ok; else bad "$1: node verify.mjs exit $n, want $want_node: $(cat "$tmp/node.out")"; fi
	if [ "$m" = "$4" ]; then ok; else bad "$1: microcred status check exit $m, want $4: $(cat "$tmp/mc.out")"; fi
}

node_in keygen.mjs --seed $S1 --controller https://example.edu/issuers/565049 >"$tmp/key.json" || exit 1
node_in keygen.mjs --seed $S1 --controller https://example.edu/issuers/565049 --public >"$tmp/key.pub.json" || exit 1
node_in keygen.mjs --seed $S7 --controller https://example.edu/issuers/565049 >"$tmp/other-key.json" || exit 1

# ---- node -> microcred ----
for fmt in rdfc jcs; do
	jsflag=""
	[ $fmt = jcs ] && jsflag=--jcs
	node_in statuslist.mjs $jsflag "$tmp/key.json" --id $URL --set 94567,3 --valid-from 2025-01-01T00:00:00Z \
		>"$tmp/js-$fmt.json" || bad "node statuslist.mjs $jsflag"
	if "$mc" status get "$tmp/js-$fmt.json" 94567 3 94566 4 0 131071 >"$tmp/get.out" &&
		[ "$(tr '\n' ' ' <"$tmp/get.out")" = "94567 1 3 1 94566 0 4 0 0 0 131071 0 " ]; then ok; else bad "$fmt: microcred reads node's bits as: $(cat "$tmp/get.out")"; fi
	if "$mc" status get "$tmp/js-$fmt.json" | grep -qx "set: 2"; then ok; else bad "$fmt: node's list does not have exactly 2 bits set in microcred"; fi
	revoked=$(signed_at 94567 revocation)
	fine=$(signed_at 94566 revocation)
	same "node $fmt list, revoked index" "$tmp/js-$fmt.json" "$revoked" 1
	same "node $fmt list, other index" "$tmp/js-$fmt.json" "$fine" 0
	grep -q "has not been revoked (checked against $URL, list updated 2025-01-01T00:00:00Z)" "$tmp/mc.out" && ok || bad "$fmt: sentence: $(cat "$tmp/mc.out")"
done

# ---- microcred -> node ----
for fmt in rdfc jcs; do
	"$mc" status new --key "$tmp/key.json" --format $fmt --id $URL --valid-from 2025-01-01T00:00:00Z -o "$tmp/mc-$fmt.json" || bad "microcred status new --format $fmt"
	same "microcred $fmt list, nothing set" "$tmp/mc-$fmt.json" "$revoked" 0
	"$mc" status set "$tmp/mc-$fmt.json" 94567 --key "$tmp/key.json" --format $fmt --valid-from 2025-02-01T00:00:00Z || bad "microcred status set ($fmt)"
	same "microcred $fmt list, 94567 revoked" "$tmp/mc-$fmt.json" "$revoked" 1
	same "microcred $fmt list, 94566 untouched" "$tmp/mc-$fmt.json" "$fine" 0
	"$mc" status set "$tmp/mc-$fmt.json" 94567 --clear --key "$tmp/key.json" --format $fmt --valid-from 2025-03-01T00:00:00Z || bad "microcred status set --clear ($fmt)"
	same "microcred $fmt list, 94567 reinstated" "$tmp/mc-$fmt.json" "$revoked" 0
done

# ---- the same bytes ----
node_in statuslist.mjs "$tmp/key.json" --id $URL --set 94567 --valid-from 2025-01-01T00:00:00Z \
	--created 2025-01-02T00:00:00Z >"$tmp/js-fixed.json"
"$mc" status new --key "$tmp/key.json" --id $URL --set 94567 --valid-from 2025-01-01T00:00:00Z \
	--created 2025-01-02T00:00:00Z -o "$tmp/mc-fixed.json"
if cmp -s "$tmp/js-fixed.json" "$tmp/mc-fixed.json"; then ok; else bad "microcred status new and statuslist.mjs wrote different bytes"; fi

# ---- same verdicts on lists that must not be trusted or do not apply ----
"$mc" status new --key "$tmp/key.json" --id $URL --valid-from 2024-01-01T00:00:00Z --valid-until 2025-06-01T00:00:00Z -o "$tmp/expired.json"
same "expired list" "$tmp/expired.json" "$fine" 1
# Same issuer URL, but signed with a key the verifier was not given (seed 07).
"$mc" status new --key "$tmp/other-key.json" --id $URL --valid-from 2025-01-01T00:00:00Z -o "$tmp/other.json"
same "list signed by an untrusted key" "$tmp/other.json" "$fine" 1
node_in statuslist.mjs "$tmp/key.json" --id $URL --purpose suspension --valid-from 2025-01-01T00:00:00Z >"$tmp/susp.json"
same "suspension list for a revocation entry" "$tmp/susp.json" "$fine" 1
suspended=$(signed_at 94567 suspension)
node_in statuslist.mjs "$tmp/key.json" --id $URL --purpose suspension --set 94567 --valid-from 2025-01-01T00:00:00Z >"$tmp/susp-set.json"
same "suspended" "$tmp/susp-set.json" "$suspended" 1
grep -q "suspended" "$tmp/mc.out" && ok || bad "suspension sentence: $(cat "$tmp/mc.out")"

echo "status interop: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
