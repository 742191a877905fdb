package io.flowcast.stream.enrich;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the enrichment stage (the {@code Enrichment} property group): cache behaviour, the
 * async I/O timeout and capacity, and what happens to windows whose asset context is unavailable.
 * Immutable; checked on construction.
 */
public final class EnrichConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What to do with a window that could not be enriched, or whose asset is unknown. */
    public enum Action {
        /** Emit it with its status set (and default context) so it still gets a prediction. */
        FLAG,
        /** Send it to the dead-letter output with its reason instead. */
        DEAD_LETTER
    }

    private final Duration cacheTtl;
    private final Duration negativeTtl;
    private final Duration maxStale;
    private final Duration failureBackoff;
    private final int maxEntries;
    private final Duration asyncTimeout;
    private final int asyncCapacity;
    private final Action onFailure;
    private final Action onUnknownAsset;
    private final boolean inactiveIsUnknown;

    public EnrichConfig(
            Duration cacheTtl,
            Duration negativeTtl,
            Duration maxStale,
            Duration failureBackoff,
            int maxEntries,
            Duration asyncTimeout,
            int asyncCapacity,
            Action onFailure,
            Action onUnknownAsset,
            boolean inactiveIsUnknown) {
        this.cacheTtl = positive(cacheTtl, "cache TTL");
        this.negativeTtl = Objects.requireNonNull(negativeTtl, "negativeTtl");
        this.maxStale = Objects.requireNonNull(maxStale, "maxStale");
        this.failureBackoff = Objects.requireNonNull(failureBackoff, "failureBackoff");
        this.asyncTimeout = positive(asyncTimeout, "async timeout");
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
        this.onUnknownAsset = Objects.requireNonNull(onUnknownAsset, "onUnknownAsset");
        if (!maxStale.isZero() && maxStale.compareTo(cacheTtl) < 0) {
            throw new IllegalArgumentException(
                    "cache.max.stale ("
                            + maxStale
                            + ") must be 0 (never serve stale context) or at least cache.ttl ("
                            + cacheTtl
                            + ")");
        }
        if (maxEntries < 1 || asyncCapacity < 1) {
            throw new IllegalArgumentException("cache size and async capacity must be > 0");
        }
        this.maxEntries = maxEntries;
        this.asyncCapacity = asyncCapacity;
        this.inactiveIsUnknown = inactiveIsUnknown;
    }

    /** The defaults of the {@code Enrichment} group. */
    public static EnrichConfig defaults() {
        return new EnrichConfig(
                Duration.ofMinutes(5),
                // Longer than a window: an unknown asset's next window still finds the answer.
                Duration.ofMinutes(5),
                Duration.ofHours(1),
                Duration.ofSeconds(5),
                50_000,
                Duration.ofSeconds(5),
                100,
                Action.FLAG,
                Action.FLAG,
                true);
    }

    /** A copy with other cache timings; for tests and benchmarks. */
    public EnrichConfig withCache(
            Duration ttl, Duration negative, Duration stale, Duration backoff) {
        return new EnrichConfig(
                ttl,
                negative,
                stale,
                backoff,
                maxEntries,
                asyncTimeout,
                asyncCapacity,
                onFailure,
                onUnknownAsset,
                inactiveIsUnknown);
    }

    /** A copy with other actions; for tests. */
    public EnrichConfig withActions(Action failure, Action unknownAsset) {
        return new EnrichConfig(
                cacheTtl,
                negativeTtl,
                maxStale,
                failureBackoff,
                maxEntries,
                asyncTimeout,
                asyncCapacity,
                failure,
                unknownAsset,
                inactiveIsUnknown);
    }

    public Duration cacheTtl() {
        return cacheTtl;
    }

    public Duration negativeTtl() {
        return negativeTtl;
    }

    public Duration maxStale() {
        return maxStale;
    }

    public Duration failureBackoff() {
        return failureBackoff;
    }

    public int maxEntries() {
        return maxEntries;
    }

    public Duration asyncTimeout() {
        return asyncTimeout;
    }

    public int asyncCapacity() {
        return asyncCapacity;
    }

    public Action onFailure() {
        return onFailure;
    }

    public Action onUnknownAsset() {
        return onUnknownAsset;
    }

    public boolean inactiveIsUnknown() {
        return inactiveIsUnknown;
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, got " + d);
        }
        return d;
    }

    @Override
    public String toString() {
        return "EnrichConfig{ttl="
                + cacheTtl
                + ", negativeTtl="
                + negativeTtl
                + ", maxStale="
                + maxStale
                + ", failureBackoff="
                + failureBackoff
                + ", maxEntries="
                + maxEntries
                + ", asyncTimeout="
                + asyncTimeout
                + ", asyncCapacity="
                + asyncCapacity
                + ", onFailure="
                + onFailure
                + ", onUnknownAsset="
                + onUnknownAsset
                + ", inactiveIsUnknown="
                + inactiveIsUnknown
                + "}";
    }
}
