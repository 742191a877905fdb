package io.flowcast.stream.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.SideOutputs;
import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.deadletter.DeadLetterReason;
import io.flowcast.stream.enrich.AssetContext;
import io.flowcast.stream.enrich.EnrichedFeatureVector;
import io.flowcast.stream.enrich.EnrichmentStatus;
import io.flowcast.stream.window.FeatureVector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The inference stage in Flink's async operator (test harness) over an in-memory endpoint that
 * scores a row as the sum of its features: batching, result mapping, residual and anomaly score,
 * model errors isolated, timeouts, and the dead-letter routing of failures.
 */
class InferenceFunctionTest {

    private static final Map<String, InferenceClient> CLIENTS = new ConcurrentHashMap<>();

    private final FakeEndpoint endpoint = new FakeEndpoint();

    @Test
    void everyVectorGetsItsOwnPredictionFromBatchedCalls() throws Exception {
        List<InferenceResult> out = run(endpoint, config(4, Duration.ofMillis(20)), 10);

        assertThat(out).hasSize(10).allMatch(InferenceResult::succeeded);
        for (InferenceResult r : out) {
            Prediction p = r.prediction;
            int i = (int) (p.windowStart / 60_000);
            assertThat(p.predicted).isEqualTo(10.0 + i); // the fake's score: sum of features
            assertThat(p.actual).isEqualTo(12.0 + i);
            assertThat(p.residual).isEqualTo(2.0);
            assertThat(p.anomalyScore).isEqualTo(2.0 / 0.5);
            assertThat(p.anomaly).isTrue(); // 4 spreads > 3
            assertThat(p.endpoint).isEqualTo("flowcast-pump");
            assertThat(p.variant).isEqualTo("AllTraffic");
            assertThat(p.modelVersion).isEqualTo("v0007");
            assertThat(p.site).isEqualTo("SiteA");
            assertThat(p.target).isEqualTo("BearingTemp.mean");
            assertThat(p.predictionId)
                    .isEqualTo(Prediction.idOf(p.assetId, p.windowEnd, "flowcast-pump", "v0007"));
        }
        assertThat(out.stream().map(r -> r.prediction.predictionId).distinct()).hasSize(10);
        // 10 rows in batches of at most 4: at least 3 calls, far fewer than 10.
        assertThat(endpoint.callCount()).isBetween(3, 6);
        assertThat(endpoint.calls)
                .allSatisfy(call -> assertThat(call.size()).isLessThanOrEqualTo(4));
    }

