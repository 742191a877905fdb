package io.flowcast.stream.enrich;

/** How a feature vector's asset context was obtained; written into every enriched record. */
public enum EnrichmentStatus {
    /** Context from the asset register, fresh (from the cache within its TTL or just read). */
    ENRICHED,
    /**
     * The register could not be read; the context is the last one read, older than the cache TTL
     * but within {@code Enrichment/cache.max.stale}. {@code contextAgeMillis} says how old.
     */
    STALE,
    /**
     * The register could not be read and no usable context was cached: the context holds only the
     * asset id and the type the window stage derived; everything else is null.
     */
    UNENRICHED,
    /** The register has no row for the asset, or its row is inactive; the context is as above. */
    UNKNOWN_ASSET
}
