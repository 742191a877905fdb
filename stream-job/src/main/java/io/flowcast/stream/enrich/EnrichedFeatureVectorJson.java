package io.flowcast.stream.enrich;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowcast.stream.window.FeatureVectorJson;

/**
 * The JSON form of an {@link EnrichedFeatureVector}, as {@code
 * schemas/records/enriched-feature-vector.schema.json} specifies: the feature vector unchanged
 * under {@code vector}, the asset context under {@code asset}, and the enrichment status.
 */
public final class EnrichedFeatureVectorJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EnrichedFeatureVectorJson() {}

    public static ObjectNode toJson(EnrichedFeatureVector e) {
        ObjectNode json = MAPPER.createObjectNode();
        json.set("vector", FeatureVectorJson.toJson(e.vector));
        ObjectNode asset = json.putObject("asset");
        AssetContext a = e.asset;
        asset.put("assetId", a.assetId);
        asset.put("assetType", a.assetType);
        asset.put("site", a.site);
        asset.put("line", a.line);
        asset.put("ratedPowerKw", a.ratedPowerKw);
        asset.put("ratedFlowM3h", a.ratedFlowM3h);
        asset.put("ratedPressureBar", a.ratedPressureBar);
        asset.put("ratedSpeedRpm", a.ratedSpeedRpm);
        asset.put("modelEndpoint", a.modelEndpoint);
        asset.put("modelVariant", a.modelVariant);
        asset.put("active", a.active);
        if (a.updatedAtMillis > 0) {
            asset.put("updatedAt", a.updatedAtMillis);
        } else {
            asset.putNull("updatedAt");
        }
        json.put("enrichment", e.enrichment.name());
        json.put("enrichmentDetail", e.enrichmentDetail);
        json.put("contextAgeMs", e.contextAgeMillis);
        return json;
    }

    public static String toJsonString(EnrichedFeatureVector e) {
        try {
            return MAPPER.writeValueAsString(toJson(e));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(
                    "Cannot serialize enriched vector of " + e.vector.assetId, ex);
        }
    }
}
