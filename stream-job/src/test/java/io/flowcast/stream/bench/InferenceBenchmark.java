package io.flowcast.stream.bench;

import io.flowcast.stream.FlowcastPipeline;
import io.flowcast.stream.SideOutputs;
import io.flowcast.stream.config.InferenceOptions;
import io.flowcast.stream.config.PropertyGroups;
import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.enrich.EnrichedFeatureVector;
import io.flowcast.stream.inference.BatchConfig;
import io.flowcast.stream.inference.InferenceClientFactory;
import io.flowcast.stream.inference.InferenceConfig;
import io.flowcast.stream.inference.InferenceFunction;
import io.flowcast.stream.inference.InferenceOutcomeFunction;
import io.flowcast.stream.inference.InferenceResult;
import io.flowcast.stream.inference.Prediction;
import io.flowcast.stream.local.LoopbackCredentials;
import io.flowcast.stream.local.sagemaker.EndpointStats;
import io.flowcast.stream.local.sagemaker.ModelServer;
import io.flowcast.stream.local.sagemaker.RegisteredModel;
import io.flowcast.stream.testing.ReportedMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.util.TestStreamEnvironment;

/**
 * The inference benchmark of the issue: "predictions/s of our batched operator vs one
 * InvokeEndpoint per record (the pattern in AWS's Managed Flink samples, same async capacity), and
 * InvokeEndpoint calls per 1,000 predictions. Targets: >= 30x the per-record figure, <= 20 calls
 * per 1,000 predictions." A measurement, not a test: it prints figures and verdicts, and fails
 * (exit code 1) only when a job lost, duplicated or mis-scored predictions, never because a rate is
 * low.
 *
 * <p><b>Set-up</b> (one JVM, one run): a real XGBoost regressor of the pump's bearing temperature
 * ({@link InferBenchModel}: 8 features, 100 trees of depth 6) registered in a temporary model
 * registry; ONE local {@link ModelServer} (the SageMaker runtime stand-in, default settings) serves
 * it as {@code flowcast-pump} to every scenario; a Flink MiniCluster (one task manager, 2 slots),
 * jobs of parallelism 2: a bounded {@code DataGeneratorSource} of N enriched pump windows of {@code
 * --assets} pumps ({@link InferBenchVectors}) -> inference -> the outcome function -> counting
 * sinks for predictions and dead letters ({@link InferBenchSinks}). The {@code Inference} group's
 * production defaults are read through {@link InferenceOptions} (only region, endpoint override and
 * registry given), and its production client factory ({@code SageMakerInferenceClient.factory},
 * Netty, 64 connections per subtask) serves both scenarios.
 *
 * <ul>
 *   <li><b>A, batched (ours):</b> {@link FlowcastPipeline#infer}: {@link InferenceFunction} over
 *       {@code BatchingInvoker}, 100 rows / 20 ms linger per call, async capacity from the
 *       defaults. Run {@code --repeats} times; the median counts.
 *   <li><b>B, per record (baseline):</b> {@link PerRecordInferenceFunction}, one {@code
 *       InvokeEndpoint} per vector, the same client factory, async timeout and capacity, the same
 *       outcome function and sinks.
 *   <li><b>C, A with faults:</b> A again while the server throttles {@code --throttle-percent} of
 *       the calls: retries are counted, and nothing may be lost.
 * </ul>
 *
 * <p><b>Throughput</b> is predictions over the span from the first to the last prediction at the
 * sink. The job's net runtime, printed too, adds fixed costs that do not depend on the scenario:
 * deploying the job, opening the clients, and closing them at the end (about 2 s, the SDK's Netty
 * event loops shutting down gracefully).
 *
 * <p>Calls are counted three ways: at the server ({@link EndpointStats}), by a wrapper around the
 * client ({@link InferBenchClients}, which also times every call) and, for A, by the function's
 * {@code inferenceCalls} metric (read through Flink's {@code InMemoryReporter}). Every prediction
 * is checked against XGBoost4J's own prediction of the same row, the booster read back from the
 * registry in this JVM.
 *
 * <p>Usage: {@code InferenceBenchmark [--quick] [--vectors N] [--repeats R] [--assets K]
 * [--throttle-percent P] [--no-warmup] [--no-baseline]}; {@code scripts/bench-inference.sh} builds
 * the classes and runs it with the right class path, heap and {@code
 * -Dsun.net.httpserver.nodelay=true}.
 */
public final class InferenceBenchmark {

    static final int DEFAULT_VECTORS = 100_000;
    static final int DEFAULT_REPEATS = 3;
    static final int QUICK_VECTORS = 15_000;
    static final int QUICK_REPEATS = 1;
    static final int DEFAULT_ASSETS = 50;
    static final double DEFAULT_THROTTLE_PERCENT = 5;

