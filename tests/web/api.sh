#!/bin/sh
# The JSON API (/api/v1) over real HTTP on loopback: `microcred serve` on a free
# port against a temporary demo database, driven with curl. Every endpoint, with
# success and failure; the authorisation rules (anonymous, learner A on learner B's
# things, assessor publishing, editor of issuer X on issuer Y, a revoked token,
# CSRF with a session); pagination (limit/offset and the `next` link); the limits
# (413 with the server still serving, deep JSON 400); an award made over the API
# verified by `microcred verify`; and the OpenAPI document (valid JSON, every
# /api/v1 route of src/web/routes.c described with its method).
set -u
prog="${MC_PROGRAM:-build/microcred}"
fixture="${MC_API_FIXTURE:-$(dirname "$prog")/api_fixture}"
command -v curl >/dev/null || { echo "web/api: skipped: curl is not installed"; exit 77; }
command -v python3 >/dev/null || { echo "web/api: skipped: python3 is not installed (reads JSON, picks a port)"; exit 77; }
[ -x "$fixture" ] || { echo "web/api: the test fixture $fixture is missing (ninja api_fixture)"; exit 1; }
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
. "$(dirname "$0")/../support/testdb.sh"
db=$(mc_test_db "$tmp/api.db") || exit 1
"$prog" init --db "$db" --base-url "$B" >"$tmp/init.out" 2>&1 || { cat "$tmp/init.out"; exit 1; }
"$prog" demo --db "$db" >"$tmp/demo.out" 2>&1 || { echo "web/api: microcred demo failed:"; tail "$tmp/demo.out"; exit 1; }

# ---- who is asking: curl config files (-K), one per identity ----
fx() { "$fixture" "$db" "$@" || { echo "web/api: api_fixture $* failed"; exit 1; }; }
session() { # session NAME EMAIL
	s=$(fx session "$2") || exit 1
	printf 'cookie = "mc_session=%s"\n' "$s" >"$tmp/$1.cfg"
}
token() { # token NAME ISSUER ROLE EMAIL -> prints the token id
	t=$(fx token "$2" "$3" "$4") || exit 1
	printf 'header = "Authorization: Bearer %s"\n' "${t% *}" >"$tmp/$1.cfg"
	echo "${t#* }"
}
: >"$tmp/anon.cfg"
session ada ada@learners.example     # learner A
session ben ben@learners.example     # learner B
session assessor assessor@northbridge.example
session owner registrar@northbridge.example
session cpd cpd@skills-council.example  # owner of the other issuer
fx admin root@admin.example >/dev/null
session admin root@admin.example
token editor northbridge-university editor registrar@northbridge.example >/dev/null
token atoken northbridge-university assessor assessor@northbridge.example >/dev/null
token council digital-skills-council editor cpd@skills-council.example >/dev/null
revoked_id=$(token revoked northbridge-university owner registrar@northbridge.example)
fx revoke-token northbridge-university "$revoked_id"
printf 'header = "Authorization: Bearer mc_not-a-real-token"\n' >"$tmp/bogus.cfg"

