package io.flowcast.stream.local;

import io.flowcast.stream.FlowcastJob;
import io.flowcast.stream.config.AuroraOptions;
import io.flowcast.stream.config.ConfigException;
import io.flowcast.stream.config.Durations;
import io.flowcast.stream.config.InferenceOptions;
import io.flowcast.stream.config.JobConfig;
import io.flowcast.stream.config.KinesisSourceOptions;
import io.flowcast.stream.config.PropertyGroups;
import io.flowcast.stream.config.RetrainOptions;
import io.flowcast.stream.config.WarehouseOptions;
import io.flowcast.stream.enrich.AuroraConnectionConfig;
import io.flowcast.stream.local.sagemaker.ModelRegistry;
import io.flowcast.stream.local.sagemaker.ModelServer;
import io.flowcast.stream.local.simulator.KinesisPublisher;
import io.flowcast.stream.local.simulator.PlantModel;
import io.flowcast.stream.local.simulator.SimulationStats;
import io.flowcast.stream.local.simulator.SimulatorOptions;
import io.flowcast.stream.local.simulator.TelemetrySimulator;
import io.flowcast.stream.local.stepfunctions.ExecutionRunner;
import io.flowcast.stream.local.stepfunctions.ExecutionRunnerProvider;
import io.flowcast.stream.local.stepfunctions.ExecutionRunners;
import io.flowcast.stream.local.stepfunctions.LocalStepFunctions;
import io.flowcast.stream.retrain.RetrainTriggerConfig;
import io.flowcast.stream.sink.lake.DeadLetterParquet;
import io.flowcast.stream.sink.lake.DriftEventParquet;
import io.flowcast.stream.sink.lake.FeatureVectorParquet;
import io.flowcast.stream.sink.lake.PredictionParquet;
import io.flowcast.stream.sink.warehouse.PostgresConnectionFactory;
import io.flowcast.stream.sink.warehouse.WarehouseConfig;
import io.flowcast.stream.sink.warehouse.WarehouseEngine;
import io.flowcast.stream.window.FeatureSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import sun.misc.Signal;

/**
 * The whole pipeline on one machine (README command 1, via {@code scripts/run-local.sh}).
 *
 * <p>Starts the {@code kinesis-local} emulator with the configured stream, the N3uron telemetry
 * simulator publishing into it, and the production job graph ({@link FlowcastJob#pipeline}) on a
 * local MiniCluster with the Flink Web UI. Only configuration differs from AWS: the stream's {@code
 * aws.endpoint} points at the emulator and dead letters go to a local directory.
 *
 * <p>Prints the job's parse counters every few seconds, read from the Flink REST API. Stops on
 * Ctrl-C or after {@code --duration}: the simulator stops, the job catches up, then stops with a
 * savepoint so the dead-letter files are committed; the emulator is shut down last. Exit code 0 on
 * a clean stop, 1 if the job failed, 2 for a setup or configuration problem.
 */
public final class LocalPipeline {

    private static final int SHARDS = 2;
    private static final Path DATA_DIR = Paths.get("data");
    private static final List<String> LAKE_DATASETS =
            List.of(
                    PredictionParquet.DATASET,
                    FeatureVectorParquet.DATASET,
                    DeadLetterParquet.DATASET,
                    DriftEventParquet.DATASET);

    /**
     * Settings of the local retraining pipeline in the local run (override with {@code --retraining
     * key=value}): train once 120 post-change rows are in the lake (10 windows of the local plant's
     * 12 pumps, so the loop closes within minutes), by continuing the served model with 30 depth-1
     * trees, the small correction a sensor offset needs (the drift scenario test measured 1.05x the
     * pre-drift RMSE this way on 400 rows; training from nothing on few rows generalises worse).
     */
    static final Map<String, String> RETRAINING_DEFAULTS =
            Map.of(
                    "dataset.min.rows", "120",
                    "training.mode", "continue",
                    "hyperparameters", "num_round=30,max_depth=1");

    /** Where the local retraining pipeline keeps its run records (the DynamoDB table on AWS). */
    static final Path RETRAINING_RUNS_DIR = DATA_DIR.resolve("retraining-runs");

    /** Simulator settings of the local run, unless the user gives the flag. */
    private static final Map<String, String> SIMULATOR_DEFAULTS = new LinkedHashMap<>();

