#!/bin/sh
# The public pages over real HTTP on loopback, against a demo database: catalogue
# search and facets (checked against the catalogue as the CLI lists it), every
# public page with its key content, escaping of hostile queries, the badge page's
# Open Graph tags and "Add to LinkedIn" link, the downloads (a baked PNG/SVG that
# unbakes to the stored credential and verifies; a PDF certificate naming the
# learner), and the verify page and API with uploads.
set -u
prog="${MC_PROGRAM:-build/microcred}"
command -v curl >/dev/null || { echo "web/pages: skipped: curl is not installed"; exit 77; }
command -v python3 >/dev/null || { echo "web/pages: skipped: python3 is not installed"; exit 77; }
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
db="$tmp/pages.db"
"$prog" init --db "$db" --base-url "$B" >"$tmp/init.out" 2>&1 || { cat "$tmp/init.out"; exit 1; }
"$prog" demo --db "$db" >"$tmp/demo.out" 2>&1 || { echo "web/pages: microcred demo failed:"; tail "$tmp/demo.out"; exit 1; }
"$prog" serve --listen "127.0.0.1:$port" --db "$db" --threads 2 --offline-verify >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
i=0
until grep -q "microcred serving on" "$tmp/serve.out" 2>/dev/null; do
	i=$((i + 1))
	if [ $i -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
		echo "web/pages: the server did not start:"
		cat "$tmp/serve.out" "$tmp/serve.err"
		exit 1
	fi
	sleep 0.1
done

# get NAME WANT-STATUS PATH [CURL ARGS...]: body in $tmp/body, headers in $tmp/hdr
get() {
	name=$1 want=$2 path=$3
	shift 3
	got=$(curl -s -o "$tmp/body" -D "$tmp/hdr" -w "%{http_code}" "$@" "$B$path")
	if [ "$got" = "$want" ]; then ok; else
		bad "$name: want $want, got $got for $path"
		head -c 400 "$tmp/body"
		echo
	fi
}
has() { # has NAME FILE PATTERN (fixed string)
	if grep -qF -- "$3" "$2"; then ok; else bad "$1: '$3' not in $2"; fi
}
hasnt() {
	if grep -qF -- "$3" "$2"; then bad "$1: '$3' unexpectedly in $2"; else ok; fi
}
# count shown on a catalogue page: <strong>N</strong> published ...
shown() { sed -n 's/.*<p class="count" role="status"><strong>\([0-9]*\)<\/strong>.*/\1/p' "$tmp/body" | head -1; }
# the slugs listed on a catalogue page, one per line
slugs() { sed -n 's/.*<h2><a href="\/achievements\/\([^"]*\)">.*/\1/p' "$tmp/body"; }

# ---- the catalogue, checked against what the CLI lists ----
"$prog" credential list --db "$db" --state published --limit 1000 --json >"$tmp/cat.json" 2>"$tmp/cat.err" ||
	{ bad "credential list: $(cat "$tmp/cat.err")"; }
python3 - "$tmp/cat.json" >"$tmp/expect" <<'EOF' || bad "could not read the catalogue JSON"
import json, sys
d = json.load(open(sys.argv[1]))
items = d if isinstance(d, list) else d.get("items") or d.get("credentials") or d.get("achievements") or []
pub = [x for x in items if x.get("state", "published") == "published"]
cats = {}
for x in pub:
    cats[x.get("category")] = cats.get(x.get("category"), 0) + 1
print("total", len(pub))
print("digital", cats.get("digital-skills", 0))
print("digital_slugs", ",".join(sorted(x["slug"] for x in pub if x.get("category") == "digital-skills")))
issuers = {}
for x in pub:
    issuers[x.get("issuer")] = issuers.get(x.get("issuer"), 0) + 1
EOF
total=$(awk '$1 == "total" {print $2}' "$tmp/expect")
digital=$(awk '$1 == "digital" {print $2}' "$tmp/expect")
digital_slugs=$(awk '$1 == "digital_slugs" {print $2}' "$tmp/expect")
# the first skill (alignment) of the first published micro-credential that has one
skill= skill_slug=
for s in $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" ".join(x["slug"] for x in d["items"]))' "$tmp/cat.json"); do
	skill=$("$prog" credential show "$s" --db "$db" --json | python3 -c 'import json,sys; a=json.load(sys.stdin).get("alignments") or []; print(a[0]["name"] if a else "")')
	if [ -n "$skill" ]; then skill_slug=$s; break; fi
