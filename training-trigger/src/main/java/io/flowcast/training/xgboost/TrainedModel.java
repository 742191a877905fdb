package io.flowcast.training.xgboost;

import io.flowcast.training.history.FeatureTable;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The outcome of {@link XgboostTrainer#train(FeatureTable)}: the booster, the data it was trained
 * and judged on, and the metrics.
 *
 * <p>Owns the booster's native memory: call {@link #dispose()} when done.
 */
public final class TrainedModel {

    /**
     * The saved-model format written to the registry: JSON. XGBoost 1.7 (SageMaker's built-in
     * XGBoost 1.7-1 container) loads a file without extension as JSON when it starts with '{'.
     */
    public static final String MODEL_FORMAT = "json";

    private final FeatureTable data;
    private final HoldOutSplit.Parts parts;
    private final Booster booster;
    private final Hyperparameters hyperparameters;
    private final HoldOutSplit split;
    private final double holdOutFraction;
    private final RegressionMetrics trainMetrics;
    private final RegressionMetrics holdOutMetrics;
    private final double[] holdOutPredictions;
    private final long trainingNanos;

    TrainedModel(
            FeatureTable data,
            HoldOutSplit.Parts parts,
            Booster booster,
            Hyperparameters hyperparameters,
            HoldOutSplit split,
            double holdOutFraction,
            RegressionMetrics trainMetrics,
            RegressionMetrics holdOutMetrics,
            double[] holdOutPredictions,
            long trainingNanos) {
        this.data = data;
        this.parts = parts;
        this.booster = booster;
        this.hyperparameters = hyperparameters;
        this.split = split;
        this.holdOutFraction = holdOutFraction;
        this.trainMetrics = trainMetrics;
        this.holdOutMetrics = holdOutMetrics;
        this.holdOutPredictions = holdOutPredictions;
        this.trainingNanos = trainingNanos;
    }

    /** All rows, training and held-out. */
    public FeatureTable data() {
        return data;
    }

    public FeatureTable trainPart() {
        return parts.train();
    }

    public FeatureTable holdOutPart() {
        return parts.holdOut();
    }

    public Booster booster() {
        return booster;
    }

    public Hyperparameters hyperparameters() {
        return hyperparameters;
    }

    public HoldOutSplit split() {
        return split;
    }

    public double holdOutFraction() {
        return holdOutFraction;
    }

    public RegressionMetrics trainMetrics() {
        return trainMetrics;
    }

    public RegressionMetrics holdOutMetrics() {
        return holdOutMetrics;
    }

    /** Predictions for {@link #holdOutPart()}'s rows, in order. */
    public double[] holdOutPredictions() {
        return holdOutPredictions.clone();
    }

    /** Residuals (actual minus predicted) of the held-out rows, in order. */
    public double[] holdOutResiduals() {
        double[] out = new double[holdOutPredictions.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = parts.holdOut().rows().get(i).target() - holdOutPredictions[i];
        }
        return out;
    }

    /** Wall time of {@code XGBoost.train}, in milliseconds. */
    public double trainingMillis() {
        return trainingNanos / 1e6;
    }

    /** The saved model in {@link #MODEL_FORMAT}, the content of the registry's xgboost-model. */
    public byte[] modelBytes() {
        try {
            return booster.toByteArray(MODEL_FORMAT);
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost could not save the model: " + e, e);
        }
    }

    /** Frees the booster's native memory. */
    public void dispose() {
        booster.dispose();
    }
}
