package io.flowcast.stream.drift;

import static io.flowcast.stream.drift.Baselines.STEP_MS;
import static io.flowcast.stream.drift.Baselines.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The detector on the pump model's real baseline: quiet on its own distribution, loud and quick on
 * a shift, one event per episode, and a new version judged against its own baseline.
 */
class DriftDetectorTest {

    static final DriftBaseline PUMP = Baselines.pump();
    static final int BLOCK = DriftConfig.DEFAULT_EVALUATION_PREDICTIONS;
    static final int DISCHARGE = PUMP.featureNames().indexOf("DischargePressure.mean");

    /** Feeds predictions and records which evaluation (1-based) raised each event. */
    static final class Run {
        final DriftDetector detector;
        final DriftState state;
        final List<DriftEvent> events = new ArrayList<>();
        final List<Long> eventEvaluations = new ArrayList<>();
        long predictions;

        Run(DriftBaseline baseline, DriftConfig config) {
            detector = new DriftDetector(baseline, config);
            state = detector.newState();
        }

        void add(Double[] features, Double residual) {
            List<DriftEvent> out =
                    detector.add(state, T0 + predictions * STEP_MS, features, residual);
            predictions++;
            for (DriftEvent e : out) {
                events.add(e);
                eventEvaluations.add(state.evaluations);
            }
        }

        /** {@code n} predictions, feature values from {@code features}, residual offset. */
        void feed(int n, IntFunction<Double[]> features, Baselines.Draws draws, double offset) {
            for (int i = 0; i < n; i++) {
                add(features.apply(i), draws.residual(offset));
            }
        }
    }

    @Test
    void dataFromTheBaselinesOwnDistributionRaisesNoEventOver250Evaluations() {
        Run run = new Run(PUMP, DriftConfig.defaults());
        Baselines.Draws draws = new Baselines.Draws(PUMP, 7);

        run.feed(250 * BLOCK, i -> draws.features(), draws, 0);

        assertThat(run.state.evaluations).isEqualTo(250);
        assertThat(run.events).isEmpty();
    }

    @Test
    void aShiftedFeatureRaisesOnePsiEventWithinThreeEvaluationsOfOnset() {
        Run run = new Run(PUMP, DriftConfig.defaults());
        Baselines.Draws draws = new Baselines.Draws(PUMP, 11);
        double offset = 0.25 * rangeOf(DISCHARGE); // a sensor offset of a quarter of its range
        int onset = 200 * BLOCK + 73; // mid-block on purpose
        run.feed(onset, i -> draws.features(), draws, 0);
        assertThat(run.events).isEmpty();
        long onsetEvaluation = run.state.evaluations;

        run.feed(
                20 * BLOCK,
                i -> {
                    Double[] f = draws.features();
                    f[DISCHARGE] += offset;
                    return f;
                },
                draws,
                0);

        assertThat(run.events).hasSize(1);
        DriftEvent e = run.events.get(0);
        assertThat(e.metric).isEqualTo("PSI");
        assertThat(e.feature).isEqualTo("DischargePressure.mean");
        assertThat(e.value).isGreaterThan(0.2);
        assertThat(e.threshold).isEqualTo(0.2);
        assertThat(e.assetType).isEqualTo("pump");
        assertThat(e.modelVersion).isEqualTo("v0001");
        assertThat(e.evaluations).isEqualTo(2);
        assertThat(run.eventEvaluations.get(0) - onsetEvaluation).isBetween(1L, 3L);
        assertThat(e.sampleCount).isEqualTo(2L * BLOCK);
        assertThat(e.firstWindowEnd).isLessThan(e.lastWindowEnd);
        assertThat(e.lastWindowEnd).isGreaterThan(T0 + onset * STEP_MS);
        assertThat(e.episodeId)
                .isEqualTo(
                        DriftEvent.episodeIdOf(
                                "pump",
                                "v0001",
                                "PSI",
                                "DischargePressure.mean",
                                e.firstWindowEnd));
    }

