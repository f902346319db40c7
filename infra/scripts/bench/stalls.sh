#!/usr/bin/env bash
# The key's budget through stalls: builds a backlog of receipts while the sandbox is down, drains it with two
# transactions-service replicas, and while it drains stops one process at a time (SIGSTOP) for a moment every few
# seconds: nothing, then both transactions-service replicas, then PostgreSQL, then the sandbox. For each it reports
# what the sandbox counted (429s, busiest calendar second) and what went over the wire to it (tcpdump on loopback:
# the most requests in any sliding second), against the key's budget. See README.md beside this file.
# Starts its own local run, so ports 8080-8083, 8089, 8092, 9080-9083, 9089, 9092 and 15432 must be free; needs root
# for tcpdump.
set -euo pipefail
source "$(dirname "$0")/../common.sh"

BUDGET=${BENCH_BUDGET:-45}
ENGAGE_LIMIT=${BENCH_ENGAGE_LIMIT:-50}   # the sandbox answers 429 above this (Voyado: keep under 50/s)
STALL_MS=${BENCH_STALL_MS:-200}
STALL_EVERY=${BENCH_STALL_EVERY:-7}      # seconds between two stalls
STAGE_SECONDS=${BENCH_STAGE_SECONDS:-30}
OUT="$ROOT/.run/bench"
mkdir -p "$OUT"

for tool in wrk psql jq tcpdump; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is missing: apt-get install wrk postgresql-client jq tcpdump"
done

source "$(dirname "$0")/lib.sh"

say "Starting the suite (the API key's budget $BUDGET/s)"
ENGAGE_RATE_LIMIT_BUDGET=$BUDGET SANDBOX_RECEIPT_DELAY=1h start_suite "$OUT/stalls-run.log"
export TOKEN
TOKEN=$(service_token transactions-service)   # receipts.lua sends it
pending() { $PG -d transactions -c "select count(*) from outbox_message where status = 'PENDING'"; }

# enough for the relays' start and every stage (its lead-in, its stops, the second after) at the budget, and a quarter more
WANTED=$(( (10 + 4 * (6 + STAGE_SECONDS + STALL_EVERY)) * BUDGET * 5 / 4 ))
say "Engage down: queueing $WANTED receipts"
curl -s -X POST "$S/admin/down" >/dev/null
while [ "$(pending)" -lt "$WANTED" ]; do
    RECEIPTS_PATH=/receipts wrk -t1 -c16 -d5s -s "$ROOT/infra/scripts/bench/receipts.lua" "$T" >/dev/null
done

say "A second transactions-service replica on port 8092"
start_second_transactions "$OUT/stalls-replica-2.log"

WIRE="$OUT/stalls-wire.txt"
wire_start "$WIRE" || die "tcpdump cannot capture here: it is missing (apt-get install tcpdump) or this is not root"

say "Engage up, 429 above $ENGAGE_LIMIT/s; draining in stages of ${STAGE_SECONDS}s, a ${STALL_MS} ms stop every ${STALL_EVERY}s"
curl -s -X PUT -H 'Content-Type: application/json' -d "{\"rateLimit\":$ENGAGE_LIMIT}" "$S/admin/faults" >/dev/null
curl -s -X POST "$S/admin/up" >/dev/null
curl -s -X PUT -H 'Content-Type: application/json' -d "{\"rateLimit\":$ENGAGE_LIMIT}" "$S/admin/faults" >/dev/null
sleep 10   # the relays find Engage back and reach the budget

ROWS=()
for stage in none transactions-service postgresql engage-sandbox; do
    case $stage in
        none) pids="" ;;
        transactions-service) pids="$(app_pids transactions-service)" ;;
        postgresql) pids=$(head -n1 "$SUITE_DATA/postmaster.pid"); pids="$pids $(pgrep -P "$pids" | tr '\n' ' ')" ;;
        engage-sandbox) pids="$(app_pids engage-sandbox)" ;;
    esac
    if [ -n "$pids" ]; then say "Stage: stopping $stage for $STALL_MS ms every ${STALL_EVERY}s"; else say "Stage: nothing stopped"; fi
    sleep 6   # past any pause a 429 of the stage before put on the key
    curl -s -X DELETE "$S/admin/requests" >/dev/null
    from=$(date +%s.%N)
    stops=0
    for ((i = 0; i < STAGE_SECONDS / STALL_EVERY; i++)); do
        sleep "$STALL_EVERY"
        if [ -n "$pids" ]; then
            # shellcheck disable=SC2086 # a list of pids
            kill -STOP $pids
            sleep "$(awk -v ms="$STALL_MS" 'BEGIN { print ms / 1000 }')"
            # shellcheck disable=SC2086
            kill -CONT $pids
            stops=$((stops + 1))
        fi
    done
    sleep "$STALL_EVERY"   # the last stop's second after it, in the stage
    to=$(date +%s.%N)
    curl -s "$S/admin/stats" >"$OUT/stalls-$stage.json"
    too_many=$(jq '[.byRoute | to_entries[] | select(.key | endswith(" 429")) | .value] | add // 0' "$OUT/stalls-$stage.json")
    calendar=$(jq '[.perSecond | to_entries | sort_by(.key|tonumber) | .[1:-1][] | .value] | max // 0' "$OUT/stalls-$stage.json")
    read -r sliding sent <<<"$(busiest_on_wire "$WIRE" "$from" "$to")"
    ROWS+=("| $stage | $stops | $sent, $(awk -v n="$sent" -v a="$from" -v b="$to" 'BEGIN { printf "%.1f", n / (b - a) }')/s | **$sliding** | $calendar | **$too_many** |")
done

{
echo "# engage-bridge: the key's budget through stalls, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
echo
echo "Budget $BUDGET/s (slots $(awk -v b="$BUDGET" 'BEGIN { printf "%.1f", b * 0.97 }')/s at the default headroom); the sandbox answers 429 above $ENGAGE_LIMIT in any sliding second, counted as it handles each request. Two transactions-service replicas drain a backlog; each stage stops one process for $STALL_MS ms every ${STALL_EVERY}s."
echo
echo "| stopped | stops | requests sent, per second | busiest sliding second on the wire (aim <= $BUDGET) | busiest whole second, as the sandbox answered | 429s (aim 0) |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
echo
echo "Still queued after the stages: $(pending) receipts."
} | tee "$OUT/stalls.md"
