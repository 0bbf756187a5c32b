package com.example.app.support;

/** What a login form submits; the policy reads the username through {@link #getUsername()}. */
public final class Credentials {
    private final String username;
    private final String password;

    public Credentials(String username, String password) {
        this.username = username;
        this.password = password;
    }

    public String getUsername() {
        return username;
    }

    String password() {
        return password;
    }
}
