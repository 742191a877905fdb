package io.flowcast.stream.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.stream.FlowcastPipeline;
import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.deadletter.DeadLetterReason;
import io.flowcast.stream.enrich.EnrichedFeatureVector;
import io.flowcast.stream.local.LoopbackCredentials;
import io.flowcast.stream.local.sagemaker.EndpointStats;
import io.flowcast.stream.local.sagemaker.ModelRegistryWriter;
import io.flowcast.stream.local.sagemaker.ModelServer;
import io.flowcast.stream.local.sagemaker.TinyModels;
import io.flowcast.stream.testing.CollectingSink;
import io.flowcast.stream.testing.MiniClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The inference stage as the pipeline wires it ({@link FlowcastPipeline#infer}) on a MiniCluster,
 * through the real SageMaker runtime SDK client, against the local model server serving a real
 * XGBoost model: every prediction equals XGBoost4J's own prediction for the same row, and with
 * throttling, 503s and model errors injected by the server nothing is lost (every vector is a
 * prediction or a dead letter with its reason).
 */
class InferenceITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    private static final int VECTORS = 400;
    private static final long SEED = 11;

    private static Path registry;
    private static ModelServer server;
    private static Booster booster;
    private static float[] rows;

    @BeforeAll
    static void startModelServer() throws Exception {
        registry = Files.createTempDirectory("flowcast-inference-it-");
        booster = TinyModels.train(0f, 30);
        new ModelRegistryWriter(registry)
                .registerNext(
                        TinyModels.metadata(TinyModels.ASSET_TYPE), booster.toByteArray("ubj"));
        server = ModelServer.builder(registry).port(0).start();
        LoopbackCredentials.useDummyCredentialsForLoopback(server.endpoint());
        rows = TinyModels.rows(VECTORS, SEED);
    }

    @AfterAll
    static void stopModelServer() throws Exception {
        if (server != null) {
            server.close();
        }
        if (booster != null) {
            booster.dispose();
        }
    }

    @AfterEach
    void noFaults() {
        server.faults().reset();
    }

    @Test
    void everyPredictionEqualsXgboostsOwnAndCallsAreBatched() throws Exception {
        EndpointStats.Snapshot before = server.stats("flowcast-pump");
        Outcome out = run(BatchConfig.defaults().withBatching(50, Duration.ofMillis(20)));

        assertThat(out.deadLetters).isEmpty();
        assertThat(out.predictions).hasSize(VECTORS);
        assertPredictionsMatchXgboost(out.predictions);
        assertThat(out.predictions)
                .allSatisfy(
                        p -> {
                            assertThat(p.endpoint).isEqualTo("flowcast-pump");
                            assertThat(p.variant).isEqualTo("AllTraffic");
                            assertThat(p.modelVersion).isEqualTo("v0001");
                            assertThat(p.attempts).isEqualTo(1);
                        });
        EndpointStats.Snapshot after = server.stats("flowcast-pump");
        assertThat(after.rows() - before.rows()).isEqualTo(VECTORS);
        // Batched, not one call per row: 400 rows in batches of up to 50.
        assertThat(after.requests() - before.requests()).isBetween(8L, 40L);
    }

    @Test
    void jsonPayloadsForCustomContainersGiveTheSamePredictions() throws Exception {
        InferenceRouter json =
                new InferenceRouter(
                        "flowcast-" + InferenceRouter.TYPE_PLACEHOLDER,
                        Map.of(),
                        null,
                        null,
                        null,
                        PayloadFormat.JSON);
        Outcome out = run(BatchConfig.defaults().withBatching(64, Duration.ofMillis(20)), json);

        assertThat(out.deadLetters).isEmpty();
        assertThat(out.predictions).hasSize(VECTORS);
        assertPredictionsMatchXgboost(out.predictions);
    }

    @Test
    void throttlingServerErrorsAndModelErrorsLoseNothing() throws Exception {
        EndpointStats.Snapshot before = server.stats("flowcast-pump");
        // High rates and small batches, so every kind of fault surely happens (40+ calls): the
        // chance that no 503 is drawn at all is below 1e-4.
        server.faults().setThrottleRate(0.2).setUnavailableRate(0.2).setModelErrorRate(0.05);
        BatchConfig retrying =
                new BatchConfig(
                        10,
                        Duration.ofMillis(20),
                        1 << 20,
                        10,
                        Duration.ofMillis(5),
                        Duration.ofMillis(100),
                        Duration.ofSeconds(20),
                        1_000, // keep the circuit closed: this test is about retries
                        Duration.ofSeconds(1),
                        null);
        Outcome out = run(retrying);

        // Nothing lost: each vector is exactly one prediction or one dead letter.
        assertThat(out.predictions.size() + out.deadLetters.size()).isEqualTo(VECTORS);
        assertPredictionsMatchXgboost(out.predictions);
        assertThat(out.predictions).anyMatch(p -> p.attempts > 1);
        for (DeadLetter letter : out.deadLetters) {
            assertThat(letter.reason)
                    .isIn(DeadLetterReason.MODEL_ERROR, DeadLetterReason.INFERENCE_FAILED);
            assertThat(letter.stage).isEqualTo("inference");
        }
        EndpointStats.Snapshot after = server.stats("flowcast-pump");
        assertThat(after.errors("ThrottlingException") - before.errors("ThrottlingException"))
                .isPositive();
        assertThat(after.errors("ServiceUnavailable") - before.errors("ServiceUnavailable"))
                .isPositive();
    }

    private static void assertPredictionsMatchXgboost(List<Prediction> predictions)
            throws Exception {
        float[] expected = TinyModels.predict(booster, rows);
        for (Prediction p : predictions) {
            int i = (int) (p.windowStart / 60_000);
            assertThat(p.predicted).as("vector %d", i).isCloseTo(expected[i], within(1e-5));
        }
    }

    private Outcome run(BatchConfig batch) throws Exception {
        return run(batch, InferenceRouter.defaults());
    }

    private Outcome run(BatchConfig batch, InferenceRouter router) throws Exception {
        InferenceConfig config =
                new InferenceConfig(
                        router,
                        batch,
                        batch.deadline().plusSeconds(10),
                        200,
                        3.0,
                        BaselineSource.fixed(Map.of("pump", 0.25)));
        InferenceClientFactory clients =
                SageMakerInferenceClient.factory(
                        "us-east-1", server.endpoint(), 16, Duration.ofSeconds(5));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<EnrichedFeatureVector> vectors =
                env.fromSource(
                        new DataGeneratorSource<>(
                                new Vectors(rows),
                                VECTORS,
                                RateLimiterStrategy.perSecond(2_000),
                                TypeInformation.of(EnrichedFeatureVector.class)),
                        WatermarkStrategy.noWatermarks(),
                        "vectors");
        SingleOutputStreamOperator<Prediction> predictions =
                FlowcastPipeline.infer(vectors, config, clients, 16_384);
        CollectingSink<Prediction> predictionSink = new CollectingSink<>();
        CollectingSink<DeadLetter> deadLetterSink = new CollectingSink<>();
        predictions.sinkTo(predictionSink);
        predictions
                .getSideOutput(io.flowcast.stream.SideOutputs.DEAD_LETTERS)
                .sinkTo(deadLetterSink);
        env.execute("inference ITCase");
        return new Outcome(predictionSink.values(), deadLetterSink.values());
    }

    private static final class Outcome {
        final List<Prediction> predictions;
        final List<DeadLetter> deadLetters;

        Outcome(List<Prediction> predictions, List<DeadLetter> deadLetters) {
            this.predictions = predictions;
            this.deadLetters = deadLetters;
        }
    }

    /** Vector i carries row i of the model's test rows; its window start is i minutes. */
    private static final class Vectors implements GeneratorFunction<Long, EnrichedFeatureVector> {
        private static final long serialVersionUID = 1L;
        private final float[] rows;

        Vectors(float[] rows) {
            this.rows = rows.clone();
        }

        @Override
        public EnrichedFeatureVector map(Long index) {
            int i = index.intValue();
            EnrichedFeatureVector e = InferenceFunctionTest.vector(i);
            Double[] features = new Double[TinyModels.FEATURES.size()];
            for (int f = 0; f < features.length; f++) {
                float v = rows[i * features.length + f];
                features[f] = Float.isNaN(v) ? null : (double) v;
            }
            e.vector.features = features;
            e.vector.featureNames = TinyModels.FEATURES.toArray(new String[0]);
            return e;
        }
    }
}
