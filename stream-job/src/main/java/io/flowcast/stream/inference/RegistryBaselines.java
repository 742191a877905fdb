package io.flowcast.stream.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Baselines from a model registry: {@code <registry>/<assetType>/<version>/metadata.json}'s {@code
 * residualStd}, through Flink's file systems ({@code file://} locally, {@code s3://} on AWS).
 * Versions are immutable, so each is read once; "the latest version" is looked up again at most
 * once per minute, so a newly registered model's baseline is picked up without a restart. A
 * registry that cannot be read gives an empty answer (logged once per type), never a failure.
 */
public final class RegistryBaselines implements BaselineSource {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RegistryBaselines.class);
    private static final long LATEST_REFRESH_MILLIS = 60_000;

    private final String registry;

    private transient Map<String, OptionalDouble> byVersion;
    private transient Map<String, Latest> latestByType;

    public RegistryBaselines(URI registry) {
        this.registry = registry.toString().replaceAll("/+$", "");
    }

    @Override
    public OptionalDouble residualStd(String assetType, String modelVersion) {
        if (byVersion == null) {
            byVersion = new ConcurrentHashMap<>();
            latestByType = new ConcurrentHashMap<>();
        }
        String version = modelVersion != null ? modelVersion : latest(assetType);
        if (version == null) {
            return OptionalDouble.empty();
        }
        return byVersion.computeIfAbsent(assetType + '/' + version, k -> read(assetType, version));
    }

    private String latest(String assetType) {
        long now = System.currentTimeMillis();
        Latest cached = latestByType.get(assetType);
        if (cached != null && now - cached.readAt < LATEST_REFRESH_MILLIS) {
            return cached.version;
        }
        String version = null;
        try {
            Path dir = new Path(registry + '/' + assetType);
            FileStatus[] entries = dir.getFileSystem().listStatus(dir);
            if (entries != null) {
                for (FileStatus e : entries) {
                    String name = e.getPath().getName();
                    if (e.isDir()
                            && name.matches("v\\d+")
                            && (version == null || name.compareTo(version) > 0)) {
                        version = name;
                    }
                }
            }
        } catch (IOException e) {
            if (cached == null) {
                LOG.warn(
                        "Model registry {} unreadable for {}: {}",
                        registry,
                        assetType,
                        e.toString());
            }
        }
        latestByType.put(assetType, new Latest(version, now));
        return version;
    }

    private OptionalDouble read(String assetType, String version) {
        Path file = new Path(registry + '/' + assetType + '/' + version + "/metadata.json");
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

    private static final class Latest {
        final String version;
        final long readAt;

        Latest(String version, long readAt) {
            this.version = version;
            this.readAt = readAt;
        }
    }
}
