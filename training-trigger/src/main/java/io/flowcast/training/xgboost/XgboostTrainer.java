package io.flowcast.training.xgboost;

import io.flowcast.training.history.FeatureTable;
import java.util.Collections;
import java.util.Objects;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Trains one asset type's normal-behaviour model with XGBoost4J: regression ({@code
 * reg:squarederror}) of the spec's target on its features, NaN as missing.
 *
 * <p>In: a {@link FeatureTable}, {@link Hyperparameters}, a {@link HoldOutSplit} and its fraction.
 * Out: a {@link TrainedModel} holding the booster (trained on the training part only), its
 * predictions and metrics on the held-out part, and its training-part RMSE. The seed for the random
 * split is the hyperparameters' {@code seed}. CPU {@code hist} training is deterministic for the
 * same data and parameters.
 */
public final class XgboostTrainer {

    /** XGBoost's missing value in the dense matrices built here. */
    public static final float MISSING = Float.NaN;

    private final Hyperparameters hyperparameters;
    private final HoldOutSplit split;
    private final double holdOutFraction;

    /**
     * @throws IllegalArgumentException if the fraction is not in (0, 1)
     */
    public XgboostTrainer(
            Hyperparameters hyperparameters, HoldOutSplit split, double holdOutFraction) {
        this.hyperparameters = Objects.requireNonNull(hyperparameters, "hyperparameters");
        this.split = Objects.requireNonNull(split, "split");
        if (!(holdOutFraction > 0 && holdOutFraction < 1)) {
            throw new IllegalArgumentException(
                    "hold-out fraction must be between 0 and 1, got " + holdOutFraction);
        }
        this.holdOutFraction = holdOutFraction;
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

    /**
     * Trains on {@code table}'s training part and evaluates on its held-out part.
     *
     * @throws IllegalArgumentException if the table cannot be split (too few rows)
     * @throws IllegalStateException if XGBoost fails
     */
    public TrainedModel train(FeatureTable table) {
        return train(table, null);
    }

    /**
     * Like {@link #train(FeatureTable)}, but continues boosting a saved model instead of starting
     * from nothing: {@code num_round} more trees are fitted to what {@code initialModel} still gets
     * wrong on the training part (XGBoost's training continuation). The returned model holds the
     * initial trees and the new ones.
     *
     * @param initialModel a saved XGBoost model (any format XGBoost loads) over the same features
     *     in the same order, or null to start from nothing
     * @throws IllegalArgumentException if the table cannot be split, or the initial model uses more
     *     features than the table has
     * @throws IllegalStateException if XGBoost fails
     */
    public TrainedModel train(FeatureTable table, byte[] initialModel) {
        long seed = Long.parseLong(hyperparameters.asMap().getOrDefault("seed", "0"));
        HoldOutSplit.Parts parts = split.split(table, holdOutFraction, seed);
        long started = System.nanoTime();
        DMatrix train = null;
        Booster initial = null;
        try {
            if (initialModel != null) {
                initial = XGBoost.loadModel(initialModel);
                if (initial.getNumFeature() > table.spec().featureCount()) {
                    throw new IllegalArgumentException(
                            "the initial model uses "
                                    + initial.getNumFeature()
                                    + " features; the "
                                    + table.assetType()
                                    + " spec has "
                                    + table.spec().featureCount());
                }
            }
            train = matrix(parts.train());
            Booster booster =
                    XGBoost.train(
                            train,
                            hyperparameters.boosterParams(),
                            hyperparameters.numRound(),
                            Collections.emptyMap(),
                            null,
                            null,
                            null,
                            0,
                            initial);
            initial = null; // the trained booster is the initial one, continued
            long trainingNanos = System.nanoTime() - started;
            double[] trainPredicted = predict(booster, parts.train());
            double[] holdOutPredicted = predict(booster, parts.holdOut());
            RegressionMetrics trainMetrics =
                    RegressionMetrics.of(targets(parts.train()), trainPredicted);
            RegressionMetrics holdOutMetrics =
                    RegressionMetrics.of(targets(parts.holdOut()), holdOutPredicted);
            return new TrainedModel(
                    table,
                    parts,
                    booster,
                    hyperparameters,
                    split,
                    holdOutFraction,
                    trainMetrics,
                    holdOutMetrics,
                    holdOutPredicted,
                    trainingNanos);
        } catch (XGBoostError e) {
            throw new IllegalStateException(
                    "XGBoost failed to train the " + table.assetType() + " model: " + e, e);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("XGBoost cannot load the initial model: " + e, e);
        } finally {
            if (train != null) {
                train.dispose();
            }
            if (initial != null) {
                initial.dispose();
            }
        }
    }

    /** The booster's predictions for every row of {@code table}, in row order. */
    public static double[] predict(Booster booster, FeatureTable table) throws XGBoostError {
        DMatrix m = matrix(table);
        try {
            float[][] out = booster.predict(m);
            double[] predictions = new double[out.length];
            for (int i = 0; i < out.length; i++) {
                predictions[i] = out[i][0];
            }
            return predictions;
        } finally {
            m.dispose();
        }
    }

    static DMatrix matrix(FeatureTable table) throws XGBoostError {
        DMatrix m =
                new DMatrix(
                        table.denseFeatures(), table.size(), table.spec().featureCount(), MISSING);
        m.setLabel(table.labels());
        return m;
    }

    private static double[] targets(FeatureTable table) {
        double[] out = new double[table.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = table.rows().get(i).target();
        }
        return out;
    }
}
