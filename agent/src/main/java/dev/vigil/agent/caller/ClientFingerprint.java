package dev.vigil.agent.caller;

import java.util.Locale;

/**
 * A fingerprint of the client software from what stays the same across its requests and across the
 * addresses it rotates through, after the public JA4H design (FoxIO): {@code
 * po11cr07enus_9f8e7d6c5b4a_1a2b3c4d5e6f}. Its first part is readable: the method's first two
 * letters, the protocol version, whether a cookie and a referer were sent, how many other headers,
 * and the first language asked for; then a hash of the other header names in the client's order
 * (browsers, libraries and bots each have their own); then a hash of the {@code User-Agent}, {@code
 * Accept} and {@code Accept-Encoding} values. Cookie values, addresses and paths are left out: they
 * are what changes. Not a secret and not an identity (a whole browser version shares one); an
 * aggregate key for limits on many addresses that send the same thing.
 */
public final class ClientFingerprint {
  private ClientFingerprint() {}

  /**
   * @param headerNames in the client's order, comma-separated, or null
   * @param protocol {@code HTTP/1.1} and the like, or null
   */
  public static String of(String method, String protocol, String headerNames, String acceptLanguage, String userAgent, String accept, String acceptEncoding) {
    StringBuilder out = new StringBuilder(40);
    String m = method == null ? "xx" : method.toLowerCase(Locale.ROOT);
    out.append(m.length() >= 2 ? m.substring(0, 2) : (m + "x"));
    out.append(version(protocol));
    boolean cookie = false;
    boolean referer = false;
    int others = 0;
    long namesHash = 0xcbf29ce484222325L;
    if (headerNames != null) {
      int start = 0;
      int length = headerNames.length();
      while (start <= length) {
        int end = headerNames.indexOf(',', start);
        if (end < 0) {
          end = length;
        }
        int s = start;
        int e = end;
        while (s < e && headerNames.charAt(s) == ' ') {
          s++;
        }
        while (e > s && headerNames.charAt(e - 1) == ' ') {
          e--;
        }
        if (e > s) {
          if (headerNames.regionMatches(true, s, "cookie", 0, 6) && e - s == 6) {
            cookie = true;
          } else if (headerNames.regionMatches(true, s, "referer", 0, 7) && e - s == 7) {
            referer = true;
          } else {
            others++;
            for (int i = s; i < e; i++) {
              namesHash = (namesHash ^ Character.toLowerCase(headerNames.charAt(i))) * 0x100000001b3L;
            }
            namesHash = (namesHash ^ ',') * 0x100000001b3L;
          }
        }
        start = end + 1;
      }
    }
    out.append(cookie ? 'c' : 'n').append(referer ? 'r' : 'n');
    out.append(others < 10 ? "0" : "").append(Math.min(others, 99));
    out.append(language(acceptLanguage));
    out.append('_').append(hex(mix(namesHash)));
    long values = 0xcbf29ce484222325L;
    values = hash(values, userAgent);
    values = hash(values, accept);
    values = hash(values, acceptEncoding);
    out.append('_').append(hex(mix(values)));
    return out.toString();
  }

  private static String version(String protocol) {
    if (protocol == null) {
      return "00";
    }
    if (protocol.endsWith("/2") || protocol.endsWith("/2.0")) {
      return "20";
    }
    if (protocol.endsWith("/3") || protocol.endsWith("/3.0")) {
      return "30";
    }
    return protocol.endsWith("/1.0") ? "10" : protocol.endsWith("/1.1") ? "11" : "00";
  }

  /** The first language's first four letters, lower case ({@code en-US} → {@code enus}), padded with 0. */
  private static String language(String acceptLanguage) {
    char[] out = {'0', '0', '0', '0'};
    if (acceptLanguage != null) {
      int n = 0;
      for (int i = 0; i < acceptLanguage.length() && n < 4; i++) {
        char c = acceptLanguage.charAt(i);
        if (c == ',' || c == ';') {
          break;
        }
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
          out[n++] = Character.toLowerCase(c);
        }
      }
    }
    return new String(out);
  }

  private static long hash(long h, String value) {
    if (value != null) {
      int length = Math.min(value.length(), 512);
      for (int i = 0; i < length; i++) {
        h = (h ^ value.charAt(i)) * 0x100000001b3L;
      }
    }
    return (h ^ 0x1f) * 0x100000001b3L;
  }

  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    return h ^ (h >>> 33);
  }

  private static String hex(long value) {
    String text = Long.toHexString(value >>> 16);
    StringBuilder padded = new StringBuilder(12);
    for (int i = text.length(); i < 12; i++) {
      padded.append('0');
    }
    return padded.append(text).toString();
  }
}
