package dev.vigil.agent.audit;

import dev.vigil.agent.event.VigilEvent;
import dev.vigil.bootstrap.AgentLog;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Appends audit events to a JSON-lines file from one daemon thread, {@code vigil-audit}. Request
 * threads only offer to a bounded queue: they never do I/O and never wait; when the queue is full
 * the event is dropped and counted.
 */
public final class AuditWriter {
  public static final String THREAD_NAME = "vigil-audit";
  static final int DEFAULT_CAPACITY = 10_000;
  private static final long POLL_MILLIS = 200;

  private final Path file;
  private final ArrayBlockingQueue<VigilEvent> queue;
  private final LongAdder dropped = new LongAdder();
  private final LongAdder written = new LongAdder();
  private final Thread thread;
  private volatile boolean closing;

  private AuditWriter(Path file, int capacity) {
    this.file = file;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = new Thread(this::run, THREAD_NAME);
    thread.setDaemon(true);
  }

  public static AuditWriter start(Path file) {
    return start(file, DEFAULT_CAPACITY);
  }

  static AuditWriter start(Path file, int capacity) {
    AuditWriter writer = new AuditWriter(file, capacity);
    writer.thread.start();
    return writer;
  }

  /** Queues the event; false (and counted as dropped) when the queue is full or the writer is closed. */
  public boolean offer(VigilEvent event) {
    if (closing || !queue.offer(event)) {
      dropped.increment();
      return false;
    }
    return true;
  }

  public long dropped() {
    return dropped.sum();
  }

  public long written() {
    return written.sum();
  }

  /** Writes what is queued and stops, waiting at most {@code timeoutMillis}. */
  public void close(long timeoutMillis) {
    closing = true;
    try {
      thread.join(timeoutMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      thread.interrupt();
    }
  }

  private void run() {
    try (BufferedWriter out = open()) {
      while (!closing || !queue.isEmpty()) {
        VigilEvent event = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (event == null) {
          continue; // woke to check whether it is closing
        }
        out.write(AuditJson.line(event));
        out.write('\n');
        written.increment();
        if (queue.isEmpty()) {
          out.flush(); // a quiet moment: make the lines visible to tail -f and tests
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      AgentLog.errorOnce("audit", "cannot write audit file " + file + "; audit lines are dropped from now on", e);
    } finally {
      closing = true;
      dropped.add(queue.size());
      queue.clear();
    }
  }

  private BufferedWriter open() throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return new BufferedWriter(
        new OutputStreamWriter(
            Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE), StandardCharsets.UTF_8));
  }
}
