package io.flowcast.stream.local.sagemaker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Registers model versions in a {@link ModelRegistry} the way the contract requires: the version
 * directory is written completely under a hidden temporary name ({@code .v0002.tmp-<nanos>}) next
 * to its final place and then renamed (atomically where the file system supports it), so the server
 * never loads half a version.
 *
 * <p>A small helper for tests, benchmarks and the local run; the trainer writes the same layout
 * itself. Not safe for two writers registering the same asset type at once: both may pick the same
 * next version, and the second rename then fails with {@link FileAlreadyExistsException}.
 */
public final class ModelRegistryWriter {

    private final ModelRegistry registry;

    /** A writer into the registry rooted at {@code root} (created if missing). */
    public ModelRegistryWriter(Path root) {
        this.registry = new ModelRegistry(Objects.requireNonNull(root, "root must not be null"));
    }

    /**
     * Registers {@code booster} (the bytes of a saved XGBoost model) as the next version of the
     * metadata's asset type; the metadata's own version is replaced by that next version.
     *
     * @return the registered version
     */
    public RegisteredModel registerNext(ModelMetadata metadata, byte[] booster) throws IOException {
        List<String> existing = registry.versions(metadata.assetType());
        int next =
                existing.isEmpty()
                        ? 1
                        : ModelRegistry.versionNumber(existing.get(existing.size() - 1)) + 1;
        return register(metadata.withVersion(ModelRegistry.versionName(next)), booster);
    }

    /**
     * Registers {@code booster} under exactly the metadata's asset type and version.
     *
     * @throws FileAlreadyExistsException if that version directory exists already
     */
    public RegisteredModel register(ModelMetadata metadata, byte[] booster) throws IOException {
        Objects.requireNonNull(booster, "booster must not be null");
        Path typeDir = registry.root().resolve(ModelRegistry.checkAssetType(metadata.assetType()));
        Path target = typeDir.resolve(metadata.version());
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Files.createDirectories(typeDir);
        Path temp = typeDir.resolve("." + metadata.version() + ".tmp-" + System.nanoTime());
        Files.createDirectory(temp);
        try {
            ModelArchive.write(temp.resolve(ModelRegistry.MODEL_ARCHIVE), booster);
            metadata.write(temp.resolve(ModelRegistry.METADATA));
            // The server ignores these; the trainer's real files carry evaluation results.
            writeEmptyJson(temp.resolve("metrics.json"));
            writeEmptyJson(temp.resolve("statistics.json"));
            writeEmptyJson(temp.resolve("constraints.json"));
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
        } catch (IOException | RuntimeException e) {
            deleteRecursively(temp);
            throw e;
        }
        return registry.version(metadata.assetType(), metadata.version());
    }

    private static void writeEmptyJson(Path file) throws IOException {
        Files.write(file, "{}\n".getBytes(StandardCharsets.UTF_8));
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(
                            p -> {
                                try {
                                    Files.deleteIfExists(p);
                                } catch (IOException ignored) {
                                    // Best effort: a leftover hidden temp directory is ignored by
                                    // readers.
                                }
                            });
        } catch (IOException ignored) {
            // Best effort, as above.
        }
    }
}
