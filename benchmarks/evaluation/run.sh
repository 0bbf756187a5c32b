#!/usr/bin/env bash
# The behavioural-detection evaluation (issue: recall and false positives): builds the agent and the
# test apps, then runs EvaluationHarness, which starts a real Jetty app with the agent and plays
# labelled benign traffic mixed with every attack type against it for about 12 minutes.
# The table lands in integration-tests/tests/target/evaluation/table.md.
# Run it on a quiet machine: nothing else should be building or measuring meanwhile.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q install -DskipTests
./mvnw -B -pl integration-tests/tests verify -Dtest=EvaluationHarness -Dsurefire.failIfNoSpecifiedTests=false "$@"
cat integration-tests/tests/target/evaluation/table.md
