package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.example.churn.LoaderChurnApp;
import dev.vigil.it.harness.ItEnv;
import dev.vigil.it.harness.Jdk;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A class loader whose classes the agent wove is collected once the app lets it go (a redeployed
 * webapp's, a framework's throwaway loaders): nothing the agent keeps may hold it.
 */
@Timeout(120)
class LoaderChurnTest {
  /** login.user.threshold of the default policy (README, Login). */
  private static final int USER_FAILURE_THRESHOLD = 30;

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void everyWovenLoaderIsCollected(Jdk jdk) throws Exception {
    assumeTrue(jdk.available(), jdk + " not installed");
    Path dir = ItEnv.newWorkDir("loader-churn-" + jdk.label());
    Path policy = dir.resolve("vigil.yaml");
    Files.write(
        policy,
        List.of(
            "login:",
            "  methods:",
            "    - class: " + LoaderChurnApp.Accounts.class.getName(),
            "      method: signIn",
            "      username: arg0",
            "      success: returns-true"));
    Path classes = Path.of(LoaderChurnApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Process process =
        new ProcessBuilder(
                jdk.javaBinary().toString(), "-javaagent:" + ItEnv.agentJar() + "=config=" + policy, "-cp", classes.toString(), LoaderChurnApp.class.getName())
            .redirectErrorStream(true)
            .start();
    String output;
    try (InputStream out = process.getInputStream()) {
      output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
    } finally {
      process.destroyForcibly();
    }
    assertThat(output).as("the login class was woven").contains("instrumented login-methods (first type: " + LoaderChurnApp.Accounts.class.getName() + ")");
    // every round's class was woven, whichever loader defined it: the default per-user hold starts
    // after 30 failures, so the hook refused the last rounds' attempts
    assertThat(output).contains("throttled=" + (LoaderChurnApp.ROUNDS - USER_FAILURE_THRESHOLD));
    assertThat(output).contains("loaders alive: 0 of " + LoaderChurnApp.ROUNDS);
    assertThat(output).doesNotContain("ERROR");
  }
}
