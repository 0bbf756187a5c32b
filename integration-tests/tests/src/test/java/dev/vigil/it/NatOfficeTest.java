package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.Http;
import dev.vigil.it.harness.ItEnv;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Forty people in one office behind one NAT address, browsing a server-rendered app at a human
 * pace: each opens a page with its 25 stylesheets, scripts, fonts and images, thinks, and opens a
 * second one whose assets are cached but for five new images. With the built-in defaults and no
 * policy file, none of them is ever refused; under the former default (every request counted
 * against one per-address budget) most of the office's requests were.
 */
@Timeout(120)
class NatOfficeTest {
    private static final String OFFICE = "198.51.100.20";
    private static final int PEOPLE = 40;
    private static final long THINK_MILLIS = 1_500;
    private static final String[] FIRST_VISIT_ASSETS = firstVisitAssets();

    private static String[] firstVisitAssets() {
        List<String> assets = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            assets.add("/css/part" + i + ".css");
            assets.add("/js/chunk-" + i + ".3f9a1b" + i + ".js");
            assets.add("/img/photo" + i + ".jpg");
        }
        for (String asset : new String[] {"/img/logo.svg", "/img/icons.png", "/fonts/body.woff2", "/fonts/head.woff2", "/favicon.ico", "/img/hero.webp", "/js/app.js.map"}) {
            assets.add(asset);
        }
        return assets.toArray(new String[0]);
    }

    /** Counts what the office was answered: requests sent, and refusals (429 or 403). */
    private static final class Answers {
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();

        void get(ServerProcess server, String path) {
            int status = Http.get(server, path, "X-Forwarded-For", OFFICE).status;
            requests.incrementAndGet();
            if (status == 429 || status == 403) {
                refused.incrementAndGet();
            }
        }
    }

    private static Answers browse(ServerProcess server) throws Exception {
        Answers answers = new Answers();
        ExecutorService people = Executors.newFixedThreadPool(PEOPLE);
        try {
            List<Future<?>> visits = new ArrayList<>();
            for (int person = 0; person < PEOPLE; person++) {
                int id = person;
                visits.add(people.submit(() -> {
                    Thread.sleep(id * 25L); // people do not all click at the same instant
                    answers.get(server, "/hello?page=items&person=" + id);
                    for (String asset : FIRST_VISIT_ASSETS) {
                        answers.get(server, asset);
                    }
                    Thread.sleep(THINK_MILLIS);
                    answers.get(server, "/hello?page=item&person=" + id);
                    for (int image = 0; image < 5; image++) {
                        answers.get(server, "/img/item-" + id + "-" + image + ".jpg");
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
        return answers;
    }

    @ParameterizedTest(name = "built-in defaults on {0}")
    @EnumSource(Jdk.class)
    void anOfficeBrowsingAtAHumanPaceIsNeverRefused(Jdk jdk) throws Exception {
        Assumptions.assumeTrue(jdk.available(), jdk + " not installed");
        try (ServerProcess server = ServerProcess.builder(App.JETTY12, jdk).name("nat-office").start().awaitListening()) {
            Answers answers = browse(server);
            assertThat(answers.requests.get()).isEqualTo(PEOPLE * (2 + FIRST_VISIT_ASSETS.length + 5));
            assertThat(answers.refused.get()).as("requests of real people refused, out of %d", answers.requests.get()).isZero();
            System.out.printf("[measured] NAT office on %s, built-in defaults: %d requests, %d refused%n", jdk, answers.requests.get(), answers.refused.get());
        }
    }

    @Test
    void theFormerDefaultThatCountedEveryRequestRefusedMostOfThem() throws Exception {
        Path dir = ItEnv.newWorkDir("jetty12-nat-office-former-default");
        Path policy = dir.resolve("vigil.yaml");
        Files.writeString(policy, "rules: [{name: default-per-ip, rate: 50/s, burst: 100}]\n");
        try (ServerProcess server = ServerProcess.builder(App.JETTY12, Jdk.JAVA17).name("nat-office-former").workDir(dir).policy(policy).start().awaitListening()) {
            Answers answers = browse(server);
            assertThat(answers.refused.get()).as("the same office's requests refused").isGreaterThan(answers.requests.get() / 2);
            System.out.printf("[measured] NAT office, former default: %d requests, %d refused%n", answers.requests.get(), answers.refused.get());
        }
    }
}