done
[ -n "$total" ] && [ "$total" -gt 5 ] && ok || bad "the demo catalogue has too few published micro-credentials: '$total'"

get home 200 /
[ "$(shown)" = "$total" ] && ok || bad "home: shows $(shown) micro-credentials, the catalogue has $total"
has home-cards "$tmp/body" 'class="course"'
has home-facets "$tmp/body" '<h3>Category</h3>'
has home-skip-link "$tmp/body" 'class="skip-link" href="#main"'
has home-search-label "$tmp/body" '<label for="q"'
get catalogue 200 /catalogue
[ "$(shown)" = "$total" ] && ok || bad "catalogue: shows $(shown), want $total"

# a facet filter returns exactly the matching items, and the facet shows its count
get facet-category 200 "/catalogue?category=digital-skills"
[ "$(shown)" = "$digital" ] && ok || bad "category facet: $(shown) results, the catalogue has $digital digital-skills"
got_slugs=$(slugs | sort | paste -sd, -)
[ "$got_slugs" = "$digital_slugs" ] && ok || bad "category facet: listed '$got_slugs', want '$digital_slugs'"
has facet-selected "$tmp/body" 'class="on" aria-current="true"><span class="fl">Digital skills</span> <span class="fc">'"$digital"'</span>'
has facet-chip "$tmp/body" 'Category: Digital skills'
# counts of the other values stay visible (disjunctive facets) on the unfiltered page
get facet-counts 200 "/catalogue"
has facet-count-digital "$tmp/body" '<span class="fl">Digital skills</span> <span class="fc">'"$digital"'</span>'

# skills: the skill facet finds the micro-credential aligned to it
if [ -n "$skill" ]; then
	enc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$skill")
	get facet-skill 200 "/catalogue?skill=$enc"
	slugs | grep -qx "$skill_slug" && ok || bad "skill facet '$skill' does not list $skill_slug"
	# full-text search over skills
	word=$(printf '%s' "$skill" | tr -c 'A-Za-z0-9\n' ' ' | awk '{print $1}')
	get search-skill 200 "/catalogue?q=$word"
	slugs | grep -qx "$skill_slug" && ok || bad "searching '$word' (from skill '$skill') does not list $skill_slug"
else
	bad "the demo has no skills (alignments) to search for"
fi

# full-text: prefix match, every word must match, relevance puts title matches first
get search-prefix 200 "/catalogue?q=analy"
slugs | grep -qx python-data-analysis && ok || bad "prefix search 'analy' does not find python-data-analysis"
get search-two-words 200 "/catalogue?q=python+data"
first=$(slugs | head -1)
[ "$first" = python-data-analysis ] && ok || bad "search 'python data': first result is '$first'"
get search-none 200 "/catalogue?q=zzzzqqq"
[ "$(shown)" = 0 ] && ok || bad "search for nonsense: $(shown) results"
has search-none-text "$tmp/body" "No micro-credentials found"
# issuer names are searchable: every result is that issuer's
get search-issuer 200 "/catalogue?q=northbridge"
n_nb=$(shown)
get facet-issuer 200 "/catalogue?issuer=northbridge-university"
[ "$(shown)" = "$n_nb" ] && [ "$n_nb" -gt 0 ] && ok || bad "search 'northbridge' gave $n_nb, the issuer facet $(shown)"
# a combination: filters and text
get facet-combo 200 "/catalogue?q=data&category=digital-skills&mode=online"
[ "$(shown)" -ge 1 ] 2>/dev/null && ok || bad "q=data + digital-skills + online: $(shown) results"

