package com.example.app;

import com.example.app.support.ParentWatch;
import com.example.app.support.TestRoutes;
import com.example.app.support.TestRoutes.Answer;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * The JDK's com.sun.net.httpserver.HttpServer. Args: [port (0 = ephemeral)] [bind host]. Prints "LISTENING port".
 * An HttpServer Filter sets X-App in front of the one handler; GET /forward answers like /hello (no dispatcher here).
 */
public final class JdkHttpServerApp {
    static final String NAME = "jdk-httpserver";

    public static void main(String[] args) throws Exception {
        ParentWatch.exitWhenParentDies();
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/", JdkHttpServerApp::handle).getFilters().add(new Filter() {
            @Override
            public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
                exchange.getResponseHeaders().set("X-App", NAME);
                chain.doFilter(exchange);
            }

            @Override
            public String description() {
                return "sets X-App";
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        System.out.println("LISTENING " + server.getAddress().getPort());
    }

    static void handle(HttpExchange ex) throws IOException {
        String form;
        try (InputStream in = ex.getRequestBody()) {
            form = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String path = ex.getRequestURI().getPath();
        Answer answer = TestRoutes.answer(ex.getRequestMethod(), path, ex.getRemoteAddress().getAddress().getHostAddress(),
                formField(form, "username"), formField(form, "password"), null);
        if (answer.forwardTo != null) { // no dispatcher here: answer as the target would
            answer = TestRoutes.answer(ex.getRequestMethod(), answer.forwardTo, null, null, null, null);
        }
        ex.getResponseHeaders().set("Content-Type", answer.contentType);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(answer.status, answer.body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(answer.body);
        }
    }

    /** The value of {@code name} in a url-encoded form body, or null. */
    static String formField(String form, String name) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
