package io.flowcast.stream.local.sagemaker;

import io.flowcast.stream.inference.ModelVersions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Writes model versions into a {@link ModelRegistry} the way the contract requires: a version's
 * files are written completely into a hidden temporary directory next to the versions ({@code
 * .tmp-<uuid>}, which no reader takes for a version) and then renamed atomically to its {@code
 * vNNNN} name, so the server never loads half a version. The one writer of the layout: the local
 * trainer publishes through it too.
 *
 * <p>{@link #publish} takes the next free number, one above the highest {@code vNNNN} directory
 * (complete or not); if another writer takes that name first, the next number is tried, so two
 * writers of one asset type never collide.
 */
public final class ModelRegistryWriter {

    private static final int MAX_ATTEMPTS = 100;

    private final ModelRegistry registry;

    /** A writer into the registry rooted at {@code root} (created if missing). */
    public ModelRegistryWriter(Path root) {
        this.registry = new ModelRegistry(Objects.requireNonNull(root, "root must not be null"));
    }

    /**
     * Publishes a new version of {@code assetType}.
     *
     * @param files builds the version's files (name to content) for the version name it is given;
     *     must include {@link ModelRegistry#METADATA} and {@link ModelRegistry#MODEL_ARCHIVE};
     *     called again if the first name is taken meanwhile
     * @return the version written, e.g. {@code v0002}
     * @throws IOException if the files cannot be written or renamed, or no number is free
     */
    public String publish(String assetType, Function<String, Map<String, byte[]>> files)
            throws IOException {
        Path typeDir = registry.root().resolve(ModelRegistry.checkAssetType(assetType));
        Files.createDirectories(typeDir);
        int number = highestNumber(typeDir) + 1;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++, number++) {
            String version = ModelVersions.versionName(number);
            if (write(typeDir, version, files.apply(version))) {
                return version;
            }
        }
        throw new IOException(
                "no free version number for " + assetType + " after " + MAX_ATTEMPTS + " tries");
    }

    /**
     * Registers {@code booster} (the bytes of a saved XGBoost model) as the next version of the
     * metadata's asset type; the metadata's own version is replaced by that next version.
     *
     * @return the registered version
     */
    public RegisteredModel registerNext(ModelMetadata metadata, byte[] booster) throws IOException {
        Objects.requireNonNull(booster, "booster must not be null");
        String version =
                publish(metadata.assetType(), v -> files(metadata.withVersion(v), booster));
        return registry.version(metadata.assetType(), version);
    }

    /**
     * Registers {@code booster} under exactly the metadata's asset type and version.
     *
     * @throws FileAlreadyExistsException if that version directory exists already
     */
    public RegisteredModel register(ModelMetadata metadata, byte[] booster) throws IOException {
        Objects.requireNonNull(booster, "booster must not be null");
        Path typeDir = registry.root().resolve(ModelRegistry.checkAssetType(metadata.assetType()));
        Files.createDirectories(typeDir);
        if (!write(typeDir, metadata.version(), files(metadata, booster))) {
            throw new FileAlreadyExistsException(typeDir.resolve(metadata.version()).toString());
        }
        return registry.version(metadata.assetType(), metadata.version());
    }

    /** A version's files for the model server: the archive, the metadata, empty reports. */
    private static Map<String, byte[]> files(ModelMetadata metadata, byte[] booster) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            files.put(ModelRegistry.MODEL_ARCHIVE, ModelArchive.toBytes(booster));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.put(
                ModelRegistry.METADATA,
                metadata.toJson().toPrettyString().getBytes(StandardCharsets.UTF_8));
        // The server ignores these; the trainer's real files carry evaluation results.
        byte[] empty = "{}\n".getBytes(StandardCharsets.UTF_8);
        files.put("metrics.json", empty);
        files.put("statistics.json", empty);
        files.put("constraints.json", empty);
        return files;
    }

    /**
     * Writes {@code content} as {@code typeDir/version} through a hidden temporary directory.
     *
     * @return false if that version exists already (another writer took it)
     */
    private static boolean write(Path typeDir, String version, Map<String, byte[]> content)
            throws IOException {
        if (!content.containsKey(ModelRegistry.METADATA)
                || !content.containsKey(ModelRegistry.MODEL_ARCHIVE)) {
            throw new IllegalArgumentException(
                    "a registry version needs "
                            + ModelRegistry.METADATA
                            + " and "
                            + ModelRegistry.MODEL_ARCHIVE);
        }
        Path target = typeDir.resolve(version);
        if (Files.exists(target)) {
            return false;
        }
        Path tmp = typeDir.resolve(".tmp-" + UUID.randomUUID());
        Files.createDirectory(tmp);
        try {
            for (Map.Entry<String, byte[]> e : content.entrySet()) {
                Files.write(tmp.resolve(e.getKey()), e.getValue());
            }
            // rename(2) would replace an empty directory: never move onto an existing one.
            if (Files.exists(target)) {
                return false;
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException taken) {
            return false; // another writer won this number
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(
                    "the registry's file system cannot rename atomically: " + typeDir, e);
        } finally {
            deleteRecursively(tmp);
        }
    }

    /** The highest {@code vNNNN} number among the directories of {@code typeDir}, or 0. */
    private static int highestNumber(Path typeDir) throws IOException {
        int highest = 0;
        try (Stream<Path> children = Files.list(typeDir)) {
            for (Path dir : (Iterable<Path>) children::iterator) {
                String name = dir.getFileName().toString();
                if (ModelVersions.isVersionName(name) && Files.isDirectory(dir)) {
                    highest = Math.max(highest, ModelVersions.versionNumber(name));
                }
            }
        }
        return highest;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
