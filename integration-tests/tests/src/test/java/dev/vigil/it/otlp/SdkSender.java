package dev.vigil.it.otlp;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenTelemetry SDK in the test JVM exporting to a receiver over its protocol, the way an
 * instrumented service would. Spans and log records are exported as they end (simple processors),
 * metrics on {@link #flush()}; retries are off so that an outage shows at once as a failed flush.
 */
final class SdkSender implements AutoCloseable {
    static final String SERVICE_NAME = "otlp-receiver-test";
    private static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(5);

    private final SdkTracerProvider tracerProvider;
    private final SdkLoggerProvider loggerProvider;
    private final SdkMeterProvider meterProvider;

    SdkSender(OtlpReceiver receiver, String compression) {
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), SERVICE_NAME,
                AttributeKey.stringKey("deployment.environment.name"), "it")));
        tracerProvider = SdkTracerProvider.builder().setResource(resource)
                .addSpanProcessor(SimpleSpanProcessor.create(spanExporter(receiver, compression))).build();
        loggerProvider = SdkLoggerProvider.builder().setResource(resource)
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(logExporter(receiver, compression))).build();
        meterProvider = SdkMeterProvider.builder().setResource(resource)
                // exported on flush() only: the test decides when
                .registerMetricReader(PeriodicMetricReader.builder(metricExporter(receiver, compression))
                        .setInterval(Duration.ofHours(1)).build())
                .build();
    }

    Tracer tracer() {
        return tracerProvider.get("dev.vigil.it.otlp");
    }

    Logger logger() {
        return loggerProvider.get("dev.vigil.it.otlp");
    }

    Meter meter() {
        return meterProvider.get("dev.vigil.it.otlp");
    }

    /** Exports whatever is pending; true when every export was accepted by the receiver. */
    boolean flush() {
        CompletableResultCode all = CompletableResultCode.ofAll(List.of(
                tracerProvider.forceFlush(), loggerProvider.forceFlush(), meterProvider.forceFlush()));
        return all.join(15, TimeUnit.SECONDS).isSuccess();
    }

    @Override
    public void close() {
        tracerProvider.shutdown().join(5, TimeUnit.SECONDS);
        loggerProvider.shutdown().join(5, TimeUnit.SECONDS);
        meterProvider.shutdown().join(5, TimeUnit.SECONDS);
    }

    private static SpanExporter spanExporter(OtlpReceiver receiver, String compression) {
        String url = receiver.signalEndpoint("traces");
        return receiver.protocol() == OtlpProtocol.GRPC
                ? OtlpGrpcSpanExporter.builder().setEndpoint(url).setCompression(compression)
                        .setTimeout(EXPORT_TIMEOUT).setRetryPolicy(null).build()
                : OtlpHttpSpanExporter.builder().setEndpoint(url).setCompression(compression)
                        .setTimeout(EXPORT_TIMEOUT).setRetryPolicy(null).build();
    }

    private static LogRecordExporter logExporter(OtlpReceiver receiver, String compression) {
        String url = receiver.signalEndpoint("logs");
        return receiver.protocol() == OtlpProtocol.GRPC
                ? OtlpGrpcLogRecordExporter.builder().setEndpoint(url).setCompression(compression)
                        .setTimeout(EXPORT_TIMEOUT).setRetryPolicy(null).build()
                : OtlpHttpLogRecordExporter.builder().setEndpoint(url).setCompression(compression)
                        .setTimeout(EXPORT_TIMEOUT).setRetryPolicy(null).build();
    }

    private static MetricExporter metricExporter(OtlpReceiver receiver, String compression) {
        String url = receiver.signalEndpoint("metrics");
        return receiver.protocol() == OtlpProtocol.GRPC
                ? OtlpGrpcMetricExporter.builder().setEndpoint(url).setCompression(compression)
                        .setTimeout(EXPORT_TIMEOUT).setRetryPolicy(null).build()
                : OtlpHttpMetricExporter.builder().setEndpoint(url).setCompression(compression)
                        .setTimeout(EXPORT_TIMEOUT).setRetryPolicy(null).build();
    }
}
