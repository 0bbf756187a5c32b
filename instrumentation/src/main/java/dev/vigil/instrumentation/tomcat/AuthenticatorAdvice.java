package dev.vigil.instrumentation.tomcat;

import dev.vigil.bootstrap.HeaderLines;
import dev.vigil.bootstrap.LoginCaller;
import dev.vigil.bootstrap.VigilHooks;
import net.bytebuddy.asm.Advice;
import org.apache.catalina.connector.Request;

/**
 * Inlined into {@code AuthenticatorBase.invoke}: remembers the HTTP caller for the realm hook while
 * the authenticator (and the rest of the pipeline) runs, and forgets it on the way out.
 */
public final class AuthenticatorAdvice {
  private AuthenticatorAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static String[] enter(@Advice.Argument(0) Request request) {
    String clientIpHeader = VigilHooks.clientIpHeader();
    String forwardedFor = request.getHeader(clientIpHeader) == null ? null : HeaderLines.join(request.getHeaders(clientIpHeader));
    return LoginCaller.set(request.getRemoteAddr(), forwardedFor);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter String[] previous) {
    LoginCaller.restore(previous);
  }
}
