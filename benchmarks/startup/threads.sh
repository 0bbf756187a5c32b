#!/usr/bin/env bash
# Threads the agent adds: ThreadProbe (a JDK HttpServer app with an OTLP/HTTP receiver in the same
# JVM) without and with -javaagent:agent/target/vigil-agent.jar, export on (OTLP/HTTP to that
# receiver), an audit file and a deny list (so a span and an event are exported); lists what only
# the agent's run has, once every signal has been exported.
#   benchmarks/startup/threads.sh        (env: JAVA=/path/to/java, JAR=/path/to/vigil-agent.jar)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAVA="${JAVA:-java}"
JAR="${JAR:-$ROOT/agent/target/vigil-agent.jar}"
[ -f "$JAR" ] || { echo "build first: ./mvnw -B -q -pl agent -am package -DskipTests" >&2; exit 1; }
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
"$(dirname "$(command -v "$JAVA")")/javac" -d "$WORK" "$ROOT/benchmarks/startup/ThreadProbe.java"
PORT=$((20000 + RANDOM % 20000))
printf 'trustedProxies: [127.0.0.0/8]\ndeny: [203.0.113.0/24]\naudit:\n  file: %s/audit.jsonl\n' "$WORK" > "$WORK/vigil.yaml"
export OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$PORT" OTEL_METRIC_EXPORT_INTERVAL=1000 \
  OTEL_BSP_SCHEDULE_DELAY=200 OTEL_BLRP_SCHEDULE_DELAY=200
"$JAVA" -Dprobe.otlpPort=$PORT -Dprobe.waitMillis=3000 -cp "$WORK" ThreadProbe > "$WORK/without"
"$JAVA" "-javaagent:$JAR=config=$WORK/vigil.yaml" -Dprobe.otlpPort=$PORT -cp "$WORK" ThreadProbe > "$WORK/with" 2> "$WORK/with.err"
echo "$("$JAVA" -version 2>&1 | head -1); agent: $JAR"
grep '^exports=' "$WORK/with"
echo "threads without agent: $(grep -c '^thread=' "$WORK/without"), with agent: $(grep -c '^thread=' "$WORK/with")"
echo "only with the agent:"
diff <(sed -n 's/^thread=//p' "$WORK/without") <(sed -n 's/^thread=//p' "$WORK/with") | sed -n 's/^> /  /p'
if diff <(sed -n 's/^thread=//p' "$WORK/without") <(sed -n 's/^thread=//p' "$WORK/with") | grep -q '^< '; then
  echo "only without the agent:"; diff <(sed -n 's/^thread=//p' "$WORK/without") <(sed -n 's/^thread=//p' "$WORK/with") | sed -n 's/^< /  /p'
fi
