package io.flowcast.training.registry;

import io.flowcast.stream.local.sagemaker.ModelRegistryWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The local model registry as the trainer sees it: a directory shared with the model server, laid
 * out as {@code <root>/<assetType>/<version>/} with versions {@code v0001, v0002, ...}; the highest
 * complete version is served. The layout belongs to the job's {@link
 * io.flowcast.stream.local.sagemaker.ModelRegistry} (reading) and {@link ModelRegistryWriter}
 * (atomic publishing, safe with several writers); this class adds the trainer's file names and
 * unchecked errors.
 */
public final class ModelRegistry {

    /** The model archive, written by the job's {@code ModelArchive}: one entry, xgboost-model. */
    public static final String MODEL_ARCHIVE =
            io.flowcast.stream.local.sagemaker.ModelRegistry.MODEL_ARCHIVE;

    public static final String METADATA = io.flowcast.stream.local.sagemaker.ModelRegistry.METADATA;
    public static final String METRICS = "metrics.json";
    public static final String STATISTICS = "statistics.json";
    public static final String CONSTRAINTS = "constraints.json";

    private final Path root;
    private final io.flowcast.stream.local.sagemaker.ModelRegistry reader;
    private final ModelRegistryWriter writer;

    public ModelRegistry(Path root) {
        this.root = Objects.requireNonNull(root, "root");
        this.reader = new io.flowcast.stream.local.sagemaker.ModelRegistry(root);
        this.writer = new ModelRegistryWriter(root);
    }

    public Path root() {
        return root;
    }

    /** The directory of one version, whether it exists or not. */
    public Path versionDir(String assetType, String version) {
        return root.resolve(assetType).resolve(version);
    }

    /** The complete versions of an asset type, oldest first; empty if there are none. */
    public List<String> versions(String assetType) {
        try {
            return reader.versions(assetType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root.resolve(assetType) + ": " + e, e);
        }
    }

    /** The served (highest complete) version of an asset type. */
    public Optional<String> latestVersion(String assetType) {
        List<String> versions = versions(assetType);
        return versions.isEmpty()
                ? Optional.empty()
                : Optional.of(versions.get(versions.size() - 1));
    }

    /**
     * Publishes a new version of {@code assetType} through {@link ModelRegistryWriter#publish}.
     *
     * @param files builds the version's files (name to content) for the version name it is given;
     *     must include {@value #METADATA} and {@value #MODEL_ARCHIVE}; called again if the first
     *     name is taken meanwhile
     * @return the version written, e.g. {@code v0002}
     * @throws UncheckedIOException if the files cannot be written or renamed
     */
    public String publish(String assetType, Function<String, Map<String, byte[]>> files) {
        try {
            return writer.publish(assetType, files);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write a "
                            + assetType
                            + " version to "
                            + root.resolve(assetType)
                            + ": "
                            + e,
                    e);
        }
    }
}
