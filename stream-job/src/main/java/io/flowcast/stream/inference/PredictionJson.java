package io.flowcast.stream.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON form of a {@link Prediction}: {@code schemas/records/prediction.schema.json}. */
public final class PredictionJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PredictionJson() {}

    public static ObjectNode toJson(Prediction p) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("predictionId", p.predictionId);
        json.put("assetId", p.assetId);
        json.put("assetType", p.assetType);
        json.put("site", p.site);
        json.put("line", p.line);
        json.put("windowStart", p.windowStart);
        json.put("windowEnd", p.windowEnd);
        json.put("target", p.target);
        json.put("predicted", p.predicted);
        json.put("actual", p.actual);
        json.put("residual", p.residual);
        json.put("anomalyScore", p.anomalyScore);
        json.put("anomaly", p.anomaly);
        json.put("endpoint", p.endpoint);
        json.put("variant", p.variant);
        json.put("modelVersion", p.modelVersion);
        json.put("latencyMs", p.latencyMs);
        json.put("attempts", p.attempts);
        json.put("enrichment", p.enrichment);
        json.set("features", featuresJson(p));
        return json;
    }

    /**
     * The model's input as a JSON object ({@code {"Load.mean": 41.2, ...}}, a missing feature
     * null), or JSON null when the prediction carries no features.
     */
    public static JsonNode featuresJson(Prediction p) {
        if (p.featureNames == null || p.features == null) {
            return NullNode.getInstance();
        }
        ObjectNode features = MAPPER.createObjectNode();
        for (int i = 0; i < p.featureNames.length; i++) {
            features.put(p.featureNames[i], p.features[i]);
        }
        return features;
    }

    /** {@link #featuresJson} as a string, or null when the prediction carries no features. */
    public static String featuresJsonString(Prediction p) {
        JsonNode features = featuresJson(p);
        if (features.isNull()) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(features);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize features of " + p.predictionId, e);
        }
    }

    public static String toJsonString(Prediction p) {
        try {
            return MAPPER.writeValueAsString(toJson(p));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize prediction " + p.predictionId, e);
        }
    }
}
