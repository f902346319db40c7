#!/usr/bin/env bash
# The scale-out proof: the whole suite at SCALE_REPLICAS replicas per service (default 2) and two gateways sharing the
# My Pages cache in Redis, against one PostgreSQL and the Engage sandbox. A local nginx spreads the gateways' calls
# over the replicas (round-robin, 127.0.0.1 only); POS and My Pages traffic alternates between the two gateways.
# While Engage is down, one replica of each service is killed with SIGKILL (and replaced, as Kubernetes would); once
# Engage is back and the backlog drains, another gets SIGTERM. Reports receipts, contact changes and redemptions
# posted against what reached the sandbox (exactly once), the busiest second against the key's budget, 429s, the time
# from Engage's return to an empty outbox, and stale reads seen through the other gateway. Exits 1 when one of those
# misses its aim. See infra/scripts/bench/README.md. Writes .run/scale/ (report.md and the raw logs).
#
# Starts its own local run (infra/scripts/run.sh): ports 8080-8083, 8089, 9080-9083, 9089 and 15432 must be free,
# and these of its own: the second gateway 8090/9090, the replicas 8181-8183/9181-9183 (then 8281.. for a third),
# nginx 8071-8073, Redis 6389.
set -euo pipefail
source "$(dirname "$0")/common.sh"

REPLICAS=${SCALE_REPLICAS:-2}
WARMUP=${SCALE_WARMUP_SECONDS:-10}              # traffic with Engage up, before the outage
OUTAGE=${SCALE_OUTAGE_SECONDS:-30}              # Engage down (longer if the replacements take longer to be ready)
AFTER=${SCALE_AFTER_SECONDS:-20}                # traffic after Engage's return, while the backlog drains
RECEIPTS_PER_SECOND=${SCALE_RECEIPTS_PER_SECOND:-5}
CHANGES_PER_SECOND=${SCALE_CHANGES_PER_SECOND:-1}
REDEMPTIONS_PER_SECOND=${SCALE_REDEMPTIONS_PER_SECOND:-1}
CUSTOMERS=${SCALE_CUSTOMERS:-10}                # POS customers signed up at the start; the traffic goes round them
TERM_AFTER=${SCALE_TERM_AFTER:-3}               # seconds into the drain before the SIGTERM
DRAIN_LIMIT=${SCALE_DRAIN_LIMIT:-300}           # longest wait for an empty outbox after Engage's return
TRIES=${SCALE_TRIES:-5}                         # a till's tries per request when it gets no answer or a 5xx
RETRY_WAIT=${SCALE_RETRY_WAIT:-3}               # seconds between them
MAX_TIME=${SCALE_MAX_TIME:-10}                  # how long a till or My Pages waits for one answer (s)
export READY_TIMEOUT=${READY_TIMEOUT:-180}      # a replacement starts on a machine busy with the whole suite
BUDGET=${BENCH_BUDGET:-45}
ENGAGE_LIMIT=${BENCH_ENGAGE_LIMIT:-50}          # the sandbox answers 429 above this (Voyado: keep under 50/s)
GATEWAY_B_PORT=${SCALE_GATEWAY_PORT:-8090}
GATEWAY_B_MANAGEMENT_PORT=${SCALE_GATEWAY_MANAGEMENT_PORT:-9090}
LB_PORT=${SCALE_LB_PORT:-8070}                  # nginx: contacts +1, transactions +2, promotions +3
REDIS_PORT=${SCALE_REDIS_PORT:-6389}
OUT="$ROOT/.run/scale"
STARTED=$SECONDS
LOAD_AT_START=$(cut -d' ' -f1 /proc/loadavg)

[ "$REPLICAS" -ge 2 ] || die "SCALE_REPLICAS must be 2 or more: one replica of each service is killed and must have a survivor"
for tool in nginx redis-server psql jq curl bc; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        [ "$(id -u)" = 0 ] || die "$tool is missing: apt-get install nginx redis-server postgresql-client jq curl bc"
        say "Installing nginx, redis-server, postgresql-client, jq, curl and bc from Debian"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx redis-server \
            postgresql-client jq curl bc >/dev/null
    fi
done

SERVICES=(contacts-service transactions-service promotions-service)
api_port() { # service, replica (1 = run.sh's)
    local base
    case $1 in contacts-service) base=8081 ;; transactions-service) base=8082 ;; promotions-service) base=8083 ;; esac
    echo $((base + 100 * ($2 - 1)))
}
management_port() { echo $(($(api_port "$1" "$2") + 1000)); }
lb_port() { case $1 in contacts-service) echo $((LB_PORT + 1)) ;; transactions-service) echo $((LB_PORT + 2)) ;; promotions-service) echo $((LB_PORT + 3)) ;; esac; }
for svc in "${SERVICES[@]}"; do
    for ((i = 2; i <= REPLICAS; i++)); do
        require_free_port "$(api_port "$svc" "$i")" "$svc replica $i" SCALE_REPLICAS
        require_free_port "$(management_port "$svc" "$i")" "$svc replica $i management" SCALE_REPLICAS
    done
    require_free_port "$(lb_port "$svc")" "nginx in front of $svc" SCALE_LB_PORT
done
require_free_port "$GATEWAY_B_PORT" "the second gateway" SCALE_GATEWAY_PORT
require_free_port "$GATEWAY_B_MANAGEMENT_PORT" "the second gateway's management" SCALE_GATEWAY_MANAGEMENT_PORT
require_free_port "$REDIS_PORT" "Redis for the gateways" SCALE_REDIS_PORT

rm -rf "$OUT"
mkdir -p "$OUT/nginx"
source "$(dirname "$0")/bench/lib.sh"

