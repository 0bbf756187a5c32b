#!/usr/bin/env bash
# Vigil in one command: builds the agent if needed, starts a small JDK-httpserver shop API with
# -javaagent, sends it 15 s of traffic from three polite clients and one scraper, and shows what
# each client got and what the agent said. Loopback only; everything it starts is stopped on exit.
#
#   ./demo.sh                  (env: JAVA=/path/to/java, DEMO_SECONDS=15, VIGIL_DEMO_KEEP=1 keeps the temp dir)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
JAVA="${JAVA:-java}"
SECONDS_OF_TRAFFIC="${DEMO_SECONDS:-15}"
AGENT_JAR="$ROOT/agent/target/vigil-agent.jar"
DEMO_DIR="$ROOT/integration-tests/demo"

bold() { if [ -t 1 ]; then printf '\033[1m%s\033[0m\n' "$*"; else printf '%s\n' "$*"; fi; }
step() { echo; bold "==> $*"; }
die() { echo "demo.sh: $*" >&2; exit 1; }

# --- prerequisites ---------------------------------------------------------------------------
command -v "$JAVA" >/dev/null 2>&1 || die "java not found (need JDK 17+; set JAVA=/path/to/bin/java)"
JAVA_MAJOR="$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2}' | cut -d. -f1)"
[ "${JAVA_MAJOR:-0}" -ge 17 ] 2>/dev/null || die "need JDK 17+, found: $("$JAVA" -version 2>&1 | head -1)"

bold "Vigil demo: a small shop API, protected by -javaagent:vigil-agent.jar with no code change"
echo "  3 polite clients browse it, 1 scraper hammers it, 1 client comes from a denied network."
echo "  Everything runs on 127.0.0.1 and stops by itself in well under a minute."

# --- build the agent if it is missing or older than its sources -------------------------------
needs_build() {
  [ -f "$AGENT_JAR" ] || return 0
  [ -n "$(find pom.xml bootstrap instrumentation agent -newer "$AGENT_JAR" -type f \
           \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) \
           -not -path '*/target/*' 2>/dev/null | head -1)" ]
}
if needs_build; then
  step "Building the agent (./mvnw -B -q -DskipTests install -pl agent -am) ..."
  BUILD_LOG="$(mktemp "${TMPDIR:-/tmp}/vigil-demo-build.XXXXXX")"
  if ! ./mvnw -B -q -DskipTests install -pl agent -am >"$BUILD_LOG" 2>&1; then
    tail -40 "$BUILD_LOG" >&2
    die "build failed (full log: $BUILD_LOG)"
  fi
  rm -f "$BUILD_LOG"
  [ -f "$AGENT_JAR" ] || die "build finished but $AGENT_JAR is missing"
fi

# --- temp dir, cleanup ------------------------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/vigil-demo.XXXXXX")"
SERVICE_PID=""
TRAFFIC_PID=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$TRAFFIC_PID" ]; then kill "$TRAFFIC_PID" 2>/dev/null || true; fi
  if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill "$SERVICE_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVICE_PID" 2>/dev/null || true
  fi
  if [ "${VIGIL_DEMO_KEEP:-0}" = 1 ]; then echo "(kept $WORK)"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# the demo policy, with the audit trail pointed into our temp dir
sed "s#/tmp/vigil-demo-audit.jsonl#$WORK/audit.jsonl#" "$DEMO_DIR/vigil-demo.yaml" > "$WORK/vigil.yaml"

