#!/usr/bin/env bash
# Prints a service token signed with one caller's key, to call a service directly: an operator's token for the
# outbox's ops endpoints (on a service's management port), or a caller's (the benchmarks post receipts straight to
# transactions-service as the gateway).
# Usage: service-token.sh KEY_DIR CALLER AUDIENCE[,AUDIENCE...] [SECONDS]
#   KEY_DIR   holds CALLER.key.pem and CALLER.kid (made by service-keys.sh; operators keep theirs outside the cluster)
#   AUDIENCE  the service(s) it is for: contacts-service, transactions-service, promotions-service
#   SECONDS   how long it lives: 300 by default, at most 3600 (the services refuse longer-lived tokens)
# SUBJECT names who holds it in the services' logs (default: the caller; an operator's own name is better).
# The token's group is the caller named by the key id, the only group the services accept from that key.
set -euo pipefail
KEY_DIR=${1:?usage: service-token.sh KEY_DIR CALLER AUDIENCE[,AUDIENCE...] [SECONDS]}
CALLER=${2:?usage: service-token.sh KEY_DIR CALLER AUDIENCE[,AUDIENCE...] [SECONDS]}
AUDIENCES=${3:?usage: service-token.sh KEY_DIR CALLER AUDIENCE[,AUDIENCE...] [SECONDS]}
SECONDS_VALID=${4:-300}
ISSUER=${SERVICE_ISSUER:-engage-bridge}
[ -f "$KEY_DIR/$CALLER.key.pem" ] && [ -f "$KEY_DIR/$CALLER.kid" ] \
    || { echo "No key of $CALLER in $KEY_DIR (make one with infra/scripts/service-keys.sh)" >&2; exit 1; }
[ "$SECONDS_VALID" -ge 1 ] && [ "$SECONDS_VALID" -le 3600 ] \
    || { echo "A service token lives 1 to 3600 seconds, not $SECONDS_VALID" >&2; exit 1; }

KID=$(cat "$KEY_DIR/$CALLER.kid")
GROUP=${KID%%.*}
SUBJECT=${SUBJECT:-$GROUP}
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

now=$(date +%s)
audience=$(printf '"%s",' ${AUDIENCES//,/ })
header=$(printf '{"alg":"RS256","typ":"JWT","kid":"%s"}' "$KID" | b64url)
payload=$(printf '{"iss":"%s","sub":"%s","groups":["%s"],"aud":[%s],"iat":%d,"exp":%d,"jti":"%s"}' \
    "$ISSUER" "$SUBJECT" "$GROUP" "${audience%,}" "$now" "$((now + SECONDS_VALID))" "$(openssl rand -hex 16)" | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$KEY_DIR/$CALLER.key.pem" | b64url)
printf '%s.%s.%s\n' "$header" "$payload" "$signature"
