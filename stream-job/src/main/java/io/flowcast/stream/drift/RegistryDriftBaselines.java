package io.flowcast.stream.drift;

import java.io.IOException;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;

/**
 * Loads a model version's drift baseline ({@code statistics.json} and {@code constraints.json}, and
 * {@code metadata.json} for the residual when the statistics have no Flowcast extension, as a Model
 * Monitor baseline from AWS has not) from the model registry, {@code
 * <registry>/<assetType>/<version>/}, through Flink's file systems ({@code file://} locally, {@code
 * s3://} on AWS). Versions are immutable, so each is read once by its caller.
 */
public final class RegistryDriftBaselines implements DriftMonitor.BaselineLoader {
    private static final long serialVersionUID = 1L;

    private final String registry;

    public RegistryDriftBaselines(String registry) {
        this.registry = registry.replaceAll("/+$", "");
    }

    /**
     * @throws DriftBaselineException if a file is missing, unreadable or malformed
     */
    @Override
    public DriftBaseline load(String assetType, String modelVersion) {
        String dir = registry + '/' + assetType + '/' + modelVersion + '/';
        return DriftBaseline.parse(
                assetType,
                modelVersion,
                read(dir + DriftBaseline.STATISTICS_FILE),
                read(dir + DriftBaseline.CONSTRAINTS_FILE),
                () -> read(dir + DriftBaseline.METADATA_FILE));
    }

    private static byte[] read(String file) {
        Path path = new Path(file);
        try (FSDataInputStream in = path.getFileSystem().open(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new DriftBaselineException("cannot read drift baseline " + file + ": " + e, e);
        }
    }

    @Override
    public String toString() {
        return "RegistryDriftBaselines{" + registry + "}";
    }
}
