/**
 * A real OTLP receiver for the integration tests: what a child JVM exports (Vigil's spans, events and
 * metrics, or the OpenTelemetry Java agent's) arrives here over the wire and is decoded with the
 * official {@code io.opentelemetry.proto} classes, so a test sees exactly what a collector would.
 *
 * <h2>Using it from a test</h2>
 *
 * <pre>{@code
 * try (OtlpReceiver receiver = OtlpReceiver.startHttp();          // or startGrpc(), or protocol.startReceiver()
 *      ServerProcess server = ServerProcess.builder(App.JETTY12, jdk)
 *              .env(receiver.exporterEnvironment())               // OTEL_EXPORTER_OTLP_ENDPOINT + _PROTOCOL
 *              .env("OTEL_SERVICE_NAME", "shop")
 *              .start().awaitListening()) {
 *     Http.get(server, "/api/items/1", "traceparent", "00-" + traceId + "-" + parentId + "-01");
 *
 *     ReceivedTelemetry got = receiver.telemetry();
 *     ReceivedSpan span = got.awaitSpan(s -> s.name().equals("vigil.decision"), Duration.ofSeconds(10));
 *     assertThat(span.traceId()).isEqualTo(traceId);
 *     assertThat(span.attributes()).containsEntry("http.response.status_code", 429L);
 *     ReceivedLogRecord event = got.awaitEvent("vigil.throttle", Duration.ofSeconds(10));
 *     ReceivedDataPoint total = got.awaitPoint("vigil.decisions",
 *             p -> "throttle".equals(p.attribute("vigil.action")) && p.longValue() >= 1, Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>Waiting.</b> Exporters send in the background, so read with the {@code await*} methods of
 *       {@link dev.vigil.it.otlp.ReceivedTelemetry}: bounded, and on timeout they fail listing what
 *       did arrive. {@code spans()}, {@code logRecords()}, {@code metrics()} are snapshots;
 *       {@code clear()} forgets everything, e.g. between two phases.</li>
 *   <li><b>Values.</b> Attributes are {@code Map<String, Object>} of String, Boolean, Long (every OTLP
 *       integer), Double, List or Map; ids are lower-case hex, the parent span id "" for a root span.
 *       An event is a log record with an {@code eventName}. Each metric export repeats cumulative
 *       totals, so {@code latestPoint}/{@code awaitPoint} give the newest value.</li>
 *   <li><b>Outages.</b> {@code stop()} closes the port (senders get "connection refused"),
 *       {@code restart()} binds the same port again, so the child keeps its endpoint. The port is
 *       below the ephemeral range, where no client socket can take it meanwhile.
 *       {@code refuseRequests(true)} keeps the port open but answers 503 / UNAVAILABLE, like an
 *       overloaded collector. {@code requestsReceived()} and {@code requestsRefused()} count exports.</li>
 *   <li><b>Telemetry settings.</b> Vigil and the OpenTelemetry Java agent both read {@code OTEL_*};
 *       the child only gets the ones a test sets with {@code ServerProcess.Builder.env}. Set
 *       {@code OTEL_BSP_SCHEDULE_DELAY} / {@code OTEL_METRIC_EXPORT_INTERVAL} low (ms) so data
 *       arrives in well under a second instead of 5 s / 60 s.</li>
 *   <li><b>The OpenTelemetry Java agent</b> is attached with {@code ServerProcess.Builder.otelJavaAgent()}
 *       (before Vigil's {@code -javaagent}); {@code ItEnv.otelJavaAgent()} is its jar, copied from
 *       Maven Central into {@code target/otel} by the build.</li>
 * </ul>
 */
package dev.vigil.it.otlp;
