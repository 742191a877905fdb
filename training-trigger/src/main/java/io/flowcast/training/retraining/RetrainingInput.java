package io.flowcast.training.retraining;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The execution input of the retraining state machine, as {@code RetrainRequest#toExecutionInput()}
 * and the EventBridge schedule write it: {@code assetType}, {@code modelVersion}, {@code
 * episodeId}, {@code reason}, {@code requestedBy} and {@code evidence} ({@code metric}, {@code
 * feature}, {@code value}, {@code threshold}, {@code windowStart}, {@code windowEnd}, {@code
 * sampleCount}, each optional; a schedule sends {@code {}}). Only {@code assetType} is required
 * here; the evidence's {@code windowStart}, when present, is where post-change data begins.
 */
public final class RetrainingInput {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern ASSET_TYPE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final String assetType;
    private final String modelVersion;
    private final String episodeId;
    private final String reason;
    private final String requestedBy;
    private final ObjectNode evidence;
    private final Instant windowStart;

    private RetrainingInput(JsonNode root) {
        this.assetType = text(root, "assetType");
        if (assetType == null || !ASSET_TYPE.matcher(assetType).matches()) {
            throw new IllegalArgumentException(
                    "assetType must be 1-64 letters, digits, '_' or '-', got "
                            + root.get("assetType"));
        }
        this.modelVersion = text(root, "modelVersion");
        this.episodeId = text(root, "episodeId");
        this.reason = text(root, "reason");
        this.requestedBy = text(root, "requestedBy");
        JsonNode e = root.get("evidence");
        if (e != null && !e.isNull() && !e.isObject()) {
            throw new IllegalArgumentException("evidence must be an object, got " + e);
        }
        this.evidence = e == null || e.isNull() ? MAPPER.createObjectNode() : (ObjectNode) e;
        String start = text(evidence, "windowStart");
        try {
            this.windowStart = start == null ? null : Instant.parse(start);
        } catch (DateTimeParseException ex) {
            throw new IllegalArgumentException(
                    "evidence.windowStart must be an ISO-8601 instant, got '" + start + "'", ex);
        }
    }

    /**
     * Parses an execution input.
     *
     * @throws IllegalArgumentException if it is not a JSON object, has no valid assetType, or has a
     *     malformed evidence window start
     */
    public static RetrainingInput parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("the input is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the input must be a JSON object");
        }
        return new RetrainingInput(root);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    public String assetType() {
        return assetType;
    }

    /** The version serving when drift was seen (as the trigger saw it); may be null. */
    public String modelVersion() {
        return modelVersion;
    }

    public String episodeId() {
        return episodeId;
    }

    public String reason() {
        return reason;
    }

    public String requestedBy() {
        return requestedBy;
    }

    /** The drift evidence object (empty when none was sent). */
    public ObjectNode evidence() {
        return evidence.deepCopy();
    }

    /** The start of the drift evidence's window range: post-change data begins here; or null. */
    public Instant windowStart() {
        return windowStart;
    }
}