# --- Redis and nginx ---------------------------------------------------------------------------------------------
# Waits (bounded) until something listens on a port; $2 names it, $3 is its log.
wait_port() { # port, name, log
    local deadline=$((SECONDS + 20))
    until ! port_free "$1"; do
        [ $SECONDS -lt $deadline ] || { tail -n 20 "$3" >&2; die "$2 does not listen on 127.0.0.1:$1 after 20 s"; }
        sleep 0.2
    done
}
say "Redis for the two gateways on 127.0.0.1:$REDIS_PORT (nothing kept on disk)"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$OUT" >"$OUT/redis.log" 2>&1 &
BENCH_PIDS+=($!)
wait_port "$REDIS_PORT" Redis "$OUT/redis.log"

# nginx: one round-robin per service over its replicas; a replica that refuses connections (killed, not yet back) is
# skipped for 2 s. A request already sent to a replica that dies is not sent again (POSTs are not idempotent): the
# gateway answers 502/503 and the till tries again, as it would in a cluster.
upstream() { # service
    local i
    echo "    upstream ${1%-service} {"
    for ((i = 1; i <= REPLICAS; i++)); do
        echo "        server 127.0.0.1:$(api_port "$1" "$i") max_fails=1 fail_timeout=2s;"
    done
    echo "    }"
    echo "    server {"
    echo "        listen 127.0.0.1:$(lb_port "$1");"
    echo "        location / { proxy_pass http://${1%-service}; }"
    echo "    }"
}
{
    echo "worker_processes 1;"
    echo "daemon off;"
    echo "pid $OUT/nginx/nginx.pid;"
    echo "error_log $OUT/nginx/error.log warn;"
    echo "events { worker_connections 1024; }"
    echo "http {"
    echo "    log_format spread '\$server_port \$status \$request_method \$uri \$upstream_addr';"
    echo "    access_log $OUT/nginx/access.log spread;"
    echo "    proxy_http_version 1.1;"
    echo "    proxy_set_header Host \$host;"
    echo "    proxy_connect_timeout 1s;"
    echo "    proxy_read_timeout 30s;"
    echo "    proxy_next_upstream error timeout;"
    for svc in "${SERVICES[@]}"; do upstream "$svc"; done
    echo "}"
} >"$OUT/nginx/nginx.conf"
nginx -t -p "$OUT/nginx" -e "$OUT/nginx/error.log" -c "$OUT/nginx/nginx.conf" >"$OUT/nginx/check.log" 2>&1 \
    || { cat "$OUT/nginx/check.log" >&2; die "nginx refuses the configuration $OUT/nginx/nginx.conf"; }
say "nginx round-robin over $REPLICAS replicas: contacts $(lb_port contacts-service), transactions $(lb_port transactions-service), promotions $(lb_port promotions-service)"
nginx -p "$OUT/nginx" -e "$OUT/nginx/error.log" -c "$OUT/nginx/nginx.conf" >"$OUT/nginx/nginx.log" 2>&1 &
BENCH_PIDS+=($!)
for svc in "${SERVICES[@]}"; do wait_port "$(lb_port "$svc")" nginx "$OUT/nginx/error.log"; done

# --- the suite, the replicas, the second gateway -----------------------------------------------------------------
LB_CONTACTS="http://127.0.0.1:$(lb_port contacts-service)"
LB_TRANSACTIONS="http://127.0.0.1:$(lb_port transactions-service)"
LB_PROMOTIONS="http://127.0.0.1:$(lb_port promotions-service)"
REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
say "Starting the suite (replica 1 of each service, gateway A on 8080; the key's budget $BUDGET/s)"
ENGAGE_RATE_LIMIT_BUDGET=$BUDGET SANDBOX_RECEIPT_DELAY=1h REDIS_URL=$REDIS_URL CONTACTS_URL=$LB_CONTACTS \
    TRANSACTIONS_URL=$LB_TRANSACTIONS PROMOTIONS_URL=$LB_PROMOTIONS start_suite "$OUT/run.log"

declare -A PID LOG
start_replica() { # service, replica, log name suffix
    local log="$OUT/$1-$2${3:-}.log" extra=()
    [ "$1" = transactions-service ] && extra=(CONTACTS_URL="$LB_CONTACTS")
    start_app "$1" "$(api_port "$1" "$2")" "$(management_port "$1" "$2")" "$log" "${extra[@]}"
    PID["$1/$2"]=$APP_PID
    LOG["$1/$2"]=$log
}
# Waits until a replica is ready, starting it again (at most twice) if it exits first, as a Deployment would: on a
# busy machine a start can fail (Flyway waiting longer than 5 s for its first connection).
wait_replica() { # service, replica
    local deadline=$((SECONDS + READY_TIMEOUT)) starts=1
    until curl -fs "$(ready_url "$(management_port "$1" "$2")")" >/dev/null 2>&1; do
        if ! kill -0 "${PID[$1/$2]}" 2>/dev/null; then
            wait "${PID[$1/$2]}" 2>/dev/null || true
            [ $starts -lt 3 ] || { tail -n 30 "${LOG[$1/$2]}" >&2; die "$1 replica $2 exited $starts times before it was ready (${LOG[$1/$2]})"; }
            warn "$1 replica $2 exited before it was ready ($(grep -m1 -o 'Caused by: [^:]*: [^(]*' "${LOG[$1/$2]}" || echo 'see its log')); starting it again"
            starts=$((starts + 1))
            start_replica "$1" "$2" "-start$starts"
        fi
        [ $SECONDS -lt $deadline ] || { tail -n 30 "${LOG[$1/$2]}" >&2; die "$1 replica $2 is not ready after ${READY_TIMEOUT}s"; }
        sleep 0.5
    done
    echo "   $1 replica $2 ready"
}

say "Starting replicas 2..$REPLICAS of each service and gateway B on $GATEWAY_B_PORT"
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
for svc in "${SERVICES[@]}"; do
    for ((i = 2; i <= REPLICAS; i++)); do start_replica "$svc" "$i"; done
