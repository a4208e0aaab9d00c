#!/bin/sh
# cli/keys-errors: bad key files given to `microcred keys show` (and bad DIDs given to
# `microcred did`) exit with status 2 and exactly one line on stderr that names the
# problem, and write nothing to stdout.
set -u
prog=${MC_PROGRAM:?MC_PROGRAM must name the microcred binary}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0 count=0

# check NAME EXPECTED-STATUS STDERR-PATTERN COMMAND... (runs COMMAND with $prog)
check() {
	name=$1 want=$2 pattern=$3
	shift 3
	count=$((count + 1))
	"$prog" "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	# Usage errors add the standard "Run 'microcred ... --help'" hint line.
	lines=$(grep -cv "^Run 'microcred .* --help' for usage\.$" "$tmp/err")
	msg=$(head -n 1 "$tmp/err")
	if [ "$got" -ne "$want" ]; then
		echo "FAIL $name: exit status $got, want $want; stderr: $msg"
		fail=$((fail + 1))
	elif [ "$lines" -ne 1 ]; then
		echo "FAIL $name: want one line on stderr, got $lines: $msg"
		fail=$((fail + 1))
	elif [ -s "$tmp/out" ]; then
		echo "FAIL $name: wrote to stdout although the input is invalid"
		fail=$((fail + 1))
	elif ! printf '%s\n' "$msg" | grep -Eq -- "$pattern"; then
		echo "FAIL $name: stderr does not match /$pattern/: $msg"
		fail=$((fail + 1))
	else
		echo "ok   $name: $msg"
	fi
}

key() { printf '%s' "$1" >"$tmp/key.json"; }
pub=z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX

key '{"publicKeyMultibase": "z6Mk'; check truncated-json 2 'key.json: key file is not valid JSON' keys show "$tmp/key.json"
key '["z6Mk"]'; check not-object 2 'key JSON must be an object' keys show "$tmp/key.json"
key '{"id": "x"}'; check no-key 2 'no key found' keys show "$tmp/key.json"
key "{\"type\": \"Ed25519VerificationKey1999\", \"publicKeyMultibase\": \"$pub\"}"
check unknown-type 2 'unknown key type "Ed25519VerificationKey1999"' keys show "$tmp/key.json"
key '{"publicKeyMultibase": "mO2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik"}'
check wrong-multibase 2 "publicKeyMultibase must be multibase base58btc" keys show "$tmp/key.json"
key '{"publicKeyMultibase": "z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLl"}'
check bad-base58 2 "publicKeyMultibase: base58btc.*'l'" keys show "$tmp/key.json"
key '{"publicKeyMultibase": "z2DQUyFVAEfvDjYRPtvHSJtztMsCSrYpntBE51RxhhkqQhb"}'
check short-key 2 'ed25519-pub key must be 32 bytes, got 31' keys show "$tmp/key.json"
key "{\"publicKeyMultibase\": \"$pub\", \"secretKeyMultibase\": \"zf4wtpbbXvHH11GEw2LRuPBR1yojV69rVU52B8rWBfX2Hn\"}"
check short-secret 2 'secretKeyMultibase: a ed25519-priv key must be 32 bytes, got 31' keys show "$tmp/key.json"
key "{\"publicKeyMultibase\": \"$pub\", \"secretKeyMultibase\": \"z3u2RhErZEGEPQoX72wwNiAQiFxJjUEx7pmQ6djbr6Lbzgyt\"}"
check mismatched-secret 2 'does not match its public key' keys show "$tmp/key.json"
key '{"publicKeyMultibase": "z6LSeu9HkTHSfLLeUs2nnzUSNedgDUevfNQgQjQC23ZCit6F"}'
check x25519-key 2 'x25519-pub key' keys show "$tmp/key.json"
key '{"kty": "EC", "crv": "P-256", "x": "igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns"}'
check jwk-missing-y 2 'JWK: missing "y"' keys show "$tmp/key.json"
key '{"kty": "EC", "crv": "P-256", "x": "igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns", "y": "igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns"}'
check jwk-off-curve 2 'not a valid point' keys show "$tmp/key.json"
key '{"kty": "RSA", "n": "AQAB", "e": "AQAB"}'
check rsa-too-small 2 'RSA key has [0-9]+ bits' keys show "$tmp/key.json"
key '{"kty": "oct", "k": "c2VjcmV0"}'; check jwk-kty 2 'unknown "kty" "oct"' keys show "$tmp/key.json"
key '-----BEGIN PUBLIC KEY-----
AAAA
-----END PUBLIC KEY-----
'; check bad-pem 2 'PEM is not a readable public key' keys show "$tmp/key.json"
key ''; check empty 2 'key file is empty' keys show "$tmp/key.json"
check missing-file 3 'does-not-exist.json' keys show "$tmp/does-not-exist.json"
check no-type 2 '--type is required' keys new
check bad-type 2 "unknown key type 'ed448'" keys new --type ed448
check two-forms 2 'choose one of' keys show "$tmp/key.json" --jwk --pem
check did-web-resolve 2 'not a did:key' did resolve did:web:example.com
check did-bad-codec 2 'unknown multicodec' did resolve did:key:zzz
check did-short 2 'must be 32 bytes' did resolve did:key:z2DQUyFVAEfvDjYRPtvHSJtztMsCSrYpntBE51RxhhkqQhb
check did-format 2 "unknown did:key document format 'pgp'" did resolve --format pgp did:key:$pub
check web-http 2 'needs an https:// URL' did web http://example.com/x
check web-ip 2 'not the IP address' did web https://10.0.0.1/x
check url-not-web 2 'not a did:web DID' did url did:key:$pub

echo "keys errors: $((count - fail))/$count passed"
[ "$fail" -eq 0 ]
