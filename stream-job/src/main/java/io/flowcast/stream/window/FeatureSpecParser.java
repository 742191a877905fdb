package io.flowcast.stream.window;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.flowcast.stream.config.ConfigException;
import io.flowcast.stream.config.Durations;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one feature spec file into a {@link FeatureSpec}, checking everything the JSON Schema
 * checks and what it cannot (leakage, duplicates, asset type of the file). Every problem is a
 * {@link ConfigException} whose message starts with {@code Feature spec <source>: <field>:}.
 */
final class FeatureSpecParser {

    static final Pattern ASSET_TYPE = Pattern.compile("[a-z][a-z0-9_-]*");

    /** Not blank, no '/', no leading or trailing whitespace; as in the schema's signalName. */
    static final Pattern SIGNAL_NAME = Pattern.compile("[^/\\s]([^/]*[^/\\s])?");

    private static final List<String> TOP_LEVEL_FIELDS =
            Arrays.asList(
                    "$schema",
                    "description",
                    "assetType",
                    "version",
                    "target",
                    "features",
                    "missing",
                    "signals");
    private static final List<String> REQUIRED_TOP_LEVEL_FIELDS =
            Arrays.asList("assetType", "version", "target", "features", "missing");
    private static final List<String> SIGNAL_STATISTIC_FIELDS =
            Arrays.asList("signal", "statistic");
    private static final List<String> MISSING_FIELDS = Arrays.asList("policy", "ttl");

    /** Strict JSON: duplicate keys would silently hide one of two values. */
    private static final ObjectMapper JSON =
            JsonMapper.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .build();

    private final String source;

    /** Signal spellings seen so far, by lower-case name, with the field that used them first. */
    private final Map<String, String[]> spellings = new HashMap<>();

    private FeatureSpecParser(String source) {
        this.source = source;
    }

    /**
     * Parses and validates one spec.
     *
     * @param source names the file in error messages, e.g. {@code flowcast/features/pump.json}
     * @param json the file's bytes (UTF-8)
     * @param expectedAssetType the asset type the file must declare, or null to accept any
     */
    static FeatureSpec parse(String source, byte[] json, String expectedAssetType) {
        return new FeatureSpecParser(source).read(json, expectedAssetType);
    }

    private FeatureSpec read(byte[] json, String expectedAssetType) {
        JsonNode root = readTree(json);
        if (!root.isObject()) {
            throw fail("(top level)", "expected a JSON object, got " + describe(root));
        }
        checkFields(root, "", TOP_LEVEL_FIELDS);
        for (String field : REQUIRED_TOP_LEVEL_FIELDS) {
            if (!root.has(field)) {
                throw fail(field, "missing required field");
            }
        }
        for (String field : Arrays.asList("$schema", "description")) {
            if (root.has(field) && !root.get(field).isTextual()) {
                throw fail(field, "expected a string, got " + describe(root.get(field)));
            }
        }

        String assetType = readAssetType(root.get("assetType"), expectedAssetType);
        int version = readVersion(root.get("version"));
        Feature target = readSignalStatistic(root.get("target"), "target");
        List<Feature> features = readFeatures(root.get("features"), target);
        MissingRule defaultMissing = readMissingRule(root.get("missing"), "missing");
        Map<String, MissingRule> overrides = readOverrides(root.get("signals"), target, features);
        return new FeatureSpec(assetType, version, target, features, defaultMissing, overrides);
    }

    private JsonNode readTree(byte[] json) {
        if (json == null) {
            throw new ConfigException(prefix() + "the file is empty");
        }
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || root.isMissingNode()) {
                throw new ConfigException(prefix() + "the file is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where =
                    at == null
                            ? ""
                            : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new ConfigException(
                    prefix() + "not valid JSON: " + e.getOriginalMessage() + where, e);
        } catch (IOException e) {
            throw new ConfigException(prefix() + "cannot read: " + e.getMessage(), e);
        }
    }

