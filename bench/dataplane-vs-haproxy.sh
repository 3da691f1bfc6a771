#!/usr/bin/env bash
# Data-plane benchmark: CPU per request and added p50/p99 of the embedded ztunnel and sidecar
# paths next to HAProxy (TCP+TLS and HTTP+TLS), one run, same loopback path. Prints a table.
# Options go through as -D system properties, e.g.:
#   bench/dataplane-vs-haproxy.sh -Dbench.rate=3000 -Dbench.seconds=10 -Dbench.paths=direct,haproxy-tcp,ztunnel
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v haproxy >/dev/null 2>&1; then
  echo "installing haproxy from the distribution's packages" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get install -y haproxy >/dev/null || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y haproxy >/dev/null; }
fi
haproxy -v | sed -n 1p

# Offline only when everything this script needs is already in the Maven cache: the classes compile
# AND the dependency plugin resolves. Otherwise online, and a failure shows Maven's own output.
CP_FILE="$(mktemp)"
LOG_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE" "$LOG_FILE"' EXIT
classpath() {
  mvn -B -q "$@" test-compile dependency:build-classpath -DincludeScope=test -Dmdep.outputFile="$CP_FILE"
}
if ! classpath -o >"$LOG_FILE" 2>&1; then
  echo "the Maven cache lacks something (offline build failed); building online" >&2
  if ! classpath >"$LOG_FILE" 2>&1; then
    cat "$LOG_FILE" >&2
    echo "bench: could not compile the benchmark or resolve its classpath (Maven's output above)" >&2
    exit 1
  fi
fi

exec java -Xms512m -Xmx1g -XX:+UseParallelGC -Djava.net.preferIPv4Stack=true \
  -Dlogback.configurationFile=bench/logback-bench.xml "$@" \
  -cp "target/test-classes:target/classes:$(cat "$CP_FILE")" io.meshbench.bench.DataPlaneBenchmark
