#!/bin/sh
# The issuer console over real HTTP on loopback, against a `microcred demo`
# database: every role tried against what it must not do (anonymous -> log-in,
# learner -> 403, assessor cannot publish or award, an editor of one issuer cannot
# touch another's, editors cannot manage staff or endorse), then the work itself
# through the forms: create a micro-credential (validation message next to the
# field), publish (missing EU elements listed), add a requirement, review evidence
# (award follows), direct award (in the list, `microcred verify` passes), bulk CSV
# upload with one bad row (per-row report), revoke (status list updated: verify
# says revoked), pathways, endorsements, staff, analytics (accessible SVG), CSRF,
# and escaping of hostile input.
set -u
prog="${MC_PROGRAM:-build/microcred}"
command -v curl >/dev/null || { echo "web/console: skipped: curl is not installed"; exit 77; }
command -v python3 >/dev/null || { echo "web/console: skipped: python3 is not installed (used to pick a port)"; exit 77; }
tmp=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL $*"
}

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
B="http://127.0.0.1:$port"
db="$tmp/console.db"
"$prog" init --db "$db" --base-url "$B" >"$tmp/init.out" 2>&1 || { cat "$tmp/init.out"; exit 1; }
"$prog" demo --db "$db" >"$tmp/demo.out" 2>&1 || { echo "web/console: microcred demo failed:"; tail "$tmp/demo.out"; exit 1; }
PW=demo-password-2026
NB=northbridge-university
CO=digital-skills-council
# Editors (the demo has owners and assessors only).
"$prog" staff add "$NB" editor@northbridge.example --role editor --name "Eddie Editor" --db "$db" >/dev/null || bad "staff add editor"
"$prog" staff add "$CO" editor@skills-council.example --role editor --name "Cora Editor" --db "$db" >/dev/null || bad "staff add council editor"
for u in editor@northbridge.example editor@skills-council.example; do
	printf '%s\n' "$PW" | "$prog" user passwd "$u" --db "$db" >/dev/null 2>&1 || bad "user passwd $u"
done

