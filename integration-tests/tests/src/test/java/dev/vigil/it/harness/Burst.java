package dev.vigil.it.harness;

import dev.vigil.it.harness.Http.Resp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Concurrent requests from a real client: n threads, released together, each sending one request. */
public final class Burst {
    private Burst() {}

    /** Sends {@code request.apply(i)} for i in 0..n-1 at once; returns the responses in that order (bounded waits). */
    public static List<Resp> send(int n, IntFunction<Resp> request) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CyclicBarrier start = new CyclicBarrier(n);
        try {
            List<Future<Resp>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int id = i;
                futures.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return request.apply(id);
                }));
            }
            List<Resp> responses = new ArrayList<>();
            for (Future<Resp> future : futures) {
                responses.add(future.get(30, TimeUnit.SECONDS));
            }
            return responses;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("burst request failed: " + e, e);
        } finally {
            pool.shutdownNow();
        }
    }
}
