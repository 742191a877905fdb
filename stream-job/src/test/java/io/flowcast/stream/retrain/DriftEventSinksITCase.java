package io.flowcast.stream.retrain;

import static io.flowcast.stream.testing.SampleDriftEvents.HOUR_04;
import static io.flowcast.stream.testing.SampleDriftEvents.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.drift.DriftEvent;
import io.flowcast.stream.local.LocalWarehouse;
import io.flowcast.stream.sink.lake.LakeCompression;
import io.flowcast.stream.sink.lake.LakeConfig;
import io.flowcast.stream.sink.lake.LakePartitions;
import io.flowcast.stream.sink.lake.LakeSinks;
import io.flowcast.stream.sink.lake.ParquetFiles;
import io.flowcast.stream.sink.warehouse.DriftEventRow;
import io.flowcast.stream.sink.warehouse.RetryPolicy;
import io.flowcast.stream.sink.warehouse.WarehouseConfig;
import io.flowcast.stream.sink.warehouse.WarehouseSinks;
import io.flowcast.stream.testing.AwsTestCredentials;
import io.flowcast.stream.testing.MiniClusters;
import io.flowcast.stream.testing.SampleDriftEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drift-event stream on a MiniCluster (parallelism 2, checkpoints) wired to its three sinks as
 * the pipeline will wire them: {@link WarehouseSinks#driftEvents} into the local warehouse
 * (embedded PostgreSQL 17), {@link LakeSinks#driftEvents} into a local lake directory, and {@link
 * RetrainTriggerSink} (parallelism 1) against {@link StepFunctionsStub}. Every event arrives twice
 * (a replay): the warehouse holds one row per episode, the lake every delivered event in the
 * partition of its last window end, and Step Functions saw exactly one start per episode.
 */
class DriftEventSinksITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    private static final String STATE_MACHINE =
            "arn:aws:states:eu-west-1:123456789012:stateMachine:flowcast-retraining";

    @TempDir static Path dir;

    private static LocalWarehouse warehouse;
    private static StepFunctionsStub stub;
    private static AwsTestCredentials credentials;

    @BeforeAll
    static void start() throws Exception {
        warehouse = LocalWarehouse.start(dir.resolve("warehouse"), 0);
        stub = new StepFunctionsStub();
        // Fake credentials for the SDK's default chain; the stub checks no signature.
        credentials = AwsTestCredentials.use("AKIAFLOWCASTITCASE00", "flowcast-itcase-secret");
    }

    @AfterAll
    static void stop() {
        credentials.close();
        if (stub != null) {
            stub.close();
        }
        if (warehouse != null) {
            warehouse.close();
        }
    }

    @Test
    void eachEpisodeIsOneRowEveryEventIsInItsPartitionAndOneRunStartsPerEpisode() throws Exception {
        List<DriftEvent> episodes =
                List.of(
                        SampleDriftEvents.psi("pump", "v0003", "Load.mean", HOUR_04),
                        SampleDriftEvents.psi("pump", "v0003", "Flow.mean", HOUR_04 + MINUTE),
                        SampleDriftEvents.residualRmse("pump", "v0003", HOUR_04 + 60 * MINUTE),
                        SampleDriftEvents.psi("compressor", "v0001", "Speed.max", HOUR_04 - 1),
                        SampleDriftEvents.residualRmse("compressor", "v0001", HOUR_04 + 5));
        List<DriftEvent> delivered = new ArrayList<>();
        for (int replay = 0; replay < 2; replay++) {
            episodes.forEach(e -> delivered.add(SampleDriftEvents.copyOf(e)));
        }
        Path lake = dir.resolve("lake");

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(100);
        DataStream<DriftEvent> events =
                env.fromData(delivered, TypeInformation.of(DriftEvent.class)).rebalance();
        events.sinkTo(
                        WarehouseSinks.driftEvents(
                                WarehouseConfig.of(
                                        warehouse.connectionFactory(),
                                        100,
                                        Duration.ofMillis(200),
                                        RetryPolicy.defaults())))
                .name("warehouse drift events");
        events.sinkTo(
                        LakeSinks.driftEvents(
                                new LakeConfig(
                                        lake.toString(),
                                        LakeConfig.MIN_PART_BYTES,
                                        Duration.ofMinutes(10),
                                        LakeCompression.SNAPPY,
                                        LakeConfig.MIN_ROW_GROUP_BYTES)))
                .name("lake drift events");
        events.sinkTo(
                        RetrainTriggerSink.create(
                                RetrainTriggerConfig.builder(STATE_MACHINE)
                                        .endpointOverride(stub.endpoint())
                                        .cooldown(Duration.ZERO)
                                        .build()))
                .setParallelism(1)
                .name("retrain trigger");

        env.execute("drift event sinks ITCase");

        // Warehouse: one row per episode, every value as the event has it.
        assertThat(warehouseRows())
                .containsExactlyInAnyOrderElementsOf(
                        episodes.stream()
                                .map(e -> DriftEventRow.of(e).values().toString())
                                .collect(Collectors.toList()));

        // Lake: every delivered event once per delivery, in its event-time partition.
        Map<String, List<Map<String, Object>>> lakeRows = committedRowsByPartition(lake);
        List<Object> ids = new ArrayList<>();
        lakeRows.forEach(
                (partition, rows) ->
                        rows.forEach(
                                r -> {
                                    ids.add(r.get("episode_id"));
                                    assertThat(partition)
                                            .isEqualTo(
                                                    LakePartitions.assetTypeHour(
                                                            (String) r.get("asset_type"),
                                                            (Long) r.get("last_window_end")));
                                }));
        assertThat(ids)
                .containsExactlyInAnyOrderElementsOf(
                        delivered.stream().map(e -> e.episodeId).collect(Collectors.toList()));
        assertThat(lakeRows.keySet())
                .containsExactlyInAnyOrder(
                        "asset_type=pump/dt=2026-11-22/hour=04",
                        "asset_type=pump/dt=2026-11-22/hour=05",
                        "asset_type=compressor/dt=2026-11-22/hour=03",
                        "asset_type=compressor/dt=2026-11-22/hour=04");

        // Step Functions: one start per episode, with its deterministic name.
        assertThat(stub.executions()).isEqualTo(episodes.size());
        assertThat(stub.requests())
                .extracting(r -> r.body.path("name").asText())
                .containsExactlyInAnyOrderElementsOf(
                        episodes.stream()
                                .map(
                                        e ->
                                                RetrainExecutionName.of(
                                                        e.assetType, e.modelVersion, e.episodeId))
                                .collect(Collectors.toList()));
    }

    /** Each row's values as the {@code List.toString()} of a {@link DriftEventRow}. */
    private static List<String> warehouseRows() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = warehouse.connectionFactory().connect();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT episode_id, asset_type, model_version, metric, feature,"
                                        + " metric_value, threshold,"
                                        + " (extract(epoch FROM first_window_end) * 1000)::bigint,"
                                        + " (extract(epoch FROM last_window_end) * 1000)::bigint,"
                                        + " sample_count, evaluations FROM drift_events")) {
            while (rs.next()) {
                rows.add(
                        List.of(
                                        rs.getString(1),
                                        rs.getString(2),
                                        rs.getString(3),
                                        rs.getString(4),
                                        String.valueOf(rs.getString(5)),
                                        rs.getDouble(6),
                                        rs.getDouble(7),
                                        rs.getLong(8),
                                        rs.getLong(9),
                                        rs.getLong(10),
                                        rs.getInt(11))
                                .toString());
            }
        }
        return rows;
    }

    private static Map<String, List<Map<String, Object>>> committedRowsByPartition(Path lake)
            throws Exception {
        Path dataset = lake.resolve("drift-events");
        Map<String, List<Map<String, Object>>> rows = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dataset)) {
            for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                if (!LakeSinks.isCommittedPartFile(f.getFileName().toString())) {
                    continue;
                }
                String partition = dataset.relativize(f.getParent()).toString().replace('\\', '/');
                rows.computeIfAbsent(partition, p -> new ArrayList<>())
                        .addAll(ParquetFiles.rows(f));
            }
        }
        return rows;
    }
}
