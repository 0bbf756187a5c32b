package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.Http;
import dev.vigil.it.harness.ItEnv;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A botnet in one /10 sending the same headers from random addresses through a trusted proxy,
 * against a real Jetty app whose route has learned its usual load from people on many networks with
 * their own browsers (the warm-up shortened to 10 one-second intervals by the policy, so the test
 * does not wait five minutes). The route goes under attack within a second, the botnet gets a
 * trickle, the people are never refused, and once the botnet stops the route is released.
 */
@Timeout(120)
class BotnetTest {
    private static final String ROUTE = "/hello";

    private static int person(ServerProcess server, int who) {
        return Http.get(server, ROUTE + "?q=" + who, "X-Forwarded-For", (20 + who) + ".7.1.1", "User-Agent", "browser/" + who).status;
    }

    private static int bot(ServerProcess server, Random random) {
        String address = "100." + (64 + random.nextInt(64)) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
        return Http.get(server, ROUTE, "X-Forwarded-For", address, "User-Agent", "python-requests/2.32").status;
    }

    @Test
    void aBotnetWithOneFingerprintGetsATrickleWhilePeopleAreServed() throws Exception {
        Path dir = ItEnv.newWorkDir("jetty12-botnet");
        Path policy = dir.resolve("vigil.yaml");
        Files.writeString(policy, "detectors:\n  underAttack: { interval: 1s, warmUp: 10s }\n");
        try (ServerProcess server = ServerProcess.builder(App.JETTY12, Jdk.JAVA17).name("botnet").workDir(dir).policy(policy).start().awaitListening()) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger peopleRefused = new AtomicInteger();
            AtomicInteger peopleServed = new AtomicInteger();
            Thread people = new Thread(() -> {
                int who = 0;
                while (!stop.get()) {
                    int status = person(server, who++ % 20);
                    if (status == 200) {
                        peopleServed.incrementAndGet();
                    } else {
                        peopleRefused.incrementAndGet();
                    }
                    try {
                        Thread.sleep(40); // about 20 requests a second between them
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            people.start();
            try {
                Thread.sleep(13_000); // the warm-up, and a little
                Random random = new Random(5);
                int botServed = 0;
                int botSent = 6_000;
                for (int i = 0; i < botSent; i++) {
                    int status = bot(server, random);
                    assertThat(status).isIn(200, 429);
                    botServed += status == 200 ? 1 : 0;
                }
                assertThat(botServed).as("bot requests served of %d", botSent).isLessThan(botSent / 5);
                assertThat(server.agentLines(l -> l.contains("rule=under-attack"))).as(server.describe("the refusal notices")).isNotEmpty();
                Thread.sleep(6_000); // three calm intervals, and a little
                assertThat(bot(server, random)).as("released: the same client is served again").isEqualTo(200);
                System.out.printf("[measured] botnet in one /10 with one fingerprint: %d of %d served; people: %d served, %d refused%n",
                        botServed, botSent, peopleServed.get(), peopleRefused.get());
            } finally {
                stop.set(true);
                people.join(5_000);
            }
            assertThat(peopleRefused.get()).as("people's requests refused").isZero();
        }
    }
}
