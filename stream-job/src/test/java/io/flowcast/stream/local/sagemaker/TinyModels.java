package io.flowcast.stream.local.sagemaker;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Trains tiny XGBoost regressors on a known function of three features, with some values missing,
 * and builds the metadata the registry needs: the models the server tests register.
 */
public final class TinyModels {

    public static final String ASSET_TYPE = "pump";
    public static final List<String> FEATURES = List.of("Load.mean", "Speed.mean", "Vibration.max");
    public static final int TRAINING_ROWS = 400;

    private TinyModels() {}

    /** y = 2 a + b^2 - c (+ {@code shift}); about 5% of the values are missing. */
    public static float target(float a, float b, float c, float shift) {
        return 2 * a + b * b - c + shift;
    }

    /** Rows in row-major order, {@code rows} x 3, values in [0, 4), some NaN. */
    public static float[] rows(int rows, long seed) {
        Random random = new Random(seed);
        float[] values = new float[rows * FEATURES.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() < 0.05 ? Float.NaN : random.nextFloat() * 4;
        }
        return values;
    }

    /** Trains a booster on {@link #TRAINING_ROWS} rows of {@link #target} with {@code shift}. */
    public static Booster train(float shift, int rounds) throws XGBoostError {
        float[] x = rows(TRAINING_ROWS, 7);
        float[] y = new float[TRAINING_ROWS];
        for (int i = 0; i < TRAINING_ROWS; i++) {
            float a = nanToZero(x[i * 3]);
            float b = nanToZero(x[i * 3 + 1]);
            float c = nanToZero(x[i * 3 + 2]);
            y[i] = target(a, b, c, shift);
        }
        DMatrix train = new DMatrix(x, TRAINING_ROWS, FEATURES.size(), Float.NaN);
        train.setLabel(y);
        Map<String, Object> params = new HashMap<>();
        params.put("objective", "reg:squarederror");
        params.put("max_depth", 4);
        params.put("eta", 0.3);
        params.put("nthread", 1);
        params.put("seed", 1);
        Booster booster = XGBoost.train(train, params, rounds, new HashMap<>(), null, null);
        train.dispose();
        return booster;
    }

    /** What XGBoost4J itself predicts for {@code rows} (row-major, 3 columns). */
    public static float[] predict(Booster booster, float[] rows) throws XGBoostError {
        DMatrix matrix =
                new DMatrix(rows, rows.length / FEATURES.size(), FEATURES.size(), Float.NaN);
        try {
            float[][] raw = booster.predict(matrix);
            float[] out = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                out[i] = raw[i][0];
            }
            return out;
        } finally {
            matrix.dispose();
        }
    }

    /** Metadata for {@link #ASSET_TYPE}; the writer assigns the version. */
    public static ModelMetadata metadata(String assetType) {
        Map<String, String> hyperparameters = new LinkedHashMap<>();
        hyperparameters.put("max_depth", "4");
        hyperparameters.put("eta", "0.3");
        hyperparameters.put("num_round", "30");
        return new ModelMetadata(
                assetType,
                "v0001",
                FEATURES,
                "BearingTemp.mean",
                1,
                "reg:squarederror",
                0.25,
                Instant.parse("2026-11-21T10:00:00Z"),
                hyperparameters);
    }

    private static float nanToZero(float v) {
        return Float.isNaN(v) ? 0 : v;
    }
}
