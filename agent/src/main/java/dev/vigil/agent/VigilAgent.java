package dev.vigil.agent;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.config.InvalidPolicyException;
import dev.vigil.agent.config.Policy;
import dev.vigil.agent.config.PolicyLoader;
import dev.vigil.agent.config.PolicySource;
import dev.vigil.agent.control.ControlRegistration;
import dev.vigil.agent.control.PolicyFileWatch;
import dev.vigil.agent.control.VigilControl;
import dev.vigil.agent.control.VigilRuntime;
import dev.vigil.agent.engine.Engine;
import dev.vigil.agent.engine.ForcedFailureGate;
import dev.vigil.agent.instrument.InstrumentationInstaller;
import dev.vigil.agent.instrument.LoginMethodTargets;
import dev.vigil.agent.login.methods.LoginMethodRegistry;
import dev.vigil.agent.login.methods.LoginMethodSpec;
import dev.vigil.agent.ownlogging.LibraryLoggerRewrite;
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
  /** How often queued audit lines are written: within this of the decision, for tail -f. */
  private static final long AUDIT_PERIOD_MILLIS = 200;
  /** Timer periods after which telemetry starts even if no request came (metrics of an idle app). */
  private static final int EXPORT_START_TICKS = 30;

  private VigilAgent() {}

  public static void start(
      Instrumentation instrumentation, String agentArgs, File agentJar, ClassLoader agentLoader, boolean atStartup) {
    long startedAt = System.nanoTime();
    // before any cache is built: Caffeine's logger would start java.util.logging ahead of the app
    LibraryLoggerRewrite.install(instrumentation, agentLoader, Ticker.class);
    PolicySource source = resolveSource(agentArgs);
    Path file = source == null ? null : source.path().orElse(null);
    PolicyFileWatch watch = null;
    String text = "";
    Policy policy;
    if (file == null) {
      policy = source == null ? null : Policy.defaults();
    } else {
      watch = new PolicyFileWatch(file); // its stamp is taken before the text is read: a write in between is seen
      text = readPolicy(file);
      policy = text == null ? null : loadPolicy(file, text);
    }
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
    boolean failEngine = Boolean.getBoolean("vigil.test.failEngine");
    VigilRuntime runtime =
        new VigilRuntime(engine, file, source.description(), text,
            e -> VigilHooks.install(failEngine ? new ForcedFailureGate() : e, e.policy().apiKeyHeader(), e.policy().clientIpHeader().name()));
    if (telemetry != null) {
      telemetry.observe(() -> runtime.engine().summary());
    }
    AgentScheduler scheduler = AgentScheduler.start();
    scheduler.every(TIMER_PERIOD_MILLIS, "lockout expiry", () -> runtime.engine().reportExpiredLockouts());
    scheduler.every(TIMER_PERIOD_MILLIS, "repeat counts", engine.events()::flushQuiet); // the events outlive every reload
    Runnable auditWriter = engine.auditWriter(); // so does the audit file
    if (auditWriter != null) {
      scheduler.every(AUDIT_PERIOD_MILLIS, "audit file", auditWriter);
    }
    if (watch != null) {
      scheduler.every(TIMER_PERIOD_MILLIS, "policy watch", watch.reportingTo(runtime));
    }
    VigilControl control = new VigilControl(runtime);
    scheduler.every(
        TIMER_PERIOD_MILLIS, "after app start",
        new AfterAppStart(engine::anyRequestSeen, () -> {
          if (telemetry != null) {
            telemetry.beginExport();
          }
          ControlRegistration.register(control);
        }, atStartup ? EXPORT_START_TICKS : 1)); // attached at runtime, the app has started already
    VigilHooks.install(failEngine ? new ForcedFailureGate() : engine, policy.apiKeyHeader(), policy.clientIpHeader().name());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(runtime, telemetry, scheduler), "vigil-shutdown"));

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

  /** Returns null (agent disabled) when the policy file cannot be read. */
  private static String readPolicy(Path file) {
    try {
      return PolicyLoader.read(file);
    } catch (InvalidPolicyException e) {
      disable(e.getMessage());
      return null;
    }
  }

  /** Returns null (agent disabled) when the policy file is invalid. */
  private static Policy loadPolicy(Path file, String text) {
    try {
      return PolicyLoader.load(file, text);
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

  private static void stop(VigilRuntime runtime, TelemetryPipeline telemetry, AgentScheduler scheduler) {
    try {
      Engine engine = runtime.engine();
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
