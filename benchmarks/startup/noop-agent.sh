#!/usr/bin/env bash
# Builds benchmarks/startup/NoopAgent.java into a jar and prints its path: the startup floor of any
# agent with a class file transformer (used by jetty.sh and petclinic.sh when NOOP=1).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${1:-$(mktemp -d)}"
javac -d "$OUT/classes" "$HERE/NoopAgent.java"
printf 'Premain-Class: NoopAgent\n' > "$OUT/manifest.txt"
jar --create --file "$OUT/noop-agent.jar" --manifest "$OUT/manifest.txt" -C "$OUT/classes" .
echo "$OUT/noop-agent.jar"