"$prog" serve --listen "127.0.0.1:$port" --db "$db" --threads 2 >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
i=0
until grep -q "microcred serving on $B" "$tmp/serve.out" 2>/dev/null; do
	i=$((i + 1))
	if [ $i -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
		echo "web/console: the server did not start:"
		cat "$tmp/serve.out" "$tmp/serve.err"
		exit 1
	fi
	sleep 0.1
done
ok

# login NAME EMAIL: cookie jar $tmp/NAME.jar
login() {
	curl -s -c "$tmp/$1.jar" -b "$tmp/$1.jar" "$B/login" >"$tmp/login.html"
	t=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$tmp/login.html" | head -1)
	code=$(curl -s -o /dev/null -w "%{http_code}" -c "$tmp/$1.jar" -b "$tmp/$1.jar" --data-urlencode "csrf=$t" \
		--data-urlencode "email=$2" --data-urlencode "password=$PW" "$B/login")
	[ "$code" = 303 ] && ok || bad "log-in of $2: $code"
}
# csrf NAME: the session's token (from a console page)
csrf() {
	curl -s -b "$tmp/$1.jar" "$B/console" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1
}
# req NAME WANT METHOD PATH [CURL ARGS]: body $tmp/body, headers $tmp/hdr
req() {
	who=$1 want=$2 method=$3 path=$4
	shift 4
	[ "$who" != anon ] && set -- -b "$tmp/$who.jar" "$@"
	got=$(curl -s -o "$tmp/body" -D "$tmp/hdr" -w "%{http_code}" -X "$method" "$@" "$B$path")
	if [ "$got" = "$want" ]; then ok; else
		bad "$who $method $path: want $want, got $got"
		grep -o 'class="notice bad"[^<]*<[^<]*' "$tmp/body" | head -2
	fi
}
# post NAME WANT PATH FIELD=VALUE...: a form with the session's CSRF token
post() {
	who=$1 want=$2 path=$3
	shift 3
	tok=$(csrf "$who")
	for kv in "$@"; do
		set -- "$@" --data-urlencode "$kv"
		shift
	done
	req "$who" "$want" POST "$path" --data-urlencode "csrf=$tok" "$@"
}
has() { # has NAME FILE PATTERN
	if grep -q -- "$3" "$2"; then ok; else bad "$1: /$3/ not in $2"; head -c 400 "$2"; echo; fi
}
hasnt() {
	if grep -q -- "$3" "$2"; then bad "$1: /$3/ unexpectedly in $2"; else ok; fi
}
keep() { cp "$tmp/body" "$tmp/keep-$1.html"; } # keep NAME: for the screenshots
location() { sed -n 's/^Location: *\([^\r]*\).*/\1/p' "$tmp/hdr" | tr -d '\r'; }

login owner registrar@northbridge.example
login assessor assessor@northbridge.example
login editor editor@northbridge.example
login coeditor editor@skills-council.example
login learner ben@learners.example

# ---- who may do what ----
req anon 303 GET "/console/$NB"
case "$(location)" in /login\?next=*) ok ;; *) bad "anonymous console: redirect to $(location)" ;; esac
req learner 403 GET "/console/$NB"
req learner 403 GET "/console/$NB/reviews"
req learner 200 GET "/console"
has learner-no-issuers "$tmp/body" "not on the staff of any issuer"
req assessor 200 GET "/console/$NB"
req assessor 200 GET "/console/$NB/reviews"
hasnt assessor-nav-no-awards "$tmp/body" "/console/$NB/awards\""
req assessor 403 GET "/console/$NB/credentials"
post assessor 403 "/console/$NB/credentials/python-data-analysis/publish"
post assessor 403 "/console/$NB/credentials/python-data-analysis/archive"
post assessor 403 "/console/$NB/awards" "credential=python-data-analysis" "email=sneaky@example.org"
req assessor 403 GET "/console/$NB/analytics"
post editor 403 "/console/$NB/staff" "email=friend@example.org" "role=owner"
post editor 403 "/console/$NB/endorsements" "subject=issuer:$CO" "comment=nice"
req editor 403 GET "/console/$NB/staff"
# An editor of the council cannot reach Northbridge, directly or through the council's console.
req coeditor 403 GET "/console/$NB/credentials"
post coeditor 403 "/console/$NB/awards" "credential=python-data-analysis" "email=sneaky@example.org"
req coeditor 404 GET "/console/$CO/credentials/python-data-analysis"
post coeditor 404 "/console/$CO/credentials/python-data-analysis/archive"
post coeditor 400 "/console/$CO/awards" "credential=python-data-analysis" "email=sneaky@example.org"
has foreign-credential "$tmp/body" "has no micro-credential"
nbcred=$("$prog" award list --db "$db" | awk '$6 == "python-data-analysis" && $3 == "active" {print $2; exit}' | sed 's/urn:uuid://')
post coeditor 404 "/console/$CO/awards/$nbcred/status" "action=revoke" "reason=not mine to revoke"
"$prog" award list --db "$db" | grep -q "$nbcred  active" && ok || bad "a foreign editor changed credential $nbcred"
hasnt no-sneaky-award "$("$prog" award list --db "$db" >"$tmp/list"; echo "$tmp/list")" "sneaky@example.org"
# A form without the CSRF token is refused.
req editor 403 POST "/console/$NB/credentials" --data-urlencode "title=No token"
req anon 404 GET "/console/$NB/nothing-here"

# ---- create, validate, publish a micro-credential through the forms ----
post editor 400 "/console/$NB/credentials" "title=Console Testing 101" "ects=75"
has field-error "$tmp/body" 'class="field wide has-error"\|class="field has-error"'
has field-error-ects "$tmp/body" 'id="e-ects"'
keep credential-form-error
has field-error-text "$tmp/body" "ects is 75; it must be greater than 0"
hasnt field-error-no-flag "$tmp/body" "(--ects)"
has form-kept "$tmp/body" 'value="Console Testing 101"'
post editor 303 "/console/$NB/credentials" "title=Console Testing 101" "description=Tests the console." "category=digital-skills"
case "$(location)" in "/console/$NB/credentials/console-testing-101?done=created") ok ;; *) bad "create: redirect to $(location)" ;; esac
C="/console/$NB/credentials/console-testing-101"
req editor 200 GET "$C?done=created"
has created-notice "$tmp/body" "created as a draft"
post editor 409 "$C/publish"
has publish-missing "$tmp/body" "cannot be published yet"
has publish-missing-eu "$tmp/body" "type of assessment"
has publish-missing-link "$tmp/body" 'href="#f-assessment_type"'
has publish-missing-req "$tmp/body" "requirement"
keep credential-publish-missing
post editor 303 "$C" "title=Console Testing 101" "description=Tests the console." "category=digital-skills" \
	"outcomes=Drive a web console
Read its charts" "eqf_level=5" "ects=2" "workload_hours=50" "assessment_type=Reviewed assignment" \
	"participation_form=Online, self-paced" "quality_assurance=Internal QA" "language=en" "tags=testing, web" \
	"alignments=ESCO||test web applications|http://data.europa.eu/esco/skill/test"