"$prog" serve --listen "127.0.0.1:$port" --db "$db" --threads 2 --offline-verify >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
i=0
until grep -q "microcred serving on $B" "$tmp/serve.out" 2>/dev/null; do
	i=$((i + 1))
	if [ $i -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
		echo "web/api: the server did not start:"
		cat "$tmp/serve.out" "$tmp/serve.err"
		exit 1
	fi
	sleep 0.1
done
ok

# call NAME WANT-STATUS WHO METHOD PATH [CURL ARGS...]: body in $tmp/body, headers in $tmp/hdr
call() {
	name=$1 want=$2 who=$3 method=$4 path=$5
	shift 5
	got=$(curl -s -o "$tmp/body" -D "$tmp/hdr" -w "%{http_code}" -K "$tmp/$who.cfg" -X "$method" "$@" "$B$path")
	if [ "$got" = "$want" ]; then
		ok
	else
		bad "$name: $who $method $path: want $want, got $got"
		head -c 400 "$tmp/body"
		echo
	fi
}
# jcall NAME WANT WHO METHOD PATH JSON: a JSON body
jcall() {
	_j=$6
	call "$1" "$2" "$3" "$4" "$5" -H "Content-Type: application/json" --data-binary "$_j"
}
# j EXPR: evaluates a Python expression over the last body (as d); prints the result
j() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); r=($1); print(r if not isinstance(r,(dict,list,bool)) else json.dumps(r))" "$tmp/body" 2>/dev/null; }
# check NAME EXPR: a Python expression over the last body (d) must be true. The
# checks are evaluated together at the end (one Python process, not hundreds).
nchecks=0
check() {
	nchecks=$((nchecks + 1))
	cp "$tmp/body" "$tmp/check.$nchecks"
	printf '%s\t%s\t%s\n' "$1" "$tmp/check.$nchecks" "$2" >>"$tmp/checks.tsv"
}
problem() { # problem NAME [TYPE-NAME]: the last answer is an RFC 9457 problem
	if grep -qi '^content-type: application/problem+json' "$tmp/hdr"; then ok; else bad "$1: not application/problem+json"; fi
	check "$1 shape" "isinstance(d.get('status'), int) and 'title' in d and 'type' in d and d.get('detail')"
	[ $# -gt 1 ] && check "$1 type" "d['type'].endswith('/problems/$2')"
	return 0
}
csrf() { # csrf NAME: adds the session's CSRF token to its config (from /api/v1/me)
	call "csrf $1" 200 "$1" GET /api/v1/me
	printf 'header = "X-CSRF-Token: %s"\n' "$(j "d['csrf']")" >>"$tmp/$1.cfg"
}

# ---- the OpenAPI document: valid JSON, describes every /api/v1 route ----
call openapi 200 anon GET /api/openapi.json
check openapi-version "d['openapi'].startswith('3.1')"
if python3 - "$tmp/body" src/web/routes.c <<'EOF'; then ok; else bad "openapi: routes of src/web/routes.c are not described (above)"; fi
import json, re, sys
doc = json.load(open(sys.argv[1]))
routes = re.findall(r'\{"(GET|POST|PUT|PATCH|DELETE)", "(/api/v1/[^"]*)"', open(sys.argv[2]).read())
assert len(routes) > 40, "too few /api/v1 routes found in routes.c: %d" % len(routes)
missing = [m + " " + p for m, p in routes if m.lower() not in doc["paths"].get(p, {})]
for m in missing:
    print("  not in openapi.json:", m)
# Every $ref must point at something that exists.
def refs(v):
    if isinstance(v, dict):
        for k, x in v.items():
            if k == "$ref":
                yield x
            else:
                yield from refs(x)
    elif isinstance(v, list):
        for x in v:
            yield from refs(x)
dangling = []
for r in refs(doc):
    node = doc
    for part in r.lstrip("#/").split("/"):
        node = node.get(part) if isinstance(node, dict) else None
    if node is None:
        dangling.append(r)
for r in dangling:
    print("  dangling $ref:", r)
sys.exit(1 if missing or dangling else 0)
EOF

# ---- who am I; sessions, tokens, revoked tokens ----
call me-anon 401 anon GET /api/v1/me
problem me-anon login-required
has_www=$(grep -ci '^www-authenticate: bearer' "$tmp/hdr")
[ "$has_www" = 1 ] && ok || bad "401 without WWW-Authenticate: Bearer"
call me-ada 200 ada GET /api/v1/me
check me-ada "d['email'] == 'ada@learners.example' and d['admin'] is False and len(d['csrf']) > 20"
call me-token 200 editor GET /api/v1/me
check me-token "d['token']['role'] == 'editor' and 'csrf' not in d"
call me-revoked 401 revoked GET /api/v1/me
problem me-revoked invalid-token
call me-bogus 401 bogus GET /api/v1/me
for who in ada ben assessor owner cpd admin; do csrf $who; done
call me-enrolments 200 ada GET "/api/v1/me/enrolments?limit=2"
check me-enrolments "len(d['items']) == 2 and d['next'] and all(x['enrolment']['email'] == 'ada@learners.example' for x in d['items'])"
call me-credentials 200 ada GET /api/v1/me/credentials
check me-credentials "d['total'] >= 3 and all(x['email'] == 'ada@learners.example' for x in d['items'])"
call me-credentials-anon 401 anon GET /api/v1/me/credentials

# ---- CSRF: a session cookie without the token cannot change anything ----
call csrf-missing 403 anon POST /api/v1/enrolments -b "$(sed -n 's/^cookie = "\(.*\)"/\1/p' "$tmp/ada.cfg")" \
	-H "Content-Type: application/json" --data-binary '{"credential": "team-leadership"}'
problem csrf-missing csrf

# ---- issuers ----
call issuers 200 anon GET /api/v1/issuers
check issuers "d['total'] == 2 and d['next'] is None and {x['slug'] for x in d['items']} == {'northbridge-university', 'digital-skills-council'}"
call issuers-page1 200 anon GET "/api/v1/issuers?limit=1"
check issuers-page1 "len(d['items']) == 1 and d['next'].endswith('limit=1&offset=1')"
first=$(j "d['items'][0]['slug']")
next=$(j "d['next']")
call issuers-page2 200 anon GET "${next#"$B"}"
check issuers-page2 "len(d['items']) == 1 and d['items'][0]['slug'] != '$first' and d['next'] is None and d['offset'] == 1"
call issuers-bad-limit 400 anon GET "/api/v1/issuers?limit=0"
problem issuers-bad-limit
call issuers-bad-limit2 400 anon GET "/api/v1/issuers?limit=1001"
call issuers-bad-offset 400 anon GET "/api/v1/issuers?offset=-1"
call issuer 200 anon GET /api/v1/issuers/northbridge-university
check issuer "d['slug'] == 'northbridge-university' and d['did'].startswith('did:') and d['profile'].endswith('/issuers/northbridge-university')"
call issuer-404 404 anon GET /api/v1/issuers/no-such-issuer
problem issuer-404
call issuer-keys 200 anon GET /api/v1/issuers/northbridge-university/keys
check issuer-keys "len(d['keys']) == 1 and d['keys'][0]['state'] == 'active' and 'public_key' in d['keys'][0]"
newiss='{"name": "API Test College", "slug": "api-test-college", "country": "IE", "owner_email": "registrar@northbridge.example"}'
jcall issuer-create-anon 401 anon POST /api/v1/issuers "$newiss"
jcall issuer-create-learner 403 ada POST /api/v1/issuers "$newiss"
problem issuer-create-learner forbidden
jcall issuer-create-owner 403 owner POST /api/v1/issuers "$newiss"
jcall issuer-create-token 403 editor POST /api/v1/issuers "$newiss"
jcall issuer-create 201 admin POST /api/v1/issuers "$newiss"
check issuer-create "d['slug'] == 'api-test-college' and d['country'] == 'IE'"
grep -qi '^location: /api/v1/issuers/api-test-college' "$tmp/hdr" && ok || bad "issuer-create: no Location"
jcall issuer-create-dup 409 admin POST /api/v1/issuers "$newiss"
jcall issuer-create-noname 400 admin POST /api/v1/issuers '{"slug": "x"}'
jcall issuer-create-unknown 400 admin POST /api/v1/issuers '{"name": "X", "colour": "red"}'
check issuer-create-unknown "'colour' in d['detail']"
jcall issuer-create-type 400 admin POST /api/v1/issuers '{"name": 42}'
call rotate-editor 403 editor POST /api/v1/issuers/api-test-college/rotate-key
call rotate-assessor 403 assessor POST /api/v1/issuers/northbridge-university/rotate-key
call rotate-other-owner 403 cpd POST /api/v1/issuers/api-test-college/rotate-key
call rotate-anon 401 anon POST /api/v1/issuers/api-test-college/rotate-key
call rotate 200 owner POST /api/v1/issuers/api-test-college/rotate-key
check rotate "d['key']['state'] == 'active'"
call rotate-keys 200 anon GET /api/v1/issuers/api-test-college/keys
check rotate-keys "sorted(k['state'] for k in d['keys']) == ['active', 'retired']"
jcall staff-editor-token 403 editor POST /api/v1/issuers/northbridge-university/staff '{"email": "x@example.com", "role": "editor"}'
jcall staff-bad-role 400 owner POST /api/v1/issuers/api-test-college/staff '{"email": "x@example.com", "role": "king"}'
jcall staff 200 owner POST /api/v1/issuers/api-test-college/staff '{"email": "helper@example.com", "name": "Helper", "role": "editor"}'
check staff "d['role'] == 'editor'"

# ---- micro-credentials (the catalogue) ----
call mc-list 200 anon GET /api/v1/micro-credentials
check mc-list "d['total'] >= 10 and all(x['state'] == 'published' for x in d['items'])"
total=$(j "d['total']")
call mc-page 200 anon GET "/api/v1/micro-credentials?limit=5&offset=5"
check mc-page "len(d['items']) == 5 and d['offset'] == 5 and d['total'] == $total and 'offset=10' in d['next'] and 'limit=5' in d['next']"
call mc-filter 200 anon GET "/api/v1/micro-credentials?category=digital-skills&issuer=northbridge-university"
check mc-filter "d['items'] and all(x['category'] == 'digital-skills' and x['issuer'] == 'northbridge-university' for x in d['items'])"
call mc-search 200 anon GET "/api/v1/micro-credentials?q=python"
check mc-search "[x['slug'] for x in d['items']] == ['python-data-analysis']"
call mc-drafts-anon 403 anon GET "/api/v1/micro-credentials?state=draft"
call mc-drafts-learner 403 ada GET "/api/v1/micro-credentials?issuer=northbridge-university&state=all"
call mc-drafts-staff 200 assessor GET "/api/v1/micro-credentials?issuer=northbridge-university&state=all"
call mc-get 200 anon GET /api/v1/micro-credentials/python-data-analysis
check mc-get "d['slug'] == 'python-data-analysis' and d['requirements']"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for k in ["id", "kind", "state", "published_at", "created_at", "updated_at", "requirements"]:
    d.pop(k)
d["slug"], d["title"] = "api-test-mc", "API Test Micro-credential"
json.dump(d, open(sys.argv[2], "w"))' "$tmp/body" "$tmp/spec.json"
call mc-get-404 404 anon GET /api/v1/micro-credentials/no-such-thing
for who in anon ada assessor atoken council; do
	case $who in anon) want=401 ;; *) want=403 ;; esac
	call "mc-create-$who" $want $who POST /api/v1/micro-credentials -H "Content-Type: application/json" --data-binary "@$tmp/spec.json"
