package dev.vigil.agent.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.bootstrap.RequestContext;
import org.junit.jupiter.api.Test;

class RequestStateTest {
  private static RequestContext request() {
    return new RequestContext("test", "GET", "/", "10.0.0.1", null, null, null, null);
  }

  @Test
  void eachDetectorSeesOnlyItsOwnCellAndOnlyInItsOwnRequest() {
    RequestState state = new RequestState();
    RequestState.Slot scraping = state.slot();
    RequestState.Slot timing = state.slot();
    RequestContext first = request();
    RequestContext second = request();
    assertThat(scraping.get(first)).isNull();
    assertThat(first.detectorState).as("nothing allocated until a detector stores something").isNull();
    scraping.set(first, "seen /items/1");
    timing.set(first, 42L);
    assertThat(scraping.get(first)).isEqualTo("seen /items/1");
    assertThat(timing.get(first)).isEqualTo(42L);
    assertThat(scraping.get(second)).isNull();
  }

  @Test
  void aSlotTakenAfterARequestStoredStateStillFits() {
    RequestState state = new RequestState();
    RequestState.Slot early = state.slot();
    RequestContext request = request();
    early.set(request, "a");
    RequestState.Slot late = state.slot();
    late.set(request, "b");
    assertThat(early.get(request)).isEqualTo("a");
    assertThat(late.get(request)).isEqualTo("b");
  }
}
