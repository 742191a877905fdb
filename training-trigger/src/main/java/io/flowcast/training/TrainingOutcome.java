package io.flowcast.training;

import io.flowcast.training.xgboost.RegressionMetrics;
import java.util.Locale;
import java.util.Optional;

/**
 * What happened to one asset type in a training run: skipped (it already had a version and the run
 * was {@code --if-empty}), or trained and published as a version, with its row count, hold-out
 * metrics and timings. Immutable.
 */
public final class TrainingOutcome {

    private final String assetType;
    private final String version;
    private final String skippedBecause;
    private final int rows;
    private final RegressionMetrics holdOut;
    private final double trainingMillis;
    private final double totalMillis;

    private TrainingOutcome(
            String assetType,
            String version,
            String skippedBecause,
            int rows,
            RegressionMetrics holdOut,
            double trainingMillis,
            double totalMillis) {
        this.assetType = assetType;
        this.version = version;
        this.skippedBecause = skippedBecause;
        this.rows = rows;
        this.holdOut = holdOut;
        this.trainingMillis = trainingMillis;
        this.totalMillis = totalMillis;
    }

    static TrainingOutcome skipped(String assetType, String reason) {
        return new TrainingOutcome(assetType, null, reason, 0, null, 0, 0);
    }

    static TrainingOutcome published(
            String assetType,
            String version,
            int rows,
            RegressionMetrics holdOut,
            double trainingMillis,
            double totalMillis) {
        return new TrainingOutcome(
                assetType, version, null, rows, holdOut, trainingMillis, totalMillis);
    }

    public String assetType() {
        return assetType;
    }

    /** The version written; empty when skipped. */
    public Optional<String> version() {
        return Optional.ofNullable(version);
    }

    public boolean skipped() {
        return skippedBecause != null;
    }

    /** Rows (windows) the model was built from, training and held-out. */
    public int rows() {
        return rows;
    }

    /** Hold-out metrics; empty when skipped. */
    public Optional<RegressionMetrics> holdOut() {
        return Optional.ofNullable(holdOut);
    }

    /** Wall time of XGBoost training alone, ms. */
    public double trainingMillis() {
        return trainingMillis;
    }

    /** Wall time of training, evaluation and publishing, ms (history generation excluded). */
    public double totalMillis() {
        return totalMillis;
    }

    /** One line for the console. */
    public String describe() {
        if (skipped()) {
            return assetType + ": skipped (" + skippedBecause + ")";
        }
        return String.format(
                Locale.ROOT,
                "%s: %d rows, hold-out %s; wrote %s in %.0f ms (XGBoost %.0f ms)",
                assetType,
                rows,
                holdOut,
                version,
                totalMillis,
                trainingMillis);
    }

    @Override
    public String toString() {
        return describe();
    }
}
