package io.flowcast.stream.schemas;

import static io.flowcast.stream.testing.SchemaFiles.SCHEMA_FACTORY;
import static io.flowcast.stream.testing.SchemaFiles.STRICT_JSON;
import static io.flowcast.stream.testing.SchemaFiles.parseStrict;
import static io.flowcast.stream.testing.SchemaFiles.read;
import static io.flowcast.stream.testing.SchemaFiles.readJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the JSON Schemas under {@code schemas/} and the samples that document them consistent.
 *
 * <p>The samples in {@code schemas/samples/} are shared: the telemetry parser tests replay them and
 * the README quotes them. This test makes sure that
 *
 * <ul>
 *   <li>both schemas are valid draft 2020-12 schemas, use no unknown keywords and describe every
 *       property and definition;
 *   <li>every valid telemetry sample conforms to {@code n3uron-message.schema.json} and uses the
 *       reference timestamp {@value #REFERENCE_TS}, which parser tests rewrite to "now";
 *   <li>every invalid telemetry sample is listed in {@code telemetry/invalid/expected.json} with a
 *       known reason code, and really has the problem it is named for: files that are not JSON fail
 *       to parse, schema-level problems fail validation, and limit or clock problems pass the
 *       schema but break exactly the job limit they are named for;
 *   <li>the dead-letter example conforms to {@code dead-letter.schema.json}, and that schema
 *       rejects unknown reasons, missing fields and unknown fields.
 * </ul>
 *
 * <p>The repository root comes from the system property {@code flowcast.repo.dir} (set by the Maven
 * surefire configuration); without it the test walks up from the working directory to the first
 * folder that holds both {@code schemas/} and {@code pom.xml}.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SchemaSamplesTest {

    /** Timestamp used by every sample that is not about time: 2024-11-21T23:00:00Z. */
    static final long REFERENCE_TS = 1732230000000L;

    // Default limits of the stream job, as documented in schemas/README.md.
    static final long MAX_RECORD_BYTES = 256L * 1024L;
    static final int MAX_SAMPLES_PER_RECORD = 10_000;
    static final int MAX_NESTING_DEPTH = 8;
    static final long MAX_FUTURE_MILLIS = Duration.ofMinutes(5).toMillis();
    static final long MAX_PAST_MILLIS = Duration.ofDays(7).toMillis();

    /** Reasons whose samples are not JSON at all (a strict parser must refuse them). */
    static final Set<String> NOT_JSON_REASONS = setOf("INVALID_JSON", "NON_FINITE_VALUE");

    /** Reasons the message schema itself can see. */
    static final Set<String> SCHEMA_LEVEL_REASONS =
            setOf(
                    "WRONG_SHAPE",
                    "WRONG_TYPE",
                    "MISSING_FIELD",
                    "MISSING_VALUE",
                    "VALUE_OUT_OF_RANGE",
                    "UNKNOWN_TAG_PATTERN",
                    "EMPTY_MESSAGE");

    /** Reasons that only the job's configurable limits or its clock can see. */
    static final Set<String> JOB_LIMIT_REASONS =
            setOf(
                    "RECORD_TOO_LARGE",
                    "TOO_MANY_SAMPLES",
                    "TOO_DEEPLY_NESTED",
                    "TIMESTAMP_IN_FUTURE",
                    "TIMESTAMP_TOO_OLD");

    /**
     * Reason codes that cannot be shown by a telemetry message (for example codes of later pipeline
     * stages). Every other code needs at least one invalid sample.
     */
    static final Set<String> NOT_VISIBLE_IN_MESSAGE =
            setOf(
                    "LATE_SAMPLE",
                    "UNKNOWN_ASSET_TYPE",
                    "UNKNOWN_ASSET",
                    "ENRICHMENT_FAILED",
                    "MODEL_ERROR",
                    "INFERENCE_FAILED",
                    "INFERENCE_TIMEOUT");

    static final Path REPO = locateRepo();
    static final Path SCHEMAS = REPO.resolve("schemas");
    static final Path MESSAGE_SCHEMA = SCHEMAS.resolve("telemetry/n3uron-message.schema.json");
    static final Path DEAD_LETTER_SCHEMA = SCHEMAS.resolve("records/dead-letter.schema.json");
    static final Path VALID_DIR = SCHEMAS.resolve("samples/telemetry/valid");
    static final Path INVALID_DIR = SCHEMAS.resolve("samples/telemetry/invalid");
    static final Path MANIFEST = INVALID_DIR.resolve("expected.json");
    static final Path DEAD_LETTER_EXAMPLE =
            SCHEMAS.resolve("samples/records/dead-letter-example.json");

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
                .startsWith("https://")
                .endsWith("/" + SCHEMAS.resolve(relativePath).getFileName());
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

    // ---------------------------------------------------------------- valid telemetry

    @ParameterizedTest(name = "{0}")
    @MethodSource("validSamples")
    void every_valid_telemetry_sample_conforms_to_the_message_schema(String fileName) {
        JsonNode message = readJson(VALID_DIR.resolve(fileName));

        assertThat(messageSchema().validate(message)).as(fileName).isEmpty();
    }

    @Test
    void the_valid_samples_cover_both_forms_and_the_documented_edge_cases() {
        List<JsonNode> messages = new ArrayList<>();
        for (String fileName : validSamples().collect(Collectors.toList())) {
            messages.add(readJson(VALID_DIR.resolve(fileName)));
        }
        List<String> tagPaths = new ArrayList<>();
        List<JsonNode> samples = new ArrayList<>();
        for (JsonNode message : messages) {
            forEachSample(message, (tag, sample) -> tagPaths.add(tag), samples::add);
        }

        assertThat(messages)
                .anyMatch(m -> m.has("tag"))
                .anyMatch(m -> !m.has("tag") && m.size() > 1)
                .anyMatch(m -> !m.has("tag") && countArrayElements(m) > m.size());
        assertThat(tagPaths).anyMatch(t -> t.startsWith("/"));
        assertThat(samples)
                .anyMatch(s -> s.path("v").isBoolean())
                .anyMatch(s -> s.path("q").asInt() == 0)
                .anyMatch(s -> s.size() > 3);
    }

    @Test
    void every_sample_timestamp_is_the_reference_unless_the_sample_is_about_time() {
        Map<String, JsonNode> files = new LinkedHashMap<>();
        for (String fileName : validSamples().collect(Collectors.toList())) {
            files.put("valid/" + fileName, readJson(VALID_DIR.resolve(fileName)));
        }
        for (Map.Entry<String, String> entry : manifest().entrySet()) {
            boolean aboutTime = entry.getValue().startsWith("TIMESTAMP_");
            JsonNode message = tryParseStrict(read(INVALID_DIR.resolve(entry.getKey())));
            if (!aboutTime && message != null) {
                files.put("invalid/" + entry.getKey(), message);
            }
        }

        Set<String> offenders = new TreeSet<>();
        for (Map.Entry<String, JsonNode> file : files.entrySet()) {
            forEachSample(
                    file.getValue(),
                    (tag, sample) -> {},
                    sample -> {
                        JsonNode ts = sample.path("ts");
                        // A negative ts is the VALUE_OUT_OF_RANGE case; textual rewrites leave it.
                        if (ts.isIntegralNumber()
                                && ts.asLong() >= 0
                                && ts.asLong() != REFERENCE_TS) {
                            offenders.add(file.getKey() + " ts=" + ts);
                        }
                    });
        }

        assertThat(offenders).isEmpty();
    }

    // ---------------------------------------------------------------- invalid telemetry

    @Test
    void the_manifest_lists_every_invalid_sample_and_nothing_else() throws IOException {
        Set<String> onDisk;
        try (Stream<Path> files = Files.list(INVALID_DIR)) {
            onDisk =
                    files.filter(Files::isRegularFile)
                            .map(p -> p.getFileName().toString())
                            .filter(name -> !name.equals(MANIFEST.getFileName().toString()))
                            .collect(Collectors.toCollection(TreeSet::new));
        }

        assertThat(manifest().keySet()).containsExactlyInAnyOrderElementsOf(onDisk);
    }

    @Test
    void the_manifest_uses_only_reason_codes_of_the_dead_letter_schema() {
        Set<String> checked = new HashSet<>(NOT_JSON_REASONS);
        checked.addAll(SCHEMA_LEVEL_REASONS);
        checked.addAll(JOB_LIMIT_REASONS);
        checked.addAll(NOT_VISIBLE_IN_MESSAGE);

        assertThat(deadLetterReasons()).containsAll(manifest().values());
        assertThat(checked)
                .as("every reason code is either checked by an invalid-sample test or not visible")
                .containsExactlyInAnyOrderElementsOf(deadLetterReasons());
    }

    @Test
    void every_reason_code_visible_in_a_message_has_an_invalid_sample() {
        Set<String> expected = new TreeSet<>(deadLetterReasons());
        expected.removeAll(NOT_VISIBLE_IN_MESSAGE);

        assertThat(new TreeSet<>(manifest().values()))
                .as("add a sample to telemetry/invalid/ or list the code in NOT_VISIBLE_IN_MESSAGE")
                .containsAll(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notJsonSamples")
    void invalid_samples_that_are_not_json_fail_to_parse(String fileName) {
        byte[] bytes = read(INVALID_DIR.resolve(fileName));

        assertThatThrownBy(() -> parseStrict(bytes)).as(fileName).isInstanceOf(IOException.class);
    }

    @Test
    void the_non_finite_sample_parses_to_nan_when_the_parser_allows_non_numeric_numbers()
            throws IOException {
        ObjectMapper lenient =
                JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
        JsonNode message = lenient.readTree(read(INVALID_DIR.resolve("nan-value.json")));

        JsonNode value = message.elements().next().get(0).get("v");
        assertThat(value.isNumber()).isTrue();
        assertThat(Double.isFinite(value.doubleValue())).isFalse();
    }

    @Test
    void the_invalid_utf8_sample_is_really_not_utf8() {
        byte[] bytes = read(INVALID_DIR.resolve("invalid-utf8.json"));

        assertThatThrownBy(
                        () ->
                                StandardCharsets.UTF_8
                                        .newDecoder()
                                        .onMalformedInput(CodingErrorAction.REPORT)
                                        .decode(ByteBuffer.wrap(bytes)))
                .isInstanceOf(CharacterCodingException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaLevelSamples")
    void invalid_samples_with_a_schema_level_problem_fail_validation(String fileName) {
        byte[] bytes = read(INVALID_DIR.resolve(fileName));

        if (new String(bytes, StandardCharsets.UTF_8).trim().isEmpty()) {
            // A blank record has no JSON value at all; the job reports it as EMPTY_MESSAGE.
            assertThatThrownBy(() -> parseStrict(bytes)).isInstanceOf(IOException.class);
            return;
        }
        JsonNode message = tryParseStrict(bytes);
        assertThat(message).as("%s must be well-formed JSON", fileName).isNotNull();
        assertThat(messageSchema().validate(message)).as(fileName).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobLimitSamples")
    void invalid_samples_for_a_job_limit_break_exactly_that_limit(String fileName) {
        String reason = manifest().get(fileName);
        byte[] bytes = read(INVALID_DIR.resolve(fileName));
        JsonNode message = tryParseStrict(bytes);
        assertThat(message).as("%s must be well-formed JSON", fileName).isNotNull();

        Map<String, Boolean> broken = new LinkedHashMap<>();
        broken.put("RECORD_TOO_LARGE", bytes.length > MAX_RECORD_BYTES);
        broken.put("TOO_MANY_SAMPLES", countArrayElements(message) > MAX_SAMPLES_PER_RECORD);
        broken.put("TOO_DEEPLY_NESTED", nestingDepth(bytes) > MAX_NESTING_DEPTH);
        broken.put("TIMESTAMP_IN_FUTURE", anyTimestamp(message, SchemaSamplesTest::isInFuture));
        broken.put("TIMESTAMP_TOO_OLD", anyTimestamp(message, SchemaSamplesTest::isTooOld));
        Set<String> brokenLimits =
                broken.entrySet().stream()
                        .filter(Map.Entry::getValue)
                        .map(Map.Entry::getKey)
                        .collect(Collectors.toSet());

        assertThat(brokenLimits).as(fileName).containsExactly(reason);
        if (!reason.equals("TOO_MANY_SAMPLES")) {
            // The schema cannot see these problems. TOO_MANY_SAMPLES is the exception: 10,001
            // complete samples would exceed 256 KiB, so that sample uses empty elements and
            // relies on the job counting array elements before it checks any sample.
            assertThat(messageSchema().validate(message)).as(fileName).isEmpty();
        }
    }

    @Test
    void the_deeply_nested_sample_is_nested_fifty_levels_deep() {
        assertThat(nestingDepth(read(INVALID_DIR.resolve("deeply-nested.json")))).isEqualTo(50);
    }

    // ---------------------------------------------------------------- dead letters

    @Test
    void the_dead_letter_example_conforms_to_its_schema() {
        JsonNode example = readJson(DEAD_LETTER_EXAMPLE);

        assertThat(deadLetterSchema().validate(example)).isEmpty();
        assertThat(example.get("payloadBytes").asInt())
                .isEqualTo(example.get("payload").asText().getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void the_dead_letter_schema_accepts_a_record_level_rejection_with_null_tag_and_index() {
        ObjectNode record = deadLetterExample();
        record.put("reason", "INVALID_JSON");
        record.putNull("tagPath");
        record.putNull("sampleIndex");
        record.putNull("partitionKey");
        record.putNull("arrivalTimeMillis");

        assertThat(deadLetterSchema().validate(record)).isEmpty();
    }

    @Test
    void the_dead_letter_schema_rejects_an_unknown_reason() {
        ObjectNode record = deadLetterExample();
        record.put("reason", "SOMETHING_ELSE");

        assertThat(messagesOf(deadLetterSchema().validate(record)))
                .anyMatch(m -> m.contains("reason"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deadLetterRequiredFields")
    void the_dead_letter_schema_rejects_a_record_missing_a_required_field(String field) {
        ObjectNode record = deadLetterExample();
        record.remove(field);

        assertThat(messagesOf(deadLetterSchema().validate(record)))
                .anyMatch(m -> m.contains(field));
    }

    @Test
    void the_dead_letter_schema_rejects_an_unknown_field() {
        ObjectNode record = deadLetterExample();
        record.put("severity", "high");

        assertThat(deadLetterSchema().validate(record)).isNotEmpty();
    }

    @Test
    void the_dead_letter_schema_rejects_a_sample_index_without_a_tag_path() {
        ObjectNode record = deadLetterExample();
        record.putNull("tagPath");

        assertThat(deadLetterSchema().validate(record)).isNotEmpty();
    }

    @Test
    void every_reason_code_has_a_row_in_the_readme_reason_table() {
        String readme = new String(read(SCHEMAS.resolve("README.md")), StandardCharsets.UTF_8);

        List<String> tableRows =
                Arrays.stream(readme.split("\\R"))
                        .filter(line -> line.startsWith("| `"))
                        .collect(Collectors.toList());

        assertThat(deadLetterReasons())
                .allMatch(
                        code ->
                                tableRows.stream()
                                        .anyMatch(r -> r.startsWith("| `" + code + "` |")),
                        "has a row in the reason table");
    }

    // ---------------------------------------------------------------- sources

    static Stream<String> schemaFiles() {
        return Stream.of(
                SCHEMAS.relativize(MESSAGE_SCHEMA).toString(),
                SCHEMAS.relativize(DEAD_LETTER_SCHEMA).toString());
    }

    static Stream<String> validSamples() {
        List<String> names = jsonFilesIn(VALID_DIR);
        assertThat(names).as("valid samples in %s", VALID_DIR).isNotEmpty();
        return names.stream();
    }

    static Stream<String> notJsonSamples() {
        return samplesWithReasonIn(NOT_JSON_REASONS);
    }

    static Stream<String> schemaLevelSamples() {
        return samplesWithReasonIn(SCHEMA_LEVEL_REASONS);
    }

    static Stream<String> jobLimitSamples() {
        return samplesWithReasonIn(JOB_LIMIT_REASONS);
    }

    static Stream<String> deadLetterRequiredFields() {
        List<String> fields = new ArrayList<>();
        readJson(DEAD_LETTER_SCHEMA).get("required").forEach(f -> fields.add(f.asText()));
        return fields.stream();
    }

    // ---------------------------------------------------------------- helpers

    private static Path locateRepo() {
        String configured = System.getProperty("flowcast.repo.dir");
        if (configured != null && !configured.trim().isEmpty()) {
            return Paths.get(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("schemas"))
                    && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "Cannot find the repository root: set -Dflowcast.repo.dir or run from inside"
                        + " the repository");
    }

    private static Stream<String> samplesWithReasonIn(Set<String> reasons) {
        return manifest().entrySet().stream()
                .filter(e -> reasons.contains(e.getValue()))
                .map(Map.Entry::getKey)
                .sorted();
    }

    private static List<String> jsonFilesIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void the_schema_lists_exactly_the_reason_codes_the_job_has() {
        Set<String> inJava = new TreeSet<>();
        for (io.flowcast.stream.deadletter.DeadLetterReason r :
                io.flowcast.stream.deadletter.DeadLetterReason.values()) {
            inJava.add(r.name());
        }
        assertThat(deadLetterReasons()).isEqualTo(inJava);
    }

    private static Map<String, String> manifest() {
        Map<String, String> manifest = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = readJson(MANIFEST).fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            manifest.put(field.getKey(), field.getValue().asText());
        }
        return manifest;
    }

    private static Set<String> deadLetterReasons() {
        Set<String> reasons = new TreeSet<>();
        readJson(DEAD_LETTER_SCHEMA)
                .at("/properties/reason/enum")
                .forEach(r -> reasons.add(r.asText()));
        return reasons;
    }

    private static JsonSchema messageSchema() {
        return SCHEMA_FACTORY.getSchema(readJson(MESSAGE_SCHEMA));
    }

    private static JsonSchema deadLetterSchema() {
        return SCHEMA_FACTORY.getSchema(readJson(DEAD_LETTER_SCHEMA));
    }

    private static ObjectNode deadLetterExample() {
        return (ObjectNode) readJson(DEAD_LETTER_EXAMPLE);
    }

    private static List<String> messagesOf(Set<ValidationMessage> messages) {
        return messages.stream().map(ValidationMessage::getMessage).collect(Collectors.toList());
    }

    private static JsonNode tryParseStrict(byte[] bytes) {
        try {
            return parseStrict(bytes);
        } catch (IOException e) {
            return null;
        }
    }

    /** Depth of the deepest object or array; the top-level value counts as depth 1. */
    private static int nestingDepth(byte[] bytes) {
        try (JsonParser parser = STRICT_JSON.getFactory().createParser(bytes)) {
            int depth = 0;
            int max = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token.isStructStart()) {
                    max = Math.max(max, ++depth);
                } else if (token.isStructEnd()) {
                    depth--;
                }
            }
            return max;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Samples in the record as the job counts them: array elements over all tags. */
    private static int countArrayElements(JsonNode message) {
        if (message.has("tag")) {
            return 1;
        }
        int count = 0;
        for (JsonNode samples : iterable(message.elements())) {
            count += samples.isArray() ? samples.size() : 0;
        }
        return count;
    }

    private static boolean anyTimestamp(JsonNode message, LongPredicate test) {
        boolean[] found = {false};
        forEachSample(
                message,
                (tag, sample) -> {},
                sample -> {
                    JsonNode ts = sample.path("ts");
                    if (ts.isIntegralNumber() && test.test(ts.asLong())) {
                        found[0] = true;
                    }
                });
        return found[0];
    }

    /** In the future both for the reference clock and for the real clock. */
    private static boolean isInFuture(long ts) {
        long latestClock = Math.max(REFERENCE_TS, System.currentTimeMillis());
        return ts > latestClock + MAX_FUTURE_MILLIS;
    }

    /** Too old both for the reference clock and for the real clock. */
    private static boolean isTooOld(long ts) {
        long earliestClock = Math.min(REFERENCE_TS, System.currentTimeMillis());
        return ts >= 0 && ts < earliestClock - MAX_PAST_MILLIS;
    }

    /** Visits every sample of a message in either form; non-object samples are skipped. */
    private static void forEachSample(
            JsonNode message, BiConsumer<String, JsonNode> onTag, Consumer<JsonNode> onSample) {
        if (!message.isObject()) {
            return;
        }
        if (message.has("tag")) {
            onTag.accept(message.path("tag").asText(), message);
            onSample.accept(message);
            return;
        }
        for (Map.Entry<String, JsonNode> tag : iterable(message.fields())) {
            for (JsonNode sample : iterable(tag.getValue().elements())) {
                if (sample.isObject()) {
                    onTag.accept(tag.getKey(), sample);
                    onSample.accept(sample);
                }
            }
        }
    }

    private static void collectUndescribed(JsonNode schema, String pointer, List<String> out) {
        for (String container : Arrays.asList("properties", "$defs")) {
            for (Map.Entry<String, JsonNode> entry : iterable(schema.path(container).fields())) {
                JsonNode sub = entry.getValue();
                String where = pointer + "/" + container + "/" + entry.getKey();
                boolean pureRef = sub.has("$ref") && sub.size() == 1;
                if (sub.isObject() && !pureRef && !sub.hasNonNull("description")) {
                    out.add(where);
                }
                collectUndescribed(sub, where, out);
            }
        }
    }

    private static <T> Iterable<T> iterable(Iterator<T> iterator) {
        return () -> iterator;
    }

    private static Set<String> setOf(String... values) {
        return Collections.unmodifiableSet(new TreeSet<>(Arrays.asList(values)));
    }
}
