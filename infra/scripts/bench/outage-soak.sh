#!/usr/bin/env bash
# Engage down for a while under a steady POS load, then back: how many requests knocked on the closed door, how
# fast the backlog drained once it opened, and whether anything was lost, doubled or refused with a 429.
# See README.md beside this file. Starts its own local run: ports 8080-8083, 8089, 8092, 9080-9083, 9089, 9092 and
# 15432 must be free.
set -euo pipefail
source "$(dirname "$0")/../common.sh"

OUTAGE_SECONDS=${SOAK_OUTAGE_SECONDS:-600}
RECEIPTS_PER_SECOND=${SOAK_RECEIPTS_PER_SECOND:-10}
SIGNUP_EVERY=${SOAK_SIGNUP_EVERY:-10}
BUDGET=${BENCH_BUDGET:-45}
ENGAGE_LIMIT=${BENCH_ENGAGE_LIMIT:-50}   # the sandbox answers 429 above this (Voyado: keep under 50/s)
DRAIN_LIMIT=${SOAK_DRAIN_LIMIT:-900}
OUT="$ROOT/.run/bench"
mkdir -p "$OUT"
for tool in psql jq curl; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is missing: apt-get install postgresql-client jq curl"
done

source "$(dirname "$0")/lib.sh"

say "Starting the suite (the API key's budget $BUDGET/s) and a second transactions-service replica"
ENGAGE_RATE_LIMIT_BUDGET=$BUDGET SANDBOX_RECEIPT_DELAY=1h start_suite "$OUT/soak-run.log"
start_second_transactions "$OUT/soak-replica-2.log"
ANN=00000000-0000-4000-8000-000000000001
pending() { $PG -d "$1" -c "select count(*) from outbox_message where status = 'PENDING'"; }
all_pending() { echo $(( $(pending transactions) + $(pending contacts) + $(pending promotions) )); }
max_attempts() { $PG -d "$1" -c "select coalesce(max(attempts), 0) from outbox_message"; }
dead() { $PG -d "$1" -c "select count(*) from outbox_message where status = 'DEAD'"; }
stat() { jq "[.byRoute | to_entries[] | select(.key | test(\"$1\")) | .value] | add // 0" "$2"; }

# The services are called straight, as the gateway calls them, with its service tokens: minted here, and again
# outside the second's work when half their hour has passed (a soak may outlast a token)
T_TOKEN=$(service_token transactions-service); C_TOKEN=$(service_token contacts-service); MINTED=$SECONDS
RUN=$(date +%s)
receipt() {
    printf '{"contactId":"%s","uniqueReceiptId":"SOAK-%s-%s","receiptNumber":"%s","createdDate":"2026-11-26T10:14:00+01:00",
      "storeExternalId":"S001","currency":"SEK","totalGrossPrice":100.00,"paymentMethods":[{"type":"card","value":100.00}],
      "items":[{"type":"PURCHASE","sku":"A1","quantity":1,"grossPaidPrice":100.00,"taxAmount":20.00,"taxPercent":25,
      "articleNumber":"A1","articleName":"Shirt"}]}' "$ANN" "$RUN" "$1" "$1"
}