    @Test
    void aResidualOffsetRaisesResidualEventsAndNoFeatureEvent() {
        Run run = new Run(PUMP, DriftConfig.defaults());
        Baselines.Draws draws = new Baselines.Draws(PUMP, 13);
        run.feed(50 * BLOCK, i -> draws.features(), draws, 0);
        assertThat(run.events).isEmpty();
        long onsetEvaluation = run.state.evaluations;

        run.feed(10 * BLOCK, i -> draws.features(), draws, 2.0);

        assertThat(run.events)
                .extracting(e -> e.metric)
                .containsExactlyInAnyOrder("RESIDUAL_PAGE_HINKLEY", "RESIDUAL_RMSE_RATIO");
        assertThat(run.events).allMatch(e -> e.feature == null);
        assertThat(run.eventEvaluations).allMatch(n -> n - onsetEvaluation <= 3);
    }

    @Test
    void aSmallResidualMeanShiftIsCaughtByPageHinkleyAlone() {
        Run run = new Run(PUMP, DriftConfig.defaults());
        Baselines.Draws draws = new Baselines.Draws(PUMP, 17);
        run.feed(50 * BLOCK, i -> draws.features(), draws, 0);

        run.feed(10 * BLOCK, i -> draws.features(), draws, 0.8); // RMSE ratio ~ 1.36 < 1.5

        assertThat(run.events).extracting(e -> e.metric).containsExactly("RESIDUAL_PAGE_HINKLEY");
    }

    @Test
    void hysteresisNeedsKConsecutiveBreachingEvaluations() {
        DriftConfig config = DriftConfig.builder().consecutiveBreaches(3).build();
        Run run = new Run(PUMP, config);
        Baselines.Draws draws = new Baselines.Draws(PUMP, 19);

        // breach, breach, clear, breach, breach: never 3 in a row
        for (boolean breach : new boolean[] {true, true, false, true, true}) {
            feedMissing(run, draws, breach ? 0.5 : 0.0);
        }
        assertThat(run.events).isEmpty();

        feedMissing(run, draws, 0.5); // the third in a row
        assertThat(run.events).hasSize(1);
        DriftEvent e = run.events.get(0);
        assertThat(e.metric).isEqualTo("MISSING_RATE_CHANGE");
        assertThat(e.feature).isEqualTo("DischargePressure.mean");
        assertThat(e.value).isEqualTo(0.5);
        assertThat(e.evaluations).isEqualTo(3);
        assertThat(e.sampleCount).isEqualTo(3L * BLOCK);
        // the episode starts with the 4th block (index 3)
        assertThat(e.firstWindowEnd).isEqualTo(T0 + 3L * BLOCK * STEP_MS);
        assertThat(e.lastWindowEnd).isEqualTo(T0 + (6L * BLOCK - 1) * STEP_MS);
    }

    @Test
    void oneEventPerEpisodeAndANewOneOnlyAfterRecovery() {
        Run run = new Run(PUMP, DriftConfig.defaults());
        Baselines.Draws draws = new Baselines.Draws(PUMP, 23);

        for (int i = 0; i < 20; i++) {
            feedMissing(run, draws, 0.4);
        }
        assertThat(run.events).hasSize(1);

        feedMissing(run, draws, 0.0); // recovered: re-armed
        assertThat(run.events).hasSize(1);
        feedMissing(run, draws, 0.4);
        feedMissing(run, draws, 0.4);

        assertThat(run.events).hasSize(2);
        assertThat(run.events.get(1).episodeId).isNotEqualTo(run.events.get(0).episodeId);
        assertThat(run.events.get(1).firstWindowEnd).isEqualTo(T0 + 21L * BLOCK * STEP_MS);
    }

    @Test
    void evaluationsBelowTheMinimumSampleSizeNeitherBreachNorClear() {
        Run run = new Run(PUMP, DriftConfig.defaults()); // min.samples 100 of 200
        Baselines.Draws draws = new Baselines.Draws(PUMP, 29);
        double offset = 0.5 * rangeOf(DISCHARGE);

        // shifted, but only 60 of 200 values present: PSI is not evaluated
        for (int b = 0; b < 5; b++) {
            run.feed(BLOCK, i -> shiftedOrMissing(draws, offset, i < 60), draws, 0);
        }
        assertThat(run.events).extracting(e -> e.metric).containsOnly("MISSING_RATE_CHANGE");

        // 150 of 200 present: evaluated; a short block in between does not break the streak
        run.feed(BLOCK, i -> shiftedOrMissing(draws, offset, i < 150), draws, 0);
        run.feed(BLOCK, i -> shiftedOrMissing(draws, offset, i < 60), draws, 0);
        run.feed(BLOCK, i -> shiftedOrMissing(draws, offset, i < 150), draws, 0);

        assertThat(run.events).extracting(e -> e.metric).contains("PSI");
        DriftEvent psi = run.events.stream().filter(e -> e.metric.equals("PSI")).findFirst().get();
        assertThat(psi.sampleCount).isEqualTo(300);
    }

