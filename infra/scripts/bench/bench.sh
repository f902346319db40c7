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

# What a system call costs on this machine, before anything starts: dd copying one byte at a time makes a read(2) and
# a write(2) per byte. nginx and pgbench are mostly system calls, the JVMs much less, so it says which way the ratios
# lean on this machine (session 13's: 2.4-2.6 µs a pair; the direct insert passed there, the hop did not).
syscall_pair_us() {
    local runs=() start _
    for _ in 1 2 3; do
        start=$(date +%s%N)
        dd if=/dev/zero of=/dev/null bs=1 count=200000 2>/dev/null
        runs+=("$(( ($(date +%s%N) - start) / 200000 ))")   # ns a pair
    done
    printf '%s\n' "${runs[@]}" | sort -g | sed -n 2p | awk '{ printf "%.2f", $1 / 1000 }'
}
SYSCALL_US=$(syscall_pair_us)

say "Starting the suite on an empty database (the API key's rate budget $BUDGET/s)"
ENGAGE_RATE_LIMIT_BUDGET=$BUDGET SANDBOX_RECEIPT_DELAY=1h start_suite "$OUT/run.log"   # its own data (lib.sh)
export POS ME OPS
POS=$(cat "$ROOT/.run/jwt/pos.jwt"); ME=$(cat "$ROOT/.run/jwt/customer.jwt"); OPS=$(cat "$ROOT/.run/jwt/ops.jwt")

rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
# Engage calls other than receipts (the relays send queued receipts whenever the sandbox is up)
engage_calls() { curl -s "$S/admin/stats" | jq '[.byRoute | to_entries[] | select(.key | startswith("POST /api/v3/receipts") | not) | .value] | add // 0'; }

export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
APPS=(engage-sandbox contacts-service transactions-service promotions-service gateway)

