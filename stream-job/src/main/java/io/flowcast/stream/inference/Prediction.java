package io.flowcast.stream.inference;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The model's answer for one asset and window: what the normal-behaviour model predicts for the
 * target, what was measured, and how unusual the difference is. Its JSON form is {@code
 * schemas/records/prediction.schema.json}. A Flink POJO.
 *
 * <p>{@link #predictionId} is deterministic (a name-based UUID of asset, window end and model
 * endpoint/version), so a replayed window gives the same id and sinks can upsert idempotently.
 */
public class Prediction {

    public String predictionId;
    public String assetId;
    public String assetType;
    public String site;
    public String line;
    public long windowStart;
    public long windowEnd;

    /** The target the model predicts, e.g. {@code BearingTemp.mean}. */
    public String target;

    public double predicted;

    /** The window's measured target; null when the target signal had no usable sample. */
    public Double actual;

    /** {@code actual - predicted}; null without an actual. */
    public Double residual;

    /** |residual| in units of the model's baseline residual spread; null without either. */
    public Double anomalyScore;

    /** {@link #anomalyScore} above the configured threshold. */
    public boolean anomaly;

    public String endpoint;
    public String variant;

    /**
     * The registry version of the model that answered ({@code v0003}): the endpoint's {@code
     * model-version} custom attribute, or, when the endpoint sends none (SageMaker built-in
     * containers), the registry's newest version of the asset type at prediction time; null when
     * neither is known. Drift detection keys on it and reads its baseline from the registry.
     */
    public String modelVersion;

    /** From submission to the batch's answer, ms (includes batching linger and retries). */
    public double latencyMs;

    /** InvokeEndpoint calls this row took part in (1 = first try). */
    public int attempts;

    /** Enrichment status of the input (ENRICHED, STALE, UNENRICHED, UNKNOWN_ASSET). */
    public String enrichment;

    /**
     * The model's input feature names in model order (shared with the window's vector, never
     * modified).
     */
    public String[] featureNames;

    /** The model's input values aligned with {@link #featureNames}; null = missing. */
    public Double[] features;

    public Prediction() {}

    /** The deterministic id of a prediction. */
    public static String idOf(String assetId, long windowEnd, String endpoint, String version) {
        String name =
                assetId + '|' + windowEnd + '|' + endpoint + '|' + (version == null ? "" : version);
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
        return "Prediction{"
                + assetId
                + " @"
                + windowEnd
                + ": predicted="
                + predicted
                + ", actual="
                + actual
                + ", anomalyScore="
                + anomalyScore
                + (anomaly ? " ANOMALY" : "")
                + ", "
                + endpoint
                + "/"
                + variant
                + "/"
                + modelVersion
                + "}";
    }
}
