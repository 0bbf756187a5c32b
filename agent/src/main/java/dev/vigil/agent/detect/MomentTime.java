package dev.vigil.agent.detect;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.bootstrap.RequestContext;

/**
 * The time of a request's moment in progress: what the engine read when the moment began ({@link
 * RequestContext#nowNanos}), so that a moment costs one clock read however many detectors ask; the
 * ticker's own reading for a detector driven without the engine (its tests).
 */
public final class MomentTime {
  private MomentTime() {}

  public static long of(RequestContext request, Ticker ticker) {
    long now = request.nowNanos;
    return now != 0 ? now : ticker.read();
  }
}
