#!/usr/bin/env bash
# End-to-end overhead of the agent: the Jetty 12 (ee10 servlet) test app from integration-tests
# under wrk, WITHOUT and WITH -javaagent, alternated (no-agent, agent, no-agent, agent) so drift
# on a noisy machine hits both sides alike. Loopback only, every run bounded.
#
# Prerequisite (builds nothing itself):  ./mvnw -B -q -DskipTests install
# Run:                                   benchmarks/wrk/compare.sh
# Env: JAVA (java on PATH), DURATION (20s), WARMUP (10s), THREADS (2), CONNECTIONS (32),
#      ROUNDS (2), URL_PATH (/hello), HEAP (512m), KEEP=1 (keep the work dir: wrk output, GC logs),
#      POLICY=/path/vigil.yaml (instead of the generous per-IP rule below),
#      PIN=1 (taskset: the app on cpu 0, wrk on cpu 1; steadier numbers on a 2-cpu machine)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAVA="${JAVA:-java}"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-10s}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
ROUNDS="${ROUNDS:-2}"
URL_PATH="${URL_PATH:-/hello}"
HEAP="${HEAP:-512m}"
AGENT_JAR="$ROOT/agent/target/vigil-agent.jar"
APP_DIR="$ROOT/integration-tests/apps/jetty12"
APP_MAIN="${APP_MAIN:-}"   # default: the class named Jetty12App in the app's target/classes

die() { echo "compare.sh: $*" >&2; exit 1; }
APP_PIN=()
WRK_PIN=()
if [ "${PIN:-0}" = 1 ]; then
  command -v taskset >/dev/null || die "PIN=1 needs taskset (util-linux)"
  APP_PIN=(taskset -c 0)
  WRK_PIN=(taskset -c 1)
fi
command -v wrk >/dev/null || die "wrk not found (Debian/Ubuntu: apt-get install -y wrk)"
[ -f "$AGENT_JAR" ] || die "$AGENT_JAR missing: run './mvnw -B -q -DskipTests install' first"
[ -d "$APP_DIR/target/classes" ] && [ -f "$APP_DIR/target/classpath.txt" ] \
  || die "Jetty 12 test app not built ($APP_DIR/target/{classes,classpath.txt}): run './mvnw -B -q -DskipTests install' first"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/vigil-wrk.XXXXXX")"
APP_PID=""
stop_app() {
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  APP_PID=""
}
cleanup() {
  local rc=$?
  stop_app
  if [ "${KEEP:-0}" = 1 ]; then echo "(kept $WORK: wrk output, app stdout/stderr, GC logs)"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -z "$APP_MAIN" ]; then
  APP_MAIN="$(cd "$APP_DIR/target/classes" && find . -name Jetty12App.class | head -1 | sed 's#^\./##; s#\.class$##; s#/#.#g')"
  [ -n "$APP_MAIN" ] || die "no Jetty12App.class under $APP_DIR/target/classes (set APP_MAIN=fully.qualified.Main)"
fi

# snapshot the app and the agent, so a rebuild during the run cannot change what is measured
cp -r "$APP_DIR/target/classes" "$WORK/app-classes"
cp "$AGENT_JAR" "$WORK/vigil-agent.jar"
AGENT_JAR="$WORK/vigil-agent.jar"
APP_CP="$WORK/app-classes:$(cat "$APP_DIR/target/classpath.txt")"

# the default policy's shape (per-IP token bucket on every route), generous enough that wrk's single
# client address is never throttled: every request runs the full decision path and is allowed
cat >"$WORK/vigil.yaml" <<'YAML'
mode: enforce
rules:
  - name: default-per-ip
    key: ip
    rate: 1000000/s
    burst: 1000000
YAML
if [ -n "${POLICY:-}" ]; then cp "$POLICY" "$WORK/vigil.yaml"; fi

# start_app <label> [agent]: starts the app, waits for "LISTENING <port>", sets PORT
start_app() {
  local label=$1 with_agent=${2:-}
  local -a agent_args=()
  [ -n "$with_agent" ] && agent_args=("-javaagent:$AGENT_JAR=config=$WORK/vigil.yaml")
  ${APP_PIN[@]+"${APP_PIN[@]}"} "$JAVA" "-Xms$HEAP" "-Xmx$HEAP" "-Xlog:gc:file=$WORK/$label.gc.log" ${agent_args[@]+"${agent_args[@]}"} -cp "$APP_CP" "$APP_MAIN" 0 127.0.0.1 \
    </dev/null >"$WORK/$label.out" 2>"$WORK/$label.err" &
  APP_PID=$!
  PORT=""
  for _ in $(seq 1 300); do
    PORT="$(awk '/^LISTENING /{print $2; exit}' "$WORK/$label.out" 2>/dev/null || true)"
    [ -n "$PORT" ] && break
    kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/$label.out" "$WORK/$label.err" >&2; die "$label: app exited"; }
    sleep 0.1
  done
  [ -n "$PORT" ] || die "$label: app did not start within 30 s"
  local status
  status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PORT$URL_PATH" || true)"
  [ "$status" = 200 ] || die "$label: GET $URL_PATH answered $status"
  if [ -n "$with_agent" ]; then
    grep -q '^\[vigil\] .* started' "$WORK/$label.err" || { cat "$WORK/$label.err" >&2; die "$label: no Vigil startup line"; }
  fi
}

