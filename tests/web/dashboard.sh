#!/bin/sh
# The learner's pages over real HTTP on loopback, against a demo database: log in as
# demo learners (passwords set with `microcred user passwd`), see the dashboard with
# progress in words, open an enrolment, submit text, link and file evidence through
# the multipart forms (with the CSRF token; without it: 403), get clear messages in
# the form for bad input (nothing given, two things given, an SVG file, a file type
# that lies about itself), fetch one's own evidence file, see the state change after
# an assessor accepts it (`microcred review`), complete a micro-credential and find
# the new badge in the backpack, withdraw (confirmation page, then POST), enrol from
# a micro-credential's page, and switch the public profile. Another learner's
# enrolment, evidence and files are 404 (as if they did not exist), and anonymous
# visitors are sent to the log-in page.
#
# With MC_SCREENSHOT_DIR set and chromium installed, it also saves screenshots of
# the dashboard, an enrolment and the backpack (desktop 1280x900, mobile 390x844):
# the logged-in HTML is fetched with curl and rendered from a file with a <base>
# pointing at the server (headless chromium cannot be given the session cookie).
set -u
prog="${MC_PROGRAM:-build/microcred}"
command -v curl >/dev/null || { echo "web/dashboard: skipped: curl is not installed"; exit 77; }
command -v python3 >/dev/null || { echo "web/dashboard: skipped: python3 is not installed (used to pick a port and read JSON)"; exit 77; }
tmp=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
[ -n "${MC_KEEP_TMP:-}" ] && trap - EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL $*"
}

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
B="http://127.0.0.1:$port"
db="$tmp/web.db"
"$prog" init --db "$db" --base-url "$B" >"$tmp/init.out" 2>&1 || { cat "$tmp/init.out"; exit 1; }
"$prog" demo --db "$db" >"$tmp/demo.out" 2>&1 || { echo "web/dashboard: microcred demo failed:"; tail "$tmp/demo.out"; exit 1; }
PW="correct horse battery staple"
for who in ada ben dan; do
	printf '%s\n' "$PW" | "$prog" user passwd "$who@learners.example" --db "$db" >/dev/null 2>"$tmp/passwd.err" ||
		{ echo "web/dashboard: could not set the demo password of $who:"; cat "$tmp/passwd.err"; exit 1; }
done

"$prog" serve --listen "127.0.0.1:$port" --db "$db" --threads 2 --offline-verify >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
i=0
until grep -q "microcred serving on http://127.0.0.1:$port" "$tmp/serve.out" 2>/dev/null; do
	i=$((i + 1))
	if [ $i -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
		echo "web/dashboard: the server did not start:"
		cat "$tmp/serve.out" "$tmp/serve.err"
		exit 1
	fi
	sleep 0.1
done

# req NAME WANT-STATUS JAR METHOD PATH [CURL ARGS...]: body in $tmp/body, headers in $tmp/hdr
req() {
	name=$1 want=$2 jar=$3 method=$4 path=$5
	shift 5
	got=$(curl -s -o "$tmp/body" -D "$tmp/hdr" -w "%{http_code}" -b "$tmp/$jar" -c "$tmp/$jar" -X "$method" "$@" "$B$path")
	if [ "$got" = "$want" ]; then ok; else bad "$name: want $want, got $got for $method $path"; head -c 400 "$tmp/body"; echo; fi
}
has() { # has NAME FILE PATTERN
	if grep -q -- "$3" "$2"; then ok; else bad "$1: /$3/ not in $2"; fi
}
hasnt() {
	if grep -q -- "$3" "$2"; then bad "$1: /$3/ unexpectedly in $2"; else ok; fi
}
location() { sed -n 's/^[Ll]ocation: \([^\r]*\).*/\1/p' "$tmp/hdr"; }
csrf_of() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$tmp/body" | head -1; }
# enrolment_id TITLE: the id of the enrolment card titled TITLE on the dashboard in $tmp/body
enrolment_id() { sed -n "s|.*<a href=\"/enrolments/\([^\"]*\)\">$1</a>.*|\1|p" "$tmp/body" | head -1; }
login() { # login JAR EMAIL
	: >"$tmp/$1"
	req "login page ($2)" 200 "$1" GET /login
	t=$(csrf_of)
	req "log in ($2)" 303 "$1" POST /login --data-urlencode "csrf=$t" --data-urlencode "email=$2" \
		--data-urlencode "password=$PW" --data-urlencode "next=/dashboard"
}
json_field() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }

