package dev.vigil.it.evaluation;

import dev.vigil.it.harness.ServerProcess;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the labelled traffic against one server: the benign population from the start (each person
 * beginning within the first 30 seconds), and after the warm-up each attack source in turn, a few
 * seconds apart; once every attack source is done, the people go on for the cool-down, then all
 * stop. Each caller is a task that schedules its own next request; a failed request (the server is
 * a real process: a timeout is possible) is counted and the caller goes on a second later.
 */
final class EvaluationRun {
    private final ServerProcess server;
    private final ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(96);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicInteger errors = new AtomicInteger();
    private long start;

    EvaluationRun(ServerProcess server) {
        this.server = server;
    }

    /** Runs everything; returns the number of requests that failed at the transport level. */
    int run(List<Caller> benign, List<Caller> attacks, long warmUpMillis, long staggerMillis, long coolDownMillis) throws InterruptedException {
        start = System.nanoTime();
        Random random = new Random(1);
        for (Caller person : benign) {
            schedule(person, random.nextInt(30_000), null);
        }
        CountDownLatch attacksDone = new CountDownLatch(attacks.size());
        for (int i = 0; i < attacks.size(); i++) {
            schedule(attacks.get(i), warmUpMillis + i * staggerMillis, attacksDone);
        }
        if (!attacksDone.await(60, TimeUnit.MINUTES)) {
            throw new AssertionError("attack sources still running after an hour");
        }
        Thread.sleep(coolDownMillis);
        stopping.set(true);
        pool.shutdownNow();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        return errors.get();
    }

    long elapsedMillis() {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private void schedule(Caller caller, long delayMillis, CountDownLatch done) {
        if (stopping.get()) {
            return;
        }
        pool.schedule(() -> {
            if (stopping.get()) {
                return;
            }
            long next;
            try {
                next = caller.step(server, elapsedMillis());
            } catch (AssertionError | RuntimeException e) {
                errors.incrementAndGet();
                next = 1_000;
            }
            if (next >= 0) {
                schedule(caller, next, done);
            } else if (done != null) {
                done.countDown();
            }
        }, delayMillis, TimeUnit.MILLISECONDS);
    }
}
