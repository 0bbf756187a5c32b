package dev.vigil.it.evaluation;

import dev.vigil.it.harness.ServerProcess;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The attacks, each a labelled source (one address, or one campaign rotating through many): the
 * issue's scrapers, scanners, password guessers, stuffers spread over a /16 and a /48, a botnet in
 * one /10 with one set of headers, sign-up farms and an account takeover. Every source is bounded in
 * requests, and stops 15 seconds after it was first refused (enough to see it stays refused).
 */
final class Campaigns {
    private static final long LINGER_MILLIS = 15_000;

    private Campaigns() {}

    static List<Caller> all(long seed) {
        Random random = new Random(seed);
        List<Caller> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            all.add(new Scraper("scraping, ids in order", "scraper-walk-" + i, "185.220.10." + (1 + i), false, false, 50, random.nextLong()));
            all.add(new Scraper("scraping, random ids, new session each request", "scraper-mint-" + i, "185.220.11." + (1 + i), true, true, 50, random.nextLong()));
        }
        for (int i = 0; i < 2; i++) {
            all.add(new Scraper("scraping, paced at 2/s", "scraper-paced-" + i, "185.220.12." + (1 + i), true, false, 500, random.nextLong()));
        }
        for (int i = 0; i < 3; i++) {
            all.add(new Scanner("content scanning", "scanner-" + i, "185.220.13." + (1 + i)));
        }
        for (int i = 0; i < 3; i++) {
            all.add(new Guesser("password guessing on the app's own login", "guesser-" + i, "185.220.14." + (1 + i)));
        }
        all.add(new Stuffer("credential stuffing from one address", "stuffer-one", i -> "185.220.15.1", 200, false));
        all.add(new Stuffer("credential stuffing over a /16", "stuffer-16", i -> "198.18." + i + "." + (1 + i % 250), 200, false));
        all.add(new Stuffer("credential stuffing over /64s of one /48", "stuffer-48", i -> "2001:db8:77:" + Integer.toHexString(i) + "::1", 300, false));
        all.add(new Botnet("botnet in one /10, one set of headers", "botnet-10", random.nextLong()));
        all.add(new SignUps("sign-up farm, one address", "signup-one", i -> "185.220.16.1", 60));
        all.add(new SignUps("sign-up farm over a botnet", "signup-botnet", i -> (11 + i % 150) + "." + (i / 150) + ".44.7", 300));
        all.add(new Stuffer("account takeover: stuffing, then a hit", "ato", i -> "185.220.17.1", 9, true));
        for (int i = 0; i < 2; i++) {
            all.add(new Lookups("scraping, ids in the query", "scraper-query-" + i, "185.220.18." + (1 + i), "/item.do?lang=en&id=", 5_000, 50, 200, random.nextLong()));
            all.add(new Lookups("probing other people's orders (403)", "bola-" + i, "185.220.19." + (1 + i), "/orders/", 400, 300, 403, random.nextLong()));
            all.add(new Lookups("bulk download, 8 MB exports", "bulk-" + i, "185.220.20." + (1 + i), "/exports/", 200, 100, 200, random.nextLong()));
        }
        return all;
    }

    /** Stops a source once it has been refused for a while: it has been seen, and the rest would only be load. */
    private static long lingerOrStop(Caller caller, long delay, long[] refusedAt, long elapsedMillis) {
        if (caller.refusedYet()) {
            if (refusedAt[0] < 0) {
                refusedAt[0] = elapsedMillis;
            }
            if (elapsedMillis - refusedAt[0] > LINGER_MILLIS) {
                return -1;
            }
        }
        return delay;
    }

    static final class Scraper extends Caller {
        private final String address;
        private final boolean mintSessions;
        private final long gapMillis;
        private final List<Integer> ids = new ArrayList<>();
        private final long[] refusedAt = {-1};
        private int next;

        Scraper(String kind, String id, String address, boolean shuffled, boolean mintSessions, long gapMillis, long seed) {
            super(kind, id, true);
            this.address = address;
            this.mintSessions = mintSessions;
            this.gapMillis = gapMillis;
            for (int i = 1; i <= People.CATALOGUE; i++) {
                ids.add(i);
            }
            if (shuffled) {
                Collections.shuffle(ids, new Random(seed));
            }
        }

        @Override
        long step(ServerProcess server, long elapsedMillis) {
            if (next >= ids.size()) {
                return -1;
            }
            int item = ids.get(next++);
            String cookie = mintSessions ? "JSESSIONID=minted-" + id + "-" + item : "theme=dark";
            send(server, "GET", "/api/items/" + item, null, "X-Forwarded-For", address, "User-Agent", "Mozilla/5.0 scraper", "Cookie", cookie);
            return lingerOrStop(this, gapMillis, refusedAt, elapsedMillis);
        }
    }

    static final class Scanner extends Caller {
        private static final String[] WORDS = {"admin", "backup", "old", "test", "dev", "tmp", "db", "upload", "private", "config", "site", "data"};
        private static final String[] SUFFIXES = {".php", ".zip", ".bak", ".sql", ".tar.gz", "/", ".old", ".txt", ".xml", ".conf"};
        private final String address;
        private final long[] refusedAt = {-1};
        private int next;

        Scanner(String kind, String id, String address) {
            super(kind, id, true);
            this.address = address;
        }

        @Override
        long step(ServerProcess server, long elapsedMillis) {
            if (next >= 1_000) {
                return -1;
            }
            int n = next++;
            String path = "/" + WORDS[n % WORDS.length] + (n / 120 == 0 ? "" : "-" + n / 120) + SUFFIXES[(n / WORDS.length) % SUFFIXES.length];
            send(server, "GET", path, null, "X-Forwarded-For", address, "User-Agent", "dirbuster/1.0");
            return lingerOrStop(this, 42, refusedAt, elapsedMillis);
        }
    }

    /** Paced guesses of one account's password on the app's own login (a 401 for each wrong one). */
    static final class Guesser extends Caller {
        private final String address;
        private final long[] refusedAt = {-1};
        private int next;

        Guesser(String kind, String id, String address) {
            super(kind, id, true);
            this.address = address;
        }

        @Override
        long step(ServerProcess server, long elapsedMillis) {
            if (next >= 300) {
                return -1;
            }
            send(server, "POST", "/login", "username=alice&password=guess" + next++, "X-Forwarded-For", address, "User-Agent", "hydra");
            return lingerOrStop(this, 500, refusedAt, elapsedMillis);
        }
    }

    /** One account after another, each from the address {@code addresses} gives; optionally a last, right, password (a takeover). */
    static final class Stuffer extends Caller {
        private final java.util.function.IntFunction<String> addresses;
        private final int accounts;
        private final boolean thenHit;
        private final long[] refusedAt = {-1};
        private int next;

        Stuffer(String kind, String id, java.util.function.IntFunction<String> addresses, int accounts, boolean thenHit) {
            super(kind, id, true);
            this.addresses = addresses;
            this.accounts = accounts;
            this.thenHit = thenHit;
        }

        @Override
        long step(ServerProcess server, long elapsedMillis) {
            if (next > accounts || (next == accounts && !thenHit)) {
                return -1;
            }
            int i = next++;
            String form = i == accounts ? "username=victim-ato&password=secret" : "username=" + id + "-victim" + i + "&password=Summer2026!";
            send(server, "POST", "/login", form, "X-Forwarded-For", addresses.apply(i), "User-Agent", "python-requests/2.32");
            return lingerOrStop(this, 300, refusedAt, elapsedMillis);
        }

        /** A takeover is caught when the audit trail names its hit as suspect; the others when refused. */
        @Override
        boolean caught(String auditText) {
            if (!thenHit) {
                return refusedYet();
            }
            return auditText.contains("\"action\":\"ato-suspect\"") && auditText.contains("\"client\":\"" + addresses.apply(accounts) + "\"");
        }
    }

    /** As fast as one connection goes, from a random address in 45.64.0.0/10 each time, always the same headers. */
    /** One address looking up {@code count} objects under {@code prefix}, in random order (no walk), one every {@code gapMillis}; the app answers {@code appStatus}. */
    static final class Lookups extends Caller {
        private final String address;
        private final String prefix;
        private final int count;
        private final long gapMillis;
        private final int appStatus;
        private final List<Integer> ids = new ArrayList<>();
        private final long[] refusedAt = {-1};
        private int next;

        Lookups(String kind, String id, String address, String prefix, int count, long gapMillis, int appStatus, long seed) {
            super(kind, id, true);
            this.address = address;
            this.prefix = prefix;
            this.count = count;
            this.gapMillis = gapMillis;
            this.appStatus = appStatus;
            for (int i = 0; i < count; i++) {
                ids.add(1_000 + 7 * i);
            }
            Collections.shuffle(ids, new Random(seed));
        }

        @Override
        long step(ServerProcess server, long elapsedMillis) {
            if (next >= count) {
                return -1;
            }
            send(server, "GET", prefix + ids.get(next++), null, "X-Forwarded-For", address, "User-Agent", "Mozilla/5.0 probe");
            return lingerOrStop(this, gapMillis, refusedAt, elapsedMillis);
        }

        /** The app's own 403 (someone else's order) is its answer, not Vigil's refusal. */
        @Override
        boolean isRefusal(int status) {
            return status == 429 || (status == 403 && appStatus != 403);
        }
    }

    static final class Botnet extends Caller {
        private final Random random;
        private final long[] refusedAt = {-1};
        private int next;

        Botnet(String kind, String id, long seed) {
            super(kind, id, true);
            this.random = new Random(seed);
        }

        @Override
        long step(ServerProcess server, long elapsedMillis) {
            if (next++ >= 20_000) {
                return -1;
            }
            String address = "45." + (64 + random.nextInt(64)) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
            send(server, "GET", "/hello?page=" + random.nextInt(50), null, "X-Forwarded-For", address, "User-Agent", "python-requests/2.32");
            return lingerOrStop(this, 0, refusedAt, elapsedMillis);
        }
    }

    static final class SignUps extends Caller {
        private final java.util.function.IntFunction<String> addresses;
        private final int count;
        private final long[] refusedAt = {-1};
        private int next;

        SignUps(String kind, String id, java.util.function.IntFunction<String> addresses, int count) {
            super(kind, id, true);
            this.addresses = addresses;
            this.count = count;
        }

        @Override
        long step(ServerProcess server, long elapsedMillis) {
            if (next >= count) {
                return -1;
            }
            int i = next++;
            send(server, "POST", "/signup", "email=fake" + i + "%40mailinator.com", "X-Forwarded-For", addresses.apply(i), "User-Agent", "farm/1.0");
            return lingerOrStop(this, 400, refusedAt, elapsedMillis);
        }

        /** Refused, or reported by the fingerprint's quota, which only monitors. */
        @Override
        boolean caught(String auditText) {
            return refusedYet() || auditText.contains("\"rule\":\"default-sign-up-and-reset-per-fingerprint\"");
        }
    }
}
