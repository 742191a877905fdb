package io.flowcast.stream.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON form of a {@link DriftEvent}: {@code schemas/records/drift-event.schema.json}. */
public final class DriftEventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DriftEventJson() {}

    public static ObjectNode toJson(DriftEvent e) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("episodeId", e.episodeId);
        json.put("assetType", e.assetType);
        json.put("modelVersion", e.modelVersion);
        json.put("metric", e.metric);
        json.put("feature", e.feature);
        json.put("value", e.value);
        json.put("threshold", e.threshold);
        json.put("firstWindowEnd", e.firstWindowEnd);
        json.put("lastWindowEnd", e.lastWindowEnd);
        json.put("sampleCount", e.sampleCount);
        json.put("evaluations", e.evaluations);
        return json;
    }

    public static String toJsonString(DriftEvent e) {
        try {
            return MAPPER.writeValueAsString(toJson(e));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("Cannot serialize drift event " + e.episodeId, ex);
        }
    }
}
