package io.flowcast.training.history;

import io.flowcast.stream.window.Feature;
import io.flowcast.stream.window.FeatureAccumulator;
import io.flowcast.stream.window.FeatureSpec;
import io.flowcast.stream.window.SignalStats;
import io.flowcast.stream.window.StatsLayout;
import java.util.List;
import java.util.Optional;

/**
 * Reads a training row out of a closed window's {@link FeatureAccumulator}, the state the job's
 * {@code FeatureAggregateFunction} builds, with the job's own statistics ({@link
 * io.flowcast.stream.window.FeatureStatistic#of(SignalStats)}). So a training feature is computed
 * by exactly the code that computes it in the job.
 *
 * <p>A signal without usable samples gives NaN features (XGBoost's missing value). Unlike the job's
 * {@code FeatureVectorFunction} this does not carry features forward from an earlier window:
 * simulated history has no gaps, so carrying never applies there; history from the data lake will
 * hold the job's own vectors, carried values included.
 */
public final class WindowFeatures {

    private WindowFeatures() {}

    /**
     * The row of one window, or empty when the target signal had no usable sample (nothing to learn
     * from).
     */
    public static Optional<FeatureRow> toRow(
            FeatureSpec spec, String assetId, long windowStart, FeatureAccumulator acc) {
        StatsLayout layout = spec.statsLayout();
        List<String> signals = spec.signals();
        SignalStats targetStats = acc.stats(layout, signals.indexOf(spec.targetSignal()));
        if (targetStats.isEmpty()) {
            return Optional.empty();
        }
        double target = spec.targetStatistic().of(targetStats);
        float[] features = new float[spec.featureCount()];
        for (int f = 0; f < features.length; f++) {
            Feature feature = spec.features().get(f);
            SignalStats stats = acc.stats(layout, signals.indexOf(feature.signal()));
            features[f] = stats.isEmpty() ? Float.NaN : (float) feature.statistic().of(stats);
        }
        return Optional.of(new FeatureRow(assetId, windowStart, features, target));
    }
}
