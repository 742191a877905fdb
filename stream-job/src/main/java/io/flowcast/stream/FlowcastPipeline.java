package io.flowcast.stream;

import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.drift.DriftConfig;
import io.flowcast.stream.drift.DriftDetectionFunction;
import io.flowcast.stream.drift.DriftEvent;
import io.flowcast.stream.drift.DriftMonitor;
import io.flowcast.stream.enrich.AssetContextClientFactory;
import io.flowcast.stream.enrich.AssetEnrichmentFunction;
import io.flowcast.stream.enrich.EnrichConfig;
import io.flowcast.stream.enrich.EnrichedFeatureVector;
import io.flowcast.stream.enrich.EnrichmentOutcomeFunction;
import io.flowcast.stream.inference.InferenceClientFactory;
import io.flowcast.stream.inference.InferenceConfig;
import io.flowcast.stream.inference.InferenceFunction;
import io.flowcast.stream.inference.InferenceOutcomeFunction;
import io.flowcast.stream.inference.InferenceResult;
import io.flowcast.stream.inference.Prediction;
import io.flowcast.stream.parse.ParseConfig;
import io.flowcast.stream.parse.ParseTelemetryFunction;
import io.flowcast.stream.parse.TelemetrySample;
import io.flowcast.stream.source.RawTelemetryRecord;
import io.flowcast.stream.window.AssetTypeGateFunction;
import io.flowcast.stream.window.FeatureAccumulator;
import io.flowcast.stream.window.FeatureAggregateFunction;
import io.flowcast.stream.window.FeatureVector;
import io.flowcast.stream.window.FeatureVectorFunction;
import io.flowcast.stream.window.WindowConfig;
import io.flowcast.stream.window.WindowDeadLetters;
import io.flowcast.stream.window.WindowWatermarks;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Builds the Flowcast dataflow graph. Sources and sinks are arguments: {@link FlowcastJob} passes
 * Kinesis and files, the local run the same against emulators, and tests in-memory ones.
 *
 * <pre>
 *   source (raw Kinesis records)
 *     -> parse + validate ............................ samples
 *     -> asset-type gate (feature spec known?)
 *     -> event time: bounded out-of-orderness + idleness watermarks
 *     -> key by asset -> event-time window -> incremental statistics -> feature vector
 *     -> async asset-context lookup (asset register, cached) -> enriched feature vector
 *     -> async, batched SageMaker inference -> prediction
 *     -> key by model (asset type, version) -> drift detection against the model's training
 *        baseline -> drift events (their own stream beside the predictions: drift tables,
 *        retraining trigger)
 *   dead letters of every stage (parse, unknown asset type, late samples, enrichment) -> dead-letter
 *   sink
 * </pre>
 *
 * <p>Every operator has a stable uid so savepoints survive graph changes.
 */
public final class FlowcastPipeline {

    /** Operator uids; never change one once released (savepoint compatibility). */
    public static final String UID_SOURCE = "kinesis-telemetry-source";

    public static final String UID_PARSE = "parse-telemetry";
    public static final String UID_SAMPLE_SINK = "sample-sink";
    public static final String UID_ASSET_TYPE_GATE = "asset-type-gate";
    public static final String UID_WATERMARKS = "event-time-watermarks";
    public static final String UID_FEATURE_WINDOWS = "feature-windows";
    public static final String UID_LATE_SAMPLES = "late-samples";
    public static final String UID_FEATURE_VECTOR_SINK = "feature-vector-sink";
    public static final String UID_ENRICHMENT = "asset-enrichment";
    public static final String UID_ENRICHMENT_OUTCOME = "enrichment-outcome";
    public static final String UID_ENRICHED_VECTOR_SINK = "enriched-vector-sink";
    public static final String UID_INFERENCE = "sagemaker-inference";
    public static final String UID_INFERENCE_OUTCOME = "inference-outcome";
    public static final String UID_PREDICTION_SINK = "prediction-sink";
    public static final String UID_DEAD_LETTER_SINK = "dead-letter-sink";
    public static final String UID_DRIFT = "drift-detection";
    public static final String UID_DRIFT_EVENT_SINK = "drift-event-sink";

    /** Operator names as shown in the Flink UI and in metric scopes. */
    public static final String NAME_PARSE = "Parse telemetry";

    public static final String NAME_FEATURE_WINDOWS = "Feature windows";

    public static final String NAME_ENRICHMENT = "Asset context";

