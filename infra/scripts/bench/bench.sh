#!/usr/bin/env bash
# Measures the suite on this machine and reports ratios taken in one run (see README.md beside this file).
# Starts its own local run (embedded PostgreSQL + Engage sandbox), so ports 8080-8083, 8089, 8092, 8099, their
# management ports 9080-9083, 9089, 9092, 9099, and 15432 must be free. Every load goes to 127.0.0.1 only, bounded
# in time and count.
set -euo pipefail
source "$(dirname "$0")/../common.sh"

DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
BUDGET=${BENCH_BUDGET:-45}
DRAIN_SECONDS=${BENCH_DRAIN_SECONDS:-60}
OUT="$ROOT/.run/bench"
mkdir -p "$OUT"

for tool in wrk pgbench psql jq; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        [ "$(id -u)" = 0 ] || die "$tool is missing: apt-get install wrk postgresql-client jq"
        say "Installing wrk, postgresql-client and jq from Debian"
        apt-get update -qq && apt-get install -y -qq wrk postgresql-client jq >/dev/null
    fi
done

source "$(dirname "$0")/lib.sh"

say "Starting the suite (the API key's rate budget $BUDGET/s)"
ENGAGE_RATE_LIMIT_BUDGET=$BUDGET SANDBOX_RECEIPT_DELAY=1h start_suite "$OUT/run.log"
export POS ME OPS
POS=$(cat "$ROOT/.run/jwt/pos.jwt"); ME=$(cat "$ROOT/.run/jwt/customer.jwt"); OPS=$(cat "$ROOT/.run/jwt/ops.jwt")
G=http://127.0.0.1:8080
S=http://127.0.0.1:8089
PG="psql -h 127.0.0.1 -p 15432 -U postgres -qAt"

rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
engage_calls() { curl -s "$S/admin/stats" | jq '.total'; }

JAVA_OPTS=${JAVA_OPTS:-$APP_JAVA_OPTS}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
APPS=(engage-sandbox contacts-service transactions-service promotions-service gateway)
jar_of() { if [ "$1" = engage-sandbox ]; then echo "$ROOT/infra/engage-sandbox/target/quarkus-app/quarkus-run.jar"; else echo "$ROOT/$1/target/quarkus-app/quarkus-run.jar"; fi; }

# Time from launching a second instance of an app, alone, until its readiness check says UP (ms).
time_to_ready() { # app, db name
    local port=8099 management=9099 started pid ms
    local keys
    mapfile -t keys < <(service_key_env "$1")
    started=$(date +%s%N)
    env "${keys[@]}" DB_HOST=127.0.0.1 DB_PORT=15432 DB_NAME="$2" OUTBOX_RELAY_INTERVAL=off ENGAGE_BASE_URL=$S \
        ENGAGE_API_KEY=sandbox-key JWT_PUBLIC_KEY_LOCATION="file:$ROOT/.run/jwt/public-key.pem" \
        java $JAVA_OPTS -Dquarkus.http.port=$port -Dquarkus.management.port=$management -jar "$(jar_of "$1")" \
        >"$OUT/start-$1.log" 2>&1 &
    pid=$!
    until curl -fs "$(ready_url "$management")" >/dev/null 2>&1; do
        kill -0 "$pid" 2>/dev/null || { echo "-1"; return; }
        sleep 0.05
    done
    ms=$(( ($(date +%s%N) - started) / 1000000 ))
    kill "$pid"; wait "$pid" 2>/dev/null || true
    echo "$ms"
}

# 2. Zero Engage calls inside the cache expiry ---------------------------------------------------------------
curl -s -X DELETE "$S/admin/requests" >/dev/null
curl -s -o /dev/null -H "Authorization: Bearer $POS" -H 'Content-Type: application/json' -d '{"email":"bob@example.com"}' "$G/api/v1/contacts/identify"
curl -s -o /dev/null -H "Authorization: Bearer $ME" "$G/api/v1/me/profile"
first=$(engage_calls)
curl -s -o /dev/null -H "Authorization: Bearer $POS" -H 'Content-Type: application/json' -d '{"email":"Bob@Example.com"}' "$G/api/v1/contacts/identify"
curl -s -o /dev/null -H "Authorization: Bearer $ME" "$G/api/v1/me/profile"
REPEAT_CALLS=$(( $(engage_calls) - first ))