    @Test
    void aRowTheModelRejectsFailsAloneAndTheOthersArePredicted() throws Exception {
        endpoint.poisoned = row -> row[0] == 13.0; // vector 3
        List<InferenceResult> out = run(endpoint, config(8, Duration.ofMillis(20)), 8);

        List<InferenceResult> failed =
                out.stream().filter(r -> !r.succeeded()).collect(Collectors.toList());
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).failure).isEqualTo("MODEL_ERROR");
        assertThat(failed.get(0).input.vector.windowStart).isEqualTo(3 * 60_000L);
        assertThat(out.stream().filter(InferenceResult::succeeded)).hasSize(7);
    }

    @Test
    void aCallThatNeverAnswersTimesOutIntoAFailureNotAJobRestart() throws Exception {
        InferenceClient silent =
                new InferenceClient() {
                    @Override
                    public CompletableFuture<InvocationResponse> invoke(
                            ModelRoute route, byte[] body, String attributes) {
                        return new CompletableFuture<>();
                    }

                    @Override
                    public void close() {}
                };
        InferenceConfig config = config(1, Duration.ZERO);
        OneInputStreamOperatorTestHarness<EnrichedFeatureVector, InferenceResult> harness =
                harness(silent, config);
        harness.processElement(new StreamRecord<>(vector(0), 0));
        harness.setProcessingTime(config.asyncTimeout().toMillis() + 1);
        harness.endInput();

        List<InferenceResult> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).failure).isEqualTo(InferenceFunction.TIMEOUT);
        assertThat(out.get(0).failureDetail).contains("Inference/async.timeout");
        harness.close();
    }

    @Test
    void failuresBecomeDeadLettersWithTheirReasonAndPredictionsPassOn() throws Exception {
        OneInputStreamOperatorTestHarness<InferenceResult, Prediction> outcome =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(new InferenceOutcomeFunction(16_384)));
        outcome.open();
        Prediction ok = new Prediction();
        ok.assetId = "SiteA/Line1/Pump-001";
        outcome.processElement(new StreamRecord<>(InferenceResult.of(ok), 1));
        outcome.processElement(
                new StreamRecord<>(InferenceResult.failed("MODEL_ERROR", "bad row", vector(1)), 2));
        outcome.processElement(
                new StreamRecord<>(InferenceResult.failed("TIMEOUT", "slow", vector(2)), 3));
        outcome.processElement(
                new StreamRecord<>(
                        InferenceResult.failed("CIRCUIT_OPEN", "circuit open", vector(3)), 4));

        assertThat(outcome.extractOutputValues())
                .singleElement()
                .satisfies(p -> assertThat(p.assetId).isEqualTo(ok.assetId));
        List<DeadLetter> letters =
                outcome.getSideOutput(SideOutputs.DEAD_LETTERS).stream()
                        .map(StreamRecord::getValue)
                        .collect(Collectors.toList());
        assertThat(letters)
                .extracting(l -> l.reason)
                .containsExactly(
                        DeadLetterReason.MODEL_ERROR,
                        DeadLetterReason.INFERENCE_TIMEOUT,
                        DeadLetterReason.INFERENCE_FAILED);
        assertThat(letters.get(2).detail).startsWith("CIRCUIT_OPEN: circuit open");
        assertThat(letters.get(0).stage).isEqualTo("inference");
        assertThat(letters.get(0).payload).contains("\"windowStart\":60000");
        outcome.close();
    }

    private List<InferenceResult> run(InferenceClient client, InferenceConfig config, int vectors)
            throws Exception {
        OneInputStreamOperatorTestHarness<EnrichedFeatureVector, InferenceResult> harness =
                harness(client, config);
        for (int i = 0; i < vectors; i++) {
            synchronized (harness.getCheckpointLock()) {
                harness.processElement(new StreamRecord<>(vector(i), i));
            }
        }
        synchronized (harness.getCheckpointLock()) {
            harness.endInput(); // waits for every row's answer (the linger sends the rest)
        }
        List<InferenceResult> out = harness.extractOutputValues();
        harness.close();
        return out;
    }

    private static OneInputStreamOperatorTestHarness<EnrichedFeatureVector, InferenceResult>
            harness(InferenceClient client, InferenceConfig config) throws Exception {
        String id = UUID.randomUUID().toString();
        CLIENTS.put(id, client);
        InferenceFunction function = new InferenceFunction(config, () -> CLIENTS.get(id));
        OneInputStreamOperatorTestHarness<EnrichedFeatureVector, InferenceResult> harness =
                new OneInputStreamOperatorTestHarness<>(
                        new AsyncWaitOperatorFactory<>(
                                function,
                                config.asyncTimeout().toMillis(),
                                config.asyncCapacity(),
                                AsyncDataStream.OutputMode.UNORDERED),
                        TypeInformation.of(EnrichedFeatureVector.class)
                                .createSerializer(new SerializerConfigImpl()));
        harness.open();
        return harness;
    }

    private static InferenceConfig config(int rows, Duration linger) {
        return new InferenceConfig(
                InferenceRouter.defaults(),
                BatchConfig.defaults().withBatching(rows, linger),
                Duration.ofSeconds(30),
                100,
                3.0,
                BaselineSource.fixed(Map.of("pump", 0.5)));
    }

    /** Vector i: features {10 + i, NaN}, actual target 12 + i, window i minutes. */
    static EnrichedFeatureVector vector(int i) {
        FeatureVector v = new FeatureVector();
        v.assetId = "SiteA/Line1/Pump-00" + (i % 3);
        v.assetType = "pump";
        v.specVersion = 1;
        v.windowStart = i * 60_000L;
        v.windowEnd = v.windowStart + 60_000;
        v.featureNames = new String[] {"Load.mean", "Vibration.std"};
        v.features = new Double[] {10.0 + i, null};
        v.carriedForward = new String[0];
        v.missingSignals = new String[] {"Vibration"};
        v.signals = new String[] {"Load", "Vibration", "BearingTemp"};
        v.signalSampleCounts = new int[] {60, 0, 60};
        v.sampleCount = 120;
        v.targetSignal = "BearingTemp";
        v.targetStatistic = "mean";
        v.targetActual = 12.0 + i;
        EnrichedFeatureVector e = new EnrichedFeatureVector();
        e.vector = v;
        e.asset =
                AssetContext.builder(v.assetId)
                        .assetType("pump")
                        .site("SiteA")
                        .line("Line1")
                        .active(true)
                        .build();
        e.enrichment = EnrichmentStatus.ENRICHED;
        return e;
    }
}
