#!/usr/bin/env bash
# Proves the monitoring of infra/k8s/monitoring against the local run, with a real Prometheus (Debian's package) on
# loopback, its own configuration and data folder under .run/observe:
#   1. starts the local run (infra/scripts/run.sh) unless it is already up, and Prometheus scraping every app's
#      management port with the labels the PodMonitor gives in a cluster (job="engage-bridge", service=<app>);
#   2. loads the alert rules of the PrometheusRule, with every `for:` shortened to OBSERVE_FOR (20s): a local
#      override only, the rule file is unchanged;
#   3. takes the Engage sandbox down (POST /admin/down), sends receipts and a sign-up, and shows the outbox's alert
#      EngageBridgeEngageUnreachable fire; brings the sandbox up and shows it resolve;
#   4. runs every query of the Grafana dashboard and fails if one returns nothing (a broken panel).
# Stops what it started. Prometheus' UI stays reachable while it runs: http://127.0.0.1:$PROMETHEUS_PORT
set -euo pipefail
source "$(dirname "$0")/common.sh"

require_tool curl "install curl (apt-get install curl)"
require_tool jq "install jq (apt-get install jq): it reads Prometheus' answers and the dashboard"
require_tool prometheus "install Prometheus (apt-get install prometheus; if it starts its own service on 9090: systemctl disable --now prometheus)"
require_tool promtool "install Prometheus (apt-get install prometheus), which brings promtool"

PROMETHEUS_PORT=${PROMETHEUS_PORT:-9090}
OBSERVE_FOR=${OBSERVE_FOR:-20s}
ALERT=EngageBridgeEngageUnreachable
local_run_ports   # the local run's, which it starts and watches

MONITORING="$ROOT/infra/k8s/monitoring"
DIR="$ROOT/.run/observe"
LOGS="$ROOT/.run/logs"
P="http://127.0.0.1:$PROMETHEUS_PORT"
G="http://127.0.0.1:$GATEWAY_PORT"
SANDBOX="http://127.0.0.1:$SANDBOX_PORT"
mkdir -p "$DIR" "$LOGS"

RUN_PID=""
PROMETHEUS_PID=""
stop_started() {
    trap - INT TERM EXIT
    curl -fs -X POST "$SANDBOX/admin/up" >/dev/null 2>&1 || true
    if [ -n "$PROMETHEUS_PID" ]; then
        kill "$PROMETHEUS_PID" 2>/dev/null || true
        wait "$PROMETHEUS_PID" 2>/dev/null || true
        say "Prometheus stopped (its data: $DIR/data)"
    fi
    if [ -n "$RUN_PID" ]; then
        kill -TERM "$RUN_PID" 2>/dev/null || true
        wait "$RUN_PID" 2>/dev/null || true
        say "The local run this script started is stopped"
    fi
}
trap 'stop_started; exit 130' INT TERM
trap stop_started EXIT

elapsed() { printf '%3ds' $((SECONDS - $1)); }

# --- 1. the local run ------------------------------------------------------------------------------------------
MANAGEMENT_PORTS=("$GATEWAY_MANAGEMENT_PORT" "$CONTACTS_MANAGEMENT_PORT" "$TRANSACTIONS_MANAGEMENT_PORT"
    "$PROMOTIONS_MANAGEMENT_PORT")
all_ready() {
    local port
    for port in "${MANAGEMENT_PORTS[@]}"; do
        curl -fs "$(ready_url "$port")" >/dev/null 2>&1 || return 1
    done
}
if curl -fs "$(ready_url "$GATEWAY_MANAGEMENT_PORT")" >/dev/null 2>&1; then
    say "Using the local run that is already up"
    all_ready || die "Some app of the local run is not ready (management ports ${MANAGEMENT_PORTS[*]})"
