#!/usr/bin/env bash
# Startup cost of the agent: StartupProbe run RUNS times alternately without and with
# -javaagent:agent/target/vigil-agent.jar; prints the median time from process start to the first
# response served (StartupProbe's "ready=") of each and the difference, and the extra threads.
#   benchmarks/startup/compare.sh            (env: JAVA=/path/to/java, RUNS=10)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAVA="${JAVA:-java}"
RUNS="${RUNS:-10}"
JAR="$ROOT/agent/target/vigil-agent.jar"
[ -f "$JAR" ] || { echo "build first: ./mvnw -B -q -DskipTests install" >&2; exit 1; }
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
"$(dirname "$(command -v "$JAVA")")/javac" -d "$WORK" "$ROOT/benchmarks/startup/StartupProbe.java"

ready() { "$@" 2>/dev/null | sed -n 's/^ready=//p'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

: > "$WORK/without"; : > "$WORK/with"
for _ in $(seq 1 "$RUNS"); do
  ready "$JAVA" -cp "$WORK" StartupProbe >> "$WORK/without"
  ready "$JAVA" "-javaagent:$JAR" -cp "$WORK" StartupProbe >> "$WORK/with"
done
without=$(median < "$WORK/without"); with=$(median < "$WORK/with")
echo "$("$JAVA" -version 2>&1 | head -1)"
echo "median of $RUNS, process start to first response: without agent ${without} ms, with agent ${with} ms, added $((with - without)) ms"
echo "threads: without agent $("$JAVA" -cp "$WORK" StartupProbe 2>/dev/null | sed -n 's/^threads=//p'), with agent $("$JAVA" "-javaagent:$JAR" -cp "$WORK" StartupProbe 2>/dev/null | sed -n 's/^threads=//p')"
"$JAVA" "-javaagent:$JAR" -cp "$WORK" StartupProbe 2>&1 | grep -o 'started: .*(\([0-9]*\) ms)' | sed 's/.*(\([0-9]*\) ms)/agent start itself: \1 ms/'
