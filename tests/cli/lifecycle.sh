#!/bin/sh
# What happens to credentials after award, end to end through the CLI on a fresh
# database seeded by `microcred demo`:
#   - demo: seeds in under 2 s, a second run changes nothing, a database with other
#     issuers is refused;
#   - revoke -> `microcred verify --status LIST` says revoked (exit 1); suspend and
#     reinstate round trip; reinstating a revoked credential, unknown credentials and
#     a missing reason get specific messages and change nothing;
#   - a pathway of three micro-credentials is awarded automatically when the last one
#     is earned, and its component digests (digestSRI) match the exported component
#     credentials; cyclic, unknown and n > count rules are refused, nothing changed;
#   - an endorsement verifies with `microcred verify`; self-endorsement is refused.
# --interop (interop/lifecycle): the revoked credential and the pathway credential
# checked by the JS reference (verify.mjs --status): revoked -> exit 3, pathway and
# endorsement -> exit 0. Skipped (77) without the Node harness.
set -u
interop=0
if [ "${1:-}" = "--interop" ]; then
	interop=1
	shift
fi
root="${MC_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
mc="${MC_PROGRAM:-$root/build/microcred}"
if [ $interop = 1 ]; then
	harness="$(sh "$root/tests/interop/harness-dir")" || exit 77
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT INT TERM
. "$(dirname "$0")/../support/testdb.sh"
MICROCRED_DB=$(mc_test_db "$tmp/m.db") || exit 1
export MICROCRED_DB
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL: $*" >&2
}
# expect NAME STATUS PATTERN ARGS...: exit status and a line of output (stdout+stderr).
expect() {
	name=$1 want=$2 pat=$3
	shift 3
	"$mc" "$@" >"$tmp/out" 2>&1
	got=$?
	if [ "$got" -eq "$want" ] && grep -q -- "$pat" "$tmp/out"; then ok; else
		bad "$name: want exit $want and /$pat/, got $got: $(head -5 "$tmp/out")"
	fi
}
# state N: the state of credential number N in `award list`.
state() { "$mc" award list --limit 1000 | awk -v n="$1" '$1 == n { print $3 }'; }
snapshot() { "$mc" award list --limit 1000 --json >"$1"; }

# ---- demo ----
# (How long the demo takes is not a test's business: bench/ measures speed.)
expect "demo" 0 "Demo data seeded" demo --base-url http://127.0.0.1:8080
grep -q "ada@learners.example" "$tmp/out" && grep -q "/achievements/data-science-foundations" "$tmp/out" && ok ||
	bad "demo summary lacks accounts or URLs: $(cat "$tmp/out")"
snapshot "$tmp/before.json"
expect "demo again" 0 "seeded before; nothing changed" demo
snapshot "$tmp/after.json"
cmp -s "$tmp/before.json" "$tmp/after.json" && ok || bad "a second demo run changed the awards"
"$mc" issuer create --db "$tmp/other.db" --name "Other" >/dev/null 2>&1
expect "demo refuses a used database" 2 "already has 1 issuer(s); the demo seeds only an empty database" \
	demo --db "$tmp/other.db"
[ "$(state 8)" = revoked ] && [ "$(state 9)" = suspended ] && [ "$(state 4)" = active ] && ok ||
	bad "demo states: 8=$(state 8) 9=$(state 9) 4=$(state 4)"
expect "demo pathway" 0 "ada@learners.example: satisfied, 3 component" \
	pathway show data-science-foundations --user ada@learners.example

# ---- revoke, then verification says revoked ----
expect "revoke" 0 "is now revoked — reason: Awarded in error" revoke 10 --reason "Awarded in error"
"$mc" export 10 >"$tmp/c10.json" || bad "export 10"
url=$(sed -n 's/.*"statusListCredential":"\([^"]*\)".*/\1/p' "$tmp/c10.json")
"$mc" export --status-list "$url" >"$tmp/rev-list.json" || bad "export --status-list $url"
"$mc" verify --offline --status "$tmp/rev-list.json" "$tmp/c10.json" >"$tmp/v.out" 2>&1
st=$?
[ $st -eq 1 ] && grep -q "The issuer has revoked this credential" "$tmp/v.out" && ok ||
	bad "verify after revoke: exit $st, $(cat "$tmp/v.out")"
"$mc" export 7 >"$tmp/c7.json"
"$mc" verify --offline --status "$tmp/rev-list.json" "$tmp/c7.json" >"$tmp/v.out" 2>&1 && ok ||
	bad "another credential of the same list no longer verifies: $(cat "$tmp/v.out")"

