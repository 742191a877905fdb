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
    private static final int BLOCK = DriftConfig.DEFAULT_EVALUATION_PREDICTIONS;
    private static final int DISCHARGE = PUMP.featureNames().indexOf("DischargePressure.mean");

    @TempDir Path registry;

    @Test
    void aShiftAcrossARestoreRaisesOneEventFromTheRegistrysBaseline() throws Exception {
        copyBaseline("pump-v0001", "pump", "v0001");
        Baselines.Draws draws = new Baselines.Draws(PUMP, 5);
        double[] cuts = PUMP.bins(DISCHARGE).cuts();
        double offset = 0.25 * (cuts[cuts.length - 1] - cuts[0]);
        long[] windowEnd = {Baselines.T0};

        OperatorSubtaskState snapshot;
        try (KeyedOneInputStreamOperatorTestHarness<String, Prediction, DriftEvent> harness =
                harness()) {
            harness.open();
            // Stop mid-block: the restored state must carry the half-filled block.
            feed(harness, 20 * BLOCK + BLOCK / 2, draws, 0, windowEnd);
            assertThat(harness.extractOutputValues()).isEmpty();
            snapshot = harness.snapshot(1, 1);
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, Prediction, DriftEvent> restored =
                harness()) {
            restored.initializeState(snapshot);
            restored.open();
            feed(restored, BLOCK / 2, draws, 0, windowEnd);
            feed(restored, 3 * BLOCK, draws, offset, windowEnd);
            List<DriftEvent> events = restored.extractOutputValues();
            assertThat(events).hasSize(1);
            DriftEvent e = events.get(0);
            assertThat(e.metric).isEqualTo("PSI");
            assertThat(e.feature).isEqualTo("DischargePressure.mean");
            assertThat(e.assetType).isEqualTo("pump");
            assertThat(e.modelVersion).isEqualTo("v0001");
            // Episodes start at a block boundary. Blocks keep the pre-snapshot alignment only if
            // the half-filled block was restored; a lost state would shift them by half a block.
            long predictionIndex = (e.firstWindowEnd - Baselines.T0) / 1000;
            assertThat(predictionIndex % BLOCK).isZero();
            assertThat(predictionIndex).isBetween(20L * BLOCK, 21L * BLOCK);
        }
    }

    @Test
    void aVersionWithoutBaselineIsSkippedAndOthersAreStillMonitored() throws Exception {
        copyBaseline("pump-v0001", "pump", "v0001");
        Baselines.Draws draws = new Baselines.Draws(PUMP, 6);
        try (KeyedOneInputStreamOperatorTestHarness<String, Prediction, DriftEvent> harness =
                harness()) {
            harness.open();
            for (int i = 0; i < 3 * BLOCK; i++) {
                Prediction unknown = prediction(draws, 0, Baselines.T0 + i * 1000L);
                unknown.modelVersion = "v0009"; // not in the registry
                harness.processElement(new StreamRecord<>(unknown));
            }
            feed(harness, 3 * BLOCK, draws, 0.25 * 100, new long[] {Baselines.T0});
            assertThat(harness.extractOutputValues().stream().map(e -> e.modelVersion))
                    .containsOnly("v0001")
                    .isNotEmpty();
        }
    }

    private KeyedOneInputStreamOperatorTestHarness<String, Prediction, DriftEvent> harness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(
                        new DriftDetectionFunction(
                                DriftConfig.defaults(),
                                new RegistryDriftBaselines(registry.toUri().toString()))),
                DriftDetectionFunction::keyOf,
                Types.STRING);
    }

    private static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, Prediction, DriftEvent> harness,
            int n,
            Baselines.Draws draws,
            double dischargeOffset,
            long[] windowEnd)
            throws Exception {
        for (int i = 0; i < n; i++) {
            harness.processElement(
                    new StreamRecord<>(prediction(draws, dischargeOffset, windowEnd[0])));
            windowEnd[0] += 1000;
        }
    }

    private static Prediction prediction(Baselines.Draws draws, double offset, long windowEnd) {
        Double[] features = draws.features();
        features[DISCHARGE] += offset;
        Prediction p = new Prediction();
        p.assetId = "SiteA/Line1/Pump-001";
        p.assetType = "pump";
        p.modelVersion = "v0001";
        p.windowEnd = windowEnd;
        p.featureNames = PUMP.featureNames().toArray(new String[0]);
        p.features = features;
        p.residual = draws.residual(0);
        return p;
    }

    private void copyBaseline(String resource, String type, String version) throws Exception {
        Path target = Files.createDirectories(registry.resolve(type).resolve(version));
        for (Path file : Files.list(Baselines.dir(resource)).collect(Collectors.toList())) {
            Files.copy(file, target.resolve(file.getFileName()));
        }
    }
}
