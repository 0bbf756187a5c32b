package dev.vigil.agent.telemetry;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.config.TelemetrySettings;
import dev.vigil.agent.event.CountsSnapshot;
import dev.vigil.agent.event.VigilEvent;
import dev.vigil.agent.telemetry.export.ExportAccount;
import dev.vigil.agent.telemetry.export.PrivateSdk;
import dev.vigil.bootstrap.AgentLog;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The bounded hand-off between request threads and OpenTelemetry. A request thread only offers an
 * event to a fixed-size queue (never waits: a full queue counts what it would have become as
 * dropped); one daemon thread, {@code vigil-telemetry}, builds the SDK, then turns events into spans
 * and log records and does all the exporting: the batches, the metric collections and their HTTP
 * requests, which wait for the backend on this thread (the SDK starts none; see {@link PrivateSdk}).
 * The thread starts when {@link #beginExport()} says so — once the app serves requests — so the
 * SDK's start (a few hundred milliseconds of CPU) is not paid on the app's startup path; events
 * queue until then. A slow or absent backend therefore costs requests nothing, and memory is
 * bounded by this queue plus the signals' batches, which {@link ExportAccount} never lets overflow
 * silently.
 */
public final class TelemetryPipeline implements TelemetrySink {
  static final int QUEUE_CAPACITY = 4096;
  /** The longest the thread sleeps with nothing to do: it notices a close within this. */
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  private static final long DEFAULT_CLOSE_MILLIS = 3_000;

  private final ArrayBlockingQueue<VigilEvent> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final ExportAccount traces = new ExportAccount("traces");
  private final ExportAccount logs = new ExportAccount("logs");
  private final ExportAccount metrics = new ExportAccount("metrics");
  private final TelemetrySettings settings;
  private final Ticker ticker;
  private final Thread thread;
  private volatile boolean closing;
  private boolean begun;
  /** When {@link #close} stops waiting (System.nanoTime); until then, as if it had been called now. */
  private volatile long closeBy = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEFAULT_CLOSE_MILLIS);
  private volatile OtelRecordWriter writer;
  private volatile Supplier<CountsSnapshot> counts = () -> null;

  private TelemetryPipeline(TelemetrySettings settings, ClassLoader loader, Ticker ticker) {
    this.settings = settings;
    this.ticker = ticker;
    this.thread = new Thread(() -> run(loader), "vigil-telemetry");
    thread.setDaemon(true);
  }

  /**
   * @param loader where the SDK finds its exporters (the agent's own isolated loader)
   * @param ticker monotonic time for thinning events (the limits' ticker)
   */
  public static TelemetryPipeline create(TelemetrySettings settings, ClassLoader loader, Ticker ticker) {
    return new TelemetryPipeline(settings, loader, ticker);
  }

  /** Builds the SDK and starts exporting, on the pipeline's thread; later calls do nothing. */
  public synchronized void beginExport() {
    if (!begun) {
      begun = true;
      thread.start();
    }
  }

  /** What the metrics report; zeros until the engine exists (the SDK may start first). */
  public void observe(Supplier<CountsSnapshot> counts) {
    this.counts = counts;
  }

  @Override
  public boolean enabled() {
    return !closing;
  }

  @Override
  public boolean requestSpans() {
    return settings.requestSpans();
  }

  /** Queues the event for export, or counts what it would have become as dropped when the queue is full. */
  @Override
  public void accept(VigilEvent event) {
    if (closing) {
      return; // shut down (or never started): nothing is exported any more, so nothing is lost
    }
    if (!queue.offer(event)) {
      if (OtelRecordWriter.spanned(event)) {
        traces.drop();
      }
      if (OtelRecordWriter.logged(event)) {
        logs.drop();
      }
    }
  }

  /** Pending repeat counts of quiet callers become events; from the agent's scheduler. */
  @Override
  public void flushQuiet() {
    OtelRecordWriter built = writer;
    if (built != null && !closing) {
      built.flushQuiet();
    }
  }

  /** Dropped so far per signal, for the shutdown summary. */
  public String droppedSummary() {
    return "traces=" + traces.dropped() + " logs=" + logs.dropped() + " metrics=" + metrics.dropped()
        + " (still unexported: traces=" + traces.unexported() + " logs=" + logs.unexported() + ", queued=" + queue.size() + ")";
  }

  private void run(ClassLoader loader) {
    PrivateSdk built;
    OtelRecordWriter writer;
    try {
      built = PrivateSdk.build(loader, traces, logs, metrics);
      OpenTelemetrySdk otel = built.sdk();
      VigilMetrics.register(otel.getMeterProvider().get(TelemetryNames.SCOPE), () -> counts.get(), traces, logs, metrics);
      writer =
          new OtelRecordWriter(
              otel.getTracerProvider().get(TelemetryNames.SCOPE),
              otel.getLogsBridge().get(TelemetryNames.SCOPE),
              traces,
              logs,
              UserLabel.of(settings.users(), System.getenv("VIGIL_USER_HASH_KEY")),
              ticker);
      this.writer = writer;
    } catch (Throwable t) {
      // a bad OTEL_* value: say which, keep protecting, export nothing
      AgentLog.error("telemetry disabled: " + oneLine(t));
      closing = true;
      queue.clear();
      return;
    }
    long waitNanos = 0;
    while (!closing || !queue.isEmpty()) {
      try {
        VigilEvent event = queue.poll(Math.min(waitNanos, POLL_NANOS), TimeUnit.NANOSECONDS);
        if (event != null) {
          writer.write(event);
        }
      } catch (InterruptedException e) {
        closing = true;
      } catch (Throwable t) {
        AgentLog.errorOnce("telemetry-write", "telemetry event could not be exported; dropped", t);
      }
      try {
        waitNanos = built.runDue(ticker.read()); // batches and metrics go out from here: the SDK has no thread of its own
      } catch (Throwable t) {
        AgentLog.errorOnce("telemetry-export", "telemetry export failed", t);
        waitNanos = POLL_NANOS;
      }
    }
    writer.flushAll();
    built.shutdown(Math.max(1, TimeUnit.NANOSECONDS.toMillis(closeBy - System.nanoTime())));
  }

  /**
   * Stops accepting records, exports what is queued and flushes the SDK, waiting at most {@code
   * timeoutMillis} in all: a dead backend cannot hold the JVM's shutdown (the telemetry thread is a
   * daemon, left to finish or die with the JVM).
   */
  public void close(long timeoutMillis) {
    closeBy = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    if (!queue.isEmpty()) {
      beginExport(); // what was queued before the app served anything still goes out
    }
    closing = true;
    synchronized (this) {
      if (!begun) {
        return;
      }
    }
    try {
      thread.join(Math.max(1, timeoutMillis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String oneLine(Throwable t) {
    String message = t.getMessage() == null ? t.toString() : t.getMessage();
    return message.replace('\n', ' ');
  }
}
