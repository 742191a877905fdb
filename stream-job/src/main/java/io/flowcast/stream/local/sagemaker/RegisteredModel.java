package io.flowcast.stream.local.sagemaker;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One complete version in the {@link ModelRegistry}: its directory and its parsed metadata. The
 * booster itself is read on demand from {@link #modelArchive()}.
 */
public final class RegisteredModel {

    private final Path directory;
    private final ModelMetadata metadata;

    /** Creates the entry for the version directory {@code directory}. */
    public RegisteredModel(Path directory, ModelMetadata metadata) {
        this.directory = Objects.requireNonNull(directory, "directory must not be null");
        this.metadata = Objects.requireNonNull(metadata, "metadata must not be null");
    }

    /** {@code <registry>/<assetType>/<version>}. */
    public Path directory() {
        return directory;
    }

    /** The version directory's {@code model.tar.gz}. */
    public Path modelArchive() {
        return directory.resolve(ModelRegistry.MODEL_ARCHIVE);
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    public String assetType() {
        return metadata.assetType();
    }

    public String version() {
        return metadata.version();
    }

    @Override
    public String toString() {
        return metadata.assetType() + "/" + metadata.version() + " (" + directory + ")";
    }
}
