package dev.vigil.agent;

import dev.vigil.bootstrap.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Vigil's stderr lines during each test ({@code @RegisterExtension}); the real stream is back after it. */
public final class CapturedStderr implements BeforeEachCallback, AfterEachCallback {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  @Override
  public void beforeEach(ExtensionContext context) {
    bytes.reset();
    AgentLog.redirect(new PrintStream(bytes, true, StandardCharsets.UTF_8));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    AgentLog.redirect(null);
  }

  public List<String> lines() {
    return bytes.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
  }
}