done
call mc-create 201 editor POST /api/v1/micro-credentials -H "Content-Type: application/json" --data-binary "@$tmp/spec.json"
check mc-create "d['state'] == 'draft' and d['slug'] == 'api-test-mc'"
call mc-create-dup 409 editor POST /api/v1/micro-credentials -H "Content-Type: application/json" --data-binary "@$tmp/spec.json"
jcall mc-create-noissuer 400 editor POST /api/v1/micro-credentials '{"title": "No issuer"}'
jcall mc-create-bad 400 editor POST /api/v1/micro-credentials '{"issuer": "northbridge-university", "title": "Bad", "eqf_level": 11}'
call mc-draft-anon 404 anon GET /api/v1/micro-credentials/api-test-mc
call mc-draft-learner 404 ada GET /api/v1/micro-credentials/api-test-mc
call mc-draft-staff 200 atoken GET /api/v1/micro-credentials/api-test-mc
jcall mc-update-assessor 403 assessor PATCH /api/v1/micro-credentials/api-test-mc '{"title": "Renamed"}'
jcall mc-update-council 403 council PATCH /api/v1/micro-credentials/api-test-mc '{"title": "Renamed"}'
jcall mc-update 200 editor PATCH /api/v1/micro-credentials/api-test-mc '{"title": "API Test Micro-credential (renamed)"}'
check mc-update "d['title'] == 'API Test Micro-credential (renamed)'"
jcall mc-update-bad 400 editor PATCH /api/v1/micro-credentials/api-test-mc '{"delivery_mode": "carrier-pigeon"}'
call mc-publish-assessor 403 assessor POST /api/v1/micro-credentials/api-test-mc/publish
call mc-publish-assessor-token 403 atoken POST /api/v1/micro-credentials/api-test-mc/publish
call mc-publish-norequirements 409 editor POST /api/v1/micro-credentials/api-test-mc/publish
check mc-publish-norequirements "'requirement' in d['detail']"
reqbody='{"kind": "assignment", "title": "Project", "config": {"rubric": [{"criterion": "Quality", "points": 100}], "pass_threshold": 50}}'
jcall req-add-assessor 403 assessor POST /api/v1/micro-credentials/api-test-mc/requirements "$reqbody"
jcall req-add-council 403 council POST /api/v1/micro-credentials/api-test-mc/requirements "$reqbody"
jcall req-add 201 editor POST /api/v1/micro-credentials/api-test-mc/requirements '{"kind": "portfolio", "title": "Scratch", "config": {"min_items": 1}}'
jcall req-add2 201 editor POST /api/v1/micro-credentials/api-test-mc/requirements "$reqbody"
jcall req-add-bad 400 editor POST /api/v1/micro-credentials/api-test-mc/requirements '{"kind": "juggling", "title": "No"}'
call req-list 200 editor GET /api/v1/micro-credentials/api-test-mc/requirements
check req-list "[r['title'] for r in d['items']] == ['Scratch', 'Project']"
call req-remove-assessor 403 assessor DELETE /api/v1/micro-credentials/api-test-mc/requirements/1
call req-remove 204 editor DELETE /api/v1/micro-credentials/api-test-mc/requirements/1
call req-remove-404 404 editor DELETE /api/v1/micro-credentials/api-test-mc/requirements/9
call req-list-draft-anon 404 anon GET /api/v1/micro-credentials/api-test-mc/requirements
call mc-publish 200 editor POST /api/v1/micro-credentials/api-test-mc/publish
check mc-publish "d['state'] == 'published' and d['published_at']"
call mc-publish-again 409 editor POST /api/v1/micro-credentials/api-test-mc/publish
call req-list-public 200 anon GET /api/v1/micro-credentials/api-test-mc/requirements
check req-list-public "len(d['items']) == 1 and d['items'][0]['kind'] == 'assignment'"
call mc-public 200 anon GET /api/v1/micro-credentials/api-test-mc

