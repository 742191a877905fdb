package io.flowcast.stream.drift;

import static io.flowcast.stream.drift.Baselines.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The detector on the pump model's real baseline, fed window by window like the job feeds it (a
 * fleet of {@value #ASSETS} pumps: that many predictions per window end): quiet on its own
 * distribution, quick on a residual offset, one event per episode, and a new version judged against
 * its own baseline.
 */
class DriftDetectorTest {

    static final DriftBaseline PUMP = Baselines.pump();
    static final int ASSETS = 10;
    static final long WINDOW_MS = 30_000;
    static final int DISCHARGE = PUMP.featureNames().indexOf("DischargePressure.mean");

    /** Feeds windows of predictions and records which window (0-based) raised each event. */
    static final class Run {
        final DriftDetector detector;
        final DriftState state;
        final List<DriftEvent> events = new ArrayList<>();
        final List<Integer> eventWindows = new ArrayList<>();
        int windows;

        Run(DriftBaseline baseline, DriftConfig config) {
            detector = new DriftDetector(baseline, config);
            state = detector.newState();
        }

        static long windowEnd(int window) {
            return T0 + (window + 1) * WINDOW_MS;
        }

        void add(long windowEnd, Double[] features, Double residual) {
            events.addAll(detector.add(state, windowEnd, features, residual));
        }

        /**
         * {@code n} windows of {@value #ASSETS} predictions each; feature values from {@code
         * features} (by asset index), residuals offset by {@code offsetInStd}. An event raised
         * while adding window w's predictions is the evaluation of window w - 1.
         */
        void windows(int n, IntFunction<Double[]> features, Baselines.Draws draws, double offset) {
            for (int w = 0; w < n; w++) {
                int before = events.size();
                for (int a = 0; a < ASSETS; a++) {
                    add(windowEnd(windows), features.apply(a), draws.residual(offset));
                }
                for (int i = before; i < events.size(); i++) {
                    eventWindows.add(windows - 1);
                }
                windows++;
            }
        }
    }

    /**
     * The defaults with PSI over 24 windows (12 minutes, one window per bucket) instead of a day,
     * at least 200 values: these draws have no daily cycle.
     */
    static DriftConfig shortPsi() {
        return DriftConfig.builder()
                .psiHorizon(Duration.ofMillis(24 * WINDOW_MS))
                .psiMinSamples(200)
                .build();
    }

    @Test
    void dataFromTheBaselinesOwnDistributionRaisesNoEventOver300Windows() {
        Run run = new Run(PUMP, shortPsi());
        Baselines.Draws draws = new Baselines.Draws(PUMP, 7);

        run.windows(301, a -> draws.features(), draws, 0);

        assertThat(run.state.evaluations).isEqualTo(300); // once per window end
        assertThat(run.state.sampleSize).isEqualTo(DriftConfig.DEFAULT_SAMPLE_PREDICTIONS);
        assertThat(run.events).isEmpty();
    }

    @Test
    void aResidualOffsetIsDetectedWithinThreeWindowsAndDatedToItsOnset() {
        Run run = new Run(PUMP, DriftConfig.defaults());
        Baselines.Draws draws = new Baselines.Draws(PUMP, 13);
        run.windows(200, a -> draws.features(), draws, 0);
        assertThat(run.events).isEmpty();
        int onset = run.windows;

        run.windows(40, a -> draws.features(), draws, 2.0);

        assertThat(run.events)
                .extracting(e -> e.metric)
                .containsExactlyInAnyOrder("RESIDUAL_PAGE_HINKLEY", "RESIDUAL_RMSE_RATIO");
        assertThat(run.events).allMatch(e -> e.feature == null);
        DriftEvent ph = run.events.get(0);
        assertThat(ph.metric).isEqualTo("RESIDUAL_PAGE_HINKLEY");
        assertThat(run.eventWindows.get(0) - onset).isBetween(0, 2); // within 3 windows
        assertThat(ph.lastWindowEnd).isEqualTo(Run.windowEnd(run.eventWindows.get(0)));
        // Page-Hinkley's change-point estimate: the onset window itself
        assertThat(ph.firstWindowEnd).isEqualTo(Run.windowEnd(onset));
        assertThat(ph.evaluations).isEqualTo(2);
        assertThat(ph.value).isGreaterThan(ph.threshold).isEqualTo(ph.value);
        assertThat(ph.sampleCount).isEqualTo(DriftConfig.DEFAULT_SAMPLE_PREDICTIONS);
        // the RMSE ratio needs a third of the sample drifted: slower, but it comes
        assertThat(run.eventWindows.get(1)).isGreaterThan(run.eventWindows.get(0));
    }

    @Test
    void aShiftedFeatureRaisesOnePsiEvent() {
        Run run = new Run(PUMP, shortPsi());
        Baselines.Draws draws = new Baselines.Draws(PUMP, 11);
        double offset = 0.25 * rangeOf(DISCHARGE); // a sensor offset of a quarter of its range
        run.windows(200, a -> draws.features(), draws, 0);
        int onset = run.windows;

        run.windows(
                40,
                a -> {
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
        // PSI over the last 24 windows: the shift must fill part of them before it breaches
        assertThat(run.eventWindows.get(0) - onset).isBetween(1, 12);
        assertThat(e.firstWindowEnd).isEqualTo(e.lastWindowEnd - WINDOW_MS); // K = 2
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
    void aSmallResidualMeanShiftIsCaughtByPageHinkleyAlone() {
        Run run = new Run(PUMP, DriftConfig.defaults());
        Baselines.Draws draws = new Baselines.Draws(PUMP, 17);
        run.windows(100, a -> draws.features(), draws, 0);

        run.windows(100, a -> draws.features(), draws, 0.8); // RMSE ratio ~ 1.28 < 1.5

        assertThat(run.events).extracting(e -> e.metric).containsExactly("RESIDUAL_PAGE_HINKLEY");
    }

    @Test
    void hysteresisNeedsKConsecutiveBreachingEvaluations() {
        // A sample of exactly one window: each evaluation judges the window before it.
        DriftConfig config = oneWindowSample().consecutiveBreaches(3).build();
        Run run = new Run(PUMP, config);
        Baselines.Draws draws = new Baselines.Draws(PUMP, 19);

        // breach, breach, clear, breach, breach (+ one window to evaluate the last)
        for (double rate : new double[] {0.5, 0.5, 0.0, 0.5, 0.5}) {
            windowMissing(run, draws, rate);
        }
        windowMissing(run, draws, 0.0);
        assertThat(only("MISSING_RATE_CHANGE", run.events)).isEmpty();

        // the window just added is clear; now three in a row
        Run again = new Run(PUMP, config);
        for (double rate : new double[] {0.5, 0.5, 0.0, 0.5, 0.5, 0.5, 0.0}) {
            windowMissing(again, draws, rate);
        }
        assertThat(only("MISSING_RATE_CHANGE", again.events)).hasSize(1);
        DriftEvent e = only("MISSING_RATE_CHANGE", again.events).get(0);
        assertThat(e.metric).isEqualTo("MISSING_RATE_CHANGE");
        assertThat(e.feature).isEqualTo("DischargePressure.mean");
        assertThat(e.value).isEqualTo(0.5);
        assertThat(e.evaluations).isEqualTo(3);
        assertThat(e.sampleCount).isEqualTo(ASSETS);
        assertThat(e.firstWindowEnd).isEqualTo(Run.windowEnd(3));
        assertThat(e.lastWindowEnd).isEqualTo(Run.windowEnd(5));
    }

    @Test
    void oneEventPerEpisodeAndANewOneOnlyAfterRecovery() {
        Run run = new Run(PUMP, oneWindowSample().build());
        Baselines.Draws draws = new Baselines.Draws(PUMP, 23);

        for (int i = 0; i < 20; i++) {
            windowMissing(run, draws, 0.4);
        }
        assertThat(only("MISSING_RATE_CHANGE", run.events)).hasSize(1);

        windowMissing(run, draws, 0.0); // recovered: re-armed once evaluated
        windowMissing(run, draws, 0.4);
        assertThat(only("MISSING_RATE_CHANGE", run.events)).hasSize(1);
        windowMissing(run, draws, 0.4);
        windowMissing(run, draws, 0.0);

        List<DriftEvent> missing = only("MISSING_RATE_CHANGE", run.events);
        assertThat(missing).hasSize(2);
        assertThat(missing.get(1).episodeId).isNotEqualTo(missing.get(0).episodeId);
        assertThat(missing.get(1).firstWindowEnd).isEqualTo(Run.windowEnd(21));
    }

    @Test
    void evaluationsBelowTheMinimumSampleSizeNeitherBreachNorClear() {
        // a sample of two windows (20 predictions), at least 12 values per metric
        DriftConfig config =
                DriftConfig.builder()
                        .samplePredictions(2 * ASSETS)
                        .minSamples(12)
                        .psiMinSamples(12)
                        .psiHorizon(Duration.ofMillis(2 * WINDOW_MS))
                        .build();
        Run run = new Run(PUMP, config);
        Baselines.Draws draws = new Baselines.Draws(PUMP, 29);
        double offset = 0.5 * rangeOf(DISCHARGE);

        // shifted, but only 5 of 10 values per window present: 10 of 20, PSI is not evaluated
        run.windows(6, a -> shiftedOrMissing(draws, offset, a < 5), draws, 0);
        assertThat(run.events)
                .filteredOn(e -> "DischargePressure.mean".equals(e.feature))
                .extracting(e -> e.metric)
                .containsOnly("MISSING_RATE_CHANGE");

        // all present: 15 of 20, then 20 of 20 -> two breaching evaluations in a row
        run.windows(3, a -> shiftedOrMissing(draws, offset, true), draws, 0);

        DriftEvent psi =
                run.events.stream()
                        .filter(e -> e.metric.equals("PSI"))
                        .filter(e -> e.feature.equals("DischargePressure.mean"))
                        .findFirst()
                        .get();
        assertThat(psi.sampleCount).isEqualTo(2 * ASSETS);
        assertThat(psi.lastWindowEnd).isEqualTo(Run.windowEnd(7));
    }

    @Test
    void psiWaitsUntilTheModelHasServedForTheWholeHorizon() {
        Run run = new Run(PUMP, DriftConfig.defaults()); // a day
        Baselines.Draws draws = new Baselines.Draws(PUMP, 41);
        double offset = 0.5 * rangeOf(DISCHARGE);

        // two hours of windows, every value far off the baseline: no PSI before a day has passed
        run.windows(
                240,
                a -> {
                    Double[] f = draws.features();
                    f[DISCHARGE] += offset;
                    return f;
                },
                draws,
                0);

        assertThat(run.events).extracting(e -> e.metric).doesNotContain("PSI");
    }

    @Test
    void aLatePredictionOfAnEarlierWindowJoinsTheSampleWithoutAnEvaluation() {
        Run run = new Run(PUMP, DriftConfig.defaults());
        Baselines.Draws draws = new Baselines.Draws(PUMP, 31);
        run.windows(3, a -> draws.features(), draws, 0);
        assertThat(run.state.evaluations).isEqualTo(2);

        run.add(Run.windowEnd(0), draws.features(), draws.residual(0)); // late
        run.add(Run.windowEnd(2), draws.features(), draws.residual(0)); // current window

        assertThat(run.state.evaluations).isEqualTo(2);
        assertThat(run.state.predictions).isEqualTo(3L * ASSETS + 2);
        assertThat(run.state.currentWindowEnd).isEqualTo(Run.windowEnd(2));
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
                        shortPsi(), (type, version) -> version.equals("v0001") ? PUMP : v2);
        Baselines.Draws newRegime = new Baselines.Draws(v2, 31);
        String[] names = PUMP.featureNames().toArray(new String[0]);

        List<DriftEvent> v1Events = new ArrayList<>();
        List<DriftEvent> v2Events = new ArrayList<>();
        for (int w = 0; w < 150; w++) {
            for (int a = 0; a < ASSETS; a++) {
                long t = Run.windowEnd(w);
                Double[] f = newRegime.features();
                double r = newRegime.residual(0);
                v1Events.addAll(monitor.add("pump", "v0001", t, names, f, r));
                v2Events.addAll(monitor.add("pump", "v0002", t, names, f, r));
            }
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
        DriftState smaller =
                new DriftDetector(
                                PUMP,
                                DriftConfig.builder()
                                        .samplePredictions(100)
                                        .psiMinSamples(100)
                                        .build())
                        .newState();
        assertThatThrownBy(() -> detector.add(smaller, T0, aligned, 0.0))
                .hasMessageContaining("another sample size");
        assertThatThrownBy(() -> detector.add(detector.newState(), T0, new Double[3], 0.0))
                .hasMessageContaining("expected 8 feature values");
    }

    private static List<String> replayOnce() {
        Run run = new Run(PUMP, DriftConfig.defaults());
        Baselines.Draws draws = new Baselines.Draws(PUMP, 37);
        run.windows(60, a -> draws.features(), draws, 0);
        run.windows(30, a -> draws.features(), draws, 3.0);
        List<String> out = new ArrayList<>();
        for (DriftEvent e : run.events) {
            out.add(e.episodeId + " " + e.metric + " " + e.value + " " + e.firstWindowEnd);
        }
        return out;
    }

    /** A sample of exactly one window of the fleet, every value evaluated. */
    private static DriftConfig.Builder oneWindowSample() {
        return DriftConfig.builder()
                .samplePredictions(ASSETS)
                .minSamples(ASSETS)
                .psiMinSamples(ASSETS);
    }

    /** The events of one metric (tiny samples make the others noisy). */
    private static List<DriftEvent> only(String metric, List<DriftEvent> events) {
        List<DriftEvent> out = new ArrayList<>();
        for (DriftEvent e : events) {
            if (e.metric.equals(metric)) {
                out.add(e);
            }
        }
        return out;
    }

    /** One window in which DischargePressure.mean is missing in {@code rate} of the records. */
    private static void windowMissing(Run run, Baselines.Draws draws, double rate) {
        int missing = (int) Math.round(rate * ASSETS);
        run.windows(
                1,
                a -> {
                    Double[] f = draws.features();
                    if (a < missing) {
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
