package dev.vigil.agent.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.telemetry.trace.TraceParent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VigilEventTest {
  private static final long NOON = Instant.parse("2026-11-28T12:00:00Z").getEpochSecond() * 1_000_000_000L;

  @Test
  void aThrottleCarriesItsStatusRetryAfterAndTheCallerAsTheAuditShowsIt() {
    VigilEvent event = VigilEvent.throttle("per-key", false, 3).caller(KeyType.APIKEY, "#3fa9c1d2e0b4").client("198.51.100.7").at(NOON).build();
    assertThat(event.kind).isEqualTo(VigilEvent.Kind.DECISION);
    assertThat(event.action).isEqualTo(VigilEvent.THROTTLE);
    assertThat(event.enforced).isFalse();
    assertThat(event.status).isEqualTo(429);
    assertThat(event.retryAfterSeconds).isEqualTo(3);
    assertThat(event.key).isEqualTo("apikey:#3fa9c1d2e0b4");
    assertThat(event.keyType).isEqualTo(KeyType.APIKEY);
    assertThat(event.time()).isEqualTo(Instant.parse("2026-11-28T12:00:00Z"));
    assertThat(event.startEpochNanos).as("no request start recorded: the span starts when it happened").isEqualTo(NOON);
  }

  @Test
  void anUnknownCallerIsShownAsUnknown() {
    assertThat(VigilEvent.block("deny-list", true).caller(KeyType.IP, null).build().key).isEqualTo("ip:unknown");
  }

  @Test
  void fieldsNoFactorySetKeepTheirDefaults() {
    VigilEvent failure = VigilEvent.loginFailure(VigilEvent.UNKNOWN_USER, "auth:jaas").build();
    assertThat(failure.status).isEqualTo(-1);
    assertThat(failure.retryAfterSeconds).isEqualTo(-1);
    assertThat(failure.action).isNull();
    assertThat(failure.repeats).isZero();
    assertThat(failure.via).isEqualTo("auth:jaas");
  }

  @Test
  void variantsAreCopiesAndTheOriginalStaysAsItWas() {
    VigilEvent event = VigilEvent.throttle("r", true, 1).key("ip:10.0.0.1").request("GET", "/x", "curl/8", NOON - 5).at(NOON).build();
    TraceParent span = new TraceParent("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", true);

    VigilEvent repeated = event.withRepeats(7);
    VigilEvent placed = event.inSpan(span);

    assertThat(event.repeats).isZero();
    assertThat(event.trace).isNull();
    assertThat(repeated.repeats).isEqualTo(7);
    assertThat(placed.trace).isSameAs(span);
    assertThat(placed.startEpochNanos).isEqualTo(NOON - 5);
    assertThat(placed.path).isEqualTo("/x");
    assertThat(event.withRepeats(0)).isSameAs(event);
  }
}
