package io.flowcast.stream.sink.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.stream.inference.Prediction;
import io.flowcast.stream.local.LocalWarehouse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WarehouseSinkWriter} against the local warehouse (embedded PostgreSQL 17 with the
 * warehouse DDL): batches are written on size, on the processing-time timer and on {@code flush};
 * replays leave one row per id; transient connection failures are retried and permanent ones fail
 * the writer (so the task restarts from its checkpoint).
 */
class WarehouseSinkWriterTest {

    private static final long T0 = 1_795_255_200_000L;
    private static final long MINUTE = 60_000L;

    @TempDir static java.nio.file.Path dataDir;

    private static LocalWarehouse warehouse;

    private final ManualProcessingTime time = new ManualProcessingTime();
    private final List<Duration> sleeps = new ArrayList<>();
    private final AtomicInteger connectionFailuresLeft = new AtomicInteger();
    private final AtomicInteger connectionsTaken = new AtomicInteger();

    @BeforeAll
    static void start() {
        warehouse = LocalWarehouse.start(dataDir.resolve("warehouse"), 0);
    }

    @AfterAll
    static void stop() {
        if (warehouse != null) {
            warehouse.close();
        }
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        try (Connection c = warehouse.connectionFactory().connect();
                Statement s = c.createStatement()) {
            s.execute("TRUNCATE predictions, dead_letters");
        }
    }

    private WarehouseSinkWriter<Prediction> writer(int maxRows, WarehouseRowMapper<Prediction> m) {
        WarehouseConnectionFactory connections = warehouse.connectionFactory();
        JdbcMergeWriter jdbc =
                new JdbcMergeWriter(
                        () -> {
                            connectionsTaken.incrementAndGet();
                            if (connectionFailuresLeft.getAndDecrement() > 0) {
                                throw new SQLException("Connection refused", "08001");
                            }
                            return connections.connect();
                        },
                        connections.dialect(),
                        RetryPolicy.of(3, Duration.ofMillis(100), Duration.ofSeconds(1)),
                        sleeps::add);
        return new WarehouseSinkWriter<>(
                m,
                jdbc,
                maxRows,
                Duration.ofSeconds(1),
                time,
                new UnregisteredMetricsGroup(),
                null,
                "predictions");
    }

    private WarehouseSinkWriter<Prediction> writer(int maxRows) {
        return writer(maxRows, WarehouseRowMapper.predictions());
    }

    @Test
    void aFullBufferIsWrittenAtOnce() throws Exception {
        try (WarehouseSinkWriter<Prediction> writer = writer(3)) {
            for (int i = 0; i < 7; i++) {
                writer.write(prediction("Pump-" + i, T0), null);
            }
            assertThat(predictionsInWarehouse()).isEqualTo(6);
            assertThat(writer.bufferedRows()).isEqualTo(1);
            assertThat(writer.batchesWritten()).isEqualTo(2);
            assertThat(writer.rowsWritten()).isEqualTo(6);
        }
    }

    @Test
    void aBatchIsWrittenWhenItsFirstRowHasWaitedTheFlushInterval() throws Exception {
        try (WarehouseSinkWriter<Prediction> writer = writer(100)) {
            writer.write(prediction("Pump-1", T0), null);
            time.advanceTo(400);
            writer.write(prediction("Pump-2", T0), null);
            time.advanceTo(999);
            assertThat(predictionsInWarehouse()).isZero();

            time.advanceTo(1_000);
            assertThat(predictionsInWarehouse()).isEqualTo(2);
            assertThat(writer.bufferedRows()).isZero();
            assertThat(time.pendingTimers()).isZero();
        }
    }

    @Test
    void aTimerArmedByABatchWrittenOnSizeWaitsForTheNextBatchsOwnInterval() throws Exception {
        try (WarehouseSinkWriter<Prediction> writer = writer(2)) {
            writer.write(prediction("Pump-1", T0), null); // arms a timer for t=1000
            writer.write(prediction("Pump-2", T0), null); // written on size
            time.advanceTo(500);
            writer.write(prediction("Pump-3", T0), null); // due at t=1500
            time.advanceTo(1_000);
            assertThat(predictionsInWarehouse()).isEqualTo(2);
            time.advanceTo(1_500);
            assertThat(predictionsInWarehouse()).isEqualTo(3);
        }
    }

