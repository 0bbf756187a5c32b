#!/usr/bin/env bash
# Startup cost on a real Spring Boot app: spring-petclinic (built from source, H2 default profile),
# process start to the first HTTP 200 of / and the JVM's CPU time until then, in alternating rounds
# of: no agent, BEFORE_JAR (if set), and agent/target/vigil-agent.jar. Not run by CI (needs the
# petclinic jar and minutes of a quiet machine).
#   benchmarks/startup/petclinic.sh /path/to/spring-petclinic-*.jar     (env: RUNS=5, BEFORE_JAR, NOOP=1 for the no-op transformer floor, JAVA)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PETCLINIC="${1:?usage: $0 /path/to/spring-petclinic.jar}"
JAR="$ROOT/agent/target/vigil-agent.jar"
[ -f "$JAR" ] || { echo "build first: ./mvnw -B -o -q -DskipTests package" >&2; exit 1; }
variants=(none=)
[ "${NOOP:-0}" = 1 ] && variants+=("noop=-javaagent:$("$ROOT/benchmarks/startup/noop-agent.sh" "$(mktemp -d)")")
[ -n "${BEFORE_JAR:-}" ] && variants+=("before=-javaagent:$BEFORE_JAR")
variants+=("vigil=-javaagent:$JAR")
URL="${URL:-http://127.0.0.1:8080/}" TIMEOUT_S="${TIMEOUT_S:-180}" RUNS="${RUNS:-5}" \
  exec "$ROOT/benchmarks/startup/first-response.sh" "${variants[@]}" -- "${JAVA:-java}" -jar "$PETCLINIC"