# to_ms "1.23ms" | "456.00us" | "1.02s" -> milliseconds
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
    else { printf "%s", v } }'
}

# measure <label>: warm-up run, then the measured run; appends "label rps p50 p99" to results
measure() {
  local label=$1 url="http://127.0.0.1:$PORT$URL_PATH"
  ${WRK_PIN[@]+"${WRK_PIN[@]}"} wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$url" >"$WORK/$label.warmup" 2>&1
  timeout 300 ${WRK_PIN[@]+"${WRK_PIN[@]}"} wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url" >"$WORK/$label.wrk" 2>&1
  local rps p50 p99 bad
  rps="$(awk '/^Requests\/sec:/{print $2}' "$WORK/$label.wrk")"
  p50="$(to_ms "$(awk '$1=="50%"{print $2}' "$WORK/$label.wrk")")"
  p99="$(to_ms "$(awk '$1=="99%"{print $2}' "$WORK/$label.wrk")")"
  bad="$(awk '/Non-2xx or 3xx responses:/{print $NF}' "$WORK/$label.wrk")"
  [ -z "$bad" ] || die "$label: $bad non-2xx responses (throttled?) — see $WORK/$label.wrk"
  [ -n "$rps" ] || { cat "$WORK/$label.wrk" >&2; die "$label: wrk printed no result"; }
  # 1-min load average after the run: well above ~2 means something else competed for the cpus
  printf '%-12s %12s %10s %10s %6s\n' "$label" "$rps" "$p50" "$p99" "$(cut -d' ' -f1 /proc/loadavg)"
  echo "$label $rps $p50 $p99" >>"$WORK/results"
}

echo "machine: $(nproc) cpus, $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo), $("$JAVA" -version 2>&1 | head -1)"
[ "${PIN:-0}" = 1 ] && echo "pinned: app on cpu 0 (its JVM sees 1 cpu), wrk on cpu 1"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency http://127.0.0.1:<port>$URL_PATH (after a $WARMUP warm-up), heap $HEAP, $ROUNDS rounds"
echo "app: $APP_MAIN (integration-tests/apps/jetty12), agent: agent/target/vigil-agent.jar ($(stat -c %y "$ROOT/agent/target/vigil-agent.jar" | cut -d. -f1))"
echo
printf '%-12s %12s %10s %10s %6s\n' run req/s p50_ms p99_ms load1
: >"$WORK/results"
for round in $(seq 1 "$ROUNDS"); do
  start_app "no-agent-$round"
  measure "no-agent-$round"
  stop_app
  start_app "agent-$round" agent
  measure "agent-$round"
  stop_app
  summary="$(grep '^\[vigil\] summary' "$WORK/agent-$round.err" | head -1 || true)"
  [ -n "$summary" ] && echo "             $summary"
done

echo
awk '
  { kind = ($1 ~ /^no-agent/) ? "none" : "agent"
    rps[kind] += $2; p50[kind] += $3; p99[kind] += $4; n[kind]++ }
  END {
    for (k in n) { rps[k] /= n[k]; p50[k] /= n[k]; p99[k] /= n[k] }
    printf "%-12s %12.0f %10.3f %10.3f\n", "mean none", rps["none"], p50["none"], p99["none"]
    printf "%-12s %12.0f %10.3f %10.3f\n", "mean agent", rps["agent"], p50["agent"], p99["agent"]
    printf "ratio agent/no-agent: throughput %.3f, p50 %.2f, p99 %.2f  (budget: throughput >= 0.97)\n",
      rps["agent"] / rps["none"], p50["agent"] / p50["none"], p99["agent"] / p99["none"]
  }' "$WORK/results"
awk '
  /^no-agent/ { none[substr($1, 10)] = $2 }
  /^agent/    { agent[substr($1, 7)] = $2 }
  END { for (r in agent) if (r in none) printf "  round %s: throughput ratio %.3f\n", r, agent[r] / none[r] }' "$WORK/results" | sort
