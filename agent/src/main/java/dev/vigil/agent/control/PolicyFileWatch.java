package dev.vigil.agent.control;

import dev.vigil.bootstrap.AgentLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Polls the policy file on the agent's timer (no watch-service thread, and it follows a symlink
 * swapped under it, as Kubernetes mounts a ConfigMap): a change in size or modification time,
 * unchanged for one more tick, so that an editor's half-written file is not read, is reloaded.
 * The reload compares the text's fingerprint, so a touch alone changes nothing.
 */
public final class PolicyFileWatch implements Runnable {
  private final Path file;
  private VigilRuntime runtime;
  private Stamp applied;
  private Stamp pending;
  private boolean missingSaid;

  /** Takes the file's stamp now: made before the file is first read, so that a write in between is a change. */
  public PolicyFileWatch(Path file) {
    this.file = file;
    this.applied = Stamp.of(file);
  }

  /** The watch, reloading {@code runtime} from now on. */
  public PolicyFileWatch reportingTo(VigilRuntime target) {
    this.runtime = target;
    return this;
  }

  @Override
  public void run() {
    Stamp now = Stamp.of(file);
    if (now == null) {
      if (!missingSaid) {
        missingSaid = true;
        AgentLog.warn("policy file " + file + " cannot be read now; version " + runtime.version() + " keeps running");
      }
      return;
    }
    missingSaid = false;
    if (now.equals(applied)) {
      pending = null;
      return;
    }
    if (!now.equals(pending)) {
      pending = now; // still being written, perhaps: read it once it has stood still for a tick
      return;
    }
    applied = now;
    pending = null;
    runtime.reload("file changed");
  }

  /** What tells a changed file: its size and modification time (the real file's, through a symlink). */
  static final class Stamp {
    private final long size;
    private final long modifiedNanos;
    private final Object fileKey;

    private Stamp(long size, long modifiedNanos, Object fileKey) {
      this.size = size;
      this.modifiedNanos = modifiedNanos;
      this.fileKey = fileKey;
    }

    static Stamp of(Path file) {
      try {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new Stamp(attributes.size(), attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), attributes.fileKey());
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }

    @Override
    public boolean equals(Object other) {
      if (!(other instanceof Stamp)) {
        return false;
      }
      Stamp that = (Stamp) other;
      return size == that.size && modifiedNanos == that.modifiedNanos && Objects.equals(fileKey, that.fileKey);
    }

    @Override
    public int hashCode() {
      return Objects.hash(size, modifiedNanos, fileKey);
    }
  }
}
