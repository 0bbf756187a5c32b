# Shared by benchmarks/e2e/compare.sh and profile.sh (sourced, not run): the settings both take,
# which app to start, how to start it pinned and fresh, how to stop it, the JVM's CPU time.
# Expects ROOT and APP set before it is sourced, and WORK before prepare_run.
# shellcheck shell=bash

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

JAVA="${JAVA:-java}"; LOAD_JAVA="${LOAD_JAVA:-java}"
CONNECTIONS="${CONNECTIONS:-32}"; WRK_THREADS="${WRK_THREADS:-1}"; FIXED_CONNECTIONS="${FIXED_CONNECTIONS:-16}"
ADDRESSES="${ADDRESSES:-4000}"; HEAP="${HEAP:-512m}"
SERVER_CPU="${SERVER_CPU:-0}"; LOAD_CPU="${LOAD_CPU:-1}"
AGENT_JAR="${AGENT_JAR:-$ROOT/agent/target/vigil-agent.jar}"; AGENT_OPTS="${AGENT_OPTS:-}"
BENCH_JAR="$ROOT/benchmarks/target/benchmarks.jar"
command -v wrk >/dev/null || die "wrk not found (apt-get install -y wrk)"
command -v taskset >/dev/null || die "taskset not found (util-linux)"
[ -f "$BENCH_JAR" ] || die "$BENCH_JAR missing: ./mvnw -B -o -q -pl benchmarks -am package -DskipTests"
JAVA_VERSION="$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.version =/{print $2; exit}')"

# prepare_run: snapshots the app's classes, the agent and benchmarks.jar into WORK, so a rebuild
# during the run cannot change what is measured
prepare_run() {
  app_setup
  agent_setup
  cp "$BENCH_JAR" "$WORK/benchmarks.jar"; BENCH_JAR="$WORK/benchmarks.jar"
}

# app_setup: sets APP_DIR, APP_MAIN, URL_PATH (unless set), START_TIMEOUT_S, APP_JVM_OPTS from APP (jetty | jdk | spring | spring4)
app_setup() {
  APP_JVM_OPTS=""
  case "$APP" in
    jetty)   APP_DIR="$ROOT/integration-tests/apps/jetty12";        APP_MAIN=com.example.app.Jetty12App;        : "${URL_PATH:=/hello}";       START_TIMEOUT_S=60 ;;
    # the JDK HttpServer leaves Nagle on unless told: with wrk's delayed ACKs every keep-alive response
    # (headers and body written apart) would wait ~40 ms, and both variants would measure that
    jdk)     APP_DIR="$ROOT/integration-tests/apps/jdk-httpserver"; APP_MAIN=com.example.app.JdkHttpServerApp; : "${URL_PATH:=/hello}";       START_TIMEOUT_S=60
             APP_JVM_OPTS="-Dsun.net.httpserver.nodelay=true" ;;
    spring)  APP_DIR="$ROOT/integration-tests/apps/spring-boot";    APP_MAIN=com.example.app.SpringBootApp;    : "${URL_PATH:=/api/items/1}"; START_TIMEOUT_S=180 ;;
    spring4) APP_DIR="$ROOT/integration-tests/apps/spring-boot4";   APP_MAIN=com.example.app.SpringBootApp;    : "${URL_PATH:=/api/items/1}"; START_TIMEOUT_S=180 ;;
    *) die "unknown app '$APP' (jetty | jdk | spring | spring4)" ;;
  esac
  [ -d "$APP_DIR/target/classes" ] && [ -f "$APP_DIR/target/classpath.txt" ] \
    || die "$APP app not built ($APP_DIR/target/{classes,classpath.txt}): ./mvnw -B -o -q -pl ${APP_DIR#"$ROOT"/} -am package -DskipTests"
  cp -r "$APP_DIR/target/classes" "$WORK/app-classes"
  APP_CP="$WORK/app-classes:$(cat "$APP_DIR/target/classpath.txt")"
}

agent_setup() {
  [ -f "$AGENT_JAR" ] || die "$AGENT_JAR missing: ./mvnw -B -o -q -pl agent -am package -DskipTests"
  cp "$AGENT_JAR" "$WORK/vigil-agent.jar"
  AGENT_SNAPSHOT="$WORK/vigil-agent.jar"
}

ticks() { awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$1/stat"; }   # utime + stime of the whole JVM, clock ticks
HZ="$(getconf CLK_TCK)"

SERVER_PID=""
# start_server LABEL DIR [jvm options...]: a fresh JVM pinned to SERVER_CPU on an ephemeral loopback
# port; waits for "LISTENING <port>", checks GET URL_PATH answers 200; sets SERVER_PID and PORT
start_server() {
  local label=$1 dir=$2
  shift 2
  taskset -c "$SERVER_CPU" "$JAVA" "-Xms$HEAP" "-Xmx$HEAP" "-Xlog:gc:file=$dir/$label.gc.log" $APP_JVM_OPTS ${EXTRA_JVM_OPTS:-} "$@" \
    -cp "$APP_CP" "$APP_MAIN" 0 127.0.0.1 </dev/null >"$dir/$label.out" 2>"$dir/$label.err" &
  SERVER_PID=$!
  PORT=""
  local deadline=$((SECONDS + START_TIMEOUT_S))
  while [ -z "$PORT" ]; do
    PORT="$(awk '/^LISTENING /{print $2; exit}' "$dir/$label.out" 2>/dev/null || true)"
    [ -n "$PORT" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$dir/$label.err" >&2; die "$label: server exited"; }
    [ "$SECONDS" -lt "$deadline" ] || die "$label: no LISTENING line within $START_TIMEOUT_S s"
    sleep 0.1
  done
  local status
  status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H 'X-Forwarded-For: 198.18.0.1' "http://127.0.0.1:$PORT$URL_PATH" || true)"
  [ "$status" = 200 ] || die "$label: GET $URL_PATH answered $status"
}

# stop_server: SIGTERM (the agent prints its summary in its shutdown hook), then SIGKILL after 20 s
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 200); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  [ -n "$SERVER_PID" ] && { wait "$SERVER_PID" 2>/dev/null || true; }
  SERVER_PID=""
}