    /** One subtask per core of the 2-core reference machine, as in the other benchmarks. */
    static final int PARALLELISM = 2;

    /** Target: batched predictions/s at least this multiple of the per-record figure. */
    static final double TARGET_RATIO = 30;

    /** Target: at most this many InvokeEndpoint calls per 1,000 predictions. */
    static final double TARGET_CALLS_PER_1000 = 20;

    /** Relative tolerance of the check against XGBoost4J (the model computes in float32). */
    static final double TOLERANCE = 1e-6;

    static final String REGION = "us-east-1";
    static final String NAME_PER_RECORD = "SageMaker inference, per record (baseline)";
    static final String ENDPOINT = ModelServer.endpointName(InferBenchVectors.ASSET_TYPE);
    static final int DEAD_LETTER_PAYLOAD_MAX_BYTES = 64 * 1024;

    private final PrintStream out = System.out;
    private final Options options;
    private final String nodelayAtStart = System.getProperty("sun.net.httpserver.nodelay");
    private MiniCluster cluster;
    private InMemoryReporter reporter;
    private ModelServer server;
    private InferenceConfig config;
    private InferenceClientFactory clients;
    private float[] reference;

    private InferenceBenchmark(Options options) {
        this.options = options;
    }

    /** Runs the benchmark; exit code 0, 1 if a check fails, 2 for bad arguments. */
    public static void main(String[] args) {
        BenchMain.run(
                "InferenceBenchmark",
                Options.USAGE,
                args,
                Options::parse,
                o -> o.help,
                o -> new InferenceBenchmark(o).run());
    }

    /** Reports each prediction to run {@code runId}. */
    private static BenchSink<Prediction> predictionSink(String runId) {
        return new BenchSink<>(() -> InferBenchRun.get(runId)::predicted);
    }

    /** Reports each dead letter to run {@code runId}. */
    private static BenchSink<DeadLetter> deadLetterSink(String runId) {
        return new BenchSink<>(() -> InferBenchRun.get(runId)::deadLetter);
    }

