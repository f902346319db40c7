#!/usr/bin/env bash
# One API key, every service: builds a backlog in all three services while the sandbox is down, then drains it with
# two transactions-service replicas while live calls (identify lookups, promotion lists) keep coming, and reports
# what the sandbox saw per second against the key's budget. See README.md beside this file.
# Starts its own local run, so ports 8080-8083, 8089, 8092, 9080-9083, 9089, 9092 and 15432 must be free.
set -euo pipefail
source "$(dirname "$0")/../common.sh"

BUDGET=${BENCH_BUDGET:-45}
ENGAGE_LIMIT=${BENCH_ENGAGE_LIMIT:-50}   # the sandbox answers 429 above this (Voyado: keep under 50/s)
DRAIN_SECONDS=${BENCH_DRAIN_SECONDS:-60}
RECEIPT_SECONDS=${BENCH_RECEIPT_SECONDS:-5}
SIGNUPS=${BENCH_SIGNUPS:-200}
LIVE_PER_SECOND=${BENCH_LIVE_PER_SECOND:-6}
OUT="$ROOT/.run/bench"
mkdir -p "$OUT"

for tool in wrk psql jq; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is missing: apt-get install wrk postgresql-client jq"
done

source "$(dirname "$0")/lib.sh"

say "Starting the suite (the API key's budget $BUDGET/s, shared by every service)"
ENGAGE_RATE_LIMIT_BUDGET=$BUDGET SANDBOX_RECEIPT_DELAY=1h start_suite "$OUT/key-run.log"
ANN=00000000-0000-4000-8000-000000000001
pending() { $PG -d "$1" -c "select count(*) from outbox_message where status = 'PENDING'"; }
# The services are called straight, as the gateway calls them: its service token for each, minted once here
C_TOKEN=$(service_token contacts-service); P_TOKEN=$(service_token promotions-service)
export TOKEN
TOKEN=$(service_token transactions-service)   # receipts.lua sends it

say "Engage down: queueing receipts (${RECEIPT_SECONDS}s of wrk), $SIGNUPS sign-ups and 40 contact changes"
curl -s -X POST "$S/admin/down" >/dev/null
RECEIPTS_PATH=/receipts wrk -t1 -c4 -d"${RECEIPT_SECONDS}s" -s "$ROOT/infra/scripts/bench/receipts.lua" "$T" >"$OUT/key-receipts.txt"
for i in $(seq 1 "$SIGNUPS"); do
    curl -s -o /dev/null -H "Authorization: Bearer $C_TOKEN" -H 'Content-Type: application/json' \
        -d "{\"email\":\"signup-$i-$RANDOM@example.com\",\"create\":{\"attributes\":{\"firstName\":\"S$i\"}}}" "$C/contacts/identify"
done
for i in $(seq 1 40); do
    curl -s -o /dev/null -X PATCH -H "Authorization: Bearer $C_TOKEN" -H 'Content-Type: application/json' \
        -d "{\"attributes\":{\"firstName\":\"Ann$i\"}}" "$C/contacts/$ANN"
done
QUEUED_T=$(pending transactions); QUEUED_C=$(pending contacts); QUEUED_P=$(pending promotions)

say "A second transactions-service replica on port 8092"
start_second_transactions "$OUT/key-replica-2.log"

say "Engage up, 429 above $ENGAGE_LIMIT/s, the key's budget $BUDGET/s; draining for ${DRAIN_SECONDS}s with ~$LIVE_PER_SECOND live calls/s"
wire_start "$OUT/key-wire.txt" || true
curl -s -X DELETE "$S/admin/requests" >/dev/null
curl -s -X PUT -H 'Content-Type: application/json' -d "{\"rateLimit\":$ENGAGE_LIMIT}" "$S/admin/faults" >/dev/null
curl -s -X POST "$S/admin/up" >/dev/null
curl -s -X PUT -H 'Content-Type: application/json' -d "{\"rateLimit\":$ENGAGE_LIMIT}" "$S/admin/faults" >/dev/null
: >"$OUT/key-live.txt"
(
    end=$((SECONDS + DRAIN_SECONDS))
    n=0
    while [ $SECONDS -lt $end ]; do
        n=$((n + 1))
        curl -s -o /dev/null -w 'identify %{http_code} %{time_total}\n' -H "Authorization: Bearer $C_TOKEN" \
            -H 'Content-Type: application/json' \
            -d "{\"email\":\"walk-in-$n-$RANDOM@example.com\"}" "$C/contacts/identify" >>"$OUT/key-live.txt" &
        curl -s -o /dev/null -w 'promotions %{http_code} %{time_total}\n' -H "Authorization: Bearer $P_TOKEN" \
            "$P/promotions?contactId=$ANN&channel=POS" \
            >>"$OUT/key-live.txt" &
        sleep "$(awk -v r="$LIVE_PER_SECOND" 'BEGIN { printf "%.3f", 2 / r }')"
    done
    wait
) &
BENCH_PIDS+=($!)
LIVE_PID=$!
sleep "$DRAIN_SECONDS"
wait "$LIVE_PID" 2>/dev/null || true
curl -s "$S/admin/stats" >"$OUT/key-stats.json"
WIRE_BUSIEST=$(wire_busiest)

TOO_MANY=$(jq '[.byRoute | to_entries[] | select(.key | endswith(" 429")) | .value] | add // 0' "$OUT/key-stats.json")
TOTAL=$(jq '.total' "$OUT/key-stats.json")
read -r AVERAGE BUSIEST <<<"$(jq -r '[.perSecond | to_entries | sort_by(.key|tonumber) | .[1:-1][] | .value] as $v
    | "\(if ($v|length) > 0 then (($v|add) / ($v|length)) else 0 end) \($v | max // 0)"' "$OUT/key-stats.json")"
ROUTES=$(jq -r '.byRoute | to_entries | sort_by(-.value) | map("\(.key): \(.value)") | join("; ")' "$OUT/key-stats.json")
LIVE_OK=$(awk '$2 < 500' "$OUT/key-live.txt" | wc -l)
LIVE_ALL=$(wc -l <"$OUT/key-live.txt")
LIVE_P50=$(awk '{print $3}' "$OUT/key-live.txt" | sort -n | awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : 0)}')
LIVE_MAX=$(awk '{print $3}' "$OUT/key-live.txt" | sort -n | tail -n1)

{
echo "# engage-bridge: one API key, three services, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
echo
echo "| measure | figure | aim |"
echo "|---|---|---|"
echo "| backlog when Engage came back | transactions $QUEUED_T, contacts $QUEUED_C, promotions $QUEUED_P messages | |"
echo "| requests to Engage per second, whole seconds of the ${DRAIN_SECONDS}s drain | average **$(printf '%.1f' "$AVERAGE")**, busiest whole second **$BUSIEST**, busiest sliding second on the wire $WIRE_BUSIEST (key budget $BUDGET) | busiest <= budget |"
echo "| 429s from Engage (it answers 429 above $ENGAGE_LIMIT/s) | **$TOO_MANY** of $TOTAL requests | 0 |"
echo "| live calls during the drain (identify, promotion list) | $LIVE_OK of $LIVE_ALL answered below 500; p50 ${LIVE_P50}s, slowest ${LIVE_MAX}s | all answered |"
echo "| still queued after the drain | transactions $(pending transactions), contacts $(pending contacts), promotions $(pending promotions) | |"
echo "| requests by route | $ROUTES | |"
} | tee "$OUT/key-budget.md"