post editor 400 "$C/requirements" "kind=assignment" "title=Report" "rubric=Quality" "pass_threshold=5"
has requirement-error "$tmp/body" "CRITERION=POINTS"
post editor 303 "$C/requirements" "kind=assignment" "title=Report" "mode=online" "rubric=Quality=10" "pass_threshold=5"
post editor 303 "$C/publish"
case "$(location)" in "$C?done=published") ok ;; *) bad "publish: redirect to $(location)" ;; esac
req anon 200 GET "/achievements/console-testing-101"
has public-page "$tmp/body" "Console Testing 101"
req editor 200 GET "/console/$NB/credentials?state=published"
has list-published "$tmp/body" "console-testing-101"

# ---- review evidence (the award follows) ----
"$prog" enrol --credential console-testing-101 --email ben@learners.example --db "$db" >/dev/null || bad "enrol ben"
"$prog" evidence submit --credential console-testing-101 --email ben@learners.example --requirement 1 \
	--text "My report <b>on</b> testing" --title "Ben's report" --db "$db" --json >"$tmp/ev.json" || bad "evidence submit"
ev=$(sed -n 's/.*"id": *"\([^"]*\)".*/\1/p' "$tmp/ev.json" | head -1)
req assessor 200 GET "/console/$NB/reviews"
has queue-lists "$tmp/body" "/console/$NB/reviews/$ev"
req assessor 200 GET "/console/$NB/reviews/$ev"
has review-content "$tmp/body" "My report &lt;b&gt;on&lt;/b&gt; testing"
has review-rubric "$tmp/body" 'name="rubric_0"'
keep review
req coeditor 403 GET "/console/$NB/reviews/$ev"
post assessor 400 "/console/$NB/reviews/$ev" "decision=accept" "rubric_0=99"
post assessor 303 "/console/$NB/reviews/$ev" "decision=accept" "rubric_0=8" "comment=Good work"
"$prog" award list --db "$db" | grep -q "ben@learners.example  console-testing-101" && ok || bad "accepting the evidence did not award"

# ---- direct award: listed, and it verifies ----
post editor 303 "/console/$NB/awards" "credential=console-testing-101" "email=grace@example.org" "name=Grace Hopper"
awarded=$(location | sed -n 's/.*awarded=\([0-9a-f-]*\).*/\1/p')
[ -n "$awarded" ] && ok || bad "direct award: no credential in $(location)"
req editor 200 GET "/console/$NB/awards?credential=console-testing-101"
has award-listed "$tmp/body" "grace@example.org"
has award-linked "$tmp/body" "/credentials/$awarded"
post editor 400 "/console/$NB/awards" "credential=console-testing-101" "email=not-an-email"
has award-error "$tmp/body" 'class="notice bad"'
"$prog" export "$awarded" --db "$db" -o "$tmp/grace.json" && ok || bad "export $awarded"
"$prog" verify "$tmp/grace.json" >"$tmp/verify.out" 2>&1 && ok || { bad "verify the direct award"; cat "$tmp/verify.out"; }

# ---- bulk award from a CSV upload, one bad row ----
printf 'email,name,micro_credential\nhan@example.org,Han Li,console-testing-101\nnot-an-email,Bad Row,console-testing-101\nivy@example.org,Ivy Chen,console-testing-101\n' >"$tmp/awards.csv"
tok=$(csrf editor)
req editor 200 POST "/console/$NB/awards/bulk" -F "csrf=$tok" -F "file=@$tmp/awards.csv;type=text/csv"
has bulk-report "$tmp/body" "Report for awards.csv"
has bulk-counts "$tmp/body" "3 rows: <strong>2 awarded</strong>"
has bulk-failed "$tmp/body" "1 failed"
has bulk-row "$tmp/body" '<th scope="row">3</th>'
keep awards-bulk-report
"$prog" award list --db "$db" | grep -q "ivy@example.org" && ok || bad "bulk: ivy not awarded"
req editor 403 POST "/console/$NB/awards/bulk" -F "csrf=wrong" -F "file=@$tmp/awards.csv;type=text/csv"
printf 'email,colour\nx@example.org,blue\n' >"$tmp/bad.csv"
req editor 400 POST "/console/$NB/awards/bulk" -F "csrf=$tok" -F "file=@$tmp/bad.csv;type=text/csv"
has bulk-file-error "$tmp/body" 'class="notice bad"'

