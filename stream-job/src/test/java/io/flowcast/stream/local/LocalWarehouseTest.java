package io.flowcast.stream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.deadletter.DeadLetterReason;
import io.flowcast.stream.inference.Prediction;
import io.flowcast.stream.sink.warehouse.DeadLetterRow;
import io.flowcast.stream.sink.warehouse.DriftEventRow;
import io.flowcast.stream.sink.warehouse.JdbcMergeWriter;
import io.flowcast.stream.sink.warehouse.PredictionRow;
import io.flowcast.stream.testing.SampleDriftEvents;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local warehouse keeps its tables across restarts, and {@link WarehouseQuery} prints them
 * (against a running warehouse, and by starting one over the data directory), read-only.
 */
class LocalWarehouseTest {

    /** 2026-11-21T10:00:00Z. */
    private static final long T0 = 1_795_255_200_000L;

    private static final long MINUTE = 60_000L;

    @TempDir Path dir;

    @Test
    void rowsSurviveARestartOverTheSameDataDirectory() throws Exception {
        Path data = dir.resolve("warehouse");
        try (LocalWarehouse warehouse = LocalWarehouse.start(data, 0)) {
            write(warehouse, List.of(prediction("SiteA/Line1/Pump-001", T0, 0.5)));
        }
        try (LocalWarehouse again = LocalWarehouse.start(data, 0)) {
            // The DDL is applied again on start: it must keep the rows.
            assertThat(count(again, "predictions")).isEqualTo(1);
            write(again, List.of(prediction("SiteA/Line1/Pump-002", T0, 0.5)));
            assertThat(count(again, "predictions")).isEqualTo(2);
        }
    }

    @Test
    void aDataDirectoryServesOneWarehouseAtATime() {
        Path data = dir.resolve("warehouse");
        try (LocalWarehouse warehouse = LocalWarehouse.start(data, 0)) {
            assertThatThrownBy(() -> LocalWarehouse.start(data, 0))
                    .isInstanceOf(LocalSetupException.class)
                    .hasMessageContaining("did not start");
            assertThat(LocalWarehouse.isListening(warehouse.port())).isTrue();
        }
    }

    @Test
    void theSummaryShowsPredictionsAnomaliesAndDeadLetters() throws Exception {
        Path data = dir.resolve("warehouse");
        int port;
        try (LocalWarehouse warehouse = LocalWarehouse.start(data, 0)) {
            port = warehouse.port();
            write(
                    warehouse,
                    List.of(
                            prediction("SiteA/Line1/Pump-001", T0, 4.25),
                            prediction("SiteA/Line1/Pump-001", T0 + MINUTE, 0.5),
                            prediction("SiteB/Line2/Fan-007", T0, 0.75)));
            DeadLetter letter = new DeadLetter();
            letter.reason = DeadLetterReason.values()[0];
            letter.stage = "parse";
            letter.detail = "bad";
            letter.stream = "telemetry";
            letter.shardId = "shardId-000";
            letter.sequenceNumber = "42";
            letter.detectedAtMillis = T0;
            try (JdbcMergeWriter writer =
                    new JdbcMergeWriter(
                            warehouse.connectionFactory()::connect,
                            warehouse.connectionFactory().dialect())) {
                writer.write(List.of(DeadLetterRow.of(letter)));
                writer.write(
                        List.of(
                                DriftEventRow.of(
                                        SampleDriftEvents.psi(
                                                "pump", "v0003", "Load.mean", T0 + 2 * MINUTE))));
            }

            // Against the running warehouse.
            Output running = query("--port", String.valueOf(port), "--data-dir", data.toString());
            assertThat(running.code).isZero();
            assertThat(running.out)
                    .contains("== Predictions")
                    .contains("== Latest prediction per asset")
                    .contains("== Anomalies per hour per site")
                    .contains("== Dead letters by reason")
                    .contains("== Drift events (latest 10)");
            assertThat(lineStartingWith(running.out, "          3 |"))
                    .as("3 predictions, 1 anomaly, 2 assets")
                    .matches(" +3 \\| +1 \\| +2 \\| 2026-11-21 10:00:00 .*");
            assertThat(lineStartingWith(running.out, "SiteA/Line1/Pump-001"))
                    .contains("2026-11-21 10:02:00")
                    .contains("0.50")
                    .contains("| f ");
            assertThat(lineStartingWith(running.out, "SiteA "))
                    .matches("SiteA +\\| 2026-11-21 10:00:00 +\\| +2 \\| +1 \\| +4.25");
            assertThat(lineStartingWith(running.out, letter.reason.name()))
                    .matches(letter.reason.name() + " +\\| parse +\\| +1 \\| 2026-11-21 10:00:00");
            assertThat(lineStartingWith(running.out, "pump "))
                    .matches(
                            "pump +\\| v0003 +\\| PSI +\\| Load.mean +\\| +0.8730 \\| +0.2000 \\|"
                                    + " 2026-11-21 10:00:00 +\\| 2026-11-21 10:02:00");
        }

        // Nothing listening: the command starts the warehouse over the directory itself.
        Output started =
                query(
                        "--port",
                        String.valueOf(port),
                        "--data-dir",
                        data.toString(),
                        "SELECT asset_id, anomaly FROM predictions ORDER BY asset_id, window_end");
        assertThat(started.code).as(started.err).isZero();
        assertThat(started.out)
                .isEqualTo(
                        "asset_id             | anomaly\n"
                                + "---------------------+--------\n"
                                + "SiteA/Line1/Pump-001 | t\n"
                                + "SiteA/Line1/Pump-001 | f\n"
                                + "SiteB/Line2/Fan-007  | f\n"
                                + "(3 rows)\n\n");
        assertThat(LocalWarehouse.isListening(port)).isFalse();
    }

