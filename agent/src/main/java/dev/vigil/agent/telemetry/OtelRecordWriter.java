package dev.vigil.agent.telemetry;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.event.RepeatSampler;
import dev.vigil.agent.event.VigilEvent;
import dev.vigil.agent.event.VigilEvent.Kind;
import dev.vigil.agent.telemetry.export.ExportAccount;
import dev.vigil.agent.telemetry.trace.TraceParent;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Turns {@link VigilEvent}s into spans and event log records. A decision gets an INTERNAL span
 * under the request's trace and an event carrying the same trace and span ids (thinned by a {@link
 * RepeatSampler}: every decision has its span, not its event); a request seen gets a span only;
 * lockouts, login failures and anomalies an event only. Synchronized: the telemetry thread writes,
 * the agent's scheduler flushes quiet callers, and {@link ExportAccount} must see one hand-over at a
 * time to never hand the SDK more than its queue holds.
 */
final class OtelRecordWriter {
  private final Tracer tracer;
  private final Logger logger;
  private final ExportAccount traces;
  private final ExportAccount logs;
  private final UserLabel users;
  private final RepeatSampler sampler;

  /** @param ticker monotonic time for event sampling (the agent's ticker; fake in tests) */
  OtelRecordWriter(Tracer tracer, Logger logger, ExportAccount traces, ExportAccount logs, UserLabel users, Ticker ticker) {
    this.tracer = tracer;
    this.logger = logger;
    this.traces = traces;
    this.logs = logs;
    this.users = users;
    this.sampler = new RepeatSampler(ticker, this::emitEvent);
  }

  /** Whether an event of this kind becomes a span. */
  static boolean spanned(VigilEvent event) {
    return event.kind == Kind.DECISION || event.kind == Kind.REQUEST;
  }

  /** Whether an event of this kind becomes a log record (a decision's, unless thinned). */
  static boolean logged(VigilEvent event) {
    return event.kind != Kind.REQUEST;
  }

  /** Sends the pending repeat counts of decisions whose caller went quiet. */
  synchronized void flushQuiet() {
    sampler.flushQuiet();
  }

  /** Sends every pending repeat count, before shutdown. */
  synchronized void flushAll() {
    sampler.flushAll();
  }

  synchronized void write(VigilEvent event) {
    Attributes attributes = null; // built once, for the span and the decision's event alike
    if (spanned(event) && traces.tryHand()) {
      attributes = attributes(event);
      Span span =
          tracer
              .spanBuilder(event.kind == Kind.REQUEST ? TelemetryNames.REQUEST_SPAN : TelemetryNames.DECISION_SPAN)
              .setParent(context(event.trace))
              .setSpanKind(SpanKind.INTERNAL)
              .setStartTimestamp(event.startEpochNanos, TimeUnit.NANOSECONDS)
              .setAllAttributes(attributes)
              .startSpan();
      span.end(event.epochNanos, TimeUnit.NANOSECONDS);
      SpanContext made = span.getSpanContext();
      if (!made.isSampled()) {
        traces.returned(); // the trace was not sampled: nothing reaches the exporter
      }
      // the decision's event, and a later count of its repeats, belong to this span
      event = event.inSpan(new TraceParent(made.getTraceId(), made.getSpanId(), made.isSampled()));
    }
    if (event.kind == Kind.DECISION) {
      VigilEvent shown = sampler.admit(event);
      if (shown != null) {
        emitEvent(shown, attributes);
      }
    } else if (logged(event)) {
      emitEvent(event, null);
    }
  }

  private void emitEvent(VigilEvent event) {
    emitEvent(event, null);
  }

  /** @param known the event's attributes if already built for its span, else null */
  private void emitEvent(VigilEvent event, Attributes known) {
    if (!logs.tryHand()) {
      return;
    }
    Attributes attributes = known != null ? known : attributes(event);
    if (event.repeats > 0) {
      attributes = attributes.toBuilder().put(TelemetryNames.REPEATS, event.repeats).build();
    }
    logger
        .logRecordBuilder()
        .setEventName(TelemetryNames.eventName(event))
        .setTimestamp(event.epochNanos, TimeUnit.NANOSECONDS)
        .setContext(context(event.trace))
        .setSeverity(Severity.WARN)
        .setSeverityText("WARN")
        .setBody(EventBody.of(event))
        .setAllAttributes(attributes)
        .emit();
  }

  private static Context context(TraceParent span) {
    if (span == null) {
      return Context.root();
    }
    SpanContext remote =
        SpanContext.createFromRemoteParent(
            span.traceId(), span.spanId(), span.sampled() ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault());
    return remote.isValid() ? Context.root().with(Span.wrap(remote)) : Context.root();
  }

  private Attributes attributes(VigilEvent e) {
    AttributesBuilder a = Attributes.builder();
    putIfPresent(a, TelemetryNames.HTTP_METHOD, e.method);
    putIfPresent(a, TelemetryNames.URL_PATH, e.path);
    putIfPresent(a, TelemetryNames.HTTP_ROUTE, e.route);
    putIfPresent(a, TelemetryNames.RULE_ROUTE, e.ruleRoute);
    if (e.status > 0) {
      a.put(TelemetryNames.HTTP_STATUS, e.status);
    }
    putIfPresent(a, TelemetryNames.CLIENT_ADDRESS, e.client);
    putIfPresent(a, TelemetryNames.USER_AGENT, e.userAgent);
    putIfPresent(a, TelemetryNames.ACTION, e.action);
    if (e.rule != null) {
      a.put(TelemetryNames.RULE, e.rule);
      a.put(TelemetryNames.RULE_NAME, e.rule);
    }
    if (e.keyType != null) {
      a.put(TelemetryNames.KEY_TYPE, e.keyType.name().toLowerCase(Locale.ROOT));
    }
    if (e.kind != Kind.LOGIN_FAILURE) {
      putIfPresent(a, TelemetryNames.KEY, e.key); // a failed login names its source as client.address only
    }
    if (e.action != null) {
      a.put(TelemetryNames.ENFORCED, e.enforced);
    }
    if (e.retryAfterSeconds >= 0) {
      a.put(TelemetryNames.RETRY_AFTER, e.retryAfterSeconds);
    }
    if (e.username != null) {
      a.put(users.attribute(), users.value(e.username));
    }
    putIfPresent(a, TelemetryNames.SIGNAL, e.signal);
    if (e.signal != null) {
      a.put(TelemetryNames.SIGNAL_VALUE, e.signalValue);
    }
    if (e.kind == Kind.LOGIN_FAILURE) {
      putIfPresent(a, TelemetryNames.LOGIN_VIA, e.via);
      putIfPresent(a, TelemetryNames.LOGIN_OUTCOME, e.outcome);
    }
    return a.build();
  }

  private static void putIfPresent(AttributesBuilder builder, String key, String value) {
    if (value != null) {
      builder.put(key, value);
    }
  }
}