# 3. Cached My Pages read vs a bare GET ------------------------------------------------------------------------
say "Cached My Pages read vs bare GET ($CONNECTIONS connections, 3 alternating rounds of $DURATION each)"
wrk -t2 -c"$CONNECTIONS" -d3s "$G/api/v1/ping" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d3s -H "Authorization: Bearer $ME" "$G/api/v1/me/profile" >/dev/null
RATIOS=()
for round in 1 2 3; do
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "$G/api/v1/ping" >"$OUT/ping-$round.txt"
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -H "Authorization: Bearer $ME" "$G/api/v1/me/profile" >"$OUT/profile-$round.txt"
    RATIOS+=("$(ratio "$(rps "$OUT/profile-$round.txt")" "$(rps "$OUT/ping-$round.txt")") $round")
done
# the round with the median ratio is reported
MEDIAN_ROUND=$(printf '%s\n' "${RATIOS[@]}" | sort -n | sed -n 2p | cut -d' ' -f2)
PING=$(rps "$OUT/ping-$MEDIAN_ROUND.txt"); PROFILE=$(rps "$OUT/profile-$MEDIAN_ROUND.txt")
ALL_RATIOS=$(printf '%s\n' "${RATIOS[@]}" | cut -d' ' -f1 | paste -sd' ')

# 4. Receipts accepted while Engage is down vs pgbench single-row inserts ------------------------------------
say "Receipts accepted with Engage down vs pgbench inserts ($CONNECTIONS connections, $DURATION each)"
curl -s -X POST "$S/admin/down" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s "$ROOT/infra/scripts/bench/receipts.lua" "$G" >"$OUT/receipts.txt"
RECEIPTS=$(rps "$OUT/receipts.txt")
RECEIPTS_DIRECT=0
# straight to transactions-service, with a service token as the gateway sends (minted once, before the load)
TOKEN=$(service_token transactions-service) RECEIPTS_PATH=/receipts wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s "$ROOT/infra/scripts/bench/receipts.lua" \
    http://127.0.0.1:8082 >"$OUT/receipts-direct.txt"
RECEIPTS_DIRECT=$(rps "$OUT/receipts-direct.txt")
$PG -d postgres -c "drop database if exists bench" -c "create database bench"
$PG -d bench -c "create table single_row (id bigint generated always as identity primary key, payload text not null, at timestamptz not null default now())"
echo "insert into single_row (payload) values ('receipt');" >"$OUT/insert.sql"
pgbench -h 127.0.0.1 -p 15432 -U postgres -n -c "$CONNECTIONS" -j 2 -T "${DURATION%s}" -f "$OUT/insert.sql" bench >"$OUT/pgbench.txt" 2>&1
PGBENCH=$(awk '/^tps/ {print $3; exit}' "$OUT/pgbench.txt")
QUEUED=$($PG -d transactions -c "select count(*) from receipt")
NON2XX=$(grep -o 'Non-2xx or 3xx responses: [0-9]*' "$OUT/receipts.txt" | grep -o '[0-9]*$' || echo 0)

# 5. Startup, one app at a time ------------------------------------------------------------------------------
say "Time to ready, each app started alone"
declare -A READY_MS
READY_MS[engage-sandbox]=$(time_to_ready engage-sandbox none)
READY_MS[contacts-service]=$(time_to_ready contacts-service contacts)
READY_MS[transactions-service]=$(time_to_ready transactions-service transactions)
READY_MS[promotions-service]=$(time_to_ready promotions-service promotions)
READY_MS[gateway]=$(time_to_ready gateway none)

