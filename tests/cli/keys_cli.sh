#!/bin/sh
# cli/keys: `microcred keys new` for every type writes a 0600 key file in the
# keygen.mjs shape that `keys show` reads back in every form; keygen.mjs files
# (tests/vectors/keys/) read as is; `did resolve` / `did web` / `did url` work.
set -u
prog=${MC_PROGRAM:?MC_PROGRAM must name the microcred binary}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0 count=0

ok() { count=$((count + 1)); echo "ok   $1"; }
bad() { count=$((count + 1)); fail=$((fail + 1)); echo "FAIL $1"; }
# expect NAME PATTERN FILE: FILE has a line matching the extended regex.
expect() { if grep -Eq -- "$2" "$3"; then ok "$1"; else bad "$1: no /$2/ in $(cat "$3")"; fi; }
# absent NAME PATTERN FILE
absent() { if grep -Eq -- "$2" "$3"; then bad "$1: /$2/ found in $(cat "$3")"; else ok "$1"; fi; }

ctl=https://example.edu/issuers/565049
for t in ed25519 p256 rsa2048 rsa3072; do
	f="$tmp/$t.key"
	if ! "$prog" keys new --type "$t" --controller "$ctl" -o "$f" >"$tmp/id" 2>"$tmp/err"; then
		bad "new-$t: $(cat "$tmp/err")"
		continue
	fi
	expect "new-$t-prints-id" "^$ctl#" "$tmp/id"
	mode=$(stat -c %a "$f")
	if [ "$mode" = 600 ]; then ok "new-$t-mode-0600"; else bad "new-$t: mode $mode, want 600"; fi
	case $t in
	ed25519) expect "new-$t-secret" '"secretKeyMultibase": "z3u2' "$f"
		 expect "new-$t-public" '"publicKeyMultibase": "z6Mk' "$f" ;;
	p256) expect "new-$t-secret" '"secretKeyMultibase": "z' "$f"
	      expect "new-$t-public" '"publicKeyMultibase": "zDn' "$f" ;;
	rsa*) expect "new-$t-jwk" '"secretKeyJwk"' "$f"
	      expect "new-$t-type" '"type": "JsonWebKey"' "$f" ;;
	esac
	# Default show and --public never print a secret; --jwk does unless --public.
	"$prog" keys show "$f" >"$tmp/show" 2>"$tmp/err" || bad "show-$t: $(cat "$tmp/err")"
	absent "show-$t-no-secret" 'secretKey|"d":' "$tmp/show"
	"$prog" keys show "$f" --jwk >"$tmp/jwk" 2>"$tmp/err" || bad "show-jwk-$t: $(cat "$tmp/err")"
	expect "show-jwk-$t-private" '"d": "' "$tmp/jwk"
	"$prog" keys show "$f" --jwk --public >"$tmp/jwkpub" 2>"$tmp/err" || bad "show-jwk-pub-$t: $(cat "$tmp/err")"
	absent "show-jwk-public-$t" '"d":' "$tmp/jwkpub"
	# The JWK and PEM forms read back as the same key (same did:key).
	"$prog" keys show "$f" --did >"$tmp/did1"
	"$prog" keys show "$tmp/jwk" --did >"$tmp/did2" 2>"$tmp/err"
	"$prog" keys show "$f" --pem >"$tmp/pem"
	expect "pem-$t" '^-----BEGIN PRIVATE KEY-----$' "$tmp/pem"
	"$prog" keys show "$tmp/pem" --did >"$tmp/did3" 2>>"$tmp/err"
	if cmp -s "$tmp/did1" "$tmp/did2" && cmp -s "$tmp/did1" "$tmp/did3" && grep -q '^did:key:z' "$tmp/did1"; then
		ok "did-$t-stable"
	else
		bad "did-$t: $(cat "$tmp/did1" "$tmp/did2" "$tmp/did3" "$tmp/err")"
	fi
done

# Refuse to replace a key file without --force.
"$prog" keys new --type ed25519 -o "$tmp/ed25519.key" >/dev/null 2>"$tmp/err"
if [ $? -ne 0 ] && grep -q 'already exists' "$tmp/err"; then ok "no-overwrite"; else bad "no-overwrite"; fi
"$prog" keys new --type ed25519 --force -o "$tmp/ed25519.key" >/dev/null 2>&1 && ok "force" || bad "force"
# Without -o the key (with its secret) goes to stdout, controller = its did:key.
"$prog" keys new --type ed25519 >"$tmp/stdout.key"
expect "stdout-key" '"controller": "did:key:z6Mk' "$tmp/stdout.key"

# keygen.mjs files read as is (fixed seed 01..01: a known key).
"$prog" keys show tests/vectors/keys/keygen-ed25519-controller.json --did >"$tmp/kg"
expect "keygen-ed25519" '^did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX$' "$tmp/kg"
"$prog" keys show tests/vectors/keys/keygen-ed25519-controller.json --multikey >"$tmp/kg"
expect "keygen-ed25519-secret" 'z3u2RHj5hRUAqd2AGVStkvCty1KjGWyk5SeUkBjfVp51Wh3e' "$tmp/kg"
"$prog" keys show tests/vectors/keys/keygen-rsa.json --jwk --public >"$tmp/kg"
expect "keygen-rsa" '"kty": "RSA"' "$tmp/kg"

# did resolve: Multikey by default; --key-agreement adds the X25519 key of the
# did:key spec's example (z6LSj72t...).
d=did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK
"$prog" did resolve "$d" >"$tmp/doc"
expect "resolve-multikey" '"type": "Multikey"' "$tmp/doc"
absent "resolve-no-agreement" keyAgreement "$tmp/doc"
"$prog" did resolve --format ed25519-2020 --key-agreement "$d" >"$tmp/doc"
expect "resolve-x25519" '"publicKeyMultibase": "z6LSj72tK8brWgZja8NLRwPigth2T9QRiG1uH9oKZuKjdh9p"' "$tmp/doc"
"$prog" did resolve --format jwk did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169 >"$tmp/doc"
expect "resolve-p256-jwk" '"y": "' "$tmp/doc"

# did:web identifier, document and URL.
"$prog" did web https://example.edu:8443/issuers/42 >"$tmp/web"
expect "web-id" '^did:web:example.edu%3A8443:issuers:42$' "$tmp/web"
"$prog" did web https://example.edu/issuers/42 "$tmp/ed25519.key" "$tmp/rsa2048.key" -o "$tmp/did.json"
expect "web-doc-id" '"id": "did:web:example.edu:issuers:42"' "$tmp/did.json"
expect "web-doc-rsa" '"type": "JsonWebKey"' "$tmp/did.json"
absent "web-doc-no-secret" 'secretKey|"d":' "$tmp/did.json"
"$prog" did url did:web:example.edu:issuers:42 >"$tmp/url"
expect "url" '^https://example.edu/issuers/42/did.json$' "$tmp/url"

for c in keys did; do
	if "$prog" $c --help | grep -q '^Examples:'; then ok "help-$c"; else bad "help-$c: no examples"; fi
done

echo "keys cli: $((count - fail))/$count passed"
[ "$fail" -eq 0 ]
