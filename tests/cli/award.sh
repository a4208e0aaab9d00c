#!/bin/sh
# microcred award / award list / export, end to end on a fresh database.
#
#   award.sh [--interop] AWARD_FIXTURE
#
# Default (cli/award): a direct award (did:web issuer under an https base URL)
# verifies with `microcred verify --offline --keys K --status L`; --key makes it
# idempotent; export writes exactly the stored bytes (their SHA-256 is the recorded
# digest); unknown and unpublished micro-credentials, bad emails and dates fail with
# specific messages and change nothing; a bulk CSV with bad rows awards the good ones,
# reports each bad row (row, column, message), exits 1, and a re-run resumes; file
# level errors (unknown column) exit 2 and award nothing.
# --interop (interop/award): the awarded credential and its status list verify with
# the JS reference (verify.mjs --keys --status; "set": false), a tampered copy does
# not; skipped (77) without the Node harness.
# Exit 0 all passed, 1 a failure.
set -u
interop=0
if [ "${1:-}" = "--interop" ]; then
	interop=1
	shift
fi
fixture="${1:?usage: award.sh [--interop] AWARD_FIXTURE}"
root="${MC_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
mc="${MC_PROGRAM:-$root/build/microcred}"
if [ $interop = 1 ]; then
	harness="$(sh "$root/tests/interop/harness-dir")" || exit 77
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT INT TERM
export MICROCRED_DB="$tmp/m.db"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL: $*" >&2
}
# count TABLE: rows in the database, through the CLI (no sqlite3 needed).
awards() { "$mc" award list --limit 100000 --json | grep -c '"number"'; }

"$mc" init --base-url https://badges.example.edu >/dev/null || { echo "FAIL: init" >&2; exit 1; }
"$mc" issuer create --name "Example University" --url https://example.edu --email badges@example.edu \
	--country DE >/dev/null || { echo "FAIL: issuer create" >&2; exit 1; }
"$fixture" "$MICROCRED_DB" example-university || { echo "FAIL: fixture" >&2; exit 1; }
"$mc" issuer keys example-university --json >"$tmp/keys.json" || bad "issuer keys --json"

# ---- direct award ----
if "$mc" award --credential data-analysis --email Ada@Example.com --name "Ada Lovelace" \
	--evidence-url https://example.edu/evidence/1 --date 2025-03-01 --key direct:ada-1 >"$tmp/out" 2>&1 &&
	grep -q "^awarded credential #1 urn:uuid:" "$tmp/out"; then ok; else bad "direct award: $(cat "$tmp/out")"; fi
if "$mc" award --credential data-analysis --email ada@example.com --key direct:ada-1 >"$tmp/out" 2>&1 &&
	grep -q "^already awarded (award key direct:ada-1): credential #1" "$tmp/out"; then ok; else bad "same key: $(cat "$tmp/out")"; fi
[ "$(awards)" = 1 ] && ok || bad "the same key made a second credential"

"$mc" export 1 >"$tmp/c.json" || bad "export 1"
"$mc" award list --json >"$tmp/list.json" || bad "award list --json"
want=$(sed -n 's/.*"sha256": "\([0-9a-f]*\)".*/\1/p' "$tmp/list.json")
got=$(sha256sum "$tmp/c.json" | cut -d' ' -f1)
[ -n "$want" ] && [ "$want" = "$got" ] && ok || bad "export is not the stored bytes (sha256 $got, recorded $want)"
grep -q '"microCredential": "data-analysis"' "$tmp/list.json" && grep -q '"recipient": "ada@example.com"' "$tmp/list.json" &&
	grep -q '"status": "active"' "$tmp/list.json" && ok || bad "award list --json: $(cat "$tmp/list.json")"
"$mc" award list | grep -q "^1 .*active .*2025-03-01T00:00:00Z  ada@example.com  data-analysis" && ok || bad "award list text: $("$mc" award list)"
grep -q '"issuer":{"id":"did:web:badges.example.edu:issuers:example-university"' "$tmp/c.json" && ok || bad "issuer is not the did:web"
grep -q '"validUntil":"2027-03-01T00:00:00Z"' "$tmp/c.json" && ok || bad "validUntil is not 24 months later"
grep -q 'ada@example.com' "$tmp/c.json" && bad "the email is in the credential in clear" || ok

url=$(sed -n 's/.*"statusListCredential":"\([^"]*\)".*/\1/p' "$tmp/c.json")
[ "$url" = "https://badges.example.edu/status/example-university/revocation-1" ] && ok || bad "statusListCredential is '$url'"
"$mc" export --status-list "$url" >"$tmp/status.json" || bad "export --status-list URL"
"$mc" export --status-list example-university/revocation-1 | cmp -s - "$tmp/status.json" && ok || bad "export --status-list PATH differs"

