#!/bin/sh
# microcred canon must reproduce, byte for byte, the canonical N-Quads the JavaScript
# reference produced for every credential in tests/vectors/canon-credentials, and must
# refuse (exit 2, with a message) the documents the reference refuses in safe mode.
set -u
dir="${MC_SOURCE_DIR:-.}/tests/vectors/canon-credentials"
prog="${MC_PROGRAM:-build/microcred}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
for input in "$dir"/inputs/*.json; do
	name=$(basename "$input" .json)
	"$prog" canon "$input" >"$tmp/out.nq" 2>"$tmp/err.txt"
	rc=$?
	if [ -f "$dir/expected/$name.nq" ]; then
		if [ $rc -eq 0 ] && cmp -s "$tmp/out.nq" "$dir/expected/$name.nq"; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "FAIL $name: exit $rc, $(head -c 300 "$tmp/err.txt")"
			diff "$dir/expected/$name.nq" "$tmp/out.nq" | head -6
		fi
	else
		if [ $rc -eq 2 ] && [ -s "$tmp/err.txt" ]; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "FAIL $name: the reference refuses it in safe mode ($(sed -n 2p "$dir/expected/$name.err" | cut -c1-120)), microcred exited $rc"
		fi
	fi
done
echo "canon-credentials: passed $pass, failed $fail (of $((pass + fail)))"
[ $fail -eq 0 ]
