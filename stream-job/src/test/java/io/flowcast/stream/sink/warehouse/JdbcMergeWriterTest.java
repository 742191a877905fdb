package io.flowcast.stream.sink.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.flowcast.stream.config.RepoPaths;
import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.deadletter.DeadLetterReason;
import io.flowcast.stream.inference.Prediction;
import io.flowcast.stream.local.EmbeddedAurora;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link JdbcMergeWriter} with {@link PostgresDialect} against a real embedded PostgreSQL 17 with
 * {@code schemas/warehouse/local-postgres.sql} applied: idempotence, de-duplication, replay, the
 * analysts' views, and retries of transient failures.
 */
class JdbcMergeWriterTest {

    private static final long HOUR = 3_600_000L;
    private static final long MINUTE = 60_000L;

    /** 2026-11-21T10:00:00Z. */
    private static final long T0 = 1_795_255_200_000L;

    private static EmbeddedAurora postgres;

    private final List<Duration> sleeps = new ArrayList<>();
    private final AtomicInteger connectionsTaken = new AtomicInteger();

    @BeforeAll
    static void launch() throws Exception {
        postgres = EmbeddedAurora.launch();
        String ddl =
                Files.readString(
                        RepoPaths.repoDir().resolve("schemas/warehouse/local-postgres.sql"),
                        StandardCharsets.UTF_8);
        try (Connection c = postgres.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute(ddl);
            // Applying it twice must be harmless.
            s.execute(ddl);
        }
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        execute("TRUNCATE predictions, dead_letters");
    }

    /** The dialect under test: the default (COPY into staging, then INSERT ... ON CONFLICT). */
    PostgresDialect dialect() {
        return new PostgresDialect();
    }

    private JdbcMergeWriter writer() {
        return writer(RetryPolicy.defaults());
    }

    private JdbcMergeWriter writer(RetryPolicy policy) {
        return new JdbcMergeWriter(
                () -> {
                    connectionsTaken.incrementAndGet();
                    return postgres.dataSource().getConnection();
                },
                dialect(),
                policy,
                sleeps::add);
    }

    @Test
    void writingTheSameBatchTwiceGivesOneRowPerId() throws Exception {
        List<PredictionRow> batch =
                List.of(
                        row(prediction("SiteA/Line1/Pump-001", T0)),
                        row(prediction("SiteA/Line1/Pump-002", T0)),
                        row(prediction("SiteA/Line1/Pump-001", T0 + MINUTE)));
        try (JdbcMergeWriter writer = writer()) {
            assertThat(writer.write(batch)).isEqualTo(3);
            assertThat(writer.write(batch)).isEqualTo(3);
        }
        assertThat(count("predictions")).isEqualTo(3);
        assertThat(connectionsTaken).hasValue(1);
    }

    @Test
    void aBatchWithDuplicateIdsKeepsTheLastRow() throws Exception {
        Prediction first = prediction("SiteA/Line1/Pump-001", T0);
        Prediction second = prediction("SiteA/Line1/Pump-001", T0);
        second.latencyMs = 99.5;
        second.attempts = 3;
        try (JdbcMergeWriter writer = writer()) {
            assertThat(writer.write(List.of(row(first), row(second)))).isEqualTo(1);
        }
        assertThat(count("predictions")).isEqualTo(1);
        assertThat(queryString("SELECT latency_ms || '/' || attempts FROM predictions"))
                .isEqualTo("99.5/3");
    }

