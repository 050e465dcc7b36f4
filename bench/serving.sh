#!/usr/bin/env bash
# Governed read path vs plain DuckDB, in process, with concurrent clients and a selective filter.
# Usage: bench/serving.sh [ROWS] [--clients C] [--requests N]   (ROWS defaults to 2000000; see bench/README.md)
# Maven flags for the build: BENCH_MVN_OPTS (e.g. -o).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

rows="${1:-2000000}"
[ $# -gt 0 ] && shift

echo "Building the benchmark..." >&2
# shellcheck disable=SC2086
./mvnw -q -B ${BENCH_MVN_OPTS:-} -DskipTests -Dmaven.test.skip=true -pl bench -am package >&2

exec java ${BENCH_JAVA_OPTS:-} -cp "bench/target/bench.jar:bench/target/lib/*" org.meshwork.bench.ServingBenchmark \
  --rows "$rows" --work bench/out/serving "$@"
