#!/bin/sh
# cli/status: `microcred status new|set|get|check` on tests/vectors/status.
#   - new with the interop key, id, --set and fixed times writes exactly the file the
#     reference's statuslist.mjs wrote (interop/js-list-94567.json);
#   - set revokes / --clear un-revokes in place, re-signing with --key, and check
#     follows (exit 1 revoked, 0 not revoked); without --key the stale proof goes,
#     with a warning;
#   - get prints INDEX VALUE lines and a summary;
#   - refusals: fewer than 131,072 entries (herd privacy), bad index, out of range,
#     missing options — one line on stderr, exit 2, nothing on stdout.
set -u
prog=${MC_PROGRAM:?MC_PROGRAM must name the microcred binary}
root=${MC_SOURCE_DIR:-.}
V=$root/tests/vectors/status
URL=https://example.edu/status/revocation/1
NOW=2026-01-01T00:00:00Z
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0 count=0

ok() { count=$((count + 1)); echo "ok   $1"; }
bad() { count=$((count + 1)); fail=$((fail + 1)); echo "FAIL $1"; }

# expect NAME WANT-STATUS COMMAND... : exit status only (stdout kept in $tmp/out).
expect() {
	name=$1 want=$2
	shift 2
	"$prog" "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok "$name"; else bad "$name: exit $got, want $want: $(head -n 2 "$tmp/err")"; fi
}

# refuse NAME PATTERN COMMAND... : exit 2, one line (plus the --help hint), nothing on stdout.
refuse() {
	name=$1 pattern=$2
	shift 2
	"$prog" "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	lines=$(grep -cv "^Run 'microcred .* --help' for usage\.$" "$tmp/err")
	msg=$(head -n 1 "$tmp/err")
	if [ "$got" -ne 2 ]; then bad "$name: exit $got, want 2: $msg"
	elif [ "$lines" -ne 1 ]; then bad "$name: $lines lines on stderr: $msg"
	elif [ -s "$tmp/out" ]; then bad "$name: wrote to stdout"
	elif ! printf '%s\n' "$msg" | grep -Eq -- "$pattern"; then bad "$name: /$pattern/ not in: $msg"
	else ok "$name: $msg"; fi
}

# A credential of the interop issuer pointing at index $1 of $URL.
cred() {
	cat <<JSON
{"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:uuid:1", "type": ["VerifiableCredential"],
 "issuer": "https://example.edu/issuers/565049", "credentialSubject": {"id": "did:example:1"},
 "credentialStatus": {"id": "$URL#$1", "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
 "statusListIndex": "$1", "statusListCredential": "$URL"}}
JSON
}
cred 94567 >"$tmp/c94567.json"
cred 5 >"$tmp/c5.json"

# help with an example
expect "help" 0 status --help
if grep -q "Example" "$tmp/out" && grep -q "microcred status new" "$tmp/out"; then ok "help has examples"; else bad "help has no example"; fi

# new, byte-identical with the reference
expect "new signed" 0 status new --key "$V/interop/issuer-key.json" --id $URL --set 94567 \
	--valid-from 2025-01-01T00:00:00Z --created 2025-01-02T00:00:00Z -o "$tmp/list.json"
if cmp -s "$tmp/list.json" "$V/interop/js-list-94567.json"; then ok "new = statuslist.mjs byte for byte"; else bad "new differs from statuslist.mjs"; fi

