package dev.vigil.bootstrap;

import java.nio.charset.StandardCharsets;

/**
 * What advice must do with a request. {@link #ALLOW} is a shared constant so the common path
 * allocates nothing; a blocking decision carries the full response advice writes instead of the app.
 */
public final class Decision {
  /** Let the request through untouched. */
  public static final Decision ALLOW = new Decision(false, 200, -1, null, new byte[0]);
  /** Shared by every refusal of a kind (the attacker's path allocates no body); advice only ever reads them. */
  private static final byte[] TOO_MANY_REQUESTS = "Too Many Requests\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] FORBIDDEN = "Forbidden\n".getBytes(StandardCharsets.UTF_8);

  private final boolean blocks;
  private final int status;
  private final long retryAfterSeconds;
  private final String rule;
  private final byte[] body;

  private Decision(boolean blocks, int status, long retryAfterSeconds, String rule, byte[] body) {
    this.blocks = blocks;
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
    this.rule = rule;
    this.body = body;
  }

  /** 429 Too Many Requests with a {@code Retry-After} header, in whole seconds (at least 1). */
  public static Decision throttle(String rule, long retryAfterSeconds) {
    long seconds = Math.max(1, retryAfterSeconds);
    return new Decision(true, 429, seconds, rule, TOO_MANY_REQUESTS);
  }

  /** 403 Forbidden, no retry hint: the caller is denied outright. */
  public static Decision block(String rule) {
    return new Decision(true, 403, -1, rule, FORBIDDEN);
  }

  public boolean blocks() {
    return blocks;
  }

  public int status() {
    return status;
  }

  /** Seconds for the {@code Retry-After} header, or -1 when the response carries none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public String rule() {
    return rule;
  }

  /** The response body; advice writes it as {@code text/plain; charset=UTF-8}. */
  public byte[] body() {
    return body;
  }

  @Override
  public String toString() {
    return blocks ? "Decision{" + status + " rule=" + rule + " retryAfter=" + retryAfterSeconds + "}" : "Decision{allow}";
  }
}
