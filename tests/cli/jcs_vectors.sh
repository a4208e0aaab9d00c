#!/bin/sh
# cli/jcs-vectors: `microcred jcs` reproduces every cyberphone/json-canonicalization
# output file byte for byte (tests/vectors/jcs-rfc8785), and each output file agrees
# with its hex dump in outhex/.
set -u
prog=${MC_PROGRAM:?MC_PROGRAM must name the microcred binary}
dir=${MC_SOURCE_DIR:-.}/tests/vectors/jcs-rfc8785
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

pass=0 fail=0 count=0
for input in "$dir"/input/*.json; do
	name=$(basename "$input" .json)
	count=$((count + 1))
	expected="$dir/output/$name.json"
	# outhex is the independent statement of the expected bytes.
	tr -d ' \n\r' <"$dir/outhex/$name.txt" >"$tmp/$name.hex"
	od -An -v -tx1 "$expected" | tr -d ' \n' >"$tmp/$name.outhex"
	if ! cmp -s "$tmp/$name.hex" "$tmp/$name.outhex"; then
		echo "FAIL $name: output/$name.json does not match outhex/$name.txt (vector copy damaged?)"
		fail=$((fail + 1))
		continue
	fi
	if ! "$prog" jcs "$input" >"$tmp/$name.out" 2>"$tmp/$name.err"; then
		echo "FAIL $name: microcred jcs exited with status $?: $(cat "$tmp/$name.err")"
		fail=$((fail + 1))
		continue
	fi
	if cmp -s "$tmp/$name.out" "$expected"; then
		pass=$((pass + 1))
	else
		echo "FAIL $name: output differs from output/$name.json"
		echo "  expected: $(cat "$expected")"
		echo "  got:      $(cat "$tmp/$name.out")"
		fail=$((fail + 1))
	fi
	# The same through standard input.
	if ! "$prog" jcs - <"$input" | cmp -s - "$expected"; then
		echo "FAIL $name: output through standard input differs"
		fail=$((fail + 1))
	fi
done
echo "jcs vectors: $pass/$count passed"
[ "$count" -gt 0 ] && [ "$fail" -eq 0 ]