else
    say "Starting the local run (infra/scripts/run.sh; its output: $LOGS/observe-run.log)"
    "$ROOT/infra/scripts/run.sh" >"$LOGS/observe-run.log" 2>&1 &
    RUN_PID=$!
    deadline=$((SECONDS + ${READY_TIMEOUT:-240}))
    until all_ready; do
        kill -0 "$RUN_PID" 2>/dev/null || { tail -n 20 "$LOGS/observe-run.log" >&2; die "run.sh stopped"; }
        [ $SECONDS -lt $deadline ] || die "The local run is not ready; see $LOGS/observe-run.log"
        sleep 1
    done
    echo "   the sandbox, three services and the gateway are ready"
fi
curl -fs "$SANDBOX/admin/state" >/dev/null 2>&1 \
    || die "No Engage sandbox on $SANDBOX: observe.sh takes Engage down through the sandbox; run the local run without ENGAGE_BASE_URL"
POS=$(cat "$ROOT/.run/jwt/pos.jwt")
ME=$(cat "$ROOT/.run/jwt/customer.jwt")
ANN=00000000-0000-4000-8000-000000000001

# --- 2. the rules, with short for: durations (this copy only) -----------------------------------------------------
# The PrometheusRule's spec is a plain rule file: everything under "spec:", two spaces less indented.
sed -n '/^spec:/,$p' "$MONITORING/prometheus-rules.yaml" | tail -n +2 | sed 's/^  //' \
    | sed -E "s/^( *)for: .*/\1for: $OBSERVE_FOR/" >"$DIR/rules.yaml"
promtool check rules "$DIR/rules.yaml" >/dev/null || die "promtool check rules $DIR/rules.yaml failed"

target() { # port, service
    printf "      - targets: ['127.0.0.1:%s']\n        labels: {namespace: local, service: %s, pod: %s-local}\n" "$1" "$2" "$2"
}
{
    cat <<EOF
# Written by infra/scripts/observe.sh: the local run scraped as the PodMonitor scrapes a cluster
global:
  scrape_interval: 5s
  evaluation_interval: 5s
rule_files:
  - rules.yaml
scrape_configs:
  - job_name: engage-bridge
    metrics_path: /q/metrics
    static_configs:
EOF
    target "$CONTACTS_MANAGEMENT_PORT" contacts-service
    target "$TRANSACTIONS_MANAGEMENT_PORT" transactions-service
    target "$PROMOTIONS_MANAGEMENT_PORT" promotions-service
    target "$GATEWAY_MANAGEMENT_PORT" gateway
} >"$DIR/prometheus.yml"
promtool check config "$DIR/prometheus.yml" >/dev/null || die "promtool check config $DIR/prometheus.yml failed"

# --- Prometheus ---------------------------------------------------------------------------------------------------
require_free_port "$PROMETHEUS_PORT" Prometheus PROMETHEUS_PORT
rm -rf "$DIR/data"
say "Starting Prometheus $(prometheus --version 2>&1 | head -n 1 | awk '{print $3}') on $P (config $DIR/prometheus.yml, log $LOGS/prometheus.log)"
prometheus --config.file="$DIR/prometheus.yml" --storage.tsdb.path="$DIR/data" \
    --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" >"$LOGS/prometheus.log" 2>&1 &
PROMETHEUS_PID=$!