# ---- suspend and reinstate ----
expect "suspend" 0 "is now suspended" suspend 7 --reason "Complaint under review"
[ "$(state 7)" = suspended ] && ok || bad "state after suspend: $(state 7)"
expect "suspend twice" 2 "already suspended" suspend 7 --reason "again"
expect "reinstate" 0 "is now active" reinstate 7
[ "$(state 7)" = active ] && ok || bad "state after reinstate: $(state 7)"
expect "reinstate active" 2 "not suspended" reinstate 7

# ---- bad input: specific messages, nothing changed ----
snapshot "$tmp/before.json"
expect "reinstate revoked" 2 "revocation is permanent, so it cannot be reinstated" reinstate 10
expect "unknown credential" 2 "no credential 'urn:uuid:00000000-0000-4000-8000-000000000000'" \
	revoke urn:uuid:00000000-0000-4000-8000-000000000000 --reason x
expect "unknown number" 2 "no credential '999'" suspend 999 --reason x
expect "no reason" 2 "give a reason to revoke" revoke 5
expect "no credential" 2 "which credential" revoke --reason x
expect "assessor may not" 2 "needs the owner or editor role" revoke 5 --reason x --actor assessor@northbridge.example
snapshot "$tmp/after.json"
cmp -s "$tmp/before.json" "$tmp/after.json" && ok || bad "refused changes changed the awards"
"$mc" export --status-list "$url" | cmp -s - "$tmp/rev-list.json" && ok || bad "refused changes re-signed the list"
expect "help has an example" 0 "microcred revoke 42 --reason" revoke --help

# ---- pathway of three, awarded automatically ----
spec() { # spec SLUG: a publishable micro-credential
	cat >"$tmp/$1.json" <<EOF
{"slug": "$1", "title": "Course $1", "description": "The $1 course.", "criteria": "Pass the test.",
 "outcomes": ["Do $1"], "eqf_level": 4, "workload_hours": 10, "ects": 0.5, "delivery_mode": "online",
 "assessment_type": "Online test", "participation_form": "Online", "quality_assurance": "Internal QA",
 "category": "digital-skills", "language": "en",
 "requirements": [{"kind": "assessment", "title": "Test", "config": {"pass_score": 50, "max_score": 100}}]}
EOF
	"$mc" credential create --issuer northbridge-university --from "$tmp/$1.json" >/dev/null 2>&1 &&
		"$mc" credential publish "$1" >/dev/null 2>&1 || bad "fixture micro-credential $1"
}
for s in step-one step-two step-three step-four; do spec $s; done
expect "pathway create" 0 "pathway created: three-steps" pathway create --issuer northbridge-university \
	--title "Three Steps" --all step-one,step-two,step-three
