package com.example.app.support;

/**
 * An application's own login code, with no framework: the integration tests name its methods in
 * the policy. {@link #signIn} answers by return value, {@link #authenticate} by exception. Every
 * check counts in {@link PasswordChecks}.
 */
public class AccountService implements Authenticator {
    /** True for the right password; false for a wrong one or an unknown account. */
    public boolean signIn(String username, String password) {
        PasswordChecks.record();
        return Accounts.passwordMatches(username, password);
    }

    @Override
    public String authenticate(Credentials credentials) throws BadPasswordException, NoSuchAccountException {
        PasswordChecks.record();
        if (!Accounts.exists(credentials.getUsername())) {
            throw new NoSuchAccountException("no such account");
        }
        if (!Accounts.passwordMatches(credentials.getUsername(), credentials.password())) {
            throw new BadPasswordException("wrong password");
        }
        return credentials.getUsername();
    }
}
