package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.FrameworkApp;
import dev.vigil.it.harness.Http;
import dev.vigil.it.harness.Http.Resp;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.Launchable;
import dev.vigil.it.harness.ServerProcess;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scrapers pacing themselves under the per-address rate limit through a trusted proxy, against real
 * apps with the built-in defaults (no policy file): one walking {@code /api/items/1..N} in order, one
 * taking ids in random order with a made-up session cookie on every request. Both are refused after
 * a few hundred objects at most, and stay refused; an office of people with their own sessions
 * behind one address, looking items up at a human pace, never is.
 */
@Timeout(180)
class ScrapingTest {
    private static final String WALKER = "203.0.113.60";
    private static final String SHUFFLER = "203.0.113.61";
    private static final String OFFICE = "198.51.100.60";
    /** Under the default 50 requests/s per address. */
    private static final long SCRAPER_GAP_MILLIS = 25;

    static Stream<Arguments> servers() {
        List<Arguments> targets = new ArrayList<>();
        for (Jdk jdk : Jdk.values()) {
            targets.add(Arguments.of(App.JETTY12, jdk));
        }
        targets.add(Arguments.of(FrameworkApp.SPRING_BOOT, Jdk.JAVA17));
        return targets.stream();
    }

    /** Items served to one scraper before its first 429; once refused, the next requests must be refused too. */
    private static int servedBeforeRefusal(ServerProcess server, String client, List<Integer> ids, boolean mintSessions) throws Exception {
        int served = 0;
        for (int id : ids) {
            String cookie = mintSessions ? "JSESSIONID=minted" + id : "theme=dark";
            Resp r = Http.get(server, "/api/items/" + id, "X-Forwarded-For", client, "Cookie", cookie);
            if (r.status == 429) {
                assertThat(r.header("Retry-After")).isPresent();
                for (int more = 1; more <= 5; more++) {
                    Resp again = Http.get(server, "/api/items/" + (id + more), "X-Forwarded-For", client, "Cookie", "JSESSIONID=fresh" + more);
                    assertThat(again.status).as("refused, even with a fresh session").isEqualTo(429);
                }
                return served;
            }
            assertThat(r.status).as("item %d: %s", id, r.body).isEqualTo(200);
            served++;
            Thread.sleep(SCRAPER_GAP_MILLIS);
        }
        return served;
    }

    /** Products named by words ({@code /products/blue-widget-17}), one at a time, before the first 429. */
    private static int slugsBeforeRefusal(ServerProcess server) throws Exception {
        String[] words = {"blue", "red", "green", "widget", "gadget", "lamp", "chair", "table", "mug", "shoe"};
        int served = 0;
        for (int i = 0; i < 1_000; i++) {
            String slug = words[i % 10] + "-" + words[(i / 10) % 10] + "-" + words[(i / 100) % 10];
            Resp r = Http.get(server, "/products/" + slug, "X-Forwarded-For", "203.0.113.62");
            if (r.status == 429) {
                return served;
            }
            assertThat(r.status).as("product %s: %s", slug, r.body).isEqualTo(200);
            served++;
            Thread.sleep(SCRAPER_GAP_MILLIS);
        }
        return served;
    }

    /** Thirty people with sessions of their own at one address, each looking up twelve random items a second apart; returns refusals. */
    private static int officeRefusals(ServerProcess server) throws Exception {
        AtomicInteger refused = new AtomicInteger();
        ExecutorService people = Executors.newFixedThreadPool(30);
        try {
            List<Future<?>> visits = new ArrayList<>();
            for (int person = 0; person < 30; person++) {
                int id = person;
                visits.add(people.submit(() -> {
                    Random random = new Random(id);
                    Thread.sleep(id * 33L);
                    for (int look = 0; look < 12; look++) {
                        int status = Http.get(server, "/api/items/" + random.nextInt(5_000), "X-Forwarded-For", OFFICE, "Cookie", "JSESSIONID=person" + id).status;
                        if (status != 200) {
                            refused.incrementAndGet();
                        }
                        Thread.sleep(1_000);
                    }
                    return null;
                }));
            }
            for (Future<?> visit : visits) {
                visit.get(60, TimeUnit.SECONDS);
            }
        } finally {
            people.shutdownNow();
        }
        return refused.get();
    }

    @ParameterizedTest(name = "built-in defaults on {0}, {1}")
    @MethodSource("servers")
    void scrapersAreRefusedAfterAFewHundredItemsAndAnOfficeNeverIs(Launchable app, Jdk jdk) throws Exception {
        Assumptions.assumeTrue(jdk.available(), jdk + " not installed");
        try (ServerProcess server = ServerProcess.builder(app, jdk).name("scraping").start().awaitListening()) {
            List<Integer> inOrder = new ArrayList<>();
            for (int id = 1; id <= 2_400; id++) {
                inOrder.add(id);
            }
            int walked = servedBeforeRefusal(server, WALKER, inOrder, false);
            assertThat(walked).as("items served to a scraper walking ids in order").isBetween(95, 105);

            List<Integer> shuffled = new ArrayList<>();
            for (int i = 0; i < 2_400; i++) {
                shuffled.add(10_000 + i * 13);
            }
            Collections.shuffle(shuffled, new Random(3));
            int taken = servedBeforeRefusal(server, SHUFFLER, shuffled, true);
            assertThat(taken).as("items served to a scraper in random order, minting sessions").isBetween(250, 350);

            if (app == FrameworkApp.SPRING_BOOT) {
                int slugs = slugsBeforeRefusal(server);
                assertThat(slugs).as("products named by words (Spring's /products/{slug}) served to a scraper").isBetween(250, 350);
                System.out.printf("[measured] slug scraper on spring-boot: %d products served%n", slugs);
            }
            assertThat(officeRefusals(server)).as("lookups of an office's people refused").isZero();
            assertThat(Http.get(server, "/api/items/7", "X-Forwarded-For", "198.51.100.61").status).as("another client").isEqualTo(200);
            assertThat(server.agentLines(l -> l.contains("rule=enumeration"))).as(server.describe("the refusals' notices")).isNotEmpty();
            assertThat(String.join("\n", server.agentLines())).as("session ids never reach the log").doesNotContain("minted", "fresh1", "person1");
            System.out.printf("[measured] scrapers on %s %s: in order %d of 2400 items served, random order with minted sessions %d%n", app.id(), jdk, walked, taken);
        }
    }
}
