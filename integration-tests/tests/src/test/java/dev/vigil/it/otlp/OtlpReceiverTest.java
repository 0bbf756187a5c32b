package dev.vigil.it.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The test receiver itself, fed by the real OpenTelemetry SDK and its OTLP exporters in this JVM. */
@Timeout(60)
class OtlpReceiverTest {
    private static final Duration ARRIVAL = Duration.ofSeconds(10);

    static Stream<Arguments> protocolsAndCompressions() {
        return Stream.of(OtlpProtocol.values())
                .flatMap(protocol -> Stream.of(Arguments.of(protocol, "none"), Arguments.of(protocol, "gzip")));
    }

    @ParameterizedTest(name = "{0}, compression {1}")
    @MethodSource("protocolsAndCompressions")
    void spansArriveWithTheirNamesIdsParentsAndAttributes(OtlpProtocol protocol, String compression) {
        try (OtlpReceiver receiver = protocol.startReceiver(); SdkSender sender = new SdkSender(receiver, compression)) {
            Span server = sender.tracer().spanBuilder("GET /api/items/{id}").setSpanKind(SpanKind.SERVER)
                    .setAttribute("http.request.method", "GET")
                    .setAttribute("http.response.status_code", 429L)
                    .startSpan();
            sender.tracer().spanBuilder("vigil.decision").setParent(Context.current().with(server))
                    .setAttribute("vigil.action", "throttle").setAttribute("vigil.enforced", true)
                    .startSpan().end();
            server.end();
            assertThat(sender.flush()).as("exports accepted").isTrue();

            ReceivedSpan serverSpan = receiver.telemetry().awaitSpan(s -> s.name().equals("GET /api/items/{id}"), ARRIVAL);
            ReceivedSpan decision = receiver.telemetry().awaitSpan(s -> s.name().equals("vigil.decision"), ARRIVAL);
            assertThat(serverSpan.traceId()).isEqualTo(server.getSpanContext().getTraceId()).hasSize(32);
            assertThat(serverSpan.spanId()).isEqualTo(server.getSpanContext().getSpanId());
            assertThat(serverSpan.kind()).isEqualTo("SERVER");
            assertThat(serverSpan.isRoot()).isTrue();
            assertThat(serverSpan.attributes())
                    .containsEntry("http.request.method", "GET")
                    .containsEntry("http.response.status_code", 429L);
            assertThat(serverSpan.serviceName()).isEqualTo(SdkSender.SERVICE_NAME);
            assertThat(serverSpan.resource()).containsEntry("deployment.environment.name", "it");
            assertThat(decision.traceId()).isEqualTo(serverSpan.traceId());
            assertThat(decision.parentSpanId()).isEqualTo(serverSpan.spanId());
            assertThat(decision.attributes()).containsEntry("vigil.action", "throttle").containsEntry("vigil.enforced", true);
            assertThat(receiver.requestsRefused()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(OtlpProtocol.class)
    void eventsArriveAsLogRecordsWithTheirEventNameBodyAndTraceId(OtlpProtocol protocol) {
        try (OtlpReceiver receiver = protocol.startReceiver(); SdkSender sender = new SdkSender(receiver, "none")) {
            Span request = sender.tracer().spanBuilder("POST /login").setSpanKind(SpanKind.SERVER).startSpan();
            try (Scope ignored = request.makeCurrent()) {
                sender.logger().logRecordBuilder().setEventName("vigil.lockout").setBody("caller locked out")
                        .setAttribute(AttributeKey.stringKey("security_rule.name"), "login")
                        .setAttribute(AttributeKey.stringKey("client.address"), "198.51.100.7")
                        .setAttribute(AttributeKey.longKey("vigil.lockout.seconds"), 60L)
                        .emit();
            }
            request.end();
            assertThat(sender.flush()).isTrue();

            ReceivedLogRecord event = receiver.telemetry().awaitEvent("vigil.lockout", ARRIVAL);
            assertThat(event.body()).isEqualTo("caller locked out");
            assertThat(event.attributes())
                    .containsEntry("security_rule.name", "login")
                    .containsEntry("client.address", "198.51.100.7")
                    .containsEntry("vigil.lockout.seconds", 60L);
            assertThat(event.traceId()).isEqualTo(request.getSpanContext().getTraceId());
            assertThat(event.spanId()).isEqualTo(request.getSpanContext().getSpanId());
            assertThat(event.serviceName()).isEqualTo(SdkSender.SERVICE_NAME);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(OtlpProtocol.class)
    void sumsGaugesAndHistogramsArriveWithTheirPointsAndTheLatestTotalIsFound(OtlpProtocol protocol) {
        try (OtlpReceiver receiver = protocol.startReceiver(); SdkSender sender = new SdkSender(receiver, "none")) {
            LongCounter decisions = sender.meter().counterBuilder("vigil.decisions").build();
            Attributes throttle = Attributes.of(AttributeKey.stringKey("vigil.action"), "throttle");
            decisions.add(3, throttle);
            decisions.add(1, Attributes.of(AttributeKey.stringKey("vigil.action"), "block"));
            sender.meter().gaugeBuilder("vigil.callers.tracked").ofLongs().build().set(42);
            var duration = sender.meter().histogramBuilder("vigil.test.duration").setUnit("ms")
                    .setExplicitBucketBoundariesAdvice(List.of(10.0, 100.0)).build();
            duration.record(5);
            duration.record(50);
            duration.record(500);
            assertThat(sender.flush()).isTrue();

            ReceivedMetric sum = receiver.telemetry().awaitMetric(m -> m.name().equals("vigil.decisions"), ARRIVAL);
            assertThat(sum.type()).isEqualTo(ReceivedMetric.Type.SUM);
            assertThat(sum.monotonic()).isTrue();
            assertThat(sum.temporality()).isEqualTo("CUMULATIVE");
            assertThat(sum.pointWith("vigil.action", "throttle")).hasValueSatisfying(p -> assertThat(p.longValue()).isEqualTo(3));
            assertThat(sum.pointWith("vigil.action", "block")).hasValueSatisfying(p -> assertThat(p.longValue()).isEqualTo(1));
            ReceivedMetric gauge = receiver.telemetry().awaitMetric(m -> m.name().equals("vigil.callers.tracked"), ARRIVAL);
            assertThat(gauge.type()).isEqualTo(ReceivedMetric.Type.GAUGE);
            assertThat(gauge.points()).singleElement().satisfies(p -> assertThat(p.longValue()).isEqualTo(42));
            ReceivedMetric histogram = receiver.telemetry().awaitMetric(m -> m.name().equals("vigil.test.duration"), ARRIVAL);
            assertThat(histogram.type()).isEqualTo(ReceivedMetric.Type.HISTOGRAM);
            assertThat(histogram.unit()).isEqualTo("ms");
            assertThat(histogram.points()).singleElement().satisfies(p -> {
                assertThat(p.count()).isEqualTo(3);
                assertThat(p.sum()).isEqualTo(555.0);
                assertThat(p.explicitBounds()).containsExactly(10.0, 100.0);
                assertThat(p.bucketCounts()).containsExactly(1L, 1L, 1L);
            });

            decisions.add(2, throttle);
            assertThat(sender.flush()).isTrue();
            ReceivedDataPoint latest = receiver.telemetry().awaitPoint("vigil.decisions",
                    p -> "throttle".equals(p.attribute("vigil.action")) && p.longValue() == 5, ARRIVAL);
            assertThat(receiver.telemetry().latestPoint("vigil.decisions", p -> "throttle".equals(p.attribute("vigil.action"))))
                    .contains(latest);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(OtlpProtocol.class)
    void whileStoppedExportsFailAndAfterARestartOnTheSamePortTheyArriveAgain(OtlpProtocol protocol) {
        try (OtlpReceiver receiver = protocol.startReceiver(); SdkSender sender = new SdkSender(receiver, "none")) {
            int port = receiver.port();
            sender.tracer().spanBuilder("before outage").startSpan().end();
            assertThat(sender.flush()).isTrue();
            receiver.telemetry().awaitSpan(s -> s.name().equals("before outage"), ARRIVAL);
            long receivedBefore = receiver.requestsReceived();

            receiver.stop();
            assertThat(receiver.isRunning()).isFalse();
            sender.tracer().spanBuilder("during outage").startSpan().end();
            assertThat(sender.flush()).as("export while the receiver is down").isFalse();
            assertThat(receiver.requestsReceived()).isEqualTo(receivedBefore);

            receiver.restart();
            assertThat(receiver.port()).isEqualTo(port);
            sender.tracer().spanBuilder("after outage").startSpan().end();
            assertThat(sender.flush()).as("export once the receiver is back").isTrue();
            receiver.telemetry().awaitSpan(s -> s.name().equals("after outage"), ARRIVAL);
            assertThat(receiver.telemetry().spans()).extracting(ReceivedSpan::name).doesNotContain("during outage");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(OtlpProtocol.class)
    void whileRefusingItAnswersRetryableErrorsCountsThemAndStoresNothing(OtlpProtocol protocol) {
        try (OtlpReceiver receiver = protocol.startReceiver(); SdkSender sender = new SdkSender(receiver, "none")) {
            receiver.refuseRequests(true);
            sender.tracer().spanBuilder("refused").startSpan().end();
            assertThat(sender.flush()).isFalse();
            assertThat(receiver.requestsReceived()).isEqualTo(1);
            assertThat(receiver.requestsRefused()).isEqualTo(1);

            receiver.refuseRequests(false);
            sender.tracer().spanBuilder("accepted").startSpan().end();
            assertThat(sender.flush()).isTrue();
            receiver.telemetry().awaitSpan(s -> s.name().equals("accepted"), ARRIVAL);
            assertThat(receiver.telemetry().spans()).extracting(ReceivedSpan::name).containsExactly("accepted");
            assertThat(receiver.requestsRefused()).isEqualTo(1);
        }
    }

    @Test
    void overHttpAnUndecodableBodyOrAnUnknownPathIsRefused() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.startHttp()) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThat(post(client, receiver.signalEndpoint("traces"), new byte[] {(byte) 0xff, 0x01})).isEqualTo(400);
            assertThat(post(client, receiver.endpoint() + "/v1/profiles", new byte[0])).isEqualTo(404);
            assertThat(post(client, receiver.signalEndpoint("logs"), new byte[0])).as("an empty export").isEqualTo(200);
            assertThat(receiver.requestsReceived()).isEqualTo(3);
            assertThat(receiver.requestsRefused()).isEqualTo(2);
        }
    }

    private static int post(HttpClient client, String url, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
