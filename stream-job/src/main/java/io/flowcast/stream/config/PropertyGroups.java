package io.flowcast.stream.config;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The raw runtime properties of the job: named groups of string key/value pairs, exactly the shape
 * of Managed Service for Apache Flink's "runtime properties" ({@code PropertyGroupId} and {@code
 * PropertyMap}). On the service they come from {@link KinesisAnalyticsRuntime}; locally from a JSON
 * file of the same shape in {@code kda-config/}.
 *
 * <p>Values are read only through {@link #get(ConfigOption)} and {@link #find(ConfigOption)}, which
 * type them and fail with a message naming the group and key.
 */
public final class PropertyGroups {

    private final Map<String, Map<String, String>> groups;

    private PropertyGroups(Map<String, Map<String, String>> groups) {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        groups.forEach(
                (id, map) -> copy.put(id, Collections.unmodifiableMap(new LinkedHashMap<>(map))));
        this.groups = Collections.unmodifiableMap(copy);
    }

    /** Groups from an in-memory map (tests, tools). */
    public static PropertyGroups of(Map<String, Map<String, String>> groups) {
        return new PropertyGroups(groups);
    }

    /** The application's runtime properties as Managed Service for Apache Flink provides them. */
    public static PropertyGroups fromManagedFlinkRuntime() {
        try {
            return fromProperties(KinesisAnalyticsRuntime.getApplicationProperties());
        } catch (IOException e) {
            throw new ConfigException(
                    "Could not read the application's runtime properties from Managed Flink", e);
        }
    }

    static PropertyGroups fromProperties(Map<String, Properties> runtime) {
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        runtime.forEach(
                (id, properties) -> {
                    Map<String, String> map = new LinkedHashMap<>();
                    properties
                            .stringPropertyNames()
                            .forEach(k -> map.put(k, properties.getProperty(k)));
                    groups.put(id, map);
                });
        return new PropertyGroups(groups);
    }

    /**
     * Reads a local JSON file of the Managed Flink shape: an array of objects, each with a string
     * {@code PropertyGroupId} and an object {@code PropertyMap} whose values are strings (numbers
     * and booleans are accepted and kept as their text).
     */
    public static PropertyGroups fromJsonFile(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ConfigException(
                    "Could not read configuration file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new ConfigException(
                    "Configuration file "
                            + file
                            + " must hold a JSON array of {\"PropertyGroupId\": ..., \"PropertyMap\": {...}}");
        }
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode entry : root) {
            String where = file + " entry " + index++;
            JsonNode id = entry.get("PropertyGroupId");
            JsonNode map = entry.get("PropertyMap");
            if (id == null || !id.isTextual() || id.asText().isEmpty()) {
                throw new ConfigException(where + ": PropertyGroupId must be a non-empty string");
            }
            if (map == null || !map.isObject()) {
                throw new ConfigException(
                        where + " (" + id.asText() + "): PropertyMap must be a JSON object");
            }
            if (groups.containsKey(id.asText())) {
                throw new ConfigException(
                        where + ": property group '" + id.asText() + "' appears twice");
            }
            Map<String, String> values = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = map.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                if (!value.isValueNode() || value.isNull()) {
                    throw new ConfigException(
                            "Property group '"
                                    + id.asText()
                                    + "', key '"
                                    + field.getKey()
                                    + "': value must be a string, number or boolean in "
                                    + file);
                }
                values.put(field.getKey(), value.asText());
            }
            groups.put(id.asText(), values);
        }
        return new PropertyGroups(groups);
    }

    /** The typed value of a required or defaulted option. */
    public <T> T get(ConfigOption<T> option) {
        Optional<T> value = find(option);
        if (value.isPresent()) {
            return value.get();
        }
        if (option.presence() == ConfigOption.Presence.OPTIONAL) {
            throw new IllegalStateException(
                    "Option " + option + " is optional; read it with find(..)");
        }
        Map<String, String> group = groups.get(option.group());
        String missing =
                group == null
                        ? "Property group '" + option.group() + "' is missing; it must set key '"
                        : "Property group '" + option.group() + "' is missing required key '";
        throw new ConfigException(missing + option.key() + "' (" + option.description() + ")");
    }

    /** The typed value if present, else the option's default if it has one, else empty. */
    public <T> Optional<T> find(ConfigOption<T> option) {
        Map<String, String> group = groups.get(option.group());
        String raw = group == null ? null : group.get(option.key());
        if (raw == null) {
            return option.defaultValue();
        }
        try {
            return Optional.of(option.type().parse(raw));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    "Property group '"
                            + option.group()
                            + "', key '"
                            + option.key()
                            + "': "
                            + e.getMessage());
        }
    }

    /**
     * The raw key/value pairs of a group (empty if absent), for keys passed through to a connector.
     */
    public Map<String, String> rawGroup(String groupId) {
        return groups.getOrDefault(groupId, Collections.emptyMap());
    }

    /**
     * Fails if any group or key is not declared: a typo in a key would otherwise be ignored and its
     * default silently used.
     *
     * @param declared every option the job reads
     * @param passThroughPrefixes per group, key prefixes that are handed to a connector unchanged
     */
    public void checkNoUnknownKeys(
            Collection<ConfigOption<?>> declared, Map<String, List<String>> passThroughPrefixes) {
        Map<String, Set<String>> known =
                declared.stream()
                        .collect(
                                Collectors.groupingBy(
                                        ConfigOption::group,
                                        Collectors.mapping(
                                                ConfigOption::key,
                                                Collectors.toCollection(TreeSet::new))));
        for (Map.Entry<String, Map<String, String>> group : groups.entrySet()) {
            Set<String> keys = known.get(group.getKey());
            if (keys == null) {
                throw new ConfigException(
                        "Unknown property group '"
                                + group.getKey()
                                + "'; the job reads "
                                + new TreeSet<>(known.keySet()));
            }
            List<String> prefixes =
                    passThroughPrefixes.getOrDefault(group.getKey(), Collections.emptyList());
            for (String key : group.getValue().keySet()) {
                if (!keys.contains(key) && prefixes.stream().noneMatch(key::startsWith)) {
                    throw new ConfigException(
                            "Property group '"
                                    + group.getKey()
                                    + "' has unknown key '"
                                    + key
                                    + "'; known keys are "
                                    + keys
                                    + (prefixes.isEmpty()
                                            ? ""
                                            : " and keys starting with " + prefixes));
                }
            }
        }
    }
}
