#!/bin/sh
# microcred badge-image and certificate from the command line: every shape in SVG and
# PNG, escaping, one-line errors with exit status 2; certificates whose QR code
# decodes to the verification URL (pdftoppm + zbarimg), whose text reads back with
# non-ASCII names intact (pdftotext: Latin, Greek, Cyrillic, CJK, Hebrew, Devanagari), on A4 and Letter (pdfinfo), from JSON and JWT.
# Parts that need poppler-utils, zbar-tools or an XML checker are skipped with a
# message when those are absent; when none of the certificate tools is there, the
# whole test reports skipped (77) after the badge checks pass.
set -u
root="${MC_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
mc="${MC_PROGRAM:-$root/build/microcred}"
vec="$root/tests/vectors/render"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
skipped=""
ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL: $*" >&2
}
have() { command -v "$1" >/dev/null 2>&1; }

# expect CMD STATUS PATTERN -- ARGS...: exit status, and a first line on stderr that
# matches PATTERN (usage errors add "Run 'microcred CMD --help' for usage.").
expect() {
	cmd=$1 want=$2 pat=$3
	shift 4
	"$mc" "$cmd" "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ $got -ne "$want" ]; then
		bad "$cmd $*: exit $got, expected $want ($(cat "$tmp/err"))"
	elif [ -n "$pat" ] && ! { head -n 1 "$tmp/err" | grep -q -- "$pat" &&
		[ "$(grep -vc "for usage" "$tmp/err")" -eq 1 ]; }; then
		bad "$cmd $*: expected one line matching '$pat', got: $(cat "$tmp/err")"
	else
		ok
	fi
}

# PNG width and height from the IHDR chunk (bytes 16-23, big-endian).
png_size() {
	od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%dx%d\n", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }'
}

xml_ok() {
	if have xmllint; then
		xmllint --noout "$1" 2>"$tmp/xmlerr"
	elif have python3; then
		python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$1" 2>"$tmp/xmlerr"
	else
		return 2
	fi
}

# ---- badge images ----
"$mc" badge-image --help >"$tmp/help" 2>&1 && grep -q "Example" "$tmp/help" && ok || bad "badge-image --help"
for shape in circle shield hexagon ribbon rounded; do
	expect badge-image 0 "" -- --title "Data Analysis with R" --shape $shape --color '#0b6e4f' \
		--icon-text 'R' --subtitle 'Northwind 2025' -o "$tmp/$shape.svg"
	expect badge-image 0 "" -- --title "Data Analysis with R" --shape $shape --color '#0b6e4f' \
		--icon-text 'R' --subtitle 'Northwind 2025' --size 300 -o "$tmp/$shape.png"
	[ "$(png_size "$tmp/$shape.png")" = 300x300 ] && ok || bad "$shape.png is $(png_size "$tmp/$shape.png"), expected 300x300"
	# Not blank: a flat image compresses to almost nothing.
	[ "$(wc -c <"$tmp/$shape.png")" -gt 4000 ] && ok || bad "$shape.png is suspiciously small"
	grep -q '<title id="badge-title">Data Analysis with R</title>' "$tmp/$shape.svg" && ok || bad "$shape.svg: no <title>"
	xml_ok "$tmp/$shape.svg"
	case $? in
	0) ok ;;
	2) skipped="$skipped xml-check" ;;
	*) bad "$shape.svg is not well-formed XML: $(cat "$tmp/xmlerr")" ;;
	esac
done
# The default size is 512, and --format overrides the extension.
expect badge-image 0 "" -- -t "Python" -o "$tmp/default.png"
[ "$(png_size "$tmp/default.png")" = 512x512 ] && ok || bad "default size is $(png_size "$tmp/default.png")"
expect badge-image 0 "" -- -t "Python" --format svg -o "$tmp/svg.data"
head -c 4 "$tmp/svg.data" | grep -q '<svg' && ok || bad "--format svg did not write SVG"
expect badge-image 0 "" -- -t "Python" --format png -o - 
head -c 4 "$tmp/out" | od -c | grep -q 'P   N   G' && ok || bad "-o - --format png did not write a PNG"