# pagination and bad filters
get page-past-end 200 "/catalogue?page=50"
has page-past-end-count "$tmp/body" "<strong>$total</strong>"
get bad-level 400 "/catalogue?level=12"
get bad-cost 400 "/catalogue?cost=cheap"

# hostile queries: escaped, and FTS5 syntax is only ever text
get hostile-script 200 "/catalogue?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%27"
hasnt hostile-raw "$tmp/body" "<script>alert(1)"
has hostile-escaped "$tmp/body" "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;"
for q in '%22' 'NEAR(a%20b)' 'title%3Adata*' 'AND%20OR%20NOT' '*' '%5E' '(((' 'data%22%20OR%20%22x'; do
	get "fts-syntax $q" 200 "/catalogue?q=$q"
done
get hostile-facet 200 "/catalogue?skill=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"
hasnt hostile-facet-raw "$tmp/body" '<img src=x onerror'
get long-query 200 "/catalogue?q=$(python3 -c 'print("data%20" * 400)')"

# ---- a micro-credential page ----
get achievement 200 /achievements/python-data-analysis
has ach-title "$tmp/body" "<h1>Data Analysis with Python</h1>"
has ach-outcomes "$tmp/body" "What you will be able to do"
has ach-requirements "$tmp/body" "What earning it takes"
has ach-skills "$tmp/body" "<h2>Skills</h2>"
has ach-enrol "$tmp/body" "Log in to enrol"
has ach-badge "$tmp/body" '/achievements/python-data-analysis/badge.svg'
has ach-endorsement "$tmp/body" "European Digital Skills Council"
has ach-og "$tmp/body" '<meta property="og:image" content="'"$B"'/achievements/python-data-analysis/badge.png">'
get ach-svg 200 /achievements/python-data-analysis/badge.svg
has ach-svg-type "$tmp/hdr" "Content-Type: image/svg+xml"
has ach-svg-title "$tmp/body" "Data Analysis with Python"

# ---- issuer page ----
get issuer 200 /issuers/northbridge-university
has issuer-name "$tmp/body" "<h1>Northbridge University</h1>"
has issuer-endorsed "$tmp/body" "Endorsed by"
has issuer-endorser "$tmp/body" "European Digital Skills Council"
has issuer-list "$tmp/body" 'href="/achievements/python-data-analysis"'

