package dev.vigil.agent.config;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Whether two parts of a policy say the same thing, field by field: what a reload keeps or starts
 * fresh hangs on it. Reflection rather than an {@code equals} per settings class, so that a field
 * added to one later can never be forgotten in its comparison (a forgotten field would carry state
 * built for the old value into the new policy). The policy classes are plain immutable trees of
 * Vigil's own classes and JDK values; JDK values compare with {@code equals}. A {@code transient}
 * field is a cache worked out from the others (a getter chain's accessors), not a setting: skipped.
 */
public final class SameSettings {
  private SameSettings() {}

  public static boolean same(Object a, Object b) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null) {
      return false;
    }
    if (a instanceof List && b instanceof List) {
      return sameInOrder((List<?>) a, (List<?>) b);
    }
    if (a instanceof Map && b instanceof Map) {
      return sameMaps((Map<?, ?>) a, (Map<?, ?>) b);
    }
    if (a instanceof Collection && b instanceof Collection) {
      return a.equals(b); // sets of JDK values (statuses, names)
    }
    Class<?> type = a.getClass();
    if (type != b.getClass()) {
      return false;
    }
    if (type.isArray()) {
      return sameArrays(a, b);
    }
    if (a instanceof Pattern) {
      return ((Pattern) a).pattern().equals(((Pattern) b).pattern()) && ((Pattern) a).flags() == ((Pattern) b).flags();
    }
    if (a instanceof Enum || !type.getName().startsWith("dev.vigil.")) {
      return a.equals(b);
    }
    return sameFields(type, a, b);
  }

  private static boolean sameInOrder(List<?> a, List<?> b) {
    if (a.size() != b.size()) {
      return false;
    }
    Iterator<?> other = b.iterator();
    for (Object item : a) {
      if (!same(item, other.next())) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameMaps(Map<?, ?> a, Map<?, ?> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (Map.Entry<?, ?> entry : a.entrySet()) {
      if (!b.containsKey(entry.getKey()) || !same(entry.getValue(), b.get(entry.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameArrays(Object a, Object b) {
    int length = Array.getLength(a);
    if (length != Array.getLength(b)) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (!same(Array.get(a, i), Array.get(b, i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameFields(Class<?> type, Object a, Object b) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) || Modifier.isTransient(field.getModifiers()) || field.isSynthetic()) {
          continue;
        }
        try {
          field.setAccessible(true);
          if (!same(field.get(a), field.get(b))) {
            return false;
          }
        } catch (IllegalAccessException | RuntimeException e) {
          return false; // unreadable: treat as changed, so that state is rebuilt rather than wrongly kept
        }
      }
    }
    return true;
  }
}
