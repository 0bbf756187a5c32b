package dev.vigil.agent.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.vigil.agent.limit.RoutePattern;
import dev.vigil.agent.login.LockoutSettings;
import dev.vigil.agent.login.StuffingSettings;
import dev.vigil.agent.login.methods.JavaNames;
import dev.vigil.agent.login.methods.SuccessRule;
import dev.vigil.agent.login.methods.UsernamePath;
import dev.vigil.agent.net.Cidr;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deserializers for the policy's scalar values. Each validates while the parser still sits on the
 * value, so the error carries the value's own line and column.
 */
final class PolicyValueDeserializers {
  static final long MAX_BURST = 1_000_000_000L;
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
  private static final Pattern RULE_NAME = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final Pattern COOKIE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private PolicyValueDeserializers() {}

  /** Registers the value types that appear in more than one place. */
  static SimpleModule module() {
    SimpleModule module = new SimpleModule("vigil-policy");
    module.addDeserializer(Mode.class, new Scalar<>(Mode.class, "enforce or monitor", Mode::parse));
    module.addDeserializer(KeyType.class, new Scalar<>(KeyType.class, "a key type", KeyType::parse));
    module.addDeserializer(StaticAssets.class, new Scalar<>(StaticAssets.class, "include, exclude or only", StaticAssets::parse));
    module.addDeserializer(
        TelemetrySettings.UserIdentity.class, new Scalar<>(TelemetrySettings.UserIdentity.class, "id or hash", TelemetrySettings.UserIdentity::parse));
    module.addDeserializer(Rate.class, new Scalar<>(Rate.class, "a rate like 20/s", Rate::parse));
    module.addDeserializer(Cidr.class, new Scalar<>(Cidr.class, "a CIDR like 10.0.0.0/8", Cidr::parse));
    module.addDeserializer(SuccessRule.class, new Scalar<>(SuccessRule.class, "returns-true, returns-non-null or no-exception", SuccessRule::parse));
    module.addDeserializer(Duration.class, new Scalar<>(Duration.class, "a duration like 10m", PolicyValueDeserializers::duration));
    module.addDeserializer(DetectorAction.class, new Scalar<>(DetectorAction.class, "throttle, block, monitor or off", DetectorAction::parse));
    return module;
  }

