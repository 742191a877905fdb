package io.flowcast.stream.inference;

import java.io.Serializable;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The training baseline of a served model: its residual spread (standard deviation of {@code actual
 * - predicted} on held-out data), which turns a residual into an anomaly score. Production and the
 * local run read it from the model registry ({@link RegistryBaselines}); tests use {@link
 * #fixed(Map)}.
 */
public interface BaselineSource extends Serializable {

    /**
     * The residual spread of {@code assetType}'s model {@code modelVersion} (null: the latest
     * registered version); empty if unknown, in which case predictions carry no anomaly score.
     */
    OptionalDouble residualStd(String assetType, String modelVersion);

    /** A fixed residual spread per asset type, whatever the version. */
    static BaselineSource fixed(Map<String, Double> residualStdByType) {
        java.util.HashMap<String, Double> copy = new java.util.HashMap<>(residualStdByType);
        return (type, version) -> {
            Double std = copy.get(type);
            return std == null ? OptionalDouble.empty() : OptionalDouble.of(std);
        };
    }
}
