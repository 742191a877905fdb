package io.flowcast.stream.sink.warehouse;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * The warehouse sink's settings: which engine and how to connect ({@link
 * WarehouseConnectionFactory}), how rows are batched, and how failures are retried. Immutable and
 * serializable: it travels with the job graph and holds no secret. Read from the {@code Warehouse}
 * property group by {@code io.flowcast.stream.config.WarehouseOptions}.
 */
public final class WarehouseConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Rows per batch (one MERGE transaction) by default. */
    public static final int DEFAULT_BATCH_MAX_ROWS = 1_000;

    /** A row waits at most this long in the buffer by default. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);

    /** Upper bound of {@code batch.max.rows}: bounds the buffer's memory per subtask. */
    public static final int MAX_BATCH_MAX_ROWS = 50_000;

    private final WarehouseEngine engine;
    private final WarehouseConnectionFactory connections;
    private final int batchMaxRows;
    private final Duration flushInterval;
    private final RetryPolicy retryPolicy;

    private WarehouseConfig(
            WarehouseEngine engine,
            WarehouseConnectionFactory connections,
            int batchMaxRows,
            Duration flushInterval,
            RetryPolicy retryPolicy) {
        this.engine = engine;
        this.connections = connections;
        this.batchMaxRows = batchMaxRows;
        this.flushInterval = flushInterval;
        this.retryPolicy = retryPolicy;
    }

    /** The configuration of a job without a warehouse sink. */
    public static WarehouseConfig disabled() {
        return new WarehouseConfig(
                WarehouseEngine.NONE,
                null,
                DEFAULT_BATCH_MAX_ROWS,
                DEFAULT_FLUSH_INTERVAL,
                RetryPolicy.defaults());
    }

    /**
     * A sink configuration.
     *
     * @param connections the engine's connections ({@link SnowflakeConnectionFactory} or {@link
     *     PostgresConnectionFactory})
     * @param batchMaxRows a batch is written when it holds this many rows (1..{@value
     *     #MAX_BATCH_MAX_ROWS})
     * @param flushInterval a non-empty batch is written at the latest this long after its first row
     *     arrived (at least 10 ms)
     * @param retryPolicy retries of transient failures per batch
     * @throws IllegalArgumentException naming the first invalid argument
     */
    public static WarehouseConfig of(
            WarehouseConnectionFactory connections,
            int batchMaxRows,
            Duration flushInterval,
            RetryPolicy retryPolicy) {
        Objects.requireNonNull(connections, "connections");
        if (batchMaxRows < 1 || batchMaxRows > MAX_BATCH_MAX_ROWS) {
            throw new IllegalArgumentException(
                    "batch.max.rows must be 1.." + MAX_BATCH_MAX_ROWS + ", got " + batchMaxRows);
        }
        if (flushInterval == null || flushInterval.toMillis() < 10) {
            throw new IllegalArgumentException(
                    "batch.flush.interval must be at least 10ms, got " + flushInterval);
        }
        WarehouseEngine engine =
                connections instanceof SnowflakeConnectionFactory
                        ? WarehouseEngine.SNOWFLAKE
                        : WarehouseEngine.POSTGRES;
        return new WarehouseConfig(
                engine,
                connections,
                batchMaxRows,
                flushInterval,
                Objects.requireNonNull(retryPolicy, "retryPolicy"));
    }

    /** True unless the engine is {@link WarehouseEngine#NONE}. */
    public boolean enabled() {
        return engine != WarehouseEngine.NONE;
    }

    public WarehouseEngine engine() {
        return engine;
    }

    /**
     * The engine's connection factory.
     *
     * @throws IllegalStateException if the sink is disabled
     */
    public WarehouseConnectionFactory connections() {
        if (connections == null) {
            throw new IllegalStateException("the warehouse sink is disabled (engine none)");
        }
        return connections;
    }

    public int batchMaxRows() {
        return batchMaxRows;
    }

    public Duration flushInterval() {
        return flushInterval;
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    @Override
    public String toString() {
        return "WarehouseConfig{"
                + engine.name().toLowerCase(java.util.Locale.ROOT)
                + (connections == null ? "" : ", " + connections)
                + ", batch.max.rows="
                + batchMaxRows
                + ", batch.flush.interval="
                + flushInterval.toMillis()
                + "ms, "
                + retryPolicy
                + "}";
    }
}