    private String readAssetType(JsonNode node, String expected) {
        String assetType = requireText(node, "assetType");
        if (!ASSET_TYPE.matcher(assetType).matches()) {
            throw fail(
                    "assetType",
                    "must be lower case (letters, digits, '-', '_', starting with a letter), got "
                            + quote(assetType));
        }
        if (expected != null && !expected.equals(assetType)) {
            throw fail(
                    "assetType",
                    "is "
                            + quote(assetType)
                            + " but this file was loaded as the spec of asset type "
                            + quote(expected)
                            + "; the file name and assetType must match");
        }
        return assetType;
    }

    private int readVersion(JsonNode node) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1) {
            throw fail("version", "must be an integer >= 1, got " + describe(node));
        }
        return node.intValue();
    }

    private List<Feature> readFeatures(JsonNode node, Feature target) {
        if (!node.isArray()) {
            throw fail(
                    "features", "expected an array of {signal, statistic}, got " + describe(node));
        }
        if (node.isEmpty()) {
            throw fail("features", "must list at least one model input");
        }
        List<Feature> features = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "features[" + i + "]";
            Feature feature = readSignalStatistic(node.get(i), path);
            if (feature.signal().equals(target.signal())) {
                throw fail(
                        path,
                        feature
                                + " uses the target signal "
                                + target.signal()
                                + ": the model must not get statistics of the signal it predicts"
                                + " (leakage); remove it or choose another target");
            }
            int earlier = features.indexOf(feature);
            if (earlier >= 0) {
                throw fail(
                        path,
                        "duplicate feature " + feature + " (already features[" + earlier + "])");
            }
            features.add(feature);
        }
        return features;
    }

    private Map<String, MissingRule> readOverrides(
            JsonNode node, Feature target, List<Feature> features) {
        Map<String, MissingRule> overrides = new LinkedHashMap<>();
        if (node == null) {
            return overrides;
        }
        if (!node.isObject()) {
            throw fail(
                    "signals",
                    "expected an object of signal name to missing policy, got " + describe(node));
        }
        Set<String> inputs = new LinkedHashSet<>();
        for (Feature f : features) {
            inputs.add(f.signal());
        }
        Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String signal = entry.getKey();
            String path = "signals." + signal;
            if (signal.equals(target.signal())) {
                throw fail(
                        path,
                        "the target signal cannot have a missing policy: its actual value is"
                                + " never carried forward; remove this entry");
            }
            if (!inputs.contains(signal)) {
                String hint = closest(signal, inputs);
                throw fail(
                        path,
                        quote(signal)
                                + " is not the signal of any feature"
                                + (hint == null ? "" : " (did you mean " + quote(hint) + "?)")
                                + "; input signals: "
                                + String.join(", ", inputs));
            }
            overrides.put(signal, readMissingRule(entry.getValue(), path));
        }
        return overrides;
    }

    private Feature readSignalStatistic(JsonNode node, String path) {
        if (!node.isObject()) {
            throw fail(
                    path,
                    "expected an object such as {\"signal\": \"Load\", \"statistic\": \"mean\"},"
                            + " got "
                            + describe(node));
        }
        checkFields(node, path + ".", SIGNAL_STATISTIC_FIELDS);
        String signal = readSignalName(node.get("signal"), path + ".signal");
        String statisticPath = path + ".statistic";
        String name = requireText(node.get("statistic"), statisticPath);
        FeatureStatistic statistic =
                FeatureStatistic.fromJsonName(name)
                        .orElseThrow(
                                () ->
                                        fail(
                                                statisticPath,
                                                "unknown statistic "
                                                        + quote(name)
                                                        + "; allowed: "
                                                        + FeatureStatistic.allowedNames()));
        return new Feature(signal, statistic);
    }

    private String readSignalName(JsonNode node, String path) {
        String signal = requireText(node, path);
        if (!SIGNAL_NAME.matcher(signal).matches()) {
            throw fail(
                    path,
                    "a signal name must not be blank, contain '/' or start or end with a space,"
                            + " got "
                            + quote(signal));
        }
        String key = signal.toLowerCase(Locale.ROOT);
        String[] first = spellings.get(key);
        if (first == null) {
            spellings.put(key, new String[] {signal, path});
        } else if (!first[0].equals(signal)) {
            throw fail(
                    path,
                    quote(signal)
                            + " differs only in case from "
                            + quote(first[0])
                            + " ("
                            + first[1]
                            + "); signal names are case-sensitive, use one spelling");
        }
        return signal;
    }

    private MissingRule readMissingRule(JsonNode node, String path) {
        if (!node.isObject()) {
            throw fail(
                    path,
                    "expected an object such as {\"policy\": \"CARRY_FORWARD\", \"ttl\": \"10m\"}"
                            + " or {\"policy\": \"MARK_MISSING\"}, got "
                            + describe(node));
        }
        checkFields(node, path + ".", MISSING_FIELDS);
        String policyPath = path + ".policy";
        String name = requireText(node.get("policy"), policyPath);
        MissingPolicy policy =
                MissingPolicy.fromJsonName(name)
                        .orElseThrow(
                                () ->
                                        fail(
                                                policyPath,
                                                "unknown policy "
                                                        + quote(name)
                                                        + "; allowed: "
                                                        + MissingPolicy.allowedNames()));
        String ttlPath = path + ".ttl";
        JsonNode ttlNode = node.get("ttl");
        if (policy == MissingPolicy.MARK_MISSING) {
            if (ttlNode != null) {
                throw fail(ttlPath, "not allowed for MARK_MISSING; only CARRY_FORWARD has a ttl");
            }
            return MissingRule.markMissing();
        }
        if (ttlNode == null) {
            throw fail(ttlPath, "required for CARRY_FORWARD, e.g. \"ttl\": \"10m\"");
        }
        String text = requireText(ttlNode, ttlPath);
        Duration ttl;
        try {
            ttl = Durations.parse(text);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw fail(
                    ttlPath,
                    "expected a duration such as 250ms, 30s, 5m, 2h or 1d, got " + quote(text));
        }
        if (ttl.isZero()) {
            throw fail(ttlPath, "must be greater than 0, got " + quote(text));
        }
        return MissingRule.carryForward(ttl);
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Rejects the first key that is not allowed (typo protection), suggesting the closest allowed
     * one. Required fields are checked where they are read.
     */
    private void checkFields(JsonNode object, String pathPrefix, List<String> allowed) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                String hint = closest(name, allowed);
                throw fail(
                        pathPrefix + name,
                        "unknown field"
                                + (hint == null ? "" : " (did you mean " + quote(hint) + "?)")
                                + "; allowed fields"
                                + (pathPrefix.isEmpty()
                                        ? ""
                                        : " of " + pathPrefix.substring(0, pathPrefix.length() - 1))
                                + ": "
                                + String.join(", ", allowed));
            }
        }
    }

    private String requireText(JsonNode node, String path) {
        if (node == null) {
            throw fail(path, "missing required field");
        }
        if (!node.isTextual()) {
            throw fail(path, "expected a string, got " + describe(node));
        }
        return node.textValue();
    }

    /** The allowed name that differs from {@code name} by case or at most two edits; or null. */
    private static String closest(String name, Iterable<String> allowed) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : allowed) {
            int d =
                    candidate.equalsIgnoreCase(name)
                            ? 0
                            : editDistance(
                                    candidate.toLowerCase(Locale.ROOT),
                                    name.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "string " + quote(node.textValue());
        }
        if (node.isNumber()) {
            return "number " + node.asText();
        }
        if (node.isBoolean()) {
            return node.asText();
        }
        if (node.isNull()) {
            return "null";
        }
        return node.isArray() ? "an array" : "an object";
    }

    private static String quote(String text) {
        return "\"" + text + "\"";
    }

    private String prefix() {
        return "Feature spec " + source + ": ";
    }

    private ConfigException fail(String path, String problem) {
        return new ConfigException(prefix() + path + ": " + problem);
    }
}