    private boolean run() throws Exception {
        printEnvironment();
        Path registry = Files.createTempDirectory("flowcast-bench-registry");
        List<JobRun> batched = new ArrayList<>();
        JobRun perRecord = null;
        JobRun faulty = null;
        try {
            long trainStart = System.nanoTime();
            RegisteredModel model = InferBenchModel.trainAndRegister(registry);
            double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
            out.printf(
                    Locale.ROOT,
                    "%nModel: XGBoost4J reg:squarederror, %d trees of depth %d, %d features (%s),"
                            + " trained on %,d rows in %.1f s; registered as %s/%s (residual std"
                            + " %.3f) in %s%n",
                    InferBenchModel.ROUNDS,
                    InferBenchModel.MAX_DEPTH,
                    model.metadata().featureNames().size(),
                    String.join(", ", model.metadata().featureNames()),
                    InferBenchModel.TRAINING_ROWS,
                    trainSeconds,
                    model.assetType(),
                    model.version(),
                    model.metadata().residualStd(),
                    registry);
            long maxVectors = Math.max(options.vectors, options.warmupVectors());
            long refStart = System.nanoTime();
            reference = InferBenchModel.reference(model, maxVectors);
            out.printf(
                    Locale.ROOT,
                    "Reference: XGBoost4J in this JVM scored the %,d rows in %.2f s (booster read"
                            + " back from the registry's model.tar.gz)%n",
                    maxVectors,
                    (System.nanoTime() - refStart) / 1e9);

            server = ModelServer.builder(registry).start();
            try {
                String ping = ping(server.endpoint());
                out.printf(
                        Locale.ROOT,
                        "Model server: %s, GET /ping -> %s; serves %s %s (default settings: 8 worker"
                                + " threads, 2 boosters per model); sun.net.httpserver.nodelay=%s%s%n",
                        server.endpoint(),
                        ping,
                        ENDPOINT,
                        server.servedVersion(InferBenchVectors.ASSET_TYPE).orElse("(none!)"),
                        System.getProperty("sun.net.httpserver.nodelay"),
                        nodelayAtStart == null
                                ? " (set by ModelServer; not passed to the JVM)"
                                : "");
                LoopbackCredentials.useDummyCredentialsForLoopback(server.endpoint());
                PropertyGroups groups =
                        PropertyGroups.of(
                                Map.of(
                                        InferenceOptions.GROUP,
                                        Map.of(
                                                InferenceOptions.REGION.key(), REGION,
                                                InferenceOptions.ENDPOINT_OVERRIDE.key(),
                                                        server.endpoint().toString(),
                                                InferenceOptions.MODEL_REGISTRY.key(),
                                                        registry.toString())));
                config = InferenceOptions.read(groups);
                clients = InferenceOptions.clients(groups);
                printConfig();

                reporter = InMemoryReporter.createWithRetainedMetrics();
                Configuration conf = reporter.addToConfiguration(new Configuration());
                cluster =
                        new MiniCluster(
                                new MiniClusterConfiguration.Builder()
                                        .setConfiguration(conf)
                                        .setNumTaskManagers(1)
                                        .setNumSlotsPerTaskManager(PARALLELISM)
                                        .build());
                cluster.start();
                try {
                    if (options.warmup) {
                        out.printf(
                                Locale.ROOT,
                                "%nWarm-up (JIT, connections): A with %,d and B with %,d vectors,"
                                        + " not reported...%n",
                                options.warmupVectors(),
                                options.warmupBaselineVectors());
                        for (JobRun w :
                                List.of(
                                        runJob(
                                                "warm-up A",
                                                Scenario.BATCHED,
                                                options.warmupVectors()),
                                        runJob(
                                                "warm-up B",
                                                Scenario.PER_RECORD,
                                                options.warmupBaselineVectors()))) {
                            if (!w.problems().isEmpty()) {
                                out.println(
                                        "  "
                                                + w.label
                                                + " check FAILED: "
                                                + String.join("; ", w.problems()));
                            }
                        }
                    }
                    for (int r = 1; r <= options.repeats; r++) {
                        JobRun a =
                                runJob(
                                        "A, batched (ours), run " + r + " of " + options.repeats,
                                        Scenario.BATCHED,
                                        options.vectors);
                        print(a);
                        batched.add(a);
                    }
                    if (options.baseline) {
                        perRecord =
                                runJob(
                                        "B, one InvokeEndpoint per record (baseline)",
                                        Scenario.PER_RECORD,
                                        options.vectors);
                        print(perRecord);
                    }
                    if (options.throttlePercent > 0) {
                        server.faults().setThrottleRate(options.throttlePercent / 100.0);
                        try {
                            faulty =
                                    runJob(
                                            String.format(
                                                    Locale.ROOT,
                                                    "C, A while the server throttles %.1f%% of"
                                                            + " the calls",
                                                    options.throttlePercent),
                                            Scenario.BATCHED,
                                            options.vectors);
                        } finally {
                            server.faults().reset();
                        }
                        print(faulty);
                    }
                } finally {
                    cluster.close();
                    cluster = null;
                }
            } finally {
                server.close();
            }
        } finally {
            deleteRecursively(registry);
        }
        return printSummary(batched, perRecord, faulty);
    }

    // ---- jobs

    /** Which inference operator a job runs. */
    private enum Scenario {
        BATCHED,
        PER_RECORD
    }

