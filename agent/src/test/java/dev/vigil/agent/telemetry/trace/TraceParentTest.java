package dev.vigil.agent.telemetry.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceParentTest {
  @Test
  void readsTheW3cExample() {
    TraceParent parent = TraceParent.parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    assertThat(parent.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(parent.spanId()).isEqualTo("b7ad6b7169203331");
    assertThat(parent.sampled()).isTrue();
    assertThat(TraceParent.parse(" 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00 ").sampled()).isFalse();
  }

  @Test
  void aLaterVersionIsReadByItsVersion00Prefix() {
    assertThat(TraceParent.parse("01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-what-comes-next").traceId())
        .isEqualTo("0af7651916cd43dd8448eb211c80319c");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "garbage",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331",
        "00-00000000000000000000000000000000-b7ad6b7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",
        "00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01",
        "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra",
        "00_0af7651916cd43dd8448eb211c80319c_b7ad6b7169203331_01",
        "00-0af7651916cd43dd8448eb211c8031zz-b7ad6b7169203331-01"
      })
  void aMalformedHeaderIsIgnoredNotAnError(String header) {
    assertThat(TraceParent.parse(header)).isNull();
  }

  @Test
  void withoutTheOpenTelemetryJavaAgentThereIsNoAgentSpan() {
    assertThat(OtelJavaAgentSpan.attached()).isFalse();
    assertThat(OtelJavaAgentSpan.current()).isNull();
  }
}
