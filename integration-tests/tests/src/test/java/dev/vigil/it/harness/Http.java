package dev.vigil.it.harness;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Real HTTP/1.1 over loopback with java.net.http; every call has a connect and a request timeout. */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private Http() {}

    /** GET path; headers as name, value pairs (e.g. "X-Forwarded-For", "198.51.100.7"). */
    public static Resp get(ServerProcess server, String path, String... headers) {
        return send(server, "GET", path, headers);
    }

    public static Resp post(ServerProcess server, String path, String... headers) {
        return send(server, "POST", path, headers);
    }

    /** GET with X-Forwarded-For: the client a trusted proxy speaks for. */
    public static Resp getAs(ServerProcess server, String forwardedFor, String path) {
        return get(server, path, "X-Forwarded-For", forwardedFor);
    }

    public static Resp send(ServerProcess server, String method, String path, String... headers) {
        return send(server, method, path, "POST".equals(method) ? "user=alice&password=secret" : null, headers);
    }

    /** POST of a url-encoded form. */
    public static Resp postForm(ServerProcess server, String path, String form, String... headers) {
        return send(server, "POST", path, form, headers);
    }

    private static Resp send(ServerProcess server, String method, String path, String form, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        b.method(method, form != null ? HttpRequest.BodyPublishers.ofString(form) : HttpRequest.BodyPublishers.noBody());
        if (form != null) b.header("Content-Type", "application/x-www-form-urlencoded");
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Resp(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new AssertionError(server.describe(method + " " + path + " failed: " + e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A response as a user sees it. */
    public static final class Resp {
        public final int status;
        /** lower-case header names */
        public final Map<String, List<String>> headers;
        public final String body;

        Resp(int status, Map<String, List<String>> headers, String body) {
            this.status = status;
            TreeMap<String, List<String>> h = new TreeMap<>();
            headers.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v));
            this.headers = h;
            this.body = body;
        }

        public Optional<String> header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
        }

        /** Everything but the Date header, which differs between any two responses. */
        public Map<String, List<String>> stableHeaders() {
            TreeMap<String, List<String>> h = new TreeMap<>(headers);
            h.remove("date");
            return h;
        }

        /** status + stable headers + body: what "identical response" means in these tests. */
        public String fingerprint() {
            return status + " " + stableHeaders() + "\n" + body;
        }

        @Override
        public String toString() {
            return status + " " + headers + " body=" + body;
        }
    }
}
