package dev.vigil.instrumentation.tomcat;

import dev.vigil.bootstrap.AgentLog;
import dev.vigil.bootstrap.HeaderLines;
import dev.vigil.bootstrap.LoginCaller;
import dev.vigil.bootstrap.VigilHooks;
import org.apache.catalina.connector.Request;

/**
 * Called from {@code AuthenticatorBase.invoke}: remembers the HTTP caller for the realm hook while
 * the authenticator (and the rest of the pipeline) runs, and forgets it on the way out.
 */
public final class AuthenticatorAdvice {
  private AuthenticatorAdvice() {}

  /** @return the caller remembered before this one (usually none), restored on exit */
  public static Object enter(Object argument) {
    try {
      Request request = (Request) argument;
      String clientIpHeader = VigilHooks.clientIpHeader();
      String forwardedFor = request.getHeader(clientIpHeader) == null ? null : HeaderLines.join(request.getHeaders(clientIpHeader));
      return LoginCaller.set(request.getRemoteAddr(), forwardedFor);
    } catch (Throwable t) {
      AgentLog.adviceError(t);
      return null;
    }
  }

  public static void exit(Object returned, Throwable thrown, Object previous) {
    try {
      LoginCaller.restore((String[]) previous);
    } catch (Throwable t) {
      AgentLog.adviceError(t);
    }
  }
}