    private JobRun runJob(String label, Scenario scenario, long vectors) throws Exception {
        InferBenchVectors generator = new InferBenchVectors(options.assets);
        InferBenchRun run = InferBenchRun.start(label, vectors, generator);
        try {
            TestStreamEnvironment env = new TestStreamEnvironment(cluster, PARALLELISM);
            DataStream<EnrichedFeatureVector> enriched =
                    env.fromSource(
                            new DataGeneratorSource<>(
                                    generator,
                                    vectors,
                                    TypeInformation.of(EnrichedFeatureVector.class)),
                            WatermarkStrategy.noWatermarks(),
                            "Enriched feature vectors (generated)");
            InferenceClientFactory counting =
                    new InferBenchClients.CountingFactory(run.id, clients);
            SingleOutputStreamOperator<Prediction> predictions;
            if (scenario == Scenario.BATCHED) {
                predictions =
                        FlowcastPipeline.infer(
                                enriched, config, counting, DEAD_LETTER_PAYLOAD_MAX_BYTES);
            } else {
                // The same graph as FlowcastPipeline.infer, with the per-record function.
                predictions =
                        AsyncDataStream.unorderedWait(
                                        enriched,
                                        new PerRecordInferenceFunction(config, counting),
                                        config.asyncTimeout().toMillis(),
                                        TimeUnit.MILLISECONDS,
                                        config.asyncCapacity())
                                .returns(TypeInformation.of(InferenceResult.class))
                                .name(NAME_PER_RECORD)
                                .process(
                                        new InferenceOutcomeFunction(DEAD_LETTER_PAYLOAD_MAX_BYTES))
                                .returns(TypeInformation.of(Prediction.class))
                                .name("Inference outcome");
            }
            predictions.sinkTo(predictionSink(run.id)).name("Predictions");
            predictions
                    .getSideOutput(SideOutputs.DEAD_LETTERS)
                    .sinkTo(deadLetterSink(run.id))
                    .name("Dead letters");

            EndpointStats.Snapshot serverBefore = server.stats(ENDPOINT);
            long cpuBefore = JvmStats.processCpuNanos();
            double loadBefore = JvmStats.loadAverage();
            long wallStart = System.nanoTime();
            JobExecutionResult result = env.execute("inference-benchmark " + label);
            long wallNanos = System.nanoTime() - wallStart;
            long cpuNanos = JvmStats.processCpuNanos() - cpuBefore;
            EndpointStats.Snapshot serverAfter = server.stats(ENDPOINT);

            JobRun j = new JobRun();
            j.label = label;
            j.scenario = scenario;
            j.run = run;
            j.vectors = vectors;
            j.wallNanos = wallNanos;
            j.startToFirstNanos = run.firstArrivalNanos() - wallStart;
            j.lastToEndNanos = wallStart + wallNanos - run.lastArrivalNanos();
            j.netMillis = result.getNetRuntime(TimeUnit.MILLISECONDS);
            j.cpuCores = cpuNanos < 0 ? -1 : (double) cpuNanos / wallNanos;
            j.loadBefore = loadBefore;
            j.loadAfter = JvmStats.loadAverage();
            j.serverRequests = serverAfter.requests() - serverBefore.requests();
            j.serverRows = serverAfter.rows() - serverBefore.rows();
            for (Map.Entry<String, Long> e : serverAfter.errors().entrySet()) {
                long d = e.getValue() - serverBefore.errors(e.getKey());
                if (d > 0) {
                    j.serverErrors.put(e.getKey(), d);
                }
            }
            j.metrics =
                    functionMetrics(
                            result,
                            scenario == Scenario.BATCHED
                                    ? FlowcastPipeline.NAME_INFERENCE
                                    : NAME_PER_RECORD);
            j.check();
            return j;
        } finally {
            run.end();
        }
    }

    /** The inference operator's own metrics, summed over its subtasks. */
    private FunctionMetrics functionMetrics(JobExecutionResult result, String operator) {
        FunctionMetrics m = new FunctionMetrics();
        double batchRowsSum = 0;
        long batchRowsSamples = 0;
        for (Map<String, Metric> metrics :
                ReportedMetrics.exportedBySubtask(
                        reporter,
                        result.getJobID(),
                        "^" + java.util.regex.Pattern.quote(operator) + "$")) {
            m.subtasks++;
            m.calls += count(metrics.get(InferenceFunction.METRIC_CALLS));
            m.predictions += count(metrics.get(InferenceFunction.METRIC_PREDICTIONS));
            m.retries += count(metrics.get(InferenceFunction.METRIC_RETRIES));
            m.throttles += count(metrics.get(InferenceFunction.METRIC_THROTTLES));
            m.failedRows += count(metrics.get(InferenceFunction.METRIC_FAILED_ROWS));
            m.timeouts += count(metrics.get(InferenceFunction.METRIC_TIMEOUTS));
            m.splits += count(metrics.get(InferenceFunction.METRIC_SPLITS));
            Metric rows = metrics.get(InferenceFunction.METRIC_BATCH_ROWS);
            if (rows instanceof Histogram) {
                Histogram h = (Histogram) rows;
                long size = h.getStatistics().size();
                batchRowsSum += h.getStatistics().getMean() * size;
                batchRowsSamples += size;
            }
        }
        m.batchRowsMean = batchRowsSamples == 0 ? -1 : batchRowsSum / batchRowsSamples;
        return m;
    }

    private static long count(Metric metric) {
        return metric instanceof Counter ? ((Counter) metric).getCount() : 0;
    }

    // ---- output

    private void printEnvironment() {
        Runtime rt = Runtime.getRuntime();
        String jvmFlags =
                ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(
                                a ->
                                        a.startsWith("-X")
                                                || a.startsWith("-XX:+Use")
                                                || a.startsWith("-Dsun.net"))
                        .collect(Collectors.joining(" "));
        out.println("Flowcast inference benchmark: batched SageMaker inference (ours) vs one");
        out.println("InvokeEndpoint per record, same machine, same data, same local model server");
        out.printf(
                Locale.ROOT,
                "JDK %s, %d CPUs visible, max heap %,d MB (%s), load average %.2f%s%n",
                System.getProperty("java.version"),
                rt.availableProcessors(),
                rt.maxMemory() / (1024 * 1024),
                jvmFlags.isEmpty() ? "JVM defaults" : jvmFlags,
                JvmStats.loadAverage(),
                options.quick ? "; --quick: indicative only" : "");
        if (!"true".equals(nodelayAtStart)) {
            out.println(
                    "WARNING: -Dsun.net.httpserver.nodelay=true was not passed; the JDK HTTP"
                            + " server caps small responses at ~600/s without it (the server sets"
                            + " it itself if no HttpServer started before, as here).");
        }
    }

