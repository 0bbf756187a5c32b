package dev.vigil.agent.event;

import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.telemetry.trace.TraceParent;
import java.time.Instant;

/**
 * One thing Vigil saw or did, as every sink receives it: the audit file, the stderr notices and
 * OpenTelemetry. Captured as plain values on the thread that saw it, never changed after (a sink
 * that needs a variant makes a copy), so it can cross to the writer threads as it is. Holds no
 * password, raw API key or session id: the caller key is hashed already where it must be, the path
 * is normalised, and the username is only for telemetry, which hashes it when the policy asks.
 *
 * <p>Built with {@link EventBuilder}, starting from the factory of its kind. A field a sink does not
 * show stays at its default: null, -1 for numbers that may be 0, false.
 */
public final class VigilEvent {
  /** What happened. */
  public enum Kind {
    /** A throttle or block, enforced or only monitored ({@link #action} says which). */
    DECISION,
    /** A login the framework refused ({@link #outcome} says how). */
    LOGIN_FAILURE,
    /** A login lockout started. */
    LOCKOUT,
    /** A login lockout ended. */
    LOCKOUT_END,
    /** A behavioural signal crossed its threshold. */
    ANOMALY,
    /** A login succeeded the way a taken-over account's does (after a burst of failures, or from a source that was stuffing). */
    ATO_SUSPECT,
    /** A request that was only seen, when request spans are on. */
    REQUEST,
    /** An operator's action through JMX or the CLI: unlock, ban, allow, lift, mode, reload. */
    OPERATOR
  }

  public static final String THROTTLE = "throttle";
  public static final String BLOCK = "block";
  public static final String LOCKOUT = "lockout";
  public static final String FAILURE = "failure";
  public static final String UNKNOWN_USER = "unknown-user";
  /** The rule an operator's action is recorded under. */
  public static final String OPERATOR_RULE = "operator";

  public final Kind kind;
  /** When it happened, in epoch nanoseconds (the injected clock). */
  public final long epochNanos;
  /** When its request started, for its span; {@link #epochNanos} when that was not recorded. */
  public final long startEpochNanos;
  /** {@link #THROTTLE} or {@link #BLOCK} for a decision, {@link #LOCKOUT} for a lockout, else null. */
  public final String action;
  /** False when only monitored. */
  public final boolean enforced;
  /** The rule's name: the policy's, {@code deny-list}, or a login scope. */
  public final String rule;
  /** How the rule keys callers; null where no rule keyed one. */
  public final KeyType keyType;
  /** The caller key as the audit trail shows it: {@code ip:198.51.100.7}, {@code apikey:#3fa9c1d2e0b4}. */
  public final String key;
  /** The client address after the trusted-proxy walk. */
  public final String client;
  /** The request's method, null without a request (an authentication hook). */
  public final String method;
  /** The request's path, normalised (no query, no path parameters), at most 8,192 characters. */
  public final String path;
  /** The request's route template ({@code /items/{id}}), for {@code http.route}; null without a request. */
  public final String route;
  /** The matching rule's route pattern, for {@code vigil.rule.route}; null for a rule on every route. */
  public final String ruleRoute;
  public final String userAgent;
  /** Where a login was seen: its login route, or {@code auth:<hook>}. */
  public final String via;
  /** The status sent (or, monitored, the one that would have been); -1 when none. */
  public final int status;
  /** Seconds in {@code Retry-After}, or how long a lockout lasts; -1 when none. */
  public final long retryAfterSeconds;
  /** How many more identical events this one stands for (see {@link RepeatSampler}). */
  public final long repeats;
  /** How a login failed: {@link #FAILURE} or {@link #UNKNOWN_USER}. */
  public final String outcome;
  /** As typed; telemetry exports it (or its hash), the audit trail never. */
  public final String username;
  /** The behavioural signal that fired, e.g. {@code distinct-usernames-per-ip}, and its value. */
  public final String signal;
  public final double signalValue;
  /** A sentence for an event's body where the fields do not say it, e.g. why an anomaly fired. */
  public final String detail;
  /** Where the event sits in its request's trace: the caller's or the OpenTelemetry agent's span. */
  public final TraceParent trace;

