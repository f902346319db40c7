#!/usr/bin/env bash
# A replica stopped with SIGTERM in the middle of a drain: does the other one take over at once, and is anything sent
# twice? Two transactions-service replicas drain receipts queued while the sandbox was down (Engage answering in
# HANDOVER_LATENCY_MS); one gets SIGTERM HANDOVER_AFTER seconds in. See README.md beside this file.
set -euo pipefail
source "$(dirname "$0")/../common.sh"

COUNT=${HANDOVER_RECEIPTS:-400}
AFTER=${HANDOVER_AFTER:-3}
LATENCY=${HANDOVER_LATENCY_MS:-200}
BUDGET=${BENCH_BUDGET:-45}
OUT="$ROOT/.run/bench"
mkdir -p "$OUT"
source "$(dirname "$0")/lib.sh"

say "Starting the suite and a second transactions-service replica"
ENGAGE_RATE_LIMIT_BUDGET=$BUDGET SANDBOX_RECEIPT_DELAY=1h start_suite "$OUT/handover-run.log"
start_second_transactions "$OUT/handover-replica-2.log"
T_TOKEN=$(service_token transactions-service)   # posted straight to transactions-service, as the gateway would
RUN=$(date +%s)
pending() { $PG -d transactions -c "select count(*) from outbox_message where status = 'PENDING'"; }

say "Engage down: queueing $COUNT receipts"
curl -s -X POST "$S/admin/down" >/dev/null
seq 1 "$COUNT" | xargs -P 8 -I{} curl -s -o /dev/null -H "Authorization: Bearer $T_TOKEN" -H 'Content-Type: application/json' -d \
    "{\"contactId\":\"00000000-0000-4000-8000-000000000001\",\"uniqueReceiptId\":\"HANDOVER-$RUN-{}\",\"receiptNumber\":\"{}\",
      \"createdDate\":\"2026-11-26T10:14:00+01:00\",\"storeExternalId\":\"S001\",\"currency\":\"SEK\",\"totalGrossPrice\":100.00,
      \"paymentMethods\":[{\"type\":\"card\",\"value\":100.00}],\"items\":[{\"type\":\"PURCHASE\",\"sku\":\"A1\",\"quantity\":1,
      \"grossPaidPrice\":100.00,\"taxAmount\":20.00,\"taxPercent\":25,\"articleNumber\":\"A1\",\"articleName\":\"Shirt\"}]}" \
    "http://127.0.0.1:$TRANSACTIONS_PORT/receipts"

say "Engage back, answering in ${LATENCY} ms; SIGTERM to the second replica after ${AFTER}s"
curl -s -X DELETE "$S/admin/requests" >/dev/null
curl -s -X POST "$S/admin/up" >/dev/null
curl -s -X PUT -H 'Content-Type: application/json' -d "{\"latencyMs\":$LATENCY,\"rateLimit\":50}" "$S/admin/faults" >/dev/null
# the relays notice Engage is back at their next outage probe (at most 10 s); the drain must be under way
until [ "$(curl -s "$S/admin/stats" | jq '.total')" -ge 20 ]; do sleep 0.2; done
sleep "$AFTER"
BEFORE=$(pending)
stopped_at=$(date +%s.%N)
kill -TERM "$SECOND_PID"
wait "$SECOND_PID" 2>/dev/null || true
GONE=$(echo "$(date +%s.%N) - $stopped_at" | bc)
AT_EXIT=$(pending)
start=$(date +%s.%N)
until [ "$(pending)" -eq 0 ]; do
    [ "$(echo "$(date +%s.%N) - $start > 120" | bc)" -eq 1 ] && break
    sleep 0.5
done
REST=$(echo "$(date +%s.%N) - $start" | bc)
curl -s "$S/admin/stats" >"$OUT/handover-stats.json"
curl -s "$S/admin/state" >"$OUT/handover-state.json"
SENT=$(jq '[.byRoute | to_entries[] | select(.key | startswith("POST /api/v3/receipts 2")) | .value] | add // 0' "$OUT/handover-stats.json")
UNIQUE=$(jq --arg p "HANDOVER-$RUN-" '[.receipts[] | select(.uniqueReceiptId | startswith($p))] | length' "$OUT/handover-state.json")
HANDED=$(grep -o 'handed [0-9]* claimed' "$OUT/handover-replica-2.log" | grep -o '[0-9]*' || echo 0)

{
echo "# engage-bridge: SIGTERM mid-drain, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
echo
echo "| figure | measured | aim |"
echo "|---|---|---|"
echo "| pending when the SIGTERM came / when the replica had exited | $BEFORE / $AT_EXIT (it exited in $(printf '%.1f' "$GONE") s, handing back ${HANDED:-0} claimed message(s)) | |"
echo "| the rest sent by the other replica | in $(printf '%.1f' "$REST") s; $(pending) still pending | within seconds |"
echo "| receipts in Engage / accepted POSTs to Engage | **$UNIQUE** of $COUNT / **$SENT** (doubled: **$((SENT - UNIQUE))**) | $COUNT, 0 doubled |"
} | tee "$OUT/handover.md"
