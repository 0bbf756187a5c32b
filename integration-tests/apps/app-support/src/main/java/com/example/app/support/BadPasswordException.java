package com.example.app.support;

/** {@link Authenticator#authenticate}: the password is wrong. */
public final class BadPasswordException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadPasswordException(String message) {
        super(message);
    }
}