# --- start the service with the agent ---------------------------------------------------------
step "Starting DemoService with the agent"
echo "  OTEL_TRACES_EXPORTER=console OTEL_LOGS_EXPORTER=console OTEL_METRICS_EXPORTER=console OTEL_SERVICE_NAME=demo-shop \\"
echo "  $JAVA -javaagent:agent/target/vigil-agent.jar=config=<tmp>/vigil.yaml integration-tests/demo/DemoService.java 0"
echo "  policy: integration-tests/demo/vigil-demo.yaml"
sed -n '/^deny:/p;/^rules:/,$p' "$DEMO_DIR/vigil-demo.yaml" | sed 's/^/    /'
# the console exporters print Vigil's OpenTelemetry spans, events and metrics to stderr; point
# OTEL_EXPORTER_OTLP_ENDPOINT at a collector (and drop these) to send them there instead
OTEL_TRACES_EXPORTER=console OTEL_LOGS_EXPORTER=console OTEL_METRICS_EXPORTER=console \
OTEL_METRIC_EXPORT_INTERVAL=5000 OTEL_SERVICE_NAME=demo-shop \
"$JAVA" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
  -Dsun.net.httpserver.nodelay=true -Ddemo.parentPid=$$ \
  "-javaagent:$AGENT_JAR=config=$WORK/vigil.yaml" \
  "$DEMO_DIR/DemoService.java" 0 </dev/null >"$WORK/service.out" 2>"$WORK/service.err" &
SERVICE_PID=$!

PORT=""
for _ in $(seq 1 600); do   # up to 60 s
  PORT="$(awk '/^LISTENING /{print $2; exit}' "$WORK/service.out" 2>/dev/null || true)"
  [ -n "$PORT" ] && break
  kill -0 "$SERVICE_PID" 2>/dev/null || { cat "$WORK/service.out" "$WORK/service.err" >&2; die "DemoService exited early"; }
  sleep 0.1
done
[ -n "$PORT" ] || { cat "$WORK/service.err" >&2; die "DemoService did not start within 60 s"; }
echo "  listening on http://127.0.0.1:$PORT/ (pid $SERVICE_PID)"
grep -m1 '^\[vigil\] .* started' "$WORK/service.err" | sed 's/^/  /' || echo "  (no Vigil startup line yet!)"

# --- traffic ----------------------------------------------------------------------------------
step "Traffic: 3 polite clients + 1 scraper for ${SECONDS_OF_TRAFFIC} s (each says who it is in X-Forwarded-For)"
# in the background + wait, so Ctrl-C / SIGTERM reach the cleanup trap at once
timeout --kill-after=5 $((SECONDS_OF_TRAFFIC + 60)) \
  "$JAVA" -Xmx256m -Ddemo.parentPid=$$ "$DEMO_DIR/DemoTraffic.java" "http://127.0.0.1:$PORT" "$SECONDS_OF_TRAFFIC" </dev/null &
TRAFFIC_PID=$!
TRAFFIC_RC=0
wait "$TRAFFIC_PID" || TRAFFIC_RC=$?
TRAFFIC_PID=""

echo "  (the per-client rule lets a caller through at its burst of 10, then 5/s:"
echo "   about 10 + 5 x ${SECONDS_OF_TRAFFIC} = $((10 + 5 * SECONDS_OF_TRAFFIC)) requests in ${SECONDS_OF_TRAFFIC} s, however fast it asks)"

# --- stop the service: the agent prints its summary at JVM shutdown ---------------------------
step "Stopping DemoService (SIGTERM: the agent prints its summary on shutdown)"
kill "$SERVICE_PID" 2>/dev/null || true
for _ in $(seq 1 100); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$SERVICE_PID" 2>/dev/null; then echo "  still running after 10 s, killing"; kill -9 "$SERVICE_PID" 2>/dev/null || true; fi
wait "$SERVICE_PID" 2>/dev/null || true
SERVICE_PID=""

# --- what the agent said ----------------------------------------------------------------------
step "What the agent printed (stderr lines starting with [vigil])"
VIGIL_LINES="$(grep '^\[vigil\] ' "$WORK/service.err" || true)"  # [vigil otel] lines are shown under Telemetry
if [ -z "$VIGIL_LINES" ]; then
  echo "  (none — is the agent working? full stderr follows)"; sed 's/^/  /' "$WORK/service.err"