# ---- enrolments, evidence, review ----
jcall enrol-anon 401 anon POST /api/v1/enrolments '{"credential": "api-test-mc"}'
jcall enrol-other 403 ada POST /api/v1/enrolments '{"credential": "api-test-mc", "email": "ben@learners.example"}'
jcall enrol-unknown-member 400 ada POST /api/v1/enrolments '{"credential": "api-test-mc", "why": 1}'
jcall enrol 201 ada POST /api/v1/enrolments '{"credential": "api-test-mc"}'
check enrol "d['email'] == 'ada@learners.example' and d['state'] == 'active' and d['micro_credential'] == 'api-test-mc'"
enr=$(j "d['id']")
jcall enrol-again 409 ada POST /api/v1/enrolments '{"credential": "api-test-mc"}'
jcall enrol-unknown 404 ben POST /api/v1/enrolments '{"credential": "api-test-mc-nope"}'
jcall enrol-by-staff-council 403 council POST /api/v1/enrolments '{"credential": "api-test-mc", "email": "carl@example.com"}'
jcall enrol-by-staff 201 editor POST /api/v1/enrolments '{"credential": "api-test-mc", "email": "carl@example.com", "name": "Carl"}'
check enrol-by-staff "d['email'] == 'carl@example.com'"
call enrolment-ada 200 ada GET "/api/v1/enrolments/$enr"
call enrolment-ben 403 ben GET "/api/v1/enrolments/$enr"
call enrolment-anon 401 anon GET "/api/v1/enrolments/$enr"
call enrolment-assessor 200 assessor GET "/api/v1/enrolments/$enr"
call enrolment-council 403 council GET "/api/v1/enrolments/$enr"
call enrolment-404 404 ada GET /api/v1/enrolments/no-such-enrolment
call progress-ada 200 ada GET "/api/v1/enrolments/$enr/progress"
check progress-ada "d['percent'] == 0 and len(d['requirements']) == 1"
call progress-ben 403 ben GET "/api/v1/enrolments/$enr/progress"
call progress-atoken 200 atoken GET "/api/v1/enrolments/$enr/progress"

jcall evidence-ben 404 ben POST "/api/v1/enrolments/$enr/evidence" '{"requirement": 1, "text": "not mine"}'
jcall evidence-anon 401 anon POST "/api/v1/enrolments/$enr/evidence" '{"requirement": 1, "text": "x"}'
jcall evidence-text 201 ada POST "/api/v1/enrolments/$enr/evidence" '{"requirement": 1, "title": "My report", "text": "Private notes of Ada"}'
check evidence-text "d['kind'] == 'text' and d['state'] == 'submitted' and d['public'] is False"
ev_text=$(j "d['id']")
jcall evidence-url 201 ada POST "/api/v1/enrolments/$enr/evidence" '{"requirement": "1", "url": "https://example.org/ada/project", "public": true}'
ev_url=$(j "d['id']")
printf 'Plain text evidence, uploaded as a form.\n' >"$tmp/notes.txt"
call evidence-multipart 201 ada POST "/api/v1/enrolments/$enr/evidence" -F requirement=1 -F "file=@$tmp/notes.txt"
check evidence-multipart "d['kind'] == 'file' and d['file']['media_type'].startswith('text/plain') and d['file']['size'] == 41"
ev_file=$(j "d['id']")
call evidence-raw 201 ada POST "/api/v1/enrolments/$enr/evidence?requirement=1&file_name=raw.txt" \
	-H "Content-Type: application/octet-stream" --data-binary "@$tmp/notes.txt"
