#!/usr/bin/env bash
# Startup cost on a plain embedded Jetty 12 app (integration-tests/apps/jetty12, as the ITs start it):
# process start to the first HTTP 200 of /hello and the JVM's CPU time until then, in alternating
# rounds of: no agent, BEFORE_JAR (if set), and agent/target/vigil-agent.jar.
#   benchmarks/startup/jetty.sh      (after a package of the reactor; env: RUNS=7, BEFORE_JAR, JAVA)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
APP="$ROOT/integration-tests/apps/jetty12/target"
JAR="$ROOT/agent/target/vigil-agent.jar"
[ -f "$JAR" ] && [ -f "$APP/classpath.txt" ] || { echo "build first: ./mvnw -B -o -q -DskipTests package" >&2; exit 1; }
CP="$(ls "$APP"/vigil-it-app-jetty12-*.jar):$(cat "$APP/classpath.txt")"
variants=(none=)
[ "${NOOP:-0}" = 1 ] && variants+=("noop=-javaagent:$("$ROOT/benchmarks/startup/noop-agent.sh" "$(mktemp -d)")")
[ -n "${BEFORE_JAR:-}" ] && variants+=("before=-javaagent:$BEFORE_JAR")
variants+=("vigil=-javaagent:$JAR")
URL="${URL:-http://127.0.0.1:18080/hello}" RUNS="${RUNS:-7}" \
  exec "$ROOT/benchmarks/startup/first-response.sh" "${variants[@]}" -- "${JAVA:-java}" -cp "$CP" com.example.app.Jetty12App 18080
