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

# Offline first (the usual case once the project has built); online if something is missing.
MVN_FLAGS="-B -q"
if ! mvn $MVN_FLAGS -o test-compile >/dev/null 2>&1; then
  mvn $MVN_FLAGS test-compile
else
  MVN_FLAGS="$MVN_FLAGS -o"
fi
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
mvn $MVN_FLAGS dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null

exec java -Xms512m -Xmx1g -XX:+UseParallelGC -Djava.net.preferIPv4Stack=true \
  -Dlogback.configurationFile=bench/logback-bench.xml "$@" \
  -cp "target/test-classes:target/classes:$(cat "$CP_FILE")" io.meshbench.bench.DataPlaneBenchmark
