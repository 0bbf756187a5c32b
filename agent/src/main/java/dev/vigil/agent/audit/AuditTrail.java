package dev.vigil.agent.audit;

import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.file.Path;

/**
 * Where every non-allow decision is recorded: a stderr notice and, if configured, the JSON-lines
 * file, thinned by {@link AuditSampler} so an attack cannot fill the disk. Failed logins go to the
 * file only.
 */
public final class AuditTrail {
  private final DecisionNotices notices;
  private final AuditWriter writer;
  private final AuditSampler sampler;

  private AuditTrail(DecisionNotices notices, AuditWriter writer, Ticker ticker) {
    this.notices = notices;
    this.writer = writer;
    this.sampler = writer == null ? null : new AuditSampler(ticker, writer::offer);
    if (writer != null) {
      writer.whenIdle(sampler::expireQuiet);
    }
  }

  /** @param file the audit file, or null for notices only (no thread is started then) */
  public static AuditTrail start(Path file, Ticker ticker) {
    return new AuditTrail(new DecisionNotices(ticker), file == null ? null : AuditWriter.start(file), ticker);
  }

  public void record(AuditEvent event) {
    if (event.isDecision()) {
      notices.notice(event); // a failed login is the app's business on stderr, not the agent's
    }
    if (sampler != null) {
      AuditEvent line = sampler.sample(event);
      if (line != null) {
        writer.offer(line);
      }
    }
  }

  /** Events lost because the file queue was full or the file could not be written. */
  public long dropped() {
    return writer == null ? 0 : writer.dropped();
  }

  public void close(long timeoutMillis) {
    if (writer != null) {
      sampler.flushAll();
      writer.close(timeoutMillis);
    }
  }
}
