package dev.vigil.agent.telemetry.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExportAccountTest {
  @Test
  void withoutAnExporterNothingIsHandedOverAndNothingCountsAsDropped() {
    ExportAccount traces = new ExportAccount("traces");
    assertThat(traces.open()).isFalse();
    assertThat(traces.tryHand()).isFalse();
    assertThat(traces.dropped()).isZero();
  }

  @Test
  void neverHandsTheSdkMoreThanItsQueueHoldsAndCountsTheRest() {
    ExportAccount traces = new ExportAccount("traces");
    traces.open(3);
    assertThat(traces.tryHand()).isTrue();
    assertThat(traces.tryHand()).isTrue();
    assertThat(traces.tryHand()).isTrue();
    assertThat(traces.tryHand()).as("queue full").isFalse();
    assertThat(traces.dropped()).isEqualTo(1);

    traces.exported(2, true);
    assertThat(traces.tryHand()).isTrue();
    assertThat(traces.tryHand()).isTrue();
    assertThat(traces.tryHand()).isFalse();
    assertThat(traces.dropped()).isEqualTo(2);
  }

  @Test
  void aFailedExportCountsItsItemsAsDroppedAndFreesTheirPlace() {
    ExportAccount logs = new ExportAccount("logs");
    logs.open(2);
    logs.tryHand();
    logs.tryHand();
    logs.exported(2, false);
    assertThat(logs.dropped()).isEqualTo(2);
    assertThat(logs.tryHand()).isTrue();
  }
}