# check_agent_started LABEL DIR: the agent's start line is on the server's stderr
check_agent_started() {
  grep -q '^\[vigil\] Vigil .* started' "$2/$1.err" || { tail -20 "$2/$1.err" >&2; die "$1: no '[vigil] ... started' line: the agent did not run"; }
}

# run_wrk LABEL DIR SECONDS [--latency]: wrk pinned to LOAD_CPU with xff.lua, 10 s request timeout; fails on
# any non-2xx (with EXPECT=refused: on anything but refusals once warmed up), and on any socket error
# or timeout unless WARMING=1 (a cold JVM on a loaded core may be that slow)
run_wrk() {
  local label=$1 dir=$2 seconds=$3
  shift 3
  E2E_ADDRESSES="$ADDRESSES" timeout $((seconds + 60)) taskset -c "$LOAD_CPU" wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s "$@" \
    -s "$ROOT/benchmarks/e2e/xff.lua" "http://127.0.0.1:$PORT$URL_PATH" >"$dir/$label" 2>&1 || { cat "$dir/$label" >&2; die "$label: wrk failed"; }
  local line
  line="$(grep '^E2E_WRK ' "$dir/$label" || true)"
  [ -n "$line" ] || { cat "$dir/$label" >&2; die "$label: wrk printed no E2E_WRK line"; }
  case "$line" in
    *" errors=0") ;;
    *) [ "${WARMING:-0}" = 1 ] || die "$label: $line (socket errors or timeouts; see $dir/$label)" ;;
  esac
  if [ "${EXPECT:-served}" = refused ]; then
    # an attack: once warmed up (every address spent), every response must be a refusal
    [ "${WARMING:-0}" = 1 ] || awk '/^E2E_WRK /{ r = $2; n = $3; sub(/requests=/, "", r); sub(/non2xx=/, "", n); exit !(r == n && r > 0) }' "$dir/$label" \
      || die "$label: $line (not every request refused; see $dir/$label)"
  else
    case "$line" in *" non2xx=0 "*) ;; *) die "$label: $line (throttled? see $dir/$label)" ;; esac
    ! grep -q 'Non-2xx or 3xx' "$dir/$label" || die "$label: wrk saw non-2xx/3xx responses (see $dir/$label)"
  fi
}

# run_fixed LABEL DIR RATE HGRM: the fixed-rate tool pinned to LOAD_CPU; fails on any error, non-2xx or unsent request
run_fixed() {
  local label=$1 dir=$2 rate=$3 hgrm=$4
  timeout $((FIXED_WARMUP + FIXED_DURATION + 90)) taskset -c "$LOAD_CPU" "$LOAD_JAVA" -Xmx256m -XX:+UseSerialGC -cp "$BENCH_JAR" \
    dev.vigil.benchmarks.e2e.FixedRateLoad --url "http://127.0.0.1:$PORT$URL_PATH" --rate "$rate" --connections "$FIXED_CONNECTIONS" \
    --duration "$FIXED_DURATION" --warmup "$FIXED_WARMUP" --addresses "$ADDRESSES" --hgrm "$hgrm" >"$dir/$label" 2>&1 \
    || { cat "$dir/$label" >&2; die "$label: fixed-rate run failed (errors, non-2xx or unsent requests)"; }
}

# warm_up LABEL DIR: wrk for WARMUP s, then more WARMUP_STEP s runs until two in a row agree within
# WARMUP_TOLERANCE (relative req/s) or WARMUP_MAX s have passed: on a loaded core the JIT can take
# far longer than usual, and a JVM still partly interpreted would be measured. Sets WARMED_S.
warm_up() {
  local label=$1 dir=$2 step="${WARMUP_STEP:-5}" max="${WARMUP_MAX:-60}" tolerance="${WARMUP_TOLERANCE:-0.05}"
  WARMING=1 run_wrk "$label.wrk-warmup" "$dir" "$WARMUP"
  WARMED_S=$WARMUP
  local previous current before="" i=0
  previous="$(awk '/^Requests\/sec:/{print $2}' "$dir/$label.wrk-warmup")"
  while [ $((WARMED_S + step)) -le "$max" ]; do
    i=$((i + 1))
    WARMING=1 run_wrk "$label.wrk-warmup$i" "$dir" "$step"
    WARMED_S=$((WARMED_S + step))
    current="$(awk '/^Requests\/sec:/{print $2}' "$dir/$label.wrk-warmup$i")"
    if awk -v a="$previous" -v b="$current" -v t="$tolerance" 'BEGIN { d = (b - a) / a; exit !(d < t && d > -t) }'; then return 0; fi
    before=$previous
    previous=$current
  done
  echo "  warning: $label: throughput still moving after ${WARMED_S}s of warm-up (last two: ${before:-?} -> ${previous} req/s)" >&2
}

# kv KEY FILE: the value of KEY=... on the fixed-rate tool's "result" line
kv() { awk -v k="$1" '$1 == "result" { for (i = 2; i <= NF; i++) { split($i, p, "="); if (p[1] == k) print p[2] } }' "$2"; }
