package io.flowcast.training.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local model registry: a directory shared with the model server, laid out as {@code
 * <root>/<assetType>/<version>/} with versions {@code v0001, v0002, ...}; the highest complete
 * version is served.
 *
 * <p>A version counts as present only when its directory holds both {@value #METADATA} and {@value
 * #MODEL_ARCHIVE}. {@link #publish} writes a new version's files into a temporary directory next to
 * the versions ({@code .tmp-<uuid>}, which no reader takes for a version) and renames it to the
 * next free {@code vNNNN} atomically, so a reader never sees a half-written version. The next free
 * number is one above the highest {@code vNNNN} directory, complete or not; if another writer takes
 * that name first, the next number is tried.
 */
public final class ModelRegistry {

    /** The model archive, written by the job's {@code ModelArchive}: one entry, xgboost-model. */
    public static final String MODEL_ARCHIVE = "model.tar.gz";

    public static final String METADATA = "metadata.json";
    public static final String METRICS = "metrics.json";
    public static final String STATISTICS = "statistics.json";
    public static final String CONSTRAINTS = "constraints.json";

    private static final Pattern VERSION = Pattern.compile("v(\\d{4,9})");
    private static final int MAX_ATTEMPTS = 100;

    private final Path root;

    public ModelRegistry(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    public Path root() {
        return root;
    }

    /** The directory of one version, whether it exists or not. */
    public Path versionDir(String assetType, String version) {
        return root.resolve(assetType).resolve(version);
    }

    /** The version name of a number, e.g. {@code v0007}. */
    public static String versionName(int number) {
        if (number < 1) {
            throw new IllegalArgumentException("version numbers start at 1, got " + number);
        }
        return String.format(Locale.ROOT, "v%04d", number);
    }

    /** The complete versions of an asset type, oldest first; empty if there are none. */
    public List<String> versions(String assetType) {
        List<String> out = new ArrayList<>();
        for (Path dir : versionDirs(assetType)) {
            if (Files.isRegularFile(dir.resolve(METADATA))
                    && Files.isRegularFile(dir.resolve(MODEL_ARCHIVE))) {
                out.add(dir.getFileName().toString());
            }
        }
        return out;
    }

    /** The served (highest complete) version of an asset type. */
    public Optional<String> latestVersion(String assetType) {
        List<String> versions = versions(assetType);
        return versions.isEmpty()
                ? Optional.empty()
                : Optional.of(versions.get(versions.size() - 1));
    }

    /**
     * Publishes a new version of {@code assetType}.
     *
     * @param files builds the version's files (name to content) for the version name it is given;
     *     must include {@value #METADATA} and {@value #MODEL_ARCHIVE}; called again if the first
     *     name is taken meanwhile
     * @return the version written, e.g. {@code v0002}
     * @throws UncheckedIOException if the files cannot be written or renamed
     */
    public String publish(String assetType, Function<String, Map<String, byte[]>> files) {
        Path typeDir = root.resolve(assetType);
        try {
            Files.createDirectories(typeDir);
            int number = highestNumber(assetType) + 1;
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++, number++) {
                String version = versionName(number);
                Map<String, byte[]> content = files.apply(version);
                if (!content.containsKey(METADATA) || !content.containsKey(MODEL_ARCHIVE)) {
                    throw new IllegalArgumentException(
                            "a registry version needs " + METADATA + " and " + MODEL_ARCHIVE);
                }
                Path tmp = typeDir.resolve(".tmp-" + UUID.randomUUID());
                Files.createDirectory(tmp);
                try {
                    for (Map.Entry<String, byte[]> e : content.entrySet()) {
                        Files.write(tmp.resolve(e.getKey()), e.getValue());
                    }
                    Path target = typeDir.resolve(version);
                    // rename(2) would replace an empty directory: never move onto an existing one.
                    if (!Files.exists(target)) {
                        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                        return version;
                    }
                } catch (FileAlreadyExistsException | DirectoryNotEmptyException taken) {
                    // Another writer won this number; try the next.
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IOException(
                            "the registry's file system cannot rename atomically: " + typeDir, e);
                } finally {
                    deleteRecursively(tmp);
                }
            }
            throw new IOException(
                    "no free version number for "
                            + assetType
                            + " after "
                            + MAX_ATTEMPTS
                            + " tries");
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write a " + assetType + " version to " + typeDir + ": " + e, e);
        }
    }

    private int highestNumber(String assetType) {
        int highest = 0;
        for (Path dir : versionDirs(assetType)) {
            Matcher m = VERSION.matcher(dir.getFileName().toString());
            if (m.matches()) {
                highest = Math.max(highest, Integer.parseInt(m.group(1)));
            }
        }
        return highest;
    }

    private List<Path> versionDirs(String assetType) {
        Path typeDir = root.resolve(assetType);
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(typeDir)) {
            return out;
        }
        try (Stream<Path> children = Files.list(typeDir)) {
            children.filter(Files::isDirectory)
                    .filter(p -> VERSION.matcher(p.getFileName().toString()).matches())
                    .sorted(
                            Comparator.comparingInt(
                                    p -> Integer.parseInt(p.getFileName().toString().substring(1))))
                    .forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + typeDir + ": " + e, e);
        }
        return out;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = new ArrayList<>();
            walk.forEach(paths::add);
            paths.sort(Comparator.reverseOrder());
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        }
    }
}
