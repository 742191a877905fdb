package io.flowcast.stream.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.stream.SideOutputs;
import io.flowcast.stream.parse.OpcQuality;
import io.flowcast.stream.parse.TelemetrySample;
import io.flowcast.stream.testing.WindowConfigs;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The window operator exactly as the pipeline builds it, driven by hand: samples in, watermarks
 * advanced, feature vectors and late samples out, keyed state inspected.
 */
class FeatureWindowOperatorTest {

    private static final String PUMP = "SiteA/Line1/Pump-001";
    private static final String OTHER_PUMP = "SiteA/Line1/Pump-003";
    private static final long T0 =
            1_800_000_000_000L - (1_800_000_000_000L % 60_000); // a window start
    private static final long SECOND = 1000;
    private static final long MINUTE = 60 * SECOND;

    private KeyedOneInputStreamOperatorTestHarness<String, TelemetrySample, FeatureVector> harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aWindowFiresOnceTheWatermarkPassesItsEndWithTheSpecsFeaturesInOrder() throws Exception {
        open(Map.of());
        send(PUMP, "Load", 70, 0);
        send(PUMP, "Load", 80, 10);
        send(PUMP, "Load", 90, 20);
        send(PUMP, "AmbientTemp", 20, 5);
        send(PUMP, "Flow", 100, 5);
        send(PUMP, "DischargePressure", 4.5, 5);
        send(PUMP, "Vibration", 1.0, 5);
        send(PUMP, "Vibration", 3.0, 15);
        send(PUMP, "BearingTemp", 60, 5);
        send(PUMP, "BearingTemp", 62, 25);

        harness.processWatermark(T0 + MINUTE - 2);
        assertThat(harness.extractOutputValues()).as("window still open").isEmpty();
        harness.processWatermark(T0 + MINUTE - 1);

        FeatureVector v = single();
        assertThat(v.assetId).isEqualTo(PUMP);
        assertThat(v.assetType).isEqualTo("pump");
        assertThat(v.windowStart).isEqualTo(T0);
        assertThat(v.windowEnd).isEqualTo(T0 + MINUTE);
        assertThat(v.featureNames)
                .containsExactly(
                        "Load.mean",
                        "Load.max",
                        "Load.slope",
                        "AmbientTemp.mean",
                        "Flow.mean",
                        "DischargePressure.mean",
                        "Vibration.mean",
                        "Vibration.std");
        assertThat(v.feature("Load.mean")).isCloseTo(80.0, within(1e-9));
        assertThat(v.feature("Load.max")).isEqualTo(90.0);
        assertThat(v.feature("Load.slope")).isCloseTo(1.0, within(1e-9)); // +10 per 10 s
        assertThat(v.feature("Vibration.std")).isCloseTo(Math.sqrt(2.0), within(1e-9));
        assertThat(v.targetSignal).isEqualTo("BearingTemp");
        assertThat(v.targetActual).isCloseTo(61.0, within(1e-9));
        assertThat(v.sampleCount).isEqualTo(10);
        assertThat(v.missingSignals).isEmpty();
        assertThat(v.carriedForward).isEmpty();
    }

    @Test
    void eachAssetGetsItsOwnVector() throws Exception {
        open(Map.of());
        send(PUMP, "Load", 10, 1);
        send(OTHER_PUMP, "Load", 20, 1);
        harness.processWatermark(T0 + MINUTE);

        assertThat(harness.extractOutputValues())
                .extracting(v -> v.assetId + "=" + v.feature("Load.mean"))
                .containsExactlyInAnyOrder(PUMP + "=10.0", OTHER_PUMP + "=20.0");
    }

    @Test
    void samplesBehindAClosedWindowGoToTheLateOutputNotIntoAVector() throws Exception {
        open(Map.of());
        send(PUMP, "Load", 10, 1);
        harness.processWatermark(T0 + MINUTE + 5 * SECOND);
        send(PUMP, "Load", 99, 30); // its window [T0, T0+60s) has closed

        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(harness.getSideOutput(SideOutputs.LATE_SAMPLES))
                .extracting(StreamRecord::getValue)
                .extracting(s -> s.value)
                .containsExactly(99.0);
    }

