package dev.vigil.agent;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.config.InvalidPolicyException;
import dev.vigil.agent.config.Policy;
import dev.vigil.agent.config.PolicyLoader;
import dev.vigil.agent.config.PolicySource;
import dev.vigil.agent.engine.Engine;
import dev.vigil.agent.engine.ForcedFailureGate;
import dev.vigil.agent.instrument.InstrumentationInstaller;
import dev.vigil.agent.ownlogging.LibraryLoggerRewrite;
import dev.vigil.agent.instrument.LoginMethodTargets;
import dev.vigil.agent.login.methods.LoginMethodRegistry;
import dev.vigil.agent.login.methods.LoginMethodSpec;
import dev.vigil.agent.telemetry.TelemetryDestination;
import dev.vigil.agent.telemetry.TelemetryPipeline;
import dev.vigil.agent.telemetry.TelemetrySink;
import dev.vigil.bootstrap.AgentLog;
import dev.vigil.bootstrap.LoginMethods;
import dev.vigil.bootstrap.VigilHooks;
import dev.vigil.instrumentation.InstrumentationModule;
import dev.vigil.instrumentation.methods.LoginMethodsModule;
import java.io.File;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The agent's entry inside the isolated class loader: load the policy, start the engine, hand it
 * to advice through {@link VigilHooks}, instrument, and say so in one line. An invalid policy
 * disables the agent (the app still starts) unless {@code -Dvigil.failOnInvalidConfig=true}.
 */
public final class VigilAgent {
  /** Exit code for {@code vigil.failOnInvalidConfig}: EX_CONFIG from sysexits.h. */
  static final int INVALID_CONFIG_EXIT = 78;
  /** How long shutdown waits for queued telemetry to be exported: a dead backend cannot hold the JVM. */
  private static final long TELEMETRY_FLUSH_MILLIS = 3_000;
  /** How often the timers run: lockouts that ended are noticed, quiet callers' repeat counts sent, within a second. */
  private static final long TIMER_PERIOD_MILLIS = 1_000;
  /** Timer periods after which telemetry starts even if no request came (metrics of an idle app). */
  private static final int EXPORT_START_TICKS = 30;

  private VigilAgent() {}

  public static void start(
      Instrumentation instrumentation, String agentArgs, File agentJar, ClassLoader agentLoader, boolean atStartup) {
    long startedAt = System.nanoTime();
    // before any cache is built: Caffeine's logger would start java.util.logging ahead of the app
    LibraryLoggerRewrite.install(instrumentation, agentLoader, Ticker.class);
    PolicySource source = resolveSource(agentArgs);
    Policy policy = source == null ? null : loadPolicy(source);
    if (policy == null) {
      return;
    }
    TelemetryDestination destination = TelemetryDestination.resolve(System.getProperties(), System.getenv());
    TelemetryPipeline telemetry = destination.exportsAnything() ? TelemetryPipeline.create(policy.telemetry(), agentLoader, Ticker.systemTicker()) : null;
    Engine engine = engineFor(policy, source, telemetry == null ? TelemetrySink.NONE : telemetry);
    if (engine == null) {
      if (telemetry != null) {
        telemetry.close(0);
      }
      return;
    }
    if (telemetry != null) {
      telemetry.observe(engine::summary);
    }
    AgentScheduler scheduler = AgentScheduler.start();
    scheduler.every(TIMER_PERIOD_MILLIS, "lockout expiry", engine::reportExpiredLockouts);
    scheduler.every(TIMER_PERIOD_MILLIS, "repeat counts", engine.events()::flushQuiet);
    if (telemetry != null) {
      scheduler.every(TIMER_PERIOD_MILLIS, "telemetry start", new ExportStart(engine::anyRequestSeen, telemetry::beginExport, EXPORT_START_TICKS));
    }
    VigilHooks.install(
        Boolean.getBoolean("vigil.test.failEngine") ? new ForcedFailureGate() : engine, policy.apiKeyHeader(), policy.clientIpHeader().name());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(engine, telemetry, scheduler), "vigil-shutdown"));

    List<InstrumentationModule> modules = InstrumentationInstaller.libraryModules(agentLoader);
    List<LoginMethodSpec> loginMethods = policy.login().methods();
    if (!loginMethods.isEmpty()) {
      LoginMethods.install(new LoginMethodRegistry(loginMethods));
      modules.add(new LoginMethodsModule(LoginMethodTargets.of(loginMethods)));
    }
    RuntimeSupport.warnIfNewerThanSupported();
    new InstrumentationInstaller(instrumentation, agentLoader, atStartup).install(modules);

    AgentLog.info(
        "Vigil " + AgentVersion.get() + " started: mode=" + policy.mode().name().toLowerCase()
            + ", policy=" + source.description() + " [" + policy.describe() + "]"
            + ", exporters=" + destination.describe()
            + ", instrumenting=" + modules.stream().map(InstrumentationModule::name).collect(Collectors.toList())
            + ", java=" + System.getProperty("java.version")
            + (atStartup ? "" : ", attached at runtime")
            + " (" + (System.nanoTime() - startedAt) / 1_000_000 + " ms)");
  }

  /** Returns null (agent disabled) when the arguments are unusable. */
  private static PolicySource resolveSource(String agentArgs) {
    try {
      return PolicySource.resolve(agentArgs, System.getProperties(), System.getenv());
    } catch (IllegalArgumentException e) {
      disable(e.getMessage());
      return null;
    }
  }

  /** Returns null (agent disabled) when the policy file is invalid. */
  private static Policy loadPolicy(PolicySource source) {
    Optional<Path> path = source.path();
    if (path.isEmpty()) {
      return Policy.defaults();
    }
    try {
      return PolicyLoader.load(path.get());
    } catch (InvalidPolicyException e) {
      disable(e.getMessage());
      return null;
    }
  }

  /**
   * Returns null (agent disabled) when the engine cannot be built. The policy loaded, so what broke
   * the build is one of its values that no check caught: it is reported, and exits, like any other
   * invalid policy, never as a stack trace.
   */
  static Engine engineFor(Policy policy, PolicySource source, TelemetrySink sink) {
    try {
      return Engine.create(policy, Ticker.systemTicker(), Clock.systemUTC(), sink);
    } catch (RuntimeException e) {
      disable(InvalidPolicyException.unusable(source.path().map(Path::toString).orElse(source.description()), e).getMessage());
      return null;
    }
  }

  private static void disable(String why) {
    AgentLog.error(why + "; agent disabled, the application runs unprotected");
    if (Boolean.getBoolean("vigil.failOnInvalidConfig")) {
      AgentLog.error("exiting because -Dvigil.failOnInvalidConfig=true");
      System.exit(INVALID_CONFIG_EXIT);
    }
  }

  private static void stop(Engine engine, TelemetryPipeline telemetry, AgentScheduler scheduler) {
    try {
      VigilHooks.uninstall();
      LoginMethods.install(null);
      AgentLog.info("summary: " + engine.summary());
      scheduler.close(); // the closes below flush what the timers would have
      engine.close();
      if (telemetry != null) {
        telemetry.close(TELEMETRY_FLUSH_MILLIS);
        AgentLog.info("telemetry flushed; dropped " + telemetry.droppedSummary());
      }
    } catch (Throwable t) {
      AgentLog.errorOnce("shutdown", "shutdown failed", t);
    }
  }
}
