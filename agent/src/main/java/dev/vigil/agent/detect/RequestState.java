package dev.vigil.agent.detect;

import dev.vigil.bootstrap.RequestContext;
import java.util.Arrays;

/**
 * Per-request state for detectors that keep some between a request's moments (what a request
 * moment saw, for its response moment): each such detector takes a {@link Slot} once when the
 * chain is wired, and the slot reads and writes its own cell of the context's {@code detectorState}.
 * A request no detector writes to allocates nothing.
 */
public final class RequestState {
  private int slots;

  /** A new slot; called while wiring the chain, never per request. */
  public synchronized Slot slot() {
    return new Slot(slots++, this);
  }

  private synchronized int size() {
    return slots;
  }

  /** One detector's cell in every request's context. */
  public static final class Slot {
    private final int index;
    private final RequestState owner;

    private Slot(int index, RequestState owner) {
      this.index = index;
      this.owner = owner;
    }

    /** What this detector stored in the request, or null. */
    public Object get(RequestContext request) {
      Object[] cells = request.detectorState;
      return cells == null || index >= cells.length ? null : cells[index];
    }

    public void set(RequestContext request, Object value) {
      Object[] cells = request.detectorState;
      if (cells == null || index >= cells.length) {
        cells = cells == null ? new Object[owner.size()] : Arrays.copyOf(cells, owner.size());
        request.detectorState = cells;
      }
      cells[index] = value;
    }
  }
}
