package dev.vigil.agent.telemetry;

import dev.vigil.agent.telemetry.trace.TraceParent;

/**
 * One thing Vigil saw or did, captured as plain values on the thread that saw it and turned into
 * OpenTelemetry spans and log records later, on the telemetry thread. Only decisions and login
 * events make one, never an allowed request unless request spans are switched on. Holds no
 * password, raw API key or session id: the caller key is already hashed where it needs to be, and
 * the username is hashed on export when the policy asks for it.
 */
public final class TelemetryRecord {
  /** What the record becomes. */
  public enum Kind {
    /** A span for an enforced or monitored decision, and its event. */
    DECISION,
    /** A span for a request that was only seen (request spans enabled). */
    REQUEST,
    /** An event alone (lockouts, login failures, anomalies). */
    EVENT
  }

  final Kind kind;
  final String name;
  String method;
  String path;
  String route;
  int status = -1;
  String client;
  String userAgent;
  String action;
  String rule;
  String keyType;
  String key;
  boolean enforced;
  long retryAfterSeconds = -1;
  String username;
  String detail;
  String signal;
  double signalValue = -1;
  String loginVia;
  String loginOutcome;
  long startEpochNanos;
  long endEpochNanos;
  TraceParent parent;
  /** Identical decisions before this one that got no event of their own (see EventSampler). */
  long repeats;
  /** The decision's own span, once made, so its event carries the same ids. */
  io.opentelemetry.api.trace.SpanContext spanContext;

  private TelemetryRecord(Kind kind, String name) {
    this.kind = kind;
    this.name = name;
  }

  private TelemetryRecord copy(Kind newKind) {
    TelemetryRecord c = new TelemetryRecord(newKind, name);
    c.method = method;
    c.path = path;
    c.route = route;
    c.status = status;
    c.client = client;
    c.userAgent = userAgent;
    c.action = action;
    c.rule = rule;
    c.keyType = keyType;
    c.key = key;
    c.enforced = enforced;
    c.retryAfterSeconds = retryAfterSeconds;
    c.username = username;
    c.detail = detail;
    c.signal = signal;
    c.signalValue = signalValue;
    c.loginVia = loginVia;
    c.loginOutcome = loginOutcome;
    c.startEpochNanos = startEpochNanos;
    c.endEpochNanos = endEpochNanos;
    c.parent = parent;
    c.repeats = repeats;
    c.spanContext = spanContext;
    return c;
  }

  TelemetryRecord withRepeats(long count) {
    repeats = count;
    return this;
  }

  /** The last of a quiet caller's uncounted decisions as an event alone, standing for {@code count} more. */
  TelemetryRecord summaryOfRepeats(long count) {
    TelemetryRecord summary = copy(Kind.EVENT);
    summary.repeats = count;
    return summary;
  }

  /** @param eventName e.g. {@link TelemetryNames#THROTTLE} */
  public static TelemetryRecord decision(String eventName) {
    return new TelemetryRecord(Kind.DECISION, eventName);
  }

  public static TelemetryRecord request() {
    return new TelemetryRecord(Kind.REQUEST, TelemetryNames.REQUEST_SPAN);
  }

  public static TelemetryRecord event(String eventName) {
    return new TelemetryRecord(Kind.EVENT, eventName);
  }

  public TelemetryRecord http(String method, String path, String route, String client, String userAgent) {
    this.method = method;
    this.path = path;
    this.route = route;
    this.client = client;
    this.userAgent = userAgent;
    return this;
  }

  public TelemetryRecord client(String client) {
    this.client = client;
    return this;
  }

  public TelemetryRecord status(int status) {
    this.status = status;
    return this;
  }

  public TelemetryRecord decisionOf(String action, String rule, String keyType, String key, boolean enforced, long retryAfterSeconds) {
    this.action = action;
    this.rule = rule;
    this.keyType = keyType;
    this.key = key;
    this.enforced = enforced;
    this.retryAfterSeconds = retryAfterSeconds;
    return this;
  }

  public TelemetryRecord rule(String rule) {
    this.rule = rule;
    return this;
  }

  public TelemetryRecord username(String username) {
    this.username = username;
    return this;
  }

  /** @param via the login route or {@code auth:<hook>}; @param outcome {@code failure} or {@code unknown-user} */
  public TelemetryRecord login(String via, String outcome) {
    this.loginVia = via;
    this.loginOutcome = outcome;
    return this;
  }

  /** A behavioural signal that crossed its threshold, e.g. distinct usernames per address, and its value. */
  public TelemetryRecord signal(String name, double value) {
    this.signal = name;
    this.signalValue = value;
    return this;
  }

  /** The caller key as the audit trail shows it, e.g. {@code ip:198.51.100.7}. */
  public TelemetryRecord key(String key) {
    this.key = key;
    return this;
  }

  /** A short human sentence for the event body, e.g. why an anomaly fired. */
  public TelemetryRecord detail(String detail) {
    this.detail = detail;
    return this;
  }

  public TelemetryRecord timed(long startEpochNanos, long endEpochNanos) {
    this.startEpochNanos = startEpochNanos;
    this.endEpochNanos = endEpochNanos;
    return this;
  }

  public TelemetryRecord parent(TraceParent parent) {
    this.parent = parent;
    return this;
  }
}