# Escaping: the title's markup characters stay text.
expect badge-image 0 "" -- --title 'R&D <Lab> "Q"' --subtitle "Tom & Jerry's" -s shield -o "$tmp/esc.svg"
grep -q '<title id="badge-title">R&amp;D &lt;Lab&gt; &quot;Q&quot;</title>' "$tmp/esc.svg" && ok || bad "title not escaped: $(grep title "$tmp/esc.svg")"
grep -q 'Tom &amp; Jerry&apos;s</text>' "$tmp/esc.svg" && ok || bad "subtitle not escaped"
xml_ok "$tmp/esc.svg"
case $? in 0) ok ;; 2) ;; *) bad "esc.svg is not well-formed XML: $(cat "$tmp/xmlerr")" ;; esac

# Other scripts go through as text.
expect badge-image 0 "" -- -t 'Αρχαία Ελληνικά' -i 'Ω' -s hexagon -c '#7a2e8e' -o "$tmp/greek.svg"
grep -q '>Ω</text>' "$tmp/greek.svg" && ok || bad "Greek icon text missing"

# Errors: one line, exit 2.
expect badge-image 2 "colour 'blue' is not of the form #rrggbb" -- -t X --color blue -o "$tmp/x.svg"
expect badge-image 2 "secondary.*#12345" -- -t X --secondary '#12345' -o "$tmp/x.svg"
expect badge-image 2 "unknown shape 'star'; use one of: circle, shield" -- -t X --shape star -o "$tmp/x.svg"
expect badge-image 2 "size must be a whole number of pixels from 32 to 4096, not '10'" -- -t X --size 10 -o "$tmp/x.png"
expect badge-image 2 "size must be a whole number" -- -t X --size 12abc -o "$tmp/x.png"
expect badge-image 2 "size must be a whole number" -- -t X --size 99999 -o "$tmp/x.png"
expect badge-image 2 "title TEXT is required" -- -o "$tmp/x.png"
expect badge-image 2 "cannot tell the format" -- -t X -o "$tmp/x.gif"
expect badge-image 2 "format must be svg or png" -- -t X --format jpeg -o "$tmp/x.jpg"
expect badge-image 2 "icon text is 24 characters long" -- -t X -i 'far too long for an icon' -o "$tmp/x.svg"
expect badge-image 2 "unknown option" -- -t X --bogus -o "$tmp/x.svg"
[ ! -e "$tmp/x.svg" ] && [ ! -e "$tmp/x.png" ] && ok || bad "an error left an output file behind"

# ---- certificates ----
"$mc" certificate --help >"$tmp/help" 2>&1 && grep -q "Example" "$tmp/help" && ok || bad "certificate --help"
url=https://badges.example.edu/credentials/8d0c6b6e-3f4a-4c1e-9b7a-2a51f0c3e914
names="Zoë Ångström-Łukasiewicz
Ἀλέξανδρος Παπαδόπουλος
Мария Ивановна Петрова
山田 太郎
שרה לוי
प्रिया शर्मा
Saoirse Ní Bhraonáin"
have_text=no have_qr=no have_info=no
have pdftotext && have_text=yes
have pdftoppm && have zbarimg && have_qr=yes
have pdfinfo && have_info=yes
[ $have_text = yes ] || skipped="$skipped pdftotext(poppler-utils)"
[ $have_qr = yes ] || skipped="$skipped pdftoppm+zbarimg(poppler-utils,zbar-tools)"
[ $have_info = yes ] || skipped="$skipped pdfinfo(poppler-utils)"

