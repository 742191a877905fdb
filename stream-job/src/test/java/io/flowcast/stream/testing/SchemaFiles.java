package io.flowcast.stream.testing;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.DisallowUnknownKeywordFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reading the JSON Schemas and samples under {@code schemas/} the same strict way in every test.
 */
public final class SchemaFiles {

    /** Strict JSON, like a default Jackson parser: no NaN, no trailing content, no duplicates. */
    public static final ObjectMapper STRICT_JSON =
            JsonMapper.builder()
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build();

    /** Fails on keyword typos ("requried") that plain meta-schema validation lets through. */
    public static final JsonSchemaFactory SCHEMA_FACTORY =
            JsonSchemaFactory.getInstance(
                    SpecVersion.VersionFlag.V202012,
                    builder ->
                            builder.metaSchema(
                                    JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                                            .unknownKeywordFactory(
                                                    DisallowUnknownKeywordFactory.getInstance())
                                            .build()));

    private SchemaFiles() {}

    public static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode readJson(Path file) {
        try {
            return parseStrict(read(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse " + file, e);
        }
    }

    /** Parses one JSON value; blank input is an error too (Jackson would return a missing node). */
    public static JsonNode parseStrict(byte[] bytes) throws IOException {
        JsonNode node = STRICT_JSON.readTree(bytes);
        if (node == null || node.isMissingNode()) {
            throw new IOException("no JSON value in the input");
        }
        return node;
    }
}