# Time from launching a second instance of an app, alone, until its readiness check says UP (ms).
time_to_ready() { # app, db name
    local port=8099 management=9099 started pid ms
    local keys
    mapfile -t keys < <(service_key_env "$1")
    started=$(date +%s%N)
    env "${keys[@]}" DB_HOST=127.0.0.1 DB_PORT="$DEV_DB_PORT" DB_NAME="$2" OUTBOX_RELAY_INTERVAL=off ENGAGE_BASE_URL=$S \
        ENGAGE_API_KEY=sandbox-key JWT_PUBLIC_KEY_LOCATION="file:$ROOT/.run/jwt/public-key.pem" \
        java $(java_opts "$1") $(startup_opts "$1") -Dquarkus.http.port=$port -Dquarkus.management.port=$management -jar "$(app_jar "$1")" \
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

# 1. Startup, one app at a time, before any load -----------------------------------------------
say "Time to ready, each app started alone (the suite idle beside it)"
sleep 10   # the suite's own start-up work settles first
declare -A READY_MS
declare -A READY_RUNS
for app in "${APPS[@]}"; do   # three launches each; the report gives the median and all three
    db=${app%-service}; [ "$app" = engage-sandbox ] || [ "$app" = gateway ] && db=none
    runs=()
    for _ in 1 2 3; do runs+=("$(time_to_ready "$app" "$db")"); done
    READY_RUNS[$app]="${runs[*]}"
    READY_MS[$app]=$(printf '%s\n' "${runs[@]}" | sort -g | sed -n 2p)
done

# 2. Zero Engage calls inside the cache expiry ---------------------------------------------------------------
curl -s -X DELETE "$S/admin/requests" >/dev/null
curl -s -o /dev/null -H "Authorization: Bearer $POS" -H 'Content-Type: application/json' -d '{"email":"bob@example.com"}' "$G/api/v1/contacts/identify"
curl -s -o /dev/null -H "Authorization: Bearer $ME" "$G/api/v1/me/profile"
first=$(engage_calls)
curl -s -o /dev/null -H "Authorization: Bearer $POS" -H 'Content-Type: application/json' -d '{"email":"Bob@Example.com"}' "$G/api/v1/contacts/identify"
curl -s -o /dev/null -H "Authorization: Bearer $ME" "$G/api/v1/me/profile"
REPEAT_CALLS=$(( $(engage_calls) - first ))

# Steady-state comparisons -----------------------------------------------------------------------------------------
# A leg is one load of DURATION writing the tool's output to $1. compare() warms both legs of a pair, alternating,
# until two consecutive rounds of each agree within 10 % (at most WARMUP_MAX rounds), then runs ROUNDS measured rounds,
# alternating the order (AB, BA, ...), and keeps each round's ratio A/B: the report gives the median and the spread.
ROUNDS=${BENCH_ROUNDS:-5}
WARMUP_MAX=${BENCH_WARMUP_MAX:-8}
NGINX_PORT=${BENCH_NGINX_PORT:-8098}
FLOOR_PORT=${BENCH_FLOOR_PORT:-8097}

rate_of() { # wrk's Requests/sec or pgbench's tps
    awk '/Requests\/sec/ {print $2; exit} /^tps = / {print $3; exit}' "$1"
}
p99_ms_of() { # wrk --latency's 99th percentile, in ms
    awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) }
         else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } print v; exit }' "$1"
}
agree() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > 0 && b > 0 && (a > b ? a / b : b / a) <= 1.10) }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
spread() { printf '%s\n' "$@" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s-%s", lo, hi }'; }

declare -A MEDIAN_RATIO SPREAD_RATIO MEDIAN_A MEDIAN_B WARMUP_ROUNDS ALL_ROUND_RATIOS
compare() { # name, leg A, leg B
    local name=$1 a=$2 b=$3 i prev_a=0 prev_b=0 rate_a rate_b
    for ((i = 1; i <= WARMUP_MAX; i++)); do
        "$a" "$OUT/$name-warm-$i-A.txt"; "$b" "$OUT/$name-warm-$i-B.txt"
        rate_a=$(rate_of "$OUT/$name-warm-$i-A.txt"); rate_b=$(rate_of "$OUT/$name-warm-$i-B.txt")
        if agree "$rate_a" "$prev_a" && agree "$rate_b" "$prev_b"; then break; fi
        prev_a=$rate_a; prev_b=$rate_b
    done
    WARMUP_ROUNDS[$name]=$(( i > WARMUP_MAX ? WARMUP_MAX : i ))
    local ratios=() as=() bs=()
    for ((i = 1; i <= ROUNDS; i++)); do
        if (( i % 2 )); then "$a" "$OUT/$name-$i-A.txt"; "$b" "$OUT/$name-$i-B.txt"
        else "$b" "$OUT/$name-$i-B.txt"; "$a" "$OUT/$name-$i-A.txt"; fi
        as+=("$(rate_of "$OUT/$name-$i-A.txt")"); bs+=("$(rate_of "$OUT/$name-$i-B.txt")")
        ratios+=("$(ratio "${as[-1]}" "${bs[-1]}")")
    done
    MEDIAN_RATIO[$name]=$(median "${ratios[@]}"); SPREAD_RATIO[$name]=$(spread "${ratios[@]}")
    MEDIAN_A[$name]=$(median "${as[@]}"); MEDIAN_B[$name]=$(median "${bs[@]}")
    ALL_ROUND_RATIOS[$name]="${ratios[*]}"
}
wrk_load() { # output, wrk arguments...
    local out=$1; shift
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" >"$out"
}

TX_TOKEN=$(service_token transactions-service)   # minted once, before any load (valid an hour)
leg_ping() { wrk_load "$1" "$G/api/v1/ping"; }
leg_profile() { wrk_load "$1" -H "Authorization: Bearer $ME" "$G/api/v1/me/profile"; }
leg_receipts_gateway() { wrk_load "$1" -s "$ROOT/infra/scripts/bench/receipts.lua" "$G"; }
leg_receipts_nginx() { TOKEN=$TX_TOKEN RECEIPTS_PATH=/receipts wrk_load "$1" -s "$ROOT/infra/scripts/bench/receipts.lua" "http://127.0.0.1:$NGINX_PORT"; }
leg_receipts_direct() { TOKEN=$TX_TOKEN RECEIPTS_PATH=/receipts wrk_load "$1" -s "$ROOT/infra/scripts/bench/receipts.lua" "http://127.0.0.1:$TRANSACTIONS_PORT"; }
leg_receipts_floor() { TOKEN=$TX_TOKEN RECEIPTS_PATH=/receipts wrk_load "$1" -s "$ROOT/infra/scripts/bench/receipts.lua" "http://127.0.0.1:$FLOOR_PORT"; }
# CPU per request of what serves a leg (the proxy of a hop leg; transactions-service and PostgreSQL for the direct
# leg, PostgreSQL for pgbench's), from /proc: beside the leg's output, in $out.cpu-NAME (µs). Ratios of rates move
# with everything else on the machine; a process's own CPU per request does less.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
pg_ticks() { # the bench's PostgreSQL: its postmaster and every backend, live or ended (reaped: cutime + cstime)
    local postmaster total child ticks
    postmaster=$(head -n1 "$SUITE_DATA/postmaster.pid")
    total=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$postmaster/stat")
    for child in $(pgrep -P "$postmaster"); do
        ticks=$(cpu_ticks "$child" 2>/dev/null) && total=$((total + ticks))
    done
    echo "$total"
}
ticks_of() { if [ "$1" = postgres ]; then pg_ticks; else cpu_ticks "$1"; fi; }
with_cpu() { # leg, output, then what to measure as NAME=PID (postgres=postgres: the bench's PostgreSQL)
    local leg=$1 out=$2 spec
    shift 2
    local -A before=()
    for spec in "$@"; do before[$spec]=$(ticks_of "${spec#*=}"); done
    "$leg" "$out"
    for spec in "$@"; do
        awk -v t=$(( $(ticks_of "${spec#*=}") - ${before[$spec]} )) -v hz="$(getconf CLK_TCK)" \
            '/requests in/ { n = $1 } /^number of transactions actually processed: / { n = $NF }
             END { if (n > 0) printf "%.1f\n", t * 1000000 / hz / n }' "$out" >"$out.cpu-${spec%%=*}"
    done
}
hop_gateway() { with_cpu leg_receipts_gateway "$1" proxy="$GATEWAY_PID"; }
hop_nginx() { with_cpu leg_receipts_nginx "$1" proxy="$NGINX_WORKER_PID"; }
hop_floor() { with_cpu leg_receipts_floor "$1" proxy="$FLOOR_PID"; }
direct_receipts() { with_cpu leg_receipts_direct "$1" service="$TRANSACTIONS_PID" postgres=postgres; }
direct_pgbench() { with_cpu leg_pgbench "$1" postgres=postgres; }
cpu_median() { # compare name, leg letter, what was measured: the median CPU per request over this run's measured rounds
    local i values=()
    for ((i = 1; i <= ROUNDS; i++)); do values+=("$(cat "$OUT/$1-$i-$2.txt.cpu-$3")"); done
    median "${values[@]}"
}
non2xx() { # compare name, leg letter: the answers other than 2xx over this run's measured rounds
    local i sum=0 n
    for ((i = 1; i <= ROUNDS; i++)); do
        n=$(grep -o 'Non-2xx or 3xx responses: [0-9]*' "$OUT/$1-$i-$2.txt" | grep -o '[0-9]*$' || true)
        sum=$((sum + ${n:-0}))
    done
    echo "$sum"
}
leg_pgbench() { pgbench -h 127.0.0.1 -p "$DEV_DB_PORT" -U postgres -n -c "$CONNECTIONS" -j 2 -T "${DURATION%s}" -f "$OUT/insert.sql" bench >"$1" 2>&1; }

# nginx as a plain reverse proxy in front of transactions-service: the anchor for the gateway's proxy hop
start_nginx() {
    mkdir -p "$OUT/nginx"
    cat >"$OUT/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $OUT/nginx/nginx.pid;
error_log $OUT/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $OUT/nginx/body;
    proxy_temp_path $OUT/nginx/proxy;
    fastcgi_temp_path $OUT/nginx/fastcgi;
    uwsgi_temp_path $OUT/nginx/uwsgi;
    scgi_temp_path $OUT/nginx/scgi;
    upstream transactions { server 127.0.0.1:$TRANSACTIONS_PORT; keepalive 32; }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / {
            proxy_pass http://transactions;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
CONF
    nginx -p "$OUT/nginx" -c "$OUT/nginx/nginx.conf" &
    BENCH_PIDS+=("$!")
    local deadline=$((SECONDS + 10))
    until curl -s -o /dev/null "http://127.0.0.1:$NGINX_PORT/"; do
        [ $SECONDS -lt $deadline ] || die "nginx did not start (see $OUT/nginx/error.log)"
        sleep 0.2
    done
}

# The floor under the gateway's hop: a plain reverse proxy on the gateway's own Vert.x and Netty and nothing else
# (FloorProxy.java, run from source with the gateway's libraries and JVM options, one event loop)
start_floor() {
    rm -f "$OUT/floor-proxy.log"   # an earlier run's says 'listening' until the new one starts writing
    java $(java_opts gateway) -cp "$ROOT/gateway/target/quarkus-app/lib/main/*" \
        "$ROOT/infra/scripts/bench/FloorProxy.java" "$FLOOR_PORT" "$TRANSACTIONS_PORT" >"$OUT/floor-proxy.log" 2>&1 &
    FLOOR_PID=$!
    BENCH_PIDS+=("$FLOOR_PID")
    local deadline=$((SECONDS + 30))
    until grep -q 'listening' "$OUT/floor-proxy.log" 2>/dev/null; do
        kill -0 "$FLOOR_PID" 2>/dev/null && [ $SECONDS -lt $deadline ] || die "the floor proxy did not start (see $OUT/floor-proxy.log)"
        sleep 0.2
    done
}

# 3. Cached My Pages read vs a bare GET, same gateway ----------------------------------------------------------------
say "Cached My Pages read vs bare GET ($CONNECTIONS connections, $DURATION rounds until steady, then $ROUNDS alternating)"
compare profile leg_profile leg_ping
P99_RATIOS=()
for ((i = 1; i <= ROUNDS; i++)); do
    P99_RATIOS+=("$(ratio "$(p99_ms_of "$OUT/profile-$i-A.txt")" "$(p99_ms_of "$OUT/profile-$i-B.txt")")")
done
P99_RATIO=$(median "${P99_RATIOS[@]}")

# 4. Receipts accepted while Engage is down --------------------------------------------------------------------------
curl -s -X POST "$S/admin/down" >/dev/null
$PG -d postgres -c "drop database if exists bench" -c "create database bench"
$PG -d bench -c "create table single_row (id bigint generated always as identity primary key, payload text not null, at timestamptz not null default now())"
echo "insert into single_row (payload) values ('receipt');" >"$OUT/insert.sql"
command -v nginx >/dev/null 2>&1 || die "nginx is missing (the gateway's anchor): apt-get install nginx-light"
start_nginx
NGINX_WORKER_PID=$(pgrep -P "$(cat "$OUT/nginx/nginx.pid")" | head -n1)
GATEWAY_PID=$(app_pid gateway)
TRANSACTIONS_PID=$(app_pid transactions-service)
say "Receipts through the gateway (POS JWT) vs through nginx proxy_pass, same transactions-service, Engage down"
compare gateway-hop hop_gateway hop_nginx
say "Receipts straight to transactions-service vs pgbench single-row inserts, same PostgreSQL"
compare direct direct_receipts direct_pgbench
# after the direct rounds: the receipts its rounds add (hundreds of thousands) would slow the inserts measured there
start_floor
say "Receipts through a bare Vert.x reverse proxy (the floor under the gateway) vs through nginx proxy_pass"
compare floor-hop hop_floor hop_nginx
NON2XX=$(non2xx gateway-hop A)

QUEUED=$($PG -d transactions -c "select count(*) from receipt")

# 5. Outbox drain with two replicas -------------------------------------------------------------------------
ENGAGE_LIMIT=${BENCH_ENGAGE_LIMIT:-50}
say "Draining with two transactions-service replicas for ${DRAIN_SECONDS}s (budget $BUDGET/s; the sandbox answers 429 above $ENGAGE_LIMIT/s, Voyado's normal-operation limit)"
start_second_transactions "$OUT/replica-2.log"
wire_start "$OUT/drain-wire.txt" || true
curl -s -X DELETE "$S/admin/requests" >/dev/null
curl -s -X POST "$S/admin/up" >/dev/null
curl -s -X PUT -H 'Content-Type: application/json' -d "{\"rateLimit\":$ENGAGE_LIMIT}" "$S/admin/faults" >/dev/null
sleep "$DRAIN_SECONDS"
curl -s "$S/admin/stats" >"$OUT/drain-stats.json"
WIRE_BUSIEST=$(wire_busiest)
curl -s -X POST "$S/admin/up" >/dev/null
SENT=$(jq '[.byRoute | to_entries[] | select(.key | startswith("POST /api/v3/receipts 2")) | .value] | add // 0' "$OUT/drain-stats.json")
TOO_MANY=$(jq '[.byRoute | to_entries[] | select(.key | endswith(" 429")) | .value] | add // 0' "$OUT/drain-stats.json")
# rates: whole seconds between the first and the last (both partial, left out); steady: after the first 20 s,
# while the second replica warms up its JIT
read -r OVERALL STEADY BUSIEST <<<"$(jq -r '[.perSecond | to_entries | sort_by(.key|tonumber) | .[1:-1][] | .value] as $v
    | ($v[19:]) as $w
    | "\(if ($v|length) > 0 then (($v|add) / ($v|length)) else 0 end) \(if ($w|length) > 0 then (($w|add) / ($w|length)) else 0 end) \($v | max // 0)"' "$OUT/drain-stats.json")"
LEFT=$($PG -d transactions -c "select count(*) from outbox_message where status = 'PENDING'")

# 6. Memory after load ------------------------------------------------------------------------------------------
declare -A RSS
for app in "${APPS[@]}"; do
    pid=$(app_pid "$app")
    RSS[$app]=$(( $(ps -o rss= -p "$pid") / 1024 ))
done

# 7. Where the time goes: two more gateway receipt rounds, the gateway and transactions-service profiled, one with
# async-profiler (CPU), one with JFR. Last: profilers keep their buffers (a JFR recording ~50 MB) in the recorded JVMs,
# so the resident figures above are taken before. The JFR summaries (hot methods, allocations, GC) are printed with the
# newest JDK's jfr if there is one (jfr view), else jfr summary.
curl -s -X POST "$S/admin/down" >/dev/null   # the same path as the receipt rounds above
declare -A PROFILED=([gateway]=gateway [transactions]=transactions-service)
profiled_pid() { app_pid "${PROFILED[$1]}"; }

# CPU flame graphs with async-profiler (Maven Central, tools.profiler:async-profiler), loaded into the running JVMs:
# $OUT/{gateway,transactions}-receipts-cpu.html. Skipped with a word when it cannot be fetched.
AP_VERSION=4.2
AP_JAR="$HOME/.m2/repository/tools/profiler/async-profiler/$AP_VERSION/async-profiler-$AP_VERSION-linux-x64.jar"
[ -f "$AP_JAR" ] || mvn -q dependency:get -Dartifact="tools.profiler:async-profiler:$AP_VERSION:jar:linux-x64" >/dev/null 2>&1 || true
if [ -f "$AP_JAR" ] && unzip -o -q "$AP_JAR" 'linux-x64/*' -d "$OUT/async-profiler" 2>/dev/null; then
    say "Profiling one gateway receipt round with async-profiler (CPU flame graphs)"
    AP_LIB="$OUT/async-profiler/linux-x64/libasyncProfiler.so"
    # jcmd reads name=value pairs: the profiler's options go quoted, as one value
    for short in "${!PROFILED[@]}"; do
        jcmd "$(profiled_pid "$short")" JVMTI.agent_load "$AP_LIB" '"start,event=cpu,interval=1ms"' >/dev/null
    done
    leg_receipts_gateway "$OUT/profiled-round-cpu.txt"
    for short in "${!PROFILED[@]}"; do
        jcmd "$(profiled_pid "$short")" JVMTI.agent_load "$AP_LIB" "\"stop,file=$OUT/$short-receipts-cpu.html\"" >/dev/null
    done
else
    warn "async-profiler $AP_VERSION could not be fetched from Maven Central: no flame graphs (the JFR summaries follow)"
fi

say "Profiling one gateway receipt round with JFR"
JFR_TOOL=$(ls -d /usr/lib/jvm/temurin-2*/bin/jfr 2>/dev/null | sort -V | tail -n1 || true)
for short in "${!PROFILED[@]}"; do
    jcmd "$(profiled_pid "$short")" JFR.start name=bench settings=profile filename="$OUT/$short-receipts.jfr" >/dev/null
done
leg_receipts_gateway "$OUT/profiled-round.txt"
for short in "${!PROFILED[@]}"; do
    jcmd "$(profiled_pid "$short")" JFR.stop name=bench >/dev/null
    if [ -n "$JFR_TOOL" ]; then
        for view in hot-methods allocation-by-class gc; do
            "$JFR_TOOL" view --width 160 "$view" "$OUT/$short-receipts.jfr" >"$OUT/$short-receipts-$view.txt" 2>&1 || true
        done
    else
        jfr summary "$OUT/$short-receipts.jfr" >"$OUT/$short-receipts-summary.txt" 2>&1 || true
    fi
done
{
echo "# engage-bridge benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, -Xmx128m, $CONNECTIONS connections, rounds of $DURATION"
echo
echo "This machine: a read(2) + write(2) pair takes $SYSCALL_US µs (dd, one byte at a time, median of 3, before the suite started)."
echo
echo "Ratios: median of $ROUNDS alternating rounds after warming until two consecutive rounds agree within 10 % (spread: lowest-highest round)."
echo
echo "| measure | figure | aim |"
echo "|---|---|---|"
echo "| receipt POST through the gateway (POS JWT checked) / the same POST through nginx proxy_pass, same transactions-service, Engage down | ${MEDIAN_A[gateway-hop]} / ${MEDIAN_B[gateway-hop]} req/s = **${MEDIAN_RATIO[gateway-hop]}x** (spread ${SPREAD_RATIO[gateway-hop]}; warmed ${WARMUP_ROUNDS[gateway-hop]} rounds; non-2xx through the gateway: $NON2XX) | >= 0.9x |"
echo "| the same POST through a bare Vert.x reverse proxy (FloorProxy.java: the gateway's Vert.x and Netty, nothing else) / through nginx proxy_pass: the floor under the gateway's hop | ${MEDIAN_A[floor-hop]} / ${MEDIAN_B[floor-hop]} req/s = **${MEDIAN_RATIO[floor-hop]}x** (spread ${SPREAD_RATIO[floor-hop]}; warmed ${WARMUP_ROUNDS[floor-hop]}; non-2xx through it: $(non2xx floor-hop A)) | none: what the JVM's HTTP stack leaves |"
echo "| CPU per receipt in the proxy, median of the measured rounds: the gateway / the bare Vert.x proxy / nginx | **$(cpu_median gateway-hop A proxy)** / **$(cpu_median floor-hop A proxy)** / **$(cpu_median gateway-hop B proxy)** µs | |"
echo "| receipt POST straight to transactions-service / pgbench single-row insert, same PostgreSQL, same concurrency | ${MEDIAN_A[direct]} / ${MEDIAN_B[direct]} = **${MEDIAN_RATIO[direct]}x** (spread ${SPREAD_RATIO[direct]}; warmed ${WARMUP_ROUNDS[direct]}) | >= 0.3x |"
echo "| CPU per receipt straight to transactions-service, median of the measured rounds: transactions-service / PostgreSQL; PostgreSQL's per pgbench insert | **$(cpu_median direct A service)** / **$(cpu_median direct A postgres)** µs; **$(cpu_median direct B postgres)** µs | |"
echo "| cached My Pages read (GET /api/v1/me/profile, JWT checked) / bare GET (/api/v1/ping), same gateway | ${MEDIAN_A[profile]} / ${MEDIAN_B[profile]} req/s = **${MEDIAN_RATIO[profile]}x** (spread ${SPREAD_RATIO[profile]}; warmed ${WARMUP_ROUNDS[profile]}); p99 **${P99_RATIO}x** the bare GET's | >= 0.85x, p99 <= 2x |"
echo "| outbox drain, two replicas: requests/s after the first 20 s / budget | $STEADY / $BUDGET = **$(ratio "$STEADY" "$BUDGET")x** (whole run $(ratio "$OVERALL" "$BUDGET")x); busiest whole second **$BUSIEST**, busiest sliding second on the wire $WIRE_BUSIEST (budget $BUDGET); sent $SENT in ${DRAIN_SECONDS}s; 429s (above $ENGAGE_LIMIT/s): **$TOO_MANY**; still queued $LEFT of $QUEUED | 0.95-1.0x, busiest <= budget, no 429 |"
echo "| Engage calls made by a repeated identify + a repeated My Pages view inside the cache expiry | **$REPEAT_CALLS** | 0 |"
for app in "${APPS[@]}"; do
    echo "| $app: launch to ready, started alone / resident after the loads above | ${READY_MS[$app]} ms (runs: ${READY_RUNS[$app]}) / ${RSS[$app]} MB | <= 2500 ms / <= 160 MB |"
done
echo
echo "Rounds (A/B): gateway-hop ${ALL_ROUND_RATIOS[gateway-hop]}; floor-hop ${ALL_ROUND_RATIOS[floor-hop]}; direct ${ALL_ROUND_RATIOS[direct]}; profile ${ALL_ROUND_RATIOS[profile]}."
echo "Where the time goes, one gateway receipt round each: CPU flame graphs $OUT/{gateway,transactions}-receipts-cpu.html (async-profiler); JFR recordings and their summaries (hot methods, allocations, GC) $OUT/{gateway,transactions}-receipts*."
} | tee "$OUT/results.md"
