package dev.vigil.it.otlp;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.Map;

/**
 * One log record as it arrived; an event is a log record with an {@code eventName} ("" when it has
 * none). {@code body} is a plain Java value (see {@link ProtoValues#value}), null when unset; trace and
 * span ids are hex, "" outside a span.
 */
public record ReceivedLogRecord(
        String eventName,
        Object body,
        Map<String, Object> attributes,
        String traceId,
        String spanId,
        int severityNumber,
        String severityText,
        Map<String, Object> resource,
        String scopeName,
        long epochNanos) {

    static ReceivedLogRecord of(Resource resource, InstrumentationScope scope, LogRecord record) {
        return new ReceivedLogRecord(
                record.getEventName(),
                ProtoValues.value(record.getBody()),
                ProtoValues.attributes(record.getAttributesList()),
                ProtoValues.hex(record.getTraceId()),
                ProtoValues.hex(record.getSpanId()),
                record.getSeverityNumberValue(),
                record.getSeverityText(),
                ProtoValues.attributes(resource.getAttributesList()),
                scope.getName(),
                // the OTLP spec lets a source send only the observed time
                record.getTimeUnixNano() != 0 ? record.getTimeUnixNano() : record.getObservedTimeUnixNano());
    }

    public Object attribute(String key) {
        return attributes.get(key);
    }

    public String serviceName() {
        return (String) resource.get("service.name");
    }

    @Override
    public String toString() {
        return "log record" + (eventName.isEmpty() ? "" : " event '" + eventName + "'") + " body=" + body
                + (traceId.isEmpty() ? "" : " trace=" + traceId) + " service=" + serviceName() + " " + attributes;
    }
}
