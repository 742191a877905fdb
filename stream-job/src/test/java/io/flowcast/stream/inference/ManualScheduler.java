package io.flowcast.stream.inference;

import java.util.ArrayList;
import java.util.List;

/** A {@link Scheduler} whose clock moves only when the test says so. Not thread-safe. */
final class ManualScheduler implements Scheduler {
    private long now = 1_000_000_000L;
    private final List<Task> tasks = new ArrayList<>();

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public synchronized Runnable schedule(Runnable task, long delayNanos) {
        Task t = new Task(now + Math.max(0, delayNanos), task);
        tasks.add(t);
        return () -> t.cancelled = true;
    }

    /** Runs {@code task} at once on the caller's thread: deterministic for tests. */
    @Override
    public void execute(Runnable task) {
        task.run();
    }

    /** Moves the clock by {@code millis}, running every task that comes due, in time order. */
    void advanceMillis(long millis) {
        long until = now + millis * 1_000_000L;
        while (true) {
            Task next = null;
            synchronized (this) {
                for (Task t : tasks) {
                    if (!t.cancelled && t.at <= until && (next == null || t.at < next.at)) {
                        next = t;
                    }
                }
                if (next == null) {
                    break;
                }
                tasks.remove(next);
                now = Math.max(now, next.at);
            }
            next.task.run();
        }
        now = until;
    }

    /** Tasks waiting (not cancelled). */
    synchronized int pendingTasks() {
        int n = 0;
        for (Task t : tasks) {
            n += t.cancelled ? 0 : 1;
        }
        return n;
    }

    private static final class Task {
        final long at;
        final Runnable task;
        boolean cancelled;

        Task(long at, Runnable task) {
            this.at = at;
            this.task = task;
        }
    }
}
