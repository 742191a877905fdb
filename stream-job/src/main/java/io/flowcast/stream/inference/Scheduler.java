package io.flowcast.stream.inference;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Time and delayed tasks for {@link BatchingInvoker}: a real executor, or a manual one in tests.
 */
interface Scheduler {

    long nanoTime();

    /** Runs {@code task} after {@code delayNanos}; the returned handle cancels it. */
    Runnable schedule(Runnable task, long delayNanos);

    /** Runs {@code task} soon, off the caller's thread. */
    void execute(Runnable task);

    /** Over a {@link ScheduledExecutorService} and {@link System#nanoTime()}. */
    static Scheduler of(ScheduledExecutorService executor) {
        return new Scheduler() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public Runnable schedule(Runnable task, long delayNanos) {
                ScheduledFuture<?> f =
                        executor.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
                return () -> f.cancel(false);
            }

            @Override
            public void execute(Runnable task) {
                executor.execute(task);
            }
        };
    }
}
