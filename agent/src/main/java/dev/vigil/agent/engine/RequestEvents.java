package dev.vigil.agent.engine;

import dev.vigil.agent.detect.route.RouteTemplate;
import dev.vigil.agent.event.EventBuilder;
import dev.vigil.agent.event.EventStream;
import dev.vigil.agent.event.VigilEvent;
import dev.vigil.agent.limit.RoutePath;
import dev.vigil.agent.telemetry.trace.OtelJavaAgentSpan;
import dev.vigil.agent.telemetry.trace.TraceParent;
import dev.vigil.bootstrap.RequestContext;
import java.time.Clock;
import java.time.Instant;

/**
 * The one place an event reads its request: method, path, user agent, start time and the trace it
 * belongs to. Also the span of a request that was only seen, when request spans are on; otherwise
 * an allowed request costs nothing here.
 */
final class RequestEvents {
  private static final String TRACEPARENT = "traceparent";

  private final EventStream events;
  private final Clock clock;
  /** Fixed at start; final fields, so the per-request checks cost one well-predicted branch. */
  private final boolean requestSpans;
  private final boolean traced;

  RequestEvents(EventStream events, Clock clock) {
    this.events = events;
    this.clock = clock;
    this.requestSpans = events.requestSpans();
    this.traced = events.traced();
  }

  /** Remembers when the request started, only when every request gets a span. */
  void requestStarted(RequestContext request) {
    if (requestSpans) {
      request.startEpochNanos = epochNanos();
    }
  }

  /** A request that was let through has been answered: its span, when request spans are on. */
  void requestEnded(RequestContext request, String client, int status) {
    if (request.startEpochNanos != 0) {
      events.publish(withRequest(VigilEvent.request(status).client(client), request).build());
    }
  }

  /**
   * The event's time, and the request's fields; {@code request} null for an authentication hook that
   * has no HTTP request in reach. The path is normalised so no path parameter (a {@code
   * ;jsessionid=}) or query leaves; an overlong path is cut first, so it is normalised too.
   */
  EventBuilder withRequest(EventBuilder event, RequestContext request) {
    if (request != null) {
      event.request(request.method, exportedPath(request), request.userAgent, request.startEpochNanos).route(RouteTemplate.of(request));
    }
    return inTraceOf(event, request);
  }

  /** The path the detectors matched (normalised once, in the context) unless it was overlong: then its kept part, normalised. */
  private static String exportedPath(RequestContext request) {
    if (request.path == null) {
      return null;
    }
    if (request.routePath != null && !RoutePath.isOverlong(request.path)) {
      return request.routePath;
    }
    return RoutePath.normalise(RoutePath.kept(request.path));
  }

  /**
   * The event's time, and the trace it belongs to: the OpenTelemetry Java agent's server span if it is
   * attached, else the caller's {@code traceparent}; read only when something exports traces.
   */
  EventBuilder inTraceOf(EventBuilder event, RequestContext request) {
    event.at(epochNanos());
    if (!traced) {
      return event;
    }
    TraceParent agentSpan = OtelJavaAgentSpan.current();
    if (agentSpan != null || request == null) {
      return event.trace(agentSpan);
    }
    return event.trace(TraceParent.parse(firstLine(request.header(TRACEPARENT))));
  }

  /** A trace parent has no comma: of several lines (joined by the reader), the first counts, as it always did. */
  private static String firstLine(String joined) {
    int comma = joined == null ? -1 : joined.indexOf(',');
    return comma < 0 ? joined : joined.substring(0, comma).trim();
  }

  /** Now, in epoch nanoseconds, from the injected clock. */
  long epochNanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
