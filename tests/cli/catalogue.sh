#!/bin/sh
# cli/catalogue: `microcred credential` and `microcred requirement` end to end on a
# fresh SQLite file:
#   - create from flags and from a JSON file (--from) with all six requirement kinds;
#   - publish refused with every missing EU element listed (one error line, then one
#     "missing:" line per element with its flag), then accepted once complete;
#   - bad values, unknown members and bad requirement configs: a specific one-line
#     message, exit 2, and no row written (counted through list --json);
#   - published ones refuse changes that would make them incomplete; archive hides
#     one from the catalogue, publish brings it back;
#   - list filters, pages and --json; show --json / --achievement;
#   - the OB 3.0 Achievement embedded in a credential canonicalizes in safe mode
#     (microcred canon).
set -u
prog=${MC_PROGRAM:?MC_PROGRAM must name the microcred binary}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../support/testdb.sh"
MICROCRED_DB=$(mc_test_db "$tmp/catalogue.db") || exit 1
export MICROCRED_DB
fail=0 count=0

ok() { count=$((count + 1)); echo "ok   $1"; }
bad() { count=$((count + 1)); fail=$((fail + 1)); echo "FAIL $1"; }

# expect NAME WANT-STATUS COMMAND... : exit status (stdout in $tmp/out, stderr in $tmp/err).
expect() {
	name=$1 want=$2
	shift 2
	"$prog" "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok "$name"; else bad "$name: exit $got, want $want: $(head -n 3 "$tmp/err")"; fi
}

# refuse NAME PATTERN COMMAND... : exit 2, the first stderr line matches, nothing on stdout.
refuse() {
	name=$1 pattern=$2
	shift 2
	"$prog" "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	msg=$(head -n 1 "$tmp/err")
	if [ "$got" -ne 2 ]; then bad "$name: exit $got, want 2: $msg"
	elif [ -s "$tmp/out" ]; then bad "$name: wrote to stdout"
	elif ! printf '%s\n' "$msg" | grep -Fq -- "$pattern"; then bad "$name: '$pattern' not in: $msg"
	else ok "$name"; fi
}

# The number of micro-credentials (all states) and of requirements of $1.
total() { "$prog" credential list --state all --json | sed -n 's/^  "total": \([0-9]*\),*$/\1/p'; }
nreq() { "$prog" requirement list "$1" --json | grep -c '"kind"'; }

if ! "$prog" init >/dev/null 2>&1 || ! "$prog" issuer create --name "Example University" --country DE \
	--url https://example.edu >/dev/null 2>&1; then
	echo "SKIP: 'microcred init' / 'microcred issuer create' are not available in this build"
	exit 77
fi
"$prog" issuer create --name "Nowhere Academy" >/dev/null 2>&1

# help with examples
expect "credential help" 0 credential --help
grep -q "microcred credential create --issuer" "$tmp/out" && ok "credential help has examples" || bad "credential help: no example"
expect "requirement help" 0 requirement --help
grep -q "microcred requirement add data-analysis --kind assignment" "$tmp/out" && ok "requirement help has examples" ||
	bad "requirement help: no example"

# ---- from flags ----
expect "create from flags" 0 credential create --issuer example-university --title "Team Leadership" \
	--outcome "Lead a team meeting" --outcome "Give feedback" --eqf-level 5 --workload-hours 50 \
	--delivery-mode blended --duration P8W --language en --category soft-skills --tag leadership
grep -q "created micro-credential team-leadership (draft)" "$tmp/out" && ok "create says draft" || bad "create said: $(cat "$tmp/out")"

# publish: every missing element named, one line each after the error line
refuse "publish incomplete" "cannot publish 'team-leadership': missing EU mandatory elements: type of assessment (assessment_type); type of quality assurance (quality_assurance); also needed: description (required by Open Badges 3.0) (description); at least one requirement (microcred requirement add)" \
	credential publish team-leadership
if grep -q "missing: type of assessment \[EU\] — set with --assessment-type" "$tmp/err" &&
	grep -q "missing: type of quality assurance \[EU\] — set with --quality-assurance" "$tmp/err" &&
	grep -q "missing: at least one requirement — set with microcred requirement add" "$tmp/err" &&
	[ "$(grep -c '^  missing: ' "$tmp/err")" -eq 4 ]; then ok "publish lists each missing element with its flag"
else bad "publish explanation: $(cat "$tmp/err")"; fi
expect "still draft" 0 credential show team-leadership --json
grep -q '"state": "draft"' "$tmp/out" && ok "refused publish changed nothing" || bad "state after refused publish"

expect "create at an issuer without country" 0 credential create --issuer nowhere-academy --title Bare
refuse "publish at an issuer without country" "missing EU mandatory elements: country/region of the issuer (the issuer's country); learning outcomes" \
	credential publish bare

