# Sourced by perf-test, compare and jmh: finds the repository, (re)builds the benchmark jar when it is missing or
# older than the sources, and sets BENCH_JAR and BENCH_JAVA. Never runs `mvn install`.
set -euo pipefail
BENCH_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_ROOT="$(cd "$BENCH_HOME/.." && pwd)"
BENCH_JAR="$BENCH_HOME/target/pika-benchmarks.jar"
BENCH_JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

bench_build_if_stale() {
  local stale=""
  if [[ ! -f "$BENCH_JAR" ]]; then
    stale="missing"
  elif [[ -n "$(find "$REPO_ROOT/pom.xml" "$BENCH_HOME/pom.xml" "$BENCH_HOME/src/main" \
      "$REPO_ROOT/pika-java-core/pom.xml" "$REPO_ROOT/pika-java-core/src/main" \
      "$REPO_ROOT/pika-spring-boot-starter/pom.xml" "$REPO_ROOT/pika-spring-boot-starter/src/main" \
      -newer "$BENCH_JAR" -print -quit 2>/dev/null)" ]]; then
    stale="older than the sources"
  fi
  if [[ -n "$stale" ]]; then
    echo "building $BENCH_JAR ($stale) ..." >&2
    (cd "$REPO_ROOT" && mvn -B -ntp -q -pl pika-benchmarks -am package -DskipTests) >&2
  fi
}

if [[ "${PIKA_BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  bench_build_if_stale
fi
