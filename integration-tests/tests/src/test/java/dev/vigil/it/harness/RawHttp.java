package dev.vigil.it.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 written byte for byte on a socket, as an attacker would: repeated header lines, any method,
 * any path, raw bytes in a body. One request per connection ({@code Connection: close}), bounded by timeouts.
 */
public final class RawHttp {
    private final String method;
    private final String target;
    private final List<String[]> headers = new ArrayList<>();
    private byte[] body;

    private RawHttp(String method, String target) {
        this.method = method;
        this.target = target;
    }

    public static RawHttp request(String method, String target) {
        return new RawHttp(method, target);
    }

    /** Adds one header line; call twice with one name for two lines. */
    public RawHttp header(String name, String value) {
        headers.add(new String[] {name, value});
        return this;
    }

    /** A url-encoded form body, sent as UTF-8 bytes with no charset in its Content-Type (as browsers do). */
    public RawHttp form(String encoded) {
        header("Content-Type", "application/x-www-form-urlencoded");
        this.body = encoded.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    public Response sendTo(ServerProcess server) {
        return send(server, "127.0.0.1");
    }

    /** Over IPv6 loopback, from peer ::1. */
    public Response sendV6(ServerProcess server) {
        return send(server, "::1");
    }

    private Response send(ServerProcess server, String host) {
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(host.contains(":") ? "[" + host + "]" : host).append(':').append(server.port()).append("\r\n");
        for (String[] h : headers) {
            head.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        if (body != null) head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, server.port()), 5_000);
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            if (body != null) out.write(body);
            out.flush();
            return Response.parse(readAll(socket.getInputStream()), "HEAD".equals(method));
        } catch (IOException e) {
            throw new AssertionError(server.describe(method + " " + abbreviate(target) + " over " + host + " failed: " + e), e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "...(" + s.length() + " chars)" : s;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0; ) bytes.write(buffer, 0, n);
        return bytes.toByteArray();
    }

    /** What came back: status, headers (lower-case names), body (chunked encoding undone). */
    public static final class Response {
        public final int status;
        public final Map<String, List<String>> headers;
        public final String body;

        private Response(int status, Map<String, List<String>> headers, String body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        static Response parse(byte[] raw, boolean head) {
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) throw new AssertionError("no complete response head: " + text);
            String[] lines = text.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
            String rest = head ? "" : text.substring(end + 4);
            if (headers.getOrDefault("transfer-encoding", List.of()).contains("chunked")) rest = unchunk(rest);
            return new Response(status, headers, new String(rest.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }

        private static String unchunk(String chunked) {
            StringBuilder out = new StringBuilder();
            int at = 0;
            while (true) {
                int lineEnd = chunked.indexOf("\r\n", at);
                if (lineEnd < 0) break;
                int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
                if (size == 0) break;
                out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
                at = lineEnd + 2 + size + 2;
            }
            return out.toString();
        }

        public Optional<String> header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
        }

        @Override
        public String toString() {
            return status + " " + headers + " body=" + (body.length() > 200 ? body.substring(0, 200) + "..." : body);
        }
    }
}