# requirements from flags, all six kinds
expect "add assignment" 0 requirement add team-leadership --kind assignment --title "Case study" \
	--rubric "Analysis=40" --rubric "Recommendations=60" --pass-threshold 60
expect "add attendance" 0 requirement add team-leadership --kind attendance --mode in-person --sessions 4 --session-type seminar
expect "add portfolio" 0 requirement add team-leadership --kind portfolio --min-items 3
expect "add assessment" 0 requirement add team-leadership --kind assessment --pass-score 70 --max-score 100 \
	--max-attempts 3 --proctored --identity-verification online-proctoring
expect "add conference" 0 requirement add team-leadership --kind conference --mode in-person --count 1
expect "add workplace" 0 requirement add team-leadership --kind workplace --mode in-person --title "Lead a real project"
[ "$(nreq team-leadership)" -eq 6 ] && ok "six requirements" || bad "requirements: $(nreq team-leadership)"
expect "requirement list" 0 requirement list team-leadership
grep -q "^4. Assessment (assessment, online: pass score 70 of 100, at most 3 attempts, proctored, identity verified by online-proctoring)" "$tmp/out" &&
	ok "requirement list in words" || bad "requirement list: $(cat "$tmp/out")"

# each bad requirement config: its own message, nothing added
refuse "req: no kind" "a requirement needs a kind (--kind)" requirement add team-leadership --title X
refuse "req: unknown kind" "unknown requirement kind 'essay'" requirement add team-leadership --kind essay
refuse "req: rubric missing" "an assignment requirement needs a rubric" requirement add team-leadership --kind assignment --pass-threshold 5
refuse "req: bad rubric flag" "--rubric 'Analysis': write 'CRITERION=POINTS'" requirement add team-leadership --kind assignment --rubric Analysis
refuse "req: threshold over total" "pass_threshold (--pass-threshold) 120 is more than the rubric's 100 points in total" \
	requirement add team-leadership --kind assignment --rubric A=40 --rubric B=60 --pass-threshold 120
refuse "req: sessions 0" "sessions (--sessions) is 0; it must be from 1 to 500" requirement add team-leadership --kind attendance --sessions 0
refuse "req: sessions text" "sessions (--sessions) must be a whole number" requirement add team-leadership --kind attendance --sessions four
refuse "req: foreign flag" "config member 'min_items' (--min-items) is not used by attendance requirements" \
	requirement add team-leadership --kind attendance --sessions 2 --min-items 3
refuse "req: min items" "min_items (--min-items) is 0" requirement add team-leadership --kind portfolio --min-items 0
refuse "req: pass over max" "pass_score (--pass-score) 120 is more than max_score (--max-score) 100" \
	requirement add team-leadership --kind assessment --pass-score 120 --max-score 100
refuse "req: proctored without identity" "a proctored assessment must say how the learner's identity is verified" \
	requirement add team-leadership --kind assessment --pass-score 50 --max-score 100 --proctored
refuse "req: online proctoring in person" "online-proctoring needs mode online" \
	requirement add team-leadership --kind assessment --mode in-person --pass-score 50 --max-score 100 --proctored \
	--identity-verification online-proctoring
refuse "req: attempts" "max_attempts (--max-attempts) is 0; it must be from 1 to 100" \
	requirement add team-leadership --kind assessment --pass-score 50 --max-score 100 --max-attempts 0
refuse "req: conference count" "count (--count) is 51; it must be from 1 to 50" requirement add team-leadership --kind conference --count 51
refuse "req: workplace supervisor" "attested by a named supervisor" \
	requirement add team-leadership --kind workplace --config '{"supervisor_required": false}'
refuse "req: bad mode" "mode (--mode) must be online or in-person" requirement add team-leadership --kind portfolio --min-items 2 --mode hybrid
refuse "req: unknown credential" "no micro-credential 'nope'" requirement add nope --kind portfolio --min-items 2
[ "$(nreq team-leadership)" -eq 6 ] && ok "bad requirements added nothing" || bad "requirements now: $(nreq team-leadership)"

expect "complete it" 0 credential update team-leadership --description "Leads small teams." \
	--assessment-type "case study, proctored test, workplace observation" --quality-assurance "internal QA under ISO 21001"
expect "publish" 0 credential publish team-leadership
grep -q "published micro-credential team-leadership" "$tmp/out" && ok "publish says so" || bad "publish said: $(cat "$tmp/out")"
refuse "publish twice" "already published" credential publish team-leadership

