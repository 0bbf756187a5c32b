package dev.vigil.it.otlp;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Everything a receiver decoded, flattened to one record per span, log record and metric, in arrival
 * order. Thread-safe: receivers add from their threads while a test reads or waits. Exporters send
 * in the background, so tests wait with the {@code await*} methods (bounded; on timeout they fail
 * with what did arrive) rather than read once.
 */
public final class ReceivedTelemetry {
    private static final int SHOWN_ON_FAILURE = 30;
    private final List<ReceivedSpan> spans = new ArrayList<>();
    private final List<ReceivedLogRecord> logRecords = new ArrayList<>();
    private final List<ReceivedMetric> metrics = new ArrayList<>();

    synchronized void add(ExportTraceServiceRequest request) {
        request.getResourceSpansList().forEach(rs -> rs.getScopeSpansList().forEach(ss -> ss.getSpansList()
                .forEach(span -> spans.add(ReceivedSpan.of(rs.getResource(), ss.getScope(), span)))));
        notifyAll();
    }

    synchronized void add(ExportLogsServiceRequest request) {
        request.getResourceLogsList().forEach(rl -> rl.getScopeLogsList().forEach(sl -> sl.getLogRecordsList()
                .forEach(record -> logRecords.add(ReceivedLogRecord.of(rl.getResource(), sl.getScope(), record)))));
        notifyAll();
    }

    synchronized void add(ExportMetricsServiceRequest request) {
        request.getResourceMetricsList().forEach(rm -> rm.getScopeMetricsList().forEach(sm -> sm.getMetricsList()
                .forEach(metric -> metrics.add(ReceivedMetric.of(rm.getResource(), sm.getScope(), metric)))));
        notifyAll();
    }

    public synchronized List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    public synchronized List<ReceivedLogRecord> logRecords() {
        return List.copyOf(logRecords);
    }

    public synchronized List<ReceivedMetric> metrics() {
        return List.copyOf(metrics);
    }

    /** The first span that passes {@code filter}, waiting up to {@code timeout} for it. */
    public ReceivedSpan awaitSpan(Predicate<ReceivedSpan> filter, Duration timeout) {
        return awaitSpans(filter, 1, timeout).get(0);
    }

    /** All spans that pass {@code filter}, once there are at least {@code atLeast}, waiting up to {@code timeout}. */
    public List<ReceivedSpan> awaitSpans(Predicate<ReceivedSpan> filter, int atLeast, Duration timeout) {
        return await(spans, filter, atLeast, timeout, "spans");
    }

    public ReceivedLogRecord awaitLogRecord(Predicate<ReceivedLogRecord> filter, Duration timeout) {
        return awaitLogRecords(filter, 1, timeout).get(0);
    }

    public List<ReceivedLogRecord> awaitLogRecords(Predicate<ReceivedLogRecord> filter, int atLeast, Duration timeout) {
        return await(logRecords, filter, atLeast, timeout, "log records");
    }

    /** The first log record whose event name is {@code eventName}. */
    public ReceivedLogRecord awaitEvent(String eventName, Duration timeout) {
        return awaitLogRecord(r -> r.eventName().equals(eventName), timeout);
    }

    public ReceivedMetric awaitMetric(Predicate<ReceivedMetric> filter, Duration timeout) {
        return await(metrics, filter, 1, timeout, "metrics").get(0);
    }

    /**
     * Waits until the newest point of metric {@code name} that passes {@code filter} exists and returns
     * it, e.g. {@code awaitPoint("vigil.decisions", p -> p.longValue() >= 3, timeout)}.
     */
    public ReceivedDataPoint awaitPoint(String name, Predicate<ReceivedDataPoint> filter, Duration timeout) {
        awaitMetric(m -> m.name().equals(name) && m.point(filter).isPresent(), timeout);
        return latestPoint(name, filter).orElseThrow();
    }

    /** The most recent (by timestamp) point of metric {@code name} that passes {@code filter}, without waiting. */
    public synchronized Optional<ReceivedDataPoint> latestPoint(String name, Predicate<ReceivedDataPoint> filter) {
        return metrics.stream().filter(m -> m.name().equals(name))
                .flatMap(m -> m.points().stream()).filter(filter)
                .max(Comparator.comparingLong(ReceivedDataPoint::epochNanos));
    }

    /** Forgets everything received so far (e.g. between two phases of a test). */
    public synchronized void clear() {
        spans.clear();
        logRecords.clear();
        metrics.clear();
    }

    private synchronized <T> List<T> await(List<T> source, Predicate<T> filter, int atLeast, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<T> matching = source.stream().filter(filter).collect(Collectors.toList());
            if (matching.size() >= atLeast) return matching;
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected at least " + atLeast + " matching " + what + " within " + timeout
                        + ", found " + matching.size() + "; received " + source.size() + " " + what + describe(source));
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    private static String describe(List<?> items) {
        List<?> shown = items.subList(Math.max(0, items.size() - SHOWN_ON_FAILURE), items.size());
        return shown.isEmpty() ? "" : (items.size() > shown.size() ? ", the last " + shown.size() : "") + ":"
                + shown.stream().map(i -> "\n  " + i).collect(Collectors.joining());
    }
}
