package dev.vigil.agent.login;

import dev.vigil.agent.limit.RequestMatcher;
import dev.vigil.agent.limit.RoutePath;
import dev.vigil.bootstrap.RequestContext;
import java.util.List;
import java.util.Set;

/**
 * A login form the agent watches without knowing its framework: requests matching it are login
 * attempts, the username is a form parameter, and the outcome is read from the response — a
 * failure status (401, 403 by default) or a redirect to a failure page such as {@code /login?error}.
 */
public final class LoginRoute {
  private final RequestMatcher matcher;
  private final String usernameParameter;
  private final Set<Integer> failureStatuses;
  private final String failureRedirect;

  /** @param failureRedirect a text the failure redirect's Location contains, or null */
  public LoginRoute(String path, List<String> methods, String usernameParameter, Set<Integer> failureStatuses, String failureRedirect) {
    this.matcher = new RequestMatcher(List.of(path), methods);
    this.usernameParameter = usernameParameter;
    this.failureStatuses = Set.copyOf(failureStatuses);
    this.failureRedirect = failureRedirect;
  }

  /**
   * @param normalisedPath see {@link RoutePath#normalise}; a path over {@link RoutePath#MAX_PATH_LENGTH}
   *     is a login attempt wherever the method matches (fail closed, as for rules: servers route
   *     {@code /login;x=<9,000 characters>} to the login handler, and it must not skip the lockouts)
   */
  public boolean matches(String method, String normalisedPath) {
    return matcher.matches(method, normalisedPath);
  }

  /** The username the form carries, or null when it has none or the server offers no form parameters. */
  public String username(RequestContext request) {
    return request.formParameter(usernameParameter);
  }

  /** The attempt's outcome, or null when the response says nothing about credentials (e.g. a 500). */
  public LoginOutcome outcome(int status, String location) {
    if (failureStatuses.contains(status) || (failureRedirect != null && location != null && location.contains(failureRedirect))) {
      return LoginOutcome.FAILURE;
    }
    return status >= 200 && status < 400 ? LoginOutcome.SUCCESS : null;
  }
}
