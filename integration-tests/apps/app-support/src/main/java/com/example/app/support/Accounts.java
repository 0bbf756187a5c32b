package com.example.app.support;

/** The test apps' one account, alice/secret, for the password checks that are not a server realm. */
final class Accounts {
    private Accounts() {}

    static boolean exists(String username) {
        return "alice".equals(username);
    }

    static boolean passwordMatches(String username, String password) {
        return exists(username) && "secret".equals(password);
    }
}
