package com.example.app.support;

/** {@link Authenticator#authenticate}: the account does not exist. */
public final class NoSuchAccountException extends Exception {
    private static final long serialVersionUID = 1L;

    public NoSuchAccountException(String message) {
        super(message);
    }
}
