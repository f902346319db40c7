# Shared by the scripts under infra/scripts: clear messages when the machine lacks something.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

say()  { printf '\033[1m==> %s\033[0m\n' "$*"; }
warn() { printf '\033[33m!!  %s\033[0m\n' "$*" >&2; }
die()  { printf '\033[31mxx  %s\033[0m\n' "$*" >&2; exit 1; }

require_java() {
    command -v java >/dev/null 2>&1 || die "Java is missing: install a JDK 17 or newer (e.g. apt-get install openjdk-17-jdk-headless)."
    local major
    major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1)
    [ "${major:-0}" -ge 17 ] || die "Java ${major:-?} found; engage-bridge needs Java 17 or newer (set JAVA_HOME or PATH)."
}

require_maven() {
    command -v mvn >/dev/null 2>&1 || die "Maven is missing: install Maven 3.8 or newer (e.g. apt-get install maven)."
}

require_tool() {
    command -v "$1" >/dev/null 2>&1 || die "$1 is missing: $2"
}

port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

require_free_port() {
    port_free "$1" || die "Port $1 ($2) is taken. Stop what listens there (ss -ltnp 'sport = :$1') or set $3."
}

# Small heaps, one GC thread, few Netty and malloc arenas (run.sh, and the replicas the benchmarks add; JAVA_OPTS
# replaces them). TrimNativeHeapInterval (JDK 17.0.9+) hands memory glibc keeps after a load back to the system
# every 5 s: measured on transactions-service after a receipt load, 195 -> 165 MB resident (jcmd System.trim_native_heap).
APP_JAVA_OPTS="-Xms32m -Xmx128m -XX:+UseSerialGC -Xss512k -XX:ReservedCodeCacheSize=64m -Dio.netty.allocator.numDirectArenas=1 -Dio.netty.allocator.numHeapArenas=1 -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=5000"

# One HTTP event loop per app (IO_THREADS, read by every app built on web-common), as in the cluster, where each app's
# CPU limit is one core: the suite's apps, PostgreSQL and any load share this machine's cores, and an app's two loops
# then cost each request ~15-20 % more CPU than one (wake-ups and context switches, measured on 2 cores; issue #14).
# nginx, the benchmark's reference proxy, runs one worker too.
export IO_THREADS=${IO_THREADS:-1}

# An app's JVM options: APP_JAVA_OPTS, and for transactions-service (the receipts of every till, thousands a second)
# C2 alone, without the C1 tier: its code cache, profiles and compiler memory stay ~15-20 MB smaller after a receipt
# load (157 -> 141 MB resident), for the same CPU per receipt once warm; it is ~0.2-0.4 s slower to ready and slower
# in its first ~10 s of load. Each image's Dockerfile.jvm carries the same options (DockerfilesTest compares them).
# The sandbox, contacts- and promotions-service keep both compilers, but C2 waits for what stays hot (four times its
# default thresholds): their start runs on C1's code, which is quick to make, instead of the C2 compiler thread taking
# a core from the start on these 2 cores: ready 6-14 % sooner (alternating starts). Not the gateway, whose hot paths
# carry two of issue #14's aims: its start gained ~2 % (within the spread), and its cached read's CPU may have lost
# ~2-3 % (alternating rounds, within the spread); its receipts were unchanged. Nor transactions-service: tiered with
# these thresholds it starts ~20 % sooner, but holds ~13 MB more after a receipt load than with C2 alone.
# JAVA_OPTS, when set, replaces them for every app.
LATE_C2="-XX:Tier4InvocationThreshold=20000 -XX:Tier4MinInvocationThreshold=2400 -XX:Tier4CompileThreshold=60000 -XX:Tier4BackEdgeThreshold=160000"
java_opts() { # app
    if [ -n "${JAVA_OPTS:-}" ]; then
        echo "$JAVA_OPTS"
    elif [ "$1" = transactions-service ]; then
        echo "$APP_JAVA_OPTS -XX:-TieredCompilation"
    elif [ "$1" = gateway ]; then
        echo "$APP_JAVA_OPTS"
    else
        echo "$APP_JAVA_OPTS $LATE_C2"
    fi
}

# An app's packaged form (Quarkus' fast-jar), which every build writes anew, and the jar that runs it.
app_home() { # app
    if [ "$1" = engage-sandbox ]; then echo "$ROOT/infra/engage-sandbox/target/quarkus-app"; else echo "$ROOT/$1/target/quarkus-app"; fi
}
app_jar() { # app
    echo "$(app_home "$1")/quarkus-run.jar"
}

# Startup archives (class-data sharing, a JVM feature): an app is ready 15-23 % sooner (each app, alternating starts
# on 2 cores: infra/scripts/bench/README.md) when the JVM maps the classes its start loads, parses and verifies from
# an archive of its own start instead of doing that work again. The archive lives beside the app's jar, so each
# build removes it; record_startup_archive makes it again (run.sh, once per build), and startup_opts names it while it
# exists. The JVM checks it against the jar and the JDK at every start, and starts without it when they differ.
startup_archive() { # app
    echo "$(app_home "$1")/startup.jsa"
}

startup_opts() { # app
    local archive
    archive=$(startup_archive "$1")
    if [ -f "$archive" ]; then echo "-XX:SharedArchiveFile=$archive"; fi
}