  /**
   * @throws IllegalArgumentException past {@link Policy#MAX_DURATION}: every duration ends up in
   *     nanoseconds (a long, ~292 years), added to others, so a bound well inside it keeps every sum exact
   */
  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("expected a duration such as 500ms, 30s, 10m, 2h or 1d");
    }
    String unit = m.group(2);
    long unitMillis = unitMillis(unit);
    long amount;
    try {
      amount = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      amount = Long.MAX_VALUE;
    }
    if (amount <= 0) {
      throw new IllegalArgumentException("duration must be positive");
    }
    if (amount > Policy.MAX_DURATION.toMillis() / unitMillis) {
      throw new IllegalArgumentException("duration must be at most " + Policy.MAX_DURATION_TEXT);
    }
    return Duration.ofMillis(amount * unitMillis);
  }

  private static long unitMillis(String unit) {
    switch (unit) {
      case "ms":
        return 1;
      case "s":
        return 1_000;
      case "m":
        return 60_000;
      case "h":
        return 3_600_000;
      default:
        return 86_400_000;
    }
  }

  /** A scalar parsed by a function that throws IllegalArgumentException with a short reason. */
  static class Scalar<T> extends StdDeserializer<T> {
    private static final long serialVersionUID = 1L;
    private final String expected;
    private final transient Function<String, T> parser;

    Scalar(Class<?> type, String expected, Function<String, T> parser) {
      super(type);
      this.expected = expected;
      this.parser = parser;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonToken token = p.currentToken();
      if (token == null || !token.isScalarValue()) {
        throw PolicyErrors.problem(p, "expected " + expected + ", got " + PolicyErrors.describeToken(p));
      }
      String text = p.getText();
      try {
        return parser.apply(text);
      } catch (IllegalArgumentException e) {
        throw PolicyErrors.problem(p, e.getMessage() + ", got '" + text + "'");
      }
    }
  }

  static final class HeaderName extends Scalar<String> {
    private static final long serialVersionUID = 1L;

    HeaderName() {
      super(String.class, "a header name", text -> matching(TOKEN, text.trim(), "must be an HTTP header name such as X-API-Key"));
    }
  }

  static final class RuleName extends Scalar<String> {
    private static final long serialVersionUID = 1L;

    RuleName() {
      super(String.class, "a rule name", RuleName::check);
    }

    private static String check(String text) {
      String name = matching(RULE_NAME, text.trim(), "must be 1-64 letters, digits, '.', '_', ':' or '-'");
      if (name.equals("deny-list")) {
        throw new IllegalArgumentException("'deny-list' is reserved for the deny list");
      }
      return name;
    }
  }

  /** A cookie name: an HTTP token (RFC 6265), at most 64 characters. */
  static final class CookieName extends Scalar<String> {
    private static final long serialVersionUID = 1L;

    CookieName() {
      super(String.class, "a cookie name", text -> matching(COOKIE_NAME, text.trim(), "must be 1-64 letters, digits, '.', '_' or '-'"));
    }
  }

  static final class Route extends Scalar<String> {
    private static final long serialVersionUID = 1L;

    Route() {
      super(String.class, "a route pattern", Route::check);
    }

    private static String check(String text) {
      String route = text.trim();
      if (!route.startsWith("/") || route.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("must be a path pattern starting with '/', such as /api/** or /users/*");
      }
      for (String segment : route.split("/", -1)) {
        if (segment.contains("**") && !segment.equals("**")) {
          throw new IllegalArgumentException("'**' must be a whole path segment, as in /api/**");
        }
      }
      if (RoutePattern.segmentCount(route) > RoutePattern.MAX_SEGMENTS) {
        throw new IllegalArgumentException("a route pattern has at most " + RoutePattern.MAX_SEGMENTS + " segments");
      }
      return route;
    }
  }

  /** A class's binary name as Class.forName takes it: com.example.AccountService, com.example.Outer$Inner. */
  static final class ClassName extends Scalar<String> {
    private static final long serialVersionUID = 1L;

    ClassName() {
      super(String.class, "a class name", ClassName::check);
    }

    private static String check(String text) {
      String name = text.trim();
      if (!JavaNames.isClassName(name)) {
        throw new IllegalArgumentException("must be a fully qualified class name such as com.example.AccountService (nested: com.example.Outer$Inner)");
      }
      return name;
    }
  }

  static final class MethodName extends Scalar<String> {
    private static final long serialVersionUID = 1L;

    MethodName() {
      super(String.class, "a method name", text -> {
        if (!JavaNames.isIdentifier(text.trim())) {
          throw new IllegalArgumentException("must be a method name such as signIn (no parentheses or parameter types)");
        }
        return text.trim();
      });
    }
  }

  static final class Username extends Scalar<UsernamePath> {
    private static final long serialVersionUID = 1L;

    Username() {
      super(UsernamePath.class, "where the username is, such as arg0 or arg0.getUsername", UsernamePath::parse);
    }
  }

  static final class Method extends Scalar<String> {
    private static final long serialVersionUID = 1L;

    Method() {
      super(String.class, "an HTTP method", text -> matching(TOKEN, text.trim(), "must be an HTTP method such as GET").toUpperCase(Locale.ROOT));
    }
  }

  static final class FilePath extends Scalar<Path> {
    private static final long serialVersionUID = 1L;

    FilePath() {
      super(Path.class, "a file path", FilePath::check);
    }

    private static Path check(String text) {
      if (text.trim().isEmpty()) {
        throw new IllegalArgumentException("must be a file path");
      }
      try {
        return Paths.get(text.trim()).toAbsolutePath().normalize();
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException("not a valid file path: " + e.getReason());
      }
    }
  }

  static final class HttpStatus extends Scalar<Integer> {
    private static final long serialVersionUID = 1L;

    HttpStatus() {
      super(Integer.class, "an HTTP status code", HttpStatus::check);
    }

    private static Integer check(String text) {
      int status = (int) wholeNumber(text, 599);
      if (status < 100) {
        throw new IllegalArgumentException("must be an HTTP status code from 100 to 599");
      }
      return status;
    }
  }

  static final class PositiveInt extends Scalar<Integer> {
    private static final long serialVersionUID = 1L;

    PositiveInt() {
      super(Integer.class, "a whole number", text -> (int) wholeNumber(text, Integer.MAX_VALUE));
    }
  }

  static final class DistinctThreshold extends Scalar<Integer> {
    private static final long serialVersionUID = 1L;

    DistinctThreshold() {
      super(Integer.class, "a whole number", text -> (int) wholeNumber(text, StuffingSettings.MAX_DISTINCT_THRESHOLD));
    }
  }

  /** A detector that only reports: monitor or off (account takeover follow-through: the password was right, there is nothing to refuse). */
  static final class ReportAction extends Scalar<DetectorAction> {
    private static final long serialVersionUID = 1L;

    ReportAction() {
      super(DetectorAction.class, "monitor or off", ReportAction::parse);
    }

    private static DetectorAction parse(String text) {
      DetectorAction action = DetectorAction.parse(text);
      if (action != DetectorAction.MONITOR && action != DetectorAction.OFF) {
        throw new IllegalArgumentException("must be monitor or off: it only reports (the password was right)");
      }
      return action;
    }
  }

  /** Distinct routes a scan's sketch counts well: at most 200. */
  static final class NotFoundThreshold extends Scalar<Integer> {
    private static final long serialVersionUID = 1L;

    NotFoundThreshold() {
      super(Integer.class, "a whole number", text -> (int) wholeNumber(text, 200));
    }
  }

  /** Distinct objects the short window's sketch counts well: at most 1,000. */
  static final class ObjectThreshold extends Scalar<Integer> {
    private static final long serialVersionUID = 1L;

    ObjectThreshold() {
      super(Integer.class, "a whole number", text -> (int) wholeNumber(text, 1_000));
    }
  }

  /** Distinct objects the long window's sketch counts well: at most 2,000. */
  static final class LongObjectThreshold extends Scalar<Integer> {
    private static final long serialVersionUID = 1L;

    LongObjectThreshold() {
      super(Integer.class, "a whole number", text -> (int) wholeNumber(text, 2_000));
    }
  }

  /** A ratio threshold: a number above 0 and at most 1, e.g. 0.9. */
  static final class Ratio extends Scalar<Double> {
    private static final long serialVersionUID = 1L;

    Ratio() {
      super(Double.class, "a number", Ratio::check);
    }

    private static Double check(String text) {
      double value;
      try {
        value = Double.parseDouble(text.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("expected a ratio such as 0.9");
      }
      if (!(value > 0 && value <= 1)) {
        throw new IllegalArgumentException("must be above 0 and at most 1");
      }
      return value;
    }
  }

  /** A backoff multiplier: a number from 1 (no growth) to 100. */
  static final class Multiplier extends Scalar<Double> {
    private static final long serialVersionUID = 1L;

    Multiplier() {
      super(Double.class, "a number", Multiplier::check);
    }

    private static Double check(String text) {
      double value;
      try {
        value = Double.parseDouble(text.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("expected a number such as 2 or 1.5");
      }
      if (!(value >= 1 && value <= LockoutSettings.MAX_MULTIPLIER)) {
        throw new IllegalArgumentException("must be between 1 and " + (int) LockoutSettings.MAX_MULTIPLIER);
      }
      return value;
    }
  }

  /** A duration that may be zero ({@code 0} or {@code 0s}), e.g. jitter. */
  static final class ZeroOrPositiveDuration extends Scalar<Duration> {
    private static final long serialVersionUID = 1L;

    ZeroOrPositiveDuration() {
      super(Duration.class, "a duration like 10s", text -> text.trim().matches("0+\\s*(ms|s|m|h|d)?") ? Duration.ZERO : duration(text));
    }
  }

  static final class Burst extends Scalar<Long> {
    private static final long serialVersionUID = 1L;

    Burst() {
      super(Long.class, "a whole number", text -> wholeNumber(text, MAX_BURST));
    }
  }

  private static long wholeNumber(String text, long max) {
    long value;
    try {
      value = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a whole number");
    }
    if (value < 1) {
      throw new IllegalArgumentException("must be at least 1");
    }
    if (value > max) {
      throw new IllegalArgumentException("must be at most " + max);
    }
    return value;
  }

  private static String matching(Pattern pattern, String text, String problem) {
    if (!pattern.matcher(text).matches()) {
      throw new IllegalArgumentException(problem);
    }
    return text;
  }
}
