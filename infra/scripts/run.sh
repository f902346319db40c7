#!/usr/bin/env bash
# Runs the whole suite on this machine: PostgreSQL (embedded unless DB_HOST is given), the Engage sandbox
# (unless ENGAGE_BASE_URL and ENGAGE_API_KEY point at a real tenant), the three services and the gateway.
# Builds what is missing first (--rebuild builds anyway). Ctrl-C stops everything.
set -euo pipefail
source "$(dirname "$0")/common.sh"

REBUILD=false
[ "${1:-}" = "--rebuild" ] && REBUILD=true

require_java
require_tool curl "install curl (apt-get install curl)"
require_tool openssl "install openssl (apt-get install openssl): it makes the local development tokens"

RUN_DIR="$ROOT/.run"
LOGS="$RUN_DIR/logs"
mkdir -p "$LOGS"
PIDS=()
RECORDERS=()   # startup archives being recorded: each stops its app and leaves nothing when stopped (common.sh)

stop_all() {
    trap - INT TERM EXIT
    if [ ${#RECORDERS[@]} -gt 0 ]; then
        kill "${RECORDERS[@]}" 2>/dev/null || true
        wait "${RECORDERS[@]}" 2>/dev/null || true
    fi
    if [ ${#PIDS[@]} -gt 0 ]; then
        say "Stopping ${#PIDS[@]} process(es)"
        kill "${PIDS[@]}" 2>/dev/null || true
        wait "${PIDS[@]}" 2>/dev/null || true
    fi
    say "Stopped. Logs are in $LOGS"
}
trap 'stop_all; exit 0' INT TERM
trap stop_all EXIT

# --- build -------------------------------------------------------------------------------------------------
APPS=(infra/engage-sandbox contacts-service transactions-service promotions-service gateway)
missing=false
for app in "${APPS[@]}"; do [ -f "$ROOT/$app/target/quarkus-app/quarkus-run.jar" ] || missing=true; done
ls "$ROOT"/infra/dev-database/target/dev-database-*.jar >/dev/null 2>&1 || missing=true
if $missing || $REBUILD; then
    require_maven
    say "Building the suite (mvn install, tests skipped: run infra/scripts/test.sh for those)"
    (cd "$ROOT" && mvn -B -ntp -q install -DskipTests) || die "The build failed; see the Maven output above."
fi

# --- ports -------------------------------------------------------------------------------------------------
local_run_ports
require_free_port "$GATEWAY_PORT" gateway GATEWAY_PORT
require_free_port "$CONTACTS_PORT" contacts-service CONTACTS_PORT
require_free_port "$TRANSACTIONS_PORT" transactions-service TRANSACTIONS_PORT
require_free_port "$PROMOTIONS_PORT" promotions-service PROMOTIONS_PORT
require_free_port "$GATEWAY_MANAGEMENT_PORT" "gateway management" GATEWAY_MANAGEMENT_PORT
require_free_port "$CONTACTS_MANAGEMENT_PORT" "contacts-service management" CONTACTS_MANAGEMENT_PORT
require_free_port "$TRANSACTIONS_MANAGEMENT_PORT" "transactions-service management" TRANSACTIONS_MANAGEMENT_PORT
require_free_port "$PROMOTIONS_MANAGEMENT_PORT" "promotions-service management" PROMOTIONS_MANAGEMENT_PORT

export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
# Where the gateway (and transactions-service) find the services: the ones started here, unless CONTACTS_URL,
# TRANSACTIONS_URL or PROMOTIONS_URL says otherwise (infra/scripts/scale.sh puts a round-robin over replicas there)
CONTACTS_URL=${CONTACTS_URL:-http://127.0.0.1:$CONTACTS_PORT}
TRANSACTIONS_URL=${TRANSACTIONS_URL:-http://127.0.0.1:$TRANSACTIONS_PORT}
PROMOTIONS_URL=${PROMOTIONS_URL:-http://127.0.0.1:$PROMOTIONS_PORT}
# Where the gateway's ops view asks each service's outbox figures: the services' management ports
CONTACTS_MANAGEMENT_URL=${CONTACTS_MANAGEMENT_URL:-http://127.0.0.1:$CONTACTS_MANAGEMENT_PORT}
TRANSACTIONS_MANAGEMENT_URL=${TRANSACTIONS_MANAGEMENT_URL:-http://127.0.0.1:$TRANSACTIONS_MANAGEMENT_PORT}
PROMOTIONS_MANAGEMENT_URL=${PROMOTIONS_MANAGEMENT_URL:-http://127.0.0.1:$PROMOTIONS_MANAGEMENT_PORT}

start() { # name, log, command...
    local name=$1 log=$2
    shift 2
    "$@" >"$log" 2>&1 &
    PIDS+=($!)
    echo "   $name (pid $!), log: $log"
}

# --- PostgreSQL --------------------------------------------------------------------------------------------
if [ -n "${DB_HOST:-}" ]; then
    say "Using PostgreSQL at $DB_HOST:${DB_PORT:=5432} (databases contacts, transactions, promotions and engage must exist)"
else
    DB_HOST=127.0.0.1
    DB_PORT=$DEV_DB_PORT
    require_free_port "$DB_PORT" "embedded PostgreSQL" DEV_DB_PORT
    DEV_DB_DIR=${DEV_DB_DIR:-$RUN_DIR/pgdata}   # kept between runs; the benchmark gives its own, emptied first
    say "Starting the embedded PostgreSQL on $DB_PORT (data in $DEV_DB_DIR)"
    # Its libraries are named on the command line, not in the jar's manifest: a manifest class path would put the
    # PostgreSQL binaries twice on any test class path that holds the jar. The first start on a machine unpacks the
    # binaries (an xz archive, whose decoder wants its whole dictionary in the heap): 64 MB ran out of heap there.
    start postgres "$LOGS/postgres.log" java -Xmx256m \
        -cp "$(ls "$ROOT"/infra/dev-database/target/dev-database-*.jar | head -n 1):$ROOT/infra/dev-database/target/lib/*" \
        io.engagebridge.devdb.DevDatabaseMain "$DB_PORT" "$DEV_DB_DIR" contacts transactions promotions engage
    deadline=$((SECONDS + 60))
    until grep -q '^READY' "$LOGS/postgres.log" 2>/dev/null; do
        [ $SECONDS -lt $deadline ] || { tail -n 30 "$LOGS/postgres.log" >&2; die "PostgreSQL did not start"; }
        sleep 0.3
    done
    echo "   postgres ready"
fi
export DB_HOST DB_PORT DB_USER="${DB_USER:-postgres}" DB_PASSWORD="${DB_PASSWORD:-}"
# One rate budget for the Engage API key, in a database every service reaches (see infra/engage-client)
export ENGAGE_RATE_LIMIT_DATABASE_URL="${ENGAGE_RATE_LIMIT_DATABASE_URL:-postgresql://$DB_HOST:$DB_PORT/engage}"

# --- keys and development tokens (made once for this machine, never committed) -------------------------------
# The callers' service keys (the gateway's, transactions-service's, an operator's) and the JWK set the services
# verify them with, in .run/service-keys; the development tokens of the gateway's callers in .run/jwt.
"$ROOT/infra/scripts/service-keys.sh" "$SERVICE_KEYS_DIR" >/dev/null
JWT_DIR="$RUN_DIR/jwt"
SERVICE_KEYS_DIR="$SERVICE_KEYS_DIR" "$ROOT/infra/scripts/dev-tokens.sh" "$JWT_DIR" >/dev/null
export JWT_PUBLIC_KEY_LOCATION="file:$JWT_DIR/public-key.pem" JWT_ISSUER="https://engage-bridge.local"
mapfile -t CONTACTS_KEYS < <(service_key_env contacts-service)
mapfile -t TRANSACTIONS_KEYS < <(service_key_env transactions-service)
mapfile -t PROMOTIONS_KEYS < <(service_key_env promotions-service)
mapfile -t GATEWAY_KEYS < <(service_key_env gateway)

# --- Engage: a tenant, or the sandbox ----------------------------------------------------------------------
STARTED=(contacts-service transactions-service promotions-service gateway)
if [ -n "${ENGAGE_BASE_URL:-}" ] && [ -n "${ENGAGE_API_KEY:-}" ]; then
    say "Using Engage at $ENGAGE_BASE_URL (the key is not shown)"
    SANDBOX=false
else
    require_free_port "$SANDBOX_PORT" "Engage sandbox" SANDBOX_PORT
    require_free_port "$SANDBOX_MANAGEMENT_PORT" "Engage sandbox management" SANDBOX_MANAGEMENT_PORT
    export ENGAGE_BASE_URL="http://127.0.0.1:$SANDBOX_PORT" ENGAGE_API_KEY="${SANDBOX_API_KEY:-sandbox-key}"
    SANDBOX=true
    STARTED=(engage-sandbox "${STARTED[@]}")
fi

# --- startup archives (once per build; see startup_archive in common.sh) -------------------------------------
RECORDING=()
for app in "${STARTED[@]}"; do
    [ -f "$(startup_archive "$app")" ] || [ -f "$(startup_archive "$app").log" ] && continue
    RECORDING+=("$app")
done
if [ ${#RECORDING[@]} -gt 0 ]; then
    say "Recording the startup archives of ${RECORDING[*]}, once per build: every start after it is ready 15-23 % sooner"
    for app in "${RECORDING[@]}"; do
        (mapfile -t keys < <(service_key_env "$app"); export "${keys[@]}" DB_NAME="${app%-service}" \
            SANDBOX_API_KEY="$ENGAGE_API_KEY"; record_startup_archive "$app") &
        RECORDERS+=($!)
    done
    wait "${RECORDERS[@]}"
    RECORDERS=()
fi

if $SANDBOX; then
    # The sandbox serves redeem at one path, like a tenant: the services' ENGAGE_REDEEM_PATH (inherited), unless
    # SANDBOX_REDEEM_PATH plays a tenant that serves the other one (a mismatch then shows as 404 RedeemPathNotServed).
    say "Starting the Engage sandbox on $SANDBOX_PORT (redeem path: ${SANDBOX_REDEEM_PATH:-${ENGAGE_REDEEM_PATH:-promotion-assignments}})"
    SANDBOX_API_KEY="$ENGAGE_API_KEY" SANDBOX_MANAGEMENT_PORT=$SANDBOX_MANAGEMENT_PORT \
        start engage-sandbox "$LOGS/engage-sandbox.log" \
        java $(java_opts engage-sandbox) $(startup_opts engage-sandbox) -Dquarkus.http.port="$SANDBOX_PORT" -jar "$(app_jar engage-sandbox)"
fi

# --- services and gateway ----------------------------------------------------------------------------------
say "Migrating the services' databases"
migrate_db contacts-service contacts >"$LOGS/migrate-contacts.log" 2>&1 & m1=$!
migrate_db transactions-service transactions >"$LOGS/migrate-transactions.log" 2>&1 & m2=$!
migrate_db promotions-service promotions >"$LOGS/migrate-promotions.log" 2>&1 & m3=$!
for m in "$m1:contacts" "$m2:transactions" "$m3:promotions"; do
    wait "${m%%:*}" || { cat "$LOGS/migrate-${m#*:}.log" >&2; die "The ${m#*:} database could not be migrated"; }
    echo "   ${m#*:}: $(tail -n 1 "$LOGS/migrate-${m#*:}.log")"
done
say "Starting the services and the gateway"
DB_NAME=contacts CONTACTS_PORT=$CONTACTS_PORT CONTACTS_MANAGEMENT_PORT=$CONTACTS_MANAGEMENT_PORT \
    start contacts-service "$LOGS/contacts-service.log" \
    env "${CONTACTS_KEYS[@]}" java $(java_opts contacts-service) $(startup_opts contacts-service) -jar "$(app_jar contacts-service)"
DB_NAME=transactions TRANSACTIONS_PORT=$TRANSACTIONS_PORT TRANSACTIONS_MANAGEMENT_PORT=$TRANSACTIONS_MANAGEMENT_PORT \
    CONTACTS_URL="$CONTACTS_URL" \
    start transactions-service "$LOGS/transactions-service.log" \
    env "${TRANSACTIONS_KEYS[@]}" java $(java_opts transactions-service) $(startup_opts transactions-service) -jar "$(app_jar transactions-service)"
DB_NAME=promotions PROMOTIONS_PORT=$PROMOTIONS_PORT PROMOTIONS_MANAGEMENT_PORT=$PROMOTIONS_MANAGEMENT_PORT \
    start promotions-service "$LOGS/promotions-service.log" \
    env "${PROMOTIONS_KEYS[@]}" java $(java_opts promotions-service) $(startup_opts promotions-service) -jar "$(app_jar promotions-service)"
GATEWAY_PORT=$GATEWAY_PORT GATEWAY_MANAGEMENT_PORT=$GATEWAY_MANAGEMENT_PORT CONTACTS_URL="$CONTACTS_URL" \
    TRANSACTIONS_URL="$TRANSACTIONS_URL" PROMOTIONS_URL="$PROMOTIONS_URL" \
    CONTACTS_MANAGEMENT_URL="$CONTACTS_MANAGEMENT_URL" TRANSACTIONS_MANAGEMENT_URL="$TRANSACTIONS_MANAGEMENT_URL" \
    PROMOTIONS_MANAGEMENT_URL="$PROMOTIONS_MANAGEMENT_URL" \
    start gateway "$LOGS/gateway.log" \
    env "${GATEWAY_KEYS[@]}" java $(java_opts gateway) $(startup_opts gateway) -jar "$(app_jar gateway)"

say "Waiting until everything is ready"
if $SANDBOX; then
    wait_ready engage-sandbox "$SANDBOX_MANAGEMENT_PORT" "$LOGS/engage-sandbox.log"
fi
wait_ready contacts-service "$CONTACTS_MANAGEMENT_PORT" "$LOGS/contacts-service.log"
wait_ready transactions-service "$TRANSACTIONS_MANAGEMENT_PORT" "$LOGS/transactions-service.log"
wait_ready promotions-service "$PROMOTIONS_MANAGEMENT_PORT" "$LOGS/promotions-service.log"
wait_ready gateway "$GATEWAY_MANAGEMENT_PORT" "$LOGS/gateway.log"

G="http://127.0.0.1:$GATEWAY_PORT"
cat <<MSG

engage-bridge is up.
                     API                                 management: health and metrics (/q/health/ready, /q/metrics);
                                                         the services' outbox (/ops/outbox, operator token)
  gateway            $G   http://127.0.0.1:$GATEWAY_MANAGEMENT_PORT/q/   (OpenAPI: $G/q/openapi)
  contacts-service   http://127.0.0.1:$CONTACTS_PORT   http://127.0.0.1:$CONTACTS_MANAGEMENT_PORT/q/
  transactions       http://127.0.0.1:$TRANSACTIONS_PORT   http://127.0.0.1:$TRANSACTIONS_MANAGEMENT_PORT/q/
  promotions         http://127.0.0.1:$PROMOTIONS_PORT   http://127.0.0.1:$PROMOTIONS_MANAGEMENT_PORT/q/
  Engage             $ENGAGE_BASE_URL
  logs               $LOGS

Development tokens (signed by a key made for this machine, valid 12 h; the operator's 1 h, renewed by
infra/scripts/dev-tokens.sh $JWT_DIR):
  export POS=\$(cat $JWT_DIR/pos.jwt) ME=\$(cat $JWT_DIR/customer.jwt) OPS=\$(cat $JWT_DIR/ops.jwt)
  export OPERATOR=\$(cat $JWT_DIR/operator.jwt)     # the services' outbox ops, on their management ports (token required)

Try (the sandbox's demo customer is ann@example.com):
  curl -s -H "Authorization: Bearer \$POS" -H 'Content-Type: application/json' \\
       -d '{"email":"ann@example.com"}' $G/api/v1/contacts/identify
  curl -s -H "Authorization: Bearer \$ME" $G/api/v1/me/profile
  curl -s -H "Authorization: Bearer \$ME" '$G/api/v1/me/promotions?channel=ECOM'
  curl -s -H "Authorization: Bearer \$OPS" $G/api/v1/ops/outbox
  curl -s -H "Authorization: Bearer \$OPERATOR" http://127.0.0.1:$CONTACTS_MANAGEMENT_PORT/ops/outbox/dead
  curl -s -X POST http://127.0.0.1:$SANDBOX_PORT/admin/down     # Engage "goes down"; /admin/up brings it back
The README walks through a whole purchase. Ctrl-C stops everything.
MSG

wait -n "${PIDS[@]}" || true
warn "A process stopped on its own; stopping the rest (see $LOGS)"