    @Test
    void aReplayRaisesTheSameEventsWithTheSameEpisodeIds() {
        List<String> first = replayOnce();
        List<String> second = replayOnce();

        assertThat(first).isNotEmpty().isEqualTo(second);
    }

    @Test
    void aNewModelVersionIsJudgedAgainstItsOwnBaseline() {
        DriftBaseline v2 = Baselines.shifted(PUMP, "v0002", 3.0);
        DriftMonitor monitor =
                new DriftMonitor(
                        DriftConfig.defaults(),
                        (type, version) -> version.equals("v0001") ? PUMP : v2);
        Baselines.Draws newRegime = new Baselines.Draws(v2, 31);
        String[] names = PUMP.featureNames().toArray(new String[0]);

        List<DriftEvent> v1Events = new ArrayList<>();
        List<DriftEvent> v2Events = new ArrayList<>();
        for (int i = 0; i < 30 * BLOCK; i++) {
            long t = T0 + i * STEP_MS;
            Double[] f = newRegime.features();
            double r = newRegime.residual(0);
            v1Events.addAll(monitor.add("pump", "v0001", t, names, f, r));
            v2Events.addAll(monitor.add("pump", "v0002", t, names, f, r));
        }

        assertThat(v1Events)
                .extracting(e -> e.metric)
                .contains("PSI")
                .doesNotContain("RESIDUAL_PAGE_HINKLEY");
        assertThat(v1Events).allMatch(e -> e.modelVersion.equals("v0001"));
        assertThat(v2Events).isEmpty();
        assertThat(monitor.detector("pump", "v0002").baseline()).isSameAs(v2);
    }

    @Test
    void featuresAreAlignedByNameAndAStateOfAnotherVersionIsRejected() {
        DriftDetector detector = new DriftDetector(PUMP, DriftConfig.defaults());
        Double[] aligned =
                detector.align(
                        new String[] {"Vibration.std", "Unknown", "Load.mean"},
                        new Double[] {1.5, 9.0, 60.0});

        assertThat(aligned).hasSize(8);
        assertThat(aligned[0]).isEqualTo(60.0);
        assertThat(aligned[7]).isEqualTo(1.5);
        assertThat(aligned[1]).isNull();

        DriftState other =
                new DriftDetector(Baselines.compressor(), DriftConfig.defaults()).newState();
        assertThatThrownBy(() -> detector.add(other, T0, aligned, 0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("compressor/v0001")
                .hasMessageContaining("pump/v0001");
        assertThatThrownBy(() -> detector.add(detector.newState(), T0, new Double[3], 0.0))
                .hasMessageContaining("expected 8 feature values");
    }

    private static List<String> replayOnce() {
        Run run = new Run(PUMP, DriftConfig.defaults());
        Baselines.Draws draws = new Baselines.Draws(PUMP, 37);
        run.feed(10 * BLOCK, i -> draws.features(), draws, 0);
        run.feed(5 * BLOCK, i -> draws.features(), draws, 3.0);
        List<String> out = new ArrayList<>();
        for (DriftEvent e : run.events) {
            out.add(e.episodeId + " " + e.metric + " " + e.value);
        }
        return out;
    }

    /** One block in which DischargePressure.mean is missing in {@code rate} of the records. */
    private static void feedMissing(Run run, Baselines.Draws draws, double rate) {
        int missing = (int) Math.round(rate * BLOCK);
        run.feed(
                BLOCK,
                i -> {
                    Double[] f = draws.features();
                    if (i < missing) {
                        f[DISCHARGE] = null;
                    }
                    return f;
                },
                draws,
                0);
    }

    private static Double[] shiftedOrMissing(
            Baselines.Draws draws, double offset, boolean present) {
        Double[] f = draws.features();
        f[DISCHARGE] = present ? f[DISCHARGE] + offset : null;
        return f;
    }

    private static double rangeOf(int feature) {
        double[] cuts = PUMP.bins(feature).cuts();
        return cuts[cuts.length - 1] - cuts[0];
    }
}
