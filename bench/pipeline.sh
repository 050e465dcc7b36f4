#!/usr/bin/env bash
# Pipeline benchmark: `mesh run` (CSV → SQL transform → Parquet + Delta commit) against the same SQL in plain DuckDB.
# Usage: bench/pipeline.sh [ROWS] [PipelineBenchmark options...]   (ROWS defaults to 10000000; see bench/README.md)
# Extra JVM options for the benchmark driver itself: BENCH_JAVA_OPTS. Maven flags for the build: BENCH_MVN_OPTS (e.g. -o).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

rows="${1:-10000000}"
[ $# -gt 0 ] && shift

echo "Building the mesh CLI and the benchmark..." >&2
# shellcheck disable=SC2086
./mvnw -q -B ${BENCH_MVN_OPTS:-} -DskipTests -pl bench -am package >&2
# the launcher makes the CLI's class-data-sharing archive (mesh-cli/target/mesh.jsa), which the runs use as it does
./mesh --version >/dev/null

exec java ${BENCH_JAVA_OPTS:-} -cp "bench/target/bench.jar:bench/target/lib/*" org.meshwork.bench.PipelineBenchmark \
  --rows "$rows" --work bench/out/pipeline --mesh-cli mesh-cli/target/mesh-cli.jar "$@"
