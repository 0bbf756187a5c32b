package com.example.app.support;

import java.security.Principal;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AccountNotFoundException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

/**
 * A JAAS LoginModule with one account, alice/secret, that tells an unknown account apart the JAAS
 * way ({@link AccountNotFoundException}); every check it makes counts in {@link PasswordChecks}.
 */
public final class JaasPasswordModule implements LoginModule {
    private Subject subject;
    private CallbackHandler handler;
    private String username;

    @Override
    public void initialize(Subject subject, CallbackHandler handler, Map<String, ?> sharedState, Map<String, ?> options) {
        this.subject = subject;
        this.handler = handler;
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("username: ");
        PasswordCallback password = new PasswordCallback("password: ", false);
        try {
            handler.handle(new Callback[] {name, password});
        } catch (java.io.IOException | UnsupportedCallbackException e) {
            throw new LoginException("cannot read the credentials: " + e);
        }
        PasswordChecks.record();
        if (!Accounts.exists(name.getName())) {
            throw new AccountNotFoundException("no such account");
        }
        char[] given = password.getPassword();
        if (!Accounts.passwordMatches(name.getName(), given == null ? null : new String(given))) {
            throw new FailedLoginException("wrong password");
        }
        username = name.getName();
        return true;
    }

    @Override
    public boolean commit() {
        if (username == null) {
            return false;
        }
        String user = username;
        subject.getPrincipals().add((Principal) () -> user);
        return true;
    }

    @Override
    public boolean abort() {
        username = null;
        return true;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().clear();
        return true;
    }
}
