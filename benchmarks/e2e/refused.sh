#!/usr/bin/env bash
# The attacker's path end to end: what a refused request costs the server against what serving one
# costs, at the most the load tool can send. ROUNDS rounds of two fresh server JVMs with the agent,
# pinned like compare.sh:
#   served:  the default policy, ADDRESSES client addresses in X-Forwarded-For far under their limit
#            (every request served, as compare.sh's agent run);
#   refused: a policy of one rule, 1 request an hour per client address, and the same addresses:
#            each spends its one token during the warm-up, so every measured request is a 429.
# Per JVM: warm-up as compare.sh, then wrk for DURATION s: req/s and the server JVM's CPU time per
# request. For the refused JVM also: every measured response must be a 429 (the refusal rate holds
# at wrk's maximum), and the live heap after a full GC (jcmd GC.run, GC.heap_info) before and after
# the measured attack (what the attack makes the agent keep: nothing that grows with it).
#   benchmarks/e2e/refused.sh jetty|jdk|spring|spring4
# Env: ROUNDS (5), WARMUP (10), DURATION (20), and compare.sh's JAVA, CONNECTIONS, WRK_THREADS,
#      ADDRESSES, HEAP, SERVER_CPU, LOAD_CPU, AGENT_JAR, OUT
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
APP="${1:-jetty}"
ROUNDS="${ROUNDS:-5}"; WARMUP="${WARMUP:-10}"; DURATION="${DURATION:-20}"
# shellcheck source=lib.sh
. "$ROOT/benchmarks/e2e/lib.sh"
OUT="${OUT:-$ROOT/benchmarks/target/e2e/$(date -u +%Y%m%d-%H%M%S)-refused-$APP-java$JAVA_VERSION}"
mkdir -p "$OUT"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/vigil-e2e-refused.XXXXXX")"
trap 'stop_server; rm -rf "$WORK"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
prepare_run
JCMD="$(dirname "$(readlink -f "$(command -v "$JAVA")")")/jcmd"
[ -x "$JCMD" ] || die "no jcmd beside $JAVA"
printf 'mode: enforce\nrules:\n  - {name: attack, key: ip, rate: 1/h, burst: 1}\n' >"$WORK/attack.yaml"

# live_heap: bytes used after a full GC (every generation's "used" in GC.heap_info)
live_heap() {
  "$JCMD" "$SERVER_PID" GC.run >/dev/null
  "$JCMD" "$SERVER_PID" GC.heap_info | awk '
    { for (i = 1; i < NF; i++) if ($i == "used") { v = $(i + 1); sub(/,$/, "", v)
        n = v + 0; if (v ~ /K$/) n *= 1024; else if (v ~ /M$/) n *= 1048576; total += n } }
    /Metaspace/ { exit } END { printf "%d", total }'
}

printf 'round\tvariant\twrk_rps\trequests\trefused\tcpu_us_per_req\theap_before\theap_after\n' >"$OUT/runs.tsv"
one_run() {
  local round=$1 variant=$2 label opts
  label="$(printf 'r%02d-%s' "$round" "$variant")"
  opts="-javaagent:$AGENT_SNAPSHOT"
  [ "$variant" = refused ] && opts="$opts=config=$WORK/attack.yaml"
  start_server "$label" "$OUT" "$opts"
  check_agent_started "$label" "$OUT"
  local expect=served before="" after="" t0 t1
  [ "$variant" = refused ] && expect=refused
  EXPECT="$expect" warm_up "$label" "$OUT"
  [ "$variant" = refused ] && before="$(live_heap)"
  t0="$(ticks "$SERVER_PID")"
  EXPECT="$expect" run_wrk "$label.wrk" "$OUT" "$DURATION"
  t1="$(ticks "$SERVER_PID")"
  [ "$variant" = refused ] && after="$(live_heap)"
  stop_server
  local rps requests non2xx cpu
  rps="$(awk '/^Requests\/sec:/{print $2}' "$OUT/$label.wrk")"
  requests="$(awk '/^E2E_WRK /{sub(/requests=/, "", $2); print $2}' "$OUT/$label.wrk")"
  non2xx="$(awk '/^E2E_WRK /{sub(/non2xx=/, "", $3); print $3}' "$OUT/$label.wrk")"
  cpu="$(awk -v t=$((t1 - t0)) -v hz="$HZ" -v n="$requests" 'BEGIN { printf "%.3f", t / hz * 1e6 / n }')"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$variant" "$rps" "$requests" "$non2xx" "$cpu" "$before" "$after" >>"$OUT/runs.tsv"
  printf '%-12s %10s %10s %10s %9s %12s %12s\n' "$label" "$rps" "$requests" "$non2xx" "$cpu" "${before:--}" "${after:--}"
}

echo "server: $APP ($APP_MAIN, GET $URL_PATH), $("$JAVA" -version 2>&1 | head -1), heap $HEAP, cpu $SERVER_CPU; wrk on cpu $LOAD_CPU"
echo "$ROUNDS rounds of: served (default policy), refused (1/h per address, $ADDRESSES addresses, all spent in the warm-up) -> $OUT"
printf '%-12s %10s %10s %10s %9s %12s %12s\n' run wrk_req/s requests refused cpu_us/rq live_before live_after
for round in $(seq 1 "$ROUNDS"); do
  one_run "$round" served
  one_run "$round" refused
done
median() { awk -F'\t' -v v="$1" 'NR > 1 && $2 == v { print $6 }' "$OUT/runs.tsv" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
served="$(median served)"; refused="$(median refused)"
{ awk -v s="$served" -v r="$refused" 'BEGIN { printf "median CPU per request: served %.2f us, refused %.2f us: a refusal costs %.2f of serving\n", s, r, r / s }'
  echo "live heap growth over each measured attack (bytes): $(awk -F'\t' 'NR > 1 && $2 == "refused" { printf " %d", $8 - $7 }' "$OUT/runs.tsv")"
} | tee "$OUT/summary.txt"
