package dev.vigil.agent.telemetry;

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
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Turns {@link TelemetryRecord}s into spans and event log records on the telemetry thread. A
 * decision gets an INTERNAL span under the request's trace and an event carrying the same trace and
 * span ids; a request seen gets a span only; lockouts, login failures and anomalies an event only.
 */
final class OtelRecordWriter {
  private final Tracer tracer;
  private final Logger logger;
  private final ExportAccount traces;
  private final ExportAccount logs;
  private final UserLabel users;
  private final LongSupplier nanoTicker;
  private final EventSampler sampler = new EventSampler(this::emitEvent);

  /** @param nanoTicker monotonic time for event sampling ({@code System::nanoTime}; fake in tests) */
  OtelRecordWriter(Tracer tracer, Logger logger, ExportAccount traces, ExportAccount logs, UserLabel users, LongSupplier nanoTicker) {
    this.tracer = tracer;
    this.logger = logger;
    this.traces = traces;
    this.logs = logs;
    this.users = users;
    this.nanoTicker = nanoTicker;
  }

  /** Sends the pending repeat counts of decisions whose caller went quiet; called when the queue is idle. */
  void flushQuiet() {
    sampler.flushQuiet(nanoTicker.getAsLong(), this::emitEvent);
  }

  /** Sends every pending repeat count, before shutdown. */
  void flushAll() {
    sampler.flushAll(this::emitEvent);
  }

  void write(TelemetryRecord record) {
    Attributes attributes = null; // built once, for the span and the decision's event alike
    if (record.kind != TelemetryRecord.Kind.EVENT && traces.tryHand()) {
      attributes = attributes(record);
      Span span =
          tracer
              .spanBuilder(record.kind == TelemetryRecord.Kind.REQUEST ? TelemetryNames.REQUEST_SPAN : TelemetryNames.DECISION_SPAN)
              .setParent(parentContext(record.parent))
              .setSpanKind(SpanKind.INTERNAL)
              .setStartTimestamp(record.startEpochNanos, TimeUnit.NANOSECONDS)
              .setAllAttributes(attributes)
              .startSpan();
      span.end(record.endEpochNanos, TimeUnit.NANOSECONDS);
      if (!span.getSpanContext().isSampled()) {
        traces.returned(); // the trace was not sampled: nothing reaches the exporter
      }
      record.spanContext = span.getSpanContext();
    }
    if (record.kind == TelemetryRecord.Kind.DECISION) {
      TelemetryRecord event = sampler.admit(record, nanoTicker.getAsLong());
      if (event != null) {
        emitEvent(event, attributes);
      }
    } else if (record.kind == TelemetryRecord.Kind.EVENT) {
      emitEvent(record);
    }
  }

  private void emitEvent(TelemetryRecord record) {
    emitEvent(record, null);
  }

  /** @param known the record's attributes if already built for its span, else null */
  private void emitEvent(TelemetryRecord record, Attributes known) {
    if (!logs.tryHand()) {
      return;
    }
    Context context = parentContext(record.parent);
    if (record.spanContext != null) {
      context = context.with(Span.wrap(record.spanContext));
    }
    Attributes attributes = known != null ? known : attributes(record);
    if (record.repeats > 0) {
      attributes = attributes.toBuilder().put(TelemetryNames.REPEATS, record.repeats).build();
    }
    logger
        .logRecordBuilder()
        .setEventName(record.name)
        .setTimestamp(record.endEpochNanos, TimeUnit.NANOSECONDS)
        .setContext(context)
        .setSeverity(Severity.WARN)
        .setSeverityText("WARN")
        .setBody(EventBody.of(record))
        .setAllAttributes(attributes)
        .emit();
  }

  private static Context parentContext(TraceParent parent) {
    if (parent == null) {
      return Context.root();
    }
    SpanContext remote =
        SpanContext.createFromRemoteParent(
            parent.traceId(), parent.spanId(), parent.sampled() ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault());
    return remote.isValid() ? Context.root().with(Span.wrap(remote)) : Context.root();
  }

  private Attributes attributes(TelemetryRecord r) {
    AttributesBuilder a = Attributes.builder();
    putIfPresent(a, TelemetryNames.HTTP_METHOD, r.method);
    putIfPresent(a, TelemetryNames.URL_PATH, r.path);
    putIfPresent(a, TelemetryNames.HTTP_ROUTE, r.route);
    if (r.status > 0) {
      a.put(TelemetryNames.HTTP_STATUS, r.status);
    }
    putIfPresent(a, TelemetryNames.CLIENT_ADDRESS, r.client);
    putIfPresent(a, TelemetryNames.USER_AGENT, r.userAgent);
    putIfPresent(a, TelemetryNames.ACTION, r.action);
    if (r.rule != null) {
      a.put(TelemetryNames.RULE, r.rule);
      a.put(TelemetryNames.RULE_NAME, r.rule);
    }
    putIfPresent(a, TelemetryNames.KEY_TYPE, r.keyType);
    putIfPresent(a, TelemetryNames.KEY, r.key);
    if (r.action != null) {
      a.put(TelemetryNames.ENFORCED, r.enforced);
    }
    if (r.retryAfterSeconds >= 0) {
      a.put(TelemetryNames.RETRY_AFTER, r.retryAfterSeconds);
    }
    if (r.username != null) {
      a.put(users.attribute(), users.value(r.username));
    }
    putIfPresent(a, TelemetryNames.SIGNAL, r.signal);
    if (r.signal != null) {
      a.put(TelemetryNames.SIGNAL_VALUE, r.signalValue);
    }
    putIfPresent(a, TelemetryNames.LOGIN_VIA, r.loginVia);
    putIfPresent(a, TelemetryNames.LOGIN_OUTCOME, r.loginOutcome);
    return a.build();
  }

  private static void putIfPresent(AttributesBuilder builder, String key, String value) {
    if (value != null) {
      builder.put(key, value);
    }
  }
}
