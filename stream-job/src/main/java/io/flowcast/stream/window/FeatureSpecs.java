package io.flowcast.stream.window;

import io.flowcast.stream.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The feature specs of the asset types the job serves, by asset type, and the loader that reads
 * them.
 *
 * <p>Each spec lives in {@code schemas/features/<assetType>.json} in the repository; the build
 * copies those files into the jar as {@code flowcast/features/<assetType>.json} ({@link
 * #resourceName(String)}), and the job loads the ones it needs at start-up with {@link
 * #loadFromClasspath(Collection)}. Any problem, from a missing file to a feature that leaks the
 * target, is a {@link ConfigException} naming the file and the field, so the job fails to start
 * instead of feeding a model the wrong columns.
 *
 * <p>Immutable and {@link Serializable}.
 */
public final class FeatureSpecs implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Class path folder of the spec files, with a trailing slash. */
    public static final String RESOURCE_DIR = "flowcast/features/";

    private final LinkedHashMap<String, FeatureSpec> byType;

    private FeatureSpecs(LinkedHashMap<String, FeatureSpec> byType) {
        this.byType = byType;
    }

    /**
     * Parses and validates one spec file, whatever asset type it declares.
     *
     * @param sourceName names the file in error messages, e.g. {@code flowcast/features/pump.json}
     * @param json the file content, UTF-8
     * @throws ConfigException if the JSON is malformed or the spec is invalid
     */
    public static FeatureSpec parse(String sourceName, byte[] json) {
        return FeatureSpecParser.parse(sourceName, json, null);
    }

    /**
     * Parses and validates one spec file that must declare {@code expectedAssetType}.
     *
     * @throws ConfigException if the JSON is malformed, the spec is invalid or its assetType is not
     *     {@code expectedAssetType}
     */
    public static FeatureSpec parse(String sourceName, byte[] json, String expectedAssetType) {
        return FeatureSpecParser.parse(
                sourceName, json, Objects.requireNonNull(expectedAssetType, "expectedAssetType"));
    }

    /**
     * The class path resource of an asset type's spec, e.g. {@code flowcast/features/pump.json}.
     */
    public static String resourceName(String assetType) {
        return RESOURCE_DIR + assetType + ".json";
    }

    /**
     * Loads the specs of the given asset types from the class path, with the thread's context class
     * loader (the user-code class loader in Flink) and then this class's own loader.
     *
     * @param assetTypes lower-case asset types, e.g. {@code [pump, compressor]}; duplicates are
     *     ignored
     * @throws ConfigException if no type is given, a type is not lower case, a file is missing or a
     *     spec is invalid
     */
    public static FeatureSpecs loadFromClasspath(Collection<String> assetTypes) {
        List<ClassLoader> loaders = new ArrayList<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            loaders.add(context);
        }
        ClassLoader own = FeatureSpecs.class.getClassLoader();
        if (own != null && own != context) {
            loaders.add(own);
        }
        return load(assetTypes, loaders);
    }

    /** As {@link #loadFromClasspath(Collection)}, reading from one given class loader. */
    public static FeatureSpecs loadFromClasspath(
            Collection<String> assetTypes, ClassLoader classLoader) {
        return load(
                assetTypes,
                Collections.singletonList(Objects.requireNonNull(classLoader, "classLoader")));
    }

    /**
     * Wraps specs that are already parsed, e.g. in tests.
     *
     * @throws IllegalArgumentException if two specs are for the same asset type
     */
    public static FeatureSpecs of(Collection<FeatureSpec> specs) {
        LinkedHashMap<String, FeatureSpec> byType = new LinkedHashMap<>();
        for (FeatureSpec spec : specs) {
            if (byType.put(spec.assetType(), spec) != null) {
                throw new IllegalArgumentException(
                        "two feature specs for asset type " + spec.assetType());
            }
        }
        return new FeatureSpecs(byType);
    }

    private static FeatureSpecs load(Collection<String> assetTypes, List<ClassLoader> loaders) {
        if (assetTypes == null || assetTypes.isEmpty()) {
            throw new ConfigException("No asset types given: cannot load any feature spec");
        }
        LinkedHashMap<String, FeatureSpec> byType = new LinkedHashMap<>();
        for (String assetType : new LinkedHashSet<>(assetTypes)) {
            if (assetType == null || !FeatureSpecParser.ASSET_TYPE.matcher(assetType).matches()) {
                throw new ConfigException(
                        "Asset type "
                                + (assetType == null ? "null" : "\"" + assetType + "\"")
                                + " is not a valid asset type: use lower case letters, digits,"
                                + " '-' or '_', starting with a letter (e.g. pump)");
            }
            String resource = resourceName(assetType);
            byte[] json = read(resource, loaders);
            if (json == null) {
                throw new ConfigException(
                        "No feature spec for asset type \""
                                + assetType
                                + "\": "
                                + resource
                                + " is not on the class path (add schemas/features/"
                                + assetType
                                + ".json and rebuild the jar)");
            }
            byType.put(assetType, FeatureSpecParser.parse(resource, json, assetType));
        }
        return new FeatureSpecs(byType);
    }

    /** The resource's bytes from the first loader that has it, or null if none has. */
    private static byte[] read(String resource, List<ClassLoader> loaders) {
        for (ClassLoader loader : loaders) {
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in != null) {
                    return in.readAllBytes();
                }
            } catch (IOException e) {
                throw new ConfigException(
                        "Feature spec " + resource + ": cannot read: " + e.getMessage(), e);
            }
        }
        return null;
    }

    /**
     * The spec of an asset type.
     *
     * @throws IllegalArgumentException if that type was not loaded; use {@link #find(String)} where
     *     unknown types are expected
     */
    public FeatureSpec forType(String assetType) {
        FeatureSpec spec = byType.get(assetType);
        if (spec == null) {
            throw new IllegalArgumentException(
                    "No feature spec for asset type \""
                            + assetType
                            + "\"; loaded: "
                            + byType.keySet());
        }
        return spec;
    }

    /** The spec of an asset type, or empty if that type was not loaded. */
    public Optional<FeatureSpec> find(String assetType) {
        return Optional.ofNullable(byType.get(assetType));
    }

    /** The loaded asset types, in load order. */
    public Set<String> assetTypes() {
        return Collections.unmodifiableSet(byType.keySet());
    }

    /** The loaded specs, in load order. */
    public Collection<FeatureSpec> all() {
        return Collections.unmodifiableCollection(byType.values());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureSpecs && byType.equals(((FeatureSpecs) o).byType);
    }

    @Override
    public int hashCode() {
        return byType.hashCode();
    }

    @Override
    public String toString() {
        return "FeatureSpecs" + byType.values();
    }
}
