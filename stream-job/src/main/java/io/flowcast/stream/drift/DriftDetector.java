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
 * the residual {@code actual - predicted} or null). The detector keeps the most recent {@link
 * DriftConfig#samplePredictions()} predictions as its sample and evaluates it once per window end:
 * when the first prediction of a later window arrives, the windows before it are complete. Each
 * evaluation computes, for each feature, the population stability index on the baseline's bins and
 * the missing-rate change, and on the residuals the RMSE ratio and the two-sided Page-Hinkley
 * statistic. The Page-Hinkley test runs over every residual of the version (standardised by the
 * baseline residual mean and std), so a residual offset is seen within a few windows even while it
 * is still a small part of the sample.
 *
 * <p>Out: a {@link DriftEvent} when a metric of one feature (or of the residuals) has breached its
 * threshold in K consecutive evaluations with at least {@link DriftConfig#minSamples()} values
 * ({@link DriftConfig#psiMinSamples()} for PSI); then nothing more for that metric and feature
 * until an evaluation is below the threshold again (one event per drift episode). Evaluations with
 * too few values are skipped: they neither extend nor break a streak. The event's window range
 * starts at the estimated change: for the Page-Hinkley test the window where its sum last left
 * zero, otherwise the streak's first evaluation. Its {@link DriftEvent#episodeId} is derived from
 * the streak's first evaluated window end, which a replay of the same windows reproduces.
 *
 * <p>New model version: its predictions carry the new version, so they go to a new key and a fresh
 * {@link #newState()} against the new version's baseline; nothing of the old version's statistics
 * leaks into it. {@link DriftMonitor} does the same with a map for callers without keyed state.
 */
public final class DriftDetector implements Serializable {
    private static final long serialVersionUID = 1L;

    /** "No window yet" / "no excursion" in {@link DriftState}'s window-end fields. */
    public static final long NONE = Long.MIN_VALUE;

    /** Sample bin index of a missing value. */
    public static final int MISSING = -1;

    /** Sample bin index of a present value of a feature the baseline has no bins for. */
    public static final int UNBINNED = -2;

    private final DriftBaseline baseline;
    private final DriftConfig config;
    private final int features;
    private final int sampleSlots;
    private final int[] binOffset;
    private final int totalBins;
    private final long psiBucketMillis;
    private final Map<String, Integer> featureIndex;

    public DriftDetector(DriftBaseline baseline, DriftConfig config) {
        this.baseline = Objects.requireNonNull(baseline, "baseline");
        this.config = Objects.requireNonNull(config, "config");
        this.features = baseline.featureCount();
        this.sampleSlots = config.samplePredictions();
        this.binOffset = new int[features];
        int offset = 0;
        for (int f = 0; f < features; f++) {
            binOffset[f] = offset;
            BaselineBins bins = baseline.bins(f);
            offset += bins == null ? 0 : bins.size();
        }
        this.totalBins = offset;
        this.psiBucketMillis = config.psiBucketMillis();
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
        s.currentWindowEnd = NONE;
        s.sampleBins = new int[sampleSlots * features];
        s.sampleResiduals = new double[sampleSlots];
        s.sampleWindowEnds = new long[sampleSlots];
        s.psiCounts = new long[DriftConfig.PSI_BUCKETS * totalBins];
        s.psiBucket = new long[DriftConfig.PSI_BUCKETS];
        java.util.Arrays.fill(s.psiBucket, -1);
        s.psiFirstBucket = -1;
        s.pageHinkleyUpSince = NONE;
        s.pageHinkleyDownSince = NONE;
        int slots = 2 * features + 2;
        s.streak = new int[slots];
        s.streakFirstWindowEnd = new long[slots];
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
     * Adds one prediction; if it is the first of a later window, first evaluates the sample as of
     * the windows before it.
     *
     * @param state this model version's state (from {@link #newState()}); updated in place
     * @param windowEnd the prediction's window end, epoch ms
     * @param featureValues in baseline order (see {@link #align}); null or NaN = missing
     * @param residual {@code actual - predicted}, or null without an actual
     * @return the events the evaluation raised (usually none)
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
        List<DriftEvent> events = List.of();
        if (state.currentWindowEnd != NONE && windowEnd > state.currentWindowEnd) {
            events = evaluate(state, state.currentWindowEnd);
        }
        if (state.currentWindowEnd == NONE || windowEnd > state.currentWindowEnd) {
            state.currentWindowEnd = windowEnd;
        }
        record(state, windowEnd, featureValues, residual);
        return events;
    }

    private void record(DriftState s, long windowEnd, Double[] featureValues, Double residual) {
        int slot = s.sampleNext;
        int base = slot * features;
        int psiBase = psiSlot(s, windowEnd) * totalBins;
        for (int f = 0; f < features; f++) {
            Double v = featureValues[f];
            if (v == null || !Double.isFinite(v)) {
                s.sampleBins[base + f] = MISSING;
            } else {
                BaselineBins bins = baseline.bins(f);
                if (bins == null) {
                    s.sampleBins[base + f] = UNBINNED;
                } else {
                    int bin = bins.binOf(v);
                    s.sampleBins[base + f] = bin;
                    s.psiCounts[psiBase + binOffset[f] + bin]++;
                }
            }
        }
        boolean hasResidual = residual != null && Double.isFinite(residual);
        s.sampleResiduals[slot] = hasResidual ? residual : Double.NaN;
        s.sampleWindowEnds[slot] = windowEnd;
        s.sampleNext = (slot + 1) % sampleSlots;
        s.sampleSize = Math.min(s.sampleSize + 1, sampleSlots);
        s.predictions++;
        if (hasResidual) {
            PageHinkley ph =
                    new PageHinkley(
                            config.pageHinkleyDelta(),
                            config.pageHinkleyLambda(),
                            s.pageHinkleyUp,
                            s.pageHinkleyDown);
            ph.add((residual - baseline.residualMean()) / baseline.residualStd());
            s.pageHinkleyUpSince = since(s.pageHinkleyUp, ph.up(), s.pageHinkleyUpSince, windowEnd);
            s.pageHinkleyDownSince =
                    since(s.pageHinkleyDown, ph.down(), s.pageHinkleyDownSince, windowEnd);
            s.pageHinkleyUp = ph.up();
            s.pageHinkleyDown = ph.down();
        }
    }

    /** The PSI bucket slot of {@code windowEnd}, emptied first if it held an older bucket. */
    private int psiSlot(DriftState s, long windowEnd) {
        long bucket = Math.floorDiv(windowEnd, psiBucketMillis);
        int slot = (int) Math.floorMod(bucket, (long) DriftConfig.PSI_BUCKETS);
        if (s.psiBucket[slot] != bucket) {
            if (s.psiBucket[slot] > bucket) {
                return slot; // older than the horizon: counted in the newer bucket's slot, rare
            }
            java.util.Arrays.fill(s.psiCounts, slot * totalBins, (slot + 1) * totalBins, 0);
            s.psiBucket[slot] = bucket;
        }
        if (s.psiFirstBucket < 0 || bucket < s.psiFirstBucket) {
            s.psiFirstBucket = bucket;
        }
        return slot;
    }

    /**
     * Where a Page-Hinkley sum's excursion began, after it went from {@code before} to {@code
     * after}.
     */
    private static long since(double before, double after, long since, long windowEnd) {
        if (after == 0) {
            return NONE;
        }
        return before == 0 || since == NONE ? windowEnd : since;
    }

    private List<DriftEvent> evaluate(DriftState s, long windowEnd) {
        s.evaluations++;
        List<DriftEvent> events = new ArrayList<>(0);
        int n = s.sampleSize;
        long currentBucket = Math.floorDiv(windowEnd, psiBucketMillis);
        // The horizon is covered once the version has data from PSI_BUCKETS - 1 buckets back.
        boolean psiCovered =
                s.psiFirstBucket >= 0
                        && currentBucket - s.psiFirstBucket >= DriftConfig.PSI_BUCKETS - 1;
        for (int f = 0; f < features; f++) {
            BaselineBins bins = baseline.bins(f);
            if (bins != null && psiCovered) {
                long[] live = new long[bins.size()];
                long present = 0;
                for (int b = 0; b < DriftConfig.PSI_BUCKETS; b++) {
                    long bucket = s.psiBucket[b];
                    if (bucket < 0 || currentBucket - bucket >= DriftConfig.PSI_BUCKETS) {
                        continue;
                    }
                    int from = b * totalBins + binOffset[f];
                    for (int i = 0; i < live.length; i++) {
                        live[i] += s.psiCounts[from + i];
                        present += s.psiCounts[from + i];
                    }
                }
                double psi = PopulationStability.psi(bins.counts(), live, config.psiEpsilon());
                long usable = present >= config.psiMinSamples() ? present : 0;
                judge(s, f, DriftMetric.PSI, f, psi, psi, usable, windowEnd, NONE, events);
            }
            long missing = 0;
            for (int i = 0; i < n; i++) {
                if (s.sampleBins[i * features + f] == MISSING) {
                    missing++;
                }
            }
            double change = MissingRateChange.change(missing, n, baseline.missingRate(f));
            judge(
                    s,
                    features + f,
                    DriftMetric.MISSING_RATE_CHANGE,
                    f,
                    change,
                    Math.abs(change),
                    n,
                    windowEnd,
                    NONE,
                    events);
        }
        long residuals = 0;
        double sumOfSquares = 0;
        for (int i = 0; i < n; i++) {
            double r = s.sampleResiduals[i];
            if (!Double.isNaN(r)) {
                residuals++;
                sumOfSquares += r * r;
            }
        }
        boolean upper = s.pageHinkleyUp >= s.pageHinkleyDown;
        double ph = upper ? s.pageHinkleyUp : s.pageHinkleyDown;
        judge(
                s,
                2 * features,
                DriftMetric.RESIDUAL_PAGE_HINKLEY,
                -1,
                ph,
                ph,
                residuals,
                windowEnd,
                upper ? s.pageHinkleyUpSince : s.pageHinkleyDownSince,
                events);
        if (residuals > 0) {
            double ratio =
                    ResidualRmseRatio.ratio(sumOfSquares, residuals, baseline.residualRmse());
            judge(
                    s,
                    2 * features + 1,
                    DriftMetric.RESIDUAL_RMSE_RATIO,
                    -1,
                    ratio,
                    ratio,
                    residuals,
                    windowEnd,
                    NONE,
                    events);
        }
        return events;
    }

    /**
     * Hysteresis of one metric slot; {@code magnitude} is compared with the threshold. {@code
     * changeStart} is the metric's own estimate of when the change began, or {@link #NONE}.
     */
    private void judge(
            DriftState s,
            int slot,
            DriftMetric metric,
            int feature,
            double value,
            double magnitude,
            long samples,
            long windowEnd,
            long changeStart,
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
            s.streakFirstWindowEnd[slot] = windowEnd;
        }
        s.streak[slot]++;
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
        long streakStart = s.streakFirstWindowEnd[slot];
        e.firstWindowEnd = changeStart == NONE ? streakStart : Math.min(changeStart, streakStart);
        e.lastWindowEnd = windowEnd;
        e.sampleCount = samples;
        e.evaluations = s.streak[slot];
        e.episodeId =
                DriftEvent.episodeIdOf(
                        e.assetType, e.modelVersion, e.metric, e.feature, streakStart);
        events.add(e);
        s.streak[slot] = 0;
        s.inEpisode[slot] = true;
    }

    private void checkState(DriftState s) {
        if (!baseline.assetType().equals(s.assetType)
                || !baseline.modelVersion().equals(s.modelVersion)
                || s.sampleBins == null
                || s.sampleBins.length != sampleSlots * features
                || s.sampleResiduals == null
                || s.sampleResiduals.length != sampleSlots
                || s.psiCounts == null
                || s.psiCounts.length != DriftConfig.PSI_BUCKETS * totalBins
                || s.streak == null
                || s.streak.length != 2 * features + 2) {
            throw new IllegalArgumentException(
                    "state of "
                            + s.assetType
                            + "/"
                            + s.modelVersion
                            + " does not belong to the detector of "
                            + keyOf(baseline.assetType(), baseline.modelVersion())
                            + " (or was made with another sample size)");
        }
    }
}
