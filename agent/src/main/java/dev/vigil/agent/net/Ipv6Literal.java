package dev.vigil.agent.net;

/** Parses and formats IPv6 literals (RFC 4291 text forms, RFC 5952 canonical output). */
final class Ipv6Literal {
  private Ipv6Literal() {}

  static IpAddress parse(CharSequence text, int from, int to) {
    int[] groups = new int[8];
    int count = 0;
    int gapAt = -1;
    int i = from;
    if (to - from >= 2 && text.charAt(from) == ':' && text.charAt(from + 1) == ':') {
      gapAt = 0;
      i += 2;
    } else if (text.charAt(from) == ':') {
      return null;
    }
    while (i < to) {
      int start = i;
      int value = 0;
      while (i < to && i - start < 5 && hexValue(text.charAt(i)) >= 0) {
        value = (value << 4) | hexValue(text.charAt(i));
        i++;
      }
      if (i < to && text.charAt(i) == '.') {
        long v4 = IpAddress.parseV4(text, start, to);
        if (v4 < 0 || count > 6) {
          return null;
        }
        groups[count++] = (int) (v4 >>> 16);
        groups[count++] = (int) (v4 & 0xffff);
        i = to;
        break;
      }
      int digits = i - start;
      if (digits == 0 || digits > 4 || count == 8) {
        return null;
      }
      groups[count++] = value;
      if (i == to) {
        break;
      }
      if (text.charAt(i) != ':' || i + 1 == to) {
        return null;
      }
      i++;
      if (text.charAt(i) == ':') {
        if (gapAt >= 0) {
          return null;
        }
        gapAt = count;
        i++;
      }
    }
    if (gapAt < 0 ? count != 8 : count > 7) {
      return null;
    }
    if (gapAt >= 0) {
      int tail = count - gapAt;
      System.arraycopy(groups, gapAt, groups, 8 - tail, tail);
      for (int g = gapAt; g < 8 - tail; g++) {
        groups[g] = 0;
      }
    }
    long hi = 0;
    long lo = 0;
    for (int g = 0; g < 4; g++) {
      hi = (hi << 16) | groups[g];
      lo = (lo << 16) | groups[g + 4];
    }
    return IpAddress.v6(hi, lo);
  }

  /** ASCII only: Character.digit would also accept other scripts' digits. */
  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  static String format(long hi, long lo) {
    int[] groups = new int[8];
    for (int g = 0; g < 4; g++) {
      groups[g] = (int) (hi >>> (48 - 16 * g)) & 0xffff;
      groups[g + 4] = (int) (lo >>> (48 - 16 * g)) & 0xffff;
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int g = 0; g < 8; ) {
      if (groups[g] != 0) {
        g++;
        continue;
      }
      int start = g;
      while (g < 8 && groups[g] == 0) {
        g++;
      }
      if (g - start > bestLength) {
        bestStart = start;
        bestLength = g - start;
      }
    }
    StringBuilder out = new StringBuilder(39);
    for (int g = 0; g < 8; g++) {
      if (g == bestStart) {
        out.append("::");
        g += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[g]));
    }
    return out.toString();
  }
}
