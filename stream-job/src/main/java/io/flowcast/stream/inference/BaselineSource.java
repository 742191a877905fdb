package io.flowcast.stream.inference;

import java.io.Serializable;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The training baseline of a served model: its residual spread (standard deviation of {@code actual
 * - predicted} on held-out data), which turns a residual into an anomaly score, and the newest
 * registered version of each asset type, which names the model of a prediction whose endpoint does
 * not say which version answered. Production and the local run read both from the model registry
 * ({@link RegistryBaselines}); tests use {@link #fixed(Map)}.
 */
public interface BaselineSource extends Serializable {

    /**
     * The residual spread of {@code assetType}'s model {@code modelVersion} (null: the latest
     * registered version); empty if unknown, in which case predictions carry no anomaly score.
     */
    OptionalDouble residualStd(String assetType, String modelVersion);

    /**
     * The newest registered version of {@code assetType} (e.g. {@code v0002}), or null if none is
     * known. {@link InferenceFunction} names a prediction's model with it when the endpoint's
     * answer carries no {@value BatchingInvoker#MODEL_VERSION_ATTRIBUTE} custom attribute (the
     * SageMaker built-in containers send none): the registry's newest version is the one the
     * endpoint serves, because a version is registered only once its endpoint serves it.
     */
    default String latestVersion(String assetType) {
        return null;
    }

    /** A fixed residual spread per asset type, whatever the version. */
    static BaselineSource fixed(Map<String, Double> residualStdByType) {
        java.util.HashMap<String, Double> copy = new java.util.HashMap<>(residualStdByType);
        return (type, version) -> {
            Double std = copy.get(type);
            return std == null ? OptionalDouble.empty() : OptionalDouble.of(std);
        };
    }
}
