package io.flowcast.stream.schemas;

import static io.flowcast.stream.testing.SchemaFiles.SCHEMA_FACTORY;
import static io.flowcast.stream.testing.SchemaFiles.STRICT_JSON;
import static io.flowcast.stream.testing.SchemaFiles.read;
import static io.flowcast.stream.testing.SchemaFiles.readJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import io.flowcast.stream.config.ConfigException;
import io.flowcast.stream.config.RepoPaths;
import io.flowcast.stream.window.FeatureSpec;
import io.flowcast.stream.window.FeatureSpecs;
import io.flowcast.stream.window.FeatureStatistic;
import io.flowcast.stream.window.MissingPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the feature spec files, their schema, the feature-vector record schema, its example and the
 * Java loader consistent.
 *
 * <ul>
 *   <li>{@code features/feature-spec.schema.json} and {@code records/feature-vector.schema.json}
 *       are valid draft 2020-12 schemas without unknown keywords that describe every property;
 *   <li>every spec in {@code schemas/features/} validates against the spec schema, is named after
 *       its asset type and loads with {@link FeatureSpecs};
 *   <li>the schema and the loader reject the same broken specs, except for the rules only the
 *       loader can check (leakage, overrides of unused signals);
 *   <li>the feature-vector example validates and matches the pump spec; broken vectors do not;
 *   <li>the enums of the schemas match the Java enums, and {@code schemas/README.md} has a row for
 *       every field.
 * </ul>
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FeatureSchemasTest {

    static final Path SCHEMAS = RepoPaths.repoDir().resolve("schemas");
    static final Path FEATURES_DIR = SCHEMAS.resolve("features");
    static final Path SPEC_SCHEMA = FEATURES_DIR.resolve("feature-spec.schema.json");
    static final Path VECTOR_SCHEMA = SCHEMAS.resolve("records/feature-vector.schema.json");
    static final Path VECTOR_EXAMPLE =
            SCHEMAS.resolve("samples/records/feature-vector-example.json");

    // ---------------------------------------------------------------- the schemas themselves

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaFiles")
    void each_schema_is_valid_against_the_draft_2020_12_meta_schema(String relativePath) {
        JsonNode schema = readJson(SCHEMAS.resolve(relativePath));
        JsonSchema metaSchema =
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                        .getSchema(SchemaLocation.of(SchemaId.V202012));

        assertThat(metaSchema.validate(schema)).as(relativePath).isEmpty();
        assertThat(schema.path("$schema").asText()).isEqualTo(SchemaId.V202012);
        assertThat(schema.path("$id").asText())
                .isEqualTo("https://flowcast.io/schemas/" + relativePath);
        assertThat(schema.path("title").asText()).isNotBlank();
        assertThat(schema.path("description").asText()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaFiles")
    void each_schema_compiles_without_unknown_keywords(String relativePath) {
        JsonNode schema = readJson(SCHEMAS.resolve(relativePath));

        assertThatCode(() -> SCHEMA_FACTORY.getSchema(schema).initializeValidators())
                .as(relativePath)
                .doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaFiles")
    void each_schema_describes_every_property_and_definition(String relativePath) {
        List<String> undescribed = new ArrayList<>();
        collectUndescribed(readJson(SCHEMAS.resolve(relativePath)), "#", undescribed);

        assertThat(undescribed).as("subschemas without a description").isEmpty();
    }

    @Test
    void the_schema_enums_match_the_java_enums() {
        List<String> statistics =
                Arrays.stream(FeatureStatistic.values())
                        .map(FeatureStatistic::jsonName)
                        .collect(Collectors.toList());
        List<String> policies =
                Arrays.stream(MissingPolicy.values()).map(Enum::name).collect(Collectors.toList());
        JsonNode spec = readJson(SPEC_SCHEMA);
        JsonNode vector = readJson(VECTOR_SCHEMA);

        assertThat(texts(spec.at("/$defs/statistic/enum"))).isEqualTo(statistics);
        assertThat(texts(spec.at("/$defs/missingPolicy/properties/policy/enum")))
                .isEqualTo(policies);
        assertThat(texts(vector.at("/properties/targetStatistic/enum"))).isEqualTo(statistics);
        assertThat(vector.at("/properties/featureNames/items/pattern").asText())
                .endsWith("\\.(" + String.join("|", statistics) + ")$");
        assertThat(spec.at("/properties/assetType/pattern").asText())
                .isEqualTo(vector.at("/properties/assetType/pattern").asText());
    }

    // ---------------------------------------------------------------- feature specs

    @Test
    void the_pump_and_compressor_specs_are_shipped() {
        assertThat(specFiles()).contains("pump.json", "compressor.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specFiles")
    void every_spec_file_conforms_to_the_spec_schema(String fileName) {
        assertThat(specSchema().validate(readJson(FEATURES_DIR.resolve(fileName))))
                .as(fileName)
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specFiles")
    void every_spec_file_is_named_after_its_asset_type_and_loads(String fileName) {
        String assetType = fileName.substring(0, fileName.length() - ".json".length());

        FeatureSpec spec =
                FeatureSpecs.parse(fileName, read(FEATURES_DIR.resolve(fileName)), assetType);

        assertThat(spec.assetType()).isEqualTo(assetType);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specsBrokenForSchemaAndLoader")
    void the_schema_and_the_loader_both_reject_a_broken_spec(
            String name, Consumer<ObjectNode> breakIt) {
        ObjectNode spec = pumpSpec();
        breakIt.accept(spec);

        assertThat(specSchema().validate(spec)).as(name).isNotEmpty();
        assertThatThrownBy(() -> FeatureSpecs.parse(name, bytes(spec)))
                .isInstanceOf(ConfigException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specsBrokenForTheLoaderOnly")
    void the_loader_rejects_what_the_schema_cannot_see(String name, Consumer<ObjectNode> breakIt) {
        ObjectNode spec = pumpSpec();
        breakIt.accept(spec);

        assertThat(specSchema().validate(spec)).as(name).isEmpty();
        assertThatThrownBy(() -> FeatureSpecs.parse(name, bytes(spec)))
                .isInstanceOf(ConfigException.class);
    }

    static Stream<Arguments> specsBrokenForSchemaAndLoader() {
        return Stream.of(
                broken("unknown top-level key", s -> s.put("comment", "x")),
                broken("missing target", s -> s.remove("target")),
                broken("missing missing", s -> s.remove("missing")),
                broken("upper-case asset type", s -> s.put("assetType", "Pump")),
                broken("version 0", s -> s.put("version", 0)),
                broken("version as a string", s -> s.put("version", "1")),
                broken("unknown statistic", s -> feature(s, 0).put("statistic", "avg")),
                broken("unknown key in a feature", s -> feature(s, 0).put("lag", 1)),
                broken("signal with a slash", s -> feature(s, 0).put("signal", "A/Load")),
                broken("duplicate feature", s -> features(s).add(feature(s, 0).deepCopy())),
                broken("empty features", s -> features(s).removeAll()),
                broken("unknown policy", s -> missing(s).put("policy", "INTERPOLATE")),
                broken("CARRY_FORWARD without ttl", s -> missing(s).remove("ttl")),
                broken("MARK_MISSING with ttl", s -> missing(s).put("policy", "MARK_MISSING")),
                broken("zero ttl", s -> missing(s).put("ttl", "0m")),
                broken("ttl in words", s -> missing(s).put("ttl", "ten minutes")),
                broken(
                        "unknown policy for one signal",
                        s -> ((ObjectNode) s.at("/signals/Vibration")).put("policy", "DROP")));
    }

    static Stream<Arguments> specsBrokenForTheLoaderOnly() {
        return Stream.of(
                broken(
                        "target statistic among the inputs",
                        s ->
                                features(s)
                                        .addObject()
                                        .put("signal", "BearingTemp")
                                        .put("statistic", "mean")),
                broken(
                        "another statistic of the target signal among the inputs",
                        s ->
                                features(s)
                                        .addObject()
                                        .put("signal", "BearingTemp")
                                        .put("statistic", "max")),
                broken(
                        "signals differing only in case",
                        s -> features(s).addObject().put("signal", "load").put("statistic", "min")),
                broken(
                        "policy for a signal the spec does not use",
                        s ->
                                ((ObjectNode) s.get("signals"))
                                        .putObject("Speed")
                                        .put("policy", "MARK_MISSING")),
                broken(
                        "policy for the target signal",
                        s ->
                                ((ObjectNode) s.get("signals"))
                                        .putObject("BearingTemp")
                                        .put("policy", "MARK_MISSING")));
    }

    // ---------------------------------------------------------------- feature vectors

    @Test
    void the_feature_vector_example_conforms_to_its_schema() {
        assertThat(vectorSchema().validate(vectorExample())).isEmpty();
    }

    @Test
    void the_feature_vector_example_matches_the_pump_spec_and_the_documented_invariants() {
        JsonNode example = vectorExample();
        FeatureSpec spec =
                FeatureSpecs.parse(
                        "pump.json",
                        read(FEATURES_DIR.resolve(example.get("assetType").asText() + ".json")),
                        example.get("assetType").asText());

        assertThat(example.get("specVersion").asInt()).isEqualTo(spec.version());
        assertThat(texts(example.get("featureNames"))).isEqualTo(spec.featureNames());
        assertThat(example.get("features").size()).isEqualTo(spec.featureCount());
        assertThat(example.get("targetSignal").asText()).isEqualTo(spec.targetSignal());
        assertThat(example.get("targetStatistic").asText())
                .isEqualTo(spec.targetStatistic().jsonName());
        assertThat(example.get("windowEnd").asLong())
                .isGreaterThan(example.get("windowStart").asLong());

        List<String> carried = texts(example.get("carriedForward"));
        List<String> missing = texts(example.get("missingSignals"));
        assertThat(spec.signals()).containsAll(carried).containsAll(missing);
        assertThat(carried)
                .doesNotContainAnyElementsOf(missing)
                .doesNotContain(spec.targetSignal());
        for (String signal : carried) {
            assertThat(spec.missingPolicy(signal).carriesForward()).as(signal).isTrue();
        }
        for (int i = 0; i < spec.featureCount(); i++) {
            boolean isMissing = missing.contains(spec.features().get(i).signal());
            assertThat(example.get("features").get(i).isNull())
                    .as(spec.featureNames().get(i))
                    .isEqualTo(isMissing);
        }
        assertThat(example.get("targetActual").isNull())
                .isEqualTo(missing.contains(spec.targetSignal()));

        List<String> counted = new ArrayList<>();
        long sum = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = example.get("signalSampleCounts").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> count = it.next();
            counted.add(count.getKey());
            sum += count.getValue().asLong();
        }
        assertThat(counted).containsExactlyInAnyOrderElementsOf(spec.signals());
        assertThat(example.get("sampleCount").asLong()).isGreaterThanOrEqualTo(sum);
    }

    @Test
    void the_feature_vector_schema_accepts_a_vector_whose_values_are_all_missing() {
        ObjectNode vector = vectorExample();
        ArrayNode features = (ArrayNode) vector.get("features");
        for (int i = 0; i < features.size(); i++) {
            features.setNull(i);
        }
        vector.putNull("targetActual");
        vector.putArray("carriedForward");

        assertThat(vectorSchema().validate(vector)).isEmpty();
    }

    @Test
    void the_feature_vector_schema_rejects_an_unknown_field() {
        ObjectNode vector = vectorExample();
        vector.put("prediction", 61.2);

        assertThat(vectorSchema().validate(vector)).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectorRequiredFields")
    void the_feature_vector_schema_rejects_a_vector_missing_a_required_field(String field) {
        ObjectNode vector = vectorExample();
        vector.remove(field);

        assertThat(vectorSchema().validate(vector)).anyMatch(m -> m.getMessage().contains(field));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectorsWithWrongTypes")
    void the_feature_vector_schema_rejects_a_value_of_the_wrong_type(
            String name, Consumer<ObjectNode> breakIt) {
        ObjectNode vector = vectorExample();
        breakIt.accept(vector);

        assertThat(vectorSchema().validate(vector)).as(name).isNotEmpty();
    }

    static Stream<Arguments> vectorsWithWrongTypes() {
        return Stream.of(
                broken("feature value as a string", v -> features(v).set(0, "73.42")),
                broken("feature value as a boolean", v -> features(v).set(0, true)),
                broken("features not an array", v -> v.put("features", 73.42)),
                broken("empty features", v -> features(v).removeAll()),
                broken(
                        "feature name as a number",
                        v -> ((ArrayNode) v.get("featureNames")).set(0, 1)),
                broken(
                        "feature name without a statistic",
                        v -> ((ArrayNode) v.get("featureNames")).set(0, "Load")),
                broken("window start as a string", v -> v.put("windowStart", "1732230000000")),
                broken("window end as a fraction", v -> v.put("windowEnd", 1732230060000.5)),
                broken("spec version as a fraction", v -> v.put("specVersion", 1.5)),
                broken("spec version 0", v -> v.put("specVersion", 0)),
                broken("asset id empty", v -> v.put("assetId", "")),
                broken("asset type in upper case", v -> v.put("assetType", "Pump")),
                broken("target actual as a string", v -> v.put("targetActual", "61.47")),
                broken("unknown target statistic", v -> v.put("targetStatistic", "avg")),
                broken("target signal null", v -> v.putNull("targetSignal")),
                broken("carried forward as a string", v -> v.put("carriedForward", "AmbientTemp")),
                broken("missing signals with a number", v -> v.putArray("missingSignals").add(3)),
                broken(
                        "negative sample count per signal",
                        v -> ((ObjectNode) v.get("signalSampleCounts")).put("Load", -1)),
                broken(
                        "fractional sample count per signal",
                        v -> ((ObjectNode) v.get("signalSampleCounts")).put("Load", 1.5)),
                broken("sample count as a string", v -> v.put("sampleCount", "48")),
                broken("negative duplicate count", v -> v.put("duplicateSamples", -1)),
                broken("duplicate count null", v -> v.putNull("duplicateSamples")));
    }

    // ---------------------------------------------------------------- README

    @Test
    void the_readme_has_a_row_for_every_feature_vector_field_and_every_spec_field() {
        String readme = new String(read(SCHEMAS.resolve("README.md")), StandardCharsets.UTF_8);
        List<String> rows =
                Arrays.stream(readme.split("\\R"))
                        .filter(line -> line.startsWith("| `"))
                        .collect(Collectors.toList());
        Set<String> fields = new HashSet<>(texts(readJson(VECTOR_SCHEMA).get("required")));
        readJson(SPEC_SCHEMA).get("properties").fieldNames().forEachRemaining(fields::add);

        assertThat(fields)
                .allMatch(
                        field -> rows.stream().anyMatch(r -> r.startsWith("| `" + field + "` |")),
                        "has a row in a README table");
    }

    // ---------------------------------------------------------------- sources

    static Stream<String> schemaFiles() {
        return Stream.of(
                SCHEMAS.relativize(SPEC_SCHEMA).toString().replace('\\', '/'),
                SCHEMAS.relativize(VECTOR_SCHEMA).toString().replace('\\', '/'));
    }

    /** Every spec in schemas/features/: the *.json files that are not schemas. */
    static Stream<String> specFiles() {
        try (Stream<Path> files = Files.list(FEATURES_DIR)) {
            List<String> names =
                    files.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".json") && !n.endsWith(".schema.json"))
                            .sorted()
                            .collect(Collectors.toList());
            return names.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<String> vectorRequiredFields() {
        return texts(readJson(VECTOR_SCHEMA).get("required")).stream();
    }

    // ---------------------------------------------------------------- helpers

    private static Arguments broken(String name, Consumer<ObjectNode> change) {
        return Arguments.of(name, change);
    }

    private static ArrayNode features(ObjectNode node) {
        return (ArrayNode) node.get("features");
    }

    private static ObjectNode feature(ObjectNode spec, int index) {
        return (ObjectNode) features(spec).get(index);
    }

    private static ObjectNode missing(ObjectNode spec) {
        return (ObjectNode) spec.get("missing");
    }

    private static ObjectNode pumpSpec() {
        return (ObjectNode) readJson(FEATURES_DIR.resolve("pump.json"));
    }

    private static ObjectNode vectorExample() {
        return (ObjectNode) readJson(VECTOR_EXAMPLE);
    }

    private static JsonSchema specSchema() {
        return SCHEMA_FACTORY.getSchema(readJson(SPEC_SCHEMA));
    }

    private static JsonSchema vectorSchema() {
        return SCHEMA_FACTORY.getSchema(readJson(VECTOR_SCHEMA));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return STRICT_JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collectUndescribed(JsonNode schema, String pointer, List<String> out) {
        for (String container : Arrays.asList("properties", "$defs")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.path(container).fields();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                JsonNode sub = entry.getValue();
                String where = pointer + "/" + container + "/" + entry.getKey();
                boolean pureRef = sub.has("$ref") && sub.size() == 1;
                if (sub.isObject() && !pureRef && !sub.hasNonNull("description")) {
                    out.add(where);
                }
                collectUndescribed(sub, where, out);
            }
        }
        for (String single : Arrays.asList("items", "additionalProperties", "propertyNames")) {
            JsonNode sub = schema.path(single);
            if (sub.isObject()) {
                boolean pureRef = sub.has("$ref") && sub.size() == 1;
                if (!pureRef && !sub.hasNonNull("description")) {
                    out.add(pointer + "/" + single);
                }
                collectUndescribed(sub, pointer + "/" + single, out);
            }
        }
    }
}
