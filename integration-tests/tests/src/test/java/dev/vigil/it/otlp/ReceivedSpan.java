package dev.vigil.it.otlp;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One span as it arrived, decoded from OTLP. Ids are lower-case hex ({@code parentSpanId} is "" for a
 * root span); {@code kind} is SERVER, CLIENT, INTERNAL, PRODUCER or CONSUMER; {@code statusCode} is
 * UNSET, OK or ERROR.
 */
public record ReceivedSpan(
        String name,
        String traceId,
        String spanId,
        String parentSpanId,
        String kind,
        Map<String, Object> attributes,
        Map<String, Object> resource,
        String scopeName,
        long startEpochNanos,
        long endEpochNanos,
        String statusCode,
        List<String> eventNames) {

    static ReceivedSpan of(Resource resource, InstrumentationScope scope, Span span) {
        return new ReceivedSpan(
                span.getName(),
                ProtoValues.hex(span.getTraceId()),
                ProtoValues.hex(span.getSpanId()),
                ProtoValues.hex(span.getParentSpanId()),
                span.getKind().name().replace("SPAN_KIND_", ""),
                ProtoValues.attributes(span.getAttributesList()),
                ProtoValues.attributes(resource.getAttributesList()),
                scope.getName(),
                span.getStartTimeUnixNano(),
                span.getEndTimeUnixNano(),
                span.getStatus().getCode().name().replace("STATUS_CODE_", ""),
                span.getEventsList().stream().map(Span.Event::getName).collect(Collectors.toUnmodifiableList()));
    }

    /** The span's attribute {@code key} (see {@link ProtoValues#value} for the types), or null. */
    public Object attribute(String key) {
        return attributes.get(key);
    }

    /** The resource's service.name, or null. */
    public String serviceName() {
        return (String) resource.get("service.name");
    }

    public boolean isRoot() {
        return parentSpanId.isEmpty();
    }

    @Override
    public String toString() {
        return kind + " span '" + name + "' trace=" + traceId + " span=" + spanId
                + (isRoot() ? "" : " parent=" + parentSpanId) + " service=" + serviceName() + " " + attributes;
    }
}
