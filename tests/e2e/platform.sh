#!/bin/sh
# The platform end to end, through the command line only, on a fresh database:
# an issuer (did:web) with an assessor defines and publishes a micro-credential with
# all six kinds of requirement; a learner enrols, submits evidence (text, URL, file)
# that is reviewed; staff record lecture attendance, a proctored assessment, a
# conference and a workplace attestation; the command that meets the last
# requirement awards the credential and prints its id. The exported credential
# verifies with `microcred verify` (keys from `microcred issuer keys --json`, status
# lists exported) and with the JavaScript reference (../shared/interop/verify.mjs),
# which is skipped with a message when the harness is absent.
set -u
prog="${MC_PROGRAM:-build/microcred}"
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../support/testdb.sh"
MICROCRED_DB=$(mc_test_db "$tmp/platform.db") || exit 1
export MICROCRED_DB
pass=0
fail=0
step() { # step NAME PATTERN ARGS...: must exit 0 and print PATTERN (when not empty)
	name=$1 pat=$2
	shift 2
	if "$prog" "$@" >"$tmp/out" 2>&1 && { [ -z "$pat" ] || grep -q -- "$pat" "$tmp/out"; }; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $name: microcred $*"
		sed 's/^/    /' "$tmp/out" | head -15
	fi
}
ok() { # ok NAME CONDITION-STATUS
	if [ "$2" -eq 0 ]; then pass=$((pass + 1)); else
		fail=$((fail + 1))
		echo "FAIL $name"
	fi
}
finish() {
	echo "e2e/platform: passed $pass, failed $fail"
	[ $fail -eq 0 ]
	exit $?
}

step init "schema version" init --base-url https://badges.example.org
step issuer "did:web:badges.example.org:issuers:example-university" issuer create --name "Example University" \
	--country DE --region Berlin --url https://example.edu --email badges@example.edu --owner dean@example.edu
step assessor "assessor" staff add example-university tina@example.edu --role assessor --name "Tina Tutor"

step credential "created micro-credential data-analysis" credential create --issuer example-university \
	--title "Data Analysis with Python" --slug data-analysis \
	--description "Cleans, analyses and visualises data sets in Python." \
	--criteria "Complete the project, the lectures, a portfolio, the proctored test, a conference and a demonstration at work." \
	--outcome "Clean a messy data set with pandas" --outcome "Choose and draw the right chart" \
	--align "ESCO|S5.6.1|use spreadsheets software|http://data.europa.eu/esco/skill/1973c966-f236-40c9-b2d4-5d71a89019be" \
	--eqf-level 6 --workload-hours 125 --ects 5 --cost 49.5 --currency EUR --delivery-mode blended \
	--duration P6W --assessment-type "project and proctored test" --participation-form "blended, self-paced" \
	--quality-assurance "internal QA, accredited" --prerequisites "Basic Python" --category digital-skills \
	--language en --tag python
step req-assignment "added requirement 1" requirement add data-analysis --kind assignment --title "Final project" \
	--rubric Analysis=40 --rubric Presentation=60 --pass-threshold 60
step req-attendance "added requirement 2" requirement add data-analysis --kind attendance --title "Lectures" \
	--sessions 2 --session-type lecture --mode in-person
step req-portfolio "added requirement 3" requirement add data-analysis --kind portfolio --title "Portfolio" --min-items 2
step req-assessment "added requirement 4" requirement add data-analysis --kind assessment --title "Skill test" \
	--pass-score 70 --max-score 100 --max-attempts 3 --proctored --identity-verification online-proctoring
step req-conference "added requirement 5" requirement add data-analysis --kind conference --title "Data conference" \
	--count 1 --mode in-person
step req-workplace "added requirement 6" requirement add data-analysis --kind workplace --title "Analysis at work" \
	--mode in-person
step publish "published" credential publish data-analysis

step enrol "enrolled ada@example.org in data-analysis" enrol --credential data-analysis --email ada@example.org \
	--name "Ada Lovelace" --target-date 2030-06-30
e=$(sed -n 's/^enrolment: //p' "$tmp/out")
[ -n "$e" ]
ok enrolment-id $?

printf '%%PDF-1.4\n%% Final project report: city bike usage 2025\n' >"$tmp/project.pdf"
step evidence-file "awaiting review" evidence submit --enrolment "$e" --requirement 1 --file "$tmp/project.pdf" \
	--title "Project report" --public