i=0
echo "$names" | while IFS= read -r name; do
	i=$((i + 1))
	# The test names contain no '|', so it can delimit sed's substitution.
	sed "s|@NAME@|$name|" "$vec/credential.json" >"$tmp/cred$i.json"
	if ! "$mc" certificate "$tmp/cred$i.json" -o "$tmp/cert$i.pdf" 2>"$tmp/err"; then
		echo "FAIL: certificate for '$name': $(cat "$tmp/err")" >&2
		echo x >>"$tmp/failures"
		continue
	fi
	if [ $have_text = yes ]; then
		pdftotext -enc UTF-8 "$tmp/cert$i.pdf" "$tmp/cert$i.txt"
		for want in "$name" "Applied Statistics with R" "Northwind Institute of Technology" "1 March 2025" \
			"Statistical modelling" "Micro-credential Certificate" "$url"; do
			if ! tr '\n' ' ' <"$tmp/cert$i.txt" | grep -qF -- "$want"; then
				# The URL may wrap onto two lines beside the QR code; the id line has it whole.
				echo "FAIL: pdftotext of the certificate for '$name' lacks '$want': $(cat "$tmp/cert$i.txt")" >&2
				echo x >>"$tmp/failures"
			fi
		done
	fi
done
[ -e "$tmp/failures" ] && bad "$(wc -l <"$tmp/failures") certificate text check(s) failed" || ok

if [ $have_qr = yes ]; then
	pdftoppm -png -r 150 "$tmp/cert1.pdf" "$tmp/page"
	zbarimg -q --raw "$tmp/page-1.png" >"$tmp/qr" 2>/dev/null
	[ "$(cat "$tmp/qr")" = "$url" ] && ok || bad "QR code decodes to '$(cat "$tmp/qr")', expected '$url'"
fi
if [ $have_info = yes ]; then
	pdfinfo "$tmp/cert1.pdf" >"$tmp/info"
	grep -q 'Page size: *841.89 x 595.27[56] pts (A4)' "$tmp/info" && ok || bad "A4: $(grep 'Page size' "$tmp/info")"
	grep -q 'Pages: *1$' "$tmp/info" && ok || bad "not one page: $(grep Pages "$tmp/info")"
	expect certificate 0 "" -- "$tmp/cred1.json" --paper letter -o "$tmp/letter.pdf"
	pdfinfo "$tmp/letter.pdf" | grep -q 'Page size: *792 x 612 pts (letter)' && ok ||
		bad "Letter: $(pdfinfo "$tmp/letter.pdf" | grep 'Page size')"
fi

# A VC-JWT: the payload is the credential (the signature is not checked here).
b64url() { base64 | tr -d '\n=' | tr '+/' '-_'; }
hdr=$(printf '{"alg":"EdDSA","typ":"JWT"}' | b64url)
payload=$(tr -d '\n' <"$tmp/cred3.json" | b64url)
printf '%s.%s.%s\n' "$hdr" "$payload" "c2lnbmF0dXJl" >"$tmp/cred.jwt"
expect certificate 0 "" -- "$tmp/cred.jwt" -o "$tmp/jwt.pdf"
if [ $have_text = yes ]; then
	pdftotext -enc UTF-8 "$tmp/jwt.pdf" - | grep -q "Мария Ивановна Петрова" && ok || bad "JWT certificate lacks the name"
fi

# An id that is not a web address needs --verify-url or --base-url.
expect certificate 2 "is not an https address.*--verify-url" -- "$vec/credential-urn.json" -o "$tmp/x.pdf"
expect certificate 0 "" -- "$vec/credential-urn.json" --base-url https://badges.example.edu/ -o "$tmp/urn.pdf"
if [ $have_qr = yes ]; then
	pdftoppm -png -r 150 "$tmp/urn.pdf" "$tmp/urn"
	want=https://badges.example.edu/credentials/urn:uuid:5b1f0e0a-7c2d-4f7e-8a11-3c9d2e6f4b70
	[ "$(zbarimg -q --raw "$tmp/urn-1.png" 2>/dev/null)" = "$want" ] && ok || bad "--base-url QR: $(zbarimg -q --raw "$tmp/urn-1.png" 2>/dev/null)"
