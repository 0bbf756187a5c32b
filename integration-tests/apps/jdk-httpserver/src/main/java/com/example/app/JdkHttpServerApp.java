package com.example.app;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The JDK's com.sun.net.httpserver.HttpServer. Args: [port (0 = ephemeral)] [bind host]. Prints "LISTENING port".
 * An HttpServer Filter sets X-App in front of the one handler; GET /forward answers like /hello (no dispatcher here).
 */
public final class JdkHttpServerApp {
    static final String NAME = "jdk-httpserver";

    public static void main(String[] args) throws Exception {
        exitWhenParentDies();
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
        try (InputStream in = ex.getRequestBody()) {
            in.readAllBytes();
        }
        String path = ex.getRequestURI().getPath();
        boolean get = "GET".equals(ex.getRequestMethod());
        if (get && (path.equals("/hello") || path.equals("/forward"))) {
            send(ex, 200, "text/plain;charset=UTF-8", "hello /hello");
        } else if (get && path.startsWith("/api/items/")) {
            String id = path.substring("/api/items/".length());
            send(ex, 200, "application/json", "{\"id\":\"" + id + "\",\"name\":\"item " + id + "\"}");
        } else if (get && path.equals("/whoami")) {
            send(ex, 200, "text/plain;charset=UTF-8", ex.getRemoteAddress().getAddress().getHostAddress());
        } else if ("POST".equals(ex.getRequestMethod()) && path.equals("/login")) {
            send(ex, 200, "text/plain;charset=UTF-8", "welcome");
        } else {
            send(ex, 404, "text/plain;charset=UTF-8", "not found");
        }
    }

    static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** With -Dit.watchParent=true: exit when the launching test JVM goes away (stdin closes). */
    static void exitWhenParentDies() {
        if (!Boolean.getBoolean("it.watchParent")) return;
        Thread t = new Thread(() -> {
            try {
                while (System.in.read() != -1) { /* drain */ }
            } catch (IOException ignored) {
                // parent gone
            }
            Runtime.getRuntime().halt(3);
        }, "it-parent-watch");
        t.setDaemon(true);
        t.start();
    }
}
