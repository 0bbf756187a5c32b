package dev.vigil.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.agent.FakeTicker;
import dev.vigil.agent.config.Policy;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * A coarse guard for the budget "0 B per decision for a known caller": counts bytes this thread
 * allocates over many allowed requests. JMH with -prof gc in benchmarks/ is the real measurement.
 */
class HotPathAllocationTest {
  @Test
  void knownCallerWithDirectPeerAllocatesNothingPerRequest() {
    RequestContext facts = new RequestContext("test", "GET", "/api/items", "203.0.113.10", null, null, null, "curl/8");
    assertThat(bytesPerAllowedRequest(facts)).as("bytes allocated per request").isLessThan(1.0);
  }

  @Test
  void knownCallerBehindTrustedProxyWithOneForwardedHopAllocatesNothingPerRequest() {
    // the whole X-Forwarded-For value is the client's address, so the header string itself is the key
    RequestContext facts = new RequestContext("test", "GET", "/api/items", "127.0.0.1", "198.51.100.7", null, null, "curl/8");
    assertThat(bytesPerAllowedRequest(facts)).as("bytes allocated per request").isLessThan(1.0);
  }

  @Test
  void knownCallerBehindTrustedProxiesAllocatesNothingPerRequest() {
    // two hops walked right to left in place; the returning client's address text comes from the
    // resolver's recent-hop cache, so no chain, per-hop address or String objects
    RequestContext facts = new RequestContext("test", "GET", "/api/items", "127.0.0.1", "198.51.100.7, 10.1.2.3", null, null, "curl/8");
    assertThat(bytesPerAllowedRequest(facts)).as("bytes allocated per request").isLessThan(1.0);
  }

  private static double bytesPerAllowedRequest(RequestContext facts) {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(threads.isThreadAllocatedMemorySupported());
    threads.setThreadAllocatedMemoryEnabled(true);

    FakeTicker ticker = new FakeTicker();
    Engine engine = Engine.create(Policy.builtIn(), ticker, Clock.systemUTC());
    for (int i = 0; i < 200_000; i++) {
      ticker.advanceNanos(20_000_000); // one token back per request: always allowed
      engine.onRequest(facts);
    }
    long thread = Thread.currentThread().getId();
    int requests = 100_000;
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < requests; i++) {
      ticker.advanceNanos(20_000_000);
      if (engine.onRequest(facts) != Decision.ALLOW) {
        throw new AssertionError("expected allow");
      }
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    engine.close();
    return allocated / (double) requests;
  }
}
