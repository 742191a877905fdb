package io.flowcast.stream.drift;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Drift detection for one model version: compares the live features and residuals of its
 * predictions with the version's {@link DriftBaseline}. Pure (no Flink types); the detector holds
 * only the baseline and the config, and every mutable bit lives in a {@link DriftState}, so a
 * {@code KeyedProcessFunction} keyed by {@link #keyOf(String, String)} keeps one state per model
 * version in a {@code ValueState<DriftState>} and shares a detector per version.
 *
 * <p>In: one call of {@link #add} per prediction (feature values in baseline order, null = missing;
 * the residual {@code actual - predicted} or null). Every {@link
 * DriftConfig#evaluationPredictions()} predictions it evaluates, for each feature, the population
 * stability index on the baseline's bins and the missing-rate change, and on the residuals the
 * two-sided Page-Hinkley statistic (standardised by the baseline residual mean and std; the test
 * runs across blocks) and the RMSE ratio; then the block's counts start again.
 *
 * <p>Out: a {@link DriftEvent} when a metric of one feature (or of the residuals) has breached its
 * threshold in K consecutive evaluations that had at least {@link DriftConfig#minSamples()} values;
 * then nothing more for that metric and feature until an evaluation is below the threshold again
 * (one event per drift episode). Evaluations with too few values are skipped: they neither extend
 * nor break a streak.
 *
 * <p>New model version: its predictions carry the new version, so they go to a new key and a fresh
 * {@link #newState()} against the new version's baseline; nothing of the old version's statistics
 * leaks into it. {@link DriftMonitor} does the same with a map for callers without keyed state.
 */
public final class DriftDetector implements Serializable {
    private static final long serialVersionUID = 1L;

    private final DriftBaseline baseline;
    private final DriftConfig config;
    private final int features;
    private final int[] binOffset;
    private final int totalBins;
    private final Map<String, Integer> featureIndex;

    public DriftDetector(DriftBaseline baseline, DriftConfig config) {
        this.baseline = Objects.requireNonNull(baseline, "baseline");
        this.config = Objects.requireNonNull(config, "config");
        this.features = baseline.featureCount();
        this.binOffset = new int[features];
        int offset = 0;
        for (int f = 0; f < features; f++) {
            binOffset[f] = offset;
            BaselineBins bins = baseline.bins(f);
            offset += bins == null ? 0 : bins.size();
        }
        this.totalBins = offset;
        this.featureIndex = new HashMap<>();
        for (int f = 0; f < features; f++) {
            featureIndex.put(baseline.featureNames().get(f), f);
        }
    }

    /** The key of a model version's state: {@code assetType/modelVersion}. */
    public static String keyOf(String assetType, String modelVersion) {
        return assetType + "/" + modelVersion;
    }

    public DriftBaseline baseline() {
        return baseline;
    }

    public DriftConfig config() {
        return config;
    }

    /** A state with nothing seen yet. */
    public DriftState newState() {
        DriftState s = new DriftState();
        s.assetType = baseline.assetType();
        s.modelVersion = baseline.modelVersion();
        s.binCounts = new long[totalBins];
        s.missing = new long[features];
        s.present = new long[features];
        int slots = 2 * features + 2;
        s.streak = new int[slots];
        s.streakFirstWindowEnd = new long[slots];
        s.streakSamples = new long[slots];
        s.inEpisode = new boolean[slots];
        return s;
    }

    /**
     * Reorders a prediction's features ({@code names}/{@code values}, as {@code Prediction} carries
     * them) into the baseline's order; a baseline feature the prediction lacks is null (missing).
     */
    public Double[] align(String[] names, Double[] values) {
        if (names == null || values == null) {
            return new Double[features];
        }
        if (names.length != values.length) {
            throw new IllegalArgumentException(
                    names.length + " feature names but " + values.length + " values");
        }
        Double[] out = new Double[features];
        for (int i = 0; i < names.length; i++) {
            Integer f = featureIndex.get(names[i]);
            if (f != null) {
                out[f] = values[i];
            }
        }
        return out;
    }

    /**
     * Adds one prediction and, at the end of a block, evaluates.
     *
     * @param state this model version's state (from {@link #newState()}); updated in place
     * @param windowEnd the prediction's window end, epoch ms
     * @param featureValues in baseline order (see {@link #align}); null or NaN = missing
     * @param residual {@code actual - predicted}, or null without an actual
     * @return the events this prediction completes (usually none)
     */
    public List<DriftEvent> add(
            DriftState state, long windowEnd, Double[] featureValues, Double residual) {
        checkState(state);
        if (featureValues.length != features) {
            throw new IllegalArgumentException(
                    "expected "
                            + features
                            + " feature values for "
                            + keyOf(baseline.assetType(), baseline.modelVersion())
                            + " but got "
                            + featureValues.length);
        }
        if (state.blockCount == 0) {
            state.blockFirstWindowEnd = windowEnd;
            state.blockLastWindowEnd = windowEnd;
        } else {
            state.blockFirstWindowEnd = Math.min(state.blockFirstWindowEnd, windowEnd);
            state.blockLastWindowEnd = Math.max(state.blockLastWindowEnd, windowEnd);
        }
        state.blockCount++;
        for (int f = 0; f < features; f++) {
            Double v = featureValues[f];
            if (v == null || !Double.isFinite(v)) {
                state.missing[f]++;
                continue;
            }
            state.present[f]++;
            BaselineBins bins = baseline.bins(f);
            if (bins != null) {
                state.binCounts[binOffset[f] + bins.binOf(v)]++;
            }
        }
        if (residual != null && Double.isFinite(residual)) {
            state.residualCount++;
            state.residualSumOfSquares += residual * residual;
            PageHinkley ph =
                    new PageHinkley(
                            config.pageHinkleyDelta(),
                            config.pageHinkleyLambda(),
                            state.pageHinkleyUp,
                            state.pageHinkleyDown);
            ph.add((residual - baseline.residualMean()) / baseline.residualStd());
            state.pageHinkleyUp = ph.up();
            state.pageHinkleyDown = ph.down();
        }
        if (state.blockCount < config.evaluationPredictions()) {
            return List.of();
        }
        List<DriftEvent> events = evaluate(state);
        resetBlock(state);
        return events;
    }

    private List<DriftEvent> evaluate(DriftState s) {
        s.evaluations++;
        List<DriftEvent> events = new ArrayList<>(0);
        for (int f = 0; f < features; f++) {
            BaselineBins bins = baseline.bins(f);
            if (bins != null) {
                long[] live = new long[bins.size()];
                System.arraycopy(s.binCounts, binOffset[f], live, 0, live.length);
                double psi = PopulationStability.psi(bins.counts(), live, config.psiEpsilon());
                judge(s, f, DriftMetric.PSI, f, psi, psi, s.present[f], events);
            }
            double change =
                    MissingRateChange.change(s.missing[f], s.blockCount, baseline.missingRate(f));
            judge(
                    s,
                    features + f,
                    DriftMetric.MISSING_RATE_CHANGE,
                    f,
                    change,
                    Math.abs(change),
                    s.blockCount,
                    events);
        }
        double ph = Math.max(s.pageHinkleyUp, s.pageHinkleyDown);
        judge(
                s,
                2 * features,
                DriftMetric.RESIDUAL_PAGE_HINKLEY,
                -1,
                ph,
                ph,
                s.residualCount,
                events);
        if (s.residualCount > 0) {
            double ratio =
                    ResidualRmseRatio.ratio(
                            s.residualSumOfSquares, s.residualCount, baseline.residualRmse());
            judge(
                    s,
                    2 * features + 1,
                    DriftMetric.RESIDUAL_RMSE_RATIO,
                    -1,
                    ratio,
                    ratio,
                    s.residualCount,
                    events);
        }
        return events;
    }

    /** Hysteresis of one metric slot; {@code magnitude} is compared with the threshold. */
    private void judge(
            DriftState s,
            int slot,
            DriftMetric metric,
            int feature,
            double value,
            double magnitude,
            long samples,
            List<DriftEvent> events) {
        if (samples < config.minSamples()) {
            return; // too little evidence either way
        }
        double threshold = config.threshold(metric);
        if (!(magnitude > threshold)) {
            s.streak[slot] = 0;
            s.inEpisode[slot] = false;
            return;
        }
        if (s.inEpisode[slot]) {
            return;
        }
        if (s.streak[slot] == 0) {
            s.streakFirstWindowEnd[slot] = s.blockFirstWindowEnd;
            s.streakSamples[slot] = 0;
        }
        s.streak[slot]++;
        s.streakSamples[slot] += samples;
        if (s.streak[slot] < config.consecutiveBreaches()) {
            return;
        }
        DriftEvent e = new DriftEvent();
        e.assetType = baseline.assetType();
        e.modelVersion = baseline.modelVersion();
        e.metric = metric.name();
        e.feature = feature < 0 ? null : baseline.featureNames().get(feature);
        e.value = value;
        e.threshold = threshold;
        e.firstWindowEnd = s.streakFirstWindowEnd[slot];
        e.lastWindowEnd = s.blockLastWindowEnd;
        e.sampleCount = s.streakSamples[slot];
        e.evaluations = s.streak[slot];
        e.episodeId =
                DriftEvent.episodeIdOf(
                        e.assetType, e.modelVersion, e.metric, e.feature, e.firstWindowEnd);
        events.add(e);
        s.streak[slot] = 0;
        s.inEpisode[slot] = true;
    }

    private static void resetBlock(DriftState s) {
        s.blockCount = 0;
        java.util.Arrays.fill(s.binCounts, 0);
        java.util.Arrays.fill(s.missing, 0);
        java.util.Arrays.fill(s.present, 0);
        s.residualCount = 0;
        s.residualSumOfSquares = 0;
    }

    private void checkState(DriftState s) {
        if (!baseline.assetType().equals(s.assetType)
                || !baseline.modelVersion().equals(s.modelVersion)
                || s.binCounts == null
                || s.binCounts.length != totalBins
                || s.streak == null
                || s.streak.length != 2 * features + 2) {
            throw new IllegalArgumentException(
                    "state of "
                            + s.assetType
                            + "/"
                            + s.modelVersion
                            + " does not belong to the detector of "
                            + keyOf(baseline.assetType(), baseline.modelVersion()));
        }
    }
}
