package io.flowcast.stream.bench;

import io.flowcast.stream.config.RepoPaths;
import io.flowcast.stream.inference.Prediction;
import io.flowcast.stream.local.EmbeddedAurora;
import io.flowcast.stream.sink.warehouse.JdbcMergeWriter;
import io.flowcast.stream.sink.warehouse.PostgresDialect;
import io.flowcast.stream.sink.warehouse.PredictionRow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows/s of {@link JdbcMergeWriter} upserting predictions into embedded PostgreSQL 17 from one
 * thread (one sink subtask), with the {@code unnest} MERGE and with COPY into a staging table then
 * MERGE ({@link PostgresDialect} layouts), for batches of 500 and 1,000 rows: first as inserts of
 * new ids, then as a replay of the same batches (every row an update). Prints figures; asserts
 * nothing. The target is 20,000 rows/s per sink subtask.
 *
 * <p>Usage: {@code WarehouseBenchmark [rowsPerRun]} (default 100,000), with the test class path.
 */
public final class WarehouseBenchmark {

    private WarehouseBenchmark() {}

    /** Runs the benchmark and prints one line per batch size and phase. */
    public static void main(String[] args) throws Exception {
        int rowsPerRun = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        try (EmbeddedAurora postgres = EmbeddedAurora.launch()) {
            String ddl =
                    Files.readString(
                            RepoPaths.repoDir().resolve("schemas/warehouse/local-postgres.sql"),
                            StandardCharsets.UTF_8);
            try (Connection c = postgres.dataSource().getConnection();
                    Statement s = c.createStatement()) {
                s.execute(ddl);
            }
            // Warm-up: JIT, the driver's statement cache, PostgreSQL's plan cache.
            for (PostgresDialect dialect :
                    new PostgresDialect[] {
                        PostgresDialect.unnest(), PostgresDialect.copyStaging()
                    }) {
                run(postgres, dialect, 500, 20_000, "warmup-" + dialect.bindLayout(), false);
            }
            for (int batchSize : new int[] {500, 1_000}) {
                for (int repeat = 0; repeat < 2; repeat++) {
                    for (PostgresDialect dialect :
                            new PostgresDialect[] {
                                PostgresDialect.unnest(), PostgresDialect.copyStaging()
                            }) {
                        run(
                                postgres,
                                dialect,
                                batchSize,
                                rowsPerRun,
                                "run" + repeat + "-" + batchSize + "-" + dialect.bindLayout(),
                                true);
                    }
                }
            }
        }
    }

    private static void run(
            EmbeddedAurora postgres,
            PostgresDialect dialect,
            int batchSize,
            int rows,
            String prefix,
            boolean print)
            throws Exception {
        List<List<PredictionRow>> batches = new ArrayList<>();
        for (int from = 0; from < rows; from += batchSize) {
            List<PredictionRow> batch = new ArrayList<>(batchSize);
            for (int i = from; i < Math.min(rows, from + batchSize); i++) {
                batch.add(PredictionRow.of(prediction(prefix, i), features(i)));
            }
            batches.add(batch);
        }
        try (JdbcMergeWriter writer =
                new JdbcMergeWriter(() -> postgres.dataSource().getConnection(), dialect)) {
            for (String phase : new String[] {"insert", "replay (update)"}) {
                long start = System.nanoTime();
                long written = 0;
                for (List<PredictionRow> batch : batches) {
                    written += writer.write(batch);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (print) {
                    System.out.printf(
                            "%-13s batch %,5d rows  %-16s %,9d rows in %6.2f s = %,8.0f rows/s"
                                    + "  (%.1f ms per batch)%n",
                            dialect.bindLayout(),
                            batchSize,
                            phase,
                            written,
                            seconds,
                            written / seconds,
                            seconds * 1000 / batches.size());
                }
            }
        }
    }

    private static Prediction prediction(String prefix, int i) {
        Prediction p = new Prediction();
        p.assetId = "SiteA/Line" + (i % 8) + "/Pump-" + prefix + "-" + i;
        p.assetType = "pump";
        p.site = "Site" + (char) ('A' + i % 4);
        p.line = "Line" + (i % 8);
        p.windowStart = 1_795_255_200_000L + (i % 600) * 60_000L;
        p.windowEnd = p.windowStart + 60_000L;
        p.target = "BearingTemp.mean";
        p.predicted = 61.0 + i % 10;
        p.actual = 61.5 + i % 7;
        p.residual = p.actual - p.predicted;
        p.anomalyScore = Math.abs(p.residual) / 1.5;
        p.anomaly = p.anomalyScore > 3;
        p.endpoint = "flowcast-pump";
        p.variant = "AllTraffic";
        p.modelVersion = "7";
        p.latencyMs = 12.0;
        p.attempts = 1;
        p.enrichment = "ENRICHED";
        p.predictionId = Prediction.idOf(p.assetId, p.windowEnd, p.endpoint, p.modelVersion);
        return p;
    }

    private static String features(int i) {
        return "{\"Load.mean\":"
                + (40 + i % 13)
                + ",\"Flow.mean\":"
                + (3 + i % 5)
                + ",\"Vibration.rms\":0.25,\"BearingTemp.max\":64.5}";
    }
}
