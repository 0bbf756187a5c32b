#!/usr/bin/env bash
# Time from a fresh JVM's start to the first HTTP 200 it serves, and the JVM's CPU time (user+sys)
# up to then, for several agent variants run in alternating rounds (one JVM of each variant per
# round), so drift on a shared machine spreads over every variant alike. The server is pinned to
# one core and the poller to another, as the BENCHMARKS.md figures were taken.
#
#   benchmarks/startup/first-response.sh NAME=JVM_OPTS... -- COMMAND...
#   e.g. first-response.sh none= before=-javaagent:/tmp/old.jar after=-javaagent:agent/target/vigil-agent.jar \
#          -- java -cp "$CP" com.example.app.Jetty12App 18080
# env: RUNS (rounds, default 7), URL (default http://127.0.0.1:18080/hello), SERVER_CPU (1), POLL_CPU (0),
#      JAVA (java), TIMEOUT_S (120). Prints per-variant medians and min..max of wall and CPU milliseconds.
set -euo pipefail
RUNS="${RUNS:-7}"; URL="${URL:-http://127.0.0.1:18080/hello}"
SERVER_CPU="${SERVER_CPU:-1}"; POLL_CPU="${POLL_CPU:-0}"; TIMEOUT_S="${TIMEOUT_S:-120}"
names=(); opts=()
while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do names+=("${1%%=*}"); opts+=("${1#*=}"); shift; done
[ "${1:-}" = "--" ] && shift
[ "$#" -gt 0 ] || { echo "usage: $0 NAME=OPTS... -- java ARGS..." >&2; exit 2; }
java_bin="$1"; shift
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
ticks=$(getconf CLK_TCK)

one_run() { # $1 = variant index; appends "wall cpu" to $WORK/<name>
  local idx="$1" name="${names[$1]}" started pid code=000 now cpu
  shift
  started=$(date +%s%N)
  # shellcheck disable=SC2086
  taskset -c "$SERVER_CPU" "$java_bin" ${opts[$idx]} "$@" > "$WORK/$name.log" 2>&1 &
  pid=$!
  while :; do
    code=$(taskset -c "$POLL_CPU" curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$URL" || true)
    [ "$code" = 200 ] && break
    kill -0 "$pid" 2>/dev/null || { echo "$name: JVM exited before answering" >&2; cat "$WORK/$name.log" >&2; exit 1; }
    [ $(( ($(date +%s%N) - started) / 1000000000 )) -lt "$TIMEOUT_S" ] || { echo "$name: timeout" >&2; kill "$pid"; exit 1; }
    sleep 0.02
  done
  now=$(date +%s%N)
  # utime + stime of the JVM process (all threads) in clock ticks: fields 14 and 15 of /proc/pid/stat
  cpu=$(awk -v t="$ticks" '{sub(/^.*\) /, ""); print int(($12 + $13) * 1000 / t)}' "/proc/$pid/stat")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$(( (now - started) / 1000000 )) $cpu" >> "$WORK/$name"
}

stats() { # column $1 of file $2: median and range
  sort -n -k"$1" "$2" | awk -v c="$1" '{a[NR]=$c} END {m=(NR%2)?a[(NR+1)/2]:int((a[NR/2]+a[NR/2+1])/2); printf "%d (%d..%d)", m, a[1], a[NR]}'
}

if curl -s -o /dev/null --max-time 1 "$URL"; then echo "something already answers at $URL: stop it first" >&2; exit 1; fi
for round in $(seq 1 "$RUNS"); do
  for i in "${!names[@]}"; do one_run "$i" "$@"; sleep 0.5; done
  echo "round $round: $(for n in "${names[@]}"; do printf '%s=%s ' "$n" "$(tail -1 "$WORK/$n" | tr ' ' /)"; done)" >&2
done
echo "median (min..max) of $RUNS, ms: wall = process start to first 200 of $URL, cpu = JVM user+sys until then"
for n in "${names[@]}"; do printf '%-10s wall %-22s cpu %s\n' "$n" "$(stats 1 "$WORK/$n")" "$(stats 2 "$WORK/$n")"; done
