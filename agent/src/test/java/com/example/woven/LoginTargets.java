package com.example.woven;

/** Types a policy's login.methods may name, and one it does not. */
public final class LoginTargets {
  private LoginTargets() {}

  public interface Authenticator {
    Object authenticate(Object credentials) throws Exception;
  }

  public static class AccountService implements Authenticator {
    public boolean signIn(String username, String password) {
      return true;
    }

    public boolean signIn(String token) {
      return true;
    }

    public String signIn(String username, String password, String otp) {
      return username;
    }

    @Override
    public Object authenticate(Object credentials) {
      return credentials;
    }
  }

  public static class AuditedAccountService extends AccountService {
    @Override
    public boolean signIn(String username, String password) {
      return super.signIn(username, password);
    }
  }

  public static class Unrelated {
    public boolean signIn(String username, String password) {
      return true;
    }
  }
}
