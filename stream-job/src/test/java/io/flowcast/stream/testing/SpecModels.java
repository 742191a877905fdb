package io.flowcast.stream.testing;

import io.flowcast.stream.local.sagemaker.ModelMetadata;
import io.flowcast.stream.local.sagemaker.ModelRegistryWriter;
import io.flowcast.stream.window.FeatureSpec;
import io.flowcast.stream.window.FeatureSpecs;
import java.io.IOException;
import java.nio.file.Path;
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
 * Real XGBoost models with the input layout of the project's feature specs, trained in a second on
 * random rows (the target is the mean of the features). For end-to-end tests that need the model
 * server to answer for every spec's vectors; the predictions themselves mean nothing.
 */
public final class SpecModels {

    private static final int ROWS = 200;

    private SpecModels() {}

    /** Trains and registers one model per asset type into the registry at {@code registry}. */
    public static void registerAll(Path registry, List<String> assetTypes)
            throws IOException, XGBoostError {
        FeatureSpecs specs = FeatureSpecs.loadFromClasspath(assetTypes);
        ModelRegistryWriter writer = new ModelRegistryWriter(registry);
        for (String type : assetTypes) {
            FeatureSpec spec = specs.forType(type);
            List<String> features = spec.featureNames();
            Booster booster = train(features.size(), type.hashCode());
            try {
                Map<String, String> hyperparameters = new LinkedHashMap<>();
                hyperparameters.put("max_depth", "3");
                hyperparameters.put("num_round", "5");
                writer.registerNext(
                        new ModelMetadata(
                                type,
                                "v0001",
                                features,
                                spec.target().name(),
                                spec.version(),
                                "reg:squarederror",
                                1.0,
                                Instant.parse("2026-11-22T00:00:00Z"),
                                hyperparameters),
                        booster.toByteArray("ubj"));
            } finally {
                booster.dispose();
            }
        }
    }

    private static Booster train(int columns, long seed) throws XGBoostError {
        Random random = new Random(seed);
        float[] x = new float[ROWS * columns];
        float[] y = new float[ROWS];
        for (int r = 0; r < ROWS; r++) {
            float sum = 0;
            for (int c = 0; c < columns; c++) {
                float v = random.nextFloat() * 100;
                x[r * columns + c] = v;
                sum += v;
            }
            y[r] = sum / columns;
        }
        DMatrix train = new DMatrix(x, ROWS, columns, Float.NaN);
        try {
            train.setLabel(y);
            Map<String, Object> params = new HashMap<>();
            params.put("objective", "reg:squarederror");
            params.put("max_depth", 3);
            params.put("nthread", 1);
            params.put("seed", 1);
            return XGBoost.train(train, params, 5, new HashMap<>(), null, null);
        } finally {
            train.dispose();
        }
    }
}
