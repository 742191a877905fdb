package io.flowcast.stream.bench;

import io.flowcast.stream.local.sagemaker.ModelArchive;
import io.flowcast.stream.local.sagemaker.ModelMetadata;
import io.flowcast.stream.local.sagemaker.ModelRegistryWriter;
import io.flowcast.stream.local.sagemaker.RegisteredModel;
import io.flowcast.stream.window.FeatureSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The model of {@link InferenceBenchmark}: a real XGBoost regressor of the pump's bearing
 * temperature from the pump spec's 8 features, trained with XGBoost4J on rows drawn like {@link
 * InferBenchVectors#row(long)}'s, and registered with {@link ModelRegistryWriter} as the next
 * version of {@code pump} (the registry layout the model server and {@code RegistryBaselines}
 * read). {@link #reference} loads the registered booster back and scores rows in this JVM: the
 * figures every prediction of the job is checked against.
 */
final class InferBenchModel {

    static final int TRAINING_ROWS = 20_000;
    static final int VALIDATION_ROWS = 5_000;
    static final int ROUNDS = 100;
    static final int MAX_DEPTH = 6;
    static final double ETA = 0.3;

    private InferBenchModel() {}

    /**
     * A plausible bearing temperature for a row: ambient plus heating from load (level, peak and
     * trend), pressure and vibration, minus cooling by flow, with measurement noise from {@code
     * noise}. A missing vibration counts as its typical value.
     */
    static float truth(float[] r, SplittableRandom noise) {
        float vibration = Float.isNaN(r[6]) ? 3.5f : r[6];
        double t =
                r[3]
                        + 0.35 * r[0]
                        + 0.05 * (r[1] - r[0])
                        + 4.0 * r[2]
                        - 0.04 * r[4]
                        + 0.8 * r[5]
                        + 1.5 * vibration
                        + (Float.isNaN(r[7]) ? 0 : 2.0 * r[7] * r[7]);
        return (float) (t + 0.5 * gaussian(noise));
    }

    /** Trains the model, registers it under {@code registry} and returns the registered version. */
    static RegisteredModel trainAndRegister(Path registry) throws XGBoostError, IOException {
        FeatureSpec spec = InferBenchVectors.spec();
        SplittableRandom random = new SplittableRandom(20_261_121L);
        DMatrix train = matrix(TRAINING_ROWS, random);
        DMatrix validation = matrix(VALIDATION_ROWS, random);
        Map<String, Object> params = new HashMap<>();
        params.put("objective", "reg:squarederror");
        params.put("max_depth", MAX_DEPTH);
        params.put("eta", ETA);
        params.put("nthread", 1);
        params.put("seed", 1);
        Booster booster = XGBoost.train(train, params, ROUNDS, new HashMap<>(), null, null);
        try {
            float[][] predicted = booster.predict(validation);
            float[] labels = validation.getLabel();
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < labels.length; i++) {
                double residual = labels[i] - predicted[i][0];
                sum += residual;
                sumSq += residual * residual;
            }
            double mean = sum / labels.length;
            double residualStd = Math.sqrt(Math.max(0, sumSq / labels.length - mean * mean));
            Map<String, String> hyperparameters = new LinkedHashMap<>();
            hyperparameters.put("objective", "reg:squarederror");
            hyperparameters.put("max_depth", Integer.toString(MAX_DEPTH));
            hyperparameters.put("eta", Double.toString(ETA));
            hyperparameters.put("num_round", Integer.toString(ROUNDS));
            ModelMetadata metadata =
                    new ModelMetadata(
                            spec.assetType(),
                            "v0001",
                            spec.featureNames(),
                            spec.targetSignal() + "." + spec.targetStatistic().jsonName(),
                            spec.version(),
                            "reg:squarederror",
                            residualStd,
                            Instant.now(),
                            hyperparameters);
            return new ModelRegistryWriter(registry)
                    .registerNext(metadata, booster.toByteArray("ubj"));
        } finally {
            booster.dispose();
            train.dispose();
            validation.dispose();
        }
    }

    /**
     * XGBoost4J's own predictions for indexes {@code 0..n-1}, from the booster read back out of the
     * registered archive (as the server reads it).
     */
    static float[] reference(RegisteredModel model, long n) throws XGBoostError, IOException {
        Booster booster = XGBoost.loadModel(ModelArchive.readModel(model.modelArchive()));
        try {
            booster.setParam("nthread", 1);
            float[] out = new float[(int) n];
            int chunk = 50_000;
            for (int start = 0; start < n; start += chunk) {
                int rows = (int) Math.min(chunk, n - start);
                float[] values = new float[rows * InferBenchVectors.FEATURES];
                for (int i = 0; i < rows; i++) {
                    System.arraycopy(
                            InferBenchVectors.row(start + i),
                            0,
                            values,
                            i * InferBenchVectors.FEATURES,
                            InferBenchVectors.FEATURES);
                }
                DMatrix m = new DMatrix(values, rows, InferBenchVectors.FEATURES, Float.NaN);
                try {
                    float[][] raw = booster.predict(m);
                    for (int i = 0; i < rows; i++) {
                        out[start + i] = raw[i][0];
                    }
                } finally {
                    m.dispose();
                }
            }
            return out;
        } finally {
            booster.dispose();
        }
    }

    private static DMatrix matrix(int rows, SplittableRandom random) throws XGBoostError {
        float[] values = new float[rows * InferBenchVectors.FEATURES];
        float[] labels = new float[rows];
        for (int i = 0; i < rows; i++) {
            float[] r = InferBenchVectors.row(random);
            System.arraycopy(r, 0, values, i * r.length, r.length);
            labels[i] = truth(r, random);
        }
        DMatrix m = new DMatrix(values, rows, InferBenchVectors.FEATURES, Float.NaN);
        m.setLabel(labels);
        return m;
    }

    /** A standard normal draw (Box-Muller; SplittableRandom has no nextGaussian on Java 11). */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
