#!/usr/bin/env bash
# Runs every test of the suite: unit and integration tests against a real PostgreSQL (embedded, from Maven
# Central, unless TEST_PG_HOST names a running one) and WireMock standing in for Engage.
set -euo pipefail
source "$(dirname "$0")/common.sh"
require_java
require_maven
cd "$ROOT"
say "Building and testing every module (mvn verify)"
exec mvn -B -ntp verify "$@"