    private void printConfig() {
        BatchConfig b = config.batch();
        out.printf(
                Locale.ROOT,
                "Inference group production defaults (InferenceOptions.read): batch %d rows or %d"
                        + " ms linger (max %,d bytes), %d attempts, backoff %d ms..%d ms full"
                        + " jitter, deadline %d s, circuit %d failures / %d s; async I/O unordered,"
                        + " capacity %,d per subtask, timeout %d s; %s, CSV%n",
                b.maxRows(),
                b.linger().toMillis(),
                b.maxPayloadBytes(),
                b.maxAttempts(),
                b.backoffBase().toMillis(),
                b.backoffCap().toMillis(),
                b.deadline().toSeconds(),
                b.circuitFailureThreshold(),
                b.circuitOpen().toSeconds(),
                config.asyncCapacity(),
                config.asyncTimeout().toSeconds(),
                config.router().route(InferBenchVectors.ASSET_TYPE, null).endpoint());
        out.printf(
                Locale.ROOT,
                "Client: InferenceOptions.clients = SageMakerInferenceClient.factory(%s, %s, 64"
                        + " connections per subtask, call timeout = deadline), SDK retries off;"
                        + " the SAME factory and the SAME async capacity (%,d) for A, B and C%n",
                REGION,
                server.endpoint(),
                config.asyncCapacity());
        out.printf(
                Locale.ROOT,
                "Jobs: MiniCluster, 1 task manager, %d slots, parallelism %d; DataGeneratorSource"
                        + " of %,d enriched pump windows (%d pumps) -> inference -> outcome ->"
                        + " counting sinks (predictions, dead letters); object reuse off%n",
                PARALLELISM,
                PARALLELISM,
                options.vectors,
                options.assets);
    }

    private void print(JobRun j) {
        out.printf(Locale.ROOT, "%n%s%n", j.label);
        out.printf(
                Locale.ROOT,
                "  predictions %,d of %,d, dead letters %,d%s%s%n",
                j.run.predictions(),
                j.vectors,
                j.run.deadLetters(),
                j.run.deadLetters() == 0 ? "" : " " + j.run.deadLetterKinds(),
                j.run.duplicates() == 0 ? "" : ", DUPLICATES " + j.run.duplicates());
        out.printf(
                Locale.ROOT,
                "  time: wall %.2f s (env.execute), net %.2f s (job runtime) = submit->first"
                        + " prediction %.2f s + first->last prediction %.2f s + last->job end"
                        + " %.2f s%n",
                j.wallNanos / 1e9,
                j.netMillis / 1e3,
                j.startToFirstNanos / 1e9,
                j.run.arrivalSpanNanos() / 1e9,
                j.lastToEndNanos / 1e9);
        out.printf(
                Locale.ROOT,
                "  predictions/s: %,.0f first->last prediction (the throughput figure), %,.0f over"
                        + " the job's net runtime (with start-up and shutdown)%n",
                j.steadyPredictionsPerSecond(),
                j.predictionsPerSecond());
        out.printf(
                Locale.ROOT,
                "  InvokeEndpoint calls: server %,d, client wrapper %,d%s; %.2f calls per 1,000"
                        + " predictions%n",
                j.serverRequests,
                j.run.calls(),
                j.scenario == Scenario.BATCHED
                        ? String.format(
                                Locale.ROOT,
                                ", function metric %s %,d",
                                InferenceFunction.METRIC_CALLS,
                                j.metrics.calls)
                        : "",
                j.callsPer1000());
        long[] calls = j.run.callLatencyNanos();
        long[] rows = j.run.rowLatencyMicros();
        out.printf(
                Locale.ROOT,
                "  rows per call: mean %.1f (server rows/requests)%s; server errors %s%n",
                j.serverRequests == 0 ? 0.0 : (double) j.serverRows / j.serverRequests,
                j.scenario == Scenario.BATCHED
                        ? String.format(
                                Locale.ROOT,
                                ", %s mean %.1f (last 1,000 calls per subtask)",
                                InferenceFunction.METRIC_BATCH_ROWS,
                                j.metrics.batchRowsMean)
                        : "",
                j.serverErrors.isEmpty() ? "none" : j.serverErrors.toString());
        out.printf(
                Locale.ROOT,
                "  call latency p50 %.2f / p99 %.2f / max %.2f ms over %,d calls; row latency"
                        + " (vector submitted -> score) p50 %.2f / p99 %.2f ms%n",
                EnrichBenchRun.quantile(calls, 0.5) / 1e6,
                EnrichBenchRun.quantile(calls, 0.99) / 1e6,
                calls.length == 0 ? -1 : calls[calls.length - 1] / 1e6,
                calls.length,
                EnrichBenchRun.quantile(rows, 0.5) / 1e3,
                EnrichBenchRun.quantile(rows, 0.99) / 1e3);
        if (j.scenario == Scenario.BATCHED) {
            out.printf(
                    Locale.ROOT,
                    "  retries %,d (throttled %,d), failed calls %,d, rows scored after a retry"
                            + " %,d, failed rows %,d, async timeouts %,d%n",
                    j.metrics.retries,
                    j.metrics.throttles,
                    j.run.failedCalls(),
                    j.run.retriedRows(),
                    j.metrics.failedRows,
                    j.metrics.timeouts);
        } else {
            out.printf(
                    Locale.ROOT,
                    "  failed calls %,d (no retries in the per-record pattern)%n",
                    j.run.failedCalls());
        }
        out.printf(
                Locale.ROOT,
                "  JVM CPU %.2f cores of %d (job, server, client: one process), load average"
                        + " %.2f -> %.2f%n",
                j.cpuCores,
                Runtime.getRuntime().availableProcessors(),
                j.loadBefore,
                j.loadAfter);
        out.printf(
                Locale.ROOT,
                "  correctness vs XGBoost4J (all %,d rows, |diff| <= %.0e x max(1, |ref|)): %s;"
                        + " max |diff| %.2e, identical as float32 %,d%n",
                j.vectors,
                TOLERANCE,
                j.problems().isEmpty() ? "OK" : "FAILED " + String.join("; ", j.problems()),
                j.maxDiff,
                j.float32Identical);
    }