# published: only complete changes
expect "update published (ok)" 0 credential update team-leadership --title "Team Leadership Essentials"
refuse "update published (incomplete)" "'team-leadership' is published and must stay complete; this change leaves missing EU mandatory elements: learning outcomes (outcomes)" \
	credential update team-leadership --clear outcomes
refuse "update published slug" "the slug of 'team-leadership' cannot change" credential update team-leadership --slug other
expect "outcomes kept" 0 credential show team-leadership --json
grep -q '"Lead a team meeting"' "$tmp/out" && ok "refused update changed nothing" || bad "outcomes lost"

# ---- from a file, with requirements ----
cat >"$tmp/data.json" <<'JSON'
{
  "issuer": "example-university",
  "title": "Data Analysis with Python",
  "slug": "data-analysis",
  "description": "Cleans, analyses and visualises data sets in Python.",
  "criteria": "Complete every requirement below.",
  "outcomes": ["Clean a messy data set with pandas", "Choose and draw the right chart"],
  "alignments": [
    {"framework": "ESCO", "code": "S5.6.1", "name": "use spreadsheets software",
     "url": "http://data.europa.eu/esco/skill/1973c966-f236-40c9-b2d4-5d71a89019be"}
  ],
  "eqf_level": 6, "workload_hours": 125, "ects": 5, "cost": 49.5, "currency": "EUR",
  "delivery_mode": "online", "duration": "P6W",
  "assessment_type": "project and proctored test", "participation_form": "online, self-paced",
  "quality_assurance": "internal QA, programme accredited", "prerequisites": "Basic Python",
  "category": "digital-skills", "language": "en-GB", "tags": ["python", "data"],
  "image": "https://example.edu/badges/data.png", "validity_months": 36,
  "requirements": [
    {"kind": "assignment", "title": "Final project",
     "config": {"rubric": [{"criterion": "Analysis", "points": 40}, {"criterion": "Presentation", "points": 60}],
                "pass_threshold": 60}},
    {"kind": "attendance", "mode": "in-person", "config": {"sessions": 6}},
    {"kind": "portfolio", "config": {"min_items": 5}},
    {"kind": "assessment", "title": "Skill test",
     "config": {"pass_score": 70, "max_score": 100, "max_attempts": 3, "proctored": true,
                "identity_verification": "online-proctoring"}},
    {"kind": "conference", "mode": "in-person", "config": {"count": 1}},
    {"kind": "workplace", "mode": "in-person", "config": {"supervisor_required": true}}
  ]
}
JSON
before=$(total)
sed 's/"eqf_level": 6,/"eqf_level": 6, "colour": "blue", "level": 2,/' "$tmp/data.json" >"$tmp/unknown.json"
refuse "file: unknown members" "unknown members 'colour', 'level' in the micro-credential" credential create --from "$tmp/unknown.json"
sed 's/"min_items": 5/"min_items": 500/' "$tmp/data.json" >"$tmp/badreq.json"
refuse "file: bad requirement" "requirements[2]: portfolio requirement: min_items (--min-items) is 500; it must be from 1 to 100" \
	credential create --from "$tmp/badreq.json"
sed 's/"P6W"/"six weeks"/' "$tmp/data.json" >"$tmp/baddur.json"
refuse "file: bad duration" "duration (--duration) 'six weeks' is not an ISO 8601 duration" credential create --from "$tmp/baddur.json"
sed 's/"EUR"/"EURO"/' "$tmp/data.json" >"$tmp/badcur.json"
refuse "file: bad currency" "currency (--currency) 'EURO' is not an ISO 4217 currency code" credential create --from "$tmp/badcur.json"
sed 's/"en-GB"/"English"/' "$tmp/data.json" >"$tmp/badlang.json"
refuse "file: bad language" "language (--language) 'English' is not a BCP 47 language tag" credential create --from "$tmp/badlang.json"
sed 's|http://data.europa.eu/esco/skill/1973c966-f236-40c9-b2d4-5d71a89019be|esco skill|' "$tmp/data.json" >"$tmp/badurl.json"
refuse "file: bad alignment url" "url 'esco skill' is not an absolute http(s) URL" credential create --from "$tmp/badurl.json"
refuse "file: flag overrides, still checked" "eqf_level (--eqf-level) must be a whole number from 1 to 8" \
	credential create --from "$tmp/data.json" --eqf-level 9
echo '{oops' >"$tmp/oops.json"
refuse "file: not JSON" "oops.json: line 1" credential create --from "$tmp/oops.json"
refuse "flags: ects text" "ects (--ects) must be a number, not the text five" credential create --issuer example-university --title X --ects five
refuse "flags: bad align" "--align 'just a name': write 'FRAMEWORK|CODE|NAME|URL[|TYPE]'" \
	credential create --issuer example-university --title X --align "just a name"