expect "pathway list" 0 "three-steps  Three Steps" pathway list
awards() { "$mc" award list --limit 1000 --json | grep -c '"number"'; }
n0=$(awards)
"$mc" award --credential step-one --email zoe@learners.example --name "Zoe" >/dev/null || bad "award step-one"
"$mc" award --credential step-two --email zoe@learners.example >/dev/null || bad "award step-two"
expect "not yet" 0 "not yet satisfied, 2 component" pathway show three-steps --user zoe@learners.example
[ "$(awards)" -eq $((n0 + 2)) ] && ok || bad "a pathway was awarded before its last component"
"$mc" award --credential step-three --email zoe@learners.example >/dev/null || bad "award step-three"
"$mc" award list --credential three-steps --json >"$tmp/pw-list.json"
pw=$(sed -n 's/.*"number": \([0-9]*\).*/\1/p' "$tmp/pw-list.json" | head -1)
if [ -n "$pw" ] && grep -q '"recipient": "zoe@learners.example"' "$tmp/pw-list.json"; then ok
else bad "the pathway was not awarded automatically when the last component was earned"; fi
if [ -n "$pw" ]; then
	"$mc" export "$pw" >"$tmp/pw.json" || bad "export pathway credential"
	# each component: the digestSRI in the pathway credential is the SHA-256 of the
	# component credential exactly as exported (the stored bytes)
	for s in step-one step-two step-three; do
		num=$("$mc" award list --credential $s --email zoe@learners.example | awk '{print $1; exit}')
		id=$("$mc" award list --credential $s --email zoe@learners.example | awk '{print $2; exit}')
		"$mc" export "$num" >"$tmp/comp.json"
		sri="sha256-$(openssl dgst -sha256 -binary "$tmp/comp.json" | base64)"
		grep -q "\"id\":\"$id\",[^}]*\"digestSRI\":\"$sri\"" "$tmp/pw.json" && ok ||
			bad "component $s ($id): digest $sri not in the pathway credential"
	done
	"$mc" export --status-list "$(sed -n 's/.*"statusListCredential":"\([^"]*\)".*/\1/p' "$tmp/pw.json")" >"$tmp/pw-list-cred.json"
	"$mc" verify --offline --status "$tmp/pw-list-cred.json" "$tmp/pw.json" >"$tmp/v.out" 2>&1 && ok ||
		bad "pathway credential does not verify: $(cat "$tmp/v.out")"
fi
n1=$(awards)
"$mc" award --credential step-three --email zoe@learners.example --key direct:again >/dev/null
[ "$(awards)" -eq $((n1 + 1)) ] && ok || bad "a second component award made a second pathway credential"

# bad rules: specific messages, nothing created or changed
"$mc" pathway show three-steps --json >"$tmp/rule-before.json"
expect "pathway of pathway" 0 "pathway created: advanced" pathway create --issuer northbridge-university \
	--title "Advanced" --all three-steps,step-four
expect "cycle" 2 "cycle: three-steps -> advanced -> (this pathway)" pathway set-rule three-steps --any step-one,advanced
expect "self" 2 "the pathway names itself ('selfish'), a cycle" pathway create --issuer northbridge-university \
	--title Selfish --all step-one,selfish
expect "unknown" 2 "rule.all\[1\]: no micro-credential or pathway 'nope'" pathway create \
	--issuer northbridge-university --title Unknown --all step-one,nope
expect "n too big" 2 "rule.n is 4 but must be between 1 and 3" pathway create --issuer northbridge-university \
	--title Big --n 4 --of step-one,step-two,step-three
echo '{"all": [{"achievement": "step-one"}], "every": []}' >"$tmp/bad-rule.json"
expect "bad shape" 2 "unknown member \"every\"" pathway create --issuer northbridge-university --title Shape \
	--rule "$tmp/bad-rule.json"
expect "two rules" 2 "give exactly one rule" pathway create --issuer northbridge-university --title Two \
	--all step-one --any step-two
"$mc" pathway show three-steps --json >"$tmp/rule-after.json"
cmp -s "$tmp/rule-before.json" "$tmp/rule-after.json" && ok || bad "a refused rule changed the pathway"
[ "$("$mc" pathway list --json | grep -c '"slug"')" -eq 3 ] && ok || bad "refused pathways were created"
expect "pathway help" 0 "microcred pathway create --issuer uni" pathway --help

# ---- endorsements ----
expect "endorse" 0 "written to" endorse --by digital-skills-council --credential data-visualisation \
	--comment "Meets the Council's standard." -o "$tmp/endorsement.json"
"$mc" verify --offline "$tmp/endorsement.json" >"$tmp/v.out" 2>&1 && grep -q "EndorsementCredential" "$tmp/v.out" && ok ||
	bad "endorsement does not verify: $(cat "$tmp/v.out")"
expect "self endorse" 2 "an endorsement must come from another organisation" endorse --by northbridge-university \
	--issuer northbridge-university --comment "We are great."
expect "endorse no comment" 2 "say why you endorse it" endorse --by digital-skills-council --issuer northbridge-university
expect "endorse list" 0 "achievement" endorse list --by digital-skills-council

if [ $interop = 1 ]; then
	node "$harness/verify.mjs" --status "$tmp/rev-list.json" "$tmp/c10.json" >"$tmp/js.out" 2>&1
	st=$?
	[ $st -eq 3 ] && grep -q "Status bit set for purpose(s): revocation" "$tmp/js.out" && ok ||
		bad "verify.mjs on the revoked credential: exit $st, $(cat "$tmp/js.out")"
	node "$harness/verify.mjs" --status "$tmp/rev-list.json" "$tmp/c7.json" >"$tmp/js.out" 2>&1 && ok ||
		bad "verify.mjs on a reinstated credential: $(cat "$tmp/js.out")"
	if [ -n "${pw:-}" ]; then
		node "$harness/verify.mjs" --status "$tmp/pw-list-cred.json" "$tmp/pw.json" >"$tmp/js.out" 2>&1 && ok ||
			bad "verify.mjs on the pathway credential: $(cat "$tmp/js.out")"
	fi
	node "$harness/verify.mjs" "$tmp/endorsement.json" >"$tmp/js.out" 2>&1 && ok ||
		bad "verify.mjs on the endorsement: $(cat "$tmp/js.out")"
fi

echo "lifecycle$([ $interop = 1 ] && echo ' (interop)'): passed $pass, failed $fail"
[ $fail -eq 0 ]