query() { # PromQL -> Prometheus' JSON answer
    curl -fsG "$P/api/v1/query" --data-urlencode "query=$1"
}
value() { # PromQL -> the first sample's value (whole numbers shown whole), or "none"
    query "$1" | jq -r '.data.result[0].value[1] // "none" | if . == "none" then . else ((tonumber | floor | tostring)? // .) end'
}
alert_state() { # alert name -> firing, pending or inactive, with the services concerned
    curl -fs "$P/api/v1/alerts" | jq -r --arg name "$1" '[.data.alerts[] | select(.labels.alertname == $name)]
        | if length == 0 then "inactive" else (map(.state + "(" + (.labels.service // "") + ")") | join(" ")) end'
}
wait_until() { # seconds, description, command...
    local deadline=$((SECONDS + $1)) what=$2
    shift 2
    until "$@"; do
        [ $SECONDS -lt $deadline ] || die "Not seen within the time allowed: $what"
        sleep 1
    done
}
all_targets_up() { [ "$(value 'count(up{job="engage-bridge"} == 1)')" = "4" ]; }
wait_until 60 "Prometheus answers" curl -fs "$P/-/ready" -o /dev/null
wait_until 60 "the four apps scraped" all_targets_up
echo "   4 targets up: $(query 'up{job="engage-bridge"}' | jq -r '[.data.result[].metric.service] | sort | join(", ")')"
echo "   rules loaded: $(curl -fs "$P/api/v1/rules" | jq -r '[.data.groups[].rules[].name] | join(", ")')"

# --- traffic ------------------------------------------------------------------------------------------------------
receipt() { # id
    curl -fs -o /dev/null -H "Authorization: Bearer $POS" -H 'Content-Type: application/json' -d '{"contactId":"'$ANN'",
      "uniqueReceiptId":"'"$1"'","receiptNumber":"1","createdDate":"2026-11-26T10:14:00+01:00","storeExternalId":"S001",
      "currency":"SEK","totalGrossPrice":200.00,"paymentMethods":[{"type":"card","value":200.00}],
      "items":[{"type":"PURCHASE","sku":"A1","quantity":1,"grossPaidPrice":200.00,"taxAmount":40.00,"taxPercent":25,
                "articleNumber":"A1","articleName":"Shirt"}]}' "$G/api/v1/receipts"
}
traffic() { # a till and My Pages at work
    curl -fs -o /dev/null -H "Authorization: Bearer $POS" -H 'Content-Type: application/json' \
        -d '{"email":"ann@example.com"}' "$G/api/v1/contacts/identify"
    curl -fs -o /dev/null -H "Authorization: Bearer $POS" -H 'Content-Type: application/json' \
        -d '{"email":"observe-'"$RUN_ID"'-'"$1"'@example.com"}' "$G/api/v1/contacts/identify" || true   # 404: unknown
    curl -fs -o /dev/null -H "Authorization: Bearer $ME" "$G/api/v1/me/profile"
    curl -fs -o /dev/null -H "Authorization: Bearer $ME" "$G/api/v1/me/profile"
    curl -fs -o /dev/null -H "Authorization: Bearer $ME" "$G/api/v1/me/purchases"
    curl -fs -o /dev/null -H "Authorization: Bearer $ME" "$G/api/v1/me/promotions?channel=ECOM"
    curl -fs -o /dev/null -H "Authorization: Bearer $POS" "$G/api/v1/contacts/$ANN/promotions?channel=POS"
    receipt "OBS-$RUN_ID-$1"
}
RUN_ID=$(date +%s)
say "Traffic: a till identifies, sends receipts; My Pages reads"
for i in 1 2 3; do traffic "warm-$i"; done
sleep 6

# --- 3. Engage down: the alert fires --------------------------------------------------------------------------------
reachable='min by (service) (outbox_engage_reachable{job="engage-bridge", service="transactions-service"})'
outage='max by (service) (outbox_outage_seconds{job="engage-bridge", service="transactions-service"})'
waiting='max by (service) (outbox_pending{job="engage-bridge", service="transactions-service"})'
line() { # start second
    printf '   %s  Engage reachable=%s  down for=%ss  waiting receipts=%s  %s: %s\n' "$(elapsed "$1")" \
        "$(value "$reachable")" "$(value "$outage")" "$(value "$waiting")" "$ALERT" "$(alert_state "$ALERT")"
}
echo "   $ALERT: $(alert_state "$ALERT") (rules' for: shortened to $OBSERVE_FOR in $DIR/rules.yaml)"
say "Engage goes down (POST $SANDBOX/admin/down); the tills keep sending receipts, a new customer signs up"
curl -fs -o /dev/null -X POST "$SANDBOX/admin/down"
start=$SECONDS
for i in $(seq 1 8); do receipt "OBS-$RUN_ID-down-$i"; done
curl -fs -o /dev/null -H "Authorization: Bearer $POS" -H 'Content-Type: application/json' \
    -d '{"email":"observe-'"$RUN_ID"'@example.com","create":{"attributes":{"firstName":"Olga"}}}' "$G/api/v1/contacts/identify"
deadline=$((SECONDS + 180))
while [[ "$(alert_state "$ALERT")" != *firing* ]]; do
    [ $SECONDS -lt $deadline ] || die "$ALERT did not fire within 180 s"
    line "$start"
    receipt "OBS-$RUN_ID-down-$SECONDS"
    sleep 5
done
line "$start"
say "$ALERT is FIRING:"
curl -fs "$P/api/v1/alerts" | jq -r --arg name "$ALERT" '.data.alerts[] | select(.labels.alertname == $name and .state == "firing")
    | "   \(.labels.alertname){service=\"\(.labels.service)\", severity=\"\(.labels.severity)\"} since \(.activeAt)\n     summary: \(.annotations.summary)\n     runbook: \(.annotations.runbook_url)"'

# --- Engage up: the alert resolves --------------------------------------------------------------------------------
say "Engage is back (POST $SANDBOX/admin/up)"
curl -fs -o /dev/null -X POST "$SANDBOX/admin/up"
start=$SECONDS
deadline=$((SECONDS + 180))
while [ "$(alert_state "$ALERT")" != "inactive" ]; do
    [ $SECONDS -lt $deadline ] || die "$ALERT did not resolve within 180 s"
    line "$start"
    sleep 5
done
line "$start"
say "$ALERT resolved: Engage answers; the receipts kept meanwhile drain"
deadline=$((SECONDS + 120))
until [ "$(value "$waiting")" = "0" ]; do
    [ $SECONDS -lt $deadline ] || die "The receipts kept during the outage did not drain within 120 s"
    sleep 5
    line "$start"
done
echo "   other alerts active now: $(curl -fs "$P/api/v1/alerts" | jq -r '[.data.alerts[] | .labels.alertname + "=" + .state] | if length == 0 then "none" else join(", ") end')"

# --- 4. every dashboard query returns data --------------------------------------------------------------------------
say "Every query of the Grafana dashboard ($MONITORING/grafana-dashboard.json) against this Prometheus"
for i in 1 2 3; do traffic "check-$i"; done
sleep 6
empty=0
total=0
while IFS=$'\t' read -r title ref expr; do
    total=$((total + 1))
    promql=${expr//'$namespace'/local}
    promql=${promql//'$service'/.*}
    promql=${promql//'$__rate_interval'/1m}
    answer=$(query "$promql") || { echo "   FAILED  $title [$ref]: the query was refused"; empty=$((empty + 1)); continue; }
    series=$(jq '.data.result | length' <<<"$answer")
    if [ "$series" -eq 0 ]; then
        echo "   EMPTY   $title [$ref]: $promql"
        empty=$((empty + 1))
    else
        printf '   OK %3d series  %s [%s]  e.g. %s\n' "$series" "$title" "$ref" \
            "$(jq -r '[.data.result[] | select(.value[1] != "NaN")] + .data.result | .[0]
                | ((.metric | to_entries | map(.key + "=" + .value) | join(",")) + " " + .value[1])' <<<"$answer")"
    fi
done < <(jq -r '.panels[] | if .type == "row" then (.panels[]?) else . end | .title as $t | .targets[] | [$t, .refId, .expr] | @tsv' \
    "$MONITORING/grafana-dashboard.json")
[ "$empty" -eq 0 ] || die "$empty of $total dashboard queries returned nothing"
say "All $total dashboard queries returned data"