fi
if [ $have_text = yes ]; then
	# The learner's name from an unhashed IdentityObject; the VC 1.1 issuanceDate.
	pdftotext -enc UTF-8 "$tmp/urn.pdf" - >"$tmp/urn.txt"
	grep -q "Ingrid Øvergård" "$tmp/urn.txt" && grep -q "29 February 2024" "$tmp/urn.txt" && ok ||
		bad "urn certificate text: $(cat "$tmp/urn.txt")"
fi
expect certificate 0 "" -- "$vec/credential-urn.json" --verify-url https://verify.example/x -o "$tmp/v.pdf"

# Errors.
expect certificate 2 "names no learner.*--name" -- "$vec/credential-noname.json" -o "$tmp/x.pdf"
expect certificate 0 "" -- "$vec/credential-noname.json" --name "José Núñez" -o "$tmp/named.pdf"
expect certificate 2 "no file named 'urn:uuid:9f0c', and no database at $tmp/none.db" -- urn:uuid:9f0c --db "$tmp/none.db" -o "$tmp/x.pdf"
[ ! -e "$tmp/none.db" ] && ok || bad "a failed id lookup created a database"
expect certificate 2 "paper size 'a3' is not known; use a4 or letter" -- "$tmp/cred1.json" --paper a3 -o "$tmp/x.pdf"
expect certificate 2 "base URL 'ftp://x' is not an http(s) address" -- "$vec/credential-urn.json" --base-url ftp://x -o "$tmp/x.pdf"
expect certificate 2 "-o OUT.pdf is required" -- "$tmp/cred1.json"
expect certificate 2 "takes one CREDENTIAL_ID or FILE" -- -o "$tmp/x.pdf"
expect certificate 3 "no-such-file.json" -- "$tmp/no-such-file.json" -o "$tmp/x.pdf"
printf '[1, 2]' >"$tmp/array.json"
expect certificate 2 "array.json: not a credential" -- "$tmp/array.json" -o "$tmp/x.pdf"
printf '{"a": ' >"$tmp/broken.json"
expect certificate 2 "broken.json" -- "$tmp/broken.json" -o "$tmp/x.pdf"
[ ! -e "$tmp/x.pdf" ] && ok || bad "an error left x.pdf behind"

[ -z "$skipped" ] || echo "render: checks skipped for lack of:$skipped" >&2
echo "render: $pass passed, $fail failed"
[ $fail -eq 0 ] || exit 1
# A certificate for an awarded credential, found by its id in the platform's database:
# the learner's name from the award, the QR code leading to the public badge page.
"$mc" init --db "$tmp/p.db" --base-url https://badges.example.org >/dev/null 2>&1 &&
	"$mc" demo --db "$tmp/p.db" >/dev/null 2>&1 || bad "demo database for the id lookup"
cid=$("$mc" award list --db "$tmp/p.db" --json 2>/dev/null | grep -m1 '"id"' | sed 's/.*"id": "\(.*\)".*/\1/')
if "$mc" certificate "$cid" --db "$tmp/p.db" -o "$tmp/db.pdf" 2>"$tmp/err"; then
	ok
	if [ $have_qr = yes ]; then
		pdftoppm -png -r 150 "$tmp/db.pdf" "$tmp/db"
		want="https://badges.example.org/credentials/${cid#urn:uuid:}"
		[ "$(zbarimg -q --raw "$tmp/db-1.png" 2>/dev/null)" = "$want" ] && ok ||
			bad "id lookup QR: $(zbarimg -q --raw "$tmp/db-1.png" 2>/dev/null), want $want"
	fi
else
	bad "certificate by id $cid: $(cat "$tmp/err")"
fi

if [ $have_text = no ] && [ $have_qr = no ]; then
	echo "render: certificate checks skipped: install poppler-utils and zbar-tools" >&2
	exit 77
fi
exit 0
