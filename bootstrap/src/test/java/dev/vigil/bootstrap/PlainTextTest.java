package dev.vigil.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainTextTest {
  @Test
  void lineBreaksAndTerminalEscapesAreWrittenVisibly() {
    assertThat(PlainText.escape("x\r\n[vigil] ERROR forged\u001b[2J\t\u007f\u009b\u2028\u202e"))
        .isEqualTo("x\\r\\n[vigil] ERROR forged\\u001b[2J\\t\\u007f\\u009b\\u2028\\u202e");
  }

  @Test
  void ordinaryTextIsLeftAsItIs() {
    String text = "throttled user:Zoë rule=r C:\\vigil\\audit.jsonl 日本";
    assertThat(PlainText.escape(text)).isSameAs(text);
    assertThat(PlainText.escape(null)).isNull();
  }
}
