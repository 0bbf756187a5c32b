#!/usr/bin/env bash
# Latency by percentile, with and without the agent, from the .hgrm files of benchmarks/e2e/compare.sh
# (HdrHistogram's percentile distribution): x is the percentile on HdrHistogram's usual log scale of
# 1/(1-p) (90% = 10, 99% = 100, 99.9% = 1000, ...), y the latency in ms from the intended send time.
# Every run is one line: agent runs red, no-agent A blue, no-agent B cyan, so the noise between the
# two no-agent runs is in the picture beside the agent's difference.
#   benchmarks/e2e/plot-latency.sh OUT_DIR [PNG] [HGRM...]   (default: OUT_DIR/hgrm/*.hgrm -> OUT_DIR/latency.png)
# Env: LOGY=1 (log-scale latency axis), TITLE, MAX_PERCENTILE (x range end as 1/(1-p), e.g. 100000 = 99.999%; default: what the data reach)
# Needs gnuplot (Debian: apt-get install -y gnuplot-nox).
set -euo pipefail
OUT="${1:?usage: $0 OUT_DIR [PNG] [HGRM...]}"
PNG="${2:-$OUT/latency.png}"
shift $(( $# >= 2 ? 2 : 1 ))
files=("$@")
[ ${#files[@]} -gt 0 ] || files=("$OUT"/hgrm/*.hgrm)
[ -f "${files[0]}" ] || { echo "no .hgrm files in $OUT/hgrm" >&2; exit 1; }
command -v gnuplot >/dev/null || { echo "gnuplot not found (apt-get install -y gnuplot-nox)" >&2; exit 1; }
DATA="$(mktemp -d)"; trap 'rm -rf "$DATA"' EXIT
TITLE="${TITLE:-$(basename "$OUT"): latency at a fixed rate, from intended send time}"

plots=()
seen_agent=0; seen_a=0; seen_b=0
for f in "${files[@]}"; do
  name="$(basename "$f" .hgrm)"
  # value (ms) and 1/(1-p) of each step; the last row's 1/(1-p) is Infinity: left out
  awk 'NF == 4 && $1 ~ /^[0-9.]+$/ && $4 ~ /^[0-9.]+$/ { print $4, $1 }' "$f" >"$DATA/$name.dat"
  case "$name" in
    *agent*) color='#d62728'; width=2; if [ $seen_agent = 0 ]; then t="title 'agent'"; seen_agent=1; else t=notitle; fi ;;
    *noA*)   color='#1f77b4'; width=1.5; if [ $seen_a = 0 ]; then t="title 'no agent (A)'"; seen_a=1; else t=notitle; fi ;;
    *noB*)   color='#17becf'; width=1.5; if [ $seen_b = 0 ]; then t="title 'no agent (B)'"; seen_b=1; else t=notitle; fi ;;
    *)       color='#7f7f7f'; width=1; t="title '$name'" ;;
  esac
  plots+=("'$DATA/$name.dat' using 1:2 with lines lw $width lc rgb '$color' $t")
done

# x range: up to the next power of ten past the deepest percentile any run reached
xmax="${MAX_PERCENTILE:-$(cat "$DATA"/*.dat | awk 'BEGIN { m = 10 } $1 > m { m = $1 } END { x = 10; while (x < m) x *= 10; print x }')}"
{
  echo "set terminal pngcairo size 1200,700 enhanced font 'sans,11'"
  echo "set output '$PNG'"
  echo "set title \"$TITLE\" noenhanced"
  echo "set logscale x"
  echo "set xrange [1:$xmax]"
  echo "set xtics ('0%%' 1, '90%%' 10, '99%%' 100, '99.9%%' 1000, '99.99%%' 10000, '99.999%%' 100000, '99.9999%%' 1000000)"
  echo "set xlabel 'percentile'"
  echo "set ylabel 'latency (ms)'"
  [ "${LOGY:-0}" = 1 ] && echo "set logscale y"
  echo "set grid"
  echo "set key top left"
  printf 'plot '
  (IFS=,; echo "${plots[*]}")
} >"$DATA/plot.gp"
if ! gnuplot "$DATA/plot.gp" 2>"$DATA/err"; then
  # gnuplot-nox may lack cairo: fall back to the libgd png terminal
  sed -i "1s/.*/set terminal png size 1200,700/" "$DATA/plot.gp"
  gnuplot "$DATA/plot.gp" || { cat "$DATA/err" >&2; exit 1; }
fi
echo "$PNG"