printf '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>' >"$tmp/x.svg"
call evidence-svg 400 ada POST "/api/v1/enrolments/$enr/evidence" -F requirement=1 -F "file=@$tmp/x.svg"
jcall evidence-norequirement 400 ada POST "/api/v1/enrolments/$enr/evidence" '{"text": "x"}'
jcall evidence-two 400 ada POST "/api/v1/enrolments/$enr/evidence" '{"requirement": 1, "text": "x", "url": "https://example.org/"}'
call evidence-list-ada 200 ada GET "/api/v1/enrolments/$enr/evidence"
check evidence-list-ada "d['total'] == 4"
call evidence-list-page 200 ada GET "/api/v1/enrolments/$enr/evidence?limit=3"
check evidence-list-page "len(d['items']) == 3 and d['next']"
call evidence-list-ben 403 ben GET "/api/v1/enrolments/$enr/evidence"
call evidence-list-assessor 200 assessor GET "/api/v1/enrolments/$enr/evidence"
check evidence-list-assessor "d['total'] == 4"
call evidence-list-council 403 council GET "/api/v1/enrolments/$enr/evidence"
call evidence-get-ada 200 ada GET "/api/v1/evidence/$ev_text"
check evidence-get-ada "d['text'] == 'Private notes of Ada'"
call evidence-get-ben 403 ben GET "/api/v1/evidence/$ev_text"
hasnt_notes=$(grep -c "Private notes" "$tmp/body")
[ "$hasnt_notes" = 0 ] && ok || bad "learner B saw learner A's private evidence"
call evidence-get-anon 401 anon GET "/api/v1/evidence/$ev_text"
call evidence-get-council 403 council GET "/api/v1/evidence/$ev_text"
call evidence-get-assessor 200 atoken GET "/api/v1/evidence/$ev_text"
call evidence-get-public 200 anon GET "/api/v1/evidence/$ev_url"
call evidence-get-404 404 ada GET /api/v1/evidence/no-such-evidence
call evidence-file 200 ada GET "/api/v1/evidence/$ev_file/file"
cmp -s "$tmp/body" "$tmp/notes.txt" && ok || bad "evidence-file: the bytes differ"
call evidence-file-ben 403 ben GET "/api/v1/evidence/$ev_file/file"
call evidence-file-text 404 ada GET "/api/v1/evidence/$ev_text/file"

accept='{"decision": "accept", "rubric": [{"criterion": "Quality", "points": 80}], "comment": "Good work"}'
jcall review-learner 403 ada POST "/api/v1/evidence/$ev_text/review" "$accept"
jcall review-other-learner 403 ben POST "/api/v1/evidence/$ev_text/review" "$accept"
jcall review-council 403 council POST "/api/v1/evidence/$ev_text/review" "$accept"
jcall review-anon 401 anon POST "/api/v1/evidence/$ev_text/review" "$accept"
jcall review-bad 400 assessor POST "/api/v1/evidence/$ev_text/review" '{"decision": "maybe"}'
jcall review-bad-rubric 400 assessor POST "/api/v1/evidence/$ev_text/review" '{"decision": "accept", "rubric": [{"criterion": "Nope", "points": 5}]}'
jcall review-reject 200 assessor POST "/api/v1/evidence/$ev_url/review" '{"decision": "reject", "comment": "Link is broken"}'
check review-reject "d['credential'] is None and d['progress']['complete'] is False"
jcall review-accept 200 assessor POST "/api/v1/evidence/$ev_text/review" "$accept"
check review-accept "d['progress']['complete'] is True and d['credential'].startswith('urn:uuid:') and d['awarded_now'] is True"
earned=$(j "d['credential']")
call evidence-reviewed 200 ada GET "/api/v1/evidence/$ev_text"
check evidence-reviewed "d['state'] == 'accepted' and d['review']['decision'] == 'accept' and d['review']['feedback']['comment'] == 'Good work'"
call complete-learner 403 ada POST "/api/v1/enrolments/$enr/complete"
call complete 200 assessor POST "/api/v1/enrolments/$enr/complete"
check complete "d['credential'] == '$earned' and d['awarded_now'] is False"

# Attendance and results: Ben's Machine Learning Foundations (attendance met,
# assignment, assessment) and Finn's Construction Site Safety.
call ben-enrolments 200 ben GET /api/v1/me/enrolments
ben_ml=$(j "[x['enrolment']['id'] for x in d['items'] if x['enrolment']['credential'] == 'machine-learning-foundations'][0]")
att_req=$(j "[r['number'] for x in d['items'] if x['enrolment']['credential'] == 'machine-learning-foundations' for r in x['requirements'] if r['kind'] == 'attendance'][0]")
exam_req=$(j "[r['number'] for x in d['items'] if x['enrolment']['credential'] == 'machine-learning-foundations' for r in x['requirements'] if r['kind'] == 'assessment'][0]")
jcall attendance-learner 403 ben POST "/api/v1/enrolments/$ben_ml/attendance" "{\"requirement\": $att_req, \"session\": \"Lab 9\"}"
jcall attendance-council 403 council POST "/api/v1/enrolments/$ben_ml/attendance" "{\"requirement\": $att_req, \"session\": \"Lab 9\"}"
jcall attendance 200 atoken POST "/api/v1/enrolments/$ben_ml/attendance" "{\"requirement\": $att_req, \"session\": \"Lab 9\"}"
check attendance "d['duplicate'] is False and d['enrolment_id'] == '$ben_ml'"
jcall attendance-dup 200 assessor POST "/api/v1/enrolments/$ben_ml/attendance" "{\"requirement\": $att_req, \"session\": \"Lab 9\"}"
check attendance-dup "d['duplicate'] is True"
jcall attendance-wrong-kind 400 assessor POST "/api/v1/enrolments/$ben_ml/attendance" "{\"requirement\": $exam_req, \"session\": \"Lab 9\"}"
jcall attendance-nosession 400 assessor POST "/api/v1/enrolments/$ben_ml/attendance" "{\"requirement\": $att_req}"
jcall result-learner 403 ben POST "/api/v1/enrolments/$ben_ml/results" "{\"requirement\": $exam_req, \"score\": 99}"
jcall result 200 assessor POST "/api/v1/enrolments/$ben_ml/results" "{\"requirement\": $exam_req, \"score\": 40, \"proctored\": true, \"identity_verification\": \"online-proctoring\"}"
check result "d['progress']['complete'] is False"
jcall result-bad 400 assessor POST "/api/v1/enrolments/$ben_ml/results" "{\"requirement\": $exam_req, \"score\": 1000, \"proctored\": true, \"identity_verification\": \"online-proctoring\"}"

