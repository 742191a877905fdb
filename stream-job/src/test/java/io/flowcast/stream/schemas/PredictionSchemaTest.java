package io.flowcast.stream.schemas;

import static io.flowcast.stream.testing.SchemaFiles.SCHEMA_FACTORY;
import static io.flowcast.stream.testing.SchemaFiles.parseStrict;
import static io.flowcast.stream.testing.SchemaFiles.readJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import io.flowcast.stream.config.RepoPaths;
import io.flowcast.stream.inference.Prediction;
import io.flowcast.stream.inference.PredictionJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The prediction record: schema, example, what the job writes, and the deterministic id. */
class PredictionSchemaTest {

    static final Path SCHEMAS = RepoPaths.repoDir().resolve("schemas");
    static final Path SCHEMA = SCHEMAS.resolve("records/prediction.schema.json");
    static final Path EXAMPLE = SCHEMAS.resolve("samples/records/prediction-example.json");

    @Test
    void theSchemaIsValidAndTheExampleConforms() {
        JsonSchema meta =
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                        .getSchema(SchemaLocation.of(SchemaId.V202012));
        assertThat(meta.validate(readJson(SCHEMA))).isEmpty();
        assertThat(schema().validate(readJson(EXAMPLE))).isEmpty();
    }

    @Test
    void whatTheJobWritesConformsWithAndWithoutAnActual() throws Exception {
        Prediction p = new Prediction();
        p.assetId = "SiteA/Line1/Pump-001";
        p.assetType = "pump";
        p.windowStart = 1_732_230_000_000L;
        p.windowEnd = 1_732_230_060_000L;
        p.target = "BearingTemp.mean";
        p.predicted = 61.8;
        p.endpoint = "flowcast-pump";
        p.latencyMs = 12.5;
        p.attempts = 1;
        p.predictionId = Prediction.idOf(p.assetId, p.windowEnd, p.endpoint, null);
        assertThat(schema().validate(json(p))).isEmpty();

        p.actual = 64.0;
        p.residual = 2.2;
        p.anomalyScore = 1.1;
        p.site = "SiteA";
        p.variant = "AllTraffic";
        p.modelVersion = "v0001";
        p.enrichment = "ENRICHED";
        p.featureNames = new String[] {"FlowRate.mean", "Vibration.mean"};
        p.features = new Double[] {118.4, null};
        assertThat(schema().validate(json(p))).isEmpty();
        assertThat(json(p).get("features").toString())
                .isEqualTo("{\"FlowRate.mean\":118.4,\"Vibration.mean\":null}");
    }

    @Test
    void theIdIsDeterministicAndDiffersByModelVersion() {
        String a = Prediction.idOf("SiteA/Line1/Pump-001", 60_000, "flowcast-pump", "v0001");
        assertThat(Prediction.idOf("SiteA/Line1/Pump-001", 60_000, "flowcast-pump", "v0001"))
                .isEqualTo(a);
        assertThat(Prediction.idOf("SiteA/Line1/Pump-001", 60_000, "flowcast-pump", "v0002"))
                .isNotEqualTo(a);
        assertThat(Prediction.idOf("SiteA/Line1/Pump-001", 120_000, "flowcast-pump", "v0001"))
                .isNotEqualTo(a);
    }

    @Test
    void aBrokenPredictionIsRejected() {
        ObjectNode broken = (ObjectNode) readJson(EXAMPLE).deepCopy();
        broken.put("attempts", 0);
        broken.remove("predicted");
        assertThat(schema().validate(broken)).hasSize(2);
    }

    private static JsonNode json(Prediction p) throws Exception {
        return parseStrict(PredictionJson.toJsonString(p).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonSchema schema() {
        return SCHEMA_FACTORY.getSchema(readJson(SCHEMA));
    }
}
