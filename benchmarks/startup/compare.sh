#!/usr/bin/env bash
# Startup cost of the agent: StartupProbe run RUNS times alternately without and with
# -javaagent:agent/target/vigil-agent.jar; prints the median wall time of each and the difference.
#   benchmarks/startup/compare.sh            (env: JAVA=/path/to/java, RUNS=10)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAVA="${JAVA:-java}"
RUNS="${RUNS:-10}"
JAR="$ROOT/agent/target/vigil-agent.jar"
[ -f "$JAR" ] || { echo "build first: mvn -B -q -DskipTests install" >&2; exit 1; }
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
"$(dirname "$(command -v "$JAVA")")/javac" -d "$WORK" "$ROOT/benchmarks/startup/StartupProbe.java"

millis() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

: > "$WORK/without"; : > "$WORK/with"
for _ in $(seq 1 "$RUNS"); do
  millis "$JAVA" -cp "$WORK" StartupProbe >> "$WORK/without"
  millis "$JAVA" "-javaagent:$JAR" -cp "$WORK" StartupProbe >> "$WORK/with"
done
without=$(median < "$WORK/without"); with=$(median < "$WORK/with")
echo "$("$JAVA" -version 2>&1 | head -1)"
echo "median of $RUNS: without agent ${without} ms, with agent ${with} ms, added $((with - without)) ms"
"$JAVA" "-javaagent:$JAR" -cp "$WORK" StartupProbe 2>&1 | grep -o 'started: .*(\([0-9]*\) ms)' | sed 's/.*(\([0-9]*\) ms)/agent start itself: \1 ms/'