else
  THROTTLE_COUNT="$(grep -c '^\[vigil\] throttled' <<<"$VIGIL_LINES" || true)"
  grep -v '^\[vigil\] throttled' <<<"$VIGIL_LINES" | grep -v '^\[vigil\] summary' | sed 's/^/  /' || true
  grep '^\[vigil\] throttled' <<<"$VIGIL_LINES" | head -5 | sed 's/^/  /' || true
  [ "${THROTTLE_COUNT:-0}" -gt 5 ] && echo "  ... ($THROTTLE_COUNT throttle notices in all)"
  grep '^\[vigil\] summary' <<<"$VIGIL_LINES" | sed 's/^/  /' || echo "  (no summary line)"
fi
# (the JVM's CDS notice about the agent jar on the boot class path is expected and left out)
OTHER_STDERR="$(grep -v '^\[vigil\] ' "$WORK/service.err" | grep -v '^\[vigil otel\] ' | grep -v '^[[:space:]]*$' \
  | grep -v 'Sharing is only supported for boot loader classes' || true)"
if [ -n "$OTHER_STDERR" ]; then
  echo "  other stderr from the service:"; head -20 <<<"$OTHER_STDERR" | sed 's/^/    /'
fi

step "Audit trail ($(basename "$WORK")/audit.jsonl)"
if [ -s "$WORK/audit.jsonl" ]; then
  echo "  $(wc -l <"$WORK/audit.jsonl") records (JSON lines): $(grep -c '"action":"throttle"' "$WORK/audit.jsonl" || true) throttle," \
       "$(grep -c '"action":"block"' "$WORK/audit.jsonl" || true) block; the first of each:"
  { grep -m1 '"action":"throttle"' "$WORK/audit.jsonl" || true; grep -m1 '"action":"block"' "$WORK/audit.jsonl" || true; } \
    | cut -c1-300 | sed 's/^/  /'
else
  echo "  (empty or not written)"
fi

step "Telemetry (OpenTelemetry, console exporter: lines starting with [vigil otel])"
EXPORTERS="$(grep -m1 '^\[vigil\] .* started' "$WORK/service.err" | sed -n 's/.*exporters=\(.*\), instrumenting=.*/\1/p' || true)"
echo "  exporters=${EXPORTERS:-(unknown: no startup line)}"
OTEL_LINES="$(grep '^\[vigil otel\] ' "$WORK/service.err" || true)"
if [ -z "$OTEL_LINES" ]; then
  echo "  (no telemetry lines)"
else
  echo "  $(grep -c '^\[vigil otel\] span ' <<<"$OTEL_LINES" || true) spans, $(grep -c '^\[vigil otel\] event ' <<<"$OTEL_LINES" || true) events; the first of each kind:"
  for kind in "span vigil.decision" "event vigil.throttle" "event vigil.block"; do
    grep -m1 "^\[vigil otel\] $kind" <<<"$OTEL_LINES" | cut -c1-400 | sed 's/^/  /' || true
  done
  echo "  metrics (the last value of each series):"
  grep '^\[vigil otel\] metric ' <<<"$OTEL_LINES" \
    | awk '{ k = $0; sub(/ = [^ ]+ /, " ", k); if (!(k in last)) order[++n] = k; last[k] = $0 } END { for (i = 1; i <= n; i++) print last[order[i]] }' \
    | sed 's/^/    /' || true
fi
echo "  With a collector: OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318 (or OTEL_EXPORTER_OTLP_PROTOCOL=grpc, :4317)."

echo
if [ "$TRAFFIC_RC" -eq 0 ]; then
  bold "Demo finished: the scraper was throttled, the polite clients never noticed."
else
  bold "Demo finished, but the outcome was not the expected one (DemoTraffic exit code $TRAFFIC_RC)."
fi
exit "$TRAFFIC_RC"