done
start_app gateway "$GATEWAY_B_PORT" "$GATEWAY_B_MANAGEMENT_PORT" "$OUT/gateway-b.log" \
    JWT_PUBLIC_KEY_LOCATION="file:$ROOT/.run/jwt/public-key.pem" JWT_ISSUER=https://engage-bridge.local \
    REDIS_URL="$REDIS_URL" CONTACTS_URL="$LB_CONTACTS" TRANSACTIONS_URL="$LB_TRANSACTIONS" PROMOTIONS_URL="$LB_PROMOTIONS"
GATEWAY_B_PID=$APP_PID
for svc in "${SERVICES[@]}"; do
    for ((i = 2; i <= REPLICAS; i++)); do wait_replica "$svc" "$i"; done
done
wait_ready "gateway B" "$GATEWAY_B_MANAGEMENT_PORT" "$OUT/gateway-b.log" "$GATEWAY_B_PID"
for log in "$ROOT/.run/logs/gateway.log" "$OUT/gateway-b.log"; do
    grep -q 'shared in Redis' "$log" || die "a gateway does not share its cache in Redis (see $log): stale reads would be expected"
done

GA=$G   # the local run's gateway (bench/lib.sh)
GB=http://127.0.0.1:$GATEWAY_B_PORT
ANN=00000000-0000-4000-8000-000000000001
POS=$(cat "$ROOT/.run/jwt/pos.jwt")
ME=$(cat "$ROOT/.run/jwt/customer.jwt")   # Ann's My Pages
RUN=$(date +%s)

# --- customers and promotions ------------------------------------------------------------------------------------
TRAFFIC_LIMIT=$((WARMUP + OUTAGE + AFTER + 2 * READY_TIMEOUT + 60))   # the traffic never runs longer
REDEEMABLE=$((REDEMPTIONS_PER_SECOND * (WARMUP + OUTAGE + AFTER + 60)))
say "Signing up $CUSTOMERS customers at the till; $REDEEMABLE promotions for them to redeem, and Ann's for the probes"
for ((i = 1; i <= CUSTOMERS; i++)); do
    id=$(curl -s --max-time 10 -H "Authorization: Bearer $POS" -H 'Content-Type: application/json' \
        -d "{\"email\":\"scale-$RUN-$i@example.com\",\"create\":{\"attributes\":{\"firstName\":\"Scale\",\"lastName\":\"C$i\"}}}" \
        "$GA/api/v1/contacts/identify" | jq -r '.contactId // empty')
    [ -n "$id" ] || die "signing up customer $i through gateway A gave no contactId"
    echo "$id" >>"$OUT/customers.txt"
done
per=$(((REDEEMABLE + CUSTOMERS - 1) / CUSTOMERS))
while read -r id; do
    curl -s -f --max-time 10 -X POST "$S/admin/contacts/$id/promotions?count=$per&channels=POS,ECOM" \
        | jq -r --arg c "$id" '.[] | "\($c) \(.)"' >>"$OUT/redeemable.txt" \
        || die "the sandbox gave customer $id no promotions (POST /admin/contacts/{id}/promotions)"
done <"$OUT/customers.txt"
curl -s -f --max-time 10 -X POST "$S/admin/contacts/$ANN/promotions?count=$((TRAFFIC_LIMIT / 4 + 10))&channels=POS,ECOM" \
    | jq -r '.[]' >"$OUT/probe-promotions.txt" || die "the sandbox gave Ann no promotions"

