package dev.vigil.it.otlp;

import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.util.List;
import java.util.Map;

/**
 * One data point of a metric. Sums and gauges have a {@code value} (Long or Double, as the source
 * recorded it); histograms have {@code count}, {@code sum} (null when not sent), {@code explicitBounds}
 * and {@code bucketCounts} and a null {@code value}.
 */
public record ReceivedDataPoint(
        Map<String, Object> attributes,
        long startEpochNanos,
        long epochNanos,
        Number value,
        long count,
        Double sum,
        List<Double> explicitBounds,
        List<Long> bucketCounts) {

    static ReceivedDataPoint of(NumberDataPoint p) {
        Number value = p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? (Number) p.getAsInt() : (Number) p.getAsDouble();
        return new ReceivedDataPoint(ProtoValues.attributes(p.getAttributesList()), p.getStartTimeUnixNano(),
                p.getTimeUnixNano(), value, 0, null, List.of(), List.of());
    }

    static ReceivedDataPoint of(HistogramDataPoint p) {
        return new ReceivedDataPoint(ProtoValues.attributes(p.getAttributesList()), p.getStartTimeUnixNano(),
                p.getTimeUnixNano(), null, p.getCount(), p.hasSum() ? p.getSum() : null,
                List.copyOf(p.getExplicitBoundsList()), List.copyOf(p.getBucketCountsList()));
    }

    public Object attribute(String key) {
        return attributes.get(key);
    }

    /** The value of a sum or gauge as a long (a double value truncated). */
    public long longValue() {
        return requireValue().longValue();
    }

    public double doubleValue() {
        return requireValue().doubleValue();
    }

    private Number requireValue() {
        if (value == null) throw new AssertionError("a histogram point has no single value: " + this);
        return value;
    }

    @Override
    public String toString() {
        return attributes + "=" + (value != null ? value : "count " + count + " sum " + sum + " buckets " + bucketCounts);
    }
}
