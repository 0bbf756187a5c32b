package dev.vigil.it.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/** The JDKs the child JVMs run on. */
public enum Jdk {
    /** The JDK running the tests (the build's Java 17). */
    JAVA17 {
        @Override
        public Path home() {
            return Path.of(System.getProperty("java.home"));
        }
    },
    /** Temurin 25, from -Dvigil.java25.home (root pom property). */
    JAVA25 {
        @Override
        public Path home() {
            return Path.of(System.getProperty("vigil.java25.home", "/usr/lib/jvm/temurin-25-jdk-amd64"));
        }
    };

    public abstract Path home();

    public Path javaBinary() {
        return home().resolve("bin").resolve("java");
    }

    public boolean available() {
        return Files.isExecutable(javaBinary());
    }

    public String label() {
        return this == JAVA17 ? "java" + Runtime.version().feature() : "java25";
    }

    @Override
    public String toString() {
        return label();
    }
}
