package dev.vigil.instrumentation.spring;

import dev.vigil.bootstrap.AgentLog;
import dev.vigil.bootstrap.CallDepth;
import dev.vigil.bootstrap.LoginAttempt;
import dev.vigil.bootstrap.LoginResult;
import dev.vigil.bootstrap.VigilHooks;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Called from {@code AuthenticationManager.authenticate(Authentication)}. Only the outermost call
 * counts (ProviderManager delegates to its parent manager), and only for a username/password token
 * (other token types are not logins). The caller is the current request's client (the manager has
 * no request). A refused source fails Spring's own way, before any provider checks the password:
 * the method body is skipped and it throws {@code BadCredentialsException("Bad credentials")}, what
 * Spring throws for a wrong password or (hidden by default) an unknown user.
 */
public final class AuthenticationManagerAdvice {
  static final String FRAMEWORK = "spring-security";
  static final String USERNAME_PASSWORD_TOKEN =
      "org.springframework.security.authentication.UsernamePasswordAuthenticationToken";

  private AuthenticationManagerAdvice() {}

  public static Object enter(Object argument) {
    try {
      if (CallDepth.authentication().enter() != 1) {
        return null;
      }
      if (argument == null || !USERNAME_PASSWORD_TOKEN.equals(argument.getClass().getName())) {
        return null;
      }
      String username = ((Authentication) argument).getName();
      return new LoginAttempt(username, VigilHooks.onLoginAttempt(FRAMEWORK, username, null, null));
    } catch (Throwable t) {
      AgentLog.adviceError(t);
      return null;
    }
  }

  public static boolean skips(Object state) {
    return LoginAttempt.isRefused(state);
  }

  public static Object skipped(Object state) {
    CallDepth.authentication().exit();
    throw new BadCredentialsException("Bad credentials");
  }

  public static void exit(Object result, Throwable thrown, Object state) {
    try {
      CallDepth.authentication().exit();
      if (!(state instanceof LoginAttempt)) {
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
      VigilHooks.onLoginOutcome(FRAMEWORK, ((LoginAttempt) state).username, null, null, outcome);
    } catch (Throwable t) {
      AgentLog.adviceError(t);
    }
  }
}
