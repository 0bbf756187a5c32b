package dev.vigil.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.RawHttp;
import dev.vigil.it.harness.ServerProcess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Servers answer HEAD by running the GET handler, so the POLICY's GET-only {@code get-only} rule
 * ({@code /hello}, burst 2) must count HEAD too, in the same bucket as GET.
 */
class HeadRequestTest {
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("dev.vigil.it.hardening.HardeningServers#servers")
    void theThirdHeadIsThrottled(App app, Jdk jdk) {
        ServerProcess server = HardeningServers.get(app, jdk);
        for (int i = 1; i <= 2; i++) {
            assertThat(send("HEAD", "198.51.100.50").sendTo(server).status).as("HEAD %d over IPv4", i).isNotEqualTo(429);
            assertThat(send("HEAD", "2001:db8:4::50").sendV6(server).status).as("HEAD %d over IPv6", i).isNotEqualTo(429);
        }
        assertThrottled(send("HEAD", "198.51.100.50").sendTo(server));
        assertThrottled(send("HEAD", "2001:db8:4::50").sendV6(server));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("dev.vigil.it.hardening.HardeningServers#servers")
    void getAndHeadShareOneBucket(App app, Jdk jdk) {
        ServerProcess server = HardeningServers.get(app, jdk);
        assertThat(send("GET", "198.51.100.51").sendTo(server).status).isEqualTo(200);
        assertThat(send("HEAD", "198.51.100.51").sendTo(server).status).isNotEqualTo(429);
        assertThrottled(send("GET", "198.51.100.51").sendTo(server));
        assertThat(send("HEAD", "2001:db8:4::51").sendV6(server).status).isNotEqualTo(429);
        assertThat(send("GET", "2001:db8:4::51").sendV6(server).status).isEqualTo(200);
        assertThrottled(send("HEAD", "2001:db8:4::51").sendV6(server));
    }

    private static RawHttp send(String method, String client) {
        return RawHttp.request(method, "/hello").header("X-Forwarded-For", client);
    }

    private static void assertThrottled(RawHttp.Response response) {
        assertThat(response.status).as(response.toString()).isEqualTo(429);
        assertThat(response.header("Retry-After")).isPresent();
    }
}
