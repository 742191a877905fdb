package io.flowcast.stream.enrich;

import io.flowcast.stream.window.FeatureVector;
import java.util.Objects;

/**
 * A window's {@link FeatureVector} with the asset's context from the asset register: the record the
 * inference stage consumes (its JSON form: {@code
 * schemas/records/enriched-feature-vector.schema.json}).
 *
 * <p>{@link #asset} is never null: with {@link EnrichmentStatus#UNENRICHED} or {@link
 * EnrichmentStatus#UNKNOWN_ASSET} it carries only the asset id and the window stage's asset type
 * (model routing then falls back to the asset type). A Flink POJO; the fields are public for the
 * serializer.
 */
public class EnrichedFeatureVector {

    /** The window's features, unchanged. */
    public FeatureVector vector;

    /** The asset's context (see the class comment for what it holds when not enriched). */
    public AssetContext asset;

    /** How {@link #asset} was obtained. */
    public EnrichmentStatus enrichment;

    /** Why the status is not {@link EnrichmentStatus#ENRICHED}; null when it is. */
    public String enrichmentDetail;

    /** Age of the context when used, ms: 0 when just read, the cache entry's age otherwise. */
    public long contextAgeMillis;

    public EnrichedFeatureVector() {}

    static EnrichedFeatureVector of(
            FeatureVector vector,
            AssetContext asset,
            EnrichmentStatus status,
            String detail,
            long contextAgeMillis) {
        EnrichedFeatureVector e = new EnrichedFeatureVector();
        e.vector = Objects.requireNonNull(vector, "vector");
        e.asset = Objects.requireNonNull(asset, "asset");
        e.enrichment = Objects.requireNonNull(status, "status");
        e.enrichmentDetail = detail;
        e.contextAgeMillis = contextAgeMillis;
        return e;
    }

    /** The context used when the register gives none: the asset id and the window's asset type. */
    static AssetContext defaultsFor(FeatureVector vector) {
        AssetContext asset = new AssetContext();
        asset.assetId = vector.assetId;
        asset.assetType = vector.assetType;
        asset.active = true;
        return asset;
    }

    @Override
    public String toString() {
        return "EnrichedFeatureVector{"
                + enrichment
                + (enrichmentDetail == null ? "" : " (" + enrichmentDetail + ")")
                + ", asset="
                + asset
                + ", vector="
                + vector
                + "}";
    }
}