if "$mc" verify --offline --keys "$tmp/keys.json" --status "$tmp/status.json" "$tmp/c.json" >"$tmp/v.out" 2>&1 &&
	grep -q "has not been revoked" "$tmp/v.out" && grep -q "^VERIFIED$" "$tmp/v.out"; then ok; else bad "microcred verify: $(cat "$tmp/v.out")"; fi
if "$mc" verify --offline --keys "$tmp/keys.json" --status "$tmp/status.json" --recipient ada@example.com "$tmp/c.json" >"$tmp/v.out" 2>&1; then ok; else bad "recipient check: $(cat "$tmp/v.out")"; fi
sed 's/Data Analysis with Python/Data Analysis with Pythons/' "$tmp/c.json" >"$tmp/tampered.json"
if "$mc" verify --offline --keys "$tmp/keys.json" --status "$tmp/status.json" "$tmp/tampered.json" >"$tmp/v.out" 2>&1; then
	bad "a tampered credential verified"
else ok; fi

if [ $interop = 1 ]; then
	n() { (cd "$harness" && node verify.mjs --keys "$tmp/keys.json" --status "$tmp/status.json" "$@"); }
	if n "$tmp/c.json" >"$tmp/n.out" 2>&1 && grep -q '"verified": true' "$tmp/n.out" &&
		grep -q '"set": false' "$tmp/n.out"; then ok; else bad "verify.mjs: $(cat "$tmp/n.out")"; fi
	n "$tmp/tampered.json" >"$tmp/n.out" 2>&1
	[ $? = 3 ] && ok || bad "verify.mjs accepted a tampered credential: $(cat "$tmp/n.out")"
	# The status list credential itself verifies as a credential signed by the issuer.
	if (cd "$harness" && node verify.mjs --keys "$tmp/keys.json" "$tmp/status.json") >"$tmp/n.out" 2>&1; then ok; else bad "verify.mjs on the status list: $(cat "$tmp/n.out")"; fi
	echo "$pass passed, $fail failed"
	[ $fail = 0 ]
	exit
fi

# ---- bad input: specific messages, nothing changed ----
expect_fail() { # WANT_STATUS MESSAGE_PART ARGS...
	want=$1
	msg=$2
	shift 2
	"$mc" "$@" >"$tmp/out" 2>&1
	st=$?
	if [ $st = "$want" ] && grep -q -- "$msg" "$tmp/out"; then ok; else bad "microcred $*: exit $st (want $want): $(cat "$tmp/out")"; fi
}
expect_fail 2 "no micro-credential 'nope'" award --credential nope --email b@example.com
expect_fail 2 "is draft, not published" award --credential draft-one --email b@example.com
expect_fail 2 "'b-at-example' is not an email address" award --credential data-analysis --email b-at-example
expect_fail 2 "is not a date (2025-01-15)" award --credential data-analysis --email b@example.com --date 01/02/2025
expect_fail 2 "is in the future" award --credential data-analysis --email b@example.com --date 2999-01-01
expect_fail 2 "not a DID" award --credential data-analysis --email b@example.com --did ada
expect_fail 2 "give --email" award --credential data-analysis
expect_fail 2 "has no VC-JWT" export 1 --format jwt
expect_fail 2 "no credential '99'" export 99
"$mc" issuer create --name "Other Org" >/dev/null || bad "issuer create Other Org"
expect_fail 2 "is not issued by other-org" award --credential data-analysis --email b@example.com --issuer other-org
[ "$(awards)" = 1 ] && ok || bad "failed awards changed the credentials"
"$mc" award list --email b@example.com | grep -q "no credentials awarded that match" && ok || bad "a failed award left a credential"

