package dev.vigil.agent.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.login.LoginOutcome;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DetectorChainTest {
  /** What adding a detector takes: one class. This one refuses a caller after three 404s. */
  static final class NotFoundDetector implements Detector {
    private final Map<String, AtomicInteger> notFound = new ConcurrentHashMap<>();
    private final Decision refusal = Decision.block("not-found-probe");

    @Override
    public Decision onRequest(RequestContext request) {
      AtomicInteger count = notFound.get(request.peerAddress);
      return count != null && count.get() >= 3 ? refusal : null;
    }

    @Override
    public void onResponse(RequestContext request, int status, String location) {
      if (status == 404) {
        notFound.computeIfAbsent(request.peerAddress, k -> new AtomicInteger()).incrementAndGet();
      }
    }
  }

  /** Records the moments it sees, and answers the request moment with a fixed verdict. */
  static final class Witness implements Detector {
    final List<String> moments = new ArrayList<>();
    private final Decision verdict;

    Witness(Decision verdict) {
      this.verdict = verdict;
    }

    @Override
    public Decision onRequest(RequestContext request) {
      moments.add("request");
      return verdict;
    }

    @Override
    public void onResponse(RequestContext request, int status, String location) {
      moments.add("response " + status);
    }

    @Override
    public void onRefused(RequestContext request) {
      moments.add("refused");
    }

    @Override
    public void onLoginOutcome(LoginReport report) {
      moments.add("login " + report.outcome);
    }
  }

  private static RequestContext request(String peer) {
    return new RequestContext("test", "GET", "/items/1", peer, null, null, null, null);
  }

  @Test
  void aNewDetectorSeesResponsesAndRefusesOnceItsSignalIsReached() {
    DetectorChain chain = new DetectorChain(List.of(new NotFoundDetector()));
    for (int i = 0; i < 3; i++) {
      RequestContext probe = request("203.0.113.9");
      assertThat(chain.onRequest(probe)).isSameAs(Decision.ALLOW);
      chain.onResponse(probe, 404, null);
    }
    assertThat(chain.onRequest(request("203.0.113.9")).status()).isEqualTo(403);
    assertThat(chain.onRequest(request("203.0.113.10"))).as("another caller").isSameAs(Decision.ALLOW);
  }

  @Test
  void theFirstVerdictWinsAndARefusalTellsEveryDetector() {
    Witness first = new Witness(null);
    Witness refuses = new Witness(Decision.throttle("r", 1));
    Witness after = new Witness(null);
    DetectorChain chain = new DetectorChain(List.of(first, refuses, after));
    assertThat(chain.onRequest(request("198.51.100.1")).status()).isEqualTo(429);
    assertThat(first.moments).containsExactly("request", "refused");
    assertThat(after.moments).as("never asked, but told the request ended").containsExactly("refused");
  }

  @Test
  void allowEndsTheChainWithoutARefusal() {
    Witness allowList = new Witness(Decision.ALLOW);
    Witness rules = new Witness(Decision.block("x"));
    DetectorChain chain = new DetectorChain(List.of(allowList, rules));
    assertThat(chain.onRequest(request("10.0.0.1"))).isSameAs(Decision.ALLOW);
    chain.onResponse(request("10.0.0.1"), 200, null);
    chain.onLoginOutcome(new LoginReport(null, "auth:jaas", "alice", null, LoginOutcome.FAILURE));
    assertThat(rules.moments).containsExactly("response 200", "login FAILURE");
  }
}