# ---- suspend, reinstate, revoke: the status list follows ----
post editor 400 "/console/$NB/awards/$awarded/status" "action=revoke" "reason="
post editor 303 "/console/$NB/awards/$awarded/status" "action=suspend" "reason=Checking the records"
post editor 303 "/console/$NB/awards/$awarded/status" "action=reinstate" "reason=All fine"
post editor 303 "/console/$NB/awards/$awarded/status" "action=revoke" "reason=Awarded by mistake"
req editor 200 GET "/console/$NB/awards?state=revoked"
has revoked-listed "$tmp/body" "grace@example.org"
has revoked-reason "$tmp/body" "Awarded by mistake"
"$prog" verify "$tmp/grace.json" >"$tmp/verify.out" 2>&1 && bad "a revoked credential still verifies" || ok
has verify-says-revoked "$tmp/verify.out" "revoked"
post editor 409 "/console/$NB/awards/$awarded/status" "action=reinstate" "reason=try"

# ---- pathways ----
post editor 303 "/console/$NB/pathways" "title=Console Pathway" \
	'rule_json={"all": [{"achievement": "console-testing-101"}, {"n": 1, "of": [{"achievement": "applied-statistics"}, {"achievement": "data-visualisation"}]}]}'
req editor 200 GET "/console/$NB/pathways"
has pathway-listed "$tmp/body" "Console Pathway"
has pathway-rule "$tmp/body" "all of Console Testing 101, (1 of Applied Statistics, Data Visualisation and Storytelling)"
post editor 400 "/console/$NB/pathways" "title=Broken" 'rule_json={"all": ['
has pathway-json-error "$tmp/body" "not valid JSON"

# ---- endorsements and staff (owner) ----
post owner 303 "/console/$NB/endorsements" "subject=issuer:$CO" "comment=A rigorous, transparent council."
req owner 200 GET "/console/$NB/endorsements"
has endorsement-given "$tmp/body" "A rigorous, transparent council."
post owner 400 "/console/$NB/staff" "email=nobody" "role=assessor"
has staff-error "$tmp/body" 'class="notice bad"'
post owner 303 "/console/$NB/staff" "email=new.assessor@northbridge.example" "name=New Assessor" "role=assessor"
req owner 200 GET "/console/$NB/staff"
has staff-listed "$tmp/body" "new.assessor@northbridge.example"

# ---- analytics ----
# Learners who enrolled 3 to 200 days ago and are awarded now (evidence accepted),
# and direct awards dated in earlier months: known times to earn and months.
n=0
for days in 3 10 20 45 75 200; do
	n=$((n + 1))
	start=$(date -u -d "-$days days" +%Y-%m-%dT%H:%M:%SZ)
	"$prog" enrol --credential console-testing-101 --email "learner$n@example.org" --name "Learner $n" \
		--start-date "$start" --db "$db" >/dev/null || bad "enrol learner$n"
	"$prog" evidence submit --credential console-testing-101 --email "learner$n@example.org" --requirement 1 \
		--text "Report $n" --db "$db" --json >"$tmp/ev$n.json" || bad "evidence learner$n"
	e=$(sed -n 's/.*"id": *"\([^"]*\)".*/\1/p' "$tmp/ev$n.json" | head -1)
	"$prog" review "$e" --as assessor@northbridge.example --accept --rubric "Quality=$((5 + n % 5))" --db "$db" >/dev/null ||
		bad "review learner$n"
done
k=0
for m in 1 2 2 3 4 4 4 5 6 6 7 9 11; do
	k=$((k + 1))
	"$prog" award --credential applied-statistics --email "past$k@example.org" \
		--date "$(date -u -d "$(date -u +%Y-%m-15) -$m months" +%Y-%m-%d)" --db "$db" >/dev/null || bad "dated award $m"
done
req editor 200 GET "/console/$NB/analytics"
has chart-svg "$tmp/body" '<svg xmlns="http://www.w3.org/2000/svg" class="chart"'
has chart-role "$tmp/body" 'role="img" aria-labelledby="awards-per-month-title awards-per-month-desc"'
has chart-title "$tmp/body" '<title id="time-to-earn-title">'
has chart-table "$tmp/body" "Credentials awarded per month"
has analytics-row "$tmp/body" "/console/$NB/analytics/console-testing-101"
req editor 200 GET "/console/$NB/analytics/console-testing-101"
has analytics-one "$tmp/body" "Time to earn, Console Testing 101"
# Times to earn: about 0 (ben), 3, 10, 20, 45, 75 and 200 days.
has analytics-median "$tmp/body" '<span class="stat-value">20 days</span>'
has analytics-completion "$tmp/body" '<span class="stat-value">100%</span>'
has analytics-enrolments "$tmp/body" '<span class="stat-value">7</span><span class="stat-label">enrolments'
has analytics-histogram "$tmp/body" '<th scope="row">under 1 week</th><td>2</td>'
has analytics-histogram-6m "$tmp/body" '<th scope="row">6 months or more</th><td>1</td>'
keep analytics-credential
has analytics-svg-bar "$tmp/body" '<title>6 months or more: 1 learners</title>'
req editor 200 GET "/console/$NB/analytics/applied-statistics"
m1=$(date -u -d "$(date -u +%Y-%m-15) -4 months" +%B\ %Y)
has analytics-month "$tmp/body" "<th scope=\"row\">$m1</th><td>3</td>"
req coeditor 404 GET "/console/$CO/analytics/console-testing-101"

