package dev.vigil.agent.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.vigil.agent.login.methods.LoginMethodSpec;
import dev.vigil.agent.login.methods.SuccessRule;
import dev.vigil.agent.login.methods.UsernamePath;
import dev.vigil.agent.net.Cidr;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The YAML file's shape, field for field, as Jackson binds it. Null means "not written"; {@link
 * PolicyLoader} fills in defaults. Values are validated while binding, so every error knows its line.
 */
final class PolicyDocument {
  Mode mode;
  List<Cidr> trustedProxies;

  @JsonDeserialize(using = PolicyValueDeserializers.HeaderName.class)
  String apiKeyHeader;

  @JsonDeserialize(using = PolicyValueDeserializers.HeaderName.class)
  String clientIpHeader;

  List<Cidr> allow;
  List<Cidr> deny;
  State state;
  Audit audit;

  @JsonDeserialize(using = RulesDeserializer.class)
  RulesDeserializer.Rules rules;

  Login login;
  Telemetry telemetry;
  Detectors detectors;

  /** The behavioural detectors' actions and thresholds. */
  static final class Detectors {
    Scan scan;
    Enumeration enumeration;
    AccountTakeover accountTakeover;
    UnderAttack underAttack;
  }

  static final class UnderAttack {
    DetectorAction action;
    Duration interval;
    Duration warmUp;
  }

  static final class Scan {
    DetectorAction action;
    Duration duration;

    @JsonDeserialize(using = PolicyValueDeserializers.NotFoundThreshold.class)
    Integer distinctNotFound;

    @JsonDeserialize(using = PolicyValueDeserializers.PositiveInt.class)
    Integer probes;

    Duration window;

    @JsonDeserialize(using = PolicyValueDeserializers.NotFoundThreshold.class)
    Integer longDistinctNotFound;

    Duration longWindow;
  }

  static final class Enumeration {
    DetectorAction action;
    Duration duration;

    @JsonDeserialize(using = PolicyValueDeserializers.ObjectThreshold.class)
    Integer distinctObjects;

    Duration window;

    @JsonDeserialize(using = PolicyValueDeserializers.LongObjectThreshold.class)
    Integer longDistinctObjects;

    Duration longWindow;

    @JsonDeserialize(using = PolicyValueDeserializers.PositiveInt.class)
    Integer walk;

    @JsonDeserialize(using = PolicyValueDeserializers.PositiveInt.class)
    Integer notFound;

    @JsonDeserialize(using = PolicyValueDeserializers.PositiveInt.class)
    Integer addressDistinctObjects;

    @JsonDeserialize(using = PolicyValueDeserializers.PositiveInt.class)
    Integer megabytesPerWindow;
  }

  static final class AccountTakeover {
    @JsonDeserialize(using = PolicyValueDeserializers.ReportAction.class)
    DetectorAction action;
  }

  static final class Telemetry {
    Boolean requestSpans;
    TelemetrySettings.UserIdentity users;
  }

  static final class State {
    @JsonDeserialize(using = PolicyValueDeserializers.PositiveInt.class)
    Integer maxKeysPerRule;

    @JsonDeserialize(using = PolicyValueDeserializers.PositiveInt.class)
    Integer maxThrottledKeysPerRule;

    Duration idleExpiry;
  }

  static final class Audit {
    @JsonDeserialize(using = PolicyValueDeserializers.FilePath.class)
    Path file;
  }

  /** One entry of {@code rules}. */
  static final class RuleEntry {
    @JsonDeserialize(using = PolicyValueDeserializers.RuleName.class)
    String name;

    @JsonDeserialize(contentUsing = PolicyValueDeserializers.Route.class)
    List<String> routes;

    @JsonDeserialize(contentUsing = PolicyValueDeserializers.Method.class)
    List<String> methods;

    KeyType key;
    Rate rate;

    @JsonDeserialize(using = PolicyValueDeserializers.Burst.class)
    Long burst;

    Mode mode;

    StaticAssets staticAssets;
  }

  /** The {@code login:} section; absent scopes and values take {@link dev.vigil.agent.login.LoginPolicy} defaults. */
  static final class Login {
    Mode mode;

