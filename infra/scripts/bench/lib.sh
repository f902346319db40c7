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
trap 'exit 130' INT
trap 'exit 143' TERM   # and so through the cleanup above
local_run_ports        # the local run's ports (common.sh), which start_suite starts it on and the scripts load
PG="psql -h 127.0.0.1 -p $DEV_DB_PORT -U postgres -qAt"   # the local run's embedded PostgreSQL
# The local run's URLs: its gateway, the Engage sandbox and the three services' APIs
G=http://127.0.0.1:$GATEWAY_PORT S=http://127.0.0.1:$SANDBOX_PORT
C=http://127.0.0.1:$CONTACTS_PORT T=http://127.0.0.1:$TRANSACTIONS_PORT P=http://127.0.0.1:$PROMOTIONS_PORT

# The pid of an app's first running instance (bench.sh: the suite's own; a second transactions-service replica comes
# later), and of all of them: the processes with its jar on their command line
app_pid() { pgrep -f "$(app_jar "$1")" | head -n1; }
app_pids() { pgrep -f "$(app_jar "$1")" | tr '\n' ' '; }

# The whole local run (infra/scripts/run.sh) with the caller's environment, until it says it is up. $1: its log.
# Its embedded PostgreSQL keeps its data in the script's own folder ($OUT/pgdata), emptied first: the local run's
# (.run/pgdata) may hold millions of receipts queued by earlier loads, whose sending would run beside every figure
# (handover.sh, on the local run's data, once reported 0 of 400 receipts in Engage and "doubled: -8509430").
# A DEV_DB_DIR the caller sets is used as it is. The folder in SUITE_DATA.
start_suite() {
    SUITE_DATA=${DEV_DB_DIR:-}
    if [ -z "$SUITE_DATA" ]; then
        SUITE_DATA="$OUT/pgdata"
        rm -rf "$SUITE_DATA"
    fi
    DEV_DB_DIR=$SUITE_DATA "$ROOT/infra/scripts/run.sh" >"$1" 2>&1 &
    local pid=$! deadline=$((SECONDS + 300))
    BENCH_PIDS+=("$pid")
    until grep -q 'engage-bridge is up' "$1" 2>/dev/null; do
        kill -0 "$pid" 2>/dev/null || { cat "$1"; die "the suite did not start"; }
        [ $SECONDS -lt $deadline ] || die "the suite did not start within 300 s"
        sleep 1
    done
}

# Another instance of an app beside the local run's: a replica of a service (its database, the API key's budget and
# the sandbox as run.sh gives them) or a second gateway, on API port $2 and management port $3, logging to $4. More
# settings (NAME=value) may follow. Its pid in APP_PID; stopped with the rest when the script ends.
start_app() { # app, port, management port, log, [NAME=value ...]
    local app=$1 port=$2 management=$3 log=$4 keys db=$DEV_DB_PORT
    shift 4
    mapfile -t keys < <(service_key_env "$app")
    env "${keys[@]}" DB_HOST=127.0.0.1 DB_PORT="$db" DB_USER=postgres DB_NAME="${app%-service}" \
        ENGAGE_RATE_LIMIT_BUDGET="${BUDGET:-45}" ENGAGE_RATE_LIMIT_DATABASE_URL="postgresql://127.0.0.1:$db/engage" \
        ENGAGE_BASE_URL="http://127.0.0.1:$SANDBOX_PORT" ENGAGE_API_KEY=sandbox-key "$@" \
        java $(java_opts "$app") $(startup_opts "$app") -Dquarkus.http.port="$port" -Dquarkus.management.port="$management" \
        -jar "$(app_jar "$app")" >"$log" 2>&1 &
    APP_PID=$!
    BENCH_PIDS+=("$APP_PID")
}

# A second transactions-service replica on port 8092 (management port 9092), same database and key budget as the
# first; its pid in SECOND_PID. $1: its log.
start_second_transactions() {
    start_app transactions-service 8092 9092 "$1"
    SECOND_PID=$APP_PID
    wait_ready "the second transactions-service replica" 9092 "$1" "$SECOND_PID" >/dev/null
}

# What leaves for the sandbox, as it leaves: every TCP segment to its port on loopback whose data begins with an HTTP
# method (POST, GET, PUT, PATCH, DELETE), one line each with its epoch time, into $1 (tcpdump, in the background until
# the script ends). The key's budget is a promise about this, not about when the sandbox gets round to counting: a
# stalled sandbox handles what waited at once (stalls.sh, README.md). Fails, capturing nothing, where tcpdump is missing
# or cannot capture (not root). wire_busiest then gives the figure since this call.
WIRE_FILE=
wire_start() { # file
    local at='tcp[((tcp[12:1] & 0xf0) >> 2):4]' methods
    command -v tcpdump >/dev/null 2>&1 && [ "$(id -u)" = 0 ] || return 1
    methods="$at = 0x504f5354 or $at = 0x47455420 or $at = 0x50555420 or $at = 0x50415443 or $at = 0x44454c45"
    tcpdump -i lo -tt -n -l "tcp dst port $SANDBOX_PORT and ($methods)" >"$1" 2>"$1.log" &
    BENCH_PIDS+=($!)
    sleep 1   # capturing before anything is sent
    WIRE_FILE=$1
    WIRE_FROM=$(date +%s.%N)
}

# The most requests in any second, sliding over $1's times from epoch second $2 to $3; and how many in all.
busiest_on_wire() { # file, from, to
    awk -v from="$2" -v to="$3" '$1 >= from && $1 < to { t[n++] = $1 }
        END { j = 0; best = 0
              for (i = 0; i < n; i++) { while (t[j] < t[i] - 1) j++; if (i - j + 1 > best) best = i - j + 1 }
              print best, n + 0 }' "$1"
}

# For a report: the busiest sliding second on the wire since wire_start (in bold), or why there is none.
wire_busiest() {
    if [ -z "$WIRE_FILE" ]; then
        echo "not watched (tcpdump missing, or not root)"
    else
        echo "**$(busiest_on_wire "$WIRE_FILE" "$WIRE_FROM" "$(date +%s.%N)" | cut -d' ' -f1)**"
    fi
}
