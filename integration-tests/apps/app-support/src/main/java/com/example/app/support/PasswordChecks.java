package com.example.app.support;

import java.util.concurrent.atomic.AtomicInteger;

/** How many password checks reached the app's realm or login service; served at GET /realm-calls. */
public final class PasswordChecks {
    private static final AtomicInteger COUNT = new AtomicInteger();

    private PasswordChecks() {}

    public static void record() {
        COUNT.incrementAndGet();
    }

    public static int count() {
        return COUNT.get();
    }
}
