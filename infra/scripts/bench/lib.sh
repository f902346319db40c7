# Shared by the benchmark scripts (source after ../common.sh): the local run in the background, a second
# transactions-service replica, and stopping whatever was started, last first, when the script ends.
BENCH_PIDS=()
bench_cleanup() {
    local i
    for ((i = ${#BENCH_PIDS[@]} - 1; i >= 0; i--)); do
        kill -TERM "${BENCH_PIDS[$i]}" 2>/dev/null && wait "${BENCH_PIDS[$i]}" 2>/dev/null || true
    done
}
trap bench_cleanup EXIT

# The whole local run (infra/scripts/run.sh) with the caller's environment, until it says it is up. $1: its log.
start_suite() {
    "$ROOT/infra/scripts/run.sh" >"$1" 2>&1 &
    local pid=$! deadline=$((SECONDS + 300))
    BENCH_PIDS+=("$pid")
    until grep -q 'engage-bridge is up' "$1" 2>/dev/null; do
        kill -0 "$pid" 2>/dev/null || { cat "$1"; die "the suite did not start"; }
        [ $SECONDS -lt $deadline ] || die "the suite did not start within 300 s"
        sleep 1
    done
}

# A second transactions-service replica on port 8092 (management port 9092), same database and key budget as the
# first; its pid in SECOND_PID. $1: its log.
start_second_transactions() {
    local keys
    mapfile -t keys < <(service_key_env transactions-service)
    env "${keys[@]}" DB_HOST=127.0.0.1 DB_PORT=15432 DB_NAME=transactions TRANSACTIONS_PORT=8092 TRANSACTIONS_MANAGEMENT_PORT=9092 \
        ENGAGE_RATE_LIMIT_BUDGET=$BUDGET ENGAGE_RATE_LIMIT_DATABASE_URL=postgresql://127.0.0.1:15432/engage ENGAGE_BASE_URL=http://127.0.0.1:8089 \
        ENGAGE_API_KEY=sandbox-key java ${JAVA_OPTS:--Xmx128m} \
        -jar "$ROOT/transactions-service/target/quarkus-app/quarkus-run.jar" >"$1" 2>&1 &
    local pid=$!
    SECOND_PID=$pid
    BENCH_PIDS+=("$pid")
    until curl -fs "$(ready_url 9092)" >/dev/null 2>&1; do
        kill -0 "$pid" 2>/dev/null || die "the second replica did not start (see $1)"
        sleep 0.5
    done
}
