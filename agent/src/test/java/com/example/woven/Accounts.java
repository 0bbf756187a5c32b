package com.example.woven;

/** The application's login code; every method body counts as a password check. */
public class Accounts {
  public static int checks;

  public boolean signIn(String username, String password) {
    checks++;
    return "secret".equals(password);
  }

  public String findUser(String username) {
    checks++;
    return "alice".equals(username) ? username : null;
  }

  public void authenticate(String username, String password) throws BadPassword {
    checks++;
    if (!"secret".equals(password)) {
      throw new BadPassword("wrong password");
    }
  }

  /** A login that delegates to another login: one attempt. */
  public boolean signInTwice(String username, String password) {
    return signIn(username, password);
  }

  public boolean notALogin(String username, String password) {
    checks++;
    return true;
  }

  public static final class BadPassword extends Exception {
    public BadPassword(String message) {
      super(message);
    }
  }
}
