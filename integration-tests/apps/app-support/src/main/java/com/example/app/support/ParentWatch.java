package com.example.app.support;

import java.io.IOException;

/** With -Dit.watchParent=true: the app exits when the launching test JVM goes away (its stdin closes). */
public final class ParentWatch {
    private ParentWatch() {}

    public static void exitWhenParentDies() {
        if (!Boolean.getBoolean("it.watchParent")) return;
        Thread t = new Thread(() -> {
            try {
                while (System.in.read() != -1) { /* drain */ }
            } catch (IOException ignored) {
                // parent gone
            }
            Runtime.getRuntime().halt(3);
        }, "it-parent-watch");
        t.setDaemon(true);
        t.start();
    }
}