# --- the traffic -------------------------------------------------------------------------------------------------
# One request as a till or My Pages sends it: tried again (RETRY_WAIT s apart, up to TRIES) on no answer or a 5xx, with
# the same id. Appends "kind id final-status tries phase gateway" to traffic.log and prints the final status; the last answer's
# body goes to $8 when given.
send() { # kind, id, gateway (A|B), method, path, body, token, [answer file]
    local code try url phase
    phase=$(cat "$OUT/phase")
    url=$GA
    [ "$3" = B ] && url=$GB
    for ((try = 1; try <= TRIES; try++)); do
        code=$(curl -s -o "${8:-/dev/null}" -w '%{http_code}' --max-time "$MAX_TIME" -X "$4" -H "Authorization: Bearer $7" \
            -H 'Content-Type: application/json' -d "$6" "$url$5") || true
        case $code in 2?? | 4??) break ;; esac
        [ $try -lt "$TRIES" ] && sleep "$RETRY_WAIT"
    done
    echo "$1 $2 $code $((try > TRIES ? TRIES : try)) $phase $3" >>"$OUT/traffic.log"
    echo "$code"
}
receipt() { # id, contactId
    printf '{"contactId":"%s","uniqueReceiptId":"%s","receiptNumber":"%s","createdDate":"2026-11-26T10:14:00+01:00",
      "storeExternalId":"S001","currency":"SEK","totalGrossPrice":100.00,"paymentMethods":[{"type":"card","value":100.00}],
      "items":[{"type":"PURCHASE","sku":"A1","quantity":1,"grossPaidPrice":100.00,"taxAmount":20.00,"taxPercent":25,
      "articleNumber":"A1","articleName":"Shirt"}]}' "$2" "$1" "${1##*-}"
}
# My Pages through one gateway right after a write through the other: a redemption must be gone from the list at
# once; a profile change must show at once, or the answer must say it is not there yet (a change queued while Engage
# is down or busy: a last good copy marked X-Stale-Age, or Engage's copy marked "pendingChanges":true). Appends to
# probes.log: "what id writer>reader write-status outcome read-status shows-it mark phase", the outcome being
# contacts-service's APPLIED / QUEUED / UNCHANGED (a retry after a lost answer) for a profile change, the mark
# stale / pending / no.
probe() { # n
    local n=$1 w=A r=B rurl=$GB code rcode shows marked id phase what outcome=-
    if (((n / 2) % 2)); then w=B; r=A; rurl=$GA; fi
    phase=$(cat "$OUT/phase")
    if ((n % 2)); then
        id=$(sed -n "$(((n + 1) / 2))p" "$OUT/probe-promotions.txt")
        [ -n "$id" ] || return 0
        code=$(send redemption "$id" "$w" POST "/api/v1/promotions/$id/redeem" "{\"contactId\":\"$ANN\",\"channel\":\"POS\"}" "$POS")
        rcode=$(curl -s -D "$OUT/probes/$n.headers" -o "$OUT/probes/$n.body" -w '%{http_code}' --max-time "$MAX_TIME" \
            -H "Authorization: Bearer $ME" "$rurl/api/v1/me/promotions?channel=ECOM") || true
        what=promotion
    else
        id="S$RUN-p$n"
        code=$(send change "$id" "$w" PATCH /api/v1/me/profile "{\"attributes\":{\"firstName\":\"$id\"}}" "$ME" \
            "$OUT/probes/$n.write")
        outcome=$(jq -r '.status // "-"' "$OUT/probes/$n.write" 2>/dev/null || echo -)
        rcode=$(curl -s -D "$OUT/probes/$n.headers" -o "$OUT/probes/$n.body" -w '%{http_code}' --max-time "$MAX_TIME" \
            -H "Authorization: Bearer $ME" "$rurl/api/v1/me/profile") || true
        what=profile
    fi
    shows=no; marked=no
    grep -q "\"$id\"" "$OUT/probes/$n.body" 2>/dev/null && shows=yes
    grep -q '"pendingChanges":true' "$OUT/probes/$n.body" 2>/dev/null && marked=pending
    grep -qi '^x-stale-age' "$OUT/probes/$n.headers" 2>/dev/null && marked=stale
    echo "$what $id $w>$r $code $outcome $rcode $shows $marked $phase" >>"$OUT/probes.log"
}
traffic() {
    local n=0 c=0 ri=0 tick i id gw deadline=$((SECONDS + TRAFFIC_LIMIT)) customers redeemable
    mapfile -t customers <"$OUT/customers.txt"
    mapfile -t redeemable <"$OUT/redeemable.txt"
    while [ ! -e "$OUT/stop" ] && [ $SECONDS -lt $deadline ]; do
        tick=$SECONDS
        for ((i = 0; i < RECEIPTS_PER_SECOND; i++)); do
            n=$((n + 1)); gw=$([ $((n % 2)) = 0 ] && echo A || echo B)
            send receipt "SCALE-$RUN-$n" "$gw" POST /api/v1/receipts \
                "$(receipt "SCALE-$RUN-$n" "${customers[$((n % CUSTOMERS))]}")" "$POS" >/dev/null &
        done
        for ((i = 0; i < CHANGES_PER_SECOND; i++)); do
            c=$((c + 1)); gw=$([ $((c % 2)) = 0 ] && echo A || echo B)
            send change "S$RUN-c$c" "$gw" PATCH "/api/v1/contacts/${customers[$((c % CUSTOMERS))]}" \
                "{\"attributes\":{\"lastName\":\"S$RUN-c$c\"}}" "$POS" >/dev/null &
        done
        for ((i = 0; i < REDEMPTIONS_PER_SECOND && ri < ${#redeemable[@]}; i++)); do
            read -r id promotion <<<"${redeemable[$ri]}"
            ri=$((ri + 1)); gw=$([ $((ri % 2)) = 0 ] && echo A || echo B)
            send redemption "$promotion" "$gw" POST "/api/v1/promotions/$promotion/redeem" \
                "{\"contactId\":\"$id\",\"channel\":\"POS\"}" "$POS" >/dev/null &
        done
        while [ $SECONDS -eq $tick ]; do sleep 0.05; done
    done
    wait
}
# The probes, one after the other (Ann's changes never overlap), one every 2 s or as fast as they answer
probes() {
    local n=0 next deadline=$((SECONDS + TRAFFIC_LIMIT))
    while [ ! -e "$OUT/stop" ] && [ $SECONDS -lt $deadline ]; do
        n=$((n + 1)); next=$((SECONDS + 2))
        probe "$n"
        while [ $SECONDS -lt $next ] && [ ! -e "$OUT/stop" ]; do sleep 0.1; done
    done
}

# The outbox of this run (messages written from its start), over the three services' databases
pending() { # [sql condition]
    local db total=0
    for db in contacts transactions promotions; do
        total=$((total + $($PG -d $db -c "select count(*) from outbox_message where status = 'PENDING'
            and created_at >= to_timestamp($RUN) ${1:-}")))
    done
    echo $total
}
stats_total() { local t; t=$(curl -s --max-time 5 "$S/admin/stats" | jq '.total // 0'); echo "${t:-0}"; }
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }
# Bounded wait for a child to end (its pid), then reaps it; false if it is still there after $2 seconds.
wait_exit() { # pid, seconds
    local deadline=$((SECONDS + $2))
    while [ -e "/proc/$1" ] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.1
    done
    wait "$1" 2>/dev/null || true
}

# --- warming up, not counted ------------------------------------------------------------------------------------
# Cold apps answer their first requests slowly (class loading, JIT, pools, tokens): a till would see 5xx and send again.
# Every route goes through both gateways and every replica a few times first; none of it is counted (other ids).
say "Warming every route up through both gateways and every replica (not counted)"
BOB=00000000-0000-4000-8000-000000000002
mapfile -t warm_promotions < <(curl -s -f --max-time 10 -X POST \
    "$S/admin/contacts/$BOB/promotions?count=$((8 * REPLICAS))&channels=POS,ECOM" | jq -r '.[]')
first=$(head -n 1 "$OUT/customers.txt")
warm() { curl -s -o /dev/null --max-time 30 -H 'Content-Type: application/json' "$@" || true; }
w=0
for ((i = 0; i < 4 * REPLICAS; i++)); do
    for g in A B; do
        url=$GA
        [ $g = B ] && url=$GB
        warm -H "Authorization: Bearer $POS" -d "$(receipt "WARM-$RUN-$i$g" "$first")" "$url/api/v1/receipts"
        warm -X PATCH -H "Authorization: Bearer $POS" -d "{\"attributes\":{\"lastName\":\"W$RUN-$i$g\"}}" "$url/api/v1/contacts/$first"
        warm -H "Authorization: Bearer $POS" -d "{\"contactId\":\"$BOB\",\"channel\":\"POS\"}" \
            "$url/api/v1/promotions/${warm_promotions[$w]:-none}/redeem"
        w=$((w + 1))
        warm -H "Authorization: Bearer $POS" "$url/api/v1/contacts/$first/promotions?channel=POS"
        warm -H "Authorization: Bearer $ME" "$url/api/v1/me/profile"
        warm -H "Authorization: Bearer $ME" "$url/api/v1/me/promotions?channel=ECOM"
    done
done
deadline=$((SECONDS + 60))
until [ "$(pending)" -eq 0 ]; do
    [ $SECONDS -lt $deadline ] || die "the warm-up's messages were not sent within 60 s with Engage up"
    sleep 0.5
done

mkdir -p "$OUT/probes"
: >"$OUT/traffic.log"
: >"$OUT/probes.log"
echo warmup >"$OUT/phase"
curl -s -X PUT -H 'Content-Type: application/json' -d "{\"rateLimit\":$ENGAGE_LIMIT}" "$S/admin/faults" >/dev/null
curl -s -X DELETE "$S/admin/requests" >/dev/null
say "Traffic over both gateways: $RECEIPTS_PER_SECOND receipts, $CHANGES_PER_SECOND contact changes, $REDEMPTIONS_PER_SECOND redemptions a second, a cross-gateway probe every 2 s; Engage up for ${WARMUP}s"
traffic &
TRAFFIC_PID=$!
BENCH_PIDS+=("$TRAFFIC_PID")
probes &
PROBES_PID=$!
BENCH_PIDS+=("$PROBES_PID")
sleep "$WARMUP"

# --- Engage down; SIGKILL one replica of each service, replace it ------------------------------------------------
say "Engage down for ${OUTAGE}s; one replica of each service gets SIGKILL after $((OUTAGE / 3))s and is replaced"
curl -s -X POST "$S/admin/down" >/dev/null
echo down >"$OUT/phase"
DOWN_AT=$(now)
sleep $((OUTAGE / 3))
declare -A KILLED_CLAIMS KILLED_PIDS
for svc in "${SERVICES[@]}"; do
    KILLED_PIDS[$svc]=${PID[$svc/2]}
    # (stderr aside: bash would announce the job it started as "Killed")
    { kill -KILL "${KILLED_PIDS[$svc]}"; wait_exit "${KILLED_PIDS[$svc]}" 10; } 2>/dev/null \
        || die "$svc replica 2 (pid ${KILLED_PIDS[$svc]}) survived SIGKILL"
done
for svc in "${SERVICES[@]}"; do
    # what it held when it died: another replica takes it over once the lease runs out
    $PG -d "${svc%-service}" -c "select id from outbox_message where status = 'PENDING'
        and lease_owner like '${KILLED_PIDS[$svc]}@%'" >"$OUT/killed-$svc.ids"
    KILLED_CLAIMS[$svc]=$(wc -l <"$OUT/killed-$svc.ids")
    echo "   $svc replica 2 (pid ${KILLED_PIDS[$svc]}) killed holding ${KILLED_CLAIMS[$svc]} claimed message(s)"
done
for svc in "${SERVICES[@]}"; do start_replica "$svc" 2 -replacement; done
for svc in "${SERVICES[@]}"; do wait_replica "$svc" 2; done
left=$(echo "$DOWN_AT + $OUTAGE - $(now)" | bc)
[ "$(echo "$left > 0" | bc)" -eq 1 ] && sleep "$left"
BACKLOG=$(pending)
DOWN_FOR=$(since "$DOWN_AT")

# --- Engage back; SIGTERM another replica of each service during the drain ---------------------------------------
TERM_REPLICA=$REPLICAS
say "Engage back after $(printf '%.0f' "$DOWN_FOR")s with $BACKLOG messages waiting (429 above $ENGAGE_LIMIT/s); replica $TERM_REPLICA of each service gets SIGTERM ${TERM_AFTER}s into the drain"
BEFORE_UP=$(stats_total)
curl -s -X PUT -H 'Content-Type: application/json' -d "{\"rateLimit\":$ENGAGE_LIMIT}" "$S/admin/faults" >/dev/null
echo up >"$OUT/phase"
UP_AT=$(now)
UP_EPOCH=$(printf '%.3f' "$UP_AT")
(
    deadline=$((SECONDS + DRAIN_LIMIT))
    until [ "$(pending "and created_at < to_timestamp($UP_EPOCH)")" -eq 0 ]; do
        [ $SECONDS -lt $deadline ] || { echo timeout >"$OUT/backlog-drained"; exit 0; }
        sleep 0.5
    done
    since "$UP_AT" >"$OUT/backlog-drained"
) &
DRAIN_PID=$!
BENCH_PIDS+=("$DRAIN_PID")
# the relays see Engage back at their next outage probe (at most 10 s): wait until the drain is under way
deadline=$((SECONDS + 30))
until [ "$(stats_total)" -ge $((BEFORE_UP + 20)) ] || [ -s "$OUT/backlog-drained" ]; do
    [ $SECONDS -lt $deadline ] || { warn "the drain did not start within 30 s of Engage's return"; break; }
    sleep 0.2
done
sleep "$TERM_AFTER"
declare -A TERM_PIDS TERM_CLAIMS TERM_GONE TERM_HANDED
for svc in "${SERVICES[@]}"; do
    pid=${PID[$svc/$TERM_REPLICA]}
    TERM_PIDS[$svc]=$pid
    TERM_CLAIMS[$svc]=$($PG -d "${svc%-service}" -c "select count(*) from outbox_message where status = 'PENDING'
        and lease_owner like '$pid@%'")
    kill -TERM "$pid"
done
TERM_AT=$(now)
for svc in "${SERVICES[@]}"; do
    wait_exit "${TERM_PIDS[$svc]}" 60 || die "$svc replica $TERM_REPLICA (pid ${TERM_PIDS[$svc]}) still runs 60 s after SIGTERM"
    TERM_GONE[$svc]=$(since "$TERM_AT")
    TERM_HANDED[$svc]=$(grep -o 'handed [0-9]* claimed' "${LOG[$svc/$TERM_REPLICA]}" | grep -o '[0-9]*' || echo 0)
    echo "   $svc replica $TERM_REPLICA (pid ${TERM_PIDS[$svc]}) held ${TERM_CLAIMS[$svc]} claim(s), exited in $(printf '%.1f' "${TERM_GONE[$svc]}") s, handed ${TERM_HANDED[$svc]} back"
done
left=$(echo "$UP_AT + $AFTER - $(now)" | bc)
[ "$(echo "$left > 0" | bc)" -eq 1 ] && sleep "$left"

say "Traffic stops; waiting (at most ${DRAIN_LIMIT}s after Engage's return) until every message of this run is sent"
touch "$OUT/stop"
for pid in "$TRAFFIC_PID" "$PROBES_PID"; do
    wait_exit "$pid" $((2 * TRIES * (MAX_TIME + 1) + 10)) || { warn "the traffic did not stop in time; stopping it"; kill "$pid"; }
done
deadline=$(echo "$UP_AT + $DRAIN_LIMIT" | bc)
until [ "$(pending)" -eq 0 ]; do
    [ "$(echo "$(now) > $deadline" | bc)" -eq 1 ] && break
    sleep 0.5
done
EMPTY_AFTER=$(since "$UP_AT")
STILL_PENDING=$(pending)
wait_exit "$DRAIN_PID" 5 || true
BACKLOG_DRAINED=$(cat "$OUT/backlog-drained" 2>/dev/null || echo timeout)

# --- what arrived --------------------------------------------------------------------------------------------------
curl -s "$S/admin/stats" >"$OUT/sandbox-stats.json"
curl -s "$S/admin/arrivals" >"$OUT/sandbox-arrivals.json"
curl -s "$S/admin/state" >"$OUT/sandbox-state.json"
# posted: a 2xx (a redemption also counts when a retry got 409 after an earlier try was not answered);
# reached: "id count" from the sandbox's own arrivals
posted() { awk -v k="$1" '$1 == k && ($3 ~ /^2/ || ($1 == "redemption" && $3 == 409 && $4 > 1)) {print $2}' "$OUT/traffic.log" | sort -u; }
gave_up() { awk -v k="$1" '$1 == k && $3 !~ /^2/ && !($1 == "redemption" && $3 == 409 && $4 > 1) {print $2}' "$OUT/traffic.log" | sort -u | wc -l; }
# after the drain both gateways show Ann's profile as Engage holds it, and none of her redeemed promotions
ENGAGE_NAME=$(jq -r --arg a "$ANN" '.contacts[] | select(.id == $a) | .attributes.firstName' "$OUT/sandbox-state.json")
FINAL_OK=yes
for g in "$GA" "$GB"; do
    curl -s --max-time "$MAX_TIME" -H "Authorization: Bearer $ME" "$g/api/v1/me/profile" >"$OUT/final-profile.json"
    [ "$(jq -r '.attributes.firstName' "$OUT/final-profile.json")" = "$ENGAGE_NAME" ] \
        || { FINAL_OK=no; warn "gateway $g shows Ann as $(jq -c .attributes.firstName "$OUT/final-profile.json"), Engage has $ENGAGE_NAME"; }
    curl -s --max-time "$MAX_TIME" -H "Authorization: Bearer $ME" "$g/api/v1/me/promotions?channel=ECOM" >"$OUT/final-promotions.json"
    while read -r id; do
        grep -q "\"$id\"" "$OUT/final-promotions.json" && { FINAL_OK=no; warn "gateway $g still lists $id, redeemed"; }
    done < <(posted redemption | grep -Fx -f "$OUT/probe-promotions.txt" || true)
done

posted receipt >"$OUT/posted-receipts.txt"
posted change >"$OUT/posted-changes.txt"
posted redemption >"$OUT/posted-redemptions.txt"
jq -r --arg p "SCALE-$RUN-" '.receipts | to_entries[] | select(.key | startswith($p)) | "\(.key) \(.value)"' \
    "$OUT/sandbox-arrivals.json" >"$OUT/reached-receipts.txt"
jq -r --arg p "S$RUN-" '[.contactChanges[][] | .. | strings | select(startswith($p))] | group_by(.)[] | "\(.[0]) \(length)"' \
    "$OUT/sandbox-arrivals.json" >"$OUT/reached-changes.txt"
awk '{print $2}' "$OUT/redeemable.txt" | cat - "$OUT/probe-promotions.txt" >"$OUT/our-promotions.txt"
jq -r '.redemptions | to_entries[] | "\(.key) \(.value)"' "$OUT/sandbox-arrivals.json" \
    | grep -F -f "$OUT/our-promotions.txt" >"$OUT/reached-redemptions.txt" || true
# "posted reached once lost doubled unexpected doubled-after-a-resend": lost = posted, never reached; doubled = arrivals
# beyond the first; unexpected = reached although no try was answered with a 2xx; the last part of "doubled" is of ids
# the till had to send more than once (an earlier try got no answer or a 5xx, and may still have been under way)
exactly_once() { # kind, posted file, reached file
    awk -v k="$1" 'FILENAME == ARGV[2] {posted[$1] = 1; next}
        FILENAME == ARGV[3] {count[$1] = $2; next}
        $1 == k && $4 > 1 {resent[$2] = 1}
        END {
            for (id in posted) { p++; if (!(id in count)) lost++; else if (count[id] == 1) once++ }
            for (id in count) {
                r++; if (!(id in posted)) extra++
                if (count[id] > 1) { doubled += count[id] - 1; if (id in resent) again += count[id] - 1 }
            }
            printf "%d %d %d %d %d %d %d\n", p, r, once, lost, doubled, extra, again
        }' /dev/null "$2" "$3" "$OUT/traffic.log"
}
read -r R_POSTED R_REACHED R_ONCE R_LOST R_DOUBLED R_EXTRA R_AGAIN < <(exactly_once receipt "$OUT/posted-receipts.txt" "$OUT/reached-receipts.txt")
read -r C_POSTED C_REACHED C_ONCE C_LOST C_DOUBLED C_EXTRA C_AGAIN < <(exactly_once change "$OUT/posted-changes.txt" "$OUT/reached-changes.txt")
read -r P_POSTED P_REACHED P_ONCE P_LOST P_DOUBLED P_EXTRA P_AGAIN < <(exactly_once redemption "$OUT/posted-redemptions.txt" "$OUT/reached-redemptions.txt")
RESENT=$(awk '$4 > 1' "$OUT/traffic.log" | wc -l)

BUSIEST=$(jq '[.perSecond[]] | max // 0' "$OUT/sandbox-stats.json")
BUSIEST_AT=$(jq -r '.perSecond | to_entries | max_by(.value) | .key // 0' "$OUT/sandbox-stats.json")
BUSIEST_PHASE=$(echo "$BUSIEST_AT >= ${UP_EPOCH%.*}" | bc)
TOO_MANY=$(jq '[.byRoute | to_entries[] | select(.key | endswith(" 429")) | .value] | add // 0' "$OUT/sandbox-stats.json")
TOTAL=$(jq '.total' "$OUT/sandbox-stats.json")
# stale: a redeemed promotion still listed, or a profile change Engage applied not shown, through the other gateway
# a redeemed promotion listed (marked or not); a profile without the change and without a mark saying so. A read that
# got no 200 shows nothing: counted apart, as unanswered.
read -r PROBES_PROMO STALE_PROMO STALE_PROMO_MARKED PROBES_PROFILE APPLIED_PROFILE STALE_PROFILE MARKED_PROFILE UNANSWERED < <(awk '
    $1 == "promotion" && $4 ~ /^20[02]$/ && $6 == 200 { pp++; if ($7 == "yes") { sp++; if ($8 != "no") spm++ } }
    $1 == "profile" && $4 ~ /^20[02]$/ && $6 == 200 {
        pf++; if ($5 == "APPLIED") ap++
        if ($7 == "no") { if ($8 == "no") sf++; else mf++ }
    }
    $4 ~ /^20[02]$/ && $6 != 200 { un++ }
    END { printf "%d %d %d %d %d %d %d %d\n", pp, sp, spm, pf, ap, sf, mf, un }' "$OUT/probes.log")
STALE=$((STALE_PROMO + STALE_PROFILE))
DEAD=0
for db in contacts transactions promotions; do
    DEAD=$((DEAD + $($PG -d $db -c "select count(*) from outbox_message where status = 'DEAD' and created_at >= to_timestamp($RUN)")))
done
TAKEN_OVER=""
for svc in "${SERVICES[@]}"; do
    done_ids=0
    if [ -s "$OUT/killed-$svc.ids" ]; then
        done_ids=$($PG -d "${svc%-service}" -c "select count(*) from outbox_message where status = 'DONE'
            and id in ($(paste -sd, "$OUT/killed-$svc.ids"))")
    fi
    TAKEN_OVER+="${svc%-service} ${KILLED_CLAIMS[$svc]} held, $done_ids since sent by the others; "
done
HANDED_OVER=""
for svc in "${SERVICES[@]}"; do
    HANDED_OVER+="${svc%-service} ${TERM_CLAIMS[$svc]} held, ${TERM_HANDED[$svc]} handed back, gone in $(printf '%.1f' "${TERM_GONE[$svc]}") s; "
done
# the replica that answered: the last address nginx tried
SPREAD=$(awk -v c="$(lb_port contacts-service)" -v t="$(lb_port transactions-service)" '
    { name = ($1 == c ? "contacts" : $1 == t ? "transactions" : "promotions"); port = $NF; sub(/.*:/, "", port);
      count[name " " port]++ }
    END { for (k in count) print k, count[k] }' "$OUT/nginx/access.log" | sort | awk '
    { line[$1] = line[$1] (line[$1] ? ", " : "") ":" $2 " " $3 } END { for (s in line) printf "%s %s; ", s, line[s] }')
ELAPSED=$((SECONDS - STARTED))

mark() { if [ "$1" = 0 ]; then echo ok; else echo "**FAILED**"; fi; }   # 0: the aim is met
V_RECEIPTS=$((R_LOST + R_DOUBLED)); V_CHANGES=$((C_LOST + C_DOUBLED)); V_REDEMPTIONS=$((P_LOST + P_DOUBLED))
V_BUSIEST=$((BUSIEST > BUDGET)); V_429=$TOO_MANY
V_STALE=$((STALE + $([ "$FINAL_OK" = yes ] && echo 0 || echo 1)))
V_EMPTY=$((STILL_PENDING + DEAD))
[ "$BACKLOG_DRAINED" = timeout ] && V_EMPTY=$((V_EMPTY + 1))

{
echo "# engage-bridge scale-out, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores (load average $LOAD_AT_START at the start, $(cut -d' ' -f1 /proc/loadavg) at the end)"
echo
echo "$REPLICAS replicas of each service behind nginx (round-robin), gateways A (:8080) and B (:$GATEWAY_B_PORT) sharing"
echo "Redis, one PostgreSQL, the sandbox (429 above $ENGAGE_LIMIT/s; the key's budget $BUDGET/s). Traffic over both gateways:"
echo "$RECEIPTS_PER_SECOND receipts, $CHANGES_PER_SECOND contact changes, $REDEMPTIONS_PER_SECOND redemptions a second; Engage up ${WARMUP}s, down"
echo "$(printf '%.0f' "$DOWN_FOR")s (SIGKILL of replica 2 of each service after $((OUTAGE / 3))s, replaced), back for ${AFTER}s of traffic (SIGTERM of replica"
echo "$TERM_REPLICA ${TERM_AFTER}s into the drain). The script took ${ELAPSED}s. $RESENT of $(wc -l <"$OUT/traffic.log") requests needed more than one try at"
echo "the till (no answer within ${MAX_TIME}s, or a 5xx)."
echo
echo "| figure | measured | aim | |"
echo "|---|---|---|---|"
echo "| receipts posted / reached the sandbox exactly once | **$R_POSTED / $R_ONCE**; lost **$R_LOST**, doubled **$R_DOUBLED** ($R_AGAIN of them sent twice by the till); reached without a 2xx at the till $R_EXTRA; given up at the till $(gave_up receipt) | all, 0, 0 | $(mark $V_RECEIPTS) |"
echo "| contact changes posted / reached exactly once | **$C_POSTED / $C_ONCE**; lost **$C_LOST**, doubled **$C_DOUBLED** ($C_AGAIN of them sent twice by the till); reached without a 2xx $C_EXTRA; given up $(gave_up change) | all, 0, 0 | $(mark $V_CHANGES) |"
echo "| redemptions posted / reached exactly once | **$P_POSTED / $P_ONCE**; lost **$P_LOST**, doubled **$P_DOUBLED** ($P_AGAIN of them sent twice by the till); reached without a 2xx $P_EXTRA; given up $(gave_up redemption) | all, 0, 0 | $(mark $V_REDEMPTIONS) |"
echo "| busiest second at the sandbox | **$BUSIEST** requests ($( [ "$BUSIEST_PHASE" = 1 ] && echo "during the drain" || echo "before Engage's return")), $TOTAL in all | <= $BUDGET | $(mark $V_BUSIEST) |"
echo "| 429s from the sandbox | **$TOO_MANY** | 0 | $(mark $V_429) |"
echo "| backlog at Engage's return, time to send it | $BACKLOG messages, **$( [ "$BACKLOG_DRAINED" = timeout ] && echo "not sent within ${DRAIN_LIMIT}s" || printf '%.1f s' "$BACKLOG_DRAINED")** | | |"
echo "| outbox empty after Engage's return (traffic went on ${AFTER}s) | **$(printf '%.1f' "$EMPTY_AFTER") s**; still pending $STILL_PENDING, DEAD $DEAD | 0, 0 | $(mark $V_EMPTY) |"
echo "| stale reads through the other gateway | **$STALE**: a redeemed promotion listed after $STALE_PROMO of $PROBES_PROMO redemptions ($STALE_PROMO_MARKED of them in a copy marked stale); a profile without the change and without a mark after $STALE_PROFILE of $PROBES_PROFILE changes ($APPLIED_PROFILE applied at once; $MARKED_PROFILE reads without the change said so: X-Stale-Age or pendingChanges); $UNANSWERED reads after a write got no 200 (not counted); after the drain both gateways show Ann as Engage holds her and no redeemed promotion: $FINAL_OK | 0, yes | $(mark $V_STALE) |"
echo "| SIGKILL while Engage was down: claims left, taken over | $TAKEN_OVER | all sent | |"
echo "| SIGTERM during the drain | $HANDED_OVER | | |"
echo "| requests per replica (nginx) | $SPREAD | spread | |"
echo
echo "Raw: \`$OUT\`: traffic.log (every request: kind, id, final status, tries, phase, gateway), probes.log, sandbox-stats.json,"
echo "sandbox-arrivals.json, posted-*.txt / reached-*.txt, nginx/access.log, the replicas' logs; run.sh's apps: .run/logs/."
} | tee "$OUT/report.md"

failed=()
[ $V_RECEIPTS = 0 ] || failed+=("receipts: $R_LOST lost, $R_DOUBLED doubled (posted-receipts.txt against reached-receipts.txt)")
[ $V_CHANGES = 0 ] || failed+=("contact changes: $C_LOST lost, $C_DOUBLED doubled, $C_AGAIN of those after the till sent the change again because an earlier try got no answer or a 5xx: a PATCH has no idempotency key, so a try still under way and its repeat can both reach Engage, with the same values (posted-changes.txt against reached-changes.txt)")
[ $V_REDEMPTIONS = 0 ] || failed+=("redemptions: $P_LOST lost, $P_DOUBLED doubled (posted-redemptions.txt against reached-redemptions.txt)")
[ $V_BUSIEST = 0 ] || failed+=("busiest second $BUSIEST above the budget $BUDGET (sandbox-stats.json, perSecond)")
[ $V_429 = 0 ] || failed+=("$TOO_MANY 429s from the sandbox (sandbox-stats.json, byRoute)")
[ $V_STALE = 0 ] || failed+=("stale reads: $STALE through the other gateway; both gateways right after the drain: $FINAL_OK (probes.log)")
[ $V_EMPTY = 0 ] || failed+=("outbox: $STILL_PENDING still pending, $DEAD DEAD; backlog sent: $BACKLOG_DRAINED")
if [ ${#failed[@]} -gt 0 ]; then
    for f in "${failed[@]}"; do warn "$f"; done
    die "scale.sh: ${#failed[@]} aim(s) missed; report in $OUT/report.md"
fi
say "All aims met; report in $OUT/report.md"
