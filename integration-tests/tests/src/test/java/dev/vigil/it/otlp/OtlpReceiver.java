package dev.vigil.it.otlp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real OTLP endpoint on a loopback port for one protocol ({@link #startHttp()}, {@link #startGrpc()}),
 * storing what it decodes in {@link #telemetry()}. It keeps its port for life: {@link #stop()} closes
 * it (senders get "connection refused", as in a collector outage) and {@link #restart()} binds the same
 * port again, so a child JVM configured with {@link #endpoint()} reconnects by itself.
 */
public abstract class OtlpReceiver implements AutoCloseable {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** Should another socket hold the port when restarting, wait this long for it to go. */
    private static final long REBIND_PATIENCE_NANOS = 10_000_000_000L;

    private final ReceivedTelemetry telemetry = new ReceivedTelemetry();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean refusing;
    private volatile boolean running;
    private int port;

    /** OTLP/HTTP with protobuf bodies: POST /v1/traces, /v1/metrics, /v1/logs (gzip or not). */
    public static OtlpReceiver startHttp() {
        return new OtlpHttpReceiver().startOnFreePort();
    }

    /** OTLP/gRPC: the collector's TraceService, MetricsService and LogsService Export calls. */
    public static OtlpReceiver startGrpc() {
        return new OtlpGrpcReceiver().startOnFreePort();
    }

    public abstract OtlpProtocol protocol();

    /** Binds {@code address} and serves; returns the bound port. */
    abstract int bind(InetSocketAddress address) throws IOException;

    /** Closes the listening socket and every open connection; waits (bounded) until done. */
    abstract void unbind();

    public final ReceivedTelemetry telemetry() {
        return telemetry;
    }

    public final int port() {
        return port;
    }

    /** http://127.0.0.1:PORT: the value for OTEL_EXPORTER_OTLP_ENDPOINT, for both protocols. */
    public final String endpoint() {
        return "http://" + LOOPBACK.getHostAddress() + ":" + port;
    }

    /**
     * The URL a per-signal exporter is given (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or an SDK exporter
     * builder's setEndpoint): over HTTP the base plus /v1/{signal}, over gRPC the base itself.
     */
    public final String signalEndpoint(String signal) {
        return protocol() == OtlpProtocol.GRPC ? endpoint() : endpoint() + "/v1/" + signal;
    }

    /** OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_EXPORTER_OTLP_PROTOCOL pointing at this receiver. */
    public final Map<String, String> exporterEnvironment() {
        return Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint(), "OTEL_EXPORTER_OTLP_PROTOCOL", protocol().otelName);
    }

    /** Export requests that reached the receiver, accepted or refused. */
    public final long requestsReceived() {
        return received.get();
    }

    /** Export requests answered with an error: while {@link #refuseRequests refusing}, or undecodable ones. */
    public final long requestsRefused() {
        return refused.get();
    }

    /**
     * While true, the receiver stays up but answers every export as an overloaded collector does
     * (HTTP 503, gRPC UNAVAILABLE: both retryable), storing nothing.
     */
    public final void refuseRequests(boolean refuse) {
        this.refusing = refuse;
    }

    public final boolean isRunning() {
        return running;
    }

    /** Closes the port; senders now fail to connect. Idempotent. */
    public final synchronized void stop() {
        if (!running) return;
        running = false;
        unbind();
    }

    /** Serves again on the same port. Idempotent. */
    public final synchronized void restart() {
        if (running) return;
        rebind();
    }

    @Override
    public final void close() {
        stop();
    }

    @Override
    public String toString() {
        return "OTLP " + protocol() + " receiver on " + endpoint() + (running ? "" : " (stopped)");
    }

    /** Counts a request; false (and counted as refused) when it must be refused. */
    final boolean admit() {
        received.incrementAndGet();
        if (refusing) refused.incrementAndGet();
        return !refusing;
    }

    final void countRefused() {
        refused.incrementAndGet();
    }

    /** See {@link ReceiverPorts} for why not simply port 0. */
    final synchronized OtlpReceiver startOnFreePort() {
        for (int candidate : ReceiverPorts.candidates()) {
            try {
                port = bind(new InetSocketAddress(LOOPBACK, candidate));
                running = true;
                return this;
            } catch (BindException taken) {
                // try the next one
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + protocol() + " receiver", e);
            }
        }
        throw new IllegalStateException("no free port for an OTLP " + protocol() + " receiver");
    }

    private void rebind() {
        long deadline = System.nanoTime() + REBIND_PATIENCE_NANOS;
        while (true) {
            try {
                bind(new InetSocketAddress(LOOPBACK, port));
                running = true;
                return;
            } catch (BindException e) {
                if (System.nanoTime() > deadline) {
                    throw new UncheckedIOException("cannot bind " + protocol() + " receiver to port " + port + " again", e);
                }
                pauseBeforeRebind();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot restart " + protocol() + " receiver", e);
            }
        }
    }

    private static void pauseBeforeRebind() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rebinding", e);
        }
    }
}
