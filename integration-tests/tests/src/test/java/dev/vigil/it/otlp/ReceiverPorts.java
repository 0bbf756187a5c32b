package dev.vigil.it.otlp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for a receiver to try, below the kernel's ephemeral range: the OS never hands those out to
 * outgoing connections, so no client socket can sit on a stopped receiver's port and keep it from
 * coming back on it (tests stop a receiver for 30 s while the machine keeps connecting elsewhere).
 */
final class ReceiverPorts {
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 10_000;
    private static final int TRIES = 50;

    private ReceiverPorts() {}

    /** Random ports below the ephemeral range, then 0 (any free port) as a last resort. */
    static List<Integer> candidates() {
        List<Integer> ports = new ArrayList<>();
        int ephemeralStart = ephemeralRangeStart();
        if (ephemeralStart > LOWEST + TRIES) {
            for (int i = 0; i < TRIES; i++) {
                ports.add(ThreadLocalRandom.current().nextInt(LOWEST, ephemeralStart));
            }
        }
        ports.add(0);
        return ports;
    }

    /** Linux's first ephemeral port; 0 elsewhere (then only port 0 is tried). */
    private static int ephemeralRangeStart() {
        try {
            return Integer.parseInt(Files.readString(EPHEMERAL_RANGE).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException unreadable) {
            return 0;
        }
    }
}
