package com.example.app.support;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/**
 * POST /jaas/login: a JAAS login the way a server app does it, with a callback handler that holds
 * the submitted credentials. The JAAS configuration (entry {@value #CONFIG_NAME}, running {@link
 * JaasPasswordModule}) comes from -Djava.security.auth.login.config.
 */
public final class JaasLogins {
    public static final String CONFIG_NAME = "vigil-it";

    private JaasLogins() {}

    /** True when the login succeeds; false for any LoginException, the app's one failure answer. */
    public static boolean login(String username, String password) {
        LoginContext context;
        try {
            context = new LoginContext(CONFIG_NAME, handler(username, password));
        } catch (LoginException e) {
            throw new IllegalStateException("JAAS is not configured (-Djava.security.auth.login.config)", e);
        }
        try {
            context.login();
            return true;
        } catch (LoginException e) {
            return false;
        }
    }

    private static CallbackHandler handler(String username, String password) {
        return callbacks -> {
            for (Callback callback : callbacks) {
                if (callback instanceof NameCallback) {
                    ((NameCallback) callback).setName(username);
                } else if (callback instanceof PasswordCallback) {
                    ((PasswordCallback) callback).setPassword(password == null ? null : password.toCharArray());
                } else {
                    throw new UnsupportedCallbackException(callback);
                }
            }
        };
    }
}
