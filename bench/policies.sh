#!/usr/bin/env bash
# Policy evaluation benchmark: N products (default 10000) x 20 policies through the CEL PolicyEngine vs the same
# 20 checks hand-written in Java, in one process. Prints median times and the ratio (see bench/README.md).
# Usage: bench/policies.sh [PRODUCTS] [PolicyBenchmark options...]   Maven flags for the build: BENCH_MVN_OPTS (e.g. -o).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

products="${1:-10000}"
[ $# -gt 0 ] && shift

echo "Building the benchmark..." >&2
# shellcheck disable=SC2086
./mvnw -q -B ${BENCH_MVN_OPTS:-} -DskipTests -Dmaven.test.skip=true -pl bench -am package >&2

exec java ${BENCH_JAVA_OPTS:-} -cp "bench/target/bench.jar:bench/target/lib/*" org.meshwork.bench.PolicyBenchmark \
  --products "$products" --examples examples "$@"
