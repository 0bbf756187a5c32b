package dev.vigil.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.RawHttp;
import dev.vigil.it.harness.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A full table keeps its abusers: with {@code maxKeysPerRule: 50} and {@code maxTrackedKeys: 50}
 * ({@link HardeningServers#POLICY}), 200 one-off callers from new addresses, IPv4 and IPv6 mixed,
 * give neither a throttled caller a fresh burst (rule {@code flood}: burst 2, 1/m) nor a locked-out
 * login source its password check back. The flood's own callers, each in good standing, are the ones
 * the tables forget.
 *
 * <p>The flood's IPv6 addresses travel in X-Forwarded-For over the IPv4 loopback: Jetty 12 reports an
 * IPv6 peer as {@code [0:0:0:0:0:0:0:1]}, which is not matched against the trusted {@code ::1/128}
 * yet, so over IPv6 every Jetty client would share that one key.
 */
class TableFloodTest {
    private static final int FLOOD = 200;
    private static final String THROTTLED_CALLER = "198.51.100.80";
    private static final String LOCKED_SOURCE = "198.51.100.81";

    /** The servers with a BASIC-auth hook (Tomcat 11 realm, Jetty 12 login service), on each JDK. */
    static Stream<Arguments> authServers() {
        List<Arguments> targets = new ArrayList<>();
        for (Jdk jdk : Jdk.values()) {
            targets.add(Arguments.of(App.TOMCAT11, jdk));
            targets.add(Arguments.of(App.JETTY12, jdk));
        }
        return targets.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("dev.vigil.it.hardening.HardeningServers#servers")
    void aThrottledCallerStaysThrottledAfterAFloodOfNewAddresses(App app, Jdk jdk) {
        ServerProcess server = HardeningServers.get(app, jdk);
        assertThat(item(THROTTLED_CALLER).sendTo(server).status).as("first request of the burst").isEqualTo(200);
        assertThat(item(THROTTLED_CALLER).sendTo(server).status).as("second request of the burst").isEqualTo(200);
        RawHttp.Response refused = item(THROTTLED_CALLER).sendTo(server);
        assertThat(refused.status).as("third request: over the burst: %s", refused).isEqualTo(429);
        long retryAfter = Long.parseLong(refused.header("Retry-After").orElseThrow());

        Random random = new Random();
        for (int i = 0; i < FLOOD; i++) {
            RawHttp.Response r = item(i % 2 == 1 ? floodV6(random) : floodV4(random)).sendTo(server);
            assertThat(r.status).as("flood request %d, a new caller in good standing: %s", i, r).isEqualTo(200);
        }

        RawHttp.Response after = item(THROTTLED_CALLER).sendTo(server);
        assertThat(after.status).as(server.describe("the throttled caller after " + FLOOD + " new callers: " + after)).isEqualTo(429);
        assertThat(Long.parseLong(after.header("Retry-After").orElseThrow())).as("no fresh burst: the wait only went down")
                .isBetween(1L, retryAfter);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("authServers")
    void aLockedOutSourceStaysLockedAfterAFloodOfFailedLogins(App app, Jdk jdk) {
        ServerProcess server = HardeningServers.get(app, jdk);
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThat(secure(LOCKED_SOURCE, "alice", "guess" + attempt).sendTo(server).status).as("wrong password %d", attempt).isEqualTo(401);
        }
        int checks = realmCalls(server);
        assertThat(secure(LOCKED_SOURCE, "alice", "secret").sendTo(server).status).as("locked: even the right password").isEqualTo(401);
        assertThat(realmCalls(server)).as("the locked source's password never reached the realm").isEqualTo(checks);

        // one failed login per new address and username: under every per-address, per-network and per-user threshold
        Random random = new Random();
        for (int i = 0; i < FLOOD; i++) {
            String client = i % 2 == 1 ? floodV6(random) : floodV4(random);
            RawHttp.Response r = secure(client, "flood" + i + "-" + random.nextInt(1_000_000), "wrong").sendTo(server);
            assertThat(r.status).as("flood login %d: %s", i, r).isEqualTo(401);
        }

        checks = realmCalls(server);
        RawHttp.Response after = secure(LOCKED_SOURCE, "alice", "secret").sendTo(server);
        assertThat(after.status).as(server.describe("the locked source after " + FLOOD + " failed logins elsewhere: " + after)).isEqualTo(401);
        assertThat(realmCalls(server)).as("its password still never reached the realm").isEqualTo(checks);
    }

    private static RawHttp item(String client) {
        return RawHttp.request("GET", "/api/items/1").header("X-Forwarded-For", client);
    }

    private static RawHttp secure(String client, String user, String password) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return RawHttp.request("GET", "/secure/hello").header("Authorization", "Basic " + basic).header("X-Forwarded-For", client);
    }

    private static int realmCalls(ServerProcess server) {
        RawHttp.Response r = RawHttp.request("GET", "/realm-calls").sendTo(server);
        assertThat(r.status).as("GET /realm-calls: %s", r).isEqualTo(200);
        return Integer.parseInt(r.body.trim());
    }

    /** A random address in 100.64.0.0/10 (shared address space: public to Vigil, trusted by no policy). */
    private static String floodV4(Random random) {
        return "100." + (64 + random.nextInt(64)) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    /** A random address in 2001:db8:5::/48, a new /64 nearly every time. */
    private static String floodV6(Random random) {
        return String.format("2001:db8:5:%x:%x:%x:%x:%x", random.nextInt(0x10000), random.nextInt(0x10000),
                random.nextInt(0x10000), random.nextInt(0x10000), 1 + random.nextInt(0xffff));
    }
}
