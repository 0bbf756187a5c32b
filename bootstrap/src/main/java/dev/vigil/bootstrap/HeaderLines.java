package dev.vigil.bootstrap;

import java.util.Enumeration;
import java.util.List;

/**
 * Every line of one request header, joined in order with commas, as RFC 9110 (5.3) says a list
 * header means and Tomcat's RemoteIpValve reads it. Proxies such as HAProxy append their own
 * {@code X-Forwarded-For} line instead of extending the client's: reading only the first line would
 * let the client choose its identity. One line (the usual case) is returned as is.
 */
public final class HeaderLines {
  private HeaderLines() {}

  /** For servlet {@code getHeaders(name)} and Tomcat's request; null when there is no line. */
  public static String join(Enumeration<String> lines) {
    if (lines == null || !lines.hasMoreElements()) {
      return null;
    }
    String first = lines.nextElement();
    if (!lines.hasMoreElements()) {
      return first;
    }
    StringBuilder joined = new StringBuilder(first);
    while (lines.hasMoreElements()) {
      joined.append(", ").append(lines.nextElement());
    }
    return joined.toString();
  }

  /** Header names joined with commas, in the order given, at most {@link #MAX_NAMES}; null when there are none. */
  public static String names(Enumeration<String> names) {
    if (names == null || !names.hasMoreElements()) {
      return null;
    }
    StringBuilder joined = new StringBuilder(names.nextElement());
    for (int count = 1; names.hasMoreElements() && count < MAX_NAMES; count++) {
      joined.append(',').append(names.nextElement());
    }
    return joined.toString();
  }

  /** More header names than a fingerprint reads: a client sending thousands costs no more. */
  public static final int MAX_NAMES = 64;

  /** For the JDK HttpServer's {@code Headers.get(name)} and Jetty's {@code getValuesList(name)}; null when there is no line. */
  public static String join(List<String> lines) {
    if (lines == null || lines.isEmpty()) {
      return null;
    }
    if (lines.size() == 1) {
      return lines.get(0);
    }
    StringBuilder joined = new StringBuilder(lines.get(0));
    for (int i = 1; i < lines.size(); i++) {
      joined.append(", ").append(lines.get(i));
    }
    return joined.toString();
  }
}
