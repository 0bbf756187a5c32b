package dev.vigil.agent.telemetry.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.CompletableResultCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SignalBatchTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private final List<List<Integer>> exported = new ArrayList<>();
  private final SignalBatch<Integer> batch =
      new SignalBatch<>(new BatchSettings(5 * SECOND, 100, 3, SECOND), items -> {
        exported.add(List.copyOf(items));
        return CompletableResultCode.ofSuccess();
      });

  @Test
  void aFullBatchGoesAtOnceAndTheRestWaitsForTheDelay() {
    assertThat(batch.runDue(0)).isEqualTo(ScheduledExport.IDLE);
    for (int i = 1; i <= 4; i++) {
      batch.add(i);
    }
    assertThat(batch.runDue(SECOND)).as("the fourth waits out the delay since that export").isEqualTo(5 * SECOND);
    assertThat(exported).containsExactly(List.of(1, 2, 3));
    assertThat(batch.runDue(5 * SECOND)).isEqualTo(SECOND);
    batch.runDue(6 * SECOND);
    assertThat(exported).containsExactly(List.of(1, 2, 3), List.of(4));
    assertThat(batch.runDue(6 * SECOND)).isEqualTo(ScheduledExport.IDLE);
  }

  @Test
  void theFirstItemAfterAQuietSpellGoesOutAtOnce() {
    batch.runDue(0);
    batch.add(1);
    batch.runDue(60 * SECOND);
    assertThat(exported).containsExactly(List.of(1));
  }

  @Test
  void flushExportsEverythingInBatchesBeforeTheExportersOwnStep() {
    for (int i = 1; i <= 7; i++) {
      batch.add(i);
    }
    List<Integer> exportedBatchesAtNextStep = new ArrayList<>();
    CompletableResultCode result =
        batch.flushThen(() -> {
          exportedBatchesAtNextStep.add(exported.size());
          return CompletableResultCode.ofSuccess();
        });
    assertThat(exported).containsExactly(List.of(1, 2, 3), List.of(4, 5, 6), List.of(7));
    assertThat(exportedBatchesAtNextStep).containsExactly(3);
    assertThat(result.isSuccess()).isTrue();
    assertThat(batch.size()).isZero();
  }

  @Test
  void unbatchedExportsOnEveryRun() {
    SignalBatch<Integer> printing =
        new SignalBatch<>(new BatchSettings(5 * SECOND, 100, 3, SECOND).unbatched(), items -> {
          exported.add(List.copyOf(items));
          return CompletableResultCode.ofSuccess();
        });
    printing.runDue(0);
    printing.add(1);
    assertThat(printing.runDue(1)).isEqualTo(ScheduledExport.IDLE);
    printing.add(2);
    printing.runDue(2);
    assertThat(exported).containsExactly(List.of(1), List.of(2));
  }
}
