package io.flowcast.stream.sink.warehouse;

import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Flink Sink V2 writing one warehouse table ({@link WarehouseTable}) through {@link
 * JdbcMergeWriter}: elements are mapped to rows by a {@link WarehouseRowMapper}, buffered, and
 * upserted in batches on size, on a processing-time interval and before every checkpoint; see
 * {@link WarehouseSinkWriter}. At-least-once delivery with idempotent writes (MERGE on the rows'
 * deterministic ids): restarts and Kinesis replays never add a second row. Stateless: nothing is
 * kept in Flink state, the buffer is flushed before each checkpoint barrier.
 *
 * <p>Each subtask holds one connection from the config's {@link WarehouseConnectionFactory}, opened
 * at the first batch. Build with {@link WarehouseSinks}.
 *
 * @param <T> the stream element type
 */
public final class WarehouseSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final WarehouseConfig config;
    private final WarehouseTable table;
    private final WarehouseRowMapper<T> mapper;

    /**
     * @param config an enabled warehouse configuration
     * @param table the table the mapper's rows belong to (names the metrics and errors)
     * @param mapper element to row
     * @throws IllegalArgumentException if the configuration is disabled
     */
    public WarehouseSink(
            WarehouseConfig config, WarehouseTable table, WarehouseRowMapper<T> mapper) {
        this.config = Objects.requireNonNull(config, "config");
        if (!config.enabled()) {
            throw new IllegalArgumentException("the warehouse sink is disabled (engine none)");
        }
        this.table = Objects.requireNonNull(table, "table");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        WarehouseConnectionFactory connections = config.connections();
        JdbcMergeWriter writer =
                new JdbcMergeWriter(
                        connections::connect,
                        connections.dialect(),
                        config.retryPolicy(),
                        d -> Thread.sleep(d.toMillis()));
        return new WarehouseSinkWriter<>(
                mapper,
                writer,
                config.batchMaxRows(),
                config.flushInterval(),
                context.getProcessingTimeService(),
                context.metricGroup(),
                context.metricGroup().getNumRecordsSendCounter(),
                table.tableName());
    }

    /**
     * Not used: Flink 1.20 calls {@link #createWriter(WriterInitContext)}. Required because it is
     * still abstract in 1.20 (it is gone in Flink 2).
     */
    @Deprecated
    @Override
    public SinkWriter<T> createWriter(InitContext context) throws IOException {
        throw new UnsupportedOperationException(
                "WarehouseSink needs a WriterInitContext (its processing-time service)");
    }

    /** The table written. */
    public WarehouseTable table() {
        return table;
    }

    /** The configuration. */
    public WarehouseConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return "WarehouseSink{" + table.tableName() + ", " + config + "}";
    }
}
