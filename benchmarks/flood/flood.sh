#!/usr/bin/env bash
# The address-rotation flood (DESIGN.md budget: "a configured cap that holds under a 10M-address
# flood"): the Jetty 12 test app with a small heap and the agent's DEFAULT policy (no file: loopback
# is a trusted proxy, so X-Forwarded-For names the client), flooded by wrk with COUNT requests that
# each carry a distinct client address, while a steady legitimate client (its own fixed address,
# STEADY_RATE req/s) runs throughout and must never get anything but a 2xx. The same flood is then
# run without the agent (fresh JVM, same app) for the throughput ratio. Loopback only; every run is
# bounded (wrk stops itself after COUNT answers, and a hard time limit).
#
# Checked, and the exit status says so (0 = all held):
#   - no OutOfMemoryError (-XX:+ExitOnOutOfMemoryError, heap dump on OOM, stderr scanned), no crash;
#   - the steady client: every answer 2xx (its statuses and latencies are kept);
#   - the caps: the agent's tracked callers (MBean dev.vigil:type=Vigil, read with
#     `java -jar vigil-agent.jar status PID` every SAMPLE seconds) never above MAX_CALLERS
#     (default 110,000: the flood's GET /hello matches one rule of the default policy, default-per-ip,
#     whose table holds at most 100,000 callers in good standing + 10,000 throttled ones);
#   - the heap after each GC (GC log) and its high-water mark, and the live heap after a full GC
#     once the flood is over (jcmd GC.run), reported.
#
# Prerequisite (builds nothing itself):
#   ./mvnw -B -o -q -pl integration-tests/apps/jetty12 -am package -DskipTests   (agent jar + app)
# Run:
#   COUNT=200000 benchmarks/flood/flood.sh            # validate first
#   COUNT=10000000 benchmarks/flood/flood.sh          # the full flood: agent, then no agent
# Env: COUNT (10000000), HEAP (256m), JAVA (java), THREADS (2), CONNECTIONS (32), FLOOD_PATH (/hello;
#      "{i}" in it is the request's number: /api/items/{i} makes every request an object lookup),
#      STEADY_PATH (FLOOD_PATH with {i} = 1),
#      STEADY_RATE (8 req/s), STEADY_ADDRESS (203.0.113.7), SAMPLE (20 s), RUNS ("agent none"),
#      POLICY (a vigil.yaml; default none: the built-in policy), MAX_CALLERS (110000), KEEP=1 (keep
#      the work dir), EXTRA_JAVA_OPTS (more JVM flags for the app).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/benchmarks/flood"
JAVA="${JAVA:-java}"
COUNT="${COUNT:-10000000}"
HEAP="${HEAP:-256m}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
FLOOD_PATH="${FLOOD_PATH:-/hello}"
STEADY_PATH="${STEADY_PATH:-${FLOOD_PATH//\{i\}/1}}"   # "{i}" (the request's number) in FLOOD_PATH is 1 here
STEADY_RATE="${STEADY_RATE:-8}"
STEADY_ADDRESS="${STEADY_ADDRESS:-203.0.113.7}"
SAMPLE="${SAMPLE:-20}"
RUNS="${RUNS:-agent none}"
MAX_CALLERS="${MAX_CALLERS:-110000}"
AGENT_JAR="$ROOT/agent/target/vigil-agent.jar"
APP_DIR="$ROOT/integration-tests/apps/jetty12"

