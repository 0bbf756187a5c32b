package dev.vigil.agent.telemetry.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BatchSettingsTest {
  @Test
  void theSdksDefaultsPerSignal() {
    BatchSettings spans = BatchSettings.spans(DefaultConfigProperties.createFromMap(Map.of()));
    assertThat(spans.delayNanos).isEqualTo(TimeUnit.SECONDS.toNanos(5));
    assertThat(spans.maxQueue).isEqualTo(2048);
    assertThat(spans.maxBatch).isEqualTo(512);
    assertThat(BatchSettings.logs(DefaultConfigProperties.createFromMap(Map.of())).delayNanos).isEqualTo(TimeUnit.SECONDS.toNanos(1));
  }

  @Test
  void aSmallQueueCutsTheBatchAsTheSdkDoes() {
    BatchSettings logs = BatchSettings.logs(DefaultConfigProperties.createFromMap(Map.of("otel.blrp.max.queue.size", "64")));
    assertThat(logs.maxQueue).isEqualTo(64);
    assertThat(logs.maxBatch).isEqualTo(64);
  }

  @Test
  void aNonsensicalValueIsNamed() {
    assertThatThrownBy(() -> BatchSettings.spans(DefaultConfigProperties.createFromMap(Map.of("otel.bsp.max.queue.size", "0"))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("otel.bsp.max.queue.size");
  }
}
