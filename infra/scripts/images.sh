#!/usr/bin/env bash
# Builds the JVM image of every app from its src/main/docker/Dockerfile.jvm, tagged
# engage-bridge/<app>:<project version>, with docker (when its daemon answers) or podman.
#
#   infra/scripts/images.sh                 builds the jars if missing, then the five images
#   infra/scripts/images.sh --rebuild       builds the jars anyway first
#   infra/scripts/images.sh --local-base    builds a Debian base with Java 17 here first (debootstrap, root) and
#                                           uses it: for machines that reach no container registry
#   BASE_IMAGE=registry.example/java:17 infra/scripts/images.sh    another Java 17+ base
#   CONTAINER_TOOL=podman infra/scripts/images.sh                  choose the tool
#   REGISTRY=registry.example/team infra/scripts/images.sh         also tag as REGISTRY/engage-bridge/<app>:<version>
#
# Prints each image's size and how long the whole build took.
set -euo pipefail
source "$(dirname "$0")/common.sh"

APPS=(contacts-service transactions-service promotions-service gateway infra/engage-sandbox)
LOCAL_BASE=localhost/engage-bridge/jre17-base:bookworm
REBUILD=false
WITH_LOCAL_BASE=false
for arg in "$@"; do
    case "$arg" in
        --rebuild) REBUILD=true ;;
        --local-base) WITH_LOCAL_BASE=true ;;
        *) die "Unknown option $arg (see the top of $0)" ;;
    esac
done

# --- the tool ----------------------------------------------------------------------------------------------
TOOL=${CONTAINER_TOOL:-}
if [ -z "$TOOL" ]; then
    if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
        TOOL=docker
    elif command -v podman >/dev/null 2>&1; then
        TOOL=podman
    elif command -v docker >/dev/null 2>&1; then
        die "docker is installed but its daemon does not answer (docker info). Start it (systemctl start docker), or install podman, which needs no daemon (Debian/Ubuntu: apt-get install podman), then run $0 again."
    else
        die "Neither docker nor podman is installed: one of them builds the images. Install Docker Engine and start its daemon, or podman (Debian/Ubuntu: apt-get install podman; Fedora/RHEL: dnf install podman), then run $0 again."
    fi
fi
command -v "$TOOL" >/dev/null 2>&1 || die "CONTAINER_TOOL=$TOOL is not installed."

VERSION=$(awk '/<artifactId>engage-bridge-parent<\/artifactId>/ {found=1} found && /<version>/ {gsub(/.*<version>|<\/version>.*/, ""); print; exit}' "$ROOT/pom.xml")
[ -n "$VERSION" ] || die "Could not read the project version from $ROOT/pom.xml"

# --- the jars ----------------------------------------------------------------------------------------------
missing=false
for app in "${APPS[@]}"; do [ -f "$ROOT/$app/target/quarkus-app/quarkus-run.jar" ] || missing=true; done
if $missing || $REBUILD; then
    require_java
    require_maven
    say "Building the jars (mvn package, tests skipped: run infra/scripts/test.sh for those)"
    modules=$(IFS=,; echo "${APPS[*]}")
    (cd "$ROOT" && mvn -B -ntp -q package -DskipTests -pl "$modules" -am) || die "The build failed; see the Maven output above."
fi

# --- the base ----------------------------------------------------------------------------------------------
# A Debian bookworm root file system with Java 17, imported as an image: needs root, debootstrap and a Debian
# mirror (DEBIAN_MIRROR, else the first one this machine's apt uses).
build_local_base() {
    [ "$(id -u)" = 0 ] || die "--local-base needs root (debootstrap)."
    require_tool debootstrap "install it (apt-get install debootstrap): it builds the local base image"
    local mirror=${DEBIAN_MIRROR:-}
    if [ -z "$mirror" ]; then
        mirror=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -n1)
        [ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
    fi
    [ -n "$mirror" ] || die "No Debian mirror found in /etc/apt: set DEBIAN_MIRROR."
    local dir
    dir=$(mktemp -d)
    say "Building the local base $LOCAL_BASE (Debian bookworm + openjdk-17-jre-headless)"
    debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates bookworm "$dir" "$mirror" \
        >"$dir.log" 2>&1 || { tail -n 20 "$dir.log" >&2; rm -rf "$dir"; die "debootstrap failed (log above)"; }
    rm -rf "$dir/var/cache/apt/archives/"*.deb "$dir/var/lib/apt/lists/"*
    tar -C "$dir" -c . | "$TOOL" import - "$LOCAL_BASE" >/dev/null
    rm -rf "$dir" "$dir.log"
}

BUILD_ARGS=()
if $WITH_LOCAL_BASE; then
    "$TOOL" image inspect "$LOCAL_BASE" >/dev/null 2>&1 || build_local_base
    BASE_IMAGE=$LOCAL_BASE
fi
if [ -n "${BASE_IMAGE:-}" ]; then
    BUILD_ARGS+=(--build-arg "BASE_IMAGE=$BASE_IMAGE")
fi

# --- the images --------------------------------------------------------------------------------------------
started=$SECONDS
say "Building ${#APPS[@]} images with $TOOL (base: ${BASE_IMAGE:-the default of the Dockerfiles}), version $VERSION"
for app in "${APPS[@]}"; do
    name=$(basename "$app")
    tag="engage-bridge/$name:$VERSION"
    (cd "$ROOT/$app" && "$TOOL" build -q ${BUILD_ARGS[@]+"${BUILD_ARGS[@]}"} -f src/main/docker/Dockerfile.jvm -t "$tag" .) >/dev/null ||
        die "Building $tag failed. Without access to a container registry, use --local-base (or BASE_IMAGE=<a Java 17 image you have>)."
    if [ -n "${REGISTRY:-}" ]; then
        "$TOOL" tag "$tag" "$REGISTRY/$tag"
    fi
    echo "   $tag"
done
took=$((SECONDS - started))

say "Built in ${took}s"
for app in "${APPS[@]}"; do
    name=$(basename "$app")
    "$TOOL" image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E "(^|/)engage-bridge/$name:$VERSION " | head -n1 |
        awk '{printf "   %-55s %s %s\n", $1, $2, $3}'
done
if [ -n "${REGISTRY:-}" ]; then
    echo "Push them with: for i in contacts-service transactions-service promotions-service gateway engage-sandbox; do $TOOL push $REGISTRY/engage-bridge/\$i:$VERSION; done"
fi
