package dev.vigil.agent.audit;

import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.file.Path;

/** Where every non-allow decision is recorded: a stderr notice and, if configured, the JSON-lines file. */
public final class AuditTrail {
  private final DecisionNotices notices;
  private final AuditWriter writer;

  private AuditTrail(DecisionNotices notices, AuditWriter writer) {
    this.notices = notices;
    this.writer = writer;
  }

  /** @param file the audit file, or null for notices only (no thread is started then) */
  public static AuditTrail start(Path file, Ticker ticker) {
    return new AuditTrail(new DecisionNotices(ticker), file == null ? null : AuditWriter.start(file));
  }

  public void record(AuditEvent event) {
    notices.notice(event);
    if (writer != null) {
      writer.offer(event);
    }
  }

  /** Events lost because the file queue was full or the file could not be written. */
  public long dropped() {
    return writer == null ? 0 : writer.dropped();
  }

  public void close(long timeoutMillis) {
    if (writer != null) {
      writer.close(timeoutMillis);
    }
  }
}