die() { echo "flood.sh: $*" >&2; exit 2; }
command -v wrk >/dev/null || die "wrk not found (Debian/Ubuntu: apt-get install -y wrk)"
command -v curl >/dev/null || die "curl not found"
[ -f "$AGENT_JAR" ] || die "$AGENT_JAR missing: build it first (see the header)"
[ -d "$APP_DIR/target/classes" ] && [ -f "$APP_DIR/target/classpath.txt" ] || die "Jetty 12 test app not built (see the header)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/vigil-flood.XXXXXX")"
APP_PID=""
WRK_PID=""
STEADY_PID=""
SAMPLER_PID=""
stop_pid() {
  local pid=$1
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  stop_pid "$WRK_PID"; stop_pid "$SAMPLER_PID"; stop_pid "$STEADY_PID"; stop_pid "$APP_PID"
  if [ "${KEEP:-0}" = 1 ]; then echo "(kept $WORK)"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

APP_MAIN="$(cd "$APP_DIR/target/classes" && find . -name Jetty12App.class | head -1 | sed 's#^\./##; s#\.class$##; s#/#.#g')"
cp -r "$APP_DIR/target/classes" "$WORK/app-classes"
cp "$AGENT_JAR" "$WORK/vigil-agent.jar"
AGENT_JAR="$WORK/vigil-agent.jar"
APP_CP="$WORK/app-classes:$(cat "$APP_DIR/target/classpath.txt")"

# the flood's hard limit: at least 5,000 req/s or it is a failure anyway
LIMIT_S=$(( COUNT / 5000 + 60 ))

start_app() {
  local label=$1 with_agent=$2
  local -a agent_args=()
  if [ "$with_agent" = 1 ]; then
    if [ -n "${POLICY:-}" ]; then agent_args=("-javaagent:$AGENT_JAR=config=$POLICY"); else agent_args=("-javaagent:$AGENT_JAR"); fi
  fi
  # shellcheck disable=SC2086
  "$JAVA" "-Xms$HEAP" "-Xmx$HEAP" -XX:+ExitOnOutOfMemoryError -XX:+HeapDumpOnOutOfMemoryError "-XX:HeapDumpPath=$WORK/$label.hprof" \
    "-Xlog:gc:file=$WORK/$label.gc.log:uptime" ${EXTRA_JAVA_OPTS:-} ${agent_args[@]+"${agent_args[@]}"} -cp "$APP_CP" "$APP_MAIN" 0 127.0.0.1 \
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
  status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "X-Forwarded-For: $STEADY_ADDRESS" "http://127.0.0.1:$PORT$STEADY_PATH" || true)"
  [ "$status" = 200 ] || die "$label: GET $STEADY_PATH answered $status"
  if [ "$with_agent" = 1 ]; then
    grep -q '^\[vigil\] .* started' "$WORK/$label.err" || { cat "$WORK/$label.err" >&2; die "$label: no Vigil startup line"; }
  fi
}

# the legitimate client: its own address, its own user agent, STEADY_RATE requests a second, one line per answer
steady() {
  local out=$1 pause
  pause="$(awk -v r="$STEADY_RATE" 'BEGIN { printf "%.3f", 1 / r }')"
  while :; do
    curl -s -o /dev/null --max-time 5 -H "X-Forwarded-For: $STEADY_ADDRESS" -A "steady-client/1.0" \
      -w "%{http_code} %{time_total}\n" "http://127.0.0.1:$PORT$STEADY_PATH" >>"$out" || echo "000 5" >>"$out"
    sleep "$pause"
  done
}

# the agent's tracked callers, every SAMPLE seconds (the CLI attaches through the JDK's local connector)
sampler() {
  local out=$1 t0
  t0=$(date +%s)
  while :; do
    sleep "$SAMPLE"
    local line
    line="$(timeout 30 "$JAVA" -jar "$AGENT_JAR" status "$APP_PID" 2>/dev/null | awk '/^requests /{for (i = 1; i < NF; i++) if ($i == "callers") c = $(i + 1); print c, $2}' || true)"
    echo "$(( $(date +%s) - t0 )) ${line:-? ?}" >>"$out"
  done
}

# heap after GC (MB): max and last, and the heap before GC's max (the high-water mark), from -Xlog:gc
gc_summary() {
  awk '/Pause/ && /->/ {
      for (i = 1; i <= NF; i++) if ($i ~ /->/) { split($i, a, /->|\(/); b = a[1]; f = a[2];
        sub(/[KMG]$/, "", b); sub(/[KMG]$/, "", f);
        if (b + 0 > hw) hw = b + 0; if (f + 0 > maxafter) maxafter = f + 0; last = f + 0; n++; if ($0 ~ /Full/) full++ } }
    END { printf "gc: %d pauses (%d full), heap before GC max %d MB, after GC max %d MB, last %d MB", n, full, hw, maxafter, last }' "$1"
}

