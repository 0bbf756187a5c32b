package dev.vigil.agent.caller;

import dev.vigil.agent.config.KeyType;

/**
 * The keys refused most recently as they are shown ({@code ip:10.0.0.7}), so that a caller refused
 * again and again (the attacker's path) does not build the same string for every request: a fixed
 * array indexed by the raw key's hash, each slot checked against the key and its type before use.
 * Writes race benignly (a slot holds an immutable entry or null); a flood of distinct keys only
 * churns it.
 */
final class ShownKeys {
  private static final int SLOTS = 1024;
  private final Entry[] slots = new Entry[SLOTS];

  private static final class Entry {
    final KeyType type;
    final String key;
    final String shown;

    Entry(KeyType type, String key, String shown) {
      this.type = type;
      this.key = key;
      this.shown = shown;
    }
  }

  String of(KeyType type, String key) {
    int hash = key.hashCode() * 31 + type.ordinal();
    int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
    Entry entry = slots[slot];
    if (entry != null && entry.type == type && entry.key.equals(key)) {
      return entry.shown;
    }
    String shown = type.yamlName() + ":" + key;
    slots[slot] = new Entry(type, key, shown);
    return shown;
  }
}
