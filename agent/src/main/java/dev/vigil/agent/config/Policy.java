package dev.vigil.agent.config;

import dev.vigil.agent.caller.ForwardingHeader;
import dev.vigil.agent.login.LoginPolicy;
import dev.vigil.agent.net.Cidr;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The whole, immutable protection policy. Read from YAML by {@link PolicyLoader}; {@link
 * #defaults()} protects with no file at all.
 *
 * <pre>{@code
 * mode: enforce              # or monitor (records decisions, never applies them); -Dvigil.mode overrides
 * trustedProxies: [127.0.0.0/8, 10.0.0.0/8]   # default: loopback + private ranges; [] trusts none
 * clientIpHeader: X-Forwarded-For   # the one forwarding header believed from trusted proxies: X-Forwarded-For,
 *                                  # Forwarded (RFC 7239), or one holding a single address (X-Real-IP)
 * apiKeyHeader: X-API-Key    # default none
 * allow: [192.0.2.0/24]      # CIDRs that bypass all limits
 * deny: [203.0.113.0/24]     # CIDRs answered 403 (rule "deny-list")
 * state: { maxKeysPerRule: 100000, idleExpiry: 10m }   # durations: 500ms, 30s, 10m, 2h, 1d; at most 365d
 *   # + maxThrottledKeysPerRule: 10000 (default: at most maxKeysPerRule): throttled callers kept apart from a flood
 * audit: { file: /var/log/vigil-audit.jsonl }          # -Dvigil.audit.file overrides
 * rules:                     # absent: the two default rules (see defaultRules); [] means no rate limits
 *   - name: api-per-key      # required, unique
 *     routes: ["/api/**"]    # default: all; * = one path segment (or part of one), ** = any number
 *     methods: [GET, POST]   # default: all; HEAD counts as GET
 *     key: apikey            # ip (default) | subnet | apikey | user
 *     rate: 20/s             # required; N/s, N/m, N/h; must be > 0 and at least one per 365d
 *     burst: 40              # >= 1, default = ceil(rate per second)
 *     mode: monitor          # optional per-rule override (global monitor always wins)
 *     staticAssets: exclude  # include (default) | exclude | only: GETs of .css, .js, images, fonts
 * login:                     # login protection; absent = on, with these defaults
 *   mode: enforce            # or monitor; default: the global mode (global monitor always wins)
 *   # per scope: threshold failures within window lock the key for lockout; each repeat within
 *   # backoffReset multiplies it by multiplier (1..100) up to cap, plus random 0..jitter (0s = none)
 *   userIp:  { threshold: 5,   window: 10m, lockout: 1m,  multiplier: 2, cap: 1h,  jitter: 10s }
 *   ip:      { threshold: 20,  window: 10m, lockout: 10m, multiplier: 2, cap: 6h,  jitter: 1m }
 *   subnet:  { threshold: 100, window: 10m, lockout: 10m, multiplier: 2, cap: 6h,  jitter: 1m }   # /24, /64
 *   user:    { threshold: 30,  window: 1h,  lockout: 1m,  multiplier: 2, cap: 15m, jitter: 10s }
 *   knownSourcePeriod: 30d   # an address that logged in as the user this recently passes the user lockout
 *   backoffReset: 12h        # lockouts stop growing after this long without one
 *   stuffing: { distinctUsernamesPerIp: 10, distinctUsernamesPerSubnet: 50, distinctUsernamesPerNetwork: 30, window: 10m }  # uses ip/subnet backoff
 *   maxTrackedKeys: 100000   # per table
 *   maxLockedKeys: 10000     # per lockout table, locked keys kept apart from a flood (default: at most maxTrackedKeys)
 *   deviceCookies: { enabled: false, name: vigil_device, maxAge: 30d, secure: true }  # a signed cookie after a login lets that device past the user lockout
 *   methods:                 # application methods that are logins; default none
 *     - class: com.example.AccountService   # required; subclasses and implementations match too
 *       method: signIn                      # required; every overload holding the username argument
 *       username: arg0                      # required; argN, or argN.getter.chain (method, getX(), field)
 *       success: returns-true               # required; returns-true | returns-non-null | no-exception
 *       failureExceptions: [com.example.BadPassword]     # required for no-exception; locked: throws the first
 *       unknownUserExceptions: [com.example.NoSuchUser]  # optional
 * }</pre>
 *
 * Every field of {@code login:} is optional; an omitted one keeps its default (see {@link LoginPolicy}).
 *
 * Decision order: deny, then allow, then rules in order; the first rule that throttles decides.
 */
public final class Policy {
  /** Loopback, private, unique-local and link-local ranges, like Tomcat's RemoteIpValve internalProxies. */
  public static final List<String> DEFAULT_TRUSTED_PROXIES =
      Collections.unmodifiableList(
          java.util.Arrays.asList(
              "127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7", "169.254.0.0/16", "fe80::/10"));

  public static final String DEFAULT_RULE_NAME = "default-per-ip";
  public static final String DEFAULT_STATIC_RULE_NAME = "default-static-per-ip";

  /** The longest duration a policy may name (and the slowest rate: one per this). */
  public static final Duration MAX_DURATION = Duration.ofDays(365);
  static final String MAX_DURATION_TEXT = "365d";

  private final Mode mode;
  private final List<Cidr> trustedProxies;
  private final String apiKeyHeader;
  private final List<Cidr> allow;
  private final List<Cidr> deny;
  private final StateLimits state;
  private final Path auditFile;
  private final List<Rule> rules;
  private final LoginPolicy login;
  private TelemetrySettings telemetry = TelemetrySettings.defaults();
  private ForwardingHeader clientIpHeader = ForwardingHeader.defaultHeader();
  private DetectorSettings detectors = DetectorSettings.DEFAULTS;

  /** A policy with the default login protection. */
  public Policy(
      Mode mode,
      List<Cidr> trustedProxies,
      String apiKeyHeader,
      List<Cidr> allow,
      List<Cidr> deny,
      StateLimits state,
      Path auditFile,
      List<Rule> rules) {
    this(mode, trustedProxies, apiKeyHeader, allow, deny, state, auditFile, rules, LoginPolicy.defaults());
  }

  public Policy(
      Mode mode,
      List<Cidr> trustedProxies,
      String apiKeyHeader,
      List<Cidr> allow,
      List<Cidr> deny,
      StateLimits state,
      Path auditFile,
      List<Rule> rules,
      LoginPolicy login) {
    this.mode = Objects.requireNonNull(mode, "mode");
    this.trustedProxies = copy(trustedProxies);
    this.apiKeyHeader = apiKeyHeader;
    this.allow = copy(allow);
    this.deny = copy(deny);
    this.state = Objects.requireNonNull(state, "state");
    this.auditFile = auditFile;
    this.rules = copy(rules);
    this.login = Objects.requireNonNull(login, "login");
  }

  /** Built-in defaults, with the {@code vigil.mode} and {@code vigil.audit.file} system properties applied. */
  public static Policy defaults() {
    return PolicyOverrides.applyOrWarn(builtIn(), System.getProperties());
  }

  /** Built-in defaults, ignoring system properties. */
  public static Policy builtIn() {
    return new Policy(Mode.ENFORCE, defaultTrustedProxies(), null, List.of(), List.of(), StateLimits.defaults(), null, defaultRules());
  }

  /**
   * By client IP: every request but static assets, 50/s with a burst of 100; static assets apart,
   * 500/s with a burst of 1,000, which bounds a flood and spares an office of people behind one
   * address loading pages with their stylesheets, scripts and images. Then the quotas on sign-up and
   * password-reset forms ({@link SensitiveFlows}).
   */
  public static List<Rule> defaultRules() {
    List<Rule> rules = new ArrayList<>();
    rules.add(new Rule(DEFAULT_RULE_NAME, List.of(), List.of(), KeyType.IP, Rate.perSecond(50), 100, null, StaticAssets.EXCLUDE));
    rules.add(new Rule(DEFAULT_STATIC_RULE_NAME, List.of(), List.of(), KeyType.IP, Rate.perSecond(500), 1_000, null, StaticAssets.ONLY));
    rules.addAll(SensitiveFlows.defaultRules());
    return List.copyOf(rules);
  }

  static List<Cidr> defaultTrustedProxies() {
    List<Cidr> cidrs = new ArrayList<>();
    for (String text : DEFAULT_TRUSTED_PROXIES) {
      cidrs.add(Cidr.parse(text));
    }
    return cidrs;
  }

  public Policy withMode(Mode newMode) {
    return withExtras(new Policy(newMode, trustedProxies, apiKeyHeader, allow, deny, state, auditFile, rules, login));
  }

  public Policy withAuditFile(Path file) {
    return withExtras(new Policy(mode, trustedProxies, apiKeyHeader, allow, deny, state, file, rules, login));
  }

  public Policy withTelemetry(TelemetrySettings settings) {
    Policy copy = withExtras(new Policy(mode, trustedProxies, apiKeyHeader, allow, deny, state, auditFile, rules, login));
    copy.telemetry = Objects.requireNonNull(settings, "telemetry");
    return copy;
  }

  public Policy withClientIpHeader(ForwardingHeader header) {
    Policy copy = withExtras(new Policy(mode, trustedProxies, apiKeyHeader, allow, deny, state, auditFile, rules, login));
    copy.clientIpHeader = Objects.requireNonNull(header, "clientIpHeader");
    return copy;
  }

  public Policy withDetectors(DetectorSettings settings) {
    Policy copy = withExtras(new Policy(mode, trustedProxies, apiKeyHeader, allow, deny, state, auditFile, rules, login));
    copy.detectors = Objects.requireNonNull(settings, "detectors");
    return copy;
  }

  /** {@code copy} with this policy's settings that its constructor does not take. */
  private Policy withExtras(Policy copy) {
    copy.telemetry = telemetry;
    copy.clientIpHeader = clientIpHeader;
    copy.detectors = detectors;
    return copy;
  }

  /** The behavioural detectors' thresholds and actions. */
  public DetectorSettings detectors() {
    return detectors;
  }

  /** The one forwarding header believed from a trusted proxy; the others are ignored. */
  public ForwardingHeader clientIpHeader() {
    return clientIpHeader;
  }

  public TelemetrySettings telemetry() {
    return telemetry;
  }

  public Mode mode() {
    return mode;
  }

  public List<Cidr> trustedProxies() {
    return trustedProxies;
  }

  /** Name of the request header carrying an API key, or null when API keys are not read. */
  public String apiKeyHeader() {
    return apiKeyHeader;
  }

  public List<Cidr> allow() {
    return allow;
  }

  public List<Cidr> deny() {
    return deny;
  }

  public StateLimits state() {
    return state;
  }

  /** Where audit JSON lines go, or null for none. */
  public Path auditFile() {
    return auditFile;
  }

  public List<Rule> rules() {
    return rules;
  }

  /** Login protection settings; never null (defaults when the file has no {@code login:}). */
  public LoginPolicy login() {
    return login;
  }

  /** The mode login protection runs in: monitor when the global mode is, else its own, else the global one. */
  public Mode loginMode() {
    if (mode == Mode.MONITOR || login.enforced() == null) {
      return mode;
    }
    return login.enforced() ? Mode.ENFORCE : Mode.MONITOR;
  }

  /**
   * Short text for the startup line, e.g. {@code 1 rule(s): default-per-ip 50/s burst 100 by ip; 0 deny, 0 allow;
   * client from X-Forwarded-For via 8 trusted proxy network(s)}.
   */
  public String describe() {
    StringBuilder text = new StringBuilder().append(rules.size()).append(" rule(s)");
    for (int i = 0; i < rules.size(); i++) {
      text.append(i == 0 ? ": " : ", ").append(rules.get(i).describe());
    }
    text.append("; ").append(deny.size()).append(" deny, ").append(allow.size()).append(" allow");
    text.append("; client from ").append(clientIpHeader).append(" via ").append(trustedProxies.size()).append(" trusted proxy network(s)");
    text.append("; detectors: ").append(detectors.describe());
    if (auditFile != null) {
      text.append("; audit ").append(auditFile);
    }
    return text.toString();
  }

  @Override
  public String toString() {
    return "Policy{mode=" + mode.yamlName() + ", " + describe() + "}";
  }

  private static <T> List<T> copy(List<T> list) {
    return Collections.unmodifiableList(new ArrayList<>(list));
  }
}
