#!/usr/bin/env bash
# Makes a development key pair (once) and three tokens signed with it, for the local run only:
#   customer.jwt  group customer, contact_id = the sandbox's demo customer Ann (or CONTACT_ID)   (the gateway's)
#   pos.jwt       group pos                                                                    (the gateway's)
#   ops.jwt       group ops                                                                    (the gateway's)
# Each names the gateway's audience (JWT_AUDIENCE, default engage-bridge) and is signed RS256.
# And, with the operator's service key (service-keys.sh, in SERVICE_KEYS_DIR, default DIR/../service-keys):
#   operator.jwt  group operator, for the services' /ops/outbox, /ops/outbox/dead and re-drive (on their management
#                 ports), valid 1 h
# Usage: dev-tokens.sh DIR. Never use these keys outside a developer's machine.
set -euo pipefail
DIR=${1:?usage: dev-tokens.sh DIR}
ISSUER=${JWT_ISSUER:-https://engage-bridge.local}
AUDIENCE=${JWT_AUDIENCE:-engage-bridge}
CONTACT_ID=${CONTACT_ID:-00000000-0000-4000-8000-000000000001}
mkdir -p "$DIR"
chmod 700 "$DIR"
if [ ! -f "$DIR/private-key.pem" ]; then
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$DIR/private-key.pem" 2>/dev/null
    openssl pkey -in "$DIR/private-key.pem" -pubout -out "$DIR/public-key.pem"
fi

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

token() { # file, subject, group, extra claims
    local now exp header payload unsigned signature
    now=$(date +%s)
    exp=$((now + 12 * 3600))
    header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
    payload=$(printf '{"iss":"%s","aud":"%s","sub":"%s","upn":"%s","groups":["%s"],"iat":%d,"exp":%d%s}' \
        "$ISSUER" "$AUDIENCE" "$2" "$2" "$3" "$now" "$exp" "${4:-}" | b64url)
    unsigned="$header.$payload"
    signature=$(printf '%s' "$unsigned" | openssl dgst -sha256 -sign "$DIR/private-key.pem" | b64url)
    printf '%s.%s\n' "$unsigned" "$signature" >"$DIR/$1"
}

token customer.jwt ann customer ",\"contact_id\":\"$CONTACT_ID\""
token pos.jwt till-1 pos
token ops.jwt operator ops

SERVICE_KEYS_DIR=${SERVICE_KEYS_DIR:-$(dirname "$DIR")/service-keys}
"$(dirname "$0")/service-keys.sh" "$SERVICE_KEYS_DIR" >/dev/null
SUBJECT=${SUBJECT:-developer} "$(dirname "$0")/service-token.sh" "$SERVICE_KEYS_DIR" operator \
    contacts-service,transactions-service,promotions-service 3600 >"$DIR/operator.jwt"
echo "$DIR"