    @Test
    void allowedLatenessUpdatesTheWindowAndFiresItAgain() throws Exception {
        open(Map.of("allowed.lateness", "30s"));
        send(PUMP, "Load", 10, 1);
        harness.processWatermark(T0 + MINUTE + 5 * SECOND);
        send(PUMP, "Load", 30, 30);

        assertThat(harness.extractOutputValues())
                .extracting(v -> v.feature("Load.mean"))
                .containsExactly(10.0, 20.0);
        assertThat(harness.getSideOutput(SideOutputs.LATE_SAMPLES)).isNull();
    }

    @Test
    void aResentSampleOfTheSameSignalAndTimestampCountsOnce() throws Exception {
        open(Map.of());
        send(PUMP, "Load", 10, 1);
        send(PUMP, "Load", 20, 2);
        send(PUMP, "Load", 10, 1); // the gateway resends after a reconnect
        send(PUMP, "AmbientTemp", 10, 1); // same timestamp, other signal: not a duplicate
        harness.processWatermark(T0 + MINUTE);

        FeatureVector v = single();
        assertThat(v.feature("Load.mean")).isEqualTo(15.0);
        assertThat(v.duplicateSamples).isEqualTo(1);
        assertThat(v.sampleCount).isEqualTo(3);
        assertThat(v.signalSampleCounts[v.signalsIndex("Load")]).isEqualTo(2);
    }

    @Test
    void withDeduplicationOffAResentSampleCountsAgain() throws Exception {
        open(Map.of("features.deduplicate", "false"));
        send(PUMP, "Load", 10, 1);
        send(PUMP, "Load", 20, 2);
        send(PUMP, "Load", 10, 1);
        harness.processWatermark(T0 + MINUTE);

        FeatureVector v = single();
        assertThat(v.duplicateSamples).isZero();
        assertThat(v.sampleCount).isEqualTo(3);
        assertThat(v.feature("Load.mean")).isCloseTo(40.0 / 3, within(1e-9));
    }

    @Test
    void aQuietSignalIsCarriedForwardWithinItsTtlAndMissingAfterIt() throws Exception {
        open(Map.of());
        send(PUMP, "Load", 10, 1);
        send(PUMP, "Flow", 100, 1);
        harness.processWatermark(T0 + MINUTE);
        send(PUMP, "Load", 20, MINUTE / SECOND + 1); // next window: no Flow
        harness.processWatermark(T0 + 2 * MINUTE);
        send(PUMP, "Load", 30, 15 * MINUTE / SECOND); // 14 minutes later: beyond the 10 min TTL
        harness.processWatermark(T0 + 16 * MINUTE);

        List<FeatureVector> vectors = harness.extractOutputValues();
        assertThat(vectors).hasSize(3);
        assertThat(vectors.get(1).feature("Flow.mean")).isEqualTo(100.0);
        assertThat(vectors.get(1).carriedForward).contains("Flow");
        assertThat(vectors.get(2).feature("Flow.mean")).isNull();
        assertThat(vectors.get(2).missingSignals).contains("Flow");
    }

    @Test
    void aSignalMarkedMissingByItsSpecIsNeverCarriedAndNeitherIsTheTarget() throws Exception {
        open(Map.of());
        send(PUMP, "Vibration", 2.0, 1);
        send(PUMP, "BearingTemp", 60, 1);
        harness.processWatermark(T0 + MINUTE);
        send(PUMP, "Load", 20, MINUTE / SECOND + 1);
        harness.processWatermark(T0 + 2 * MINUTE);

        FeatureVector second = harness.extractOutputValues().get(1);
        assertThat(second.feature("Vibration.mean")).isNull();
        assertThat(second.missingSignals).contains("Vibration", "BearingTemp");
        assertThat(second.targetActual).isNull();
    }

