package com.example.app.support;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many password checks reached the app (its realm, login service, user store or login form);
 * served at GET /realm-calls. With -Dit.passwordCheckMillis=N each check takes N ms, like a slow
 * password hash, so that concurrent attempts really are in flight together.
 */
public final class PasswordChecks {
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final long MILLIS = Long.getLong("it.passwordCheckMillis", 0);

    private PasswordChecks() {}

    public static void record() {
        COUNT.incrementAndGet();
        if (MILLIS > 0) {
            try {
                Thread.sleep(MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static int count() {
        return COUNT.get();
    }
}
