#!/usr/bin/env bash
# CPU time the app spends per request, and throughput, under wrk: the Jetty 12 hello app with each
# of several JVM option sets, ROUNDS times in alternation (a b c, a b c, ...), fresh JVM each time,
# the app pinned to cpu 0 and wrk to cpu 1. CPU per request (user+sys of the app's JVM during the
# measured run, over the requests wrk completed) moves far less than req/s on a shared machine.
#
#   benchmarks/wrk/cpu-per-request.sh none= before=-javaagent:/tmp/old.jar vigil=-javaagent:agent/target/vigil-agent.jar
# Env: JAVA, ROUNDS (5), DURATION (15s), WARMUP (8s), CONNECTIONS (16), URL_PATH (/hello), HEAP (512m)
# Prerequisite: ./mvnw -B -q -DskipTests install (the Jetty app's classes and classpath.txt). Loopback only.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAVA="${JAVA:-java}"; ROUNDS="${ROUNDS:-5}"; DURATION="${DURATION:-15s}"; WARMUP="${WARMUP:-8s}"
CONNECTIONS="${CONNECTIONS:-16}"; URL_PATH="${URL_PATH:-/hello}"; HEAP="${HEAP:-512m}"
APP_DIR="$ROOT/integration-tests/apps/jetty12"
die() { echo "cpu-per-request.sh: $*" >&2; exit 1; }
[ $# -ge 1 ] || die "usage: $0 label=[jvm options] ..."
command -v wrk >/dev/null || die "wrk not found (apt-get install -y wrk)"
command -v taskset >/dev/null || die "taskset not found (util-linux)"
[ -f "$APP_DIR/target/classpath.txt" ] || die "Jetty 12 test app not built: ./mvnw -B -q -DskipTests install"
APP_MAIN="$(cd "$APP_DIR/target/classes" && find . -name Jetty12App.class | head -1 | sed 's#^\./##; s#\.class$##; s#/#.#g')"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/vigil-cpu.XXXXXX")"
APP_PID=""
stop_app() { [ -n "$APP_PID" ] && { kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; }; APP_PID=""; }
trap 'stop_app; rm -rf "$WORK"' EXIT
cp -r "$APP_DIR/target/classes" "$WORK/app-classes"
APP_CP="$WORK/app-classes:$(cat "$APP_DIR/target/classpath.txt")"
cat >"$WORK/vigil.yaml" <<'YAML'
mode: enforce
rules:
  - name: default-per-ip
    key: ip
    rate: 1000000/s
    burst: 1000000
YAML
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # utime + stime of the whole JVM, in clock ticks
HZ="$(getconf CLK_TCK)"

for round in $(seq 1 "$ROUNDS"); do
  for spec in "$@"; do
    label="${spec%%=*}"; opts="${spec#*=}"
    # an agent option gets the generous policy, so every request runs the whole decision path
    [ -n "$opts" ] && opts="$opts=config=$WORK/vigil.yaml"
    # shellcheck disable=SC2086
    taskset -c 0 "$JAVA" "-Xms$HEAP" "-Xmx$HEAP" $opts -cp "$APP_CP" "$APP_MAIN" 0 127.0.0.1 </dev/null >"$WORK/out" 2>"$WORK/err" &
    APP_PID=$!
    PORT=""
    for _ in $(seq 1 300); do
      PORT="$(awk '/^LISTENING /{print $2; exit}' "$WORK/out" 2>/dev/null || true)"; [ -n "$PORT" ] && break; sleep 0.1
    done
    [ -n "$PORT" ] || { cat "$WORK/err" >&2; die "$label: app did not start"; }
    url="http://127.0.0.1:$PORT$URL_PATH"
    taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "$url" >/dev/null 2>&1
    before="$(ticks "$APP_PID")"
    taskset -c 1 timeout 120 wrk -t1 -c"$CONNECTIONS" -d"$DURATION" "$url" >"$WORK/wrk" 2>&1
    after="$(ticks "$APP_PID")"
    stop_app
    requests="$(awk '/requests in/{print $1}' "$WORK/wrk")"; rps="$(awk '/^Requests\/sec:/{print $2}' "$WORK/wrk")"
    ! grep -q "Non-2xx" "$WORK/wrk" || die "$label: non-2xx responses (throttled?)"
    awk -v l="$label" -v r="$round" -v t=$((after - before)) -v hz="$HZ" -v n="$requests" -v rps="$rps" \
      'BEGIN { printf "%s round %s: %.2f us cpu/request, %s req/s\n", l, r, t / hz * 1e6 / n, rps }' | tee -a "$WORK/results"
  done
done
echo "medians (min-max) over $ROUNDS rounds:"
median() { sort -g | awk '{a[NR] = $1} END {m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.2f (%.2f-%.2f)", m, a[1], a[NR]}'; }
for spec in "$@"; do
  label="${spec%%=*}"
  cpu="$(awk -v l="$label" '$1 == l {print $4}' "$WORK/results" | median)"
  rps="$(awk -v l="$label" '$1 == l {print $7}' "$WORK/results" | median)"
  printf '  %-8s %s us cpu/request, %s req/s\n' "$label" "$cpu" "$rps"
done