jcall withdraw-enrol 201 ada POST /api/v1/enrolments '{"credential": "team-leadership"}'
enr2=$(j "d['id']")
call withdraw-other 403 ben POST "/api/v1/enrolments/$enr2/withdraw"
call withdraw-assessor 403 assessor POST "/api/v1/enrolments/$enr2/withdraw"
call withdraw 200 ada POST "/api/v1/enrolments/$enr2/withdraw"
check withdraw "d['state'] == 'withdrawn' and d['withdrawn_at']"
call withdraw-again 409 ada POST "/api/v1/enrolments/$enr2/withdraw"

# ---- awards ----
award='{"credential": "api-test-mc", "email": "zoe@example.com", "name": "Zoe Quinn", "evidence_url": "https://example.org/zoe/portfolio", "date": "2025-03-01", "award_key": "api-test-1"}'
jcall award-anon 401 anon POST /api/v1/awards "$award"
jcall award-learner 403 ada POST /api/v1/awards "$award"
jcall award-assessor 403 atoken POST /api/v1/awards "$award"
jcall award-council 403 council POST /api/v1/awards "$award"
jcall award-revoked-token 401 revoked POST /api/v1/awards "$award"
jcall award 201 editor POST /api/v1/awards "$award"
check award "d['created'] is True and d['email'] == 'zoe@example.com' and d['issued_at'].startswith('2025-03-01') and d['state'] == 'active'"
awid=$(j "d['id']")
grep -qi "^location: /api/v1/awards/$awid" "$tmp/hdr" && ok || bad "award: no Location"
jcall award-again 200 editor POST /api/v1/awards "$award"
check award-again "d['created'] is False and d['id'] == '$awid'"
jcall award-owner-session 201 owner POST /api/v1/awards '{"credential": "api-test-mc", "email": "yann@example.com"}'
jcall award-bad-email 400 editor POST /api/v1/awards '{"credential": "api-test-mc", "email": "not-an-email"}'
jcall award-unknown 404 editor POST /api/v1/awards '{"credential": "no-such-mc", "email": "a@example.com"}'
jcall award-noemail 400 editor POST /api/v1/awards '{"credential": "api-test-mc"}'
jcall award-member 400 editor POST /api/v1/awards '{"credential": "api-test-mc", "email": "a@example.com", "colour": 1}'

call export 200 anon GET "/api/v1/awards/$awid/credential"
grep -qi '^content-type: application/vc+ld+json' "$tmp/hdr" && ok || bad "export: content type"
cp "$tmp/body" "$tmp/award.json"
status_url=$(j "d['credentialStatus']['statusListCredential'] if isinstance(d['credentialStatus'], dict) else d['credentialStatus'][0]['statusListCredential']")
curl -s -o "$tmp/status.json" "$status_url" && ok || bad "status list $status_url"
if "$prog" verify --status "$tmp/status.json" --recipient zoe@example.com "$tmp/award.json" >"$tmp/verify.out" 2>&1; then
	ok
else
	bad "an award made over the API does not verify:"
	cat "$tmp/verify.out"
fi
call export-jwt 404 anon GET "/api/v1/awards/$awid/credential?format=jwt"
problem export-jwt no-jwt
call export-bad 400 anon GET "/api/v1/awards/$awid/credential?format=xml"
call export-404 404 anon GET "/api/v1/awards/no-such-award/credential"

call award-get-anon 401 anon GET "/api/v1/awards/$awid"
call award-get-learner 403 ada GET "/api/v1/awards/$awid"
call award-get-council 403 council GET "/api/v1/awards/$awid"
call award-get 200 atoken GET "/api/v1/awards/$awid"
check award-get "d['id'] == '$awid' and d['award_key'] == 'api-test-1'"
call award-get-own 200 ada GET "/api/v1/awards/$(echo "$earned" | sed 's/urn:uuid://')"
check award-get-own "d['email'] == 'ada@learners.example'"
call award-get-own-ben 403 ben GET "/api/v1/awards/$earned"

