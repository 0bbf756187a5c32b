package dev.vigil.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.AuditLog;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.RawHttp;
import dev.vigil.it.harness.RawHttp.Response;
import dev.vigil.it.harness.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finding 9: the audit file stored the raw path, {@code ;jsessionid=...} and all, while telemetry already
 * stripped it: anyone who reads the audit file could take over the session. The audit trail keeps the
 * normalised path now, the one the rules matched.
 */
@Timeout(120)
class AuditSessionIdTest {
  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("dev.vigil.it.hardening.HardeningServers#servers")
  void noSessionIdReachesTheAuditFile(App app, Jdk jdk) throws IOException {
    ServerProcess server = HardeningServers.get(app, jdk);
    String client = "198.51.100.180";
    Response last = null;
    for (int i = 0; i < 3; i++) {
      last = RawHttp.request("GET", "/hello;jsessionid=S3SS10NSECRET" + i).header("X-Forwarded-For", client).sendTo(server);
    }
    assertThat(last.status).as("%s: the third /hello (burst 2), path parameter and all: %s", app, last).isEqualTo(429);
    Response denied = RawHttp.request("GET", "/a/../api/items/1;JSESSIONID=D3N13DSECRET").header("X-Forwarded-For", "2001:db8:dead::180").sendV6(server);
    assertThat(denied.status).isEqualTo(403);
    AuditLog audit = HardeningServers.audit(app, jdk);
    Map<String, Object> throttle = audit.await(e -> client.equals(e.get("client")) && "get-only".equals(e.get("rule")), Duration.ofSeconds(5));
    assertThat(throttle).containsEntry("path", "/hello");
    Map<String, Object> block = audit.await(e -> "2001:db8:dead::180".equals(e.get("client")), Duration.ofSeconds(5));
    assertThat(block).containsEntry("path", "/api/items/1");
    assertThat(Files.readString(audit.file)).doesNotContain("SECRET").doesNotContainIgnoringCase("jsessionid");
  }
}
