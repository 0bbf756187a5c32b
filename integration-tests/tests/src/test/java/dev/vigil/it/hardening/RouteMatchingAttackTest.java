package dev.vigil.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.AuditLog;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.RawHttp;
import dev.vigil.it.harness.ServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The attacker writes the path. Against the POLICY's {@code globs} rule ({@code /**}{@code /api/**}{@code /admin/**}{@code /delete},
 * burst 1), a 7 KB path of {@code /api/admin} pairs made a backtracking matcher try every way of
 * placing the three {@code **}: seconds per request, throttled or not. Matching must stay linear, and
 * padding must not dodge the rule.
 */
class RouteMatchingAttackTest {
    /** Starts with /p so that no other POLICY rule (/api/**, /net/**, ...) sees it. */
    private static final String PADDING = padding(7_000);
    private static final Duration WHOLE_BATCH = Duration.ofSeconds(20);

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("dev.vigil.it.hardening.HardeningServers#servers")
    void pathsShapedToBacktrackAreAnsweredAtOnce(App app, Jdk jdk) {
        ServerProcess server = HardeningServers.get(app, jdk);
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            RawHttp.Response v4 = get(PADDING + "/x").header("X-Forwarded-For", "198.51.100.40").sendTo(server);
            RawHttp.Response v6 = get(PADDING + "/x").header("X-Forwarded-For", "2001:db8:4::40").sendV6(server);
            assertThat(List.of(v4.status, v6.status)).as("a padded path the rule does not match is not throttled").doesNotContain(429);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("20 padded requests (the old matcher: ~2.7 s each)").isLessThan(WHOLE_BATCH);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("dev.vigil.it.hardening.HardeningServers#servers")
    void aRealDeleteIsThrottledOnItsSecondRequest(App app, Jdk jdk) {
        assertSecondRequestThrottled(HardeningServers.get(app, jdk), "/x/api/y/admin/z/delete", "198.51.100.41", "2001:db8:4::41");
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("dev.vigil.it.hardening.HardeningServers#servers")
    void aPaddedDeleteCountsAgainstTheRule(App app, Jdk jdk) {
        assertSecondRequestThrottled(HardeningServers.get(app, jdk), PADDING + "/delete", "198.51.100.42", "2001:db8:4::42");
    }

    /** The globs rule has burst 1: one client's second request to a matching path is refused, over IPv4 and IPv6. */
    private static void assertSecondRequestThrottled(ServerProcess server, String path, String v4Client, String v6Client) {
        assertThat(get(path).header("X-Forwarded-For", v4Client).sendTo(server).status).isNotEqualTo(429);
        assertThrottled(get(path).header("X-Forwarded-For", v4Client).sendTo(server));
        assertThat(get(path).header("X-Forwarded-For", v6Client).sendV6(server).status).isNotEqualTo(429);
        assertThrottled(get(path).header("X-Forwarded-For", v6Client).sendV6(server));
    }

    /**
     * Over 8192 characters Vigil does not read the path: it counts against every rule (globs: burst 1).
     * Tomcat and Jetty refuse such a request line themselves (400/414), which is fine: they answer at once.
     * IPv6 clients, one /64 each, so the subnet rule's buckets are ours alone.
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("dev.vigil.it.hardening.HardeningServers#servers")
    void aPathOverTheLimitCountsAgainstTheRules(App app, Jdk jdk) {
        ServerProcess server = HardeningServers.get(app, jdk);
        String path = padding(9_000) + "/x";
        RawHttp.Response first = get(path).header("X-Forwarded-For", "2001:db8:4:43::1").sendTo(server);
        RawHttp.Response second = get(path).header("X-Forwarded-For", "2001:db8:4:43::1").sendTo(server);
        RawHttp.Response firstV6 = get(path).header("X-Forwarded-For", "2001:db8:4:44::1").sendV6(server);
        RawHttp.Response secondV6 = get(path).header("X-Forwarded-For", "2001:db8:4:44::1").sendV6(server);
        if (refusedByTheServer(first.status)) {
            assertThat(List.of(second.status, firstV6.status, secondV6.status)).as("the server refuses every such request line").allMatch(RouteMatchingAttackTest::refusedByTheServer);
            return;
        }
        assertThat(List.of(first.status, firstV6.status)).doesNotContain(429);
        assertThrottled(second);
        assertThrottled(secondV6);
        Map<String, Object> line = HardeningServers.audit(app, jdk).await(AuditLog.field("client", "2001:db8:4:43::1"), Duration.ofSeconds(10));
        assertThat(String.valueOf(line.get("path"))).as("the audit trail keeps the first 8192 characters").hasSize(8192).isEqualTo(path.substring(0, 8192));
    }

    private static boolean refusedByTheServer(int status) {
        return status == 400 || status == 414 || status == 431;
    }

    private static void assertThrottled(RawHttp.Response response) {
        assertThat(response.status).as(response.toString()).isEqualTo(429);
        assertThat(response.header("Retry-After")).isPresent();
    }

    private static RawHttp get(String path) {
        return RawHttp.request("GET", path);
    }

    private static String padding(int length) {
        StringBuilder path = new StringBuilder("/p");
        while (path.length() < length) {
            path.append("/api/admin");
        }
        return path.toString();
    }
}