# One start of the app alone, with the caller's environment (API and management ports chosen by the system, no
# relay), stopped once it has started: the JVM writes what it loaded into the archive as it exits. Once per build: its
# log stays beside the archive, and a start that failed to record one (the log says why) is not tried again. The app
# says when it has started (Quarkus' INFO line) whatever log level the caller's environment sets. Stopped midway (TERM:
# run.sh interrupted), the recording stops its app and leaves nothing, so the next run records again.
record_startup_archive() { # app
    local archive pid deadline
    archive=$(startup_archive "$1")
    [ -f "$archive" ] || [ -f "$archive.log" ] && return 0
    OUTBOX_RELAY_INTERVAL=off java $(java_opts "$1") -XX:ArchiveClassesAtExit="$archive.part" -Xlog:cds=error \
        -Dquarkus.log.category.\"io.quarkus\".level=INFO \
        -Dquarkus.http.port=0 -Dquarkus.management.port=0 -jar "$(app_jar "$1")" >"$archive.log" 2>&1 &
    pid=$!
    # shellcheck disable=SC2064 # the app and its files are this call's, known now
    trap "kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -f $(printf '%q %q' "$archive.part" "$archive.log"); exit 143" TERM
    deadline=$((SECONDS + 120))
    until grep -qs ' started in ' "$archive.log"; do
        if ! kill -0 "$pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
            kill "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
            rm -f "$archive.part"
            trap - TERM
            warn "$1 did not start to record its startup archive (see $archive.log); it starts without one"
            return 0
        fi
        sleep 0.2
    done
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    trap - TERM
    if [ -s "$archive.part" ]; then mv "$archive.part" "$archive"; else rm -f "$archive.part"; fi
}

# The local run's ports, each overridable by its variable: run.sh starts the apps on them, observe.sh finds them there.
# Health, metrics and (the services) the outbox's ops endpoints are on each app's management port (9000 in a cluster;
# here each app needs its own).
local_run_ports() {
    GATEWAY_PORT=${GATEWAY_PORT:-8080}
    CONTACTS_PORT=${CONTACTS_PORT:-8081}
    TRANSACTIONS_PORT=${TRANSACTIONS_PORT:-8082}
    PROMOTIONS_PORT=${PROMOTIONS_PORT:-8083}
    SANDBOX_PORT=${SANDBOX_PORT:-8089}
    GATEWAY_MANAGEMENT_PORT=${GATEWAY_MANAGEMENT_PORT:-9080}
    CONTACTS_MANAGEMENT_PORT=${CONTACTS_MANAGEMENT_PORT:-9081}
    TRANSACTIONS_MANAGEMENT_PORT=${TRANSACTIONS_MANAGEMENT_PORT:-9082}
    PROMOTIONS_MANAGEMENT_PORT=${PROMOTIONS_MANAGEMENT_PORT:-9083}
    SANDBOX_MANAGEMENT_PORT=${SANDBOX_MANAGEMENT_PORT:-9089}
    DEV_DB_PORT=${DEV_DB_PORT:-15432}   # the embedded PostgreSQL, when no DB_URL is given
}

# Health and metrics are on each app's management port, never on its API port (see README, "Ports").
ready_url() { # management port
    echo "http://127.0.0.1:$1/q/health/ready"
}

# Waits until an app's readiness check (on its management port) answers UP; with its pid, stops waiting if it exits.
wait_ready() { # name, management port, log, [pid]
    local deadline=$((SECONDS + ${READY_TIMEOUT:-90}))
    until curl -fs "$(ready_url "$2")" >/dev/null 2>&1; do
        if [ -n "${4:-}" ] && ! kill -0 "$4" 2>/dev/null; then
            warn "$1 exited before it was ready; last lines of its log:"
            tail -n 30 "$3" >&2
            die "$1 did not come up"
        fi
        if [ $SECONDS -ge $deadline ]; then
            warn "$1 is not ready after ${READY_TIMEOUT:-90}s; last lines of its log:"
            tail -n 30 "$3" >&2
            die "$1 did not come up"
        fi
        sleep 0.5
    done
    echo "   $1 ready"
}

# The service keys of the local run (infra/scripts/service-keys.sh makes them; README, "Security").
SERVICE_KEYS_DIR="$ROOT/.run/service-keys"

# The service-token settings an app needs, one NAME=value a line (for env): every service verifies its callers with
# the JWK set; the gateway and transactions-service also sign their own calls, each with its own key.
service_key_env() { # app
    echo "SERVICE_KEYS_LOCATION=file:$SERVICE_KEYS_DIR/jwks.json"
    case "$1" in
        gateway | transactions-service)
            echo "SERVICE_SIGNING_KEY_LOCATION=file:$SERVICE_KEYS_DIR/$1.key.pem"
            echo "SERVICE_SIGNING_KEY_ID=$(cat "$SERVICE_KEYS_DIR/$1.kid")"
            ;;
    esac
}

# A token to call a service directly, as CALLER (default: the gateway), valid an hour: mint it once, outside any
# timed loop (each run of openssl costs milliseconds).
service_token() { # audience [caller]
    "$ROOT/infra/scripts/service-token.sh" "$SERVICE_KEYS_DIR" "${2:-gateway}" "$1" 3600
}

# Brings a service's database to its schema, as the init container does in a cluster (infra/db-migrations): the
# services never migrate at start. DB_HOST, DB_PORT, DB_USER and DB_PASSWORD come from the environment.
migrate_db() { # service, database
    local app="$ROOT/$1/target/quarkus-app"
    DB_NAME="$2" java -Xmx96m -cp "$app/app/*:$app/lib/main/*" io.engagebridge.migrations.Migrate
}
