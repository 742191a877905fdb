package io.flowcast.stream.metrics;

import static io.flowcast.stream.testing.N3uronJson.message;
import static io.flowcast.stream.testing.N3uronJson.tag;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.FlowcastPipeline;
import io.flowcast.stream.SideOutputs;
import io.flowcast.stream.config.RepoPaths;
import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.deadletter.DeadLetterMetrics;
import io.flowcast.stream.deadletter.DeadLetterReason;
import io.flowcast.stream.drift.DriftBaseline;
import io.flowcast.stream.drift.DriftConfig;
import io.flowcast.stream.drift.DriftDetectionFunction;
import io.flowcast.stream.drift.DriftEvent;
import io.flowcast.stream.drift.RegistryDriftBaselines;
import io.flowcast.stream.enrich.AssetContext;
import io.flowcast.stream.enrich.AssetEnrichmentFunction;
import io.flowcast.stream.enrich.EnrichedFeatureVector;
import io.flowcast.stream.enrich.EnrichmentStatus;
import io.flowcast.stream.inference.BaselineSource;
import io.flowcast.stream.inference.BatchConfig;
import io.flowcast.stream.inference.InferenceConfig;
import io.flowcast.stream.inference.InferenceFunction;
import io.flowcast.stream.inference.InferenceRouter;
import io.flowcast.stream.inference.Prediction;
import io.flowcast.stream.inference.SageMakerInferenceClient;
import io.flowcast.stream.local.sagemaker.ModelRegistryWriter;
import io.flowcast.stream.local.sagemaker.ModelServer;
import io.flowcast.stream.local.sagemaker.TinyModels;
import io.flowcast.stream.local.stepfunctions.LocalStepFunctions;
import io.flowcast.stream.parse.ParseConfig;
import io.flowcast.stream.parse.ParseTelemetryFunction;
import io.flowcast.stream.retrain.RetrainTriggerConfig;
import io.flowcast.stream.retrain.RetrainTriggerSink;
import io.flowcast.stream.source.RawTelemetryRecord;
import io.flowcast.stream.testing.AwsTestCredentials;
import io.flowcast.stream.testing.CollectingSink;
import io.flowcast.stream.testing.MiniClusters;
import io.flowcast.stream.testing.RawRecordsGenerator;
import io.flowcast.stream.testing.ReportedMetrics;
import io.flowcast.stream.testing.WindowConfigs;
import io.flowcast.stream.window.FeatureVector;
import io.flowcast.stream.window.FeatureVectorFunction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ml.dmlc.xgboost4j.java.Booster;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's own metrics as a metric reporter receives them, from the real stages on a MiniCluster
 * (parallelism 2) with Flink's {@link InMemoryReporter}: one job runs parse and windows ({@link
 * FlowcastPipeline#builder}) on raw records, some of them not JSON; inference ({@link
 * FlowcastPipeline#infer}) through the SageMaker SDK client against the local model server, which
 * throttles some calls and does not serve one asset type; and drift detection ({@link
 * FlowcastPipeline#detectDrift}) on predictions whose residuals are far off the baseline, into
 * {@link RetrainTriggerSink} against the local Step Functions stand-in.
 *
 * <p>Every counter and numeric gauge the stack's CloudWatch alarms and dashboard use is registered
 * in group {@value FlowcastMetrics#GROUP} (the only group Managed Flink exports), none twice, and
 * each counts what the input makes it count.
 */
class FlowcastMetricsITCase {

    /** The stack template; read only, for its metric names. */
    private static final String TEMPLATE = "kda-config/flowcast-stream.cfn.yaml";

    /** The service's own metrics in {@code AWS/KinesisAnalytics}: not the job's to register. */
    private static final Set<String> SERVICE_METRICS =
            Set.of(
                    "millisBehindLatest",
                    "numberOfFailedCheckpoints",
                    "downtime",
                    "lastCheckpointDuration",
                    "uptime",
                    "fullRestarts",
                    "cpuUtilization",
                    "heapMemoryUtilization");

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            MiniClusters.twoSlots(REPORTER.addToConfiguration(new Configuration()));

    private static final String STATE_MACHINE =
            "arn:aws:states:eu-west-1:123456789012:stateMachine:flowcast-retraining";

    // Parse: gateway-style records (one per asset and tick, six signals) and some that are not
    // JSON.
    private static final int ASSETS = 2;
    private static final int TICKS = 12;
    private static final int SIGNALS = 6;
    private static final List<String> NOT_JSON = List.of("{\"Site", "not json", "{]");

    // Inference: vectors of the served type, and of a type no endpoint serves.
    private static final int SERVED = 120;
    private static final int UNSERVED = 7;

    // Drift: one model's predictions, residuals far off its baseline.
    private static final int DRIFT_WINDOWS = 40;
    private static final int PREDICTIONS_PER_WINDOW = 10;

    @TempDir static Path dir;

    private static Path modelRegistry;
    private static ModelServer modelServer;
    private static Booster booster;
    private static LocalStepFunctions stepFunctions;
    private static AwsTestCredentials credentials;
    private static Run run;

    @BeforeAll
    static void startStandIns() throws Exception {
        // Fake credentials for the SDK's default chain; the stand-ins check no signature.
        credentials = AwsTestCredentials.use("AKIAFLOWCASTITCASE00", "flowcast-itcase-secret");
        modelRegistry = Files.createDirectories(dir.resolve("models"));
        booster = TinyModels.train(0f, 30);
        new ModelRegistryWriter(modelRegistry)
                .registerNext(
                        TinyModels.metadata(TinyModels.ASSET_TYPE), booster.toByteArray("ubj"));
        modelServer = ModelServer.builder(modelRegistry).port(0).start();
        stepFunctions =
                LocalStepFunctions.builder().stateMachine(STATE_MACHINE, execution -> "{}").start();
    }

    @AfterAll
    static void stopStandIns() throws Exception {
        if (stepFunctions != null) {
            stepFunctions.close();
        }
        if (modelServer != null) {
            modelServer.close();
        }
        if (booster != null) {
            booster.dispose();
        }
        if (credentials != null) {
            credentials.close();
        }
    }

    @Test
    void parseCountsEveryRecordReadAndEveryDeadLetter() throws Exception {
        Run r = run();
        ReportedMetrics m = r.metrics;
        int records = ASSETS * TICKS + NOT_JSON.size();

        assertThat(m.counter(ParseTelemetryFunction.METRIC_RECORDS)).isEqualTo(records);
        assertThat(m.counter(ParseTelemetryFunction.METRIC_SAMPLES))
                .isEqualTo(ASSETS * TICKS * SIGNALS);
        assertThat(m.counter(DeadLetterMetrics.BY_REASON_PREFIX + DeadLetterReason.INVALID_JSON))
                .isEqualTo(NOT_JSON.size());
        // Summed over every stage that rejects: parse here, inference in the other branch.
        assertThat(m.counter(DeadLetterMetrics.TOTAL))
                .isEqualTo(r.parseDeadLetters.size() + r.inferenceDeadLetters.size());
        assertThat(r.parseDeadLetters)
                .filteredOn(d -> d.reason == DeadLetterReason.INVALID_JSON)
                .hasSize(NOT_JSON.size());
        assertThat(m.counter(FeatureVectorFunction.METRIC_VECTORS))
                .isEqualTo(r.vectors.size())
                .isPositive();
    }

    @Test
    void inferenceCountsPredictionsFailedRowsAndThrottles() throws Exception {
        Run r = run();
        ReportedMetrics m = r.metrics;

        assertThat(m.counter(InferenceFunction.METRIC_PREDICTIONS))
                .isEqualTo(r.predictions.size())
                .isPositive();
        // The unserved type's rows fail (validation error, not retried); nothing else is lost.
        assertThat(m.counter(InferenceFunction.METRIC_FAILED_ROWS))
                .isEqualTo(r.inferenceDeadLetters.size())
                .isGreaterThanOrEqualTo(UNSERVED)
                .isEqualTo(SERVED + UNSERVED - r.predictions.size());
        // Every throttled call was retried (25 attempts, a 20 s deadline): one count each.
        assertThat(m.counter(InferenceFunction.METRIC_THROTTLES))
                .isEqualTo(r.throttledCalls)
                .isPositive();
        assertThat(m.exported(InferenceFunction.METRIC_OPEN_CIRCUITS)).hasSize(2); // 2 subtasks
        assertThat(m.gauge(InferenceFunction.METRIC_OPEN_CIRCUITS)).isZero();
    }

    @Test
    void driftCountsItsEventsAndTheRetrainSinkTheRunsItStarted() throws Exception {
        Run r = run();
        ReportedMetrics m = r.metrics;

        assertThat(m.counter(DriftDetectionFunction.METRIC_EVENTS))
                .isEqualTo(r.driftEvents.size())
                .isPositive();
        assertThat(m.counter(RetrainTriggerSink.METRIC_STARTED))
                .isEqualTo(stepFunctions.executions().size())
                .isPositive();
        assertThat(
                        m.counter(RetrainTriggerSink.METRIC_STARTED)
                                + m.counter(RetrainTriggerSink.METRIC_DEDUPLICATED))
                .isEqualTo(r.driftEvents.size());
        assertThat(m.counter(RetrainTriggerSink.METRIC_START_FAILURES)).isZero();
    }

    @Test
    void noMetricIsRegisteredTwiceAndOnlyTheJsonPreviewsStayOutsideTheGroup() throws Exception {
        ReportedMetrics m = run().metrics;

        assertThat(m.otherNames()).doesNotContainAnyElementsOf(m.exportedNames());
        assertThat(m.otherNames())
                .contains(
                        FeatureVectorFunction.METRIC_LAST_VECTOR,
                        InferenceFunction.METRIC_LAST_PREDICTION);
        assertThat(m.exportedNames())
                .doesNotContain(
                        FeatureVectorFunction.METRIC_LAST_VECTOR,
                        AssetEnrichmentFunction.METRIC_LAST_ENRICHED,
                        InferenceFunction.METRIC_LAST_PREDICTION);
    }

    @Test
    void everyJobMetricTheStackAlarmsOnOrChartsIsExported() throws Exception {
        Set<String> template = templateMetricNames();
        // The alarms named in the stack's description: the template was read as it is laid out.
        assertThat(template)
                .contains(
                        "deadLetters",
                        "recordsRead",
                        "inferenceFailedRows",
                        "inferenceOpenCircuits",
                        "driftEvents");

        assertThat(run().metrics.exportedNames()).containsAll(template);
    }

    /**
     * The names of the {@code AWS/KinesisAnalytics} metrics in the template's alarms ({@code
     * Namespace} then {@code MetricName}) and dashboard ({@code ["AWS/KinesisAnalytics", "<name>",
     * ...]}), without the service's own.
     */
    private static Set<String> templateMetricNames() throws IOException {
        String text =
                Files.readString(RepoPaths.repoDir().resolve(TEMPLATE), StandardCharsets.UTF_8);
        Set<String> names = new TreeSet<>();
        Matcher alarm =
                Pattern.compile("Namespace: AWS/KinesisAnalytics\\s+MetricName: (\\w+)")
                        .matcher(text);
        while (alarm.find()) {
            names.add(alarm.group(1));
        }
        Matcher widget = Pattern.compile("\"AWS/KinesisAnalytics\", \"(\\w+)\"").matcher(text);
        while (widget.find()) {
            names.add(widget.group(1));
        }
        names.removeAll(SERVICE_METRICS);
        return names;
    }

    /** Runs the job once, for all tests. */
    private static synchronized Run run() throws Exception {
        if (run == null) {
            run = new Run();
        }
        return run;
    }

    /** The one job's sinks and metrics. */
    private static final class Run {
        final List<FeatureVector> vectors;
        final List<DeadLetter> parseDeadLetters;
        final List<Prediction> predictions;
        final List<DeadLetter> inferenceDeadLetters;
        final List<DriftEvent> driftEvents;
        final long throttledCalls;
        final ReportedMetrics metrics;

        Run() throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);

            CollectingSink<FeatureVector> vectorSink = new CollectingSink<>();
            CollectingSink<DeadLetter> parseDeadLetterSink = new CollectingSink<>();
            List<String> records = records();
            FlowcastPipeline.builder()
                    .parseConfig(ParseConfig.defaults())
                    .windowConfig(WindowConfigs.defaults())
                    .source(
                            new DataGeneratorSource<>(
                                    new RawRecordsGenerator(records),
                                    records.size(),
                                    RateLimiterStrategy.noOp(),
                                    TypeInformation.of(RawTelemetryRecord.class)))
                    .featureVectorSink(vectorSink)
                    .deadLetterSink(parseDeadLetterSink)
                    .build()
                    .build(env);

            CollectingSink<Prediction> predictionSink = new CollectingSink<>();
            CollectingSink<DeadLetter> inferenceDeadLetterSink = new CollectingSink<>();
            float[] rows = TinyModels.rows(SERVED, 11);
            DataStream<EnrichedFeatureVector> enriched =
                    env.fromSource(
                            new DataGeneratorSource<>(
                                    new Vectors(rows),
                                    SERVED + UNSERVED,
                                    RateLimiterStrategy.noOp(),
                                    TypeInformation.of(EnrichedFeatureVector.class)),
                            WatermarkStrategy.noWatermarks(),
                            "vectors");
            SingleOutputStreamOperator<Prediction> predictions =
                    FlowcastPipeline.infer(
                            enriched,
                            inferenceConfig(),
                            SageMakerInferenceClient.factory(
                                    "us-east-1", modelServer.endpoint(), 16, Duration.ofSeconds(5)),
                            16_384);
            predictions.sinkTo(predictionSink);
            predictions.getSideOutput(SideOutputs.DEAD_LETTERS).sinkTo(inferenceDeadLetterSink);

            CollectingSink<DriftEvent> driftEventSink = new CollectingSink<>();
            Path registry = driftRegistry();
            SingleOutputStreamOperator<DriftEvent> events =
                    FlowcastPipeline.detectDrift(
                            env.fromData(
                                    driftingPredictions(registry),
                                    TypeInformation.of(Prediction.class)),
                            DriftConfig.defaults(),
                            new RegistryDriftBaselines(registry.toUri().toString()));
            events.sinkTo(driftEventSink);
            events.sinkTo(
                            RetrainTriggerSink.create(
                                    RetrainTriggerConfig.builder(STATE_MACHINE)
                                            .endpointOverride(stepFunctions.endpoint())
                                            .cooldown(Duration.ZERO)
                                            .build()))
                    .setParallelism(1)
                    .name("retrain trigger");

            long throttledBefore = throttledCalls();
            modelServer.faults().setThrottleRate(0.4);
            JobExecutionResult result;
            try {
                result = env.execute("flowcast metrics ITCase");
            } finally {
                modelServer.faults().reset();
            }

            vectors = vectorSink.values();
            parseDeadLetters = parseDeadLetterSink.values();
            this.predictions = predictionSink.values();
            inferenceDeadLetters = inferenceDeadLetterSink.values();
            driftEvents = driftEventSink.values();
            throttledCalls = throttledCalls() - throttledBefore;
            metrics = ReportedMetrics.of(REPORTER, result.getJobID());
        }
    }

    private static long throttledCalls() {
        return modelServer.stats("flowcast-pump").errors("ThrottlingException");
    }

    /** Records an hour old (well inside the parser's age limit), valid ones first. */
    private static List<String> records() {
        long now = System.currentTimeMillis();
        long t0 = now - 3_600_000 - (now % 60_000);
        List<String> records = new ArrayList<>();
        for (int tick = 0; tick < TICKS; tick++) {
            for (int asset = 0; asset < ASSETS; asset++) {
                long ts = t0 + tick * 10_000L;
                String a = String.format("SiteA/Line1/Pump-%03d/", asset);
                records.add(
                        message(
                                tag(a + "Load", 50 + tick, ts),
                                tag(a + "AmbientTemp", 20, ts),
                                tag(a + "Flow", 100, ts),
                                tag(a + "DischargePressure", 4, ts),
                                tag(a + "Vibration", 1, ts),
                                tag(a + "BearingTemp", 60, ts)));
            }
        }
        records.addAll(NOT_JSON);
        return records;
    }

    private static InferenceConfig inferenceConfig() {
        BatchConfig batch =
                new BatchConfig(
                        5, // at least 24 calls: no throttle at all has a chance of 0.6^24 < 1e-5
                        Duration.ofMillis(20),
                        1 << 20,
                        25, // all 25 throttled: 0.4^25 < 1e-9
                        Duration.ofMillis(5),
                        Duration.ofMillis(100),
                        Duration.ofSeconds(20),
                        1_000, // keep the circuit closed: throttling is not an outage here
                        Duration.ofSeconds(1),
                        null);
        return new InferenceConfig(
                InferenceRouter.defaults(),
                batch,
                batch.deadline().plusSeconds(10),
                200,
                3.0,
                BaselineSource.fixed(Map.of("pump", 0.25)));
    }

    /** The pump v0001 baseline of the test resources, in a registry directory of its own. */
    private static Path driftRegistry() throws IOException {
        Path registry = dir.resolve("drift-registry");
        Path version = Files.createDirectories(registry.resolve("pump").resolve("v0001"));
        for (String file : List.of(DriftBaseline.STATISTICS_FILE, DriftBaseline.CONSTRAINTS_FILE)) {
            try (InputStream in =
                    FlowcastMetricsITCase.class.getResourceAsStream("/drift/pump-v0001/" + file)) {
                Files.copy(in, version.resolve(file));
            }
        }
        return registry;
    }

    /** One model's predictions, residuals about 500 training standard deviations off (std ~2). */
    private static List<Prediction> driftingPredictions(Path registry) {
        List<String> features =
                DriftBaseline.read(registry.resolve("pump/v0001"), "pump", "v0001").featureNames();
        List<Prediction> predictions = new ArrayList<>();
        long t0 = 1_732_240_000_000L;
        for (int w = 0; w < DRIFT_WINDOWS; w++) {
            for (int i = 0; i < PREDICTIONS_PER_WINDOW; i++) {
                Prediction p = new Prediction();
                p.assetId = "SiteA/Line1/Pump-00" + i;
                p.assetType = "pump";
                p.modelVersion = "v0001";
                p.windowStart = t0 + w * 60_000L;
                p.windowEnd = p.windowStart + 60_000L;
                p.featureNames = features.toArray(new String[0]);
                p.features = new Double[features.size()];
                Arrays.fill(p.features, 1.0);
                p.residual = 1_000.0 + i;
                predictions.add(p);
            }
        }
        return predictions;
    }

    /**
     * Vector i: a pump vector carrying row i of the model's test rows, or (from {@value #SERVED}
     * on) a compressor vector, a type no endpoint serves.
     */
    private static final class Vectors implements GeneratorFunction<Long, EnrichedFeatureVector> {
        private static final long serialVersionUID = 1L;
        private final float[] rows;

        Vectors(float[] rows) {
            this.rows = rows.clone();
        }

        @Override
        public EnrichedFeatureVector map(Long index) {
            int i = index.intValue();
            boolean served = i < SERVED;
            String type = served ? TinyModels.ASSET_TYPE : "compressor";
            FeatureVector v = new FeatureVector();
            v.assetId = "SiteA/Line1/" + type + "-" + (i % 3);
            v.assetType = type;
            v.specVersion = 1;
            v.windowStart = i * 60_000L;
            v.windowEnd = v.windowStart + 60_000;
            v.featureNames = TinyModels.FEATURES.toArray(new String[0]);
            v.features = new Double[v.featureNames.length];
            for (int f = 0; f < v.features.length; f++) {
                float x = served ? rows[i * v.features.length + f] : 1f;
                v.features[f] = Float.isNaN(x) ? null : (double) x;
            }
            v.carriedForward = new String[0];
            v.missingSignals = new String[0];
            v.signals = new String[] {"Load", "Speed", "Vibration", "BearingTemp"};
            v.signalSampleCounts = new int[] {60, 60, 60, 60};
            v.sampleCount = 240;
            v.targetSignal = "BearingTemp";
            v.targetStatistic = "mean";
            v.targetActual = 60.0;
            EnrichedFeatureVector e = new EnrichedFeatureVector();
            e.vector = v;
            e.asset =
                    AssetContext.builder(v.assetId)
                            .assetType(type)
                            .site("SiteA")
                            .line("Line1")
                            .active(true)
                            .build();
            e.enrichment = EnrichmentStatus.ENRICHED;
            return e;
        }
    }
}
