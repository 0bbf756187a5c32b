#!/usr/bin/env bash
# End-to-end cost of the agent on a real server, as a ratio that can be trusted on a noisy 2-core
# machine: ROUNDS rounds of three fresh server JVMs each, in this order: no-agent A, agent,
# no-agent B (A and B bracket the agent run in time; B/A is the noise floor of the same run).
# The server is pinned to SERVER_CPU, the load tools to LOAD_CPU. Per JVM:
#   1. warm-up: wrk for WARMUP s, then WARMUP_STEP s more at a time until two runs in a row agree
#      within WARMUP_TOLERANCE (5 %) or WARMUP_MAX s have passed (a loaded core delays the JIT)
#   2. (a) max throughput: wrk for DURATION s (req/s), and (b) the server JVM's CPU time
#      (user+sys from /proc/PID/stat, before/after) per request served
#   3. (c) latency at a fixed rate: the Java tool (FixedRateLoad, wrk2-style, latency from each
#      request's intended send time) at RATE req/s for FIXED_WARMUP + FIXED_DURATION s: p50..max,
#      its HdrHistogram percentile distribution (.hgrm), and CPU per request at that rate
# The agent runs with the DEFAULT policy (no config file): every request carries X-Forwarded-For
# from a pool of ADDRESSES client addresses (loopback is a trusted proxy), each far under 50 req/s,
# so nothing is throttled; any non-2xx response, or a throttle/block in the agent's shutdown
# summary, fails the run. Loopback only; every load run is bounded in time.
#
#   benchmarks/e2e/compare.sh jetty|jdk|spring|spring4
# Prerequisite (reactor build, nothing installed):
#   ./mvnw -B -o -q -pl agent,benchmarks,integration-tests/apps/jetty12 -am package -DskipTests
# Env: JAVA (server JVM, default java), ROUNDS (10), WARMUP (10), WARMUP_STEP (5), WARMUP_MAX (60),
#      WARMUP_TOLERANCE (0.05), DURATION (20), FIXED_WARMUP (5),
#      FIXED_DURATION (20), RATE (fixed rate in req/s; default: RATE_FRACTION (0.55) x the first
#      no-agent run's max throughput), CONNECTIONS (wrk, 32), WRK_THREADS (1), FIXED_CONNECTIONS (16),
#      ADDRESSES (4000), HEAP (512m), URL_PATH (per app), SERVER_CPU (0), LOAD_CPU (1),
#      AGENT_JAR (agent/target/vigil-agent.jar), EXTRA_JVM_OPTS (both variants), AGENT_OPTS
#      (appended to -javaagent:...jar, e.g. "=config=/path/vigil.yaml"), OUT (results directory),
#      LOAD_JAVA (the load tool's java, default java)
# Writes OUT/runs.tsv (one row per JVM), OUT/summary.{tsv,json}, OUT/hgrm/*.hgrm (every run),
# OUT/latency.png (if gnuplot is installed) and each run's wrk/tool output, server stdout/stderr, GC log.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
APP="${1:-jetty}"
ROUNDS="${ROUNDS:-10}"; WARMUP="${WARMUP:-10}"; DURATION="${DURATION:-20}"
FIXED_WARMUP="${FIXED_WARMUP:-5}"; FIXED_DURATION="${FIXED_DURATION:-20}"
RATE="${RATE:-}"; RATE_FRACTION="${RATE_FRACTION:-0.55}"
# shellcheck source=lib.sh
. "$ROOT/benchmarks/e2e/lib.sh"
OUT="${OUT:-$ROOT/benchmarks/target/e2e/$(date -u +%Y%m%d-%H%M%S)-$APP-java$JAVA_VERSION}"
mkdir -p "$OUT/hgrm" "$OUT/logs"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/vigil-e2e.XXXXXX")"
trap 'stop_server; rm -rf "$WORK"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
prepare_run

LOGS="$OUT/logs"
printf 'round\tvariant\tseq\twrk_rps\twrk_requests\tcpu_us_per_req_wrk\tfixed_target_rps\tfixed_achieved_rps\tcpu_us_per_req_fixed\tp50_ms\tp90_ms\tp99_ms\tp999_ms\tmax_ms\tload1\twarmup_s\n' >"$OUT/runs.tsv"

