package io.flowcast.stream.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.SideOutputs;
import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.deadletter.DeadLetterReason;
import io.flowcast.stream.testing.FakeAssetRegister;
import io.flowcast.stream.window.FeatureVector;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The enrichment stage in Flink's async operator (test harness) against an in-memory register:
 * success, unknown and inactive assets, outage with and without a stale entry, timeout, expiry, and
 * the flag/dead-letter routing.
 */
class AssetEnrichmentFunctionTest {

    private static final String PUMP = "SiteA/Line1/Pump-001";
    private static final String GHOST = "SiteZ/Line9/Pump-999";

    /** The cache's clock; static because the function reads it through a serializable lambda. */
    private static final AtomicLong NOW = new AtomicLong(1_800_000_000_000L);

    private final FakeAssetRegister register =
            new FakeAssetRegister().withAsset(PUMP, "pump", "SiteA");
    private OneInputStreamOperatorTestHarness<FeatureVector, EnrichedFeatureVector> harness;

    @AfterEach
    void closeHarness() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aKnownAssetGetsItsRowAndAWarmCacheDoesNotAskAgain() throws Exception {
        open(EnrichConfig.defaults());
        process(vector(PUMP, 0), vector(PUMP, 1), vector(PUMP, 2));

        List<EnrichedFeatureVector> out = finish();
        assertThat(out).hasSize(3);
        assertThat(out)
                .allSatisfy(
                        e -> {
                            assertThat(e.enrichment).isEqualTo(EnrichmentStatus.ENRICHED);
                            assertThat(e.asset.site).isEqualTo("SiteA");
                            assertThat(e.asset.ratedPowerKw).isEqualTo(55.0);
                            assertThat(e.enrichmentDetail).isNull();
                        });
        assertThat(out.stream().map(e -> e.vector.windowStart)).containsExactly(0L, 60L, 120L);
        assertThat(register.lookups.get()).isEqualTo(1);
        harness.close();
        harness = null;
        assertThat(register.clientsClosed.get()).isEqualTo(1);
    }

    @Test
    void unknownAndInactiveAssetsAreFlaggedWithDefaultContext() throws Exception {
        AssetContext retired = register.rows.get(PUMP);
        retired.active = false;
        open(EnrichConfig.defaults());
        process(vector(GHOST, 0), vector(PUMP, 0), vector(GHOST, 1));

        List<EnrichedFeatureVector> out = finish();
        assertThat(out).extracting(e -> e.enrichment).containsOnly(EnrichmentStatus.UNKNOWN_ASSET);
        assertThat(out.get(0).asset.assetId).isEqualTo(GHOST);
        assertThat(out.get(0).asset.assetType).isEqualTo("pump"); // from the window stage
        assertThat(out.get(0).asset.site).isNull();
        assertThat(out.get(0).enrichmentDetail).contains("not in the asset register");
        assertThat(out.get(1).enrichmentDetail).contains("inactive");
        assertThat(register.lookups.get()).isEqualTo(2); // the second ghost is a negative hit
    }

    @Test
    void anOutageServesStaleContextWhereCachedAndFlagsTheRest() throws Exception {
        register.withAsset("SiteB/Line1/Pump-002", "pump", "SiteB");
        open(EnrichConfig.defaults());
        process(vector(PUMP, 0));
        NOW.addAndGet(Duration.ofMinutes(6).toMillis()); // past the 5 min TTL (+ up to 20%)
        register.down = true;
        process(vector(PUMP, 1), vector("SiteB/Line1/Pump-002", 1));

        List<EnrichedFeatureVector> out = finish();
        assertThat(out).hasSize(3);
        EnrichedFeatureVector stale = out.get(1);
        assertThat(stale.enrichment).isEqualTo(EnrichmentStatus.STALE);
        assertThat(stale.asset.site).isEqualTo("SiteA");
        assertThat(stale.contextAgeMillis).isEqualTo(Duration.ofMinutes(6).toMillis());
        assertThat(stale.enrichmentDetail).contains("fake outage");
        EnrichedFeatureVector flagged = out.get(2);
        assertThat(flagged.enrichment).isEqualTo(EnrichmentStatus.UNENRICHED);
        assertThat(flagged.asset.site).isNull();
        assertThat(flagged.enrichmentDetail).contains("asset register unavailable");
    }