    private boolean printSummary(List<JobRun> batched, JobRun perRecord, JobRun faulty) {
        List<JobRun> sorted = new ArrayList<>(batched);
        sorted.sort(Comparator.comparingDouble(JobRun::steadyPredictionsPerSecond));
        JobRun a = sorted.get(sorted.size() / 2);
        out.printf(
                Locale.ROOT,
                "%nSummary (%,d vectors per job, parallelism %d, async capacity %,d per subtask"
                        + " in every scenario%s)%n",
                options.vectors,
                PARALLELISM,
                config.asyncCapacity(),
                options.quick ? "; --quick: indicative only" : "");
        String format = "  %-34s %14s %14s %13s %12s %9s %9s%n";
        out.printf(
                Locale.ROOT,
                format,
                "scenario",
                "predictions/s",
                "(net runtime)",
                "calls/1,000",
                "rows/call",
                "p50 call",
                "p99 row");
        List<JobRun> rows = new ArrayList<>(batched);
        if (perRecord != null) {
            rows.add(perRecord);
        }
        if (faulty != null) {
            rows.add(faulty);
        }
        for (JobRun j : rows) {
            long[] calls = j.run.callLatencyNanos();
            long[] rowLatency = j.run.rowLatencyMicros();
            out.printf(
                    Locale.ROOT,
                    format,
                    shortLabel(j),
                    String.format(Locale.ROOT, "%,.0f", j.steadyPredictionsPerSecond()),
                    String.format(Locale.ROOT, "(%,.0f)", j.predictionsPerSecond()),
                    String.format(Locale.ROOT, "%.2f", j.callsPer1000()),
                    String.format(
                            Locale.ROOT,
                            "%.1f",
                            j.serverRequests == 0 ? 0.0 : (double) j.serverRows / j.serverRequests),
                    String.format(
                            Locale.ROOT, "%.1f ms", EnrichBenchRun.quantile(calls, 0.5) / 1e6),
                    String.format(
                            Locale.ROOT,
                            "%.0f ms",
                            EnrichBenchRun.quantile(rowLatency, 0.99) / 1e3));
        }
        if (perRecord != null) {
            double ratio = a.steadyPredictionsPerSecond() / perRecord.steadyPredictionsPerSecond();
            double netRatio = a.predictionsPerSecond() / perRecord.predictionsPerSecond();
            out.printf(
                    Locale.ROOT,
                    "%n  A/B predictions/s (median A run): %.1fx first->last prediction; %.1fx over"
                            + " the net job runtimes, which add the same ~2-4 s of start-up and"
                            + " shutdown to a %.0f s and a %.0f s job%n",
                    ratio,
                    netRatio,
                    a.netMillis / 1e3,
                    perRecord.netMillis / 1e3);
            out.printf(
                    Locale.ROOT,
                    "  Target >= %.0fx the per-record figure: %s (%.1fx)%n",
                    TARGET_RATIO,
                    ratio >= TARGET_RATIO ? "MET" : "NOT MET",
                    ratio);
        } else {
            out.printf(Locale.ROOT, "%n  (--no-baseline: no A/B ratio)%n");
        }
        double worstCalls = batched.stream().mapToDouble(JobRun::callsPer1000).max().orElse(0);
        out.printf(
                Locale.ROOT,
                "  Target <= %.0f InvokeEndpoint calls per 1,000 predictions: %s (%.2f median A"
                        + " run, %.2f worst A run%s)%n",
                TARGET_CALLS_PER_1000,
                worstCalls <= TARGET_CALLS_PER_1000 ? "MET" : "NOT MET",
                a.callsPer1000(),
                worstCalls,
                perRecord == null
                        ? ""
                        : String.format(Locale.ROOT, "; B makes %.0f", perRecord.callsPer1000()));
        if (faulty != null) {
            out.printf(
                    Locale.ROOT,
                    "  Faults (C): %,d throttled calls answered by the server, %,d retries, %,d of"
                            + " %,d predictions, %,d dead letters: %s%n",
                    faulty.serverErrors.getOrDefault("ThrottlingException", 0L),
                    faulty.metrics.retries,
                    faulty.run.predictions(),
                    faulty.vectors,
                    faulty.run.deadLetters(),
                    faulty.problems().isEmpty() ? "nothing lost" : "FAILED");
        }
        boolean ok = true;
        for (JobRun j : rows) {
            if (!j.problems().isEmpty()) {
                ok = false;
                out.printf(
                        Locale.ROOT, "  FAILED %s: %s%n", j.label, String.join("; ", j.problems()));
            }
        }
        out.printf(
                Locale.ROOT,
                "  Correctness (every prediction = XGBoost4J's, nothing lost or duplicated, 0"
                        + " dead letters): %s%n",
                ok ? "OK" : "FAILED");
        out.println(
                "  (Targets are reported, not enforced: the exit code is 1 only when a check"
                        + " above FAILED.)");
        return ok;
    }

