package dev.vigil.instrumentation.spring;

import dev.vigil.bootstrap.CallDepth;
import dev.vigil.bootstrap.LoginResult;
import dev.vigil.bootstrap.VigilHooks;
import net.bytebuddy.asm.Advice;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Inlined into {@code AuthenticationManager.authenticate(Authentication)}. Only the outermost call
 * counts (ProviderManager delegates to its parent manager), and only for a username/password token
 * (other token types are not logins). The caller is the current request's client (the manager has
 * no request). A locked-out source fails Spring's own way, before any provider checks the password:
 * the method body is skipped and the exit advice makes it throw {@code BadCredentialsException("Bad
 * credentials")}, what Spring throws for a wrong password or (hidden by default) an unknown user.
 * Throwing from the enter advice would not work: its suppress handler would swallow the exception.
 */
public final class AuthenticationManagerAdvice {
  static final String FRAMEWORK = "spring-security";
  static final String USERNAME_PASSWORD_TOKEN =
      "org.springframework.security.authentication.UsernamePasswordAuthenticationToken";

  private AuthenticationManagerAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static boolean enter(@Advice.Argument(0) Authentication authentication, @Advice.Local("vigilOuter") boolean outer) {
    if (CallDepth.authentication().enter() != 1) {
      return false;
    }
    if (authentication == null || !USERNAME_PASSWORD_TOKEN.equals(authentication.getClass().getName())) {
      return false;
    }
    outer = true;
    return VigilHooks.onLoginAttempt(FRAMEWORK, authentication.getName(), null, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Argument(0) Authentication authentication,
      @Advice.Enter boolean locked,
      @Advice.Local("vigilOuter") boolean outer,
      @Advice.Return Authentication result,
      @Advice.Thrown(readOnly = false) Throwable thrown) {
    CallDepth.authentication().exit();
    if (locked) {
      thrown = new BadCredentialsException("Bad credentials");
      return;
    }
    if (!outer) {
      return;
    }
    int outcome;
    if (thrown == null) {
      outcome = result != null ? LoginResult.SUCCESS : LoginResult.FAILURE;
    } else if (thrown instanceof UsernameNotFoundException) {
      // only seen when the application turned hideUserNotFoundExceptions off
      outcome = LoginResult.UNKNOWN_USER;
    } else if (thrown instanceof AuthenticationException) {
      outcome = LoginResult.FAILURE;
    } else {
      // an error that is not an authentication failure (a user store down) says nothing about the password
      outcome = LoginResult.NOT_COUNTED;
    }
    VigilHooks.onLoginOutcome(FRAMEWORK, authentication.getName(), null, null, outcome);
  }
}
