#!/usr/bin/env bash
# Quality-check benchmark: the platform's check phase vs one hand-written aggregate query vs one query per check.
# Usage: bench/checks.sh [ROWS] [CheckBenchmark options...]   (ROWS defaults to 10000000; see bench/README.md)
# Maven flags for the build: BENCH_MVN_OPTS (e.g. -o).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

rows="${1:-10000000}"
[ $# -gt 0 ] && shift

echo "Building the benchmark..." >&2
# shellcheck disable=SC2086
./mvnw -q -B ${BENCH_MVN_OPTS:-} -DskipTests -Dmaven.test.skip=true -pl bench -am package >&2

exec java ${BENCH_JAVA_OPTS:-} -cp "bench/target/bench.jar:bench/target/lib/*" org.meshwork.bench.CheckBenchmark \
  --rows "$rows" --work bench/out/checks "$@"
