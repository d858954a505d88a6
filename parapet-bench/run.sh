#!/usr/bin/env bash
# Runs the side-by-side TLS benchmark suite and prints one table (also written to ./parapet-bench-results.md).
# Extra arguments are JMH options, e.g. a short run: parapet-bench/run.sh -f 1 -wi 2 -w 2s -i 3 -r 2s
# JAVA selects the JDK (default: java on PATH), e.g. JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/benchmarks.jar"
if [ ! -f "$jar" ]; then
  (cd "$here/.." && ./mvnw -B -q -pl parapet-tls,parapet-jsse,parapet-bench -am package -DskipTests)
fi
exec "${JAVA:-java}" -cp "$jar" dev.parapet.bench.Suite "$@"
