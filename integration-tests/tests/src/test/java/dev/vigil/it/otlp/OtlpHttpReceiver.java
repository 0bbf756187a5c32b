package dev.vigil.it.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * OTLP/HTTP with binary protobuf bodies on the JDK's HttpServer, as the OTLP specification describes
 * it: POST /v1/traces, /v1/metrics, /v1/logs, optionally gzip-compressed; 200 with an empty
 * Export*ServiceResponse. JSON bodies get 415 (no Vigil exporter sends them), other paths 404, other
 * methods 405, undecodable bodies 400; each of those counts as refused.
 */
final class OtlpHttpReceiver extends OtlpReceiver {
    private static final String PROTOBUF = "application/x-protobuf";
    private HttpServer server;
    private ExecutorService executor;

    @Override
    public OtlpProtocol protocol() {
        return OtlpProtocol.HTTP_PROTOBUF;
    }

    @Override
    int bind(InetSocketAddress address) throws IOException {
        HttpServer created = HttpServer.create(address, 50);
        created.createContext("/", this::handle);
        executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread t = new Thread(runnable, "otlp-http-receiver");
            t.setDaemon(true);
            return t;
        });
        created.setExecutor(executor);
        created.start();
        server = created;
        return created.getAddress().getPort();
    }

    @Override
    void unbind() {
        server.stop(0); // closes the listener and every connection, idle keep-alive ones too
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!admit()) {
                exchange.getResponseHeaders().set("Retry-After", "1");
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            int status = store(exchange, body);
            if (status != 200) {
                countRefused();
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            // an empty Export*ServiceResponse (no partial_success) encodes as zero bytes
            exchange.getResponseHeaders().set("Content-Type", PROTOBUF);
            exchange.sendResponseHeaders(200, -1);
        }
    }

    /** Decodes and stores one export; returns the HTTP status to answer. */
    private int store(HttpExchange exchange, byte[] body) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) return 405;
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null && !contentType.startsWith(PROTOBUF)) return 415;
        try {
            switch (exchange.getRequestURI().getPath()) {
                case "/v1/traces":
                    telemetry().add(ExportTraceServiceRequest.parseFrom(decoded(exchange, body)));
                    return 200;
                case "/v1/metrics":
                    telemetry().add(ExportMetricsServiceRequest.parseFrom(decoded(exchange, body)));
                    return 200;
                case "/v1/logs":
                    telemetry().add(ExportLogsServiceRequest.parseFrom(decoded(exchange, body)));
                    return 200;
                default:
                    return 404;
            }
        } catch (InvalidProtocolBufferException | ZipException e) {
            return 400;
        }
    }

    private static byte[] decoded(HttpExchange exchange, byte[] body) throws IOException {
        if (!"gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) return body;
        try (InputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return unzipped.readAllBytes();
        }
    }
}
