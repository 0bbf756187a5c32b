package dev.vigil.agent.telemetry.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Bookkeeping for one signal between Vigil and its batch ({@link SignalBatch}, which holds at most
 * the configured queue size, as the SDK's batch processor would): Vigil only hands it an item while
 * fewer than its queue size are still unexported (queued or on the wire), and counts the rest as
 * dropped itself; items whose export failed are counted dropped too. Every loss is therefore in
 * {@link #dropped()}.
 */
public final class ExportAccount {
  private final String signal;
  private final LongAdder handed = new LongAdder();
  private final LongAdder settled = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private volatile long capacity = -1;

  public ExportAccount(String signal) {
    this.signal = signal;
  }

  /** Called when the SDK builds this signal's exporter: from now on items have somewhere to go. */
  public void open(long queueCapacity) {
    capacity = Math.max(1, queueCapacity);
  }

  /** Whether an exporter is configured for this signal at all ({@code none} means no). */
  public boolean open() {
    return capacity > 0;
  }

  /** True when one more item fits in the processor's queue; otherwise counts it as dropped. */
  public boolean tryHand() {
    long limit = capacity;
    if (limit <= 0) {
      return false;
    }
    if (handed.sum() - settled.sum() >= limit) {
      dropped.increment();
      return false;
    }
    handed.increment();
    return true;
  }

  /** An item handed over that the SDK decided not to keep after all (not sampled). */
  public void returned() {
    settled.increment();
  }

  /** Runs one export of {@code items} and settles them when it completes (a throwing export fails them all). */
  CompletableResultCode settleWhenDone(int items, Supplier<CompletableResultCode> export) {
    CompletableResultCode result;
    try {
      result = export.get();
    } catch (RuntimeException e) {
      exported(items, false);
      return CompletableResultCode.ofFailure();
    }
    result.whenComplete(() -> exported(items, result.isSuccess()));
    return result;
  }

  /** The exporter finished a batch of {@code items}, successfully or not. */
  void exported(int items, boolean success) {
    settled.add(items);
    if (!success) {
      dropped.add(items);
    }
  }

  /** Items lost for any reason (counted even when never handed over). */
  public void drop() {
    dropped.increment();
  }

  /** Handed to the SDK and not yet exported (nor failed): what sits in its queue or is on the wire. */
  public long unexported() {
    return handed.sum() - settled.sum();
  }

  public long dropped() {
    return dropped.sum();
  }

  public String signal() {
    return signal;
  }
}