# one_run ROUND VARIANT SEQ: a fresh JVM through warm-up, (a)+(b), (c); appends its row to runs.tsv
one_run() {
  local round=$1 variant=$2 seq=$3 label
  label="$(printf 'r%02d-%s' "$round" "$variant")"
  local -a agent_args=()
  [ "$variant" = agent ] && agent_args=("-javaagent:$AGENT_SNAPSHOT$AGENT_OPTS")
  start_server "$label" "$LOGS" ${agent_args[@]+"${agent_args[@]}"}
  if [ "$variant" = agent ]; then
    check_agent_started "$label" "$LOGS"
  else
    ! grep -q '^\[vigil\]' "$LOGS/$label.err" || die "$label: a [vigil] line without the agent"
  fi
  warm_up "$label" "$LOGS"
  local t0 t1 t2 t3
  t0="$(ticks "$SERVER_PID")"
  run_wrk "$label.wrk" "$LOGS" "$DURATION" --latency
  t1="$(ticks "$SERVER_PID")"
  local rps requests
  rps="$(awk '/^Requests\/sec:/{print $2}' "$LOGS/$label.wrk")"
  requests="$(awk '/^E2E_WRK /{sub(/requests=/, "", $2); print $2}' "$LOGS/$label.wrk")"
  if [ -z "$RATE" ]; then
    RATE="$(awk -v r="$rps" -v f="$RATE_FRACTION" 'BEGIN { printf "%d", r * f }')"
    echo "fixed rate: $RATE req/s ($RATE_FRACTION x this first no-agent run's $rps req/s; set RATE= to choose)"
  fi
  t2="$(ticks "$SERVER_PID")"
  run_fixed "$label.fixed" "$LOGS" "$RATE" "$OUT/hgrm/$label.hgrm"
  t3="$(ticks "$SERVER_PID")"
  stop_server
  if [ "$variant" = agent ]; then
    local summary
    summary="$(grep '^\[vigil\] summary' "$LOGS/$label.err" | head -1 || true)"
    [ -n "$summary" ] || die "$label: no '[vigil] summary' line at shutdown"
    case "$summary" in *" throttled=0 blocked=0 "*) ;; *) die "$label: the agent refused requests: $summary";; esac
  fi
  local f="$LOGS/$label.fixed" answered
  answered="$(kv answered_with_warmup "$f")"
  local cpu_wrk cpu_fixed
  cpu_wrk="$(awk -v t=$((t1 - t0)) -v hz="$HZ" -v n="$requests" 'BEGIN { printf "%.3f", t / hz * 1e6 / n }')"
  cpu_fixed="$(awk -v t=$((t3 - t2)) -v hz="$HZ" -v n="$answered" 'BEGIN { printf "%.3f", t / hz * 1e6 / n }')"
  local row
  row="$(printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s' "$round" "$variant" "$seq" "$rps" "$requests" "$cpu_wrk" \
    "$RATE" "$(kv achieved_rps "$f")" "$cpu_fixed" "$(kv p50 "$f")" "$(kv p90 "$f")" "$(kv p99 "$f")" "$(kv p99.9 "$f")" "$(kv max "$f")" \
    "$(cut -d' ' -f1 /proc/loadavg)" "$WARMED_S")"
  echo "$row" >>"$OUT/runs.tsv"
  printf '%-12s %10s %9s %9s | %9s %8s %8s %9s %9s %6s %4s\n' "$label" "$rps" "$cpu_wrk" "$cpu_fixed" "$(kv achieved_rps "$f")" \
    "$(kv p50 "$f")" "$(kv p99 "$f")" "$(kv p99.9 "$f")" "$(kv max "$f")" "$(cut -d' ' -f1 /proc/loadavg)" "$WARMED_S"
  awk -v rate="$RATE" -v got="$(kv achieved_rps "$f")" 'BEGIN { if (got < 0.98 * rate) print "  warning: the fixed-rate run achieved " got " of " rate " req/s: the server (or the tool) could not keep up" }'
}

echo "machine: $(nproc) cpus, $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo), load1 $(cut -d' ' -f1 /proc/loadavg)"
echo "server: $APP ($APP_MAIN, GET $URL_PATH), $("$JAVA" -version 2>&1 | head -1), heap $HEAP, pinned to cpu $SERVER_CPU; load tools on cpu $LOAD_CPU"
echo "agent: $AGENT_JAR ($(stat -c %y "$AGENT_JAR" | cut -d. -f1)), default policy${AGENT_OPTS:+, options $AGENT_OPTS}; $ADDRESSES client addresses in X-Forwarded-For"
echo "per JVM: wrk -t$WRK_THREADS -c$CONNECTIONS ${WARMUP}s+ warm-up (until steady, at most ${WARMUP_MAX:-60}s), ${DURATION}s max throughput; fixed rate ${FIXED_WARMUP}s + ${FIXED_DURATION}s over $FIXED_CONNECTIONS connections"
echo "$ROUNDS rounds of: no-agent A, agent, no-agent B   -> $OUT"
echo
printf '%-12s %10s %9s %9s | %9s %8s %8s %9s %9s %6s %4s\n' run wrk_req/s cpu_us/rq cpu_us/rq fixed_rps p50_ms p99_ms p99.9_ms max_ms load1 wu_s
printf '%-12s %10s %9s %9s | %9s\n' "" "(max)" "(max)" "(fixed)" ""
seq=0
for round in $(seq 1 "$ROUNDS"); do
  for variant in noA agent noB; do
    seq=$((seq + 1))
    one_run "$round" "$variant" "$seq"
  done
done
echo
"$LOAD_JAVA" -cp "$BENCH_JAR" dev.vigil.benchmarks.e2e.RunSummary "$OUT/runs.tsv"
if command -v gnuplot >/dev/null; then
  "$ROOT/benchmarks/e2e/plot-latency.sh" "$OUT" >/dev/null && echo "latency plot: $OUT/latency.png"
else
  echo "(no gnuplot: apt-get install -y gnuplot-nox, then benchmarks/e2e/plot-latency.sh $OUT)"
fi
echo "results: $OUT/runs.tsv, $OUT/summary.tsv, $OUT/summary.json, $OUT/hgrm/"