    @JsonDeserialize(using = LockoutEntryDeserializer.class)
    LockoutEntry userIp;

    @JsonDeserialize(using = LockoutEntryDeserializer.class)
    LockoutEntry ip;

    @JsonDeserialize(using = LockoutEntryDeserializer.class)
    LockoutEntry subnet;

    @JsonDeserialize(using = LockoutEntryDeserializer.class)
    LockoutEntry user;

    Duration knownSourcePeriod;
    Duration backoffReset;
    Stuffing stuffing;

    @JsonDeserialize(using = PolicyValueDeserializers.PositiveInt.class)
    Integer maxTrackedKeys;

    @JsonDeserialize(using = PolicyValueDeserializers.PositiveInt.class)
    Integer maxLockedKeys;

    List<LoginRouteEntry> routes;

    @JsonDeserialize(using = LoginMethodsDeserializer.class)
    List<LoginMethodSpec> methods;

    DeviceCookies deviceCookies;
  }

  /** {@code login.deviceCookies}: absent values take {@link dev.vigil.agent.login.DeviceCookieSettings#OFF}'s. */
  static final class DeviceCookies {
    Boolean enabled;

    @JsonDeserialize(using = PolicyValueDeserializers.CookieName.class)
    String name;

    Duration maxAge;

    Boolean secure;
  }

  /** One entry of {@code login.methods}: an application method that is a login. */
  static final class LoginMethodEntry {
    @JsonProperty("class")
    @JsonDeserialize(using = PolicyValueDeserializers.ClassName.class)
    String className;

    @JsonDeserialize(using = PolicyValueDeserializers.MethodName.class)
    String method;

    @JsonDeserialize(using = PolicyValueDeserializers.Username.class)
    UsernamePath username;

    SuccessRule success;

    @JsonDeserialize(contentUsing = PolicyValueDeserializers.ClassName.class)
    List<String> failureExceptions;

    @JsonDeserialize(contentUsing = PolicyValueDeserializers.ClassName.class)
    List<String> unknownUserExceptions;
  }

  /** One entry of {@code login.routes}: a login form whose outcome is read from the response. */
  static final class LoginRouteEntry {
    @JsonDeserialize(using = PolicyValueDeserializers.Route.class)
    String path;

    @JsonDeserialize(contentUsing = PolicyValueDeserializers.Method.class)
    List<String> methods;

    @JsonDeserialize(using = PolicyValueDeserializers.HeaderName.class)
    String usernameParameter;

    @JsonDeserialize(contentUsing = PolicyValueDeserializers.HttpStatus.class)
    List<Integer> failureStatus;

    String failureRedirect;
  }

  /** One lockout scope of {@code login:}; {@code start} (not a YAML field) locates cross-field errors. */
  static final class LockoutEntry {
    @JsonDeserialize(using = PolicyValueDeserializers.PositiveInt.class)
    Integer threshold;

    Duration window;
    Duration lockout;

    @JsonDeserialize(using = PolicyValueDeserializers.Multiplier.class)
    Double multiplier;

    Duration cap;

    @JsonDeserialize(using = PolicyValueDeserializers.ZeroOrPositiveDuration.class)
    Duration jitter;

    transient JsonLocation start;
  }

  static final class Stuffing {
    @JsonDeserialize(using = PolicyValueDeserializers.DistinctThreshold.class)
    Integer distinctUsernamesPerIp;

    @JsonDeserialize(using = PolicyValueDeserializers.DistinctThreshold.class)
    Integer distinctUsernamesPerSubnet;

    @JsonDeserialize(using = PolicyValueDeserializers.DistinctThreshold.class)
    Integer distinctUsernamesPerNetwork;

    Duration window;

    @JsonDeserialize(using = PolicyValueDeserializers.PositiveInt.class)
    Integer ratioMinAttempts;

    @JsonDeserialize(using = PolicyValueDeserializers.Ratio.class)
    Double failureRatio;

    @JsonDeserialize(using = PolicyValueDeserializers.Ratio.class)
    Double unknownUserRatio;
  }
}
