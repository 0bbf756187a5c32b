package com.example.woven;

import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.login.LoginException;

/** What the JAAS advice sees of javax.security.auth.login.LoginContext; login() runs "the modules". */
public class FakeLoginContext {
  public static int moduleRuns;
  public static Throwable moduleFailure;
  private CallbackHandler callbackHandler;
  private boolean loginSucceeded;

  public FakeLoginContext(CallbackHandler handler) {
    this.callbackHandler = handler;
  }

  public void login() throws LoginException {
    loginSucceeded = false;
    moduleRuns++;
    if (moduleFailure instanceof LoginException) {
      throw (LoginException) moduleFailure;
    }
    if (moduleFailure instanceof RuntimeException) {
      throw (RuntimeException) moduleFailure;
    }
    loginSucceeded = true;
  }

  public boolean succeeded() {
    return loginSucceeded;
  }
}
