#!/bin/sh
# cli/jsonld: `microcred jsonld expand|torrdf` prints the expanded form / N-Quads,
# fails with exit status 2 and one line naming the JSON path in safe mode, and
# rejects bad usage with status 2.
set -u
prog=${MC_PROGRAM:?MC_PROGRAM must name the microcred binary}
vec=tests/vectors/jsonld-safe
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0 count=0

# run NAME WANT-STATUS STDOUT-PATTERN STDERR-PATTERN ARGS...
run() {
	name=$1 want=$2 outpat=$3 errpat=$4
	shift 4
	count=$((count + 1))
	"$prog" jsonld "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL $name: exit status $got, want $want; stderr: $(cat "$tmp/err")"
		fail=$((fail + 1))
	elif [ -n "$outpat" ] && ! grep -Eq -- "$outpat" "$tmp/out"; then
		echo "FAIL $name: stdout does not match /$outpat/"
		fail=$((fail + 1))
	elif [ -n "$errpat" ] && ! grep -Eq -- "$errpat" "$tmp/err"; then
		echo "FAIL $name: stderr does not match /$errpat/: $(cat "$tmp/err")"
		fail=$((fail + 1))
	elif [ "$want" -ne 0 ] && [ "$name" = "${name#usage-}" ] && [ "$(wc -l <"$tmp/err")" -ne 1 ]; then
		echo "FAIL $name: want exactly one line on stderr: $(cat "$tmp/err")"
		fail=$((fail + 1))
	fi
}

run expand-ob3 0 '"https://purl.imsglobal.org/spec/vc/ob/vocab.html#achievement"' '' expand --safe "$vec/baseline.json"
run torrdf-ob3 0 '<https://www.w3.org/2018/credentials#issuer> <https://example.edu/issuers/565049>' '' \
	torrdf --safe "$vec/baseline.json"
run safe-undefined-term 2 '' "term 'gpa' at \\\$\\.gpa is not defined" expand --safe "$vec/undefined-top-level-term.json"
run safe-relative-id 2 '' 'at \$\.credentialSubject\.achievement\.id' expand --safe "$vec/relative-achievement-id.json"
run unsafe-drops 0 '"@value": "3.9"' '' expand "$vec/undefined-term+undefined-terms-ctx.json"
printf '{"@context": "https://example.com/ctx", "a": 1}' >"$tmp/remote.json"
run unknown-context 2 '' 'https://example.com/ctx is not built in.*does not fetch contexts' expand "$tmp/remote.json"
printf '{"@context": {"name": "https://schema.org/name"}}' >"$tmp/ctx.json"
printf '{"name": "Ada", "@id": "doc"}' >"$tmp/plain.json"
run base-and-expand-context 0 '"@id": "https://ex.org/base/doc"' '' expand --base https://ex.org/base/x \
	--expand-context "$tmp/ctx.json" "$tmp/plain.json"
run usage-no-subcommand 2 '' 'missing subcommand' --safe
run usage-bad-subcommand 2 '' "unknown subcommand 'compact'" compact "$vec/baseline.json"
run usage-no-file 2 '' 'needs a FILE' expand
run missing-file 3 '' 'no-such-file' expand "$tmp/no-such-file.json"
printf '{"a": 1,}' >"$tmp/bad.json"
run bad-json 2 '' 'line 1' expand "$tmp/bad.json"
"$prog" jsonld --help >"$tmp/out" 2>&1 && grep -q 'Example' "$tmp/out" || { echo "FAIL help: no example"; fail=$((fail + 1)); }
count=$((count + 1))

echo "cli/jsonld: $((count - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
