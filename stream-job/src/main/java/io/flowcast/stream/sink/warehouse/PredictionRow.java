package io.flowcast.stream.sink.warehouse;

import io.flowcast.stream.inference.Prediction;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Prediction} as a row of {@link WarehouseTable#PREDICTIONS}, plus the model's input
 * features as a JSON object ({@code {"Load.mean": 41.2, ...}}, a missing feature {@code null}),
 * stored in the semi-structured {@code features} column so that a model with other features never
 * needs a table change. Immutable: the values are copied when the row is made.
 */
public final class PredictionRow implements WarehouseRow {

    private final String predictionId;
    private final List<Object> values;

    private PredictionRow(String predictionId, List<Object> values) {
        this.predictionId = predictionId;
        this.values = values;
    }

    /**
     * The row of {@code prediction}; {@code featuresJson} is a JSON object or null when the
     * features are not known.
     *
     * @throws IllegalArgumentException if the prediction has no id
     */
    public static PredictionRow of(Prediction prediction, String featuresJson) {
        Objects.requireNonNull(prediction, "prediction");
        if (prediction.predictionId == null || prediction.predictionId.isEmpty()) {
            throw new IllegalArgumentException("prediction has no predictionId: " + prediction);
        }
        List<Object> values =
                Arrays.asList(
                        prediction.predictionId,
                        prediction.assetId,
                        prediction.assetType,
                        prediction.site,
                        prediction.line,
                        prediction.windowStart,
                        prediction.windowEnd,
                        prediction.target,
                        prediction.predicted,
                        prediction.actual,
                        prediction.residual,
                        prediction.anomalyScore,
                        prediction.anomaly,
                        prediction.endpoint,
                        prediction.variant,
                        prediction.modelVersion,
                        prediction.latencyMs,
                        prediction.attempts,
                        prediction.enrichment,
                        featuresJson);
        return new PredictionRow(prediction.predictionId, Collections.unmodifiableList(values));
    }

    @Override
    public WarehouseTable table() {
        return WarehouseTable.PREDICTIONS;
    }

    @Override
    public String key() {
        return predictionId;
    }

    @Override
    public List<Object> values() {
        return values;
    }

    @Override
    public String toString() {
        return "PredictionRow" + values;
    }
}