# ---- anonymous visitors go to the log-in page ----
: >"$tmp/anon"
for p in /dashboard /backpack /enrolments/x; do
	req "anonymous $p" 303 anon GET "$p"
	case "$(location)" in */login*) ok ;; *) bad "anonymous $p: redirected to '$(location)', not /login" ;; esac
done

# ---- the dashboard: own enrolments only, progress in words ----
login ben ben@learners.example
login ada ada@learners.example
login dan dan@learners.example
req "ben dashboard" 200 ben GET /dashboard
cp "$tmp/body" "$tmp/ben-dash.html"
has "ben sees ML" "$tmp/body" "Machine Learning Foundations"
has "progress element" "$tmp/body" '<progress max="100" value="[0-9]*" aria-label="Progress in Machine Learning Foundations'
has "progress in words" "$tmp/body" "4 of 4 sessions attended"
has "requirement in words" "$tmp/body" "nothing submitted yet (pass threshold 60)"
has "count of requirements" "$tmp/body" "1 of 3 requirements done"
hasnt "not ada's" "$tmp/body" "Applied Statistics"
ml=$(enrolment_id "Machine Learning Foundations")
viz=$(enrolment_id "Data Visualisation and Storytelling")
[ -n "$ml" ] && [ -n "$viz" ] && ok || bad "ben's enrolment ids: ml='$ml' viz='$viz'"
req "ada dashboard" 200 ada GET /dashboard
has "ada completed" "$tmp/body" '<span class="pill pill-completed">Completed</span>'
has "ada badge link" "$tmp/body" 'href="/credentials/'
ada_stats=$(enrolment_id "Applied Statistics")
[ -n "$ada_stats" ] && ok || bad "ada's enrolment id not found"
hasnt "ada does not see ben's" "$tmp/body" "Machine Learning Foundations"

# ---- another learner's enrolment is not found ----
req "ben opens ada's enrolment" 404 ben GET "/enrolments/$ada_stats"
hasnt "no leak of ada's title" "$tmp/body" "Applied Statistics"
req "ben's enrolment page" 200 ben GET "/enrolments/$viz"
t=$(csrf_of)
[ -n "$t" ] && ok || bad "no csrf token in ben's enrolment page"
has "file limits shown" "$tmp/body" "at most 10.0 MB"
has "multipart form" "$tmp/body" 'enctype="multipart/form-data"'
vreq=$(sed -n 's/.*name="requirement" value="\([^"]*\)".*/\1/p' "$tmp/body" | head -1)
req "ben withdraws ada's" 404 ben POST "/enrolments/$ada_stats/withdraw" --data-urlencode "csrf=$t"
req "ben submits to ada's" 404 ben POST "/enrolments/$ada_stats/evidence" -F "csrf=$t" -F "requirement=1" -F "text=mine now"
req "ada's withdraw page for ben" 404 ben GET "/enrolments/$ada_stats/withdraw"

# ---- evidence through the forms ----
req "no csrf" 403 ben POST "/enrolments/$viz/evidence" -F "requirement=$vreq" -F "text=no token"
req "nothing given" 400 ben POST "/enrolments/$viz/evidence" -F "csrf=$t" -F "requirement=$vreq" -F "text=" -F "url=" \
	-F "file=@/dev/null;filename="