    @Test
    void queriesAreReadOnly() throws Exception {
        Path data = dir.resolve("warehouse");
        try (LocalWarehouse warehouse = LocalWarehouse.start(data, 0)) {
            Output out =
                    query("--port", String.valueOf(warehouse.port()), "DELETE FROM predictions");
            assertThat(out.code).isEqualTo(1);
            assertThat(out.err).contains("read-only transaction");
        }
    }

    @Test
    void aMissingWarehouseIsExplained() {
        Output out = query("--port", "1", "--data-dir", dir.resolve("nothing-here").toString());
        assertThat(out.code).isEqualTo(1);
        assertThat(out.err).contains("run scripts/run-local.sh first");
    }

    private static String lineStartingWith(String text, String prefix) {
        return text.lines()
                .filter(l -> l.startsWith(prefix))
                .findFirst()
                .orElseThrow(
                        () ->
                                new AssertionError(
                                        "no line starting with " + prefix + " in\n" + text));
    }

    private static final class Output {
        final int code;
        final String out;
        final String err;

        Output(int code, String out, String err) {
            this.code = code;
            this.out = out;
            this.err = err;
        }
    }

    private static Output query(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                WarehouseQuery.run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Output(
                code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void write(LocalWarehouse warehouse, List<PredictionRow> rows) throws Exception {
        try (JdbcMergeWriter writer =
                new JdbcMergeWriter(
                        warehouse.connectionFactory()::connect,
                        warehouse.connectionFactory().dialect())) {
            writer.write(rows);
        }
    }

    private static long count(LocalWarehouse warehouse, String table) throws Exception {
        try (Connection c = warehouse.connectionFactory().connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static PredictionRow prediction(String assetId, long windowStart, double score) {
        Prediction p = new Prediction();
        p.assetId = assetId;
        p.assetType = "pump";
        p.site = assetId.substring(0, assetId.indexOf('/'));
        p.line = "Line1";
        p.windowStart = windowStart;
        p.windowEnd = windowStart + MINUTE;
        p.target = "BearingTemp.mean";
        p.predicted = 61.0;
        p.actual = 62.0;
        p.residual = 1.0;
        p.anomalyScore = score;
        p.anomaly = score > 3;
        p.endpoint = "flowcast-pump";
        p.variant = "AllTraffic";
        p.modelVersion = "7";
        p.latencyMs = 12.0;
        p.attempts = 1;
        p.enrichment = "ENRICHED";
        p.predictionId = Prediction.idOf(p.assetId, p.windowEnd, p.endpoint, p.modelVersion);
        return PredictionRow.of(p, "{\"Load.mean\": 41.5}");
    }
}