    public static final String NAME_INFERENCE = "SageMaker inference";

    public static final String NAME_DRIFT = "Drift detection";

    private final ParseConfig parseConfig;
    private final WindowConfig windowConfig;
    private final Source<RawTelemetryRecord, ?, ?> source;
    private final List<NamedSink<FeatureVector>> featureVectorSinks;
    private final EnrichConfig enrichConfig;
    private final AssetContextClientFactory assetContextClients;
    private final Sink<EnrichedFeatureVector> enrichedVectorSink;
    private final InferenceConfig inferenceConfig;
    private final InferenceClientFactory inferenceClients;
    private final List<NamedSink<Prediction>> predictionSinks;
    private final List<NamedSink<DeadLetter>> deadLetterSinks;
    private final DriftConfig driftConfig;
    private final DriftMonitor.BaselineLoader driftBaselines;
    private final List<NamedSink<DriftEvent>> driftEventSinks;
    private final Sink<TelemetrySample> sampleSink;

    private FlowcastPipeline(Builder b) {
        this.parseConfig = Objects.requireNonNull(b.parseConfig, "parseConfig");
        this.windowConfig = Objects.requireNonNull(b.windowConfig, "windowConfig");
        this.source = Objects.requireNonNull(b.source, "source");
        this.featureVectorSinks = List.copyOf(b.featureVectorSinks);
        this.enrichConfig = b.enrichConfig;
        this.assetContextClients = b.assetContextClients;
        this.enrichedVectorSink = b.enrichedVectorSink;
        this.inferenceConfig = b.inferenceConfig;
        this.inferenceClients = b.inferenceClients;
        this.predictionSinks = List.copyOf(b.predictionSinks);
        this.deadLetterSinks = List.copyOf(b.deadLetterSinks);
        if (deadLetterSinks.isEmpty()) {
            throw new IllegalArgumentException("dead letters need at least one sink");
        }
        this.sampleSink = b.sampleSink;
        this.driftConfig = b.driftConfig;
        this.driftBaselines = b.driftBaselines;
        this.driftEventSinks = List.copyOf(b.driftEventSinks);
        boolean drift = driftConfig != null || driftBaselines != null || !driftEventSinks.isEmpty();
        if (drift && (driftConfig == null || driftBaselines == null || driftEventSinks.isEmpty())) {
            throw new IllegalArgumentException(
                    "the drift stage needs driftConfig, driftBaselines and a driftEventSink"
                            + " together");
        }
        boolean enrichment = enrichConfig != null || assetContextClients != null;
        if (enrichment && (enrichConfig == null || assetContextClients == null)) {
            throw new IllegalArgumentException(
                    "the enrichment stage needs enrichConfig and assetContextClients together");
        }
        boolean inference =
                inferenceConfig != null || inferenceClients != null || !predictionSinks.isEmpty();
        if (inference
                && (inferenceConfig == null
                        || inferenceClients == null
                        || predictionSinks.isEmpty())) {
            throw new IllegalArgumentException(
                    "the inference stage needs inferenceConfig, inferenceClients and"
                            + " predictionSink together");
        }
        if (drift && !inference) {
            throw new IllegalArgumentException("the drift stage needs the inference stage");
        }
        if (inference && !enrichment) {
            throw new IllegalArgumentException("the inference stage needs the enrichment stage");
        }
        if (enrichment && !inference && enrichedVectorSink == null) {
            throw new IllegalArgumentException(
                    "nothing consumes the enriched vectors: set the inference stage or an"
                            + " enrichedVectorSink");
        }
        if (!enrichment && featureVectorSinks.isEmpty()) {
            throw new IllegalArgumentException(
                    "nothing consumes the feature vectors: set the enrichment stage or a"
                            + " featureVectorSink");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Adds the pipeline to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        SingleOutputStreamOperator<TelemetrySample> samples =
                env.fromSource(
                                source,
                                WatermarkStrategy.noWatermarks(),
                                "Kinesis telemetry",
                                // KinesisStreamsSource (4.3.0) does not expose its produced type.
                                TypeInformation.of(RawTelemetryRecord.class))
                        .uid(UID_SOURCE)
                        .process(new ParseTelemetryFunction(parseConfig))
                        .name(NAME_PARSE)
                        .uid(UID_PARSE);
        if (sampleSink != null) {
            samples.sinkTo(sampleSink).name("Samples").uid(UID_SAMPLE_SINK);
        }

        SingleOutputStreamOperator<TelemetrySample> typed =
                samples.process(
                                new AssetTypeGateFunction(
                                        windowConfig.assetTypeRules(),
                                        parseConfig.deadLetterPayloadMaxBytes()))
                        .name("Asset type gate")
                        .uid(UID_ASSET_TYPE_GATE);

        SingleOutputStreamOperator<FeatureVector> vectors =
                typed.assignTimestampsAndWatermarks(WindowWatermarks.strategy(windowConfig))
                        .name("Event time")
                        .uid(UID_WATERMARKS)
                        .keyBy(sample -> sample.assetId)
                        .window(WindowWatermarks.assigner(windowConfig))
                        .allowedLateness(windowConfig.allowedLateness())
                        .sideOutputLateData(SideOutputs.LATE_SAMPLES)
                        .aggregate(
                                new FeatureAggregateFunction(windowConfig),
                                new FeatureVectorFunction(windowConfig),
                                TypeInformation.of(FeatureAccumulator.class),
                                TypeInformation.of(FeatureAccumulator.class),
                                TypeInformation.of(FeatureVector.class))
                        .name(NAME_FEATURE_WINDOWS)
                        .uid(UID_FEATURE_WINDOWS);
        for (NamedSink<FeatureVector> sink : featureVectorSinks) {
            sink.attach(vectors);
        }
        DataStream<DeadLetter> enrichmentDeadLetters = null;
        if (assetContextClients != null) {
            SingleOutputStreamOperator<EnrichedFeatureVector> enriched =
                    enrich(
                            vectors,
                            enrichConfig,
                            assetContextClients,
                            parseConfig.deadLetterPayloadMaxBytes());
            if (enrichedVectorSink != null) {
                enriched.sinkTo(enrichedVectorSink)
                        .name("Enriched feature vectors")
                        .uid(UID_ENRICHED_VECTOR_SINK);
            }
            enrichmentDeadLetters = enriched.getSideOutput(SideOutputs.DEAD_LETTERS);
            if (inferenceConfig != null) {
                SingleOutputStreamOperator<Prediction> predictions =
                        infer(
                                enriched,
                                inferenceConfig,
                                inferenceClients,
                                parseConfig.deadLetterPayloadMaxBytes());
                for (NamedSink<Prediction> sink : predictionSinks) {
                    sink.attach(predictions);
                }
                if (driftConfig != null) {
                    DataStream<DriftEvent> driftEvents =
                            detectDrift(predictions, driftConfig, driftBaselines);
                    for (NamedSink<DriftEvent> sink : driftEventSinks) {
                        sink.attach(driftEvents);
                    }
                }
                enrichmentDeadLetters =
                        enrichmentDeadLetters.union(
                                predictions.getSideOutput(SideOutputs.DEAD_LETTERS));
            }
        }

        DataStream<DeadLetter> late =
                vectors.getSideOutput(SideOutputs.LATE_SAMPLES)
                        .map(
                                new WindowDeadLetters.LateSamples(
                                        windowConfig, parseConfig.deadLetterPayloadMaxBytes()))
                        .name("Late samples")
                        .uid(UID_LATE_SAMPLES);
        DataStream<DeadLetter> deadLetters =
                samples.getSideOutput(SideOutputs.DEAD_LETTERS)
                        .union(typed.getSideOutput(SideOutputs.DEAD_LETTERS), late);
        if (enrichmentDeadLetters != null) {
            deadLetters = deadLetters.union(enrichmentDeadLetters);
        }
        for (NamedSink<DeadLetter> sink : deadLetterSinks) {
            sink.attach(deadLetters);
        }
    }

    /**
     * The enrichment stage: an async lookup of each vector's asset context (unordered: a window
     * never waits for another asset's lookup), then the configured flag/dead-letter routing. The
     * result carries the stage's dead letters on {@link SideOutputs#DEAD_LETTERS}.
     */
    public static SingleOutputStreamOperator<EnrichedFeatureVector> enrich(
            DataStream<FeatureVector> vectors,
            EnrichConfig config,
            AssetContextClientFactory clients,
            int deadLetterPayloadMaxBytes) {
        return AsyncDataStream.unorderedWait(
                        vectors,
                        new AssetEnrichmentFunction(config, clients),
                        config.asyncTimeout().toMillis(),
                        TimeUnit.MILLISECONDS,
                        config.asyncCapacity())
                .returns(TypeInformation.of(EnrichedFeatureVector.class))
                .name(NAME_ENRICHMENT)
                .uid(UID_ENRICHMENT)
                .process(new EnrichmentOutcomeFunction(config, deadLetterPayloadMaxBytes))
                .name("Enrichment outcome")
                .uid(UID_ENRICHMENT_OUTCOME);
    }

    /**
     * The inference stage: batched, retried SageMaker calls through async I/O (unordered), then
     * failures to dead letters. The result carries them on {@link SideOutputs#DEAD_LETTERS}.
     */
    public static SingleOutputStreamOperator<Prediction> infer(
            DataStream<EnrichedFeatureVector> enriched,
            InferenceConfig config,
            InferenceClientFactory clients,
            int deadLetterPayloadMaxBytes) {
        return AsyncDataStream.unorderedWait(
                        enriched,
                        new InferenceFunction(config, clients),
                        config.asyncTimeout().toMillis(),
                        TimeUnit.MILLISECONDS,
                        config.asyncCapacity())
                .returns(TypeInformation.of(InferenceResult.class))
                .name(NAME_INFERENCE)
                .uid(UID_INFERENCE)
                .process(new InferenceOutcomeFunction(deadLetterPayloadMaxBytes))
                .returns(TypeInformation.of(Prediction.class))
                .name("Inference outcome")
                .uid(UID_INFERENCE_OUTCOME);
    }

    /**
     * The drift stage: predictions keyed by model (asset type and version), each model's live
     * features and residuals compared with its training baseline; the result is the drift events, a
     * stream of their own beside the predictions.
     */
    public static SingleOutputStreamOperator<DriftEvent> detectDrift(
            DataStream<Prediction> predictions,
            DriftConfig config,
            DriftMonitor.BaselineLoader baselines) {
        return predictions
                .keyBy(DriftDetectionFunction::keyOf)
                .process(new DriftDetectionFunction(config, baselines))
                .returns(TypeInformation.of(DriftEvent.class))
                .name(NAME_DRIFT)
                .uid(UID_DRIFT);
    }

    /** Collects the pipeline's configuration, source and sinks. */
    public static final class Builder {
        private ParseConfig parseConfig;
        private WindowConfig windowConfig;
        private Source<RawTelemetryRecord, ?, ?> source;
        private final List<NamedSink<FeatureVector>> featureVectorSinks = new ArrayList<>();
        private EnrichConfig enrichConfig;
        private AssetContextClientFactory assetContextClients;
        private Sink<EnrichedFeatureVector> enrichedVectorSink;
        private InferenceConfig inferenceConfig;
        private InferenceClientFactory inferenceClients;
        private final List<NamedSink<Prediction>> predictionSinks = new ArrayList<>();
        private final List<NamedSink<DeadLetter>> deadLetterSinks = new ArrayList<>();
        private DriftConfig driftConfig;
        private DriftMonitor.BaselineLoader driftBaselines;
        private final List<NamedSink<DriftEvent>> driftEventSinks = new ArrayList<>();
        private Sink<TelemetrySample> sampleSink;

        private Builder() {}

        public Builder parseConfig(ParseConfig value) {
            this.parseConfig = value;
            return this;
        }

        public Builder windowConfig(WindowConfig value) {
            this.windowConfig = value;
            return this;
        }

        public Builder source(Source<RawTelemetryRecord, ?, ?> value) {
            this.source = value;
            return this;
        }

        /** Optional: also receive the windows' feature vectors before enrichment. */
        public Builder featureVectorSink(Sink<FeatureVector> value) {
            featureVectorSinks.add(
                    new NamedSink<>("Feature vectors", UID_FEATURE_VECTOR_SINK, value));
            return this;
        }

        /**
         * Adds a feature-vector sink named {@code id} (operator uid {@code
         * feature-vector-sink-<id>}; keep the id stable across releases).
         */
        public Builder featureVectorSink(String id, Sink<FeatureVector> value) {
            featureVectorSinks.add(
                    NamedSink.of("Feature vectors", UID_FEATURE_VECTOR_SINK, id, value));
            return this;
        }

        /** The enrichment stage's settings; set together with the next two. */
        public Builder enrichConfig(EnrichConfig value) {
            this.enrichConfig = value;
            return this;
        }

        /** Where asset context comes from: Aurora in production, fakes in tests. */
        public Builder assetContextClients(AssetContextClientFactory value) {
            this.assetContextClients = value;
            return this;
        }

        /** Optional: also receive the enriched vectors before inference. */
        public Builder enrichedVectorSink(Sink<EnrichedFeatureVector> value) {
            this.enrichedVectorSink = value;
            return this;
        }

        /** The inference stage's settings; set together with the next two. */
        public Builder inferenceConfig(InferenceConfig value) {
            this.inferenceConfig = value;
            return this;
        }

        /** Where predictions come from: SageMaker in production, fakes in tests. */
        public Builder inferenceClients(InferenceClientFactory value) {
            this.inferenceClients = value;
            return this;
        }

        public Builder predictionSink(Sink<Prediction> value) {
            predictionSinks.add(new NamedSink<>("Predictions", UID_PREDICTION_SINK, value));
            return this;
        }

        /**
         * Adds a prediction sink named {@code id} (operator uid {@code prediction-sink-<id>}; keep
         * the id stable across releases).
         */
        public Builder predictionSink(String id, Sink<Prediction> value) {
            predictionSinks.add(NamedSink.of("Predictions", UID_PREDICTION_SINK, id, value));
            return this;
        }

        public Builder deadLetterSink(Sink<DeadLetter> value) {
            deadLetterSinks.add(new NamedSink<>("Dead letters", UID_DEAD_LETTER_SINK, value));
            return this;
        }

        /**
         * Adds a dead-letter sink named {@code id} (operator uid {@code dead-letter-sink-<id>};
         * keep the id stable across releases).
         */
        public Builder deadLetterSink(String id, Sink<DeadLetter> value) {
            deadLetterSinks.add(NamedSink.of("Dead letters", UID_DEAD_LETTER_SINK, id, value));
            return this;
        }

        /** The drift stage's thresholds; set together with the next two (needs inference). */
        public Builder driftConfig(DriftConfig value) {
            this.driftConfig = value;
            return this;
        }

        /** Where each model version's training baseline comes from: the model registry. */
        public Builder driftBaselines(DriftMonitor.BaselineLoader value) {
            this.driftBaselines = value;
            return this;
        }

        /**
         * Adds a drift-event sink named {@code id} (operator uid {@code drift-event-sink-<id>};
         * keep the id stable across releases).
         */
        public Builder driftEventSink(String id, Sink<DriftEvent> value) {
            driftEventSinks.add(NamedSink.of("Drift events", UID_DRIFT_EVENT_SINK, id, value));
            return this;
        }

        /**
         * Adds a drift-event sink that runs as a single subtask: one writer sees every event, as a
         * per-model cooldown kept in the writer needs.
         */
        public Builder singleDriftEventSink(String id, Sink<DriftEvent> value) {
            driftEventSinks.add(
                    NamedSink.of("Drift events", UID_DRIFT_EVENT_SINK, id, value).single());
            return this;
        }

        /** Optional: also receive every validated sample (tests and diagnostics). */
        public Builder sampleSink(Sink<TelemetrySample> value) {
            this.sampleSink = value;
            return this;
        }

        public FlowcastPipeline build() {
            return new FlowcastPipeline(this);
        }
    }

    /** A sink with its operator name and uid. */
    private static final class NamedSink<T> {
        private final String name;
        private final String uid;
        private final Sink<T> sink;
        private final boolean single;

        NamedSink(String name, String uid, Sink<T> sink) {
            this(name, uid, sink, false);
        }

        private NamedSink(String name, String uid, Sink<T> sink, boolean single) {
            this.name = name;
            this.uid = uid;
            this.sink = Objects.requireNonNull(sink, uid);
            this.single = single;
        }

        /** The same sink as one subtask. */
        NamedSink<T> single() {
            return new NamedSink<>(name, uid, sink, true);
        }

        static <T> NamedSink<T> of(String kind, String uidPrefix, String id, Sink<T> sink) {
            if (id == null || !id.matches("[a-z][a-z0-9-]*")) {
                throw new IllegalArgumentException(
                        "sink id must be lower-case letters, digits and '-': " + id);
            }
            return new NamedSink<>(kind + ": " + id, uidPrefix + "-" + id, sink);
        }

        void attach(DataStream<T> stream) {
            DataStreamSink<T> attached = stream.sinkTo(sink).name(name).uid(uid);
            if (single) {
                attached.setParallelism(1);
            }
        }
    }
}