has "nothing given: message in the form" "$tmp/body" '<p class="form-error" role="alert">Write a text, give a link, or choose a file to submit.</p>'
req "two given" 400 ben POST "/enrolments/$viz/evidence" -F "csrf=$t" -F "requirement=$vreq" -F "text=a story" -F "url=https://example.org/x"
has "two given: message" "$tmp/body" "Give one thing at a time"
has "two given: text kept" "$tmp/body" ">a story</textarea>"
cp "$tmp/body" "$tmp/ben-form-error.html"
printf '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>' >"$tmp/chart.svg"
req "svg refused" 400 ben POST "/enrolments/$viz/evidence" -F "csrf=$t" -F "requirement=$vreq" -F "file=@$tmp/chart.svg;type=image/svg+xml"
has "svg refused: message" "$tmp/body" 'class="form-error"'
printf 'plain text, not a PDF\n' >"$tmp/fake.pdf"
req "lying extension refused" 400 ben POST "/enrolments/$viz/evidence" -F "csrf=$t" -F "requirement=$vreq" -F "file=@$tmp/fake.pdf"
has "lying extension: message" "$tmp/body" 'class="form-error"'
req "bad URL refused" 400 ben POST "/enrolments/$viz/evidence" -F "csrf=$t" -F "requirement=$vreq" -F "url=javascript:alert(1)"
has "bad URL: message" "$tmp/body" 'class="form-error"'

req "text evidence" 303 ben POST "/enrolments/$viz/evidence" -F "csrf=$t" -F "requirement=$vreq" \
	-F "title=Dashboard critique" --form-string "text=<script>alert(1)</script> Three charts, one story." -F "public=1"
case "$(location)" in "/enrolments/$viz?done=evidence#req-1") ok ;; *) bad "after evidence: redirected to '$(location)'" ;; esac
req "url evidence" 303 ben POST "/enrolments/$viz/evidence" -F "csrf=$t" -F "requirement=$vreq" -F "url=https://example.org/ben/charts"
printf '# Colour choices\n\nWhy the palette is colour-blind safe.\n' >"$tmp/notes.md"
req "file evidence" 303 ben POST "/enrolments/$viz/evidence" -F "csrf=$t" -F "requirement=$vreq" -F "title=Design notes" -F "file=@$tmp/notes.md"
req "enrolment after evidence" 200 ben GET "/enrolments/$viz?done=evidence"
cp "$tmp/body" "$tmp/ben-viz.html"
has "notice" "$tmp/body" "Evidence submitted."
has "awaiting review" "$tmp/body" "0 of 3 items accepted, 3 awaiting review"
has "text escaped" "$tmp/body" "&lt;script&gt;alert(1)&lt;/script&gt; Three charts"
hasnt "no raw script" "$tmp/body" "<script>alert"
has "link shown" "$tmp/body" 'href="https://example.org/ben/charts"'
has "file shown" "$tmp/body" "notes.md"
file=$(sed -n 's|.*href="\(/evidence/[^"]*/file\)".*|\1|p' "$tmp/body" | head -1)
req "own file" 200 ben GET "$file"
has "file is a download" "$tmp/hdr" "Content-Disposition: attachment"
has "file type" "$tmp/hdr" "Content-Type: text/markdown"
if cmp -s "$tmp/body" "$tmp/notes.md"; then ok; else bad "the downloaded file differs from the upload"; fi
req "ada cannot fetch ben's file" 404 ada GET "$file"

# ---- an assessor accepts: the state changes; the third acceptance completes ----
"$prog" evidence list --enrolment "$viz" --as assessor@northbridge.example --db "$db" --json >"$tmp/ev.json" ||
	bad "evidence list failed"
