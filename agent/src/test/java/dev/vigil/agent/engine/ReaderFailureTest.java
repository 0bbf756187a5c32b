package dev.vigil.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.FakeTicker;
import dev.vigil.agent.config.PolicyLoader;
import dev.vigil.agent.event.EventStream;
import dev.vigil.agent.event.VigilEvent;
import dev.vigil.agent.telemetry.TelemetrySink;
import dev.vigil.bootstrap.AgentLog;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.HeaderLines;
import dev.vigil.bootstrap.RequestContext;
import dev.vigil.bootstrap.RequestReader;
import dev.vigil.bootstrap.VigilHooks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the engine reads through a server's reader must behave as the reflective header reading it
 * replaced: the first line of a trace parent counts, and a failing read is "no header", never a
 * reason to let a refused request through.
 */
class ReaderFailureTest {
  private static final String FIRST = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  private static final String SECOND = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @TempDir Path dir;
  private Engine engine;

  @AfterEach
  void close() {
    VigilHooks.uninstall();
    AgentLog.redirect(null);
    if (engine != null) {
      engine.close();
    }
  }

  /** As JdkHttpServerReader/JakartaServletReader.header read a header: every line joined with commas. */
  private static final RequestReader JOINING =
      new RequestReader() {
        @Override
        public String header(Object request, String name) {
          return "traceparent".equalsIgnoreCase(name) ? HeaderLines.join(List.of(FIRST, SECOND)) : null;
        }

        @Override
        public String formParameter(Object request, String name) {
          return null;
        }
      };

  /** A server request object that fails when read (a recycled or already completed request). */
  private static final RequestReader FAILING =
      new RequestReader() {
        @Override
        public String header(Object request, String name) {
          throw new IllegalStateException("request already recycled");
        }

        @Override
        public String formParameter(Object request, String name) {
          return null;
        }
      };

  private static final TelemetrySink TRACED =
      new TelemetrySink() {
        @Override
        public boolean enabled() {
          return true;
        }

        @Override
        public boolean requestSpans() {
          return false;
        }

        @Override
        public void accept(VigilEvent event) {}
      };

  /**
   * c1212fa read the traceparent with getHeader / Headers.getFirst (the first line) and linked the
   * event to that trace; the reader now joins every line, "a, b" is no traceparent, and the event is
   * in no trace at all.
   */
  @Test
  void aRequestWithTwoTraceparentLinesIsStillLinkedToTheFirstAsBefore() {
    RequestContext request = new RequestContext("jdk-httpserver", "GET", "/x", "192.0.2.1", null, null, null, "ua", JOINING, new Object());
    RequestEvents events = new RequestEvents(new EventStream(List.of(), false, true), Clock.systemUTC());

    VigilEvent event = events.inTraceOf(VigilEvent.request(200), request).build();

    assertThat(event.trace).as("trace of an event whose request carries two traceparent lines").isNotNull();
    assertThat(event.trace.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
  }

  /**
   * c1212fa's RequestHeaders caught every Throwable ("any failure reads as no header"). The reader's
   * header() is now called unguarded from the decision's event, before the deny detector returns its
   * refusal, so a failing read turns a deny-listed client's 403 into the fail-open ALLOW.
   */
  @Test
  void aFailingHeaderReadDoesNotLetADenyListedClientThrough() throws Exception {
    Path file = dir.resolve("vigil.yaml");
    Files.writeString(file, "deny: [203.0.113.0/24]\n");
    engine = new EngineFactory().create(PolicyLoader.load(file, new Properties()));
    VigilHooks.install(engine, null, null);
    AgentLog.redirect(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    RequestContext denied = new RequestContext("jakarta-servlet", "GET", "/x", "203.0.113.9", null, null, null, "ua", FAILING, new Object());

    RequestContext control = new RequestContext("jakarta-servlet", "GET", "/x", "203.0.113.9", null, null, null, "ua", null, null);
    assertThat(VigilHooks.onRequest(control).status()).as("control: the same client without a failing reader").isEqualTo(403);

    Decision decision = VigilHooks.onRequest(denied);

    assertThat(decision.blocks()).as("a deny-listed client is refused").isTrue();
    assertThat(decision.status()).isEqualTo(403);
  }

  private final class EngineFactory {
    Engine create(dev.vigil.agent.config.Policy policy) {
      FakeTicker ticker = new FakeTicker();
      return Engine.create(policy, ticker, Clock.systemUTC(), TRACED);
    }
  }
}
