package dev.vigil.it.harness;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The agent's audit file: one JSON object per line, written asynchronously (so reads poll, bounded). */
public final class AuditLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    public final Path file;

    public AuditLog(Path file) {
        this.file = file;
    }

    public List<Map<String, Object>> entries() {
        List<Map<String, Object>> result = new ArrayList<>();
        if (!Files.exists(file)) return result;
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) continue;
                try {
                    result.add(JSON.readValue(line, new TypeReference<Map<String, Object>>() {}));
                } catch (IOException partialLine) {
                    // a line still being written; the next poll sees it whole
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    /** Polls up to {@code timeout} for an entry matching {@code filter}. */
    public Map<String, Object> await(Predicate<Map<String, Object>> filter, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Map<String, Object> e : entries()) {
                if (filter.test(e)) return e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching audit entry within " + timeout + " in " + file
                        + "; entries: " + entries());
            }
            ServerProcess.pause(50);
        }
    }

    /** Polls up to {@code timeout} until at least {@code count} entries match; returns all matching entries. */
    public List<Map<String, Object>> awaitCount(Predicate<Map<String, Object>> filter, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Map<String, Object>> matching = new ArrayList<>();
            for (Map<String, Object> e : entries()) {
                if (filter.test(e)) matching.add(e);
            }
            if (matching.size() >= count) return matching;
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " matching audit entries within " + timeout + " in "
                        + file + ", found " + matching + "; all entries: " + entries());
            }
            ServerProcess.pause(50);
        }
    }

    public static Predicate<Map<String, Object>> field(String name, Object value) {
        return e -> e.containsKey(name) && String.valueOf(e.get(name)).equals(String.valueOf(value));
    }
}