    private String shortLabel(JobRun j) {
        if (j.label.startsWith("A")) {
            return "A batched, " + j.label.substring(j.label.indexOf("run "));
        }
        if (j.label.startsWith("B")) {
            return "B per record";
        }
        return String.format(Locale.ROOT, "C batched, %.1f%% throttled", options.throttlePercent);
    }

    // ---- helpers

    private static String ping(URI endpoint) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(endpoint.resolve("/ping"))
                                .timeout(Duration.ofSeconds(5))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "the model server's /ping answered " + response.statusCode());
        }
        return response.statusCode() + " " + response.body().trim();
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Best effort: a temp directory left behind does no harm.
        }
    }

    /** The inference operator's metrics of one job, summed over subtasks. */
    private static final class FunctionMetrics {
        int subtasks;
        long calls;
        long predictions;
        long retries;
        long throttles;
        long failedRows;
        long timeouts;
        long splits;
        double batchRowsMean = -1;
    }

    /** What one job did, and whether every prediction arrived once and is right. */
    private final class JobRun {
        String label;
        Scenario scenario;
        InferBenchRun run;
        long vectors;
        long wallNanos;
        long startToFirstNanos;
        long lastToEndNanos;
        long netMillis;
        double cpuCores;
        double loadBefore;
        double loadAfter;
        long serverRequests;
        long serverRows;
        final Map<String, Long> serverErrors = new HashMap<>();
        FunctionMetrics metrics = new FunctionMetrics();
        long missing;
        long mismatches;
        long float32Identical;
        double maxDiff;
        String firstMismatch;

        double predictionsPerSecond() {
            return netMillis <= 0 ? 0 : run.predictions() * 1e3 / netMillis;
        }

        double steadyPredictionsPerSecond() {
            long span = run.arrivalSpanNanos();
            return span <= 0 ? 0 : run.predictions() * 1e9 / span;
        }

        double callsPer1000() {
            return run.predictions() == 0 ? 0 : serverRequests * 1000.0 / run.predictions();
        }

        /** Compares every prediction with XGBoost4J's. */
        void check() {
            for (int i = 0; i < vectors; i++) {
                double p = run.predicted(i);
                if (Double.isNaN(p)) {
                    missing++;
                    continue;
                }
                double ref = reference[i];
                double diff = Math.abs(p - ref);
                maxDiff = Math.max(maxDiff, diff);
                if ((float) p == reference[i]) {
                    float32Identical++;
                }
                if (!(diff <= TOLERANCE * Math.max(1, Math.abs(ref)))) {
                    if (mismatches++ == 0) {
                        firstMismatch =
                                String.format(
                                        Locale.ROOT,
                                        "row %d: job %s, XGBoost4J %s",
                                        i,
                                        p,
                                        reference[i]);
                    }
                }
            }
        }

        List<String> problems() {
            List<String> p = new ArrayList<>();
            if (missing > 0) {
                p.add(missing + " vectors without a prediction");
            }
            if (mismatches > 0) {
                p.add(mismatches + " predictions differ from XGBoost4J's (" + firstMismatch + ")");
            }
            if (run.duplicates() > 0) {
                p.add(run.duplicates() + " duplicate predictions");
            }
            if (run.outOfRange() > 0) {
                p.add(run.outOfRange() + " predictions of unknown vectors");
            }
            if (run.deadLetters() > 0) {
                p.add(run.deadLetters() + " dead letters " + run.deadLetterKinds());
            }
            if (scenario == Scenario.BATCHED && metrics.calls != run.calls()) {
                p.add(
                        "the function counted "
                                + metrics.calls
                                + " calls, the client wrapper "
                                + run.calls());
            }
            if (serverRequests != run.calls()) {
                p.add(
                        "the server counted "
                                + serverRequests
                                + " requests, the client wrapper "
                                + run.calls());
            }
            return p;
        }
    }

    /** Command-line options. */
    private static final class Options {
        static final String USAGE =
                "Usage: InferenceBenchmark [--quick] [--vectors N] [--repeats R] [--assets K]"
                        + " [--throttle-percent P] [--no-warmup] [--no-baseline]\n"
                        + "  --quick               "
                        + QUICK_VECTORS
                        + " vectors, "
                        + QUICK_REPEATS
                        + " run of A; indicative only\n"
                        + "  --vectors N           vectors per job (default "
                        + DEFAULT_VECTORS
                        + ")\n"
                        + "  --repeats R           runs of scenario A, the median counts (default "
                        + DEFAULT_REPEATS
                        + ")\n"
                        + "  --assets K            pumps the vectors belong to, 1..999 (default "
                        + DEFAULT_ASSETS
                        + ")\n"
                        + "  --throttle-percent P  calls the server throttles in scenario C; 0"
                        + " skips C (default "
                        + DEFAULT_THROTTLE_PERCENT
                        + ")\n"
                        + "  --no-warmup           skip the warm-up jobs\n"
                        + "  --no-baseline         skip scenario B (no ratio; for profiling A)";

        boolean quick;
        boolean help;
        boolean warmup = true;
        boolean baseline = true;
        int vectors = -1;
        int repeats = -1;
        int assets = DEFAULT_ASSETS;
        double throttlePercent = DEFAULT_THROTTLE_PERCENT;

        /** Vectors of the warm-up job of A: enough for C2 to compile its hot paths. */
        int warmupVectors() {
            return quick ? 20_000 : 100_000;
        }

        /** Vectors of the warm-up job of B. */
        int warmupBaselineVectors() {
            return quick ? 1_000 : 5_000;
        }

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--quick":
                        o.quick = true;
                        break;
                    case "--vectors":
                        o.vectors = BenchArgs.positive(arg, BenchArgs.value(args, ++i, arg));
                        break;
                    case "--repeats":
                        o.repeats = BenchArgs.positive(arg, BenchArgs.value(args, ++i, arg));
                        break;
                    case "--assets":
                        o.assets = BenchArgs.positive(arg, BenchArgs.value(args, ++i, arg));
                        if (o.assets > 999) {
                            throw new IllegalArgumentException("--assets must be at most 999");
                        }
                        break;
                    case "--throttle-percent":
                        o.throttlePercent =
                                BenchArgs.percent(arg, BenchArgs.value(args, ++i, arg), 100, false);
                        break;
                    case "--no-warmup":
                        o.warmup = false;
                        break;
                    case "--no-baseline":
                        o.baseline = false;
                        break;
                    case "-h":
                    case "--help":
                        o.help = true;
                        break;
                    default:
                        throw new IllegalArgumentException("unknown argument: " + arg);
                }
            }
            if (o.vectors < 0) {
                o.vectors = o.quick ? QUICK_VECTORS : DEFAULT_VECTORS;
            }
            if (o.repeats < 0) {
                o.repeats = o.quick ? QUICK_REPEATS : DEFAULT_REPEATS;
            }
            return o;
        }
    }
}
