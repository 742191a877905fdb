package io.flowcast.stream.local.sagemaker;

import io.flowcast.stream.inference.ModelVersions;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the model registry: the directory contract between the trainer (which writes models) and
 * the local SageMaker stand-in (which serves them).
 *
 * <pre>
 * &lt;registry&gt;/&lt;assetType&gt;/&lt;version&gt;/      version = v0001, v0002, ... (the highest complete one is served)
 *     model.tar.gz      tar.gz holding one entry, xgboost-model (see {@link ModelArchive})
 *     metadata.json     see {@link ModelMetadata}
 *     metrics.json, statistics.json, constraints.json   (written by the trainer, not read here)
 * </pre>
 *
 * <p><b>Complete versions only.</b> A version directory counts once both {@value #METADATA} and
 * {@value #MODEL_ARCHIVE} exist in it. Writers must build the directory under a name that is not a
 * version name (for example {@code .v0002.tmp-1234}, names starting with a dot are ignored) and
 * rename it to its version name as the last step, so a reader never sees half a version; {@link
 * ModelRegistryWriter} does that. Directory names that are not {@code v} followed by at least four
 * digits are ignored. Versions compare by number, so {@code v10000} is newer than {@code v9999}.
 *
 * <p>Stateless and thread-safe: every call lists the file system again.
 */
public final class ModelRegistry {

    /** The archive file in a version directory. */
    public static final String MODEL_ARCHIVE = "model.tar.gz";

    /** The metadata file in a version directory. */
    public static final String METADATA = "metadata.json";

    private final Path root;

    /** A reader of the registry rooted at {@code root} (which need not exist yet). */
    public ModelRegistry(Path root) {
        this.root = Objects.requireNonNull(root, "registry root must not be null");
    }

    /** The registry's root directory. */
    public Path root() {
        return root;
    }

    /** The asset types with a directory in the registry, sorted; empty if the root is missing. */
    public List<String> assetTypes() throws IOException {
        List<String> types = new ArrayList<>();
        for (Path dir : list(root)) {
            String name = dir.getFileName().toString();
            if (!name.startsWith(".") && Files.isDirectory(dir)) {
                types.add(name);
            }
        }
        types.sort(Comparator.naturalOrder());
        return types;
    }

    /** The complete versions of {@code assetType}, oldest first; empty if there are none. */
    public List<String> versions(String assetType) throws IOException {
        List<String> versions = new ArrayList<>();
        for (Path dir : list(root.resolve(checkAssetType(assetType)))) {
            String name = dir.getFileName().toString();
            if (ModelVersions.isVersionName(name) && isComplete(dir)) {
                versions.add(name);
            }
        }
        versions.sort(Comparator.comparingInt(ModelVersions::versionNumber));
        return versions;
    }

    /**
     * The newest complete version of {@code assetType}, or empty if it has none.
     *
     * @throws IOException if that version's metadata cannot be read or does not match its place in
     *     the registry (the caller keeps what it has: a broken newest version is not skipped)
     */
    public Optional<RegisteredModel> latest(String assetType) throws IOException {
        List<String> versions = versions(assetType);
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(version(assetType, versions.get(versions.size() - 1)));
    }

    /**
     * A given complete version.
     *
     * @throws NoSuchFileException if it does not exist or is not complete
     * @throws IOException if its metadata cannot be read or names another type or version
     */
    public RegisteredModel version(String assetType, String version) throws IOException {
        Path dir = root.resolve(checkAssetType(assetType)).resolve(version);
        if (!ModelVersions.isVersionName(version) || !isComplete(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no complete model version");
        }
        ModelMetadata metadata = ModelMetadata.read(dir.resolve(METADATA));
        if (!metadata.assetType().equals(assetType) || !metadata.version().equals(version)) {
            throw new IOException(
                    dir.resolve(METADATA)
                            + ": says "
                            + metadata.assetType()
                            + "/"
                            + metadata.version()
                            + " but lies in "
                            + assetType
                            + "/"
                            + version);
        }
        return new RegisteredModel(dir, metadata);
    }

    static boolean isComplete(Path versionDir) {
        return Files.isRegularFile(versionDir.resolve(METADATA))
                && Files.isRegularFile(versionDir.resolve(MODEL_ARCHIVE));
    }

    static String checkAssetType(String assetType) {
        if (assetType == null
                || assetType.isEmpty()
                || assetType.startsWith(".")
                || assetType.contains("/")
                || assetType.contains("\\")) {
            throw new IllegalArgumentException("not an asset type name: '" + assetType + "'");
        }
        return assetType;
    }

    private static List<Path> list(Path dir) throws IOException {
        List<Path> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return entries;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        } catch (NoSuchFileException e) {
            // Removed between the check and the listing: nothing there.
        }
        return entries;
    }
}