  VigilEvent(EventBuilder b) {
    this.kind = b.kind;
    this.epochNanos = b.epochNanos;
    this.startEpochNanos = b.startEpochNanos != 0 ? b.startEpochNanos : b.epochNanos;
    this.action = b.action;
    this.enforced = b.enforced;
    this.rule = b.rule;
    this.keyType = b.keyType;
    this.key = b.key;
    this.client = b.client;
    this.method = b.method;
    this.path = b.path;
    this.route = b.route;
    this.ruleRoute = b.ruleRoute;
    this.userAgent = b.userAgent;
    this.via = b.via;
    this.status = b.status;
    this.retryAfterSeconds = b.retryAfterSeconds;
    this.repeats = b.repeats;
    this.outcome = b.outcome;
    this.username = b.username;
    this.signal = b.signal;
    this.signalValue = b.signalValue;
    this.detail = b.detail;
    this.trace = b.trace;
  }

  /** A rate limit or a login lockout refused (or, monitored, would have refused) a request: 429. */
  public static EventBuilder throttle(String rule, boolean enforced, long retryAfterSeconds) {
    return new EventBuilder(Kind.DECISION).decision(THROTTLE, rule, enforced).status(429).retryAfter(retryAfterSeconds);
  }

  /** A deny-listed network was answered (or, monitored, would have been) 403. */
  public static EventBuilder block(String rule, boolean enforced) {
    return new EventBuilder(Kind.DECISION).decision(BLOCK, rule, enforced).status(403);
  }

  /** @param outcome {@link #FAILURE} or {@link #UNKNOWN_USER}; @param via the login route or {@code auth:<hook>} */
  public static EventBuilder loginFailure(String outcome, String via) {
    return new EventBuilder(Kind.LOGIN_FAILURE).outcome(outcome).via(via);
  }

  /** @param seconds how long the lockout lasts */
  public static EventBuilder lockout(String rule, boolean enforced, long seconds) {
    return new EventBuilder(Kind.LOCKOUT).decision(LOCKOUT, rule, enforced).retryAfter(seconds);
  }

  public static EventBuilder lockoutEnd(String rule) {
    return new EventBuilder(Kind.LOCKOUT_END).rule(rule);
  }

  public static EventBuilder anomaly(String rule, String signal, double value, String detail) {
    return new EventBuilder(Kind.ANOMALY).rule(rule).signal(signal, value).detail(detail);
  }

  /** @param detail the sentence that says why, with the evidence */
  public static EventBuilder atoSuspect(String rule, String signal, double value, String detail) {
    return new EventBuilder(Kind.ATO_SUSPECT).rule(rule).signal(signal, value).detail(detail);
  }

  /**
   * @param operation unlock, ban, allow, lift, mode or reload
   * @param target what it named, as the audit shows callers ({@code ip:203.0.113.7}, {@code user:#3fa9...}), or null
   * @param detail what it did, e.g. which tables it cleared
   */
  public static EventBuilder operator(String operation, String target, String detail) {
    return new EventBuilder(Kind.OPERATOR).decision(operation, OPERATOR_RULE, true).key(target).detail(detail);
  }

  /** @param status what the application answered */
  public static EventBuilder request(int status) {
    return new EventBuilder(Kind.REQUEST).status(status);
  }

  public Instant time() {
    return Instant.ofEpochSecond(0, epochNanos);
  }

  /** The same event standing for {@code count} more identical ones that were not shown on their own. */
  public VigilEvent withRepeats(long count) {
    return count == repeats ? this : EventBuilder.from(this).repeats(count).build();
  }

  /** The same event placed in another span, e.g. the decision's own once it has one. */
  public VigilEvent inSpan(TraceParent span) {
    return EventBuilder.from(this).trace(span).build();
  }

  @Override
  public String toString() {
    return kind + " " + (action == null ? "" : action + " ") + "rule=" + rule + " key=" + key + " client=" + client + " path=" + path;
  }
}
