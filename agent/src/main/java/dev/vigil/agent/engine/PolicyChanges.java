package dev.vigil.agent.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * What an engine built for a reloaded policy took over from the one before it and what it started
 * fresh, in the words of the reload line: "rule api changed (starts fresh)", "kept: rules web, api;
 * login lockouts". Empty for the first engine.
 */
public final class PolicyChanges {
  private final List<String> changed = new ArrayList<>();
  private final List<String> kept = new ArrayList<>();

  void changed(String what) {
    changed.add(what);
  }

  void kept(String what) {
    kept.add(what);
  }

  /** Whether the policy in effect differs at all. */
  public boolean any() {
    return !changed.isEmpty();
  }

  public List<String> changed() {
    return List.copyOf(changed);
  }

  public List<String> kept() {
    return List.copyOf(kept);
  }

  /** e.g. {@code rule api changed (starts fresh); mode enforce -> monitor; kept: rules web, static; login lockouts}. */
  public String describe() {
    String text = changed.isEmpty() ? "nothing in effect changed" : String.join("; ", changed);
    return kept.isEmpty() ? text : text + "; kept: " + String.join(", ", kept);
  }
}