# get
expect "get" 0 status get "$tmp/list.json" 94567 94566 0 131071
if [ "$(cat "$tmp/out")" = "94567 1
94566 0
0 0
131071 0" ]; then ok "get values"; else bad "get printed: $(cat "$tmp/out")"; fi
expect "get summary" 0 status get "$tmp/list.json"
if grep -qx "entries: 131072" "$tmp/out" && grep -qx "set: 1" "$tmp/out" && grep -qx "94567 1" "$tmp/out"; then ok "get summary"; else bad "get summary: $(cat "$tmp/out")"; fi

# check against the list
expect "check revoked" 1 status check "$tmp/c94567.json" --status "$tmp/list.json" --keys "$V/interop/issuer-key.pub.json" --now $NOW
grep -q "The issuer has revoked this credential" "$tmp/out" && ok "revoked sentence" || bad "revoked sentence: $(cat "$tmp/out")"
expect "check fine" 0 status check "$tmp/c5.json" --status "$tmp/list.json" --keys "$V/interop/issuer-key.pub.json" --now $NOW
grep -q "has not been revoked (checked against $URL, list updated 2025-01-01T00:00:00Z)" "$tmp/out" && ok "fine sentence" || bad "fine sentence: $(cat "$tmp/out")"
expect "check --json" 1 status check --json "$tmp/c94567.json" --status "$tmp/list.json" --keys "$V/interop/issuer-key.pub.json" --now $NOW
grep -q '"verified": false' "$tmp/out" && grep -q '"id": "status.revocation"' "$tmp/out" && ok "json report" || bad "json report: $(cat "$tmp/out")"
expect "check without keys: list not trusted" 1 status check "$tmp/c5.json" --status "$tmp/list.json" --now $NOW
expect "check offline: skipped" 0 status check "$tmp/c5.json"
grep -q "skip" "$tmp/out" && ok "skipped shown" || bad "skipped not shown: $(cat "$tmp/out")"

# set / clear in place, re-signed
expect "set 5" 0 status set "$tmp/list.json" 5 --key "$V/interop/issuer-key.json" --valid-from 2025-02-01T00:00:00Z
expect "check 5 now revoked" 1 status check "$tmp/c5.json" --status "$tmp/list.json" --keys "$V/interop/issuer-key.pub.json" --now $NOW
expect "clear 94567" 0 status set "$tmp/list.json" 94567 --clear --key "$V/interop/issuer-key.json" --valid-from 2025-03-01T00:00:00Z
expect "check 94567 reinstated" 0 status check "$tmp/c94567.json" --status "$tmp/list.json" --keys "$V/interop/issuer-key.pub.json" --now $NOW
expect "get after set" 0 status get "$tmp/list.json" 5 94567
[ "$(cat "$tmp/out")" = "5 1
94567 0" ] && ok "bits after set" || bad "bits after set: $(cat "$tmp/out")"
# without a key: the stale proof is removed, with a warning; -o leaves the input alone
cp "$tmp/list.json" "$tmp/before.json"
expect "set unsigned" 0 status set "$tmp/list.json" 7 -o "$tmp/unsigned.json"
grep -q "proof no longer matched" "$tmp/err" && ok "warns about the removed proof" || bad "no warning: $(cat "$tmp/err")"
cmp -s "$tmp/list.json" "$tmp/before.json" && ok "-o leaves the input unchanged" || bad "-o changed the input"
grep -q '"proof"' "$tmp/unsigned.json" && bad "unsigned list still has a proof" || ok "unsigned list has no proof"

# samples: the 1EdTech list (index as a number, another URL) and a short DCC list
expect "1edtech list" 0 status get "$V/1edtech/testlist.json" 23 22
[ "$(cat "$tmp/out")" = "23 1
22 0" ] && ok "1edtech bit 23" || bad "1edtech bits: $(cat "$tmp/out")"
expect "dcc short list" 0 status get "$V/dcc/list-e5WK8CbZ1GjycuPombrj.json"
grep -q "fewer than the 131,072" "$tmp/err" && ok "short list warns" || bad "short list did not warn"
grep -qx "entries: 100000" "$tmp/out" && ok "dcc 100000 entries" || bad "dcc summary: $(cat "$tmp/out")"
expect "dcc revoked (other issuer allowed)" 1 status check "$V/dcc/cred-revokedStatus.json" --allow-other-issuer --now $NOW \
	--status "https://digitalcredentials.github.io/vc-test-fixtures/statusLists/didkey-ed25519Signature2020/e5WK8CbZ1GjycuPombrj=$V/dcc/list-e5WK8CbZ1GjycuPombrj.json"
expect "dcc valid (other issuer allowed)" 0 status check "$V/dcc/cred-validStatus.json" --allow-other-issuer --now $NOW \
	--status "https://digitalcredentials.github.io/vc-test-fixtures/statusLists/didkey-ed25519Signature2020/e5WK8CbZ1GjycuPombrj=$V/dcc/list-e5WK8CbZ1GjycuPombrj.json"
expect "dcc valid (issuers differ)" 1 status check "$V/dcc/cred-validStatus.json" --now $NOW \
	--status "https://digitalcredentials.github.io/vc-test-fixtures/statusLists/didkey-ed25519Signature2020/e5WK8CbZ1GjycuPombrj=$V/dcc/list-e5WK8CbZ1GjycuPombrj.json"

# refusals
refuse "herd privacy" "131,072.*herd privacy" status new --issuer https://example.edu/i --id $URL --size 1000
refuse "size multiple of 8" "multiple of 8" status new --issuer https://example.edu/i --id $URL --size 131073
refuse "new needs --id" "--id URL is required" status new --issuer https://example.edu/i
refuse "new needs key or issuer" "--key KEY.json" status new --id $URL
refuse "bad index" "not an index" status set "$tmp/list.json" 12x
refuse "out of range" "outside the status list" status get "$tmp/list.json" 131072
refuse "not a list" "BitstringStatusListCredential" status get "$tmp/c5.json" 1
refuse "unknown subcommand" "unknown subcommand" status frob
refuse "unknown option" "unknown option" status get --frob "$tmp/list.json"
refuse "bad --now" "--now" status check "$tmp/c5.json" --now yesterday

echo "$((count - fail)) of $count passed"
[ "$fail" -eq 0 ]
