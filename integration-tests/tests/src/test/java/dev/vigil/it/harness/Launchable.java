package dev.vigil.it.harness;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A test app ServerProcess can start: integration-tests/apps/MODULE, run as java -cp CLASSPATH MAIN_CLASS 0. */
public interface Launchable {
    /** Names the app in work directories and messages. */
    String id();

    String mainClass();

    /** target/classes plus the module's target/classpath.txt. */
    String classpath();

    /** target/classes plus target/classpath.txt (written by maven-dependency-plugin build-classpath) of apps/MODULE. */
    static String classpathOf(String id, String module) {
        Path dir = ItEnv.appsDir().resolve(module).resolve("target");
        Path classes = dir.resolve("classes");
        if (!Files.isDirectory(classes)) {
            throw new AssertionError("app " + id + " not built: " + classes + " missing (run mvn from the repo root)");
        }
        Path cpFile = dir.resolve("classpath.txt");
        try {
            String deps = Files.isRegularFile(cpFile) ? Files.readString(cpFile).trim() : "";
            return deps.isEmpty() ? classes.toString() : classes + File.pathSeparator + deps;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