refuse "flags: no issuer" "say which issuer offers the micro-credential (--issuer SLUG)" credential create --title X
[ "$(total)" -eq "$before" ] && ok "refused creates wrote nothing ($before micro-credentials)" || bad "count changed: $before -> $(total)"

expect "create from file" 0 credential create --from "$tmp/data.json"
[ "$(nreq data-analysis)" -eq 6 ] && ok "file brought six requirements" || bad "file requirements: $(nreq data-analysis)"
refuse "slug taken" "a micro-credential with the slug 'data-analysis' already exists" credential create --from "$tmp/data.json"
expect "publish file one" 0 credential publish data-analysis

# show
expect "show --json" 0 credential show data-analysis --json
for want in '"eqf_level": 6' '"ects": 5' '"cost": 49.5' '"currency": "EUR"' '"duration": "P6W"' '"state": "published"' \
	'"identity_verification": "online-proctoring"'; do
	grep -qF "$want" "$tmp/out" && ok "show has $want" || bad "show lacks $want"
done
expect "show --achievement" 0 credential show data-analysis --achievement
cp "$tmp/out" "$tmp/achievement.json"
for want in '"achievementType": "MicroCredential"' '"id": "http://127.0.0.1:8080/achievements/data-analysis"' \
	'"creditsAvailable": 5' '"targetUrl": "http://data.europa.eu/snb/eqf/6"' '"inLanguage": "en-GB"'; do
	grep -qF "$want" "$tmp/achievement.json" && ok "achievement has $want" || bad "achievement lacks $want"
done

# the Achievement inside a credential canonicalizes in safe mode
{
	printf '%s' '{"@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
 "id": "urn:uuid:0195ab5e-7d2a-7c4e-9a4b-3f1e2d3c4b5a", "type": ["VerifiableCredential", "OpenBadgeCredential"],
 "name": "Data Analysis with Python", "validFrom": "2026-01-01T00:00:00Z",
 "issuer": {"id": "did:example:issuer", "type": ["Profile"], "name": "Example University"},
 "credentialSubject": {"id": "did:example:learner", "type": ["AchievementSubject"], "achievement": '
	cat "$tmp/achievement.json"
	printf '}}\n'
} >"$tmp/credential.json"
expect "canon of a credential with the Achievement" 0 canon "$tmp/credential.json"
grep -q 'vocab.html#achievementType> "MicroCredential"' "$tmp/out" && ok "canon has the achievement type" || bad "canon output: $(head -c 300 "$tmp/out")"

# archive and the catalogue
expect "archive" 0 credential archive team-leadership
refuse "archive twice" "already archived" credential archive team-leadership
expect "list default" 0 credential list --json
grep -q '"slug": "team-leadership"' "$tmp/out" && bad "archived one is listed" || ok "archived one is hidden"
expect "list archived" 0 credential list --state archived
grep -q "^team-leadership " "$tmp/out" && ok "list --state archived shows it" || bad "list archived: $(cat "$tmp/out")"
expect "publish again" 0 credential publish team-leadership

expect "list by category" 0 credential list --category digital-skills
[ "$(grep -c ' published ' "$tmp/out")" -eq 1 ] && grep -q "^data-analysis " "$tmp/out" && ok "category filter" || bad "category: $(cat "$tmp/out")"
expect "list by language" 0 credential list --language en
[ "$(grep -c '^[a-z]' "$tmp/out")" -eq 2 ] && ok "language en matches en and en-GB" || bad "language: $(cat "$tmp/out")"
expect "list search" 0 credential list --search PYTHON
grep -q "^data-analysis " "$tmp/out" && grep -q "(1 of 1 shown)" "$tmp/out" && ok "search is case-insensitive" || bad "search: $(cat "$tmp/out")"
expect "list page" 0 credential list --state all --limit 1 --offset 1 --json
grep -q '"total": 3' "$tmp/out" && [ "$(grep -c '"slug"' "$tmp/out")" -eq 1 ] && grep -q '"offset": 1' "$tmp/out" &&
	ok "pagination" || bad "page: $(cat "$tmp/out")"
refuse "list bad state" "unknown state 'gone'" credential list --state gone
refuse "list bad limit" "--limit 'x' must be a whole number" credential list --limit x
refuse "show unknown" "no micro-credential 'nope'" credential show nope

# remove requirements
refuse "remove unknown requirement" "has no requirement '9'" requirement remove data-analysis 9
expect "remove requirement" 0 requirement remove data-analysis 2
[ "$(nreq data-analysis)" -eq 5 ] && ok "requirement removed" || bad "after remove: $(nreq data-analysis)"

echo "$((count - fail)) of $count passed"
[ "$fail" -eq 0 ]
