package com.example.app;

import com.example.app.support.ParentWatch;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * An app that uses OpenTelemetry itself: its own autoconfigured SDK, registered as
 * GlobalOpenTelemetry, with a span "app.lookup" per GET /api/items/{id}. GET /otel/global names
 * the class behind GlobalOpenTelemetry. Args: [port (0 = ephemeral)]. Prints "LISTENING port".
 */
public final class OtelSdkApp {
    public static void main(String[] args) throws Exception {
        ParentWatch.exitWhenParentDies();
        AutoConfiguredOpenTelemetrySdk.builder().setResultAsGlobal().build();
        Tracer tracer = GlobalOpenTelemetry.getTracer("app");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", args.length > 0 ? Integer.parseInt(args[0]) : 0), 0);
        server.createContext("/", exchange -> handle(exchange, tracer));
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        System.out.println("LISTENING " + server.getAddress().getPort());
    }

    private static void handle(HttpExchange exchange, Tracer tracer) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body;
        int status = 200;
        if (path.startsWith("/api/items/")) {
            Span span = tracer.spanBuilder("app.lookup").setAttribute("app.item", path.substring("/api/items/".length())).startSpan();
            span.end();
            body = "item " + path.substring("/api/items/".length());
        } else if (path.equals("/otel/global")) {
            body = GlobalOpenTelemetry.get().getClass().getName();
        } else {
            status = 404;
            body = "not found";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
