package io.flowcast.stream.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Baselines and latest versions from a model registry, {@code <registry>/<assetType>/<version>/},
 * through Flink's file systems ({@code file://} locally, {@code s3://} on AWS).
 *
 * <ul>
 *   <li><b>Residual spread</b>: {@code metadata.json}'s {@code residualStd}. Versions are
 *       immutable, so each is read once.
 *   <li><b>Latest version</b> of an asset type: the highest-numbered {@code vNNNN} directory (4 to
 *       9 digits, compared by number) that holds a {@code metadata.json}. Every writer puts {@code
 *       metadata.json} last (the local {@code ModelRegistryWriter} renames a finished directory;
 *       the AWS retraining state machine and {@code scripts/publish-model.sh} upload it after the
 *       other files, once the endpoint serves the version), so a version without it is still being
 *       written and does not count. The answer is kept for the refresh interval (default {@link
 *       #DEFAULT_LATEST_REFRESH}) and then looked up again, so a new version is picked up without a
 *       restart.
 * </ul>
 *
 * <p>A registry that cannot be read gives an empty answer (logged once per type), never a failure;
 * a failed refresh keeps the version found before. Thread-safe: the inference stage calls it from
 * the SageMaker client's completion threads.
 */
public final class RegistryBaselines implements BaselineSource {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RegistryBaselines.class);

    /** How long a latest version is used before the registry is listed again. */
    public static final Duration DEFAULT_LATEST_REFRESH = Duration.ofMinutes(1);

    static final String METADATA = "metadata.json";

    private final String registry;
    private final long latestRefreshMillis;

    private transient volatile Cache cache;

    /** A reader of the registry at {@code registry}, refreshing latest versions every minute. */
    public RegistryBaselines(URI registry) {
        this(registry, DEFAULT_LATEST_REFRESH);
    }

    /**
     * @param latestRefresh how long a latest version is kept before the registry is listed again
     *     ({@link Duration#ZERO}: on every call)
     */
    public RegistryBaselines(URI registry, Duration latestRefresh) {
        this.registry =
                Objects.requireNonNull(registry, "registry").toString().replaceAll("/+$", "");
        if (latestRefresh == null || latestRefresh.isNegative()) {
            throw new IllegalArgumentException(
                    "latestRefresh must be zero or positive, got " + latestRefresh);
        }
        this.latestRefreshMillis = latestRefresh.toMillis();
    }

    @Override
    public OptionalDouble residualStd(String assetType, String modelVersion) {
        String version = modelVersion != null ? modelVersion : latestVersion(assetType);
        if (version == null) {
            return OptionalDouble.empty();
        }
        return cache().byVersion
                .computeIfAbsent(assetType + '/' + version, k -> read(assetType, version));
    }

    @Override
    public String latestVersion(String assetType) {
        Map<String, Latest> latestByType = cache().latestByType;
        long now = System.currentTimeMillis();
        Latest cached = latestByType.get(assetType);
        if (cached != null && now - cached.readAt < latestRefreshMillis) {
            return cached.version;
        }
        String version;
        try {
            version = findLatest(assetType);
        } catch (IOException e) {
            if (cached == null) {
                LOG.warn(
                        "Model registry {} unreadable for {}: {}",
                        registry,
                        assetType,
                        e.toString());
            }
            version = cached == null ? null : cached.version;
        }
        if (cached != null && version != null && !version.equals(cached.version)) {
            LOG.info(
                    "Model registry {}: {} now has version {} (was {})",
                    registry,
                    assetType,
                    version,
                    cached.version);
        }
        latestByType.put(assetType, new Latest(version, now));
        return version;
    }

    /** The highest-numbered version directory of the type that holds a metadata.json, or null. */
    private String findLatest(String assetType) throws IOException {
        Path dir = new Path(registry + '/' + assetType);
        FileSystem fs = dir.getFileSystem();
        if (!fs.exists(dir)) {
            return null;
        }
        FileStatus[] entries = fs.listStatus(dir);
        List<String> versions = new ArrayList<>();
        if (entries != null) {
            for (FileStatus e : entries) {
                String name = e.getPath().getName();
                if (e.isDir() && ModelVersions.isVersionName(name)) {
                    versions.add(name);
                }
            }
        }
        versions.sort(Comparator.comparingInt(ModelVersions::versionNumber).reversed());
        for (String version : versions) {
            if (fs.exists(new Path(dir, version + '/' + METADATA))) {
                return version;
            }
        }
        return null;
    }

    private OptionalDouble read(String assetType, String version) {
        Path file = new Path(registry + '/' + assetType + '/' + version + '/' + METADATA);
        try {
            FileSystem fs = file.getFileSystem();
            try (InputStream in = fs.open(file)) {
                JsonNode std = new ObjectMapper().readTree(in).path("residualStd");
                if (std.isNumber() && std.asDouble() > 0) {
                    return OptionalDouble.of(std.asDouble());
                }
                LOG.warn("{} has no positive residualStd; no anomaly scores for it", file);
            }
        } catch (IOException e) {
            LOG.warn("Cannot read the baseline {}: {}", file, e.toString());
        }
        return OptionalDouble.empty();
    }

    private Cache cache() {
        Cache c = cache;
        if (c == null) {
            synchronized (this) {
                c = cache;
                if (c == null) {
                    c = new Cache();
                    cache = c;
                }
            }
        }
        return c;
    }

    @Override
    public String toString() {
        return "RegistryBaselines{" + registry + "}";
    }

    /** What one instance has read: per-version spreads and per-type latest versions. */
    private static final class Cache {
        final Map<String, OptionalDouble> byVersion = new ConcurrentHashMap<>();
        final Map<String, Latest> latestByType = new ConcurrentHashMap<>();
    }

    private static final class Latest {
        final String version;
        final long readAt;

        Latest(String version, long readAt) {
            this.version = version;
            this.readAt = readAt;
        }
    }
}
