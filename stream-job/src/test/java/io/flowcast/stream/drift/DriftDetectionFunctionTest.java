package io.flowcast.stream.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.inference.Prediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drift stage as a keyed Flink operator: baselines from a registry directory, state in keyed
 * state that survives a snapshot and restore, unknown versions skipped.
 */
class DriftDetectionFunctionTest {

    private static final DriftBaseline PUMP = Baselines.pump();
    private static final int ASSETS = 10;
    private static final long WINDOW_MS = 30_000;
    private static final int DISCHARGE = PUMP.featureNames().indexOf("DischargePressure.mean");

    @TempDir Path registry;

    @Test
    void aResidualOffsetAfterARestoreIsDetectedFromTheRestoredSampleAndTest() throws Exception {
        copyBaseline("pump-v0001", "pump", "v0001");
        Baselines.Draws draws = new Baselines.Draws(PUMP, 5);
        long[] windowEnd = {Baselines.T0};

        OperatorSubtaskState snapshot;
        try (KeyedOneInputStreamOperatorTestHarness<String, Prediction, DriftEvent> harness =
                harness()) {
            harness.open();
            feed(harness, 80, draws, 0, windowEnd);
            assertThat(harness.extractOutputValues()).isEmpty();
            snapshot = harness.snapshot(1, 1);
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, Prediction, DriftEvent> restored =
                harness()) {
            restored.initializeState(snapshot);
            restored.open();
            long onset = windowEnd[0];
            feed(restored, 3, draws, 3.0, windowEnd);
            List<DriftEvent> events = restored.extractOutputValues();
            // A lost state would need min.samples (10 windows) before its first evaluation.
            assertThat(events).hasSize(1);
            DriftEvent e = events.get(0);
            assertThat(e.metric).isEqualTo("RESIDUAL_PAGE_HINKLEY");
            assertThat(e.assetType).isEqualTo("pump");
            assertThat(e.modelVersion).isEqualTo("v0001");
            // Page-Hinkley's change-point estimate: the onset, or one window before if the sum
            // happened to be above zero by noise then
            assertThat(e.firstWindowEnd).isBetween(onset - WINDOW_MS, onset);
            assertThat(e.sampleCount).isEqualTo(DriftConfig.DEFAULT_SAMPLE_PREDICTIONS);
        }
    }

    @Test
    void aNewVersionIsJudgedAgainstItsOwnBaselineFromItsFirstPrediction() throws Exception {
        // v0002 has a baseline of its own (the same statistics under its version) and fits it
        DriftBaseline v2 = Baselines.shifted(PUMP, "v0002", 0);
        DriftMonitor.BaselineLoader loader =
                (type, version) -> version.equals("v0001") ? Baselines.pump() : v2;
        Baselines.Draws draws = new Baselines.Draws(PUMP, 8);
        try (KeyedOneInputStreamOperatorTestHarness<String, Prediction, DriftEvent> harness =
                harness(loader)) {
            harness.open();
            long[] windowEnd = {Baselines.T0};
            feed(harness, 20, draws, 0, windowEnd); // v0001 fits
            // The new regime: v0001 (still answering on some calls) drifts, v0002 does not.
            for (int w = 0; w < 20; w++) {
                for (int a = 0; a < ASSETS; a++) {
                    Prediction old = prediction(draws, 3.0, windowEnd[0]);
                    harness.processElement(new StreamRecord<>(old));
                    Prediction fresh = prediction(draws, 0, windowEnd[0]);
                    fresh.modelVersion = "v0002";
                    harness.processElement(new StreamRecord<>(fresh));
                }
                windowEnd[0] += WINDOW_MS;
            }
            List<DriftEvent> events = harness.extractOutputValues();
            assertThat(events).extracting(e -> e.modelVersion).containsOnly("v0001").isNotEmpty();
            assertThat(events).extracting(e -> e.metric).contains("RESIDUAL_PAGE_HINKLEY");
        }
    }

    @Test
    void aVersionWithoutBaselineIsSkippedAndOthersAreStillMonitored() throws Exception {
        copyBaseline("pump-v0001", "pump", "v0001");
        Baselines.Draws draws = new Baselines.Draws(PUMP, 6);
        try (KeyedOneInputStreamOperatorTestHarness<String, Prediction, DriftEvent> harness =
                harness()) {
            harness.open();
            for (int i = 0; i < 300; i++) {
                Prediction unknown = prediction(draws, 0, Baselines.T0 + i * WINDOW_MS);
                unknown.modelVersion = "v0009"; // not in the registry
                unknown.residual = draws.residual(5.0);
                harness.processElement(new StreamRecord<>(unknown));
            }
            feed(harness, 20, draws, 0, new long[] {Baselines.T0});
            feed(harness, 5, draws, 3.0, new long[] {Baselines.T0 + 20 * WINDOW_MS});
            assertThat(harness.extractOutputValues().stream().map(e -> e.modelVersion))
                    .containsOnly("v0001")
                    .isNotEmpty();
        }
    }

    private KeyedOneInputStreamOperatorTestHarness<String, Prediction, DriftEvent> harness()
            throws Exception {
        return harness(new RegistryDriftBaselines(registry.toUri().toString()));
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Prediction, DriftEvent> harness(
            DriftMonitor.BaselineLoader baselines) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(
                        new DriftDetectionFunction(DriftConfig.defaults(), baselines)),
                DriftDetectionFunction::keyOf,
                Types.STRING);
    }

    /** {@code windows} windows of {@value #ASSETS} predictions, residuals offset in std. */
    private static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, Prediction, DriftEvent> harness,
            int windows,
            Baselines.Draws draws,
            double residualOffset,
            long[] windowEnd)
            throws Exception {
        for (int w = 0; w < windows; w++) {
            for (int a = 0; a < ASSETS; a++) {
                Prediction p = prediction(draws, residualOffset, windowEnd[0]);
                harness.processElement(new StreamRecord<>(p));
            }
            windowEnd[0] += WINDOW_MS;
        }
    }

    private static Prediction prediction(
            Baselines.Draws draws, double residualOffset, long windowEnd) {
        Double[] features = draws.features();
        Prediction p = new Prediction();
        p.assetId = "SiteA/Line1/Pump-001";
        p.assetType = "pump";
        p.modelVersion = "v0001";
        p.windowEnd = windowEnd;
        p.featureNames = PUMP.featureNames().toArray(new String[0]);
        p.features = features;
        p.residual = draws.residual(residualOffset);
        return p;
    }

    private void copyBaseline(String resource, String type, String version) throws Exception {
        Path target = Files.createDirectories(registry.resolve(type).resolve(version));
        for (Path file : Files.list(Baselines.dir(resource)).collect(Collectors.toList())) {
            Files.copy(file, target.resolve(file.getFileName()));
        }
    }
}
