package dev.vigil.agent.telemetry.trace;

/**
 * The span a Vigil span or event belongs under: the OpenTelemetry Java agent's current server
 * span when that agent is attached, else the caller's W3C {@code traceparent} header. Ids are kept
 * as lowercase hex, exactly as they travel.
 */
public final class TraceParent {
  private static final int VERSION_LENGTH = 2;
  private static final int TRACE_ID_LENGTH = 32;
  private static final int SPAN_ID_LENGTH = 16;
  /** "00-" + 32 + "-" + 16 + "-" + 2 */
  private static final int HEADER_LENGTH = 55;

  private final String traceId;
  private final String spanId;
  private final boolean sampled;

  public TraceParent(String traceId, String spanId, boolean sampled) {
    this.traceId = traceId;
    this.spanId = spanId;
    this.sampled = sampled;
  }

  /**
   * Parses a W3C trace-context {@code traceparent} value; null when absent or malformed (a bad
   * header from a client is ignored, never an error). Versions above 00 are read by their 00 prefix,
   * as the specification asks.
   */
  public static TraceParent parse(String header) {
    if (header == null) {
      return null;
    }
    String value = header.trim();
    if (value.length() < HEADER_LENGTH || value.charAt(VERSION_LENGTH) != '-'
        || value.charAt(3 + TRACE_ID_LENGTH) != '-' || value.charAt(4 + TRACE_ID_LENGTH + SPAN_ID_LENGTH) != '-') {
      return null;
    }
    String version = value.substring(0, VERSION_LENGTH);
    if (!isHex(version) || "ff".equals(version) || ("00".equals(version) && value.length() != HEADER_LENGTH)) {
      return null;
    }
    String traceId = value.substring(3, 3 + TRACE_ID_LENGTH);
    String spanId = value.substring(4 + TRACE_ID_LENGTH, 4 + TRACE_ID_LENGTH + SPAN_ID_LENGTH);
    String flags = value.substring(HEADER_LENGTH - 2, HEADER_LENGTH);
    if (!isHex(traceId) || !isHex(spanId) || !isHex(flags) || isZero(traceId) || isZero(spanId)) {
      return null;
    }
    return new TraceParent(traceId, spanId, (Integer.parseInt(flags, 16) & 1) == 1);
  }

  public String traceId() {
    return traceId;
  }

  public String spanId() {
    return spanId;
  }

  public boolean sampled() {
    return sampled;
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isZero(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "00-" + traceId + "-" + spanId + (sampled ? "-01" : "-00");
  }
}
