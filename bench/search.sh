#!/usr/bin/env bash
# Search benchmark: the catalog's Lucene index over 100,000 synthetic products — index build time and query p50/p99
# with all facets counted — against a bare Lucene TermQuery on the same index as the baseline.
# Usage: bench/search.sh [PRODUCTS] [SearchBenchmark options...]   (PRODUCTS defaults to 100000; see bench/README.md)
# Maven flags for the build: BENCH_MVN_OPTS (e.g. -o). JVM options: BENCH_JAVA_OPTS.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

products="${1:-100000}"
[ $# -gt 0 ] && shift

echo "Building the benchmark..." >&2
# shellcheck disable=SC2086
./mvnw -q -B ${BENCH_MVN_OPTS:-} -DskipTests -Dmaven.test.skip=true -pl bench -am package >&2

exec java ${BENCH_JAVA_OPTS:-} -cp "bench/target/bench.jar:bench/target/lib/*" org.meshwork.bench.SearchBenchmark \
  --products "$products" --work bench/out/search "$@"