ev_file=$(sed -n 's/^submitted evidence \([^ ]*\) .*/\1/p' "$tmp/out")
step evidence-url "awaiting review" evidence submit --enrolment "$e" --requirement 3 \
	--url https://github.com/ada/bike-charts --title "Chart gallery" --public
ev_url=$(sed -n 's/^submitted evidence \([^ ]*\) .*/\1/p' "$tmp/out")
step evidence-text "awaiting review" evidence submit --credential data-analysis --email ada@example.org \
	--requirement 3 --text "Cleaned and merged three years of bike-share data; notes on every choice." --public
ev_text=$(sed -n 's/^submitted evidence \([^ ]*\) .*/\1/p' "$tmp/out")
step progress-submitted "awaiting review" progress "$e"

step review-file "accepted evidence $ev_file" review "$ev_file" --as tina@example.edu --accept \
	--rubric "Analysis=35,Presentation=50" --comment "Careful analysis"
step review-url "accepted evidence $ev_url" review "$ev_url" --as tina@example.edu --accept
step review-text "accepted evidence $ev_text" review "$ev_text" --as tina@example.edu --accept

step lecture-1 "recorded attendance" attendance record --enrolment "$e" --requirement 2 --session "Lecture 1 (2026-03-03)" --as tina@example.edu
step lecture-2 "2 of 2 sessions\|progress" attendance record --enrolment "$e" --requirement 2 --session "Lecture 2 (2026-03-10)" --as tina@example.edu
step assessment "score 82 / pass 70 — passed (proctored" result record --enrolment "$e" --requirement 4 --score 82 \
	--proctored --identity-verification online-proctoring --as tina@example.edu
step conference "recorded attendance" attendance record --enrolment "$e" --requirement 5 --session "PyData Berlin 2026" --as tina@example.edu
step progress-83 "progress: 83% (5 of 6 requirements met)" progress "$e"

# The attestation meets the last requirement: the award happens and its id is printed.
step workplace "completed; credential awarded: urn:uuid:" result record --enrolment "$e" --requirement 6 \
	--supervisor "Grace Hopper" --supervisor-email grace@acme.example \
	--statement "Ada built and ran our monthly usage analysis on her own." --as tina@example.edu
cred=$(sed -n 's/^completed; credential awarded: //p' "$tmp/out")
[ -n "$cred" ]
ok credential-id $?
step progress-done "credential: $cred" progress "$e"
step replay "credential (awarded before): $cred" attendance record --enrolment "$e" --requirement 5 --session "PyData Berlin 2026" --as tina@example.edu
n=$("$prog" award list --credential data-analysis --json | grep -c '"id": "urn:uuid:')
[ "$n" -eq 1 ]
ok one-award-listed $?

step export "" export "$cred" -o "$tmp/cred.json"
grep -q "\"id\": *\"$cred\"" "$tmp/cred.json" || grep -q "\"id\":\"$cred\"" "$tmp/cred.json"
ok export-id $?
# The file evidence carries the SHA-256 of the uploaded bytes.
if command -v openssl >/dev/null 2>&1; then
	sri="sha256-$(openssl dgst -sha256 -binary "$tmp/project.pdf" | openssl base64 -A)"
	grep -q -- "$sri" "$tmp/cred.json"
	ok evidence-digest $?
fi
grep -q "github.com/ada/bike-charts" "$tmp/cred.json"
ok evidence-url-in-credential $?

step keys "" issuer keys example-university --json
cp "$tmp/out" "$tmp/keys.json"
step status-rev "" export --status-list example-university/revocation-1 -o "$tmp/rev.json"
step status-sus "" export --status-list example-university/suspension-1 -o "$tmp/sus.json"
step verify "^VERIFIED" verify --offline --keys "$tmp/keys.json" --status "$tmp/rev.json" --status "$tmp/sus.json" "$tmp/cred.json"

# The JavaScript reference implementation (skipped, with the reason, when absent).
harness=$(sh "$here/../interop/harness-dir" 2>"$tmp/harness.err")
st=$?
if [ $st -eq 77 ]; then
	echo "skipping the verify.mjs part: $(cat "$tmp/harness.err")"
elif [ $st -ne 0 ]; then
	fail=$((fail + 1))
	echo "FAIL harness-dir (exit $st):"
	cat "$tmp/harness.err"
else
	if node "$harness/verify.mjs" --keys "$tmp/keys.json" --status "$tmp/rev.json" "$tmp/cred.json" >"$tmp/js.out" 2>&1 &&
		grep -q '"verified": true' "$tmp/js.out"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL verify.mjs:"
		sed 's/^/    /' "$tmp/js.out" | head -20
	fi
fi
finish
