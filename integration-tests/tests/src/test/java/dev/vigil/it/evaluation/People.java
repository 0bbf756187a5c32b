package dev.vigil.it.evaluation;

import dev.vigil.it.harness.ServerProcess;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * The benign population: people at a human pace with Zipf-distributed activity (the busiest opens
 * a page every 5 seconds, most one every minute or two), each page with its assets (ten on the first
 * visit, two after), a session cookie from their second request on, some logging in (now and then
 * mistyping first) or signing up; people behind three office NAT addresses and two mobile carriers'
 * shared addresses; heavy API clients with keys; dashboards polling a status with a cache buster;
 * polite crawlers.
 */
final class People {
    static final int CATALOGUE = 5_000;

    private People() {}

    static List<Caller> population(long seed) {
        Random random = new Random(seed);
        List<Caller> all = new ArrayList<>();
        int n = 0;
        for (int i = 0; i < 300; i++, n++) {
            all.add(new Person("resident", "residents-" + i, "203." + (i % 200) + "." + (i / 200) + ".10", rank(n), random.nextLong()));
        }
        for (int office = 0; office < 3; office++) {
            for (int i = 0; i < 20; i++, n++) {
                all.add(new Person("office NAT", "office" + office + "-" + i, "198.51.100." + (10 + office), rank(n), random.nextLong()));
            }
        }
        for (int i = 0; i < 60; i++, n++) {
            // carrier-grade NAT: 60 people on 6 shared addresses of one /24
            all.add(new Person("mobile carrier", "carrier-" + i, "100.72.9." + (1 + i % 6), rank(n), random.nextLong()));
        }
        for (int i = 0; i < 3; i++) {
            all.add(new ApiClient("apiclient-" + i, "192.0.2." + (20 + i), random.nextLong()));
        }
        for (int i = 0; i < 3; i++) {
            all.add(new Poller("poller-" + i, "198.51.100." + (30 + i)));
        }
        for (int i = 0; i < 2; i++) {
            all.add(new Crawler("crawler-" + i, "66.249.66." + (1 + i), random.nextLong()));
        }
        return all;
    }

    /** Page views a minute for the n-th busiest person: 12 / n, at least 0.5. */
    private static double rank(int n) {
        return Math.max(12.0 / (1 + n), 0.5);
    }

    /** A person with a browser: pages with assets, think time, a session, sometimes a login or a sign-up. */
    static final class Person extends Caller {
        private final String address;
        private final double pagesPerMinute;
        private final Random random;
        private final Deque<String[]> pending = new ArrayDeque<>();
        private final String userAgent;
        private boolean visited;
        private String session;
        private boolean loggedIn;
        private final boolean logsIn;
        private final boolean signsUp;

        Person(String kind, String id, String address, double pagesPerMinute, long seed) {
            super(kind, id, false);
            this.address = address;
            this.pagesPerMinute = pagesPerMinute;
            this.random = new Random(seed);
            this.userAgent = "Mozilla/5.0 (" + (random.nextInt(3) == 0 ? "Macintosh" : "Windows NT 10.0") + ") Chrome/" + (120 + random.nextInt(12));
            this.logsIn = random.nextInt(10) == 0;
            this.signsUp = random.nextInt(15) == 0;
        }

        @Override
        long step(ServerProcess server, long elapsedMillis) {
            if (pending.isEmpty()) {
                planPage();
            }
            String[] next = pending.poll();
            String cookie = session == null ? "theme=light" : "theme=light; JSESSIONID=" + session;
            send(server, next[0], next[1], next[2], "X-Forwarded-For", address, "User-Agent", userAgent, "Cookie", cookie, "Accept-Language", "en-GB");
            if (session == null) {
                session = id + "-" + Long.toHexString(random.nextLong()); // the app's Set-Cookie, as the browser keeps it
            }
            if (!pending.isEmpty()) {
                return 15; // the rest of the page, as a browser fetches it
            }
            return (long) (-Math.log(1 - random.nextDouble()) * 60_000 / pagesPerMinute);
        }

        private void planPage() {
            if (logsIn && !loggedIn && visited) {
                if (random.nextInt(3) == 0) {
                    pending.add(new String[] {"POST", "/login", "username=" + id + "&password=wrong"});
                }
                pending.add(new String[] {"POST", "/login", "username=" + id + "&password=secret"});
                loggedIn = true;
                return;
            }
            if (signsUp && visited && random.nextInt(4) == 0) {
                pending.add(new String[] {"POST", "/signup", "email=" + id + "%40example.com"});
            }
            pending.add(new String[] {"GET", random.nextBoolean() ? "/api/items/" + zipfItem() : "/hello?page=" + random.nextInt(50), null});
            int assets = visited ? 2 : 10;
            for (int i = 0; i < assets; i++) {
                pending.add(new String[] {"GET", "/assets/" + (visited ? "img-" + random.nextInt(500) + ".png" : "part" + i + ".css"), null});
            }
            visited = true;
        }

        /** Popular items more often: item k with weight 1/k. */
        private int zipfItem() {
            return 1 + (int) Math.floor(Math.exp(random.nextDouble() * Math.log(CATALOGUE)) - 1);
        }
    }

    /**
     * A partner's integration: 15 lookups a second of random items from an API that checks its
     * credentials, with its API key; its first call forgets them (the app answers 401).
     */
    static final class ApiClient extends Caller {
        private final String address;
        private final Random random;
        private boolean started;

        ApiClient(String id, String address, long seed) {
            super("API client", id, false);
            this.address = address;
            this.random = new Random(seed);
        }

        @Override
        long step(ServerProcess server, long elapsedMillis) {
            String credentials = started ? "?password=secret" : "";
            started = true;
            send(server, "GET", "/partner/items/" + (1 + random.nextInt(CATALOGUE)) + credentials, null, "X-Forwarded-For", address, "X-API-Key",
                    "partner-key-" + id, "User-Agent", "partner-sync/3.1");
            return 66;
        }
    }

    /** A polite crawler: robots.txt first, then a page every ten seconds. */
    static final class Crawler extends Caller {
        private final String address;
        private final Random random;
        private boolean started;

        Crawler(String id, String address, long seed) {
            super("crawler", id, false);
            this.address = address;
            this.random = new Random(seed);
        }

        @Override
        long step(ServerProcess server, long elapsedMillis) {
            String path = started ? "/api/items/" + (1 + random.nextInt(CATALOGUE)) : "/robots.txt";
            started = true;
            send(server, "GET", path, null, "X-Forwarded-For", address, "User-Agent", "Mozilla/5.0 (compatible; Googlebot/2.1)");
            return 10_000;
        }
    }

    /** A dashboard left open: polls {@code /api/status?_=<epoch ms>} every two seconds, as jQuery's {@code cache: false} does. */
    static final class Poller extends Caller {
        private final String address;

        Poller(String id, String address) {
            super("dashboard polling with a cache buster", id, false);
            this.address = address;
        }

        @Override
        long step(ServerProcess server, long elapsedMillis) {
            send(server, "GET", "/api/status?_=" + System.currentTimeMillis(), null, "X-Forwarded-For", address, "User-Agent", "Mozilla/5.0 dashboard",
                    "Cookie", "JSESSIONID=dashboard-" + id);
            return 2_000;
        }
    }
}
