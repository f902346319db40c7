#!/usr/bin/env bash
# Makes (once) a signing key for each caller of the services, and the JWK set the services verify callers with:
#   DIR/<caller>.key.pem  the caller's private key (PKCS#8, RSA 2048): only that caller ever holds it
#   DIR/<caller>.kid      its key id, <caller>.<date>-<random>: the services read the caller's name from it
#   DIR/<caller>.pub.pem  its public key
#   DIR/jwks.json         the public keys of every *.kid in DIR: what each service verifies its callers with
# Callers (default): gateway, transactions-service, operator (the key operators sign their ops tokens with).
# Usage: service-keys.sh DIR [caller...]. Existing keys are kept; jwks.json is written again each time.
# Rotation: rename a caller's three files (gateway.* -> gateway-previous.*) and run again: a new key is made and
# jwks.json holds both until the previous files are deleted and it is run once more (README, "Security").
set -euo pipefail
DIR=${1:?usage: service-keys.sh DIR [caller...]}
shift
CALLERS=("$@")
[ ${#CALLERS[@]} -gt 0 ] || CALLERS=(gateway transactions-service operator)
command -v openssl >/dev/null 2>&1 || { echo "openssl is missing (apt-get install openssl)" >&2; exit 1; }
mkdir -p "$DIR"
chmod 700 "$DIR"
umask 077

for caller in "${CALLERS[@]}"; do
    [[ $caller =~ ^[a-z][a-z0-9-]*$ ]] || { echo "A caller's name is lower-case letters, digits and '-': $caller" >&2; exit 1; }
    if [ ! -f "$DIR/$caller.key.pem" ]; then
        openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$DIR/$caller.key.pem" 2>/dev/null
        openssl pkey -in "$DIR/$caller.key.pem" -pubout -out "$DIR/$caller.pub.pem"
        printf '%s.%s-%s\n' "$caller" "$(date -u +%Y%m%d)" "$(openssl rand -hex 3)" >"$DIR/$caller.kid"
    fi
done

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

jwk() { # public key file, key id
    local modulus exponent
    modulus=$(openssl rsa -pubin -in "$1" -noout -modulus | cut -d= -f2)
    exponent=$(openssl rsa -pubin -in "$1" -noout -text | awk '/^Exponent/ {print $2}')
    [ "$exponent" = 65537 ] || { echo "$1: exponent $exponent, expected 65537" >&2; exit 1; }
    printf '{"kty":"RSA","use":"sig","alg":"RS256","kid":"%s","n":"%s","e":"AQAB"}' "$2" \
        "$(printf '%b' "$(sed 's/../\\x&/g' <<<"$modulus")" | b64url)"
}

keys=""
for kid_file in "$DIR"/*.kid; do
    public="${kid_file%.kid}.pub.pem"
    [ -f "$public" ] || continue
    keys+="${keys:+,}$(jwk "$public" "$(cat "$kid_file")")"
done
printf '{"keys":[%s]}\n' "$keys" >"$DIR/jwks.json"
echo "$DIR"
