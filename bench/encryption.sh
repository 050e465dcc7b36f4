#!/usr/bin/env bash
# Encryption at rest benchmark: the same product run and read plain and encrypted, in one process; prints the ratios.
# Usage: bench/encryption.sh [ROWS] [EncryptionBenchmark options...]   (ROWS defaults to 2000000; see bench/README.md)
# Extra JVM options: BENCH_JAVA_OPTS. Maven flags for the build: BENCH_MVN_OPTS (e.g. -o).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

rows="${1:-2000000}"
[ $# -gt 0 ] && shift

echo "Building the benchmark..." >&2
# shellcheck disable=SC2086
./mvnw -q -B ${BENCH_MVN_OPTS:-} -DskipTests -pl bench -am package >&2

exec java ${BENCH_JAVA_OPTS:-} -cp "bench/target/bench.jar:bench/target/lib/*" org.meshwork.bench.EncryptionBenchmark \
  --rows "$rows" --work bench/out/encryption "$@"
