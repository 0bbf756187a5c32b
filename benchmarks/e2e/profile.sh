#!/usr/bin/env bash
# Where the agent's time goes end to end: one fresh server JVM with the agent (default policy),
# pinned like compare.sh, warmed up with wrk, then a JFR recording (execution samples every
# JFR_PERIOD) started by jcmd for exactly the measured load (LOAD=wrk: max throughput, or
# LOAD=fixed: the fixed-rate tool at RATE), then JfrAgentShare: the share of samples that are the
# agent's, the top frames, and the agent's frames. VARIANT=none profiles the server without the agent.
#   benchmarks/e2e/profile.sh jetty|jdk|spring|spring4
# Env: JAVA, LOAD (wrk), WARMUP (10), DURATION (20), RATE (fixed-rate req/s, for LOAD=fixed: required),
#      JFR_PERIOD ("1 ms"), TOP (25), VARIANT (agent | none), CONNECTIONS, WRK_THREADS, FIXED_CONNECTIONS,
#      ADDRESSES, HEAP, SERVER_CPU, LOAD_CPU, AGENT_JAR, AGENT_OPTS, OUT, as compare.sh
# Keeps OUT/profile.jfr (open it in JMC, or: jfr print --events jdk.ExecutionSample; on JDK 21+ also
# jfr view hot-methods OUT/profile.jfr) and OUT/profile.txt (the analysis printed here).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
APP="${1:-jetty}"
LOAD="${LOAD:-wrk}"; WARMUP="${WARMUP:-10}"; DURATION="${DURATION:-20}"; RATE="${RATE:-}"
FIXED_WARMUP=0; FIXED_DURATION="$DURATION"
JFR_PERIOD="${JFR_PERIOD:-1 ms}"; TOP="${TOP:-25}"; VARIANT="${VARIANT:-agent}"
# shellcheck source=lib.sh
. "$ROOT/benchmarks/e2e/lib.sh"
[ "$LOAD" = wrk ] || [ "$LOAD" = fixed ] || die "LOAD must be wrk or fixed"
[ "$LOAD" = wrk ] || [ -n "$RATE" ] || die "LOAD=fixed needs RATE=<req/s>"
JAVA_HOME_OF="$(dirname "$(dirname "$(readlink -f "$(command -v "$JAVA")")")")"
JCMD="$JAVA_HOME_OF/bin/jcmd"
[ -x "$JCMD" ] || die "no jcmd beside $JAVA"
OUT="${OUT:-$ROOT/benchmarks/target/e2e/$(date -u +%Y%m%d-%H%M%S)-profile-$APP-$VARIANT-$LOAD-java$JAVA_VERSION}"
mkdir -p "$OUT"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/vigil-e2e-profile.XXXXXX")"
trap 'stop_server; rm -rf "$WORK"' EXIT
prepare_run

# JFR's profile settings with execution samples every JFR_PERIOD instead of 10 ms
awk -v period="$JFR_PERIOD" '
  /<event name="jdk.ExecutionSample">/ { in_sample = 1 }
  in_sample && /name="period"/ { sub(/>[^<]*</, ">" period "<") }
  /<\/event>/ { in_sample = 0 }
  { print }' "$JAVA_HOME_OF/lib/jfr/profile.jfc" >"$WORK/e2e.jfc"

agent_args=()
[ "$VARIANT" = agent ] && agent_args=("-javaagent:$AGENT_SNAPSHOT$AGENT_OPTS")
start_server server "$OUT" -XX:FlightRecorderOptions:stackdepth=256 ${agent_args[@]+"${agent_args[@]}"}
[ "$VARIANT" = agent ] && check_agent_started server "$OUT"
echo "server: $APP ($APP_MAIN, GET $URL_PATH), $VARIANT, $("$JAVA" -version 2>&1 | head -1), pid $SERVER_PID on cpu $SERVER_CPU; warm-up ${WARMUP}s"
warm_up server "$OUT"
echo "warmed up for ${WARMED_S}s"
"$JCMD" "$SERVER_PID" JFR.start name=e2e settings="$WORK/e2e.jfc" >"$OUT/jcmd-start.txt" 2>&1 || { cat "$OUT/jcmd-start.txt" >&2; die "JFR.start failed"; }
t0="$(ticks "$SERVER_PID")"
if [ "$LOAD" = wrk ]; then
  run_wrk load "$OUT" "$DURATION" --latency
  echo "load: wrk ${DURATION}s: $(awk '/^Requests\/sec:/{print $2}' "$OUT/load") req/s"
  served="$(awk '/^E2E_WRK /{sub(/requests=/, "", $2); print $2}' "$OUT/load")"
else
  run_fixed load "$OUT" "$RATE" "$OUT/load.hgrm"
  echo "load: fixed rate $RATE req/s ${DURATION}s: $(grep '^latency_ms' "$OUT/load")"
  served="$(kv answered_with_warmup "$OUT/load")"
fi
t1="$(ticks "$SERVER_PID")"
"$JCMD" "$SERVER_PID" JFR.stop name=e2e filename="$OUT/profile.jfr" >"$OUT/jcmd-stop.txt" 2>&1 || { cat "$OUT/jcmd-stop.txt" >&2; die "JFR.stop failed"; }
awk -v t=$((t1 - t0)) -v hz="$HZ" -v n="$served" 'BEGIN { printf "server cpu: %.2f s for %d requests = %.2f us/request (JFR on)\n", t / hz, n, t / hz * 1e6 / n }'
stop_server
[ "$VARIANT" = agent ] && grep '^\[vigil\] summary' "$OUT/server.err" || true
echo
"$LOAD_JAVA" -cp "$BENCH_JAR" dev.vigil.benchmarks.e2e.JfrAgentShare "$OUT/profile.jfr" "$TOP" | tee "$OUT/profile.txt"
echo
echo "recording: $OUT/profile.jfr (jfr summary / jfr print --events jdk.ExecutionSample; JDK 21+: jfr view hot-methods)"
