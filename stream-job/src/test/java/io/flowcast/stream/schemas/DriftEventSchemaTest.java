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
import io.flowcast.stream.drift.DriftEvent;
import io.flowcast.stream.drift.DriftEventJson;
import io.flowcast.stream.drift.DriftMetric;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The drift event record: schema, example, what the detector writes, and the episode id. */
class DriftEventSchemaTest {

    static final Path SCHEMAS = RepoPaths.repoDir().resolve("schemas");
    static final Path SCHEMA = SCHEMAS.resolve("records/drift-event.schema.json");
    static final Path EXAMPLE = SCHEMAS.resolve("samples/records/drift-event-example.json");

    @Test
    void theSchemaIsValidAndTheExampleConforms() {
        JsonSchema meta =
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                        .getSchema(SchemaLocation.of(SchemaId.V202012));
        assertThat(meta.validate(readJson(SCHEMA))).isEmpty();
        assertThat(schema().validate(readJson(EXAMPLE))).isEmpty();
    }

    @Test
    void whatTheDetectorWritesConformsForFeatureAndResidualMetrics() throws Exception {
        DriftEvent e = new DriftEvent();
        e.assetType = "pump";
        e.modelVersion = "v0001";
        e.metric = DriftMetric.PSI.name();
        e.feature = "DischargePressure.mean";
        e.value = 0.87;
        e.threshold = 0.2;
        e.firstWindowEnd = 1_732_240_800_000L;
        e.lastWindowEnd = 1_732_243_200_000L;
        e.sampleCount = 400;
        e.evaluations = 2;
        e.episodeId = DriftEvent.episodeIdOf(e.assetType, e.modelVersion, e.metric, e.feature, 1L);
        assertThat(schema().validate(json(e))).isEmpty();

        e.metric = DriftMetric.RESIDUAL_PAGE_HINKLEY.name();
        e.feature = null;
        assertThat(schema().validate(json(e))).isEmpty();
        assertThat(json(e).get("feature").isNull()).isTrue();
    }

    @Test
    void theSchemaListsExactlyTheMetricsTheDetectorHas() {
        String inSchema =
                readJson(SCHEMA).path("properties").path("metric").path("enum").toString();
        String inCode =
                Arrays.stream(DriftMetric.values())
                        .map(m -> "\"" + m.name() + "\"")
                        .collect(Collectors.joining(",", "[", "]"));
        assertThat(inSchema).isEqualTo(inCode);
    }

    @Test
    void theEpisodeIdIsDeterministicAndDiffersByEpisode() {
        String a = DriftEvent.episodeIdOf("pump", "v0001", "PSI", "Load.mean", 60_000);
        assertThat(DriftEvent.episodeIdOf("pump", "v0001", "PSI", "Load.mean", 60_000))
                .isEqualTo(a);
        assertThat(DriftEvent.episodeIdOf("pump", "v0001", "PSI", "Load.mean", 120_000))
                .isNotEqualTo(a);
        assertThat(DriftEvent.episodeIdOf("pump", "v0002", "PSI", "Load.mean", 60_000))
                .isNotEqualTo(a);
        assertThat(DriftEvent.episodeIdOf("pump", "v0001", "PSI", "Load.max", 60_000))
                .isNotEqualTo(a);
    }

    @Test
    void aBrokenEventIsRejected() {
        ObjectNode broken = (ObjectNode) readJson(EXAMPLE).deepCopy();
        broken.put("metric", "KS");
        broken.remove("sampleCount");
        assertThat(schema().validate(broken)).hasSize(2);
    }

    private static JsonNode json(DriftEvent e) throws Exception {
        return parseStrict(DriftEventJson.toJsonString(e).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonSchema schema() {
        return SCHEMA_FACTORY.getSchema(readJson(SCHEMA));
    }
}
