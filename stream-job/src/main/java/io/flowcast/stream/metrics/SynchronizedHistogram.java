package io.flowcast.stream.metrics;

import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * A histogram that may be updated from I/O client threads while metric reporters read it: async
 * functions complete their lookups and calls off the task thread, and Flink's histograms are not
 * thread-safe.
 */
public final class SynchronizedHistogram implements Histogram {
    private final Histogram delegate;

    private SynchronizedHistogram(Histogram delegate) {
        this.delegate = delegate;
    }

    /** Over the last {@code windowSize} values. */
    public static SynchronizedHistogram ofLast(int windowSize) {
        return new SynchronizedHistogram(new DescriptiveStatisticsHistogram(windowSize));
    }

    @Override
    public synchronized void update(long value) {
        delegate.update(value);
    }

    @Override
    public synchronized long getCount() {
        return delegate.getCount();
    }

    @Override
    public synchronized HistogramStatistics getStatistics() {
        return delegate.getStatistics();
    }
}