ids=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); items=d["items"] if isinstance(d,dict) else d; print(" ".join(e["id"] for e in items))' "$tmp/ev.json")
set -- $ids
[ $# -eq 3 ] && ok || bad "want 3 evidence items, got $#: $ids"
"$prog" review "$1" --as assessor@northbridge.example --accept --comment "Clear story, good labels." --db "$db" >/dev/null || bad "review 1"
req "after one review" 200 ben GET "/enrolments/$viz"
has "1 accepted" "$tmp/body" "1 of 3 items accepted, 2 awaiting review"
has "feedback shown" "$tmp/body" "Clear story, good labels."
has "accepted label" "$tmp/body" '<span class="pill pill-ev-accepted">Accepted</span>'
req "backpack before completing" 200 ben GET /backpack
hasnt "no viz badge yet" "$tmp/body" "Data Visualisation and Storytelling"
"$prog" review "$2" --as assessor@northbridge.example --accept --db "$db" >/dev/null || bad "review 2"
"$prog" review "$3" --as assessor@northbridge.example --accept --db "$db" >"$tmp/review3.out" || bad "review 3"
req "completed enrolment" 200 ben GET "/enrolments/$viz"
has "completed pill" "$tmp/body" "pill-completed"
has "badge link" "$tmp/body" "You earned this micro-credential."
hasnt "no form once completed" "$tmp/body" 'enctype="multipart/form-data"'
req "backpack after completing" 200 ben GET /backpack
cp "$tmp/body" "$tmp/ben-backpack.html"
has "new badge" "$tmp/body" "Data Visualisation and Storytelling"
has "active" "$tmp/body" '<span class="pill pill-b-active"><span class="visually-hidden">Status: </span>Active</span>'
uuid=$(sed -n 's|.*<h3><a href="/credentials/\([^"]*\)">Data Visualisation and Storytelling</a></h3>.*|\1|p' "$tmp/body")
[ -n "$uuid" ] && ok || bad "no credential link for the new badge"
has "JSON download" "$tmp/body" "href=\"/credentials/$uuid.json\""
has "PNG download" "$tmp/body" "href=\"/credentials/$uuid/badge.png\""
req "its badge page" 200 ben GET "/credentials/$uuid"
req "its JSON" 200 ben GET "/credentials/$uuid.json"

# ---- the review rubric and score of an assignment ----
req "ML enrolment" 200 ben GET "/enrolments/$ml"
mreq=$(sed -n 's/.*name="requirement" value="\([^"]*\)".*/\1/p' "$tmp/body" | head -1)
req "ML text evidence" 303 ben POST "/enrolments/$ml/evidence" -F "csrf=$t" -F "requirement=$mreq" -F "text=My model card."
"$prog" evidence list --enrolment "$ml" --as assessor@northbridge.example --db "$db" --json >"$tmp/ev2.json"
mev=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); items=d["items"] if isinstance(d,dict) else d; print(items[-1]["id"])' "$tmp/ev2.json")
"$prog" review "$mev" --as assessor@northbridge.example --accept --rubric 'Method=55,Report=23' --comment 'Solid method.' --db "$db" >/dev/null ||
	bad "rubric review"
req "ML after review" 200 ben GET "/enrolments/$ml"
cp "$tmp/body" "$tmp/ben-ml.html"
has "score in words" "$tmp/body" "accepted, score 78 / pass 60"
has "rubric table" "$tmp/body" "<td>Method</td><td>55</td>"
req "dashboard after review" 200 ben GET /dashboard
has "progress moved" "$tmp/body" "2 of 3 requirements done"

# ---- withdrawing: a confirmation page, then a POST ----
req "withdraw confirmation" 200 ben GET "/enrolments/$ml/withdraw"
has "confirmation question" "$tmp/body" "Withdraw from Machine Learning Foundations?"
has "confirmation form" "$tmp/body" "action=\"/enrolments/$ml/withdraw\""
req "withdraw without csrf" 403 ben POST "/enrolments/$ml/withdraw"
req "withdraw" 303 ben POST "/enrolments/$ml/withdraw" --data-urlencode "csrf=$t"
case "$(location)" in "/dashboard?done=withdrawn") ok ;; *) bad "after withdraw: '$(location)'" ;; esac
req "dashboard after withdrawing" 200 ben GET "/dashboard?done=withdrawn"
has "withdrawn notice" "$tmp/body" "You have withdrawn"
has "withdrawn list" "$tmp/body" "Withdrawn enrolments (1)"
req "withdraw twice" 409 ben POST "/enrolments/$ml/withdraw" --data-urlencode "csrf=$t"