    @Test
    void flushWritesEverythingBuffered() throws Exception {
        try (WarehouseSinkWriter<Prediction> writer = writer(100)) {
            writer.write(prediction("Pump-1", T0), null);
            writer.write(prediction("Pump-2", T0), null);

            writer.flush(false);

            assertThat(predictionsInWarehouse()).isEqualTo(2);
            writer.flush(true);
            assertThat(writer.batchesWritten()).isEqualTo(1);
        }
    }

    @Test
    void replayingTheSameRecordsLeavesOneRowPerId() throws Exception {
        List<Prediction> predictions = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            predictions.add(prediction("Pump-" + (i % 5), T0 + (i / 5) * MINUTE));
        }
        try (WarehouseSinkWriter<Prediction> writer = writer(7)) {
            for (int round = 0; round < 3; round++) {
                for (Prediction p : predictions) {
                    writer.write(p, null);
                }
                writer.flush(false);
            }
            assertThat(writer.rowsWritten()).isEqualTo(75);
        }
        assertThat(predictionsInWarehouse()).isEqualTo(25);
        assertThat(query("SELECT count(DISTINCT prediction_id) FROM predictions")).isEqualTo(25);
    }

    @Test
    void aFailingConnectionIsRetried() throws Exception {
        connectionFailuresLeft.set(2);
        try (WarehouseSinkWriter<Prediction> writer = writer(100)) {
            writer.write(prediction("Pump-1", T0), null);
            writer.flush(false);
            assertThat(writer.retries()).isEqualTo(2);
        }
        assertThat(predictionsInWarehouse()).isEqualTo(1);
        assertThat(connectionsTaken).hasValue(3);
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void failuresLastingBeyondTheRetriesFailTheWriter() throws Exception {
        connectionFailuresLeft.set(3);
        try (WarehouseSinkWriter<Prediction> writer = writer(100)) {
            writer.write(prediction("Pump-1", T0), null);
            assertThatThrownBy(() -> writer.flush(false))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("Writing 1 rows to warehouse table predictions failed")
                    .hasRootCauseInstanceOf(SQLException.class);
        }
        assertThat(predictionsInWarehouse()).isZero();
    }

    @Test
    void aPermanentFailureFailsTheWriterAtOnceFromTheTimerToo() throws Exception {
        WarehouseRowMapper<Prediction> badJson = p -> PredictionRow.of(p, "{not json");
        try (WarehouseSinkWriter<Prediction> writer = writer(100, badJson)) {
            writer.write(prediction("Pump-1", T0), null);
            assertThatThrownBy(() -> time.advanceTo(1_000))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("predictions");
            assertThat(writer.retries()).isZero();
        }
        assertThat(sleeps).isEmpty();
        assertThat(predictionsInWarehouse()).isZero();
    }

    @Test
    void anElementThatIsNoRowFailsTheWriter() throws Exception {
        Prediction noId = prediction("Pump-1", T0);
        noId.predictionId = null;
        try (WarehouseSinkWriter<Prediction> writer = writer(100)) {
            assertThatThrownBy(() -> writer.write(noId, null))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("Cannot map an element to a predictions row");
        }
    }

    private static long predictionsInWarehouse() throws SQLException {
        return query("SELECT count(*) FROM predictions");
    }

    private static long query(String sql) throws SQLException {
        try (Connection c = warehouse.connectionFactory().connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Prediction prediction(String asset, long windowStart) {
        Prediction p = JdbcMergeWriterTest.prediction("SiteA/Line1/" + asset, windowStart);
        p.featureNames = new String[] {"Load.mean", "Flow.mean"};
        p.features = new Double[] {41.5, null};
        return p;
    }
}
