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
import java.util.concurrent.atomic.LongAdder;

/**
 * Appends audit events to a JSON-lines file. Request threads only offer to a bounded queue: they
 * never do I/O and never wait; when the queue is full the event is dropped and counted. The lines
 * are written by {@link #drain()}, which the agent's timer thread runs a few times a second (a
 * thread of its own would be one more for the app to carry), and a last time at {@link #close()}.
 */
public final class AuditWriter {
  static final int DEFAULT_CAPACITY = 10_000;

  private final Path file;
  private final ArrayBlockingQueue<VigilEvent> queue;
  private final LongAdder dropped = new LongAdder();
  private final LongAdder written = new LongAdder();
  private BufferedWriter out;
  private volatile boolean closing;

  private AuditWriter(Path file, int capacity) {
    this.file = file;
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  public static AuditWriter open(Path file) {
    return open(file, DEFAULT_CAPACITY);
  }

  static AuditWriter open(Path file, int capacity) {
    return new AuditWriter(file, capacity);
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

  /** Writes what is queued and flushes it (visible to tail -f and tests); the file opens on the first call. */
  public synchronized void drain() {
    if (closing && out == null) {
      return; // the file could not be opened: reported once
    }
    try {
      if (out == null) {
        out = openFile();
      } else if (queue.isEmpty()) {
        return;
      }
      for (VigilEvent event = queue.poll(); event != null; event = queue.poll()) {
        out.write(AuditJson.line(event));
        out.write('\n');
        written.increment();
      }
      out.flush();
    } catch (IOException | RuntimeException e) {
      AgentLog.errorOnce("audit", "cannot write audit file " + file + "; audit lines are dropped from now on", e);
      closing = true;
      dropped.add(queue.size());
      queue.clear();
    }
  }

  /** Writes what is queued and closes the file; later events are dropped. */
  public synchronized void close() {
    drain();
    closing = true;
    dropped.add(queue.size()); // offered between the drain and now
    queue.clear();
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        AgentLog.errorOnce("audit-close", "cannot close audit file " + file, e);
      }
    }
  }

  private BufferedWriter openFile() throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return new BufferedWriter(
        new OutputStreamWriter(
            Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE), StandardCharsets.UTF_8));
  }
}
