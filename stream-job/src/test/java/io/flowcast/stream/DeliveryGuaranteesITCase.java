package io.flowcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.config.JobConfig;
import io.flowcast.stream.config.PropertyGroups;
import io.flowcast.stream.inference.Prediction;
import io.flowcast.stream.local.AssetSeeder;
import io.flowcast.stream.local.EmbeddedAurora;
import io.flowcast.stream.local.KinesisLocalEmulator;
import io.flowcast.stream.local.LocalWarehouse;
import io.flowcast.stream.local.LoopbackCredentials;
import io.flowcast.stream.local.sagemaker.ModelServer;
import io.flowcast.stream.local.simulator.PlantModel;
import io.flowcast.stream.local.simulator.SimulatorOptions;
import io.flowcast.stream.local.simulator.TelemetryGenerator;
import io.flowcast.stream.local.simulator.TelemetryRecord;
import io.flowcast.stream.sink.lake.LakeSinks;
import io.flowcast.stream.sink.lake.ParquetFiles;
import io.flowcast.stream.testing.MiniClusters;
import io.flowcast.stream.testing.SpecModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/**
 * The whole job as {@link FlowcastJob} wires it from configuration, end to end on a MiniCluster:
 * simulated plant telemetry in {@code kinesis-local}, asset context from embedded PostgreSQL, a
 * real XGBoost model behind the local SageMaker server, and the real sinks: the warehouse (MERGE
 * into embedded PostgreSQL 17, the local stand-in for Snowflake) and the Parquet data lake in a
 * local directory.
 *
 * <ul>
 *   <li>The job fails mid-stream after a checkpoint and restores: the warehouse then holds exactly
 *       one row per prediction (and per dead letter), and the lake's committed files hold every
 *       prediction, feature vector and dead letter exactly once.
 *   <li>A second job reading the same Kinesis records again (a replay) adds no warehouse rows.
 * </ul>
 */
class DeliveryGuaranteesITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    private static final String STREAM = "telemetry-delivery-it";
    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final int TICKS_PER_PHASE = 60;

    private static KinesisLocalEmulator emulator;
    private static KinesisClient kinesis;
    private static EmbeddedAurora aurora;
    private static ModelServer modelServer;
    private static LocalWarehouse warehouse;
    private static Path registry;
    private static PlantModel plant;
    private static TelemetryGenerator generator;

    @TempDir static Path temp;

    @BeforeAll
    static void startServices() throws Exception {
        emulator =
                KinesisLocalEmulator.start(
                        KinesisLocalEmulator.defaultEmulatorsDir(),
                        KinesisLocalEmulator.freePortPair(),
                        STREAM + ":2",
                        Paths.get("target", "kinesis-local-delivery-it.log"));
        LoopbackCredentials.useDummyCredentialsForLoopback(emulator.endpoint());
        kinesis =
                KinesisClient.builder()
                        .endpointOverride(emulator.endpoint())
                        .region(Region.of(KinesisLocalEmulator.REGION))
                        .build();

        SimulatorOptions simulator =
                SimulatorOptions.builder()
                        .sites(1)
                        .linesPerSite(2)
                        .assetsPerLine(3)
                        .interval(Duration.ofSeconds(1))
                        .seed(7)
                        .missingFraction(0)
                        .duplicateFraction(0)
                        .outOfOrderFraction(0)
                        .lateFraction(0)
                        .badQualityFraction(0)
                        .flatFraction(0)
                        .malformedFraction(0.02)
                        .build();
        plant = PlantModel.of(simulator);
        // Event time starts 20 minutes ago, on a window boundary.
        long start = (System.currentTimeMillis() - Duration.ofMinutes(20).toMillis());
        start -= Math.floorMod(start, WINDOW.toMillis());
        generator = new TelemetryGenerator(simulator, plant, start);

        aurora = EmbeddedAurora.launch();
        AssetSeeder.seed(aurora.dataSource(), plant);

        registry = Files.createTempDirectory(temp, "registry");
        SpecModels.registerAll(registry, List.of("pump", "compressor"));
        modelServer = ModelServer.builder(registry).port(0).start();
        LoopbackCredentials.useDummyCredentialsForLoopback(modelServer.endpoint());

        warehouse = LocalWarehouse.start(Files.createTempDirectory(temp, "warehouse"), 0);
    }

    @AfterAll
    static void stopServices() throws Exception {
        for (AutoCloseable c :
                new AutoCloseable[] {kinesis, emulator, modelServer, warehouse, aurora}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void aFailureAfterACheckpointAndAReplayLeaveEveryRecordExactlyOnce() throws Exception {
        Path lake = Files.createTempDirectory(temp, "lake");
        JobConfig config = config(lake);

        // Phase 1: two minutes of plant data (and a few malformed records).
        Expected expected = new Expected();
        publishTicks(0, TICKS_PER_PHASE, expected);

        FailOnce.reset();
        StreamExecutionEnvironment env = environment();
        FlowcastJob.pipelineBuilder(config)
                .predictionSink("fail-once", new FailOnce())
                .build()
                .build(env);
        JobClient job = env.executeAsync("delivery-guarantees-it");
        try {
            // A checkpoint completed after predictions were made: the lake commits files only
            // then.
            awaitUntil(
                    () -> !committedFiles(lake.resolve("predictions")).isEmpty(),
                    Duration.ofMinutes(3));
            // Phase 2: the failure comes with the 25th prediction from now on.
            FailOnce.arm(25);
            publishTicks(TICKS_PER_PHASE, 2 * TICKS_PER_PHASE, expected);
            // Close every window of both phases: one more tick, far enough ahead.
            publishFinalTick(2 * TICKS_PER_PHASE);

            int windows = expected.windows();
            awaitUntil(
                    () ->
                            FailOnce.failed()
                                    && count("predictions") >= windows
                                    && columns(lake, "predictions", "prediction_id").size()
                                            >= windows,
                    Duration.ofMinutes(4),
                    () ->
                            "failed once: "
                                    + FailOnce.failed()
                                    + ", warehouse predictions: "
                                    + count("predictions")
                                    + ", committed lake predictions: "
                                    + columns(lake, "predictions", "prediction_id").size()
                                    + ", lake feature vectors: "
                                    + columns(lake, "features", "asset_id", "window_end").size()
                                    + ", expected windows: "
                                    + windows
                                    + ", job status: "
                                    + job.getJobStatus().get());
            Thread.sleep(3_000); // anything extra (duplicates) would arrive now

            assertThat(FailOnce.failed()).as("the job failed once").isTrue();
            // The warehouse: one row per prediction id, the ids the windows must have produced.
            assertThat(distinct("predictions", "prediction_id")).isEqualTo(count("predictions"));
            assertThat(ids("predictions", "prediction_id")).isEqualTo(expected.predictionIds());
            // The lake: each prediction and each feature vector exactly once in committed files.
            List<String> lakeIds = columns(lake, "predictions", "prediction_id");
            assertThat(lakeIds).hasSize(windows);
            assertThat(new HashSet<>(lakeIds)).isEqualTo(expected.predictionIds());
            List<String> vectorKeys = columns(lake, "features", "asset_id", "window_end");
            assertThat(vectorKeys).hasSize(windows);
            assertThat(new HashSet<>(vectorKeys)).isEqualTo(expected.vectorKeys());
            // Dead letters: the malformed records, once each, in both.
            assertThat(count("dead_letters")).isEqualTo(expected.malformed.get());
            List<String> letters = columns(lake, "dead-letters", "shard_id", "sequence_number");
            assertThat(letters).hasSize(expected.malformed.get());
            assertThat(new HashSet<>(letters)).hasSize(expected.malformed.get());
        } finally {
            job.cancel().get();
        }

        // A replay: a new job reads the same records from the start of the stream.
        long replayStart = System.currentTimeMillis();
        StreamExecutionEnvironment replayEnv = environment();
        FlowcastJob.pipeline(config(Files.createTempDirectory(temp, "replay-lake")))
                .build(replayEnv);
        JobClient replay = replayEnv.executeAsync("delivery-replay-it");
        try {
            int windows = expected.windows();
            awaitUntil(
                    () -> rewrittenSince("predictions", replayStart) >= windows,
                    Duration.ofMinutes(3));
            Thread.sleep(3_000);
            assertThat(count("predictions")).isEqualTo(windows);
            assertThat(ids("predictions", "prediction_id")).isEqualTo(expected.predictionIds());
            assertThat(count("dead_letters")).isEqualTo(expected.malformed.get());
        } finally {
            replay.cancel().get();
        }
    }

    private static StreamExecutionEnvironment environment() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(1_000);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, 500));
        return env;
    }

    private static JobConfig config(Path lake) {
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        groups.put(
                "KinesisSource",
                Map.of(
                        "stream.arn",
                        KinesisLocalEmulator.streamArn(STREAM),
                        "aws.region",
                        KinesisLocalEmulator.REGION,
                        "aws.endpoint",
                        emulator.endpoint().toString(),
                        "flink.stream.initpos",
                        "TRIM_HORIZON",
                        "flink.shard.discovery.intervalmillis",
                        "1000"));
        groups.put(
                "Windows",
                Map.of(
                        "window.size", WINDOW.getSeconds() + "s",
                        "watermark.out.of.orderness", "2s",
                        "asset.type.rules", "pump=.*/Pump-[^/]+;compressor=.*/Compressor-[^/]+"));
        groups.put(
                "Aurora",
                Map.of(
                        "host",
                        "127.0.0.1",
                        "port",
                        String.valueOf(aurora.port()),
                        "database",
                        EmbeddedAurora.DATABASE,
                        "tls.mode",
                        "DISABLE"));
        groups.put(
                "Inference",
                Map.of(
                        "aws.region",
                        "us-east-1",
                        "aws.endpoint",
                        modelServer.endpoint().toString(),
                        "model.registry",
                        registry.toString(),
                        "batch.linger",
                        "10ms"));
        groups.put(
                "Warehouse",
                Map.of(
                        "engine", "POSTGRES",
                        "host", "127.0.0.1",
                        "port", String.valueOf(warehouse.port()),
                        "batch.max.rows", "200",
                        "batch.flush.interval", "200ms"));
        groups.put("Lake", Map.of("path", lake.toString()));
        return JobConfig.from(PropertyGroups.of(groups));
    }

    /** What the published records must become. */
    private static final class Expected {
        final Map<String, Set<Long>> windowEnds = new HashMap<>();
        final AtomicInteger malformed = new AtomicInteger();

        int windows() {
            return windowEnds.values().stream().mapToInt(Set::size).sum();
        }

        Set<String> vectorKeys() {
            Set<String> keys = new HashSet<>();
            windowEnds.forEach((asset, ends) -> ends.forEach(end -> keys.add(asset + "|" + end)));
            return keys;
        }

        Set<String> predictionIds() {
            Set<String> ids = new HashSet<>();
            for (Map.Entry<String, Set<Long>> e : windowEnds.entrySet()) {
                String type = e.getKey().contains("/Pump-") ? "pump" : "compressor";
                for (long end : e.getValue()) {
                    ids.add(Prediction.idOf(e.getKey(), end, "flowcast-" + type, "v0001"));
                }
            }
            return ids;
        }
    }

    private static void publishTicks(long from, long to, Expected expected) {
        List<PutRecordsRequestEntry> batch = new ArrayList<>();
        for (long tick = from; tick < to; tick++) {
            long windowEnd =
                    Math.floorDiv(generator.tickTimestamp(tick), WINDOW.toMillis())
                                    * WINDOW.toMillis()
                            + WINDOW.toMillis();
            for (TelemetryRecord record : generator.recordsForTick(tick)) {
                if (record.malformedKind().isPresent()) {
                    expected.malformed.incrementAndGet();
                } else {
                    expected.windowEnds
                            .computeIfAbsent(record.partitionKey(), k -> new HashSet<>())
                            .add(windowEnd);
                }
                batch.add(entry(record));
                if (batch.size() == 100) {
                    put(batch);
                }
            }
        }
        put(batch);
    }

    /** One record per asset far enough ahead to close every earlier window; its own stays open. */
    private static void publishFinalTick(long tick) {
        List<PutRecordsRequestEntry> batch = new ArrayList<>();
        for (TelemetryRecord record : generator.recordsForTick(tick + WINDOW.getSeconds())) {
            if (!record.malformedKind().isPresent()) {
                batch.add(entry(record));
            }
        }
        put(batch);
    }

    private static PutRecordsRequestEntry entry(TelemetryRecord record) {
        return PutRecordsRequestEntry.builder()
                .partitionKey(record.partitionKey())
                .data(SdkBytes.fromByteArray(record.data()))
                .build();
    }

    private static void put(List<PutRecordsRequestEntry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        PutRecordsResponse response =
                kinesis.putRecords(
                        PutRecordsRequest.builder().streamName(STREAM).records(batch).build());
        assertThat(response.failedRecordCount()).isZero();
        batch.clear();
    }

    private static int count(String table) throws SQLException {
        return queryInt("SELECT count(*) FROM " + table);
    }

    private static int distinct(String table, String column) throws SQLException {
        return queryInt("SELECT count(DISTINCT " + column + ") FROM " + table);
    }

    private static int rewrittenSince(String table, long epochMillis) throws SQLException {
        return queryInt(
                "SELECT count(*) FROM "
                        + table
                        + " WHERE written_at >= to_timestamp("
                        + epochMillis / 1000.0
                        + ") AT TIME ZONE 'UTC'");
    }

    private static Set<String> ids(String table, String column) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = warehouse.connectionFactory().connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + column + " FROM " + table)) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static int queryInt(String sql) throws SQLException {
        try (Connection c = warehouse.connectionFactory().connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Committed Parquet files below {@code dataset}: in-progress files are hidden (dot). */
    private static List<Path> committedFiles(Path dataset) throws Exception {
        if (!Files.isDirectory(dataset)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dataset)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> LakeSinks.isCommittedPartFile(f.getFileName().toString()))
                    .collect(Collectors.toList());
        }
    }

    /** One value per committed row of {@code dataset}: the columns joined with '|'. */
    private static List<String> columns(Path lake, String dataset, String... names)
            throws Exception {
        List<String> values = new ArrayList<>();
        for (Path file : committedFiles(lake.resolve(dataset))) {
            for (Map<String, Object> row : ParquetFiles.rows(file)) {
                StringBuilder value = new StringBuilder();
                for (String name : names) {
                    value.append(value.length() == 0 ? "" : "|").append(row.get(name));
                }
                values.add(value.toString());
            }
        }
        return values;
    }

    private static void awaitUntil(Callable<Boolean> condition, Duration timeout) throws Exception {
        awaitUntil(condition, timeout, () -> "");
    }

    /** Waits for {@code condition}; on timeout fails with {@code state}, what was reached. */
    private static void awaitUntil(
            Callable<Boolean> condition, Duration timeout, Callable<String> state)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "condition not met within " + timeout + "; " + state.call());
            }
            Thread.sleep(250);
        }
    }

    /**
     * A prediction sink that throws once, when armed, at the n-th prediction it sees: the failure
     * the job must recover from. State is static because the MiniCluster runs in this JVM.
     */
    static final class FailOnce implements Sink<Prediction> {
        private static final long serialVersionUID = 1L;
        private static final AtomicInteger COUNTDOWN = new AtomicInteger(-1);
        private static final AtomicBoolean FAILED = new AtomicBoolean();

        static void reset() {
            COUNTDOWN.set(-1);
            FAILED.set(false);
        }

        static void arm(int predictions) {
            COUNTDOWN.set(predictions);
        }

        static boolean failed() {
            return FAILED.get();
        }

        @Override
        @SuppressWarnings("deprecation") // Flink 1.20 still declares only this one abstract
        public SinkWriter<Prediction> createWriter(InitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(Prediction element, Context context) {
                    if (COUNTDOWN.get() > 0
                            && COUNTDOWN.decrementAndGet() == 0
                            && FAILED.compareAndSet(false, true)) {
                        throw new IllegalStateException("injected failure (test)");
                    }
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
