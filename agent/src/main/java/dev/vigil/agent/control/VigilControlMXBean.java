package dev.vigil.agent.control;

import java.util.List;

/**
 * Vigil as JMX shows it, as {@code dev.vigil:type=Vigil} (JConsole, VisualVM, Jolokia, the CLI).
 * Callers appear as the audit trail shows them ({@code ip:203.0.113.7}, {@code apikey:#3fa9c1d2e0b4}):
 * never a password, a raw API key or a session id. Every operation is said in one line on stderr,
 * recorded as a {@code vigil.operator} event, and returns that line; a wrong argument is an
 * IllegalArgumentException with a one-line reason.
 */
public interface VigilControlMXBean {
  String getAgentVersion();

  /** {@code enforce} or {@code monitor}, as it is now (an operator's switch included). */
  String getMode();

  /** Where the policy came from: its file, or the built-in defaults. */
  String getPolicySource();

  /** 1 at startup, one more per reload that changed the policy. */
  int getPolicyVersion();

  /** The first 12 hex digits of the SHA-256 of the policy file's text. */
  String getPolicyFingerprint();

  /** The line the last reload said. */
  String getLastReload();

  long getRequestsSeen();

  long getRequestsThrottled();

  long getRequestsBlocked();

  /** Requests that would have been refused in enforce mode. */
  long getRequestsMonitored();

  /** Caller keys the rate-limit tables hold. */
  long getTrackedCallers();

  long getActiveLockouts();

  /** The busiest clients, requests per minute (sampled), most first. */
  List<CallerRow> getBusiestCallers();

  /** The callers refused most (enforced or monitored), refusals per minute, most first, with the rule that refused them last. */
  List<CallerRow> getMostRefusedCallers();

  /** The operator's bans and allows in force, e.g. {@code ban 198.51.100.0/24 (540 s left)}. */
  List<String> getOperatorLists();

  /** Clears every lockout, failure count, rule bucket and detector refusal that holds the user. */
  String unlockUser(String username);

  /** The same for an address: its own entries, and the subnets and networks that hold it. */
  String unlockAddress(String address);

  /** The same for every address of a network ({@code 203.0.113.0/24}). */
  String unlockNetwork(String network);

  /** Answers an address or network 403 for {@code duration} ({@code 30m}, {@code 2h}, at most {@code 365d}). */
  String ban(String network, String duration);

  /** Lets an address or network past every rule, lockout and detector for {@code duration}. */
  String allow(String network, String duration);

  /** Ends the ban or allow set for exactly this network. */
  String lift(String network);

  /** {@code enforce} or {@code monitor}, now, every table kept. */
  String switchMode(String mode);

  /** Reads the policy file again; an invalid one keeps the running policy and the line says why. */
  String reload();
}
