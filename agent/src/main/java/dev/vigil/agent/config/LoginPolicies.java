package dev.vigil.agent.config;

import com.fasterxml.jackson.core.JsonLocation;
import dev.vigil.agent.login.DeviceCookieSettings;
import dev.vigil.agent.login.LockoutSettings;
import dev.vigil.agent.login.LoginPolicy;
import dev.vigil.agent.login.LoginRoute;
import dev.vigil.agent.login.LoginScope;
import dev.vigil.agent.login.StuffingSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Turns the bound {@code login:} section into a {@link LoginPolicy}, filling in defaults field by field. */
final class LoginPolicies {
  static final String DEFAULT_USERNAME_PARAMETER = "username";
  static final Set<Integer> DEFAULT_FAILURE_STATUSES = Set.of(401, 403);

  private LoginPolicies() {}

  static LoginPolicy toLoginPolicy(Path file, PolicyDocument.Login login) throws InvalidPolicyException {
    LoginPolicy defaults = LoginPolicy.defaults();
    if (login == null) {
      return defaults;
    }
    StuffingSettings stuffing = defaults.stuffing();
    PolicyDocument.Stuffing s = login.stuffing;
    if (s != null) {
      stuffing =
          new StuffingSettings(
              s.distinctUsernamesPerIp == null ? stuffing.distinctUsernamesPerIp() : s.distinctUsernamesPerIp,
              s.distinctUsernamesPerSubnet == null ? stuffing.distinctUsernamesPerSubnet() : s.distinctUsernamesPerSubnet,
              s.distinctUsernamesPerNetwork == null ? stuffing.distinctUsernamesPerNetwork() : s.distinctUsernamesPerNetwork,
              s.window == null ? stuffing.window() : s.window,
              s.ratioMinAttempts == null ? stuffing.ratioMinAttempts() : s.ratioMinAttempts,
              s.failureRatio == null ? stuffing.failureRatio() : s.failureRatio,
              s.unknownUserRatio == null ? stuffing.unknownUserRatio() : s.unknownUserRatio);
    }
    LoginPolicy withRoutes = loginRoutes(file, login.routes, new LoginPolicy(
        login.mode == null ? null : login.mode == Mode.ENFORCE,
        scope(file, "userIp", login.userIp, LoginPolicy.defaultFor(LoginScope.USER_IP)),
        scope(file, "ip", login.ip, LoginPolicy.defaultFor(LoginScope.IP)),
        scope(file, "subnet", login.subnet, LoginPolicy.defaultFor(LoginScope.SUBNET)),
        scope(file, "user", login.user, LoginPolicy.defaultFor(LoginScope.USER)),
        stuffing,
        login.knownSourcePeriod == null ? defaults.knownSourcePeriod() : login.knownSourcePeriod,
        login.backoffReset == null ? defaults.backoffReset() : login.backoffReset,
        login.maxTrackedKeys == null ? defaults.maxTrackedKeys() : login.maxTrackedKeys));
    if (login.maxLockedKeys != null) {
      withRoutes = withRoutes.withMaxLockedKeys(login.maxLockedKeys);
    }
    PolicyDocument.DeviceCookies d = login.deviceCookies;
    if (d != null) {
      DeviceCookieSettings off = DeviceCookieSettings.OFF;
      withRoutes = withRoutes.withDeviceCookies(new DeviceCookieSettings(
          d.enabled == null || d.enabled, d.name == null ? off.name : d.name, d.maxAge == null ? off.maxAge : d.maxAge, d.secure == null ? off.secure : d.secure));
    }
    return login.methods == null ? withRoutes : withRoutes.withMethods(login.methods);
  }

  private static LoginPolicy loginRoutes(Path file, List<PolicyDocument.LoginRouteEntry> entries, LoginPolicy policy)
      throws InvalidPolicyException {
    if (entries == null || entries.isEmpty()) {
      return policy;
    }
    List<LoginRoute> routes = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      PolicyDocument.LoginRouteEntry entry = entries.get(i);
      if (entry == null || entry.path == null) {
        throw InvalidPolicyException.at(file, 0, 0, "login.routes[" + i + "].path", "required: the login form's path, e.g. /login", null);
      }
      routes.add(
          new LoginRoute(
              entry.path,
              entry.methods == null ? List.of("POST") : entry.methods,
              entry.usernameParameter == null ? DEFAULT_USERNAME_PARAMETER : entry.usernameParameter,
              entry.failureStatus == null ? DEFAULT_FAILURE_STATUSES : Set.copyOf(entry.failureStatus),
              entry.failureRedirect));
    }
    return policy.withRoutes(routes);
  }

  private static LockoutSettings scope(Path file, String name, PolicyDocument.LockoutEntry entry, LockoutSettings defaults) throws InvalidPolicyException {
    if (entry == null) {
      return defaults;
    }
    Duration lockout = entry.lockout == null ? defaults.lockout() : entry.lockout;
    // a longer base lockout than the default cap, with no cap written, means "no growth", not an error
    Duration cap = entry.cap != null ? entry.cap : defaults.cap().compareTo(lockout) < 0 ? lockout : defaults.cap();
    LockoutSettings merged;
    try {
      merged =
          new LockoutSettings(
              entry.threshold == null ? defaults.threshold() : entry.threshold,
              entry.window == null ? defaults.window() : entry.window,
              lockout,
              entry.multiplier == null ? defaults.multiplier() : entry.multiplier,
              cap,
              entry.jitter == null ? defaults.jitter() : entry.jitter);
    } catch (IllegalArgumentException e) {
      JsonLocation at = entry.start;
      throw InvalidPolicyException.at(file, at.getLineNr(), at.getColumnNr(), "login." + name, e.getMessage(), null);
    }
    return merged;
  }
}
