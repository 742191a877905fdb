package io.flowcast.stream.sink.warehouse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.operators.ProcessingTimeService;

/**
 * A processing-time service whose clock the test moves: timers fire, in time order, on the calling
 * thread when {@link #advanceTo} passes them (as Flink fires them on the task thread).
 */
final class ManualProcessingTime implements ProcessingTimeService {

    private static final class Timer {
        final long time;
        final ProcessingTimeCallback callback;

        Timer(long time, ProcessingTimeCallback callback) {
            this.time = time;
            this.callback = callback;
        }
    }

    private final List<Timer> timers = new ArrayList<>();
    private long now;

    @Override
    public long getCurrentProcessingTime() {
        return now;
    }

    /** Registers a timer; the returned future is null (the writer does not use it). */
    @Override
    public ScheduledFuture<?> registerTimer(long timestamp, ProcessingTimeCallback target) {
        timers.add(new Timer(timestamp, target));
        return null;
    }

    /** Pending timers. */
    int pendingTimers() {
        return timers.size();
    }

    /** Moves the clock to {@code time}, firing every timer due by then. */
    void advanceTo(long time) throws Exception {
        while (true) {
            Timer next =
                    timers.stream()
                            .filter(t -> t.time <= time)
                            .min(Comparator.comparingLong(t -> t.time))
                            .orElse(null);
            if (next == null) {
                break;
            }
            timers.remove(next);
            now = Math.max(now, next.time);
            next.callback.onProcessingTime(next.time);
        }
        now = time;
    }
}
