package dev.vigil.agent.detect.route;

import java.security.SecureRandom;

/**
 * The route templates met so far, so that a request whose template is known finds it from one pass
 * over its path, without building a string or comparing one: a template is the same for every
 * request of its route, and building it anew cost each request a few hundred bytes. A fixed array
 * indexed by a 64-bit hash of the template (computed from the path as the template would read), the
 * slot holding that hash with its template. The hash is seeded per process (FNV-1a from a random
 * basis, then an avalanche), so nobody outside can pick a path whose template falls on another's;
 * two templates meeting by chance take about 2^64 tries per slot. Writes race benignly (a slot holds
 * an immutable entry or null); fixed size: a flood of made-up routes only churns it.
 */
final class TemplateCache {
  private static final int SLOTS = 4096;
  /** Longer templates are built every time: the cache stays small however long the paths. */
  static final int MAX_CACHED_LENGTH = 256;
  private static final long PRIME = 0x100000001B3L;

  private final long seed = new SecureRandom().nextLong();
  private final Entry[] slots = new Entry[SLOTS];

  private static final class Entry {
    final long hash;
    final String template;

    Entry(long hash, String template) {
      this.hash = hash;
      this.template = template;
    }
  }

  /** Where every template's hash starts. */
  long seed() {
    return seed;
  }

  /** The hash so far with one more character of the template. */
  static long mix(long hash, char c) {
    return (hash ^ c) * PRIME;
  }

  /** The template whose hash ({@link #mix} over it from the seed) is {@code hash}, or null. */
  String find(long hash) {
    long key = avalanche(hash);
    Entry entry = slots[(int) key & (SLOTS - 1)];
    return entry != null && entry.hash == key ? entry.template : null;
  }

  void keep(long hash, String template) {
    if (template.length() <= MAX_CACHED_LENGTH) {
      long key = avalanche(hash);
      slots[(int) key & (SLOTS - 1)] = new Entry(key, template);
    }
  }

  /** murmur3's finaliser: every bit of the slot index depends on every character. */
  private static long avalanche(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }
}