# ---- enrolling from a micro-credential's page ----
req "enrol" 303 ben POST /achievements/team-leadership/enrol --data-urlencode "csrf=$t"
case "$(location)" in /enrolments/*"?done=enrolled") ok ;; *) bad "after enrol: '$(location)'" ;; esac
req "enrolled page" 200 ben GET "$(location)"
has "enrolled notice" "$tmp/body" "You are enrolled."
has "enrolled title" "$tmp/body" "Team Leadership"
req "enrol again" 303 ben POST /achievements/team-leadership/enrol --data-urlencode "csrf=$t"
case "$(location)" in /enrolments/*) ok ;; *) bad "enrol again: '$(location)'" ;; esac
req "enrol in a missing one" 404 ben POST /achievements/no-such-thing/enrol --data-urlencode "csrf=$t"
req "enrol without csrf" 403 ben POST /achievements/team-leadership/enrol

# ---- backpack: states, own badges only, the public profile switch ----
req "dan's backpack" 200 dan GET /backpack
has "revoked shown" "$tmp/body" "Revoked</span>"
has "revocation reason" "$tmp/body" "Assessment irregularity"
hasnt "not ben's" "$tmp/body" "Data Visualisation and Storytelling"
req "ada's backpack" 200 ada GET /backpack
cp "$tmp/body" "$tmp/ada-backpack.html"
has "ada's pathway badge" "$tmp/body" "Data Science Foundations"
hasnt "ada has none of ben's" "$tmp/body" "$uuid"
has "profile off" "$tmp/body" "Make my profile public"
t_ada=$(csrf_of)
req "profile on" 303 ada POST /backpack/public-profile --data-urlencode "csrf=$t_ada" --data-urlencode "public=1"
req "backpack with profile on" 200 ada GET "/backpack?done=public"
has "profile on shown" "$tmp/body" "Make my profile private"
has "profile notice" "$tmp/body" "Your public profile is on"
req "profile bad value" 400 ada POST /backpack/public-profile --data-urlencode "csrf=$t_ada" --data-urlencode "public=maybe"
req "profile without csrf" 403 ada POST /backpack/public-profile --data-urlencode "public=0"

# ---- screenshots (optional) ----
chrome=$(command -v chromium || command -v chromium-browser || true)
if [ -n "${MC_SCREENSHOT_DIR:-}" ] && [ -n "$chrome" ]; then
	mkdir -p "$MC_SCREENSHOT_DIR"
	shot() { # shot HTML-FILE NAME [W,H:LABEL ...]
		# A <base> makes the stylesheet and images load from the server.
		sed "s|<head>|<head><base href=\"$B/\">|" "$1" >"$tmp/shot.html"
		name=$2
		shift 2
		sizes=${*:-1280,900:desktop 390,844:mobile}
		for size in $sizes; do
			"$chrome" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
				--disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$tmp/chrome" \
				--virtual-time-budget=3000 --screenshot="$MC_SCREENSHOT_DIR/$name-${size#*:}.png" \
				--window-size="${size%:*}" "file://$tmp/shot.html" >/dev/null 2>&1 || bad "screenshot $name ${size#*:}"
		done
	}
	shot "$tmp/ben-dash.html" dashboard
	shot "$tmp/ben-ml.html" enrolment
	shot "$tmp/ben-viz.html" enrolment-evidence 1280,1900:desktop-full 390,844:mobile
	shot "$tmp/ben-form-error.html" enrolment-form-error 1280,1500:desktop 390,1700:mobile
	shot "$tmp/ada-backpack.html" backpack
	echo "web/dashboard: screenshots in $MC_SCREENSHOT_DIR"
fi

# ---- the server is still well ----
req "healthz" 200 anon GET /healthz
kill "$pid"
wait "$pid" 2>/dev/null
pid=

echo "web/dashboard: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
