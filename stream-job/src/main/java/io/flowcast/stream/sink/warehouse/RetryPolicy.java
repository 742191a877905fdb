package io.flowcast.stream.sink.warehouse;

import java.io.Serializable;
import java.time.Duration;

/**
 * How {@link JdbcMergeWriter} retries transient failures: at most {@link #maxAttempts()} attempts
 * per batch, waiting {@link #initialBackoff()} before the second, doubling up to {@link
 * #maxBackoff()}. No jitter: one sink subtask has one connection, so there is no herd to spread.
 * Defaults: 5 attempts, 100 ms, 5 s (about 1.5 s of waiting in all before giving up).
 */
public final class RetryPolicy implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    private RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "backoff must satisfy 0 <= initial <= max, got initial="
                            + initialBackoff
                            + ", max="
                            + maxBackoff);
        }
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    /** 5 attempts, 100 ms doubling to at most 5 s. */
    public static RetryPolicy defaults() {
        return of(5, Duration.ofMillis(100), Duration.ofSeconds(5));
    }

    /** A policy; see the class comment. */
    public static RetryPolicy of(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff);
    }

    /** Attempts per batch, the first included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The wait before the second attempt. */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** The longest wait between attempts. */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** The wait after failed attempt number {@code attempt} (1-based). */
    public Duration backoffAfter(int attempt) {
        Duration wait = initialBackoff;
        for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    @Override
    public String toString() {
        return "RetryPolicy{"
                + maxAttempts
                + " attempts, "
                + initialBackoff.toMillis()
                + ".."
                + maxBackoff.toMillis()
                + " ms}";
    }
}