# ---- the badge page ----
"$prog" award list --db "$db" >"$tmp/awards"
active=$(awk '$3 == "active" {print $2; exit}' "$tmp/awards" | sed 's/urn:uuid://')
revoked=$(awk '$3 == "revoked" {print $2; exit}' "$tmp/awards" | sed 's/urn:uuid://')
[ -n "$active" ] && [ -n "$revoked" ] && ok || bad "demo awards: active='$active' revoked='$revoked'"
curl -s "$B/credentials/$active.json" >"$tmp/active.json"
title=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["credentialSubject"]["achievement"]["name"])' "$tmp/active.json")
issuer_name=$(python3 -c 'import json,sys; i=json.load(open(sys.argv[1]))["issuer"]; print(i["name"] if isinstance(i, dict) else i)' "$tmp/active.json")
recipient=$("$prog" award list --db "$db" --json 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
items = d if isinstance(d, list) else d.get("items") or d.get("awards") or []
for x in items:
    if x.get("id", "").endswith(sys.argv[1]):
        print(x.get("recipientName") or x.get("name") or ""); break' "$active")

get badge-page 200 "/credentials/$active"
cp "$tmp/body" "$tmp/badge.html"
has badge-title "$tmp/badge.html" "$title"
has badge-status "$tmp/badge.html" '<span class="state-pill">Active</span>'
has badge-verified "$tmp/badge.html" "Verified just now"
has badge-report "$tmp/badge.html" '<h2 id="report-h">Verified</h2>'
[ -n "$recipient" ] && { has badge-recipient "$tmp/badge.html" "$recipient"; } || bad "no recipient name for $active in award list --json"
has og-image "$tmp/badge.html" '<meta property="og:image" content="'"$B/credentials/$active"'/badge.png">'
has og-title "$tmp/badge.html" '<meta property="og:title" content="'
has twitter-card "$tmp/badge.html" '<meta name="twitter:card" content="summary">'
has twitter-image "$tmp/badge.html" '<meta name="twitter:image" content="'"$B/credentials/$active"'/badge.png">'
for l in "/credentials/$active/badge.png" "/credentials/$active/badge.svg" "/credentials/$active/certificate.pdf" "/credentials/$active.json"; do
	has "download link $l" "$tmp/badge.html" "href=\"$l\""
done
# the LinkedIn link, decoded, carries exactly the right fields
python3 - "$tmp/badge.html" "$title" "$issuer_name" "$B/credentials/$active" "urn:uuid:$active" "$tmp/active.json" <<'EOF' && ok || bad "the Add to LinkedIn link is not right (see above)"
import html, json, re, sys, urllib.parse
page, name, org, url, cid, credf = sys.argv[1:]
m = re.search(r'<a class="button linkedin" href="([^"]*)"', open(page).read())
if not m:
    print("no linkedin link"); sys.exit(1)
href = html.unescape(m.group(1))
u = urllib.parse.urlsplit(href)
if (u.scheme, u.netloc, u.path) != ("https", "www.linkedin.com", "/profile/add"):
    print("wrong endpoint", href); sys.exit(1)
if " " in href or '"' in href:
    print("unencoded characters in", href); sys.exit(1)
q = dict(urllib.parse.parse_qsl(u.query, strict_parsing=True))
issued = json.load(open(credf))["validFrom"]
want = {"startTask": "CERTIFICATION_NAME", "name": name, "organizationName": org,
        "issueYear": issued[0:4], "issueMonth": str(int(issued[5:7])), "certUrl": url, "certId": cid}
for k, v in want.items():
    if q.get(k) != v:
        print("linkedin", k, "=", repr(q.get(k)), "want", repr(v)); sys.exit(1)
for share in ("https://www.linkedin.com/sharing/share-offsite/?url=", "https://twitter.com/intent/tweet?text=", "mailto:?subject="):
    if share.replace("&", "&amp;") not in open(page).read():
        print("missing share link", share); sys.exit(1)
EOF
get badge-revoked 200 "/credentials/$revoked"
has revoked-status "$tmp/body" '<span class="state-pill">Revoked</span>'
has revoked-reason "$tmp/body" "Reason:"
has revoked-report "$tmp/body" "Not verified"

# ---- downloads: baked PNG and SVG, PDF certificate ----
get png 200 "/credentials/$active/badge.png" -o "$tmp/badge.png"
curl -s -o "$tmp/badge.png" "$B/credentials/$active/badge.png"
has png-type "$tmp/hdr" "Content-Type: image/png"
head -c 8 "$tmp/badge.png" | od -An -c | grep -q 'P   N   G' && ok || bad "badge.png is not a PNG"
"$prog" unbake -o "$tmp/unbaked.json" "$tmp/badge.png" 2>"$tmp/unbake.err" && ok || bad "unbake badge.png: $(cat "$tmp/unbake.err")"
cmp -s "$tmp/unbaked.json" "$tmp/active.json" && ok || bad "the credential baked into badge.png differs from /credentials/$active.json"
"$prog" verify --offline "$tmp/badge.png" >"$tmp/verify.out" 2>&1 && ok || { bad "microcred verify badge.png:"; cat "$tmp/verify.out"; }
curl -s -o "$tmp/badge.svg" "$B/credentials/$active/badge.svg"
grep -q '<openbadges:credential' "$tmp/badge.svg" && ok || bad "badge.svg has no baked credential"
"$prog" unbake -o "$tmp/unbaked-svg.json" "$tmp/badge.svg" 2>/dev/null && cmp -s "$tmp/unbaked-svg.json" "$tmp/active.json" && ok ||
	bad "the credential baked into badge.svg differs from the stored one"
get etag-304 304 "/credentials/$active/badge.png" -H "If-None-Match: $(sed -n 's/^ETag: \(.*\)\r$/\1/p' "$tmp/hdr")"
curl -s -o "$tmp/cert.pdf" -D "$tmp/hdr" "$B/credentials/$active/certificate.pdf"
has pdf-type "$tmp/hdr" "Content-Type: application/pdf"
head -c 5 "$tmp/cert.pdf" | grep -q '%PDF-' && ok || bad "certificate.pdf is not a PDF"
if command -v pdftotext >/dev/null; then
	pdftotext "$tmp/cert.pdf" "$tmp/cert.txt" 2>/dev/null
	[ -n "$recipient" ] && grep -qF "$recipient" "$tmp/cert.txt" && ok || bad "the certificate does not name '$recipient'"
	grep -qF "$title" "$tmp/cert.txt" && ok || bad "the certificate does not name '$title'"
else
	echo "web/pages: note: pdftotext is not installed; the certificate's text is not checked"
fi
get no-such-badge 404 "/credentials/00000000-0000-7000-8000-000000000000/badge.png"

# ---- the verify page and API ----
get verify-page 200 /verify
has verify-form "$tmp/body" 'enctype="multipart/form-data"'
has verify-file "$tmp/body" 'type="file"'
get verify-upload-png 200 /verify -F "file=@$tmp/badge.png;type=image/png"
has upload-verified "$tmp/body" "<h2 id=\"verdict-h\">VERIFIED</h2>"
has upload-from "$tmp/body" "PNG"
has upload-page-link "$tmp/body" "/credentials/$active"
get verify-upload-svg 200 /verify -F "file=@$tmp/badge.svg;type=image/svg+xml"
has upload-svg-verified "$tmp/body" "<h2 id=\"verdict-h\">VERIFIED</h2>"
curl -s -o "$tmp/revoked.png" "$B/credentials/$revoked/badge.png"
get verify-upload-revoked 200 /verify -F "file=@$tmp/revoked.png;type=image/png"
has upload-revoked "$tmp/body" "<h2 id=\"verdict-h\">NOT VERIFIED</h2>"
get verify-paste 200 /verify --data-urlencode "credential@$tmp/active.json"
has paste-verified "$tmp/body" "<h2 id=\"verdict-h\">VERIFIED</h2>"
get verify-paste-multipart 200 /verify -F "credential=<$tmp/active.json"
has paste-mp-verified "$tmp/body" "<h2 id=\"verdict-h\">VERIFIED</h2>"
get verify-url 200 /verify --data-urlencode "url=$B/credentials/$active"
has url-verified "$tmp/body" "<h2 id=\"verdict-h\">VERIFIED</h2>"
curl -s -o "$tmp/plain.png" "$B/achievements/python-data-analysis/badge.png"
get verify-unbaked 400 /verify -F "file=@$tmp/plain.png;type=image/png"
has unbaked-msg "$tmp/body" "carries no credential"
get verify-empty 400 /verify -F "credential="
get verify-bad-multipart 400 /verify -H "Content-Type: multipart/form-data; boundary=xyz" --data-binary "garbage"
get verify-hostile 400 /verify --data-urlencode 'credential=<script>alert(1)</script>'
hasnt verify-hostile-raw "$tmp/body" "<script>alert(1)"
get api-raw-png 200 /api/v1/verify -H "Content-Type: image/png" --data-binary "@$tmp/badge.png"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["verified"] is True and "PNG" in d.get("baked","") else 1)' "$tmp/body" && ok ||
	bad "API raw PNG: $(head -c 300 "$tmp/body")"
