package io.flowcast.stream.sink.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.inference.Prediction;
import io.flowcast.stream.local.LocalWarehouse;
import io.flowcast.stream.testing.GeneratedPredictions;
import io.flowcast.stream.testing.MiniClusters;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WarehouseSinks#predictions} on a MiniCluster with parallelism 2 and checkpoints, writing
 * into the local warehouse (embedded PostgreSQL 17) through the same config path as the job ({@code
 * engine=postgres}): every prediction lands exactly once, including predictions that arrive twice
 * (a replay).
 */
class WarehouseSinkITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    @TempDir static Path dataDir;

    private static LocalWarehouse warehouse;

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

    @Test
    void everyPredictionIsOneRowAfterAReplay() throws Exception {
        int distinct = 5_000;
        WarehouseConfig config =
                WarehouseConfig.of(
                        warehouse.connectionFactory(),
                        300,
                        Duration.ofMillis(200),
                        RetryPolicy.defaults());
        // No restarts: a failed write (e.g. a unique violation between the two subtasks writing
        // the same ids at once) must fail the test, not be hidden by a restart and a replay.
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(200);
        env.fromSource(
                        new DataGeneratorSource<>(
                                // Each prediction twice: the second half replays the first.
                                new GeneratedPredictions(distinct, "itcase"),
                                2L * distinct,
                                TypeInformation.of(Prediction.class)),
                        WatermarkStrategy.noWatermarks(),
                        "predictions")
                .sinkTo(WarehouseSinks.predictions(config))
                .name("warehouse predictions");

        env.execute("warehouse sink ITCase");

        assertThat(query("SELECT count(*) FROM predictions")).isEqualTo(distinct);
        assertThat(query("SELECT count(DISTINCT prediction_id) FROM predictions"))
                .isEqualTo(distinct);
        assertThat(query("SELECT count(*) FROM predictions WHERE features->>'Load.mean' IS NULL"))
                .isZero();
        assertThat(
                        query(
                                "SELECT count(*) FROM predictions"
                                        + " WHERE features->'BearingTemp.mean' = 'null'::jsonb"))
                .as("a missing feature is a JSON null")
                .isEqualTo(distinct);
    }

    private static long query(String sql) throws Exception {
        try (Connection c = warehouse.connectionFactory().connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