echo "machine: $(nproc) cpus, $("$JAVA" -version 2>&1 | head -1); load1 $(cut -d' ' -f1 /proc/loadavg)"
echo "flood: $COUNT requests, each a distinct X-Forwarded-For address (11.0.0.0 + i), GET $FLOOD_PATH, wrk -t$THREADS -c$CONNECTIONS, app -Xmx$HEAP"
echo "steady client: $STEADY_ADDRESS at $STEADY_RATE req/s, GET $STEADY_PATH; policy: ${POLICY:-built-in default}"
echo
failed=0
for run in $RUNS; do
  with_agent=0; [ "$run" = agent ] && with_agent=1
  label="$run"
  start_app "$label" "$with_agent"
  steady "$WORK/$label.steady" & STEADY_PID=$!
  if [ "$with_agent" = 1 ]; then sampler "$WORK/$label.callers" & SAMPLER_PID=$!; fi
  sleep 2
  mkdir -p "$WORK/$label.done"
  COUNT="$COUNT" THREADS="$THREADS" FLOOD_PATH="$FLOOD_PATH" FLOOD_DIR="$WORK/$label.done" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${LIMIT_S}s" --timeout 10s -s "$HERE/flood.lua" "http://127.0.0.1:$PORT" >"$WORK/$label.wrk" 2>&1 &
  WRK_PID=$!
  # wrk's main thread sleeps its whole -d: once every thread has its quota answered, SIGINT makes it report now
  for _ in $(seq 1 $(( LIMIT_S * 2 ))); do
    [ "$(find "$WORK/$label.done" -name 'done-*' | wc -l)" -ge "$THREADS" ] && break
    kill -0 "$WRK_PID" 2>/dev/null || break
    sleep 0.5
  done
  kill -INT "$WRK_PID" 2>/dev/null || true
  set +e
  wait "$WRK_PID"
  wrk_rc=$?
  set -e
  # the flood's own throughput: answers over the time from the first request sent to the last quota answered
  flood_stats="$(cat "$WORK/$label.done"/done-* 2>/dev/null | awk '
    { if (s == "" || $1 < s) s = $1; if ($2 > e) e = $2; a += $3; ok += $5; t += $6; f += $7; o += $8; n++ }
    END { if (n) printf "%d threads done: %d answers in %.1f s = %.0f req/s (2xx %d, 429 %d, 403 %d, other %d)", n, a, e - s, a / (e - s), ok, t, f, o }')"
  sleep 3 # the steady client keeps going a moment after the flood
  stop_pid "$SAMPLER_PID"; SAMPLER_PID=""
  stop_pid "$STEADY_PID"; STEADY_PID=""
  alive=1; kill -0 "$APP_PID" 2>/dev/null || alive=0
  # a last reading after the flood, then stop the app (its shutdown summary goes to stderr)
  last_callers="-"
  if [ "$with_agent" = 1 ] && [ "$alive" = 1 ]; then
    "$JAVA" -jar "$AGENT_JAR" status "$APP_PID" >"$WORK/$label.status" 2>&1 || true
    last_callers="$(awk '/^requests /{for (i = 1; i < NF; i++) if ($i == "callers") print $(i + 1)}' "$WORK/$label.status")"
  fi
  # the live heap once the flood is over: a full GC (the class histogram's), read back from the GC log
  live_after="-"
  if [ "$alive" = 1 ] && command -v jcmd >/dev/null; then
    jcmd "$APP_PID" GC.class_histogram >"$WORK/$label.histogram" 2>&1 || true
    sleep 1
    live_after="$(awk '/Pause Full/ && /->/ {for (i = 1; i <= NF; i++) if ($i ~ /->/) {split($i, a, /->|\(/); v = a[2]}} END {print v}' "$WORK/$label.gc.log")"
  fi
  stop_pid "$APP_PID"; APP_PID=""

  rps="$(echo "$flood_stats" | awk '{for (i = 1; i < NF; i++) if ($(i + 1) == "req/s") print $i}')"
  flood_line="$(grep '^FLOOD ' "$WORK/$label.wrk" || echo "FLOOD (no summary)")"
  errors="$(grep -E 'Socket errors|Non-2xx' "$WORK/$label.wrk" | tr '\n' ' ' || true)"
  steady_total="$(wc -l <"$WORK/$label.steady")"
  steady_bad="$(awk '$1 !~ /^2/' "$WORK/$label.steady" | wc -l)"
  steady_p99="$(awk '{print $2}' "$WORK/$label.steady" | sort -n | awk '{a[NR] = $1} END {i = int(NR * 0.99); if (i < 1) i = 1; printf "%.1f", a[i] * 1000}')"
  steady_max="$(awk '{print $2}' "$WORK/$label.steady" | sort -n | tail -1 | awk '{printf "%.1f", $1 * 1000}')"
  oom="$(cat "$WORK/$label.out" "$WORK/$label.err" | grep -c -i "OutOfMemoryError" || true)"
  echo "== $label: ${flood_stats:-no thread finished its quota}; wrk rc=$wrk_rc"
  echo "   wrk: $flood_line; $(grep -E '^ +[0-9]+ requests in' "$WORK/$label.wrk" | sed 's/^ *//')"
  [ -n "$errors" ] && echo "   wrk: $errors"
  echo "   steady client: $steady_total requests, $steady_bad not 2xx, latency p99 ${steady_p99} ms, max ${steady_max} ms"
  echo "   $(gc_summary "$WORK/$label.gc.log"); live heap after the flood (full GC): ${live_after:-?}; app alive at the end: $alive; OutOfMemoryError lines: $oom"
  if [ "$with_agent" = 1 ]; then
    max_callers="$(awk '$2 ~ /^[0-9]+$/ && $2 > m {m = $2} END {print m + 0}' "$WORK/$label.callers" 2>/dev/null || echo 0)"
    echo "   tracked callers (MBean, every ${SAMPLE}s, t=callers/requests): $(awk '{printf "%s%ss=%s/%s", (NR > 1 ? " " : ""), $1, $2, $3}' "$WORK/$label.callers" 2>/dev/null); after: $last_callers; max $max_callers (cap $MAX_CALLERS)"
    summary="$(grep '^\[vigil\] summary' "$WORK/$label.err" | head -1 || true)"
    [ -n "$summary" ] && echo "   $summary"
    # what the agent's tables hold after the flood (by class, from the live histogram)
    awk '/dev\.vigil|^ *[0-9]+:.*(ConcurrentHashMap\$Node |\[B |java\.lang\.String )/ && n < 8 {printf "   live: %s x %s = %s B\n", $4, $2, $3; n++}' "$WORK/$label.histogram" 2>/dev/null || true
    grep -E '^\[vigil\] (NOTICE|WARN|ERROR)' "$WORK/$label.err" | head -5 | sed 's/^/   /' || true
    [ "$max_callers" -le "$MAX_CALLERS" ] || { echo "   FAIL: tracked callers above the cap"; failed=1; }
  fi
  [ "$steady_bad" = 0 ] || { echo "   FAIL: the steady client was refused or failed ($steady_bad answers; see $WORK/$label.steady)"; failed=1; }
  [ "$oom" = 0 ] && [ "$alive" = 1 ] || { echo "   FAIL: OutOfMemoryError or the app died"; failed=1; }
  [ -n "$rps" ] || { echo "   FAIL: the flood did not finish (wrk rc=$wrk_rc)"; failed=1; }
  echo "$label $rps" >>"$WORK/results"
done
awk '$1 == "agent" {a = $2} $1 == "none" {n = $2} END {if (a && n) printf "\nthroughput agent / no agent: %.0f / %.0f req/s = %.3f\n", a, n, a / n}' "$WORK/results"
[ "$failed" = 0 ] && echo "all held" || echo "SOMETHING FAILED (KEEP=1 keeps $WORK)"
exit "$failed"