get api-multipart 200 /api/v1/verify -F "file=@$tmp/badge.svg;type=image/svg+xml"
python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["verified"] is True else 1)' "$tmp/body" && ok ||
	bad "API multipart SVG: $(head -c 300 "$tmp/body")"
get api-revoked 200 /api/v1/verify -H "Content-Type: image/png" --data-binary "@$tmp/revoked.png"
python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["verified"] is False else 1)' "$tmp/body" && ok ||
	bad "API revoked PNG should not verify: $(head -c 300 "$tmp/body")"
get api-unbaked 400 /api/v1/verify -H "Content-Type: image/png" --data-binary "@$tmp/plain.png"
has api-unbaked-problem "$tmp/hdr" "application/problem+json"

# ---- public learner profiles and the employer search ----
# ada logs in through the real pages and finds her profile's address on her backpack
printf '%s\n' 'correct horse battery staple' | "$prog" user passwd ada@learners.example --db "$db" >/dev/null 2>&1 || bad "user passwd failed"
jar="$tmp/jar"
csrf=$(curl -s -c "$jar" -b "$jar" "$B/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode "email=ada@learners.example" \
	--data-urlencode "password=correct horse battery staple" "$B/login"
csrf=$(curl -s -c "$jar" -b "$jar" "$B/backpack" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
get profiles-search-private 200 "/search/profiles?skill=data"
has profiles-none "$tmp/body" "<strong>0</strong> people"
# switch NAME 0|1: ada's public profile off or on, through the backpack's form
switch() {
	code=$(curl -s -o /dev/null -w "%{http_code}" -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" -d "public=$2" "$B/backpack/public-profile")
	case "$code" in 200 | 302 | 303) ok ;; *) bad "$1: turning the public profile to $2: HTTP $code" ;; esac
}
switch on 1
curl -s -c "$jar" -b "$jar" "$B/backpack" >"$tmp/backpack.html"
ada=$(sed -n 's/.*href="\/profiles\/\([^"]*\)".*/\1/p' "$tmp/backpack.html" | head -1)
[ -n "$ada" ] && [ -n "$csrf" ] && ok || bad "could not log in as ada and opt in (profile link '$ada', csrf '$csrf')"
switch off 0
get profile-private 404 "/learners/$ada" # private: the same 404 as for nobody
switch on-again 1
get profile-public 200 "/learners/$ada"
has profile-name "$tmp/body" "<h1>Ada"
has profile-verified "$tmp/body" "Verified"
has profile-badge "$tmp/body" '/badge.svg'
n_ada=$(grep -c 'class="portfolio-item"' "$tmp/body")
[ "$n_ada" -ge 3 ] && ok || bad "ada's profile shows $n_ada badges, want her 3 data credentials and more"
get profile-alias 200 "/profiles/$ada"
get profiles-search 200 "/search/profiles?skill=data"
has profiles-found "$tmp/body" "href=\"/learners/$ada\""
has profiles-count "$tmp/body" "<strong>1</strong> person"
get profiles-search-none 200 "/search/profiles?skill=zzzz-underwater-basket"
has profiles-search-none-text "$tmp/body" "<strong>0</strong> people"
get profiles-hostile 200 "/search/profiles?skill=%3Cscript%3Ex%25_%5C"
hasnt profiles-hostile-raw "$tmp/body" "<script>x"
get profiles-blank 400 "/search/profiles?skill=%20%20"
get no-profile 404 "/learners/00000000-0000-7000-8000-000000000000"
# signed in, the micro-credential page offers Enrol as a POST form with the CSRF token
curl -s -b "$jar" "$B/achievements/team-leadership" >"$tmp/ach-in.html"
has enrol-form "$tmp/ach-in.html" 'action="/achievements/team-leadership/enrol"'
has enrol-csrf "$tmp/ach-in.html" "name=\"csrf\" value=\"$csrf\""
hasnt enrol-anonymous-login "$tmp/ach-in.html" "Log in to enrol"
# a signed-in visitor's badge page is never served from (or put into) the shared page cache
curl -s -b "$jar" "$B/credentials/$active" >"$tmp/badge-in.html"
curl -s "$B/credentials/$active" >"$tmp/badge-anon.html"
has cache-signed-in "$tmp/badge-in.html" "Log out"
hasnt cache-no-leak "$tmp/badge-anon.html" "Log out"
hasnt cache-no-leak-csrf "$tmp/badge-anon.html" "$csrf"

# the server is still up and logged no internal errors
get still-up 200 /healthz
errs=' 5[0-9][0-9] [0-9]+ [0-9]+us$|internal|Sanitizer|runtime error'
if grep -Eq "$errs" "$tmp/serve.err"; then
	bad "server errors:"
	grep -E "$errs" "$tmp/serve.err" | head
else ok; fi

echo "web/pages: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
