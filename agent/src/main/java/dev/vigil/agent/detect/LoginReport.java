package dev.vigil.agent.detect;

import dev.vigil.agent.login.LoginOutcome;
import dev.vigil.bootstrap.RequestContext;

/** One counted login outcome, as every detector's login-outcome moment sees it. */
public final class LoginReport {
  /** The login route's request, or null for an authentication hook outside any request. */
  public final RequestContext request;
  /** The login route's path, or {@code auth:<hook>}. */
  public final String via;
  /** As typed; never exported raw unless telemetry is configured to (see UserLabel). */
  public final String username;
  public final String client;
  public final LoginOutcome outcome;

  public LoginReport(RequestContext request, String via, String username, String client, LoginOutcome outcome) {
    this.request = request;
    this.via = via;
    this.username = username;
    this.client = client;
    this.outcome = outcome;
  }
}