    @Test
    void nonGoodQualitySamplesCountButStayOutOfTheStatisticsByDefault() throws Exception {
        open(Map.of());
        send(PUMP, "Load", 10, 1);
        sendWithQuality(PUMP, "Load", 1000, 2, OpcQuality.BAD);
        harness.processWatermark(T0 + MINUTE);

        FeatureVector v = single();
        assertThat(v.feature("Load.mean")).isEqualTo(10.0);
        assertThat(v.signalSampleCounts[v.signalsIndex("Load")]).isEqualTo(2);
    }

    @Test
    void nonGoodQualitySamplesEnterTheStatisticsWhenConfigured() throws Exception {
        open(Map.of("features.include.non.good.quality", "true"));
        send(PUMP, "Load", 10, 1);
        sendWithQuality(PUMP, "Load", 1000, 2, OpcQuality.BAD);
        harness.processWatermark(T0 + MINUTE);

        assertThat(single().feature("Load.mean")).isEqualTo(505.0);
    }

    @Test
    void windowStateIsGoneAfterTheWindowClosesOnlyTheCarryStateStays() throws Exception {
        open(Map.of());
        send(PUMP, "Load", 10, 1);
        send(OTHER_PUMP, "Load", 10, 1);
        assertThat(harness.numKeyedStateEntries()).as("one open window per asset").isEqualTo(2);

        harness.processWatermark(T0 + MINUTE);

        assertThat(harness.extractOutputValues()).hasSize(2);
        assertThat(harness.numKeyedStateEntries())
                .as("window contents and triggers cleared; one carried-features entry per asset")
                .isEqualTo(2);
    }

    @Test
    void slidingWindowsPutASampleIntoEveryWindowThatCoversIt() throws Exception {
        open(Map.of("window.type", "SLIDING", "window.size", "60s", "window.slide", "30s"));
        send(PUMP, "Load", 10, 40); // in [T0, T0+60s) and [T0+30s, T0+90s)
        harness.processWatermark(T0 + 2 * MINUTE);

        assertThat(harness.extractOutputValues())
                .extracting(v -> v.windowStart - T0)
                .containsExactly(0L, 30_000L);
    }

    private void open(Map<String, String> windows) throws Exception {
        WindowConfig config = WindowConfigs.with(windows);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SingleOutputStreamOperator<FeatureVector> vectors =
                env.fromData(new TelemetrySample(PUMP, "Load", 0, OpcQuality.GOOD, T0))
                        .keyBy(s -> s.assetId)
                        .window(WindowWatermarks.assigner(config))
                        .allowedLateness(config.allowedLateness())
                        .sideOutputLateData(SideOutputs.LATE_SAMPLES)
                        .aggregate(
                                new FeatureAggregateFunction(config),
                                new FeatureVectorFunction(config),
                                TypeInformation.of(FeatureAccumulator.class),
                                TypeInformation.of(FeatureAccumulator.class),
                                TypeInformation.of(FeatureVector.class));
        @SuppressWarnings("unchecked")
        OneInputStreamOperator<TelemetrySample, FeatureVector> operator =
                ((OneInputTransformation<TelemetrySample, FeatureVector>)
                                vectors.getTransformation())
                        .getOperator();
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        operator, s -> s.assetId, Types.STRING);
        harness.open();
    }

    private void send(String asset, String signal, double value, long secondsIntoWindow)
            throws Exception {
        sendWithQuality(asset, signal, value, secondsIntoWindow, OpcQuality.GOOD);
    }

    private void sendWithQuality(
            String asset, String signal, double value, long secondsIntoWindow, int quality)
            throws Exception {
        long ts = T0 + secondsIntoWindow * SECOND;
        harness.processElement(new TelemetrySample(asset, signal, value, quality, ts), ts);
    }

    private FeatureVector single() {
        List<FeatureVector> vectors = harness.extractOutputValues();
        assertThat(vectors).hasSize(1);
        return vectors.get(0);
    }
}
