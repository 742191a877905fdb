package io.flowcast.stream.sink;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Where dead letters are written: a base path (a local directory, or {@code s3://bucket/prefix} on
 * AWS) under which files are bucketed by {@code dt=YYYY-MM-DD/hour=HH} (UTC), and how often a part
 * file rolls over. Files become visible when a checkpoint completes.
 */
public final class DeadLetterSinkConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String basePath;
    private final Duration rolloverInterval;

    public DeadLetterSinkConfig(String basePath, Duration rolloverInterval) {
        this.basePath = Objects.requireNonNull(basePath, "basePath");
        this.rolloverInterval = Objects.requireNonNull(rolloverInterval, "rolloverInterval");
    }

    public String basePath() {
        return basePath;
    }

    public Duration rolloverInterval() {
        return rolloverInterval;
    }
}
