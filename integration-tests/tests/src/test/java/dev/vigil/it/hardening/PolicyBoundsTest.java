package dev.vigil.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.RawHttp;
import dev.vigil.it.harness.ServerProcess;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Values past what a bucket or a lockout can hold: a duration of 300000 days used to pass validation
 * and then fail startup with an InvocationTargetException (exit code 0 even with failOnInvalidConfig),
 * and a rate slower than one per 73 years refused every request. Each must be the usual one-line policy
 * error: the app serves unprotected, or the JVM exits 78 under {@code -Dvigil.failOnInvalidConfig=true}.
 */
class PolicyBoundsTest {
    private static final Duration AGENT_IO = Duration.ofSeconds(10);
    private static final String TOO_LONG = String.join("\n",
            "trustedProxies: [127.0.0.0/8, \"::1/128\"]",
            "state:",
            "  idleExpiry: 300000d",
            "rules:",
            "  - { name: tight, routes: [\"/hello\"], rate: 1/m, burst: 1 }",
            "");
    private static final String TOO_SLOW = String.join("\n",
            "trustedProxies: [127.0.0.0/8, \"::1/128\"]",
            "rules:",
            "  - { name: tight, routes: [\"/hello\"], rate: 0.00000001/h, burst: 1 }",
            "");

    @ParameterizedTest(name = "jdk-httpserver on {0}")
    @EnumSource(Jdk.class)
    void aDurationPastAYearIsOneLineAndTheAppServes(Jdk jdk) {
        try (ServerProcess server = HardeningServers.startWith(App.JDK_HTTPSERVER, jdk, "duration-too-long", TOO_LONG).awaitListening()) {
            assertThat(invalidPolicyLineOfAnAppServingUnprotected(server))
                    .isEqualTo("[vigil] ERROR invalid policy " + server.workDir.resolve("vigil.yaml")
                            + " line 3 column 15: state.idleExpiry: duration must be at most 365d, got '300000d'"
                            + "; agent disabled, the application runs unprotected");
        }
    }

    @ParameterizedTest(name = "jdk-httpserver on {0}")
    @EnumSource(Jdk.class)
    void aRateTooSlowForABucketIsOneLineAndTheAppServes(Jdk jdk) {
        try (ServerProcess server = HardeningServers.startWith(App.JDK_HTTPSERVER, jdk, "rate-too-slow", TOO_SLOW).awaitListening()) {
            assertThat(invalidPolicyLineOfAnAppServingUnprotected(server))
                    .contains(" line 3 column ")
                    .contains("rules[0].rate: must be at least one per 365d, got '0.00000001/h'");
        }
    }

    @ParameterizedTest(name = "jdk-httpserver on {0}")
    @EnumSource(Jdk.class)
    void anInvalidPolicyExits78UnderFailOnInvalidConfig(Jdk jdk) {
        try (ServerProcess server = HardeningServers.startWith(App.JDK_HTTPSERVER, jdk, "duration-fail-on-invalid", TOO_LONG,
                b -> b.sysProp("vigil.failOnInvalidConfig", "true"))) {
            assertThat(server.awaitExit(ServerProcess.START_TIMEOUT)).as(server.describe("exit code")).isEqualTo(78);
            assertThat(server.stdout()).doesNotContain("LISTENING");
            assertThat(server.agentLines())
                    .anySatisfy(l -> assertThat(l).startsWith("[vigil] ERROR invalid policy").contains("state.idleExpiry: duration must be at most 365d"))
                    .contains("[vigil] ERROR exiting because -Dvigil.failOnInvalidConfig=true");
            assertNoStackTrace(server);
        }
    }

    /**
     * The policy's rule (burst 1 on /hello) is not applied: the agent is disabled and the app answers every
     * request. Returns the one error line, after checking that no stack trace came with it.
     */
    private static String invalidPolicyLineOfAnAppServingUnprotected(ServerProcess server) {
        for (int i = 1; i <= 3; i++) {
            RawHttp.Response response = RawHttp.request("GET", "/hello").header("X-Forwarded-For", "198.51.100.70").sendTo(server);
            assertThat(response.status).as("request %d: %s", i, response).isEqualTo(200);
        }
        String line = server.awaitAgentLine(l -> l.startsWith("[vigil] ERROR invalid policy"), AGENT_IO);
        assertNoStackTrace(server);
        return line;
    }

    private static void assertNoStackTrace(ServerProcess server) {
        assertThat(server.stderr()).doesNotContain("InvocationTargetException").doesNotContain("\tat ").doesNotContain("startup failed");
    }
}
