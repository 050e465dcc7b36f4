#!/usr/bin/env bash
# Serving benchmark: N concurrent clients (default 32) issuing filtered get_data requests against `mesh serve` on a
# 10 M-row product, against the same queries in-process on DuckDB; prints the throughput ratio and p50/p99.
# Usage: bench/serve.sh [ROWS] [ServeBenchmark options...]   (ROWS defaults to 10000000; see bench/README.md)
# Options: --clients N (32), --seconds S (20 per side), --memory-limit SIZE, --threads N, --heap SIZE (server -Xmx),
#          --warm-up S (3), --server-java-opts "OPTS" (e.g. a profiler agent for the server),
#          --token TOKEN (default: one from `mesh token create --user bench`), --key customer_id (about 40 rows per
#          key: a full scan) or order_id (one row in one row group: the scan skips the rest).
# Maven flags for the build: BENCH_MVN_OPTS (e.g. -o). Extra JVM options of the driver: BENCH_JAVA_OPTS.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

rows="${1:-10000000}"
[ $# -gt 0 ] && shift

echo "Building the mesh CLI and the benchmark..." >&2
# shellcheck disable=SC2086
./mvnw -q -B ${BENCH_MVN_OPTS:-} -DskipTests -pl bench -am package >&2

exec java ${BENCH_JAVA_OPTS:-} -cp "bench/target/bench.jar:bench/target/lib/*" org.meshwork.bench.ServeBenchmark \
  --rows "$rows" --work bench/out/serve --mesh-cli mesh-cli/target/mesh-cli.jar "$@"
