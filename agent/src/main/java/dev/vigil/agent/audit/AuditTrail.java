package dev.vigil.agent.audit;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.event.EventSink;
import dev.vigil.agent.event.RepeatSampler;
import dev.vigil.agent.event.VigilEvent;
import java.nio.file.Path;

/**
 * The audit file, if one is configured: every throttle or block and every failed login as a JSON
 * line, thinned by a {@link RepeatSampler} so an attack cannot fill the disk. Lockouts, anomalies
 * and request spans are telemetry's, not the audit's.
 */
public final class AuditTrail implements EventSink {
  private final AuditWriter writer;
  private final RepeatSampler sampler;

  private AuditTrail(AuditWriter writer, Ticker ticker) {
    this.writer = writer;
    this.sampler = writer == null ? null : new RepeatSampler(ticker, writer::offer);
  }

  /** @param file the audit file, or null for none */
  public static AuditTrail start(Path file, Ticker ticker) {
    return new AuditTrail(file == null ? null : AuditWriter.open(file), ticker);
  }

  /** Whether there is a file to write ({@link #writeQueued()} is then worth a timer). */
  public boolean configured() {
    return writer != null;
  }

  /** Writes the queued lines; from the agent's timer thread. */
  public void writeQueued() {
    if (writer != null) {
      writer.drain();
    }
  }

  @Override
  public void accept(VigilEvent event) {
    if (sampler == null || !AuditJson.audited(event)) {
      return;
    }
    if (event.kind == VigilEvent.Kind.OPERATOR) {
      writer.offer(event); // an operator's action, at an operator's pace: each one in full, never thinned into another's repeats
      return;
    }
    VigilEvent line = sampler.admit(event);
    if (line != null) {
      writer.offer(line);
    }
  }

  /** Every decision, when there is a file: its repeat sampler counts the ones it does not write. */
  @Override
  public boolean keepsDecision(String shownKey) {
    return sampler != null;
  }

  @Override
  public void flushQuiet() {
    if (sampler != null) {
      sampler.flushQuiet();
    }
  }

  /** Events lost because the file queue was full or the file could not be written. */
  public long dropped() {
    return writer == null ? 0 : writer.dropped();
  }

  /** Writes the pending repeat counts and everything queued, and closes the file. */
  public void close() {
    if (writer != null) {
      sampler.flushAll();
      writer.close();
    }
  }
}
