package dev.vigil.it.otlp;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One metric of one export, with the data points it carried. Each export repeats a cumulative metric
 * with its current values, so the newest {@code ReceivedMetric} of a name holds the latest totals
 * (see {@link ReceivedTelemetry#latestPoint}). {@code monotonic} and {@code temporality} (CUMULATIVE or
 * DELTA) apply to sums and histograms; exponential histograms and summaries arrive without points.
 */
public record ReceivedMetric(
        String name,
        String description,
        String unit,
        Type type,
        boolean monotonic,
        String temporality,
        List<ReceivedDataPoint> points,
        Map<String, Object> resource,
        String scopeName) {

    public enum Type { GAUGE, SUM, HISTOGRAM, EXPONENTIAL_HISTOGRAM, SUMMARY, EMPTY }

    static ReceivedMetric of(Resource resource, InstrumentationScope scope, Metric m) {
        Type type;
        boolean monotonic = false;
        AggregationTemporality temporality = AggregationTemporality.AGGREGATION_TEMPORALITY_UNSPECIFIED;
        List<ReceivedDataPoint> points = List.of();
        switch (m.getDataCase()) {
            case GAUGE:
                type = Type.GAUGE;
                points = m.getGauge().getDataPointsList().stream().map(ReceivedDataPoint::of).collect(Collectors.toUnmodifiableList());
                break;
            case SUM:
                type = Type.SUM;
                monotonic = m.getSum().getIsMonotonic();
                temporality = m.getSum().getAggregationTemporality();
                points = m.getSum().getDataPointsList().stream().map(ReceivedDataPoint::of).collect(Collectors.toUnmodifiableList());
                break;
            case HISTOGRAM:
                type = Type.HISTOGRAM;
                temporality = m.getHistogram().getAggregationTemporality();
                points = m.getHistogram().getDataPointsList().stream().map(ReceivedDataPoint::of).collect(Collectors.toUnmodifiableList());
                break;
            case EXPONENTIAL_HISTOGRAM: type = Type.EXPONENTIAL_HISTOGRAM; break;
            case SUMMARY: type = Type.SUMMARY; break;
            default: type = Type.EMPTY;
        }
        return new ReceivedMetric(m.getName(), m.getDescription(), m.getUnit(), type, monotonic,
                temporality.name().replace("AGGREGATION_TEMPORALITY_", ""), points,
                ProtoValues.attributes(resource.getAttributesList()), scope.getName());
    }

    /** The first data point whose attributes pass {@code filter}. */
    public Optional<ReceivedDataPoint> point(Predicate<ReceivedDataPoint> filter) {
        return points.stream().filter(filter).findFirst();
    }

    /** The data point whose attribute {@code key} equals {@code value}. */
    public Optional<ReceivedDataPoint> pointWith(String key, Object value) {
        return point(p -> value.equals(p.attribute(key)));
    }

    public String serviceName() {
        return (String) resource.get("service.name");
    }

    @Override
    public String toString() {
        return type + " metric '" + name + "' service=" + serviceName() + " points=" + points;
    }
}
