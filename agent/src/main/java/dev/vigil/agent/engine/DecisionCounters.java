package dev.vigil.agent.engine;

import java.util.concurrent.atomic.LongAdder;

/** Running totals; LongAdder so that counting on every request neither contends nor allocates. */
final class DecisionCounters {
  final LongAdder requests = new LongAdder();
  final LongAdder throttled = new LongAdder();
  final LongAdder blocked = new LongAdder();
  final LongAdder monitored = new LongAdder();
  final LongAdder blockFailed = new LongAdder();
}
