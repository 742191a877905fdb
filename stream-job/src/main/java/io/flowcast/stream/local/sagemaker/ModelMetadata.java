package io.flowcast.stream.local.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowcast.stream.inference.ModelVersions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The contents of a registered version's {@code metadata.json}: which asset type and version it is,
 * the ordered feature names the model expects (one CSV column each), the target, the spec version
 * of the feature layout, the XGBoost objective, the residual standard deviation on the validation
 * set, when it was trained, and the hyperparameters under the built-in XGBoost algorithm's names.
 *
 * <p>Immutable. {@link #read(Path)} fails with an {@link IOException} naming the file and the field
 * when a required field is missing or has the wrong type; it never fills in defaults.
 */
public final class ModelMetadata {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String assetType;
    private final String version;
    private final List<String> featureNames;
    private final String target;
    private final int specVersion;
    private final String objective;
    private final double residualStd;
    private final Instant trainedAt;
    private final Map<String, String> hyperparameters;

    /**
     * Creates metadata; every argument is required.
     *
     * @throws IllegalArgumentException naming the first argument that is missing or invalid
     */
    public ModelMetadata(
            String assetType,
            String version,
            List<String> featureNames,
            String target,
            int specVersion,
            String objective,
            double residualStd,
            Instant trainedAt,
            Map<String, String> hyperparameters) {
        this.assetType = requireText(assetType, "assetType");
        this.version = requireText(version, "version");
        if (!ModelVersions.isVersionName(version)) {
            throw new IllegalArgumentException(
                    "version must look like v0001 (v and at least four digits), got '"
                            + version
                            + "'");
        }
        Objects.requireNonNull(featureNames, "featureNames must not be null");
        if (featureNames.isEmpty()) {
            throw new IllegalArgumentException("featureNames must not be empty");
        }
        this.featureNames = Collections.unmodifiableList(new ArrayList<>(featureNames));
        this.target = requireText(target, "target");
        this.specVersion = specVersion;
        this.objective = requireText(objective, "objective");
        if (Double.isNaN(residualStd) || residualStd < 0) {
            throw new IllegalArgumentException(
                    "residualStd must be a non-negative number, got " + residualStd);
        }
        this.residualStd = residualStd;
        this.trainedAt = Objects.requireNonNull(trainedAt, "trainedAt must not be null");
        this.hyperparameters =
                Collections.unmodifiableMap(
                        new LinkedHashMap<>(
                                Objects.requireNonNull(
                                        hyperparameters, "hyperparameters must not be null")));
    }

    /** Reads and validates a {@code metadata.json}. */
    public static ModelMetadata read(Path file) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": expected a JSON object");
        }
        try {
            List<String> features = new ArrayList<>();
            JsonNode names = required(root, "featureNames", file);
            if (!names.isArray()) {
                throw new IOException(file + ": 'featureNames' must be an array of strings");
            }
            for (JsonNode name : names) {
                if (!name.isTextual()) {
                    throw new IOException(file + ": 'featureNames' must be an array of strings");
                }
                features.add(name.asText());
            }
            Map<String, String> hyperparameters = new LinkedHashMap<>();
            JsonNode hp = root.get("hyperparameters");
            if (hp != null && !hp.isNull()) {
                if (!hp.isObject()) {
                    throw new IOException(file + ": 'hyperparameters' must be an object");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = hp.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    hyperparameters.put(e.getKey(), e.getValue().asText());
                }
            }
            JsonNode spec = required(root, "specVersion", file);
            JsonNode std = required(root, "residualStd", file);
            if (!spec.canConvertToInt() || !spec.isIntegralNumber()) {
                throw new IOException(file + ": 'specVersion' must be an integer");
            }
            if (!std.isNumber()) {
                throw new IOException(file + ": 'residualStd' must be a number");
            }
            return new ModelMetadata(
                    text(root, "assetType", file),
                    text(root, "version", file),
                    features,
                    text(root, "target", file),
                    spec.intValue(),
                    text(root, "objective", file),
                    std.doubleValue(),
                    Instant.parse(text(root, "trainedAt", file)),
                    hyperparameters);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Writes this metadata as JSON to {@code file}. */
    public void write(Path file) throws IOException {
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), toJson());
    }

    /** The JSON form, field names as in the registry contract. */
    public ObjectNode toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("assetType", assetType);
        root.put("version", version);
        ArrayNode names = root.putArray("featureNames");
        featureNames.forEach(names::add);
        root.put("target", target);
        root.put("specVersion", specVersion);
        root.put("objective", objective);
        root.put("residualStd", residualStd);
        root.put("trainedAt", trainedAt.toString());
        ObjectNode hp = root.putObject("hyperparameters");
        hyperparameters.forEach(hp::put);
        return root;
    }

    /** Returns a copy with another version, for a writer registering the next version. */
    public ModelMetadata withVersion(String newVersion) {
        return new ModelMetadata(
                assetType,
                newVersion,
                featureNames,
                target,
                specVersion,
                objective,
                residualStd,
                trainedAt,
                hyperparameters);
    }

    public String assetType() {
        return assetType;
    }

    public String version() {
        return version;
    }

    /** The model's input columns, in order. */
    public List<String> featureNames() {
        return featureNames;
    }

    public String target() {
        return target;
    }

    public int specVersion() {
        return specVersion;
    }

    public String objective() {
        return objective;
    }

    public double residualStd() {
        return residualStd;
    }

    public Instant trainedAt() {
        return trainedAt;
    }

    /** Hyperparameters under the built-in XGBoost algorithm's names, values as strings. */
    public Map<String, String> hyperparameters() {
        return hyperparameters;
    }

    private static JsonNode required(JsonNode root, String field, Path file) throws IOException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new IOException(file + ": missing required field '" + field + "'");
        }
        return node;
    }

    private static String text(JsonNode root, String field, Path file) throws IOException {
        JsonNode node = required(root, field, file);
        if (!node.isTextual()) {
            throw new IOException(file + ": '" + field + "' must be a string");
        }
        return node.asText();
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ModelMetadata)) {
            return false;
        }
        ModelMetadata other = (ModelMetadata) o;
        return toJson().equals(other.toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return "ModelMetadata" + toJson();
    }
}