# ---- bulk CSV ----
printf 'Email,Name,Micro-credential,Evidence URL,Date\r\n' >"$tmp/in.csv"
printf 'b@example.com,"Bee, B.",data-analysis,,2025-01-15\r\n' >>"$tmp/in.csv"
printf 'not-an-email,X,data-analysis,,\r\n' >>"$tmp/in.csv"
printf 'c@example.com,C,no-such-mc,,\r\n' >>"$tmp/in.csv"
printf 'd@example.com,D,draft-one,,\r\n' >>"$tmp/in.csv"
printf 'e@example.com,"E ""the"" third",data-analysis,https://example.edu/e/5,\r\n' >>"$tmp/in.csv"
printf 'f@example.com,F,data-analysis,,2025-13-40\r\n' >>"$tmp/in.csv"
printf 'g@example.com,G,data-analysis\r\n' >>"$tmp/in.csv"
printf '\r\n' >>"$tmp/in.csv"
printf 'h@example.com,H,data-analysis,ftp://example.edu/x,\r\n' >>"$tmp/in.csv"
"$mc" award --csv "$tmp/in.csv" >"$tmp/out" 2>"$tmp/err"
st=$?
[ $st = 1 ] && ok || bad "bulk with bad rows: exit $st, want 1"
grep -q "^8 rows: 2 awarded, 0 skipped (already awarded), 6 failed" "$tmp/out" && ok || bad "bulk summary: $(cat "$tmp/out")"
for want in "row 3, column email: 'not-an-email' is not an email address" \
	"row 4, column micro_credential: no micro-credential 'no-such-mc'" \
	"row 5, column micro_credential: micro-credential 'draft-one' is draft, not published" \
	"row 7, column date: date '2025-13-40' is not a date" \
	"row 8: the row has 3 fields but the header has 5" \
	"row 10, column evidence_url: 'ftp://example.edu/x' is not an http(s) URL"; do
	grep -q -- "$want" "$tmp/err" && ok || bad "bulk report lacks '$want': $(cat "$tmp/err")"
done
[ "$(awards)" = 3 ] && ok || bad "bulk: $(awards) credentials, want 3"
"$mc" award list --email c@example.com | grep -q "no credentials awarded that match" && ok || bad "a failed row left a credential"
"$mc" award list --email e@example.com --json | grep -q '"recipientName": "E \\"the\\" third"' && ok || bad "quoted name not unescaped"
# The same file again: the good rows are skipped, the bad ones fail again.
"$mc" award --csv "$tmp/in.csv" --json >"$tmp/out" 2>/dev/null
grep -q '"resumed": true' "$tmp/out" && grep -q '"skipped": 2' "$tmp/out" && grep -q '"awarded": 0' "$tmp/out" &&
	grep -q '"failed": 6' "$tmp/out" && ok || bad "re-run: $(cat "$tmp/out")"
[ "$(awards)" = 3 ] && ok || bad "the re-run awarded again"

# Resume after an interruption: a file of 1000 rows, stopped (SIGTERM) once some are
# awarded, then run again: every row awarded exactly once in all.
rows=1000
awk -v n=$rows 'BEGIN { print "email,micro_credential"; for (i = 1; i <= n; i++) print "r" i "@example.com,data-analysis" }' >"$tmp/big.csv"
"$mc" award --csv "$tmp/big.csv" >/dev/null 2>&1 &
pid=$!
tries=0
while [ "$(awards)" -lt 13 ] && [ $tries -lt 200 ] && kill -0 $pid 2>/dev/null; do
	sleep 0.05
	tries=$((tries + 1))
done
kill -TERM $pid 2>/dev/null
wait $pid 2>/dev/null
before=$(awards)
done_before=$((before - 3))
[ $done_before -gt 0 ] && [ $done_before -lt $rows ] && ok || echo "note: the interrupted run had awarded $done_before of $rows rows"
"$mc" award --csv "$tmp/big.csv" >"$tmp/out" 2>&1 || bad "resumed run failed: $(cat "$tmp/out")"
[ "$(awards)" = $((3 + rows)) ] && ok || bad "after resuming: $(awards) credentials, want $((3 + rows)) (had $before after the interruption)"
grep -q "^$rows rows: $((rows - done_before)) awarded, $done_before skipped (already awarded), 0 failed; resumed an earlier run" "$tmp/out" &&
	ok || bad "resume summary: $(cat "$tmp/out") (had $done_before)"

# File-level problems: exit 2, nothing awarded.
printf 'email,course\r\nx@example.com,data-analysis\r\n' >"$tmp/badhdr.csv"
expect_fail 2 "row 1, column 2: unknown column 'course'" award --csv "$tmp/badhdr.csv"
printf 'name\r\nX\r\n' >"$tmp/nohdr.csv"
expect_fail 2 "the header has no email column" award --csv "$tmp/nohdr.csv"
: >"$tmp/empty.csv"
expect_fail 2 "the CSV file is empty" award --csv "$tmp/empty.csv"
printf 'email,micro_credential\r\nz@example.com,"data-analysis\r\n' >"$tmp/unterminated.csv"
expect_fail 1 "row 2: field 2: the quoted field opened here is never closed" award --csv "$tmp/unterminated.csv"
[ "$(awards)" = $((3 + rows)) ] && ok || bad "file-level errors changed the credentials"

echo "$pass passed, $fail failed"
[ $fail = 0 ]
