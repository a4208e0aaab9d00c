#!/bin/sh
# cli/jcs-errors: bad input to `microcred jcs` gives exit status 2 and exactly one
# line on stderr that names the problem and its place (line/column), never a crash
# and never partial output on stdout.
set -u
prog=${MC_PROGRAM:?MC_PROGRAM must name the microcred binary}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0 count=0

# check NAME EXPECTED-STATUS STDERR-PATTERN, on the input in $tmp/in. (Not fed
# through a pipe: the function would run in a subshell and lose its counts.)
check() {
	name=$1 want=$2 pattern=$3
	count=$((count + 1))
	"$prog" jcs "$tmp/in" >"$tmp/out" 2>"$tmp/err"
	got=$?
	lines=$(wc -l <"$tmp/err")
	msg=$(cat "$tmp/err")
	if [ "$got" -ne "$want" ]; then
		echo "FAIL $name: exit status $got, want $want; stderr: $msg"
		fail=$((fail + 1))
	elif [ "$want" -ne 0 ] && [ "$lines" -ne 1 ]; then
		echo "FAIL $name: want one line on stderr, got $lines: $msg"
		fail=$((fail + 1))
	elif [ "$want" -ne 0 ] && [ -s "$tmp/out" ]; then
		echo "FAIL $name: wrote to stdout although the input is invalid"
		fail=$((fail + 1))
	elif ! printf '%s\n' "$msg" | grep -Eq -- "$pattern"; then
		echo "FAIL $name: stderr does not match /$pattern/: $msg"
		fail=$((fail + 1))
	else
		echo "ok   $name: $msg"
	fi
}

where='in: line [0-9]+, column [0-9]+: '
printf '{"a": [1, 2' >"$tmp/in"; check truncated 2 "${where}unterminated array"
printf '{"a": ' >"$tmp/in"; check truncated-value 2 "${where}unexpected end of input"
printf '{"id": 1,\n "id": 2}' >"$tmp/in"; check duplicate-key 2 "in: line 2, column 2: duplicate key \"id\""
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "["; for (i = 0; i < 10000; i++) printf "]" }' >"$tmp/in"
check deep-arrays 2 "${where}nesting deeper than 512 levels"
printf '{"a\\nb": 1, "a\\nb": 2}' >"$tmp/in"; check duplicate-key-with-newline 2 "${where}duplicate key"
printf '{"bad": "\303\050"}' >"$tmp/in"; check invalid-utf8 2 "in: line 1, column 10: invalid UTF-8"
printf '["\355\240\200"]' >"$tmp/in"; check utf8-surrogate 2 "${where}invalid UTF-8"
printf '["\\ud800"]' >"$tmp/in"; check lone-surrogate 2 "${where}lone UTF-16 surrogate"
printf '\357\273\277{}' >"$tmp/in"; check bom 2 "in: line 1, column 1: byte order mark"
printf '{"a": 1} x' >"$tmp/in"; check trailing-garbage 2 "in: line 1, column 10: unexpected 'x' after the end"
printf '[1,]' >"$tmp/in"; check trailing-comma 2 "${where}trailing comma"
printf '[01]' >"$tmp/in"; check leading-zero 2 "${where}.*leading zeros"
printf '[1e999]' >"$tmp/in"; check huge-number 2 "${where}.*too large"
printf '' >"$tmp/in"; check empty 2 "${where}unexpected end of input"

# Usage errors and a missing file.
count=$((count + 1))
"$prog" jcs a b >"$tmp/out" 2>"$tmp/err"
if [ $? -ne 2 ]; then echo "FAIL two-files: want exit 2"; fail=$((fail + 1)); fi
count=$((count + 1))
"$prog" jcs "$tmp/does-not-exist.json" >"$tmp/out" 2>"$tmp/err"
st=$?
if [ $st -ne 3 ] || ! grep -q "does-not-exist.json" "$tmp/err"; then
	echo "FAIL missing-file: want exit 3 naming the file, got $st: $(cat "$tmp/err")"
	fail=$((fail + 1))
fi
# --help shows an example and exits 0.
count=$((count + 1))
if ! "$prog" jcs --help | grep -q '^Example:'; then echo "FAIL help: no example"; fail=$((fail + 1)); fi
# Valid input still works after all that, and prints no trailing newline.
count=$((count + 1))
out=$(printf '{"b":[-0,1E2,0.1],"a":"\\u00e9"}' | "$prog" jcs -; printf x)
if [ "$out" != '{"a":"é","b":[0,100,0.1]}x' ]; then echo "FAIL valid: got $out"; fail=$((fail + 1)); fi

echo "jcs errors: $((count - fail))/$count passed"
[ "$fail" -eq 0 ]