    @Test
    void aLookupThatNeverAnswersTimesOutIntoAFlaggedRecordNotAFailure() throws Exception {
        register.hang = true;
        open(EnrichConfig.defaults());
        process(vector(PUMP, 0));
        long timeout = EnrichConfig.defaults().asyncTimeout().toMillis();
        harness.setProcessingTime(harness.getProcessingTime() + timeout + 1);

        List<EnrichedFeatureVector> out = finish();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).enrichment).isEqualTo(EnrichmentStatus.UNENRICHED);
        assertThat(out.get(0).enrichmentDetail).contains("did not answer within 5000 ms");
        register.answerHanging(); // a late answer after the timeout changes nothing
        assertThat(harness.extractOutputValues()).hasSize(1);
    }

    @Test
    void aSlowAnswerWithinTheTimeoutEnrichesAndLaterWindowsShareIt() throws Exception {
        register.hang = true;
        open(EnrichConfig.defaults());
        process(vector(PUMP, 0), vector(PUMP, 1)); // the second joins the first's lookup
        harness.setProcessingTime(harness.getProcessingTime() + 1_000); // slow, not too slow
        assertThat(harness.extractOutputValues()).isEmpty();
        register.answerHanging();

        List<EnrichedFeatureVector> out = finish();
        assertThat(out).extracting(e -> e.enrichment).containsOnly(EnrichmentStatus.ENRICHED);
        assertThat(out).hasSize(2);
        assertThat(register.lookups.get()).isEqualTo(1);
    }

    @Test
    void anExpiredEntryIsReadAgainSoRegisterChangesArrive() throws Exception {
        open(EnrichConfig.defaults());
        process(vector(PUMP, 0));
        register.rows.get(PUMP).modelEndpoint = "flowcast-pump-v2";
        process(vector(PUMP, 1)); // within the TTL: the cached row
        // Entries live the 5 min TTL plus up to 20% (spread refreshes): 6 min have expired.
        NOW.addAndGet(Duration.ofMinutes(6).toMillis());
        process(vector(PUMP, 2)); // expired: read again

        List<EnrichedFeatureVector> out = finish();
        assertThat(out.get(1).asset.modelEndpoint).isNull();
        assertThat(out.get(2).asset.modelEndpoint).isEqualTo("flowcast-pump-v2");
        assertThat(register.lookups.get()).isEqualTo(2);
    }

    @Test
    void theOutcomeStageDeadLettersWhatTheConfigurationSays() throws Exception {
        EnrichConfig config =
                EnrichConfig.defaults()
                        .withActions(EnrichConfig.Action.DEAD_LETTER, EnrichConfig.Action.FLAG);
        OneInputStreamOperatorTestHarness<EnrichedFeatureVector, EnrichedFeatureVector> outcome =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(new EnrichmentOutcomeFunction(config, 16_384)));
        outcome.open();
        EnrichedFeatureVector failed =
                EnrichedFeatureVector.of(
                        vector(PUMP, 0),
                        EnrichedFeatureVector.defaultsFor(vector(PUMP, 0)),
                        EnrichmentStatus.UNENRICHED,
                        "asset register unavailable: connection refused",
                        0);
        EnrichedFeatureVector unknown =
                EnrichedFeatureVector.of(
                        vector(GHOST, 0),
                        EnrichedFeatureVector.defaultsFor(vector(GHOST, 0)),
                        EnrichmentStatus.UNKNOWN_ASSET,
                        "asset not in the asset register",
                        0);
        outcome.processElement(new StreamRecord<>(failed, 1));
        outcome.processElement(new StreamRecord<>(unknown, 2));

        assertThat(outcome.extractOutputValues())
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.enrichment).isEqualTo(EnrichmentStatus.UNKNOWN_ASSET);
                            assertThat(e.vector.assetId).isEqualTo(GHOST);
                        });
        List<DeadLetter> letters =
                outcome.getSideOutput(SideOutputs.DEAD_LETTERS).stream()
                        .map(StreamRecord::getValue)
                        .collect(Collectors.toList());
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).reason).isEqualTo(DeadLetterReason.ENRICHMENT_FAILED);
        assertThat(letters.get(0).stage).isEqualTo("enrich");
        assertThat(letters.get(0).partitionKey).isEqualTo(PUMP);
        assertThat(letters.get(0).payload).contains("\"assetId\":\"" + PUMP + "\"");
        outcome.close();
    }

    private void open(EnrichConfig config) throws Exception {
        AssetEnrichmentFunction function =
                new AssetEnrichmentFunction(config, register.factory(), NOW::get);
        harness =
                new OneInputStreamOperatorTestHarness<>(
                        new AsyncWaitOperatorFactory<>(
                                function,
                                config.asyncTimeout().toMillis(), // as the pipeline wires it
                                10,
                                AsyncDataStream.OutputMode.ORDERED),
                        TypeInformation.of(FeatureVector.class)
                                .createSerializer(new SerializerConfigImpl()));
        harness.open();
    }

    private void process(FeatureVector... vectors) throws Exception {
        for (FeatureVector v : vectors) {
            synchronized (harness.getCheckpointLock()) {
                harness.processElement(new StreamRecord<>(v, v.windowEnd));
            }
        }
    }

    private List<EnrichedFeatureVector> finish() throws Exception {
        synchronized (harness.getCheckpointLock()) {
            harness.endInput();
        }
        return harness.extractOutputValues();
    }

    static FeatureVector vector(String assetId, int window) {
        FeatureVector v = new FeatureVector();
        v.assetId = assetId;
        v.assetType = "pump";
        v.specVersion = 1;
        v.windowStart = window * 60L;
        v.windowEnd = v.windowStart + 60;
        v.featureNames = new String[] {"Load.mean"};
        v.features = new Double[] {50.0 + window};
        v.carriedForward = new String[0];
        v.missingSignals = new String[0];
        v.signals = new String[] {"Load", "BearingTemp"};
        v.signalSampleCounts = new int[] {60, 60};
        v.sampleCount = 120;
        v.targetSignal = "BearingTemp";
        v.targetStatistic = "mean";
        v.targetActual = 61.5;
        return v;
    }
}
