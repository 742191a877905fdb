package io.flowcast.stream.sink.lake;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the data lake writes: a base path ({@code s3://bucket/prefix} on AWS, a local
 * directory by default) under which each dataset has its own folder, part-file rollover, Parquet
 * compression and row-group size. Immutable and {@link Serializable}; the constructor checks every
 * value and says what is wrong.
 */
public final class LakeConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Smallest row group accepted: smaller ones make files that scan slowly. */
    public static final int MIN_ROW_GROUP_BYTES = 64 * 1024;

    /** Smallest part-file size accepted. */
    public static final long MIN_PART_BYTES = 1024 * 1024;

    private final String path;
    private final long partMaxBytes;
    private final Duration rolloverInterval;
    private final LakeCompression compression;
    private final int rowGroupBytes;

    /**
     * @param path base path: a URI with a scheme ({@code s3://bucket/prefix}, {@code file:///..})
     *     or a local directory
     * @param partMaxBytes a part file is closed once it holds this many bytes (it is also closed at
     *     every checkpoint)
     * @param rolloverInterval a part file open this long is closed at the next check
     * @param compression page compression
     * @param rowGroupBytes Parquet row-group size (buffered in memory per open part file)
     */
    public LakeConfig(
            String path,
            long partMaxBytes,
            Duration rolloverInterval,
            LakeCompression compression,
            int rowGroupBytes) {
        this.path = checkPath(path);
        if (partMaxBytes < MIN_PART_BYTES) {
            throw new IllegalArgumentException(
                    "part.max.size must be at least 1mb but is " + partMaxBytes + " bytes");
        }
        this.partMaxBytes = partMaxBytes;
        Objects.requireNonNull(rolloverInterval, "rolloverInterval");
        if (rolloverInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(
                    "rollover.interval must be at least 1s but is " + rolloverInterval);
        }
        this.rolloverInterval = rolloverInterval;
        this.compression = Objects.requireNonNull(compression, "compression");
        if (rowGroupBytes < MIN_ROW_GROUP_BYTES) {
            throw new IllegalArgumentException(
                    "row.group.size must be at least 64kb but is " + rowGroupBytes + " bytes");
        }
        if (rowGroupBytes > partMaxBytes) {
            throw new IllegalArgumentException(
                    "row.group.size ("
                            + rowGroupBytes
                            + " bytes) must not exceed part.max.size ("
                            + partMaxBytes
                            + " bytes)");
        }
        this.rowGroupBytes = rowGroupBytes;
    }

    /** Defaults for {@code path}: 128 MiB parts, 15 min rollover, SNAPPY, 32 MiB row groups. */
    public static LakeConfig defaults(String path) {
        return new LakeConfig(
                path, 128L * 1024 * 1024, Duration.ofMinutes(15), LakeCompression.SNAPPY, 32 << 20);
    }

    private static String checkPath(String path) {
        if (path == null || path.trim().isEmpty()) {
            throw new IllegalArgumentException("path must not be empty");
        }
        String trimmed = path.trim();
        while (trimmed.length() > 1 && trimmed.endsWith("/") && !trimmed.endsWith(":///")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            URI uri;
            try {
                uri = new URI(trimmed);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(
                        "path '" + path + "' is not a valid URI: " + e.getReason());
            }
            String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (scheme.startsWith("s3") && (uri.getHost() == null || uri.getHost().isEmpty())) {
                throw new IllegalArgumentException(
                        "path '" + path + "' names no bucket; expected s3://bucket/prefix");
            }
        }
        return trimmed;
    }

    /** The base path, without a trailing slash. */
    public String path() {
        return path;
    }

    /** The base path of one dataset: {@code <path>/<dataset>}. */
    public String datasetPath(String dataset) {
        return path + '/' + dataset;
    }

    public long partMaxBytes() {
        return partMaxBytes;
    }

    public Duration rolloverInterval() {
        return rolloverInterval;
    }

    public LakeCompression compression() {
        return compression;
    }

    public int rowGroupBytes() {
        return rowGroupBytes;
    }

    @Override
    public String toString() {
        return "LakeConfig{"
                + path
                + ", partMaxBytes="
                + partMaxBytes
                + ", rollover="
                + rolloverInterval
                + ", "
                + compression
                + ", rowGroupBytes="
                + rowGroupBytes
                + "}";
    }
}