    static {
        // The plant matches AssetSeeder.localRunPlant() (schemas/assets/seed-local.sql).
        SIMULATOR_DEFAULTS.put("--sites", "2");
        SIMULATOR_DEFAULTS.put("--lines-per-site", "2");
        SIMULATOR_DEFAULTS.put("--assets-per-line", "5");
        SIMULATOR_DEFAULTS.put("--malformed-fraction", "0.01");
        SIMULATOR_DEFAULTS.put("--bad-quality-fraction", "0.01");
        SIMULATOR_DEFAULTS.put("--duplicate-fraction", "0.005");
        SIMULATOR_DEFAULTS.put("--out-of-order-fraction", "0.01");
    }

    private final LocalRunOptions options;
    private final PrintStream out = System.out;
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    private LocalPipeline(LocalRunOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        int code;
        try {
            code = new LocalPipeline(LocalRunOptions.parse(args)).run();
        } catch (LocalSetupException
                | ConfigException
                | SimulatorOptions.InvalidOptionException e) {
            System.err.println("flowcast: " + e.getMessage());
            code = 2;
        } catch (Exception e) {
            System.err.println("flowcast: the local run failed: " + e);
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    private int run() throws Exception {
        if (options.help) {
            out.print(LocalRunOptions.usage());
            return 0;
        }
        // Check everything a user can get wrong before starting anything.
        JobConfig config = JobConfig.from(PropertyGroups.fromJsonFile(options.config));
        URI endpoint = emulatorEndpoint(config);
        String stream = streamName(config.source().streamArn());
        SimulatorOptions simulatorOptions = simulatorOptions(endpoint, stream);
        KinesisLocalEmulator.requirePortFree(options.uiPort, "the Flink Web UI; see --ui-port");
        LoopbackCredentials.useDummyCredentialsForLoopback(endpoint);
        // A signal handler, not a shutdown hook: the graceful stop below (drain, savepoint,
        // emulator last) needs the MiniCluster alive, and its own shutdown hooks would race it.
        Signal.handle(new Signal("INT"), signal -> stopRequested.countDown());
        Signal.handle(new Signal("TERM"), signal -> stopRequested.countDown());

        out.printf(
                "Starting the Kinesis emulator on %s (stream '%s', %d shards)%n",
                endpoint, stream, SHARDS);
        try (KinesisLocalEmulator emulator =
                        KinesisLocalEmulator.start(
                                KinesisLocalEmulator.defaultEmulatorsDir(),
                                endpoint.getPort(),
                                stream + ":" + SHARDS,
                                DATA_DIR.resolve("logs").resolve("kinesis-local.log"));
                EmbeddedAurora aurora = startAssetRegister(config, simulatorOptions);
                ModelServer models = startModelServer(config);
                LocalWarehouse warehouse = startWarehouse(config)) {
            DriftLoopConsole loop =
                    new DriftLoopConsole(
                            out,
                            models,
                            new ArrayList<>(config.windows().featureSpecs().assetTypes()),
                            warehouse);
            try (LocalStepFunctions retraining = startRetraining(config, loop)) {
                return runJob(config, simulatorOptions, warehouse, loop);
            }
        }
    }

    /**
     * Starts the local warehouse (embedded PostgreSQL 17 over {@code data/warehouse}, kept between
     * runs) where {@code Warehouse} points; null with {@code engine=NONE}.
     */
    private LocalWarehouse startWarehouse(JobConfig config) {
        WarehouseConfig warehouse = config.warehouse();
        if (!warehouse.enabled()) {
            return null;
        }
        if (warehouse.engine() != WarehouseEngine.POSTGRES
                || !(warehouse.connections() instanceof PostgresConnectionFactory)) {
            throw new LocalSetupException(
                    "The local run writes the local warehouse: set "
                            + WarehouseOptions.GROUP
                            + "/"
                            + WarehouseOptions.ENGINE.key()
                            + " to POSTGRES (or NONE), not "
                            + warehouse.engine());
        }
        PostgresConnectionFactory target = (PostgresConnectionFactory) warehouse.connections();
        if (!AuroraConnectionConfig.isLoopbackHost(target.host())) {
            throw new LocalSetupException(
                    WarehouseOptions.GROUP
                            + "/"
                            + WarehouseOptions.HOST.key()
                            + " must be this machine (127.0.0.1) for the local run, not "
                            + target.host());
        }
        Path dir = Paths.get(LocalWarehouse.DEFAULT_DATA_DIR);
        out.printf(
                "Starting the local warehouse (PostgreSQL 17, stand-in for Snowflake) on port %d"
                        + " over %s%n",
                target.port(), dir.toAbsolutePath());
        return LocalWarehouse.start(dir, target.port());
    }

    /**
     * Starts the embedded PostgreSQL 17 stand-in for Aurora where the configuration points (a
     * loopback host) and seeds the asset table with the simulated plant.
     */
    private EmbeddedAurora startAssetRegister(JobConfig config, SimulatorOptions simulatorOptions)
            throws SQLException {
        if (!AuroraConnectionConfig.isLoopbackHost(config.aurora().host())) {
            throw new LocalSetupException(
                    AuroraOptions.GROUP
                            + "/"
                            + AuroraOptions.HOST.key()
                            + " must be this machine (127.0.0.1) for the local run, not "
                            + config.aurora().host());
        }
        int port = config.aurora().port();
        out.printf("Starting the embedded Aurora PostgreSQL 17 on port %d%n", port);
        EmbeddedAurora aurora = EmbeddedAurora.launch(port);
        try {
            int assets = AssetSeeder.seed(aurora.dataSource(), PlantModel.of(simulatorOptions));
            out.printf(
                    "  asset register ready in %.1f s: %,d assets seeded from the simulated"
                            + " plant%n",
                    aurora.lastStartTime().toMillis() / 1000.0, assets);
        } catch (SQLException | RuntimeException e) {
            aurora.close();
            throw e;
        }
        return aurora;
    }

    /**
     * Starts the local SageMaker stand-in where {@code Inference/aws.endpoint} points, serving the
     * models of {@code Inference/model.registry}; every asset type needs a trained model there
     * ({@code scripts/run-local.sh} trains the first ones).
     */
    private ModelServer startModelServer(JobConfig config) throws IOException {
        URI endpoint =
                config.inferenceEndpointOverride()
                        .orElseThrow(
                                () ->
                                        new LocalSetupException(
                                                "The local run needs "
                                                        + InferenceOptions.GROUP
                                                        + "/"
                                                        + InferenceOptions.ENDPOINT_OVERRIDE.key()
                                                        + " pointing at the local model server,"
                                                        + " e.g. http://127.0.0.1:8085"));
        if (!LoopbackCredentials.isLoopback(endpoint) || endpoint.getPort() < 1) {
            throw new LocalSetupException(
                    InferenceOptions.GROUP
                            + "/"
                            + InferenceOptions.ENDPOINT_OVERRIDE.key()
                            + " must be a loopback address with a port for the local run, not "
                            + endpoint);
        }
        Path registry = Paths.get(config.inferenceRegistry());
        ModelRegistry models = new ModelRegistry(registry);
        for (FeatureSpec spec : config.windows().featureSpecs().all()) {
            if (models.latest(spec.assetType()).isEmpty()) {
                throw new LocalSetupException(
                        "No trained model for asset type '"
                                + spec.assetType()
                                + "' in "
                                + registry.toAbsolutePath()
                                + "; scripts/run-local.sh trains the first models when the"
                                + " registry is empty");
            }
        }
        KinesisLocalEmulator.requirePortFree(endpoint.getPort(), "the local model server");
        LoopbackCredentials.useDummyCredentialsForLoopback(endpoint);
        ModelServer server = ModelServer.builder(registry).port(endpoint.getPort()).start();
        StringBuilder served = new StringBuilder();
        for (FeatureSpec spec : config.windows().featureSpecs().all()) {
            served.append(served.length() == 0 ? "" : ", ")
                    .append(ModelServer.endpointName(spec.assetType()))
                    .append(' ')
                    .append(server.servedVersion(spec.assetType()).orElse("(loads on first call)"));
        }
        out.printf("Started the local SageMaker model server on %s: %s%n", endpoint, served);
        return server;
    }

    /**
     * Starts the local Step Functions stand-in where {@code Retrain/aws.endpoint} points, running
     * the retraining state machine's steps in Java (the trainer module's {@link
     * ExecutionRunnerProvider}, on the class path through {@code scripts/run-local.sh}); null when
     * {@code Retrain/enabled=false}.
     */
    private LocalStepFunctions startRetraining(JobConfig config, DriftLoopConsole loop) {
        if (config.retrain().isEmpty()) {
            return null;
        }
        RetrainTriggerConfig retrain = config.retrain().get();
        URI endpoint = retrain.endpointOverride();
        if (endpoint == null
                || !LoopbackCredentials.isLoopback(endpoint)
                || endpoint.getPort() < 1) {
            throw new LocalSetupException(
                    RetrainOptions.GROUP
                            + "/"
                            + RetrainOptions.ENDPOINT.key()
                            + " must be a loopback address with a port for the local run (the"
                            + " local Step Functions stand-in), e.g. http://127.0.0.1:8086, not "
                            + endpoint);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(ExecutionRunnerProvider.LAKE_PATH, config.lake().path());
        settings.put(ExecutionRunnerProvider.MODEL_REGISTRY, config.inferenceRegistry());
        settings.put(ExecutionRunnerProvider.RUNS_PATH, RETRAINING_RUNS_DIR.toString());
        RETRAINING_DEFAULTS.forEach(settings::put);
        options.retrainingSettings.forEach(settings::put);
        ExecutionRunner runner =
                ExecutionRunners.load(settings)
                        .orElseThrow(
                                () ->
                                        new LocalSetupException(
                                                "No local retraining pipeline on the class path:"
                                                        + " start the local run with"
                                                        + " scripts/run-local.sh (it adds the"
                                                        + " training-trigger module), or set "
                                                        + RetrainOptions.GROUP
                                                        + "/"
                                                        + RetrainOptions.ENABLED.key()
                                                        + " to false"));
        KinesisLocalEmulator.requirePortFree(endpoint.getPort(), "the local Step Functions");
        LoopbackCredentials.useDummyCredentialsForLoopback(endpoint);
        LocalStepFunctions server =
                LocalStepFunctions.builder()
                        .port(endpoint.getPort())
                        .stateMachine(retrain.stateMachineArn(), runner)
                        .listener(loop)
                        .start();
        out.printf(
                "Started the local Step Functions on %s: %s runs the retraining steps in Java"
                        + " (lake -> XGBoost4J -> evaluation -> registry), run records in %s%n",
                server.endpoint(), retrain.stateMachineArn(), RETRAINING_RUNS_DIR.toAbsolutePath());
        return server;
    }

    private int runJob(
            JobConfig config,
            SimulatorOptions simulatorOptions,
            LocalWarehouse warehouse,
            DriftLoopConsole loop)
            throws Exception {
        Configuration flink = new Configuration();
        flink.set(RestOptions.PORT, options.uiPort);
        flink.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        flink.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(2));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
        env.setParallelism(options.parallelism);
        env.enableCheckpointing(options.checkpointInterval.toMillis());
        FlowcastJob.pipeline(config).build(env);

        JobClient job = env.executeAsync("Flowcast (local)");
        URI ui = URI.create("http://localhost:" + options.uiPort + "/");
        FlinkRestMetrics metrics = new FlinkRestMetrics(ui, job.getJobID().toHexString());
        out.printf(
                "Flink job %s started; Web UI: %s (%s)%n",
                job.getJobID(), ui, metrics.webUiAnswers() ? "answering" : "not answering yet");

        TelemetrySimulator simulator = null;
        Thread simulatorThread = null;
        KinesisPublisher publisher = null;
        AtomicReference<Throwable> simulatorFailure = new AtomicReference<>();
        if (options.simulate) {
            publisher = KinesisPublisher.create(simulatorOptions);
            simulator = new TelemetrySimulator(simulatorOptions, publisher, Clock.systemUTC());
            TelemetrySimulator running = simulator;
            simulatorThread =
                    new Thread(
                            () -> {
                                try {
                                    running.run();
                                } catch (RuntimeException e) {
                                    simulatorFailure.set(e);
                                }
                            },
                            "telemetry-simulator");
            simulatorThread.setDaemon(true);
            simulatorThread.start();
            out.printf(
                    "Simulator publishing %d assets every %d ms (Ctrl-C to stop%s)%n",
                    simulatorOptions.assetCount(),
                    simulatorOptions.interval().toMillis(),
                    options.duration.isZero()
                            ? ""
                            : ", or after " + options.duration.getSeconds() + " s");
            simulatorOptions
                    .driftStart()
                    .ifPresent(
                            start ->
                                    out.printf(
                                            "  drift scenario: %s %+.1f on %.0f%% of the assets"
                                                    + " with it, from %s after the start%n",
                                            simulatorOptions.driftSignal().tagName(),
                                            simulatorOptions.driftOffset(),
                                            100 * simulatorOptions.driftAssetFraction(),
                                            Durations.format(start)));
        }

        long started = System.nanoTime();
        JobProgress previous = JobProgress.NONE;
        long previousAt = started;
        int exitCode = 0;
        boolean shownVector = false;
        while (true) {
            boolean stop =
                    stopRequested.await(options.progressInterval.toMillis(), TimeUnit.MILLISECONDS);
            long now = System.nanoTime();
            long elapsed = TimeUnit.NANOSECONDS.toSeconds(now - started);
            JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
            if (status.isGloballyTerminalState()) {
                out.printf(
                        "The job ended unexpectedly with status %s; see data/logs/flowcast-local.log%n",
                        status);
                exitCode = 1;
                break;
            }
            JobProgress progress = poll(metrics, previous);
            out.println(
                    JobProgress.line(
                            elapsed,
                            progress,
                            previous,
                            (now - previousAt) / 1e9,
                            simulator == null ? -1 : simulator.stats().recordsSent()));
            if (!shownVector && !progress.lastVector.isEmpty()) {
                out.println("  first feature vector: " + progress.lastVector);
                shownVector = true;
            }
            loop.poll();
            previous = progress;
            previousAt = now;
            if (simulatorFailure.get() != null) {
                out.println("The simulator stopped: " + simulatorFailure.get().getMessage());
                exitCode = 1;
                break;
            }
            if (stop || (!options.duration.isZero() && elapsed >= options.duration.getSeconds())) {
                break;
            }
        }

        out.println("Stopping ...");
        SimulationStats sent = null;
        if (simulator != null) {
            simulator.stop();
            simulatorThread.join(TimeUnit.SECONDS.toMillis(15));
            publisher.close();
            sent = simulator.stats();
            previous = drain(metrics, previous, sent.recordsSent());
        }
        stopJob(job);
        loop.poll();
        printSummary(previous, sent, config, warehouse);
        loop.printResidualRmse(driftOnsetMillis(simulatorOptions, simulator));
        return exitCode;
    }

    /** The simulated drift's onset, epoch ms, or -1 without drift. */
    private static long driftOnsetMillis(SimulatorOptions options, TelemetrySimulator simulator) {
        if (simulator == null
                || options.driftStart().isEmpty()
                || simulator.startEpochMillis() < 0) {
            return -1;
        }
        return simulator.startEpochMillis() + options.driftStart().get().toMillis();
    }

    /** Waits (briefly) until the job has read everything the simulator sent. */
    private JobProgress drain(FlinkRestMetrics metrics, JobProgress last, long recordsSent)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JobProgress progress = last;
        while (progress.records < recordsSent && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            progress = poll(metrics, progress);
        }
        return progress;
    }

    private void stopJob(JobClient job) throws Exception {
        String savepoints = DATA_DIR.resolve("savepoints").toAbsolutePath().toUri().toString();
        try {
            // Drain: flush everything and commit the part files, as a finished run should.
            String savepoint =
                    job.stopWithSavepoint(true, savepoints, SavepointFormatType.CANONICAL)
                            .get(60, TimeUnit.SECONDS);
            out.println("Job stopped with savepoint " + savepoint);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            out.println(
                    "Stop with savepoint did not complete (" + e.getMessage() + "); cancelling");
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private void printSummary(
            JobProgress progress,
            SimulationStats sent,
            JobConfig config,
            LocalWarehouse warehouse) {
        out.println();
        out.println("Summary");
        if (sent != null) {
            out.println("  simulator sent : " + sent);
        }
        out.printf(
                "  job read       : %,d records -> %,d samples, %,d dead letters%n",
                progress.records, progress.samples, progress.deadLetters);
        progress.deadLettersByReason.forEach(
                (reason, count) -> {
                    if (count > 0) {
                        out.printf("    %-22s %,d%n", reason, count);
                    }
                });
        out.printf("  feature vectors: %,d (one per asset and closed window)%n", progress.vectors);
        if (!progress.lastVector.isEmpty()) {
            out.println("  newest vector  : " + progress.lastVector);
        }
        out.printf(
                "  enrichment     : %,d vectors, %,d asset-register queries, cache hit ratio %.1f%%%n",
                progress.enrichedTotal(), progress.assetLookups, 100 * progress.cacheHitRatio());
        progress.enrichedByStatus.forEach(
                (status, count) -> out.printf("    %-22s %,d%n", status, count));
        if (!progress.lastEnriched.isEmpty()) {
            out.println("  newest enriched: " + progress.lastEnriched);
        }
        out.printf(
                "  predictions    : %,d from the local SageMaker model server, %,d anomalies%n",
                progress.predictions, progress.anomalies);
        if (!progress.lastPrediction.isEmpty()) {
            out.println("  newest prediction: " + progress.lastPrediction);
        }
        if (warehouse != null) {
            out.println(
                    "  warehouse      : "
                            + warehouseCounts(warehouse)
                            + "; query it with scripts/query-warehouse.sh [\"SQL\"]");
        }
        Path lake = Paths.get(config.lake().path()).toAbsolutePath();
        out.printf(
                "  data lake      : %s (Parquet: %s)%n",
                lake, LocalLake.describe(lake, LAKE_DATASETS));
        out.println("  logs           : " + DATA_DIR.resolve("logs").toAbsolutePath());
    }

    /** Row counts of the warehouse tables, e.g. {@code 40 predictions, 14 dead letters}. */
    private static String warehouseCounts(LocalWarehouse warehouse) {
        try (Connection c = warehouse.connectionFactory().connect();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT (SELECT count(*) FROM predictions),"
                                        + " (SELECT count(*) FROM predictions WHERE anomaly),"
                                        + " (SELECT count(*) FROM dead_letters),"
                                        + " (SELECT count(*) FROM drift_events)")) {
            rs.next();
            return String.format(
                    "%,d predictions (%,d anomalies), %,d dead letters, %,d drift events in %s",
                    rs.getLong(1),
                    rs.getLong(2),
                    rs.getLong(3),
                    rs.getLong(4),
                    warehouse.dataDirectory());
        } catch (SQLException e) {
            return "not readable (" + e.getMessage() + ")";
        }
    }

    private static JobProgress poll(FlinkRestMetrics metrics, JobProgress fallback) {
        try {
            return metrics.poll();
        } catch (IOException e) {
            return fallback; // the REST API can lag behind a starting or stopping job
        }
    }

    private SimulatorOptions simulatorOptions(URI endpoint, String stream) {
        List<String> args = new ArrayList<>(options.simulatorArgs);
        for (String forbidden : List.of("--endpoint", "--region", "--stream")) {
            if (args.stream().anyMatch(a -> a.equals(forbidden) || a.startsWith(forbidden + "="))) {
                throw new LocalSetupException(
                        forbidden
                                + " comes from the job configuration ("
                                + options.config
                                + ", group "
                                + KinesisSourceOptions.GROUP
                                + ") in the local run");
            }
        }
        SIMULATOR_DEFAULTS.forEach(
                (flag, value) -> {
                    if (args.stream().noneMatch(a -> a.equals(flag) || a.startsWith(flag + "="))) {
                        args.add(flag);
                        args.add(value);
                    }
                });
        args.add("--endpoint");
        args.add(endpoint.toString());
        args.add("--region");
        args.add(KinesisLocalEmulator.REGION);
        args.add("--stream");
        args.add(stream);
        return SimulatorOptions.parse(args.toArray(new String[0]));
    }

    private static URI emulatorEndpoint(JobConfig config) {
        String endpoint =
                config.source().connectorProperties().get(KinesisSourceOptions.ENDPOINT.key());
        if (endpoint == null) {
            throw new LocalSetupException(
                    "The local run needs "
                            + KinesisSourceOptions.GROUP
                            + "/"
                            + KinesisSourceOptions.ENDPOINT.key()
                            + " pointing at the emulator, e.g. http://127.0.0.1:4568");
        }
        URI uri = URI.create(endpoint);
        if (!LoopbackCredentials.isLoopback(uri) || uri.getPort() < 1) {
            throw new LocalSetupException(
                    KinesisSourceOptions.GROUP
                            + "/"
                            + KinesisSourceOptions.ENDPOINT.key()
                            + " must be a loopback address with a port for the local run, not "
                            + endpoint);
        }
        return uri;
    }

    private static String streamName(String arn) {
        return arn.substring(arn.indexOf(":stream/") + ":stream/".length());
    }
}