call awards-anon 401 anon GET /api/v1/awards
call awards-learner 200 ada GET /api/v1/awards
check awards-learner "d['items'] and all(x['email'] == 'ada@learners.example' for x in d['items'])"
call awards-learner-issuer 403 ada GET "/api/v1/awards?issuer=northbridge-university"
call awards-council 403 council GET "/api/v1/awards?issuer=northbridge-university"
call awards-council-own 200 council GET /api/v1/awards
council_id=$(curl -s "$B/api/v1/issuers/digital-skills-council" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
check awards-council-own "d['items'] and all(x['issuer_id'] == '$council_id' for x in d['items'])"
call awards-p1 200 editor GET "/api/v1/awards?limit=2"
check awards-p1 "len(d['items']) == 2 and d['next'] and 'total' not in d"
p1=$(j "[x['id'] for x in d['items']]")
next=$(j "d['next']")
call awards-p2 200 editor GET "${next#"$B"}"
check awards-p2 "len(d['items']) == 2 and not set(x['id'] for x in d['items']) & set($p1) and d['offset'] == 2"
call awards-filter 200 editor GET "/api/v1/awards?credential=api-test-mc"
check awards-filter "len(d['items']) == 3 and d['next'] is None"
call awards-admin 200 admin GET "/api/v1/awards?limit=1000"
check awards-admin "len({x['issuer_id'] for x in d['items']}) == 2"

jcall revoke-assessor 403 atoken POST "/api/v1/awards/$awid/revoke" '{"reason": "test"}'
jcall revoke-council 403 council POST "/api/v1/awards/$awid/revoke" '{"reason": "test"}'
jcall revoke-learner 403 ada POST "/api/v1/awards/$awid/revoke" '{"reason": "test"}'
jcall revoke-anon 401 anon POST "/api/v1/awards/$awid/revoke" '{"reason": "test"}'
jcall suspend-noreason 400 editor POST "/api/v1/awards/$awid/suspend" '{}'
jcall suspend 200 editor POST "/api/v1/awards/$awid/suspend" '{"reason": "Under review"}'
check suspend "d['state'] == 'suspended' and d['state_reason'] == 'Under review'"
call status-suspended 200 anon GET "/api/v1/awards/$awid/credential"
jcall suspend-again 409 editor POST "/api/v1/awards/$awid/suspend" '{"reason": "again"}'
call reinstate-admin 200 admin POST "/api/v1/awards/$awid/reinstate"
check reinstate "d['state'] == 'active'"
jcall revoke 200 owner POST "/api/v1/awards/$awid/revoke" '{"reason": "Issued in error"}'
check revoke "d['state'] == 'revoked'"
jcall revoke-again 409 editor POST "/api/v1/awards/$awid/revoke" '{"reason": "again"}'
call reinstate-revoked 409 editor POST "/api/v1/awards/$awid/reinstate"
call awards-revoked 200 editor GET "/api/v1/awards?state=revoked"
check awards-revoked "d['items'] and all(x['state'] == 'revoked' for x in d['items']) and '$awid' in [x['id'] for x in d['items']]"

printf 'email,name,micro_credential,date\numa@example.com,Uma,api-test-mc,2025-02-01\nbad-address,Bad,api-test-mc,\n' >"$tmp/cohort.csv"
call bulk-anon 401 anon POST "/api/v1/awards/bulk?issuer=northbridge-university" -H "Content-Type: text/csv" --data-binary "@$tmp/cohort.csv"
call bulk-learner 403 ada POST "/api/v1/awards/bulk?issuer=northbridge-university" -H "Content-Type: text/csv" --data-binary "@$tmp/cohort.csv"
call bulk-council 403 council POST "/api/v1/awards/bulk?issuer=northbridge-university" -H "Content-Type: text/csv" --data-binary "@$tmp/cohort.csv"
call bulk-noissuer 400 editor POST /api/v1/awards/bulk -H "Content-Type: text/csv" --data-binary "@$tmp/cohort.csv"
call bulk 200 editor POST "/api/v1/awards/bulk?issuer=northbridge-university" -H "Content-Type: text/csv" --data-binary "@$tmp/cohort.csv"
check bulk "d['rows'] == 2 and d['awarded'] == 1 and d['failed'] == 1 and d['errors'][0]['row'] == 3 and d['errors'][0]['column'] == 'email'"
call bulk-resume 200 editor POST "/api/v1/awards/bulk?issuer=northbridge-university" -F "file=@$tmp/cohort.csv"
check bulk-resume "d['resumed'] is True and d['skipped'] == 1 and d['awarded'] == 0"
printf 'email,micro_credential\nvic@example.com,food-safety-haccp\n' >"$tmp/other.csv"
call bulk-other-issuer 200 editor POST "/api/v1/awards/bulk?issuer=northbridge-university" -H "Content-Type: text/csv" --data-binary "@$tmp/other.csv"
check bulk-other-issuer "d['failed'] == 1 and d['awarded'] == 0"
call bulk-noheader 400 editor POST "/api/v1/awards/bulk?issuer=northbridge-university" -H "Content-Type: text/csv" --data-binary "just,some,text"

# ---- pathways ----
call pathways 200 anon GET /api/v1/pathways
check pathways "d['total'] >= 1"
pw=$(j "d['items'][0]['slug']")
call pathway 200 anon GET "/api/v1/pathways/$pw"
check pathway "d['slug'] == '$pw' and 'rule' in d"
call pathway-404 404 anon GET /api/v1/pathways/no-such-pathway
pwbody='{"issuer": "northbridge-university", "title": "API Test Pathway", "rule": {"all": [{"achievement": "api-test-mc"}, {"achievement": "python-data-analysis"}]}}'
jcall pathway-create-assessor 403 atoken POST /api/v1/pathways "$pwbody"
jcall pathway-create-council 403 council POST /api/v1/pathways "$pwbody"
jcall pathway-create-anon 401 anon POST /api/v1/pathways "$pwbody"
jcall pathway-create-norule 400 editor POST /api/v1/pathways '{"issuer": "northbridge-university", "title": "No rule"}'
jcall pathway-create-badrule 404 editor POST /api/v1/pathways '{"issuer": "northbridge-university", "title": "Bad", "rule": {"all": [{"achievement": "no-such-mc"}]}}'
jcall pathway-create 201 editor POST /api/v1/pathways "$pwbody"
check pathway-create "d['slug'] == 'api-test-pathway'"
jcall pathway-rule-assessor 403 assessor PUT /api/v1/pathways/api-test-pathway/rule '{"rule": {"any": [{"achievement": "api-test-mc"}]}}'
jcall pathway-rule 200 editor PUT /api/v1/pathways/api-test-pathway/rule '{"rule": {"any": [{"achievement": "api-test-mc"}, {"achievement": "python-data-analysis"}]}}'
check pathway-rule "'any' in json.dumps(d['rule'])"
jcall pathway-rule-cycle 400 editor PUT /api/v1/pathways/api-test-pathway/rule '{"rule": {"all": [{"achievement": "api-test-pathway"}]}}'

# ---- endorsements ----
call endorsements 200 anon GET /api/v1/endorsements
check endorsements "d['total'] >= 1 and 'credential' in d['items'][0]"
endo='{"endorser": "digital-skills-council", "subject_type": "achievement", "subject": "api-test-mc", "comment": "Meets the Council standard."}'
jcall endorse-anon 401 anon POST /api/v1/endorsements "$endo"
jcall endorse-other-owner 403 owner POST /api/v1/endorsements "$endo"
jcall endorse-council-editor 403 council POST /api/v1/endorsements "$endo"
jcall endorse-nocomment 400 cpd POST /api/v1/endorsements '{"endorser": "digital-skills-council", "subject_type": "achievement", "subject": "api-test-mc"}'
jcall endorse 201 cpd POST /api/v1/endorsements "$endo"
check endorse "d['subject_type'] == 'achievement' and 'EndorsementCredential' in d['credential']['type']"
endo_id=$(j "d['id']")
call endorsements-filter 200 anon GET "/api/v1/endorsements?endorser=digital-skills-council&subject_type=achievement&subject=api-test-mc"
check endorsements-filter "[x['id'] for x in d['items']] == ['$endo_id']"
call endorse-withdraw-other 403 owner POST "/api/v1/endorsements/$endo_id/withdraw"
call endorse-withdraw 204 cpd POST "/api/v1/endorsements/$endo_id/withdraw"
call endorse-withdraw-404 404 cpd POST /api/v1/endorsements/urn:uuid:00000000-0000-0000-0000-000000000000/withdraw
call endorsements-withdrawn 200 anon GET "/api/v1/endorsements?subject=api-test-mc&subject_type=achievement&withdrawn=true"
check endorsements-withdrawn "d['items'][0]['withdrawn_at']"

# ---- archiving (last: the micro-credential is used above) ----
call mc-archive-assessor 403 atoken POST /api/v1/micro-credentials/api-test-mc/archive
call mc-archive-council 403 council POST /api/v1/micro-credentials/api-test-mc/archive
call mc-archive 200 editor POST /api/v1/micro-credentials/api-test-mc/archive
check mc-archive "d['state'] == 'archived'"
call mc-archive-again 409 editor POST /api/v1/micro-credentials/api-test-mc/archive
call mc-list-after-archive 200 anon GET "/api/v1/micro-credentials?q=API+Test+Micro"
check mc-list-after-archive "d['total'] == 0"
call mc-list-archived 200 anon GET "/api/v1/micro-credentials?q=API+Test+Micro&state=archived"
check mc-list-archived "[x['slug'] for x in d['items']] == ['api-test-mc']"

# ---- limits, methods, bodies: and the server keeps serving ----
python3 -c 'import sys; sys.stdout.write("{\"a\": \"" + "x" * (2 * 1024 * 1024) + "\"}")' >"$tmp/big.json"
call big-body 413 editor POST /api/v1/awards -H "Content-Type: application/json" --data-binary "@$tmp/big.json"
problem big-body body-too-large
call big-chunked 413 editor POST /api/v1/awards -H "Content-Type: application/json" -H "Transfer-Encoding: chunked" --data-binary "@$tmp/big.json"
call after-413 200 anon GET /api/v1/issuers
deep=$(python3 -c 'print("[" * 100 + "]" * 100)')
jcall deep-json 400 editor POST /api/v1/awards "{\"credential\": $deep}"
problem deep-json json-too-deep
jcall bad-json 400 editor POST /api/v1/awards '{"credential": '
problem bad-json invalid-json
jcall not-object 400 editor POST /api/v1/awards '["credential"]'
call no-body 400 editor POST /api/v1/awards
call method 405 anon DELETE /api/v1/issuers
grep -qi '^allow: GET, HEAD, POST' "$tmp/hdr" && ok || bad "405 without Allow: GET, HEAD, POST"
call unknown-path 404 anon GET /api/v1/nothing-here
problem unknown-path
call still-serving 200 anon GET /healthz

kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
pid=
if grep -q "Sanitizer\|runtime error" "$tmp/serve.err"; then
	bad "the server reported memory or undefined-behaviour errors:"
	head -40 "$tmp/serve.err"
else
	ok
fi

# The deferred checks: one FAIL line per false one, then "passed failed".
counts=$(python3 - "$tmp/checks.tsv" <<'EOF'
import json, sys
passed = failed = 0
for line in open(sys.argv[1], encoding="utf-8"):
    name, path, expr = line.rstrip("\n").split("\t", 2)
    text = open(path, encoding="utf-8", errors="replace").read()
    try:
        d = json.loads(text)
        good = bool(eval(expr, {"json": json}, {"d": d}))
    except Exception as e:
        good = False
        expr += "  [%s: %s]" % (type(e).__name__, e)
    if good:
        passed += 1
    else:
        failed += 1
        print("FAIL %s: (%s) is false for: %s" % (name, expr, text[:400]), file=sys.stderr)
print(passed, failed)
EOF
)
pass=$((pass + ${counts% *}))
fail=$((fail + ${counts#* }))
echo "web/api: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
