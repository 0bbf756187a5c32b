package dev.vigil.agent.engine;

import dev.vigil.agent.login.LockoutStart;
import dev.vigil.agent.login.LoginOutcome;
import dev.vigil.bootstrap.RequestContext;

/** How login lockouts' refusals, failed logins and new lockouts reach the counts and the event stream. */
interface LoginRecorder {
  /**
   * @param request the login route's request, or null for an authentication hook
   * @param path the login route, or {@code auth:<hook>}
   */
  void lockout(RequestContext request, String path, String client, String rule, boolean enforced, int status, long retryAfterSeconds);

  /**
   * @param request the login route's request, or null for an authentication hook
   * @param path the login route, or {@code auth:<hook>}
   * @param username as typed (telemetry exports it as user.id or user.hash; the audit never keeps it)
   */
  void failure(RequestContext request, String path, String client, String username, LoginOutcome outcome);

  /** Lockouts one outcome started (rare); {@code enforced} false in monitor mode. */
  void lockoutsStarted(RequestContext request, String client, String username, LockoutStart started, boolean enforced);
}