# ---- hostile input is escaped ----
post editor 303 "/console/$NB/credentials" 'title=<script>alert(1)</script> & "quotes"' "slug=hostile-title"
req editor 200 GET "/console/$NB/credentials/hostile-title"
has escaped "$tmp/body" '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;'
hasnt not-raw "$tmp/body" '<script>alert'

# ---- screenshots (optional) ----
# With MC_SCREENSHOT_DIR set and chromium installed, the console's pages are saved
# as screenshots (desktop 1280 wide, mobile 390): the signed-in HTML is fetched with
# curl and rendered from a file with a <base> pointing at the server.
chrome=$(command -v chromium || command -v chromium-browser || true)
if [ -n "${MC_SCREENSHOT_DIR:-}" ] && [ -n "$chrome" ]; then
	mkdir -p "$MC_SCREENSHOT_DIR"
	page() { req "$1" 200 GET "$2" && keep "$3"; }
	page owner "/console/$NB" overview
	page editor "/console/$NB/credentials" credentials
	page editor "/console/$NB/credentials/console-testing-101" credential-edit
	page assessor "/console/$NB/reviews" reviews
	page editor "/console/$NB/awards" awards
	page editor "/console/$NB/pathways" pathways
	page owner "/console/$NB/endorsements" endorsements
	page owner "/console/$NB/staff" staff
	page editor "/console/$NB/analytics" analytics
	shot() { # shot NAME [W,H:LABEL ...]
		sed "s|<head>|<head><base href=\"$B/\">|" "$tmp/keep-$1.html" >"$tmp/shot.html"
		name=$1
		shift
		sizes=${*:-1280,900:desktop 390,844:mobile}
		for size in $sizes; do
			"$chrome" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
				--disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$tmp/chrome" \
				--virtual-time-budget=3000 --screenshot="$MC_SCREENSHOT_DIR/console-$name-${size#*:}.png" \
				--window-size="${size%:*}" "file://$tmp/shot.html" >/dev/null 2>&1 || bad "screenshot $name ${size#*:}"
		done
	}
	shot overview
	shot credentials
	shot credential-edit 1280,2300:desktop 390,844:mobile
	shot credential-form-error 1280,1500:desktop 390,2000:mobile
	shot credential-publish-missing 1280,1000:desktop
	shot reviews 1280,700:desktop
	shot review 1280,1300:desktop 390,1400:mobile
	shot awards 1280,1500:desktop 390,1300:mobile
	shot awards-bulk-report 1280,1100:desktop
	shot pathways 1280,1300:desktop
	shot endorsements 1280,900:desktop
	shot staff 1280,900:desktop
	shot analytics 1280,1900:desktop 390,2400:mobile
	shot analytics-credential 1280,1700:desktop
	echo "web/console: screenshots in $MC_SCREENSHOT_DIR"
fi

# This server fetches (no --offline-verify): a visitor cannot make it call into its own
# network (SSRF), by address, by loopback, or through the cloud metadata address.
req anon 400 POST /verify --data-urlencode "url=https://10.255.255.1/cred.json"
has url-private "$tmp/body" "resolves to 10.255.255.1, a private or local address"
req anon 400 POST /verify --data-urlencode "url=https://169.254.169.254/latest/meta-data/"
has url-metadata "$tmp/body" "fetches only from public addresses"
req anon 400 POST /verify --data-urlencode "url=http://127.0.0.1:1/cred.json"
has url-loopback "$tmp/body" "it is on this machine (loopback)"

kill "$pid" && wait "$pid" 2>/dev/null
pid=
# Under sanitizers the server reports on its standard error (at exit for leaks).
if grep -q "Sanitizer" "$tmp/serve.err"; then
	bad "the server reported a sanitizer error"
	grep -A12 "Sanitizer" "$tmp/serve.err" | head -40
fi
echo "web/console: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
