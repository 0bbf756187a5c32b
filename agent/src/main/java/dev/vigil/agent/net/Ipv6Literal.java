package dev.vigil.agent.net;

/** Parses and formats IPv6 literals (RFC 4291 text forms, RFC 5952 canonical output). */
final class Ipv6Literal {
  private Ipv6Literal() {}

  /** The groups are read into two longs as they come (the last in the lowest bits), so parsing allocates only the result. */
  static IpAddress parse(CharSequence text, int from, int to) {
    long hi = 0;
    long lo = 0;
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
        hi = (hi << 32) | (lo >>> 32);
        lo = (lo << 32) | v4;
        count += 2;
        i = to;
        break;
      }
      int digits = i - start;
      if (digits == 0 || digits > 4 || count == 8) {
        return null;
      }
      hi = (hi << 16) | (lo >>> 48);
      lo = (lo << 16) | value;
      count++;
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
    return gapAt < 0 ? IpAddress.v6(hi, lo) : expanded(hi, lo, count, gapAt);
  }

  /**
   * The address whose {@code count} groups were read into {@code hi:lo} with a {@code ::} after the
   * first {@code gapAt}: those move to the top, the rest stay at the bottom, zeros between.
   */
  private static IpAddress expanded(long hi, long lo, int count, int gapAt) {
    int tailBits = (count - gapAt) * 16; // 0 to 112
    long tailHi;
    long tailLo;
    long headHi;
    long headLo; // the head groups, still at the bottom
    if (tailBits == 0) {
      tailHi = 0;
      tailLo = 0;
      headHi = hi;
      headLo = lo;
    } else if (tailBits < 64) {
      tailHi = 0;
      tailLo = lo & ((1L << tailBits) - 1);
      headHi = hi >>> tailBits;
      headLo = (lo >>> tailBits) | (hi << (64 - tailBits));
    } else if (tailBits == 64) {
      tailHi = 0;
      tailLo = lo;
      headHi = 0;
      headLo = hi;
    } else {
      tailHi = hi & ((1L << (tailBits - 64)) - 1);
      tailLo = lo;
      headHi = 0;
      headLo = hi >>> (tailBits - 64);
    }
    int up = (8 - gapAt) * 16; // where the head goes: 16 to 128 bits up
    long topHi;
    long topLo;
    if (gapAt == 0) {
      topHi = 0;
      topLo = 0;
    } else if (up < 64) {
      topHi = (headHi << up) | (headLo >>> (64 - up));
      topLo = headLo << up;
    } else if (up == 64) {
      topHi = headLo;
      topLo = 0;
    } else {
      topHi = headLo << (up - 64);
      topLo = 0;
    }
    return IpAddress.v6(topHi | tailHi, topLo | tailLo);
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
