#!/usr/bin/env bash
# Where the engine side of a pipeline run goes, step by step, against the plain one-statement DuckDB pipeline, and what
# the Parquet writer's settings cost. Needs the data of bench/pipeline.sh (bench/out/pipeline/data): run that first.
# Usage: bench/pipeline-costs.sh [--threads N] [--memory-limit SIZE] [--repeat N]   (see bench/README.md)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

echo "Building the benchmark..." >&2
# shellcheck disable=SC2086
./mvnw -q -B ${BENCH_MVN_OPTS:-} -DskipTests -pl bench -am package >&2

exec java ${BENCH_JAVA_OPTS:-} -cp "bench/target/bench.jar:bench/target/lib/*" org.meshwork.bench.PipelineCostsBenchmark \
  --data bench/out/pipeline/data "$@"
