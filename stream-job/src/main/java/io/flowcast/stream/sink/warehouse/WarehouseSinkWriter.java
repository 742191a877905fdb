package io.flowcast.stream.sink.warehouse;

import io.flowcast.stream.metrics.FlowcastMetrics;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The writer of one {@link WarehouseSink} subtask: maps each element to a {@link WarehouseRow},
 * buffers the rows and writes the buffer as one idempotent batch through {@link JdbcMergeWriter}
 *
 * <ul>
 *   <li>when it holds {@code batch.max.rows} rows (in {@link #write});
 *   <li>when its first row has waited {@code batch.flush.interval} (a processing-time timer: the
 *       callback runs on the task thread, like {@link #write}, so no locking is needed);
 *   <li>in {@link #flush} (Flink calls it before every checkpoint barrier and at end of input): a
 *       checkpoint completes only after everything before it is in the warehouse, so delivery is
 *       at-least-once, and the MERGE on deterministic ids makes the replays after a restore
 *       harmless.
 * </ul>
 *
 * <p>Failures: {@link JdbcMergeWriter} retries transient errors with backoff; a permanent error, or
 * one still there after the retries, is thrown as an {@link IOException} and fails the task, which
 * Flink restarts from the last checkpoint (nothing is lost: unwritten rows are replayed). A row
 * that cannot be mapped fails the same way.
 *
 * <p>Metrics, in group {@code warehouse} of the sink's {@link FlowcastMetrics#group}: {@code
 * rowsWritten} and {@code batches} (counters), {@code retries} (transient failures retried), {@code
 * bufferedRows}, {@code lastFlushLatencyMs} (gauges) and {@code flushLatencyMs} (histogram of the
 * last 1,000 batches); {@code numRecordsSend} counts rows written too.
 *
 * @param <T> the stream element type
 */
final class WarehouseSinkWriter<T> implements SinkWriter<T> {

    /** The writer's metrics are in this group under {@link FlowcastMetrics#group}. */
    static final String METRIC_GROUP = "warehouse";

    private final WarehouseRowMapper<T> mapper;
    private final JdbcMergeWriter writer;
    private final int batchMaxRows;
    private final long flushIntervalMillis;
    private final ProcessingTimeService time;
    private final String tableName;
    private final List<WarehouseRow> buffer;
    private final Counter rowsWritten;
    private final Counter batches;
    private final Counter recordsSent;
    private final Histogram flushLatency;
    private long lastFlushLatencyMs;
    private long firstBufferedAt = -1;
    private boolean timerPending;
    private boolean closed;

    /**
     * @param recordsSent the sink's standard {@code numRecordsSend} counter, or null
     */
    WarehouseSinkWriter(
            WarehouseRowMapper<T> mapper,
            JdbcMergeWriter writer,
            int batchMaxRows,
            Duration flushInterval,
            ProcessingTimeService time,
            MetricGroup sinkMetrics,
            Counter recordsSent,
            String tableName) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.writer = Objects.requireNonNull(writer, "writer");
        if (batchMaxRows < 1) {
            throw new IllegalArgumentException("batchMaxRows must be >= 1, got " + batchMaxRows);
        }
        this.batchMaxRows = batchMaxRows;
        this.flushIntervalMillis = flushInterval.toMillis();
        this.time = Objects.requireNonNull(time, "time");
        this.tableName = tableName;
        this.buffer = new ArrayList<>(Math.min(batchMaxRows, 10_000));
        MetricGroup group = FlowcastMetrics.group(sinkMetrics).addGroup(METRIC_GROUP);
        this.rowsWritten = group.counter("rowsWritten");
        this.batches = group.counter("batches");
        this.recordsSent = recordsSent;
        this.flushLatency =
                group.histogram("flushLatencyMs", new DescriptiveStatisticsHistogram(1_000));
        group.gauge("retries", writer::retries);
        group.gauge("bufferedRows", buffer::size);
        group.gauge("lastFlushLatencyMs", () -> lastFlushLatencyMs);
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
        WarehouseRow row;
        try {
            row = mapper.map(element);
        } catch (RuntimeException e) {
            throw new IOException("Cannot map an element to a " + tableName + " row: " + e, e);
        }
        if (buffer.isEmpty()) {
            firstBufferedAt = time.getCurrentProcessingTime();
        }
        buffer.add(row);
        if (buffer.size() >= batchMaxRows) {
            writeBuffer();
        } else if (!timerPending) {
            timerPending = true;
            time.registerTimer(firstBufferedAt + flushIntervalMillis, this::onTimer);
        }
    }

    private void onTimer(long timestamp) throws IOException, InterruptedException {
        timerPending = false;
        if (closed || buffer.isEmpty()) {
            return;
        }
        long due = firstBufferedAt + flushIntervalMillis;
        if (timestamp >= due) {
            writeBuffer();
        } else {
            // The batch that armed this timer was written by size; wait for the current one's turn.
            timerPending = true;
            time.registerTimer(due, this::onTimer);
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        writeBuffer();
    }

    private void writeBuffer() throws IOException, InterruptedException {
        if (buffer.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        int written;
        try {
            written = writer.write(buffer);
        } catch (SQLException e) {
            throw new IOException(
                    "Writing "
                            + buffer.size()
                            + " rows to warehouse table "
                            + tableName
                            + " failed ("
                            + writer.retries()
                            + " retries so far): "
                            + e.getMessage(),
                    e);
        }
        lastFlushLatencyMs = (System.nanoTime() - start) / 1_000_000;
        flushLatency.update(lastFlushLatencyMs);
        batches.inc();
        rowsWritten.inc(written);
        if (recordsSent != null) {
            recordsSent.inc(written);
        }
        buffer.clear();
        firstBufferedAt = -1;
    }

    /** Rows waiting in the buffer; for tests. */
    int bufferedRows() {
        return buffer.size();
    }

    /** Rows written so far (distinct keys per batch); for tests and benchmarks. */
    long rowsWritten() {
        return rowsWritten.getCount();
    }

    /** Batches written so far; for tests and benchmarks. */
    long batchesWritten() {
        return batches.getCount();
    }

    /** Transient failures retried so far. */
    long retries() {
        return writer.retries();
    }

    /**
     * Closes the connection. Rows still buffered are dropped on purpose: Flink calls {@link #flush}
     * before a checkpoint and at end of input, so anything left here belongs to no completed
     * checkpoint and is replayed after a restore.
     */
    @Override
    public void close() throws Exception {
        closed = true;
        buffer.clear();
        writer.close();
    }
}