    @Test
    void replayingOlderBatchesNeverDuplicates() throws Exception {
        List<PredictionRow> older = new ArrayList<>();
        List<PredictionRow> newer = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            older.add(row(prediction("SiteA/Line1/Pump-" + i, T0)));
            newer.add(row(prediction("SiteA/Line1/Pump-" + i, T0 + MINUTE)));
        }
        try (JdbcMergeWriter writer = writer()) {
            writer.write(older);
            writer.write(newer);
            // A restart from an older checkpoint replays both, in order.
            writer.write(older);
            writer.write(newer);
        }
        assertThat(count("predictions")).isEqualTo(100);
        assertThat(queryString("SELECT count(DISTINCT prediction_id) FROM predictions"))
                .isEqualTo("100");
    }

    @Test
    void columnsRoundTripWithTimestampsInUtcAndFeaturesAsJsonb() throws Exception {
        Prediction p = prediction("SiteA/Line1/Pump-001", T0);
        p.actual = null;
        p.residual = null;
        p.anomalyScore = null;
        p.variant = null;
        try (JdbcMergeWriter writer = writer()) {
            writer.write(List.of(PredictionRow.of(p, "{\"Load.mean\": 41.5, \"Flow.max\": null}")));
        }
        try (Connection c = postgres.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT window_start, window_end, actual, variant,"
                                        + " (features->>'Load.mean')::double precision AS load,"
                                        + " features ? 'Flow.max' AS has_flow,"
                                        + " jsonb_typeof(features) AS kind, written_at"
                                        + " FROM predictions")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject("window_start", LocalDateTime.class))
                    .isEqualTo(LocalDateTime.ofEpochSecond(T0 / 1000, 0, ZoneOffset.UTC));
            assertThat(rs.getObject("window_end", LocalDateTime.class))
                    .isEqualTo(
                            LocalDateTime.ofEpochSecond((T0 + MINUTE) / 1000, 0, ZoneOffset.UTC));
            assertThat(rs.getObject("actual")).isNull();
            assertThat(rs.getObject("variant")).isNull();
            assertThat(rs.getDouble("load")).isEqualTo(41.5);
            assertThat(rs.getBoolean("has_flow")).isTrue();
            assertThat(rs.getString("kind")).isEqualTo("object");
            assertThat(rs.getObject("written_at", LocalDateTime.class))
                    .isCloseTo(
                            LocalDateTime.now(ZoneOffset.UTC),
                            org.assertj.core.api.Assertions.within(
                                    1, java.time.temporal.ChronoUnit.MINUTES));
        }
    }

    @Test
    void valuesAreBoundNeverInlined() throws Exception {
        String hostile = "x'); DROP TABLE predictions; --";
        Prediction p = prediction(hostile, T0);
        p.site = "O'Brien \"site\" ?";
        try (JdbcMergeWriter writer = writer()) {
            writer.write(List.of(row(p)));
        }
        assertThat(queryString("SELECT asset_id FROM predictions")).isEqualTo(hostile);
        assertThat(queryString("SELECT site FROM predictions")).isEqualTo("O'Brien \"site\" ?");
    }

    @Test
    void latestPredictionPerAssetViewGivesEachAssetsNewestWindow() throws Exception {
        try (JdbcMergeWriter writer = writer()) {
            // Written newest first: the view must order by window, not by arrival.
            writer.write(
                    List.of(
                            row(prediction("SiteA/Line1/Pump-001", T0 + 2 * MINUTE)),
                            row(prediction("SiteA/Line1/Pump-001", T0)),
                            row(prediction("SiteA/Line1/Pump-001", T0 + MINUTE)),
                            row(prediction("SiteB/Line2/Fan-007", T0))));
        }
        assertThat(
                        queryRows(
                                "SELECT asset_id || ' ' || extract(epoch FROM window_start)::bigint"
                                        + " FROM latest_prediction_per_asset ORDER BY asset_id"))
                .containsExactly(
                        "SiteA/Line1/Pump-001 " + (T0 + 2 * MINUTE) / 1000,
                        "SiteB/Line2/Fan-007 " + T0 / 1000);
    }

    @Test
    void anomaliesPerHourPerSiteViewCountsPredictionsAndAnomalies() throws Exception {
        List<PredictionRow> batch = new ArrayList<>();
        batch.add(row(anomalous(prediction("SiteA/Line1/Pump-001", T0), 4.5)));
        batch.add(row(anomalous(prediction("SiteA/Line1/Pump-002", T0 + MINUTE), 7.25)));
        batch.add(row(prediction("SiteA/Line1/Pump-003", T0 + 2 * MINUTE)));
        batch.add(row(anomalous(prediction("SiteA/Line1/Pump-001", T0 + HOUR), 3.5)));
        batch.add(row(prediction("SiteB/Line2/Fan-007", T0)));
        try (JdbcMergeWriter writer = writer()) {
            writer.write(batch);
            writer.write(batch);
        }
        assertThat(
                        queryRows(
                                "SELECT site || ' ' || to_char(hour, 'HH24:MI') || ' ' ||"
                                        + " predictions || ' ' || anomalies || ' ' ||"
                                        + " max_anomaly_score"
                                        + " FROM anomalies_per_hour_per_site ORDER BY site, hour"))
                .containsExactly(
                        "SiteA 10:00 3 2 7.25", "SiteA 11:00 1 1 3.5", "SiteB 10:00 1 0 0.5");
    }

    @Test
    void textWithControlCharactersBackslashesAndUnicodeRoundTrips() throws Exception {
        DeadLetter letter = deadLetter(0, T0);
        String nasty =
                "tab\there\nnew line\r\\N not null \\ back\\slash \u00e9\u4e2d\ud83d\ude00 'q' \"d\"";
        letter.detail = nasty;
        letter.payload = "{\"k\":\"a\\tb\"}\n";
        Prediction p = prediction("SiteA/Line1/Pump-\t001", T0);
        p.actual = Double.NaN;
        p.residual = 1.0E-300;
        p.anomalyScore = Double.POSITIVE_INFINITY;
        try (JdbcMergeWriter writer = writer()) {
            writer.write(List.of(DeadLetterRow.of(letter)));
            writer.write(List.of(PredictionRow.of(p, "{\"tab\\tkey\": \"x\\\\y\"}")));
        }
        assertThat(queryString("SELECT detail FROM dead_letters")).isEqualTo(nasty);
        assertThat(queryString("SELECT payload FROM dead_letters")).isEqualTo(letter.payload);
        assertThat(queryString("SELECT asset_id FROM predictions")).isEqualTo(p.assetId);
        assertThat(
                        queryString(
                                "SELECT actual || ' ' || residual || ' ' || anomaly_score"
                                        + " FROM predictions"))
                .isEqualTo("NaN 1e-300 Infinity");
        assertThat(queryString("SELECT features->>'tab\tkey' FROM predictions")).isEqualTo("x\\y");
    }

    @Test
    void concurrentWritersOfTheSameNewKeysNeitherFailNorDuplicate() throws Exception {
        // PostgreSQL's MERGE raises unique violations in this race; the default layout must not.
        assumeTrue(dialect().bindLayout() == WarehouseDialect.BindLayout.COPY_STAGING);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                List<PredictionRow> batch = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    batch.add(row(prediction("SiteA/Line1/Pump-" + i, T0 + round * MINUTE)));
                }
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> writes = new ArrayList<>();
                for (int w = 0; w < 2; w++) {
                    writes.add(
                            pool.submit(
                                    () -> {
                                        try (JdbcMergeWriter writer =
                                                new JdbcMergeWriter(
                                                        () -> postgres.dataSource().getConnection(),
                                                        dialect(),
                                                        RetryPolicy.of(
                                                                1, Duration.ZERO, Duration.ZERO),
                                                        d -> {})) {
                                            start.await();
                                            return writer.write(batch);
                                        }
                                    }));
                }
                start.countDown();
                for (Future<Integer> write : writes) {
                    assertThat(write.get()).isEqualTo(500);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("predictions")).isEqualTo(5_000);
    }

    @Test
    void deadLettersUpsertOnTheirDeterministicId() throws Exception {
        DeadLetter first = deadLetter(0, T0);
        DeadLetter replayed = deadLetter(0, T0 + HOUR);
        DeadLetter otherSample = deadLetter(1, T0);
        assertThat(DeadLetterRow.idOf(replayed)).isEqualTo(DeadLetterRow.idOf(first));
        assertThat(DeadLetterRow.idOf(otherSample)).isNotEqualTo(DeadLetterRow.idOf(first));
        try (JdbcMergeWriter writer = writer()) {
            writer.write(List.of(DeadLetterRow.of(first), DeadLetterRow.of(otherSample)));
            writer.write(List.of(DeadLetterRow.of(replayed)));
        }
        assertThat(count("dead_letters")).isEqualTo(2);
        assertThat(
                        queryRows(
                                "SELECT sample_index || ' ' ||"
                                        + " extract(epoch FROM detected_at)::bigint"
                                        + " FROM dead_letters ORDER BY sample_index"))
                .containsExactly("0 " + (T0 + HOUR) / 1000, "1 " + T0 / 1000);
    }

    @Test
    void batchesLargerThanOneStatementAreSplitInOneTransaction() throws Exception {
        int max = new PostgresDialect().maxRowsPerStatement(WarehouseTable.PREDICTIONS);
        List<PredictionRow> batch = new ArrayList<>();
        for (int i = 0; i < max + 100; i++) {
            batch.add(row(prediction("SiteA/Line1/Pump-" + i, T0)));
        }
        try (JdbcMergeWriter writer = writer()) {
            assertThat(writer.write(batch)).isEqualTo(max + 100);
        }
        assertThat(count("predictions")).isEqualTo(max + 100);
    }

    @Test
    void aTransientFailureIsRetriedOnAFreshConnection() throws Exception {
        try (JdbcMergeWriter writer = writer()) {
            writer.write(List.of(row(prediction("SiteA/Line1/Pump-001", T0))));
            // An administrator (or a failover) ends the writer's session: SQLState 57P01 / 08006.
            execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                            + " WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'");
            assertThat(writer.write(List.of(row(prediction("SiteA/Line1/Pump-001", T0 + MINUTE)))))
                    .isEqualTo(1);
            assertThat(writer.retries()).isEqualTo(1);
        }
        assertThat(count("predictions")).isEqualTo(2);
        assertThat(connectionsTaken).hasValue(2);
        assertThat(sleeps).containsExactly(Duration.ofMillis(100));
    }

    @Test
    void transientFailuresGiveUpAfterTheLastAttempt() {
        JdbcMergeWriter writer =
                new JdbcMergeWriter(
                        () -> {
                            connectionsTaken.incrementAndGet();
                            throw new SQLException("Connection refused", "08001");
                        },
                        new PostgresDialect(),
                        RetryPolicy.of(4, Duration.ofMillis(100), Duration.ofMillis(300)),
                        sleeps::add);
        assertThatThrownBy(() -> writer.write(List.of(row(prediction("a", T0)))))
                .isInstanceOf(SQLException.class)
                .hasMessage("Connection refused")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThat(connectionsTaken).hasValue(4);
        assertThat(sleeps)
                .containsExactly(
                        Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));
    }

    @Test
    void aPermanentFailureIsNotRetriedAndWritesNothingOfTheBatch() throws Exception {
        List<PredictionRow> batch =
                List.of(
                        row(prediction("SiteA/Line1/Pump-001", T0)),
                        PredictionRow.of(prediction("SiteA/Line1/Pump-002", T0), "{not json"));
        try (JdbcMergeWriter writer = writer()) {
            assertThatThrownBy(() -> writer.write(batch))
                    .isInstanceOf(SQLException.class)
                    .satisfies(
                            e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22P02"));
            assertThat(writer.retries()).isZero();
            // The writer recovers with a fresh connection for the next batch.
            assertThat(writer.write(batch.subList(0, 1))).isEqualTo(1);
        }
        assertThat(sleeps).isEmpty();
        assertThat(count("predictions")).isEqualTo(1);
    }

    @Test
    void sqlStatesAreClassified() {
        assertThat(TransientSqlErrors.isTransientState("08006")).isTrue();
        assertThat(TransientSqlErrors.isTransientState("40001")).isTrue();
        assertThat(TransientSqlErrors.isTransientState("40P01")).isTrue();
        assertThat(TransientSqlErrors.isTransientState("57014")).isTrue();
        assertThat(TransientSqlErrors.isTransientState("57P01")).isTrue();
        assertThat(TransientSqlErrors.isTransientState("23505")).isFalse();
        assertThat(TransientSqlErrors.isTransientState("22P02")).isFalse();
        assertThat(TransientSqlErrors.isTransientState(null)).isFalse();
        assertThat(TransientSqlErrors.isTransient(new SQLTransientConnectionException("x")))
                .isTrue();
        SQLException wrapper = new SQLException("batch failed", "XX000");
        wrapper.setNextException(new SQLException("serialization", "40001"));
        assertThat(TransientSqlErrors.isTransient(wrapper)).isTrue();
        assertThat(TransientSqlErrors.isTransient(new SQLException("syntax", "42601"))).isFalse();
    }

    @Test
    void mixedTablesInOneBatchAreRejected() {
        List<WarehouseRow> mixed =
                List.of(row(prediction("a", T0)), DeadLetterRow.of(deadLetter(0, T0)));
        assertThatThrownBy(() -> writer().write(mixed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PREDICTIONS and DEAD_LETTERS mixed");
    }

    // --- test data -------------------------------------------------------------------------

    static Prediction prediction(String assetId, long windowStart) {
        Prediction p = new Prediction();
        p.assetId = assetId;
        p.assetType = "pump";
        p.site = assetId.contains("/") ? assetId.substring(0, assetId.indexOf('/')) : null;
        p.line = "Line1";
        p.windowStart = windowStart;
        p.windowEnd = windowStart + MINUTE;
        p.target = "BearingTemp.mean";
        p.predicted = 61.0;
        p.actual = 61.5;
        p.residual = 0.5;
        p.anomalyScore = 0.5;
        p.anomaly = false;
        p.endpoint = "flowcast-pump";
        p.variant = "AllTraffic";
        p.modelVersion = "7";
        p.latencyMs = 12.0;
        p.attempts = 1;
        p.enrichment = "ENRICHED";
        p.predictionId = Prediction.idOf(assetId, p.windowEnd, p.endpoint, p.modelVersion);
        return p;
    }

    static Prediction anomalous(Prediction p, double score) {
        p.anomalyScore = score;
        p.anomaly = true;
        return p;
    }

    static PredictionRow row(Prediction p) {
        return PredictionRow.of(p, "{\"Load.mean\": 41.5, \"Flow.mean\": 3.25}");
    }

    static DeadLetter deadLetter(int sampleIndex, long detectedAt) {
        DeadLetter d = new DeadLetter();
        d.reason = DeadLetterReason.VALUE_OUT_OF_RANGE;
        d.detail = "q=300 is outside 0..255";
        d.stage = "parse";
        d.tagPath = "SiteA/Line1/Pump-001/Load";
        d.sampleIndex = sampleIndex;
        d.payload = "{\"v\":1,\"q\":300}";
        d.payloadEncoding = DeadLetter.ENCODING_UTF8;
        d.payloadBytes = d.payload.length();
        d.stream = "arn:aws:kinesis:eu-west-1:123456789012:stream/flowcast-telemetry";
        d.shardId = "shardId-000000000003";
        d.sequenceNumber = "49656913289403516592451306245716163718830893843618725890";
        d.partitionKey = "SiteA/Line1";
        d.arrivalTimeMillis = T0 - 1000;
        d.detectedAtMillis = detectedAt;
        return d;
    }

    // --- queries -----------------------------------------------------------------------------

    private static void execute(String sql) throws SQLException {
        try (Connection c = postgres.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(String table) throws SQLException {
        return Long.parseLong(queryString("SELECT count(*) FROM " + table));
    }

    private static String queryString(String sql) throws SQLException {
        List<String> rows = queryRows(sql);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private static List<String> queryRows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = postgres.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