say "Engage down for ${OUTAGE_SECONDS}s: $RECEIPTS_PER_SECOND receipts/s over two replicas, a contact change every second, a sign-up every ${SIGNUP_EVERY}s"
curl -s -X POST "$S/admin/down" >/dev/null
curl -s -X DELETE "$S/admin/requests" >/dev/null
: >"$OUT/soak-answers.txt"
(
    n=0
    end=$((SECONDS + OUTAGE_SECONDS))
    while [ $SECONDS -lt $end ]; do
        if [ $((SECONDS - MINTED)) -ge 1800 ]; then
            T_TOKEN=$(service_token transactions-service); C_TOKEN=$(service_token contacts-service); MINTED=$SECONDS
        fi
        tick=$SECONDS
        for i in $(seq 1 "$RECEIPTS_PER_SECOND"); do
            n=$((n + 1))
            port=$(( n % 2 == 0 ? 8082 : 8092 ))
            curl -s -o /dev/null -w "receipt %{http_code}\n" -H "Authorization: Bearer $T_TOKEN" \
                -H 'Content-Type: application/json' \
                -d "$(receipt "$n")" "http://127.0.0.1:$port/receipts" >>"$OUT/soak-answers.txt" &
        done
        curl -s -o /dev/null -w "update %{http_code}\n" -X PATCH -H "Authorization: Bearer $C_TOKEN" \
            -H 'Content-Type: application/json' \
            -d "{\"attributes\":{\"lastName\":\"Soak$n\"}}" "$C/contacts/$ANN" >>"$OUT/soak-answers.txt" &
        if [ $((tick % SIGNUP_EVERY)) -eq 0 ]; then
            curl -s -o /dev/null -w "signup %{http_code}\n" -H "Authorization: Bearer $C_TOKEN" \
                -H 'Content-Type: application/json' \
                -d "{\"email\":\"soak-$RUN-$n@example.com\",\"create\":{\"attributes\":{\"firstName\":\"S$n\"}}}" \
                "$C/contacts/identify" >>"$OUT/soak-answers.txt" &
        fi
        wait
        while [ $SECONDS -eq $tick ]; do sleep 0.05; done
    done
) &
BENCH_PIDS+=($!)
wait "$!"
curl -s "$S/admin/stats" >"$OUT/soak-outage-stats.json"
DURING=$(jq '.total' "$OUT/soak-outage-stats.json")
# requests per 10 s after the first minute of the outage (whole seconds only)
AFTER_MINUTE=$(jq --argjson skip 60 '[.perSecond | to_entries | sort_by(.key|tonumber) | .[] | .key |= tonumber] as $s
    | ($s[0].key // 0) as $t0 | [$s[] | select(.key >= $t0 + $skip) | .value] | add // 0' "$OUT/soak-outage-stats.json")
ACCEPTED=$(grep -c '^receipt 202' "$OUT/soak-answers.txt" || true)
UPDATES=$(grep -c '^update 20[02]' "$OUT/soak-answers.txt" || true)
SIGNUPS=$(grep -c '^signup 20[02]' "$OUT/soak-answers.txt" || true)
REFUSED=$(grep -vc ' 20[0-2]$' "$OUT/soak-answers.txt" || true)
BACKLOG=$(all_pending)

say "Engage back (429 above $ENGAGE_LIMIT/s, the key's budget $BUDGET/s): draining $BACKLOG messages"
wire_start "$OUT/soak-wire.txt" || true
curl -s -X DELETE "$S/admin/requests" >/dev/null
curl -s -X POST "$S/admin/up" >/dev/null
curl -s -X PUT -H 'Content-Type: application/json' -d "{\"rateLimit\":$ENGAGE_LIMIT}" "$S/admin/faults" >/dev/null
start=$(date +%s.%N)
until [ "$(all_pending)" -eq 0 ]; do
    [ "$(echo "$(date +%s.%N) - $start > $DRAIN_LIMIT" | bc)" -eq 1 ] && break
    sleep 1
done
DRAIN=$(echo "$(date +%s.%N) - $start" | bc)
curl -s "$S/admin/stats" >"$OUT/soak-drain-stats.json"
WIRE_BUSIEST=$(wire_busiest)
curl -s "$S/admin/state" >"$OUT/soak-state.json"
DRAIN_REQUESTS=$(jq '.total' "$OUT/soak-drain-stats.json")
TOO_MANY=$(( $(stat ' 429$' "$OUT/soak-outage-stats.json") + $(stat ' 429$' "$OUT/soak-drain-stats.json") ))
BUSIEST=$(jq '[.perSecond | to_entries | sort_by(.key|tonumber) | .[1:-1][] | .value] | max // 0' "$OUT/soak-drain-stats.json")
RECEIVED=$(jq --arg p "SOAK-$RUN-" '[.receipts[] | select(.uniqueReceiptId | startswith($p))] | length' "$OUT/soak-state.json")
SENT_OK=$(stat '^POST /api/v3/receipts 2' "$OUT/soak-drain-stats.json")
MAX_ATTEMPTS=$(printf '%s\n' "$(max_attempts transactions)" "$(max_attempts contacts)" "$(max_attempts promotions)" | sort -n | tail -n1)
IDEAL=$(echo "scale=1; $DRAIN_REQUESTS / $BUDGET" | bc)
RATIO=$(echo "scale=2; $DRAIN / ($DRAIN_REQUESTS / $BUDGET)" | bc)
RATIO_MESSAGES=$(echo "scale=2; $DRAIN / ($BACKLOG / $BUDGET)" | bc)

PER_10S="no rate: the outage lasted a minute or less"
[ "$OUTAGE_SECONDS" -le 60 ] || PER_10S="$(echo "scale=2; $AFTER_MINUTE * 10 / ($OUTAGE_SECONDS - 60)" | bc) per 10 s"
{
echo "# engage-bridge outage soak, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores: Engage down ${OUTAGE_SECONDS}s, $RECEIPTS_PER_SECOND receipts/s"
echo
echo "| figure | measured | aim |"
echo "|---|---|---|"
echo "| accepted during the outage | $ACCEPTED receipts 202, $UPDATES contact changes, $SIGNUPS sign-ups; $REFUSED refused | all accepted |"
echo "| requests sent to the unreachable Engage | **$DURING** in ${OUTAGE_SECONDS}s; **$AFTER_MINUTE** after the first minute ($PER_10S, 3 services) | <= 1 per 10 s per service after the first minute |"
echo "| backlog when Engage came back | $BACKLOG messages | |"
echo "| drain time | **$(printf '%.1f' "$DRAIN") s** for $DRAIN_REQUESTS requests: **${RATIO}x** requests / budget ($IDEAL s); ${RATIO_MESSAGES}x messages / budget | <= 1.15x |"
echo "| lost / doubled receipts | **$((ACCEPTED - RECEIVED))** lost ($RECEIVED of $ACCEPTED in Engage); **$((SENT_OK - RECEIVED > 0 ? SENT_OK - RECEIVED : 0))** doubled ($SENT_OK accepted POSTs) | 0 / 0 |"
echo "| 429s; busiest second of the drain: whole, as the sandbox answered; sliding, on the wire | **$TOO_MANY**; **$BUSIEST**; $WIRE_BUSIEST (budget $BUDGET) | 0, <= budget |"
echo "| highest attempt count of any message | **$MAX_ATTEMPTS** | unchanged by the outage's length |"
echo "| still pending / DEAD after the drain | $(all_pending) / $(( $(dead transactions) + $(dead contacts) + $(dead promotions) )) | 0 / 0 |"
} | tee "$OUT/outage-soak.md"
