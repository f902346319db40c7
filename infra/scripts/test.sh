#!/usr/bin/env bash
# Runs every test of the suite: unit and integration tests against a real PostgreSQL (embedded, from Maven
# Central, unless TEST_PG_HOST names a running one) and WireMock standing in for Engage.
set -euo pipefail
source "$(dirname "$0")/common.sh"
require_java
require_maven
cd "$ROOT"
# The alert rules' unit tests (infra/deploy-test) need promtool; they are skipped, saying so, without it. As root on
# Debian it is one package away (~30 s), so take it rather than skip. Any failure here only means the skip.
if ! command -v promtool >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "Installing promtool (Debian's prometheus) for the alert rules' tests"
    { apt-get install -y -qq --no-install-recommends prometheus || { apt-get update -qq && apt-get install -y -qq \
        --no-install-recommends prometheus; }; } >/dev/null 2>&1 || say "Could not install promtool: the alert rules' tests will be skipped"
fi
say "Building and testing every module (mvn verify)"
exec mvn -B -ntp verify "$@"
