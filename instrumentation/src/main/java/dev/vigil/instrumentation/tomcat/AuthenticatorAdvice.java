package dev.vigil.instrumentation.tomcat;

import dev.vigil.bootstrap.LoginCaller;
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
    return LoginCaller.set(request.getRemoteAddr(), request.getHeader("Forwarded"), request.getHeader("X-Forwarded-For"));
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter String[] previous) {
    LoginCaller.restore(previous);
  }
}
