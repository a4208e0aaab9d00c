#!/bin/sh
# microcred enrol / evidence / review / attendance / result / progress on a real
# SQLite file: the learner's path through a micro-credential, each command's --help,
# and bad input that gets a specific message and changes nothing.
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
	"$prog" "$@" --db "$db" >"$tmp/out" 2>&1
	check "$name" "$want" $? "$pat" "$tmp/out"
}
same() { # same NAME WANT GOT
	if [ "$2" = "$3" ]; then pass=$((pass + 1)); else
		fail=$((fail + 1))
		echo "FAIL $1: want '$2', got '$3'"
	fi
}
setup() { # quiet set-up steps through the other commands
	"$prog" "$@" --db "$db" >"$tmp/setup" 2>&1 || { echo "SETUP FAILED: $*"; cat "$tmp/setup"; exit 1; }
}
evidence_count() { "$prog" evidence list --enrolment "$1" --as tutor@example.edu --db "$db" --json | grep -c '"submitted":'; }

for c in enrol evidence review attendance result progress; do
	"$prog" $c --help >"$tmp/out" 2>&1
	check "help-$c" 0 $? "Example" "$tmp/out"
done

setup init --base-url http://127.0.0.1:8080
setup issuer create --name "Example University" --country DE --did-method key --owner dean@example.edu
setup issuer create --name "Other School" --country FR --did-method key --owner rival@other.example
setup staff add example-university tutor@example.edu --role assessor
set -- --description "Cleans and analyses data." --criteria "Complete every requirement." \
	--outcome "Clean a data set" --eqf-level 5 --workload-hours 100 --ects 4 --cost 0 --currency EUR \
	--delivery-mode blended --duration P6W --assessment-type "project and test" \
	--participation-form "online, self-paced" --quality-assurance "internal QA" --prerequisites none \
	--category digital-skills --language en
setup credential create --issuer example-university --title "Data Analysis" --slug data-analysis "$@"
setup credential create --issuer example-university --title "Draft Course" --slug draft-course "$@"
setup requirement add data-analysis --kind assignment --title "Final project" --rubric Design=10 --rubric Code=10 --pass-threshold 14
setup requirement add data-analysis --kind attendance --title Lectures --sessions 2 --mode in-person
setup requirement add data-analysis --kind portfolio --title Portfolio --min-items 1
setup requirement add data-analysis --kind assessment --title "Skill test" --pass-score 70 --max-score 100 --max-attempts 2 --proctored --identity-verification online-proctoring
setup credential publish data-analysis

# ---- enrolment ----
run enrol-unknown 2 "no micro-credential 'nope'" enrol --credential nope --email ada@example.org
run enrol-draft 2 "is draft, not published" enrol --credential draft-course --email ada@example.org
run enrol-bad-email 2 "is not an email address" enrol --credential data-analysis --email ada
run enrol-bad-date 2 "target date 'soon' is not a date" enrol --credential data-analysis --email ada@example.org --target-date soon
run enrol-usage 2 "give --credential SLUG and --email EMAIL" enrol --email ada@example.org
run enrol-stray-option 2 "option --score does not apply here" enrol --credential data-analysis --email ada@example.org --score 3
run enrol 0 "enrolled ada@example.org in data-analysis" enrol --credential data-analysis --email ada@example.org --name "Ada Lovelace" --target-date 2030-06-30
e=$(sed -n 's/^enrolment: //p' "$tmp/out")
run enrol-twice 2 "already enrolled in data-analysis (enrolment $e" enrol --credential data-analysis --email ADA@example.org
run enrol-json 0 '"state": "active"' enrol --credential data-analysis --email bob@example.org --json
b=$(sed -n 's/^  "id": "\(.*\)",$/\1/p' "$tmp/out")
run withdraw 0 "withdrew bob@example.org" enrol --withdraw "$b"
run withdraw-again 2 "only an active enrolment can be withdrawn" enrol --withdraw "$b"
run enrol-after-withdraw 0 "enrolled bob@example.org" enrol --credential data-analysis --email bob@example.org
run progress-start 0 "0 of 2 sessions attended" progress "$e"
run progress-by-email 0 "1. assignment" progress --email ada@example.org --credential data-analysis
run progress-unknown 2 "no enrolment 'nope'" progress nope

