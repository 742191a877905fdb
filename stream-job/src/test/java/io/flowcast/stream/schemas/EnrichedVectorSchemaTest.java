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
import io.flowcast.stream.enrich.AssetContext;
import io.flowcast.stream.enrich.EnrichedFeatureVector;
import io.flowcast.stream.enrich.EnrichedFeatureVectorJson;
import io.flowcast.stream.enrich.EnrichmentStatus;
import io.flowcast.stream.window.FeatureVector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The enriched feature-vector record: its schema is a valid draft 2020-12 schema, the example and
 * what {@link EnrichedFeatureVectorJson} writes (enriched and not) validate, the vector part
 * validates against the feature-vector schema, and the status enum matches the Java enum.
 */
class EnrichedVectorSchemaTest {

    static final Path SCHEMAS = RepoPaths.repoDir().resolve("schemas");
    static final Path SCHEMA = SCHEMAS.resolve("records/enriched-feature-vector.schema.json");
    static final Path VECTOR_SCHEMA = SCHEMAS.resolve("records/feature-vector.schema.json");
    static final Path EXAMPLE =
            SCHEMAS.resolve("samples/records/enriched-feature-vector-example.json");

    @Test
    void theSchemaIsAValidDraft202012SchemaWithAnId() {
        JsonNode schema = readJson(SCHEMA);
        JsonSchema meta =
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                        .getSchema(SchemaLocation.of(SchemaId.V202012));
        assertThat(meta.validate(schema)).isEmpty();
        assertThat(schema.path("$id").asText())
                .isEqualTo(
                        "https://flowcast.io/schemas/records/enriched-feature-vector.schema.json");
    }

    @Test
    void theExampleValidatesAndSoDoesItsVectorAgainstTheVectorSchema() {
        JsonNode example = readJson(EXAMPLE);
        assertThat(schema(SCHEMA).validate(example)).isEmpty();
        assertThat(schema(VECTOR_SCHEMA).validate(example.get("vector"))).isEmpty();
    }

    @Test
    void whatTheJobWritesValidatesForEveryStatus() throws Exception {
        FeatureVector vector = new FeatureVector();
        vector.assetId = "SiteA/Line1/Pump-001";
        vector.assetType = "pump";
        vector.specVersion = 1;
        vector.windowStart = 1_732_230_000_000L;
        vector.windowEnd = 1_732_230_060_000L;
        vector.featureNames = new String[] {"Load.mean", "Vibration.std"};
        vector.features = new Double[] {61.2, null};
        vector.carriedForward = new String[0];
        vector.missingSignals = new String[] {"Vibration"};
        vector.signals = new String[] {"Load", "Vibration", "BearingTemp"};
        vector.signalSampleCounts = new int[] {60, 0, 60};
        vector.sampleCount = 120;
        vector.targetSignal = "BearingTemp";
        vector.targetStatistic = "mean";
        vector.targetActual = 64.1;
        AssetContext row =
                AssetContext.builder(vector.assetId)
                        .assetType("pump")
                        .site("SiteA")
                        .line("Line1")
                        .ratedPowerKw(55.4)
                        .ratedPressureBar(6.2)
                        .active(true)
                        .updatedAtMillis(1_732_229_000_000L)
                        .build();
        AssetContext defaults = new AssetContext();
        defaults.assetId = vector.assetId;
        defaults.assetType = vector.assetType;
        defaults.active = true;

        for (EnrichmentStatus status : EnrichmentStatus.values()) {
            boolean enriched =
                    status == EnrichmentStatus.ENRICHED || status == EnrichmentStatus.STALE;
            EnrichedFeatureVector e = new EnrichedFeatureVector();
            e.vector = vector;
            e.asset = enriched ? row : defaults;
            e.enrichment = status;
            e.enrichmentDetail = status == EnrichmentStatus.ENRICHED ? null : "because";
            e.contextAgeMillis = status == EnrichmentStatus.STALE ? 400_000 : 0;
            JsonNode json =
                    parseStrict(
                            EnrichedFeatureVectorJson.toJsonString(e)
                                    .getBytes(StandardCharsets.UTF_8));
            assertThat(schema(SCHEMA).validate(json)).as(status.name()).isEmpty();
            assertThat(schema(VECTOR_SCHEMA).validate(json.get("vector"))).isEmpty();
        }
    }

    @Test
    void aBrokenRecordIsRejected() {
        ObjectNode broken = (ObjectNode) readJson(EXAMPLE).deepCopy();
        broken.put("enrichment", "MAYBE");
        ((ObjectNode) broken.get("asset")).put("ratedPowerKw", -1);
        broken.remove("contextAgeMs");
        assertThat(schema(SCHEMA).validate(broken)).hasSize(3);
    }

    @Test
    void theStatusEnumMatchesTheJavaEnum() {
        List<String> inSchema = new ArrayList<>();
        readJson(SCHEMA).at("/properties/enrichment/enum").forEach(n -> inSchema.add(n.asText()));
        assertThat(inSchema)
                .containsExactlyElementsOf(
                        Arrays.stream(EnrichmentStatus.values())
                                .map(Enum::name)
                                .collect(Collectors.toList()));
    }

    private static JsonSchema schema(Path file) {
        return SCHEMA_FACTORY.getSchema(readJson(file));
    }
}
