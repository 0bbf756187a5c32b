package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.Http;
import dev.vigil.it.harness.Http.Resp;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.ServerProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A content scanner walking common file names through a trusted proxy, against a real Jetty app with
 * the built-in defaults (no policy file): the app answers its first few dozen probes (404), then
 * Vigil refuses the scanner, while everyone else is served.
 */
@Timeout(120)
class ScanningTest {
    private static final String SCANNER = "203.0.113.50";
    private static final String[] WORDS = {"admin", "backup", "old", "test", "dev", "tmp", "db", "upload", "private", "config"};
    private static final String[] SUFFIXES = {".php", ".zip", ".bak", ".sql", ".tar.gz", "/", ".old", ".txt", ".xml", ".conf"};

    @ParameterizedTest(name = "built-in defaults on {0}")
    @EnumSource(Jdk.class)
    void aScannerIsRefusedAfterAFewDozenNotFoundAnswersAndNobodyElseIs(Jdk jdk) throws Exception {
        Assumptions.assumeTrue(jdk.available(), jdk + " not installed");
        try (ServerProcess server = ServerProcess.builder(App.JETTY12, jdk).name("scanning").start().awaitListening()) {
            int answeredByTheApp = 0;
            int refused = 0;
            for (String word : WORDS) {
                for (String suffix : SUFFIXES) {
                    for (int n = 0; n < 2; n++) {
                        Resp r = Http.get(server, "/" + word + (n == 0 ? "" : "-" + n) + suffix, "X-Forwarded-For", SCANNER);
                        if (r.status == 429) {
                            refused++;
                            assertThat(r.header("Retry-After")).isPresent();
                        } else {
                            assertThat(refused).as("once refused, the scanner stays refused").isZero();
                            answeredByTheApp++;
                        }
                    }
                }
            }
            assertThat(answeredByTheApp + refused).isEqualTo(200);
            assertThat(answeredByTheApp).as("probes the app answered before the refusal").isBetween(28, 34);
            assertThat(Http.get(server, "/hello", "X-Forwarded-For", "198.51.100.7").status).as("another client").isEqualTo(200);
            assertThat(server.agentLines(l -> l.contains("rule=scan"))).as(server.describe("the refusal's notice")).isNotEmpty();
            System.out.printf("[measured] scanner on %s: %d of 200 probes reached the app, %d refused%n", jdk, answeredByTheApp, refused);
        }
    }
}