# 6. Outbox drain with two replicas -------------------------------------------------------------------------
ENGAGE_LIMIT=${BENCH_ENGAGE_LIMIT:-50}
say "Draining with two transactions-service replicas for ${DRAIN_SECONDS}s (budget $BUDGET/s; the sandbox answers 429 above $ENGAGE_LIMIT/s, Voyado's normal-operation limit)"
start_second_transactions "$OUT/replica-2.log"
curl -s -X DELETE "$S/admin/requests" >/dev/null
curl -s -X POST "$S/admin/up" >/dev/null
curl -s -X PUT -H 'Content-Type: application/json' -d "{\"rateLimit\":$ENGAGE_LIMIT}" "$S/admin/faults" >/dev/null
sleep "$DRAIN_SECONDS"
curl -s "$S/admin/stats" >"$OUT/drain-stats.json"
curl -s -X POST "$S/admin/up" >/dev/null
SENT=$(jq '[.byRoute | to_entries[] | select(.key | startswith("POST /api/v3/receipts 2")) | .value] | add // 0' "$OUT/drain-stats.json")
TOO_MANY=$(jq '[.byRoute | to_entries[] | select(.key | endswith(" 429")) | .value] | add // 0' "$OUT/drain-stats.json")
# rates: whole seconds between the first and the last (both partial, left out); steady: after the first 20 s,
# while the second replica warms up its JIT
read -r OVERALL STEADY BUSIEST <<<"$(jq -r '[.perSecond | to_entries | sort_by(.key|tonumber) | .[1:-1][] | .value] as $v
    | ($v[19:]) as $w
    | "\(if ($v|length) > 0 then (($v|add) / ($v|length)) else 0 end) \(if ($w|length) > 0 then (($w|add) / ($w|length)) else 0 end) \($v | max // 0)"' "$OUT/drain-stats.json")"
LEFT=$($PG -d transactions -c "select count(*) from outbox_message where status = 'PENDING'")

# 7. Memory after load ------------------------------------------------------------------------------------------
declare -A RSS
for app in "${APPS[@]}"; do
    pid=$(pgrep -f "$app/target/quarkus-app/quarkus-run.jar" | head -n1)
    RSS[$app]=$(( $(ps -o rss= -p "$pid") / 1024 ))
done

{
echo "# engage-bridge benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, -Xmx128m, $CONNECTIONS connections, $DURATION per load"
echo
echo "| measure | figure | target |"
echo "|---|---|---|"
echo "| cached My Pages read (GET /api/v1/me/profile, JWT checked) / bare GET (/api/v1/ping), same gateway | $PROFILE / $PING req/s = **$(ratio "$PROFILE" "$PING")x** (median of 3 rounds: $ALL_RATIOS) | >= 0.8x |"
echo "| receipt accepted (202) through the gateway, Engage down / pgbench single-row insert, same PostgreSQL | $RECEIPTS / $PGBENCH = **$(ratio "$RECEIPTS" "$PGBENCH")x** (non-2xx: $NON2XX) | >= 0.5x |"
echo "| the same, straight to transactions-service / pgbench | $RECEIPTS_DIRECT / $PGBENCH = **$(ratio "$RECEIPTS_DIRECT" "$PGBENCH")x** | |"
echo "| outbox drain, two replicas: requests/s after the first 20 s / budget | $STEADY / $BUDGET = **$(ratio "$STEADY" "$BUDGET")x** (whole run $(ratio "$OVERALL" "$BUDGET")x); busiest second **$BUSIEST** (budget $BUDGET); sent $SENT in ${DRAIN_SECONDS}s; 429s (above $ENGAGE_LIMIT/s): **$TOO_MANY**; still queued $LEFT of $QUEUED | 0.95-1.0x, busiest <= budget, no 429 |"
echo "| Engage calls made by a repeated identify + a repeated My Pages view inside the cache expiry | **$REPEAT_CALLS** | 0 |"
for app in "${APPS[@]}"; do
    echo "| $app: launch to ready, started alone / resident after the loads above | ${READY_MS[$app]} ms / ${RSS[$app]} MB | <= 3000 ms / <= 200 MB |"
done
} | tee "$OUT/results.md"
