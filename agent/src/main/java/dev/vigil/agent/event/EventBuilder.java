package dev.vigil.agent.event;

import dev.vigil.agent.caller.CallerKeys;
import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.event.VigilEvent.Kind;
import dev.vigil.agent.telemetry.trace.TraceParent;

/**
 * Collects one {@link VigilEvent}'s values on the thread that saw it; start from a factory of
 * {@link VigilEvent} ({@code VigilEvent.throttle(rule, enforced, retryAfter)}), add what is known,
 * then {@link #build()}. The field meanings are {@link VigilEvent}'s.
 */
public final class EventBuilder {
  final Kind kind;
  long epochNanos;
  long startEpochNanos;
  String action;
  boolean enforced;
  String rule;
  KeyType keyType;
  String key;
  String client;
  String method;
  String path;
  String route;
  String ruleRoute;
  String userAgent;
  String via;
  int status = -1;
  long retryAfterSeconds = -1;
  long repeats;
  String outcome;
  String username;
  String signal;
  double signalValue = -1;
  String detail;
  TraceParent trace;

  EventBuilder(Kind kind) {
    this.kind = kind;
  }

  /** A copy to change, for the few variants a sink makes ({@link VigilEvent#withRepeats}). */
  static EventBuilder from(VigilEvent e) {
    EventBuilder b = new EventBuilder(e.kind);
    b.epochNanos = e.epochNanos;
    b.startEpochNanos = e.startEpochNanos;
    b.action = e.action;
    b.enforced = e.enforced;
    b.rule = e.rule;
    b.keyType = e.keyType;
    b.key = e.key;
    b.client = e.client;
    b.method = e.method;
    b.path = e.path;
    b.route = e.route;
    b.ruleRoute = e.ruleRoute;
    b.userAgent = e.userAgent;
    b.via = e.via;
    b.status = e.status;
    b.retryAfterSeconds = e.retryAfterSeconds;
    b.repeats = e.repeats;
    b.outcome = e.outcome;
    b.username = e.username;
    b.signal = e.signal;
    b.signalValue = e.signalValue;
    b.detail = e.detail;
    b.trace = e.trace;
    return b;
  }

  EventBuilder decision(String action, String rule, boolean enforced) {
    this.action = action;
    this.rule = rule;
    this.enforced = enforced;
    return this;
  }

  EventBuilder outcome(String outcome) {
    this.outcome = outcome;
    return this;
  }

  EventBuilder signal(String signal, double value) {
    this.signal = signal;
    this.signalValue = value;
    return this;
  }

  EventBuilder detail(String detail) {
    this.detail = detail;
    return this;
  }

  EventBuilder repeats(long repeats) {
    this.repeats = repeats;
    return this;
  }

  EventBuilder retryAfter(long seconds) {
    this.retryAfterSeconds = seconds;
    return this;
  }

  EventBuilder rule(String rule) {
    this.rule = rule;
    return this;
  }

  /** When it happened, in epoch nanoseconds. */
  public EventBuilder at(long epochNanos) {
    this.epochNanos = epochNanos;
    return this;
  }

  /** The request it belongs to: method, normalised path, user agent and (0 if not recorded) start. */
  public EventBuilder request(String method, String path, String userAgent, long startEpochNanos) {
    this.method = method;
    this.path = path;
    this.userAgent = userAgent;
    this.startEpochNanos = startEpochNanos;
    return this;
  }

  /**
   * The caller as a rule keyed it, shown as the audit trail shows keys ({@code ip:10.0.0.7}).
   *
   * @param key the raw key (an API key hashed already), or null when unknown
   */
  public EventBuilder caller(KeyType keyType, String key) {
    this.keyType = keyType;
    this.key = CallerKeys.display(keyType, key == null ? "unknown" : key);
    return this;
  }

  /** A key alone, e.g. a lockout's source ({@code ip:...}, {@code subnet:...}). */
  public EventBuilder key(String displayKey) {
    this.key = displayKey;
    return this;
  }

  public EventBuilder client(String client) {
    this.client = client;
    return this;
  }

  /** The request's route template. */
  public EventBuilder route(String route) {
    this.route = route;
    return this;
  }

  /** The route pattern of the rule that decided. */
  public EventBuilder ruleRoute(String ruleRoute) {
    this.ruleRoute = ruleRoute;
    return this;
  }

  public EventBuilder status(int status) {
    this.status = status;
    return this;
  }

  public EventBuilder via(String via) {
    this.via = via;
    return this;
  }

  public EventBuilder username(String username) {
    this.username = username;
    return this;
  }

  public EventBuilder trace(TraceParent trace) {
    this.trace = trace;
    return this;
  }

  public VigilEvent build() {
    return new VigilEvent(this);
  }
}
