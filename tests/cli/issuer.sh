#!/bin/sh
# microcred init / issuer / staff end to end on a real SQLite file: creation with
# did:key and did:web, key rotation keeping retired keys, DID documents, keys in the
# verify --keys shape, roles, and specific errors that change nothing.
set -u
prog="${MC_PROGRAM:-build/microcred}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../support/testdb.sh"
db=$(mc_test_db "$tmp/t.db") || exit 1
pass=0
fail=0
check() { # check NAME STATUS(expected) ACTUAL-STATUS PATTERN FILE
	if [ "$2" -eq "$3" ] && grep -q -- "$4" "$5"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $1: want exit $2 and /$4/, got $3:"
		sed 's/^/    /' "$5" | head -10
	fi
}
run() { # run NAME STATUS PATTERN ARGS...
	name=$1 want=$2 pat=$3
	shift 3
	"$prog" "$@" >"$tmp/out" 2>&1
	check "$name" "$want" $? "$pat" "$tmp/out"
}

run init 0 "schema version" init --db "$db" --base-url https://badges.example.org
run create-key 0 "did:key:z6Mk" issuer create --db "$db" --name "University of Example" --did-method key --country DE --owner dean@example.edu
run create-web 0 "did:web:badges.example.org:issuers:school-of-web" issuer create --db "$db" --name "School of Web"
run duplicate 2 "already exists" issuer create --db "$db" --name "School of Web"
run bad-country 2 "ISO 3166-1" issuer create --db "$db" --name "X" --country Germany
run bad-url 2 "absolute URL" issuer create --db "$db" --name "Y" --url example.edu
run no-name 2 "needs a name" issuer create --db "$db"
run list 0 "school-of-web" issuer list --db "$db"
n=$("$prog" issuer list --db "$db" --json | grep -c '"slug"')
[ "$n" -eq 2 ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL list-count: $n issuers, want 2 (failed creates must add nothing)"; }
run show-json 0 '"did": "did:web:badges.example.org:issuers:school-of-web"' issuer show school-of-web --db "$db" --json
run did-doc 0 '"assertionMethod"' issuer show school-of-web --db "$db" --did-document
run rotate 0 "new active key" issuer rotate-key school-of-web --db "$db"
run keys-two 0 "retired" issuer keys school-of-web --db "$db"
"$prog" issuer keys school-of-web --db "$db" --json >"$tmp/keys.json"
check keys-json 0 $? "#key-2" "$tmp/keys.json"
run did-doc-both 0 "#key-1" issuer show school-of-web --db "$db" --did-document
run staff 0 "assessor" staff add school-of-web ada@example.edu --role assessor --db "$db"
run staff-bad 2 "unknown role" staff add school-of-web ada@example.edu --role boss --db "$db"
run unknown 2 "no issuer" issuer show nope --db "$db"
echo "cli/issuer: passed $pass, failed $fail"
[ $fail -eq 0 ]
