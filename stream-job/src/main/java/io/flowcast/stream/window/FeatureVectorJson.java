package io.flowcast.stream.window;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * The JSON form of a {@link FeatureVector}, as {@code schemas/records/feature-vector.schema.json}
 * specifies.
 */
public final class FeatureVectorJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FeatureVectorJson() {}

    public static ObjectNode toJson(FeatureVector v) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("assetId", v.assetId);
        json.put("assetType", v.assetType);
        json.put("specVersion", v.specVersion);
        json.put("windowStart", v.windowStart);
        json.put("windowEnd", v.windowEnd);
        ArrayNode names = json.putArray("featureNames");
        for (String name : v.featureNames) {
            names.add(name);
        }
        ArrayNode values = json.putArray("features");
        for (Double value : v.features) {
            if (value == null) {
                values.addNull();
            } else {
                values.add(value);
            }
        }
        ArrayNode carried = json.putArray("carriedForward");
        for (String signal : v.carriedForward) {
            carried.add(signal);
        }
        ArrayNode missing = json.putArray("missingSignals");
        for (String signal : v.missingSignals) {
            missing.add(signal);
        }
        ObjectNode counts = json.putObject("signalSampleCounts");
        for (int i = 0; i < v.signals.length; i++) {
            counts.put(v.signals[i], v.signalSampleCounts[i]);
        }
        json.put("sampleCount", v.sampleCount);
        json.put("duplicateSamples", v.duplicateSamples);
        json.put("targetSignal", v.targetSignal);
        json.put("targetStatistic", v.targetStatistic);
        if (v.targetActual == null) {
            json.putNull("targetActual");
        } else {
            json.put("targetActual", v.targetActual);
        }
        return json;
    }

    public static String toJsonString(FeatureVector v) {
        try {
            return MAPPER.writeValueAsString(toJson(v));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize feature vector of " + v.assetId, e);
        }
    }

    public static byte[] toJsonBytes(FeatureVector v) {
        return toJsonString(v).getBytes(StandardCharsets.UTF_8);
    }
}