# ---- evidence ----
printf '%%PDF-1.4\nproject report\n' >"$tmp/report.pdf"
printf '\211PNG\r\n\032\nnot really\n' >"$tmp/photo.pdf"
printf 'PK\003\004zip' >"$tmp/essay.docx"
dd if=/dev/zero of="$tmp/huge.pdf" bs=1048576 count=11 2>/dev/null
run submit-none 2 "exactly one of --text, --url or --file" evidence submit --enrolment "$e" --requirement 1
run submit-two 2 "exactly one of --text, --url or --file" evidence submit --enrolment "$e" --requirement 1 --text a --url https://x.example
run submit-big 2 "over the upload limit" evidence submit --enrolment "$e" --requirement 1 --file "$tmp/huge.pdf"
run submit-mismatch 2 "photo.pdf is named as a PDF document but its content is a PNG image" evidence submit --enrolment "$e" --requirement 1 --file "$tmp/photo.pdf"
run submit-docx 2 "files named '\*.docx' are not accepted" evidence submit --enrolment "$e" --requirement 1 --file "$tmp/essay.docx"
run submit-missing-file 3 "" evidence submit --enrolment "$e" --requirement 1 --file "$tmp/absent.pdf"
run submit-wrong-kind 2 "is a attendance requirement and takes no submitted evidence" evidence submit --enrolment "$e" --requirement 2 --text "I was there"
run submit-no-req 2 "requirement 9 does not exist" evidence submit --enrolment "$e" --requirement 9 --text x
run submit-bad-url 2 "must be an absolute http(s) URL" evidence submit --enrolment "$e" --requirement 3 --url github.com/ada
same nothing-submitted 0 "$(evidence_count "$e")"
run submit-file 0 "for requirement 1 (Final project): awaiting review" evidence submit --enrolment "$e" --requirement 1 --file "$tmp/report.pdf" --public --title "Project report"
f1=$(sed -n 's/^submitted evidence \([^ ]*\) .*/\1/p' "$tmp/out")
run submit-private 0 "awaiting review (private)" evidence submit --credential data-analysis --email ada@example.org --requirement 3 --text "Cleaned the bike data"
p1=$(sed -n 's/^submitted evidence \([^ ]*\) .*/\1/p' "$tmp/out")
run submit-same-bytes 0 "awaiting review" evidence submit --credential data-analysis --email bob@example.org --requirement 1 --file "$tmp/report.pdf"
run list-public 0 "1 private item hidden" evidence list --enrolment "$e"
run list-staff 0 "Cleaned the bike data\|$p1" evidence list --enrolment "$e" --as tutor@example.edu
run show-private-anon 2 "is private to the learner and the issuer's staff" evidence show "$p1"
run show-private-rival 2 "is private" evidence show "$p1" --as rival@other.example
run show-private-learner 0 "text: Cleaned the bike data" evidence show "$p1" --as ada@example.org
run show-file-json 0 '"mediaType": "application/pdf"' evidence show "$f1" --json
if command -v sqlite3 >/dev/null 2>&1; then
	same content-addressed 1 "$(mc_test_db_sql "$db" "SELECT COUNT(*) FROM files")"
else
	echo "note: sqlite3 not installed; the stored-once check of files is skipped"
fi

# ---- review ----
run review-usage 2 "exactly one of --accept or --reject" review "$f1" --as tutor@example.edu
run review-rival 2 "rival@other.example is not staff of issuer example-university" review "$f1" --as rival@other.example --accept --score 15
run review-learner 2 "ada@example.org is not staff" review "$f1" --as ada@example.org --accept --score 20
run review-unknown-criterion 2 "'Style' is not a criterion" review "$f1" --as tutor@example.edu --accept --rubric Style=3
run review-over 2 "gets 12 points; it has 0 to 10" review "$f1" --as tutor@example.edu --accept --rubric Design=12,Code=2
run review-below 2 "score 13 is below the pass threshold 14" review "$f1" --as tutor@example.edu --accept --rubric Design=8,Code=5
run review-bad-rubric 2 "is not criterion=points" review "$f1" --as tutor@example.edu --accept --rubric Design
run review-still-pending 0 "awaiting review" progress "$e"
run review-accept 0 "accepted evidence $f1" review "$f1" --as tutor@example.edu --accept --rubric Design=8,Code=9 --comment "Clear"
run review-twice 2 "was already accepted by tutor@example.edu" review "$f1" --as tutor@example.edu --reject
run review-show 0 '"points": 9' evidence show "$f1" --json
run review-reject 0 "rejected evidence $p1" review "$p1" --as dean@example.edu --reject --comment "Add charts"
run progress-rejected 0 "0 of 1 item accepted" progress "$e"

# ---- attendance and results ----
run attend-wrong-kind 2 "is a assessment requirement, not attendance" attendance record --enrolment "$e" --requirement 4 --session S1 --as tutor@example.edu
run attend-not-staff 2 "may not record attendance" attendance record --enrolment "$e" --requirement 2 --session S1 --as ada@example.org
run attend-usage 2 "needs --requirement N, --session S and --as" attendance record --enrolment "$e" --requirement 2
run attend 0 "1 of 2 sessions attended\|progress:" attendance record --enrolment "$e" --requirement 2 --session "Lecture 1" --as tutor@example.edu
run attend-replay 0 "already recorded" attendance record --credential data-analysis --email ada@example.org --requirement 2 --session "Lecture 1" --as tutor@example.edu
run progress-attend 0 "1 of 2 sessions attended" progress "$e"
run result-unproctored 2 "must be proctored" result record --enrolment "$e" --requirement 4 --score 80 --as tutor@example.edu
run result-other-method 2 "verifies identity by online-proctoring" result record --enrolment "$e" --requirement 4 --score 80 --proctored --identity-verification photo-id --as tutor@example.edu
run result-range 2 "outside 0..100" result record --enrolment "$e" --requirement 4 --score 120 --proctored --as tutor@example.edu
run result-bad-score 2 "--score 'lots' is not a number" result record --enrolment "$e" --requirement 4 --score lots --as tutor@example.edu
run result-fail 0 "score 50 / pass 70 — failed; 1 attempt left" result record --enrolment "$e" --requirement 4 --score 50 --proctored --as tutor@example.edu
run result-fail2 0 "all 2 attempts used" result record --enrolment "$e" --requirement 4 --score 60 --proctored --as tutor@example.edu
run result-exhausted 2 "all 2 attempts at requirement 4" result record --enrolment "$e" --requirement 4 --score 90 --proctored --as tutor@example.edu
run progress-failed 0 "\[failed\]" progress "$e"
run progress-json 0 '"state": "failed"' progress "$e" --json
run award-not-complete 2 "is not complete; open requirements" progress "$e" --award

echo "cli/learning: passed $pass, failed $fail"
[ $fail -eq 0 ]
