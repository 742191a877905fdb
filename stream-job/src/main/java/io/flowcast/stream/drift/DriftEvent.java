package io.flowcast.stream.drift;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * One drift episode's start, as the {@link DriftDetector} raises it: which model drifted, on which
 * metric and feature, by how much, over which windows. Its JSON form is {@code
 * schemas/records/drift-event.schema.json} ({@link DriftEventJson}). A Flink POJO.
 *
 * <p>{@link #episodeId} is deterministic (a name-based UUID of asset type, model version, metric,
 * feature and the window end of the episode's first breaching evaluation), so a replay of the same
 * windows raises the same id and the retraining trigger can use it as its idempotency key.
 */
public class DriftEvent {

    public String episodeId;
    public String assetType;
    public String modelVersion;

    /** A {@link DriftMetric} name. */
    public String metric;

    /** The feature, or null for the residual metrics. */
    public String feature;

    /** The metric in the evaluation that raised the event. */
    public double value;

    public double threshold;

    /**
     * Where the episode began as far as the detector can tell, epoch ms: for the Page-Hinkley test
     * the window where its sum last left zero (its change-point estimate), otherwise the window end
     * of the first breaching evaluation. Retraining builds its dataset from here on.
     */
    public long firstWindowEnd;

    /** The window end of the evaluation that raised the event, epoch ms. */
    public long lastWindowEnd;

    /** Values the metric used in the evaluation that raised the event. */
    public long sampleCount;

    /** K: the consecutive breaching evaluations behind the event. */
    public int evaluations;

    public DriftEvent() {}

    /** The deterministic episode id; {@code streakStart}: the first breaching evaluation. */
    public static String episodeIdOf(
            String assetType,
            String modelVersion,
            String metric,
            String feature,
            long streakStart) {
        String name =
                assetType
                        + '|'
                        + modelVersion
                        + '|'
                        + metric
                        + '|'
                        + (feature == null ? "" : feature)
                        + '|'
                        + streakStart;
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256")
                            .digest(name.getBytes(StandardCharsets.UTF_8));
            return UUID.nameUUIDFromBytes(hash).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    @Override
    public String toString() {
        return "DriftEvent{"
                + assetType
                + "/"
                + modelVersion
                + " "
                + metric
                + (feature == null ? "" : "(" + feature + ")")
                + "="
                + value
                + " > "
                + threshold
                + " over ["
                + firstWindowEnd
                + ", "
                + lastWindowEnd
                + "], n="
                + sampleCount
                + ", episode "
                + episodeId
                + "}";
    }
}
